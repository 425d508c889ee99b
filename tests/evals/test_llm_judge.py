"""The LLM judge over respx: the same LLMClient, its retries, and its prompt."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import respx

from chorus.checker.judges import LLMJudge, parse_verdict
from chorus.checker.report import Claim
from chorus.llm.client import LLMClient
from chorus.pipeline.prepare import Prepared
from tests.conftest import chat_json, request_body

MakeLLM = Callable[..., LLMClient]
FAITHFUL = Claim(text="Blinken and Lavrov spoke for about 10 minutes in New Delhi.", citations=[2])


def verdict(v: str, confidence: float = 0.9, reason: str = "r") -> httpx.Response:
    body = {"verdict": v, "confidence": confidence, "evidence": "", "reason": reason}
    return httpx.Response(200, json=chat_json(json.dumps(body)))


async def test_llm_judge_uses_the_models_verdict_and_keeps_offline_evidence(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=verdict("unsupported", 1.0, "the articles say 10 minutes, not 45")
    )
    [j] = await LLMJudge(make_llm()).judge(seeds, [FAITHFUL])
    assert j.verdict == "unsupported" and j.score == 0.0
    assert j.reason == "the articles say 10 minutes, not 45"
    assert j.evidence and "10 minutes" in j.evidence[0].text
    sent = request_body(route.calls[0].request)
    user = sent["messages"][1]["content"]
    assert FAITHFUL.text in user and '<article n="2">' in user and '<article n="1">' not in user
    assert sent["response_format"]["json_schema"]["name"] == "verdict"


async def test_llm_judge_maps_verdicts_to_scores(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    llm_mock.post("/chat/completions").mock(
        side_effect=[verdict("supported", 1.0), verdict("partial"), verdict("unsupported", 0.0)]
    )
    judge = LLMJudge(make_llm(max_concurrency=1))
    out = await judge.judge(seeds, [FAITHFUL, FAITHFUL, FAITHFUL])
    assert [j.verdict for j in out] == ["supported", "partial", "unsupported"]
    assert out[0].score == 1.0 and 0.35 <= out[1].score < 0.6 and out[2].score < 0.35


async def test_llm_judge_retries_a_server_error_through_the_client(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM, sleeps: list[float]
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        side_effect=[
            httpx.Response(503, json={"error": {"message": "busy"}}),
            verdict("supported"),
        ]  # fmt: skip
    )
    [j] = await LLMJudge(make_llm()).judge(seeds, [FAITHFUL])
    assert j.verdict == "supported"
    assert route.call_count == 2 and len(sleeps) == 1


async def test_llm_judge_asks_again_after_bad_json_then_falls_back_to_offline(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=chat_json("Sure! The claim looks fine to me."))
    )
    [j] = await LLMJudge(make_llm()).judge(seeds, [FAITHFUL])
    assert route.call_count == 2
    offline = seeds.index.judge(FAITHFUL.text, FAITHFUL.citations)
    assert j.score == offline.score and j.verdict == offline.verdict
    assert j.reason is not None and "not valid JSON" in j.reason


async def test_llm_judge_recovers_when_the_second_answer_parses(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    llm_mock.post("/chat/completions").mock(
        side_effect=[
            httpx.Response(200, json=chat_json('{"verdict": "maybe"')),
            verdict("partial"),
        ]  # fmt: skip
    )
    [j] = await LLMJudge(make_llm()).judge(seeds, [FAITHFUL])
    assert j.verdict == "partial"


async def test_llm_judge_does_not_call_the_model_for_an_uncited_sentence(
    seeds: Prepared, llm_mock: respx.MockRouter, make_llm: MakeLLM
) -> None:
    route = llm_mock.post("/chat/completions").mock(return_value=verdict("supported"))
    [j] = await LLMJudge(make_llm()).judge(seeds, [Claim(text=FAITHFUL.text, citations=[])])
    assert route.call_count == 0 and j.verdict == "unsupported"


def test_parse_verdict_tolerates_fences_and_rejects_unknown_verdicts() -> None:
    fenced = '```json\n{"verdict": "Supported", "confidence": 0.7}\n```'
    parsed = parse_verdict(fenced)
    assert parsed is not None and parsed.verdict == "supported" and parsed.confidence == 0.7
    assert parse_verdict('{"verdict": "probably"}') is None
    assert parse_verdict("no json here") is None
