"""The LLM judge over respx: claims with their aligned evidence in, labels out, through the
same LLMClient and its retries; malformed, partial and refusing answers fall back per claim."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import respx

from chorus.checker.llm_judge import ANSWER_SCHEMA, BATCH, LLMJudge, parse_answer
from chorus.checker.report import Claim
from chorus.llm.client import LLMClient
from chorus.models import Cluster
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits
from tests.conftest import chat_json, request_body

MakeLLM = Callable[..., LLMClient]
FAITHFUL = Claim(text="Blinken and Lavrov spoke for about 10 minutes in New Delhi.", citations=[2])
TEN_HOURS = Claim(text="Blinken and Lavrov spoke for about 10 hours in New Delhi.", citations=[2])


def answer(*labels: tuple[int, str], ids: list[str] | None = None) -> httpx.Response:
    body = {
        "claims": [
            {"id": i, "label": label, "evidence_ids": ids or [], "reason": f"{label} {i}"}
            for i, label in labels
        ]
    }
    return httpx.Response(200, json=chat_json(json.dumps(body)))


def text(content: str) -> httpx.Response:
    return httpx.Response(200, json=chat_json(content))


async def test_claims_and_their_aligned_evidence_go_in_and_labels_come_out(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=answer((1, "supported"), (2, "contradicted"), ids=["2:2", "9:9"])
    )
    judge = LLMJudge(make_llm())
    ok, bad = await judge.judge(seeds, [FAITHFUL, TEN_HOURS])
    assert ok.verdict == "supported" and ok.reason == "supported 1"
    assert bad.verdict == "contradicted" and bad.score < 0.1
    assert [e.sentence_id for e in ok.evidence] == ["2:2"]  # an id not offered is ignored
    assert route.call_count == 1  # both claims in one call
    sent = request_body(route.calls[0].request)
    user = sent["messages"][1]["content"]
    assert FAITHFUL.text in user and TEN_HOURS.text in user
    assert "[2:2] (article 2)" in user and "(article 1)" not in user  # cited article only
    assert sent["response_format"]["json_schema"]["name"] == "claim_verdicts"
    assert sent["response_format"]["json_schema"]["schema"] == ANSWER_SCHEMA
    assert judge.usage.llm_calls == 1 and judge.usage.prompt_tokens == 100


def test_the_answer_schema_is_generated_strict_from_the_pydantic_model() -> None:
    claims = ANSWER_SCHEMA["properties"]["claims"]
    item: dict[str, Any] = ANSWER_SCHEMA["$defs"]["ClaimVerdict"]
    assert claims["type"] == "array" and ANSWER_SCHEMA["additionalProperties"] is False
    assert item["required"] == ["id", "label", "evidence_ids", "reason"]
    assert item["properties"]["label"]["enum"] == ["supported", "contradicted", "unsupported"]
    assert "default" not in json.dumps(ANSWER_SCHEMA)


async def test_claims_are_batched(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    n = BATCH + 2
    route = llm_mock.post("/chat/completions").mock(
        side_effect=[
            answer(*[(i, "supported") for i in range(1, BATCH + 1)]),
            answer(*[(i, "supported") for i in range(BATCH + 1, n + 1)]),
        ]
    )
    out = await LLMJudge(make_llm()).judge(seeds, [FAITHFUL] * n)
    assert route.call_count == 2 and all(j.verdict == "supported" for j in out)


async def test_malformed_answers_are_asked_again_then_the_offline_verdict_stands(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=text('{"claims": [{"id": 1, "label": "maybe"}]}')
    )
    [j] = await LLMJudge(make_llm()).judge(seeds, [FAITHFUL])
    assert route.call_count == 2
    offline = seeds.index.judge(FAITHFUL.text, FAITHFUL.citations)
    assert (j.score, j.verdict) == (offline.score, offline.verdict)
    assert j.reason is not None and "offline verdict" in j.reason


async def test_a_refusal_falls_back_to_the_offline_verdict(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    llm_mock.post("/chat/completions").mock(
        return_value=text("I'm sorry, but I can't help with fact-checking news.")
    )
    [j] = await LLMJudge(make_llm()).judge(seeds, [TEN_HOURS])
    assert j.verdict == "contradicted"  # the offline judge's
    assert j.reason is not None and "offline verdict" in j.reason


async def test_a_partial_answer_keeps_its_valid_claims_and_asks_for_the_rest(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    cut = '```json\n{"claims": [{"id": 1, "label": "supported", "evidence_ids": [], '
    cut += '"reason": "r"}, {"id": 2, "label": "contra'
    route = llm_mock.post("/chat/completions").mock(
        side_effect=[text(cut), answer((2, "contradicted"))]
    )
    ok, bad = await LLMJudge(make_llm()).judge(seeds, [FAITHFUL, TEN_HOURS])
    assert ok.verdict == "supported" and bad.verdict == "contradicted"
    assert route.call_count == 2
    second = request_body(route.calls[1].request)["messages"][1]["content"]
    assert TEN_HOURS.text in second and FAITHFUL.text not in second


async def test_an_unreachable_llm_leaves_the_offline_verdicts(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM, sleeps: list[float]
) -> None:
    route = llm_mock.post("/chat/completions").mock(return_value=httpx.Response(503, json={}))
    judge = LLMJudge(make_llm(max_attempts=2))
    [j] = await judge.judge(seeds, [FAITHFUL])
    assert j.verdict == "supported" and j.reason is not None and "offline" in j.reason
    assert judge.usage.llm_calls == route.call_count == 2  # the failed attempts were sent


async def test_an_uncited_sentence_costs_no_call(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    route = llm_mock.post("/chat/completions").mock(return_value=answer((1, "supported")))
    [j] = await LLMJudge(make_llm()).judge(seeds, [Claim(text=FAITHFUL.text, citations=[])])
    assert route.call_count == 0 and j.verdict == "unsupported"


def test_parse_answer_reads_whole_partial_and_wrapped_answers_with_pydantic() -> None:
    whole = '{"claims": [{"id": 1, "label": "supported", "evidence_ids": ["1:2"], "reason": ""}]}'
    assert parse_answer(whole)[1].evidence_ids == ["1:2"]
    wrapped = 'Here you go:\n{"claims": [{"id": 3, "label": "Unsupported", "reason": "no"}]}'
    assert parse_answer(wrapped)[3].label == "unsupported"
    assert parse_answer('{"claims": [{"id": 1, "label": "probably"}]}') == {}
    assert parse_answer("no json here") == {}
    assert list(parse_answer('{"claims": [{"id": 1, "label": "supported"}, {"id": 2, "la')) == [1]


async def test_chorus_judge_llm_makes_checks_use_the_llm_judge(
    seed_cluster: Cluster, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    route = llm_mock.post("/chat/completions").mock(return_value=answer((1, "contradicted")))
    summarizer = Summarizer(limits=Limits(), llm=make_llm(), judge="llm")
    report = await summarizer.check(seed_cluster, f"{FAITHFUL.text} [2]")
    assert route.call_count == 1 and report.sentences[0].verdict == "contradicted"
    assert report.usage is not None and report.usage.llm_calls == 1
    offline = await Summarizer(limits=Limits(), llm=make_llm()).check(
        seed_cluster, f"{FAITHFUL.text} [2]"
    )
    assert route.call_count == 1 and offline.sentences[0].verdict == "supported"
    assert offline.usage is None


async def test_whole_answers_go_through_the_call_cache_and_are_not_paid_twice(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    from chorus.llm.cache import MemoryCallCache

    route = llm_mock.post("/chat/completions").mock(
        return_value=answer((1, "supported"), (2, "contradicted"))
    )
    cache = MemoryCallCache()
    first = LLMJudge(make_llm(), cache=cache)
    await first.judge(seeds, [FAITHFUL, TEN_HOURS])
    again = LLMJudge(make_llm(), cache=cache)
    ok, bad = await again.judge(seeds, [FAITHFUL, TEN_HOURS])
    assert route.call_count == 1  # the second check was answered from the cache
    assert ok.verdict == "supported" and bad.verdict == "contradicted"
    assert again.usage.llm_calls == 0 and again.usage.cache_hits == 1
    assert first.usage.cache_misses == 1


async def test_a_damaged_answer_is_not_cached(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    from chorus.llm.cache import MemoryCallCache

    route = llm_mock.post("/chat/completions").mock(
        side_effect=[
            text('{"claims": [{"id": 1, "label": "maybe"}]}'),
            text('{"claims": [{"id": 1, "label": "maybe"}]}'),
            answer((1, "supported")),
        ]
    )
    cache = MemoryCallCache()
    await LLMJudge(make_llm(), cache=cache).judge(seeds, [FAITHFUL])
    (verdict,) = await LLMJudge(make_llm(), cache=cache).judge(seeds, [FAITHFUL])
    assert route.call_count == 3 and verdict.verdict == "supported"
