"""Provider limits (token buckets, adaptive concurrency), the call cache, discovery, errors."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import respx

from chorus.errors import LLMContextExceeded
from chorus.llm.cache import MemoryCallCache, SQLiteCallCache, call_key
from chorus.llm.client import LLMClient
from chorus.llm.discover import ServerInfo, discover
from chorus.llm.limits import AdaptiveLimit, TokenBucket
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import TokenBudget
from tests.conftest import LLM_BASE, chat_json, structured

MakeLLM = Callable[..., LLMClient]
MakeSummarizer = Callable[..., Summarizer]
FAITHFUL = structured(
    "Blinken and Lavrov meet briefly at G20",
    [("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", [1, 2])],
)


class FakeTime:
    """A clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_request_bucket_lets_a_minute_of_requests_through_then_paces_them() -> None:
    t = FakeTime()
    bucket = TokenBucket(60, clock=t.clock, sleep=t.sleep)
    for _ in range(60):
        assert await bucket.acquire(1) == 0.0
    waited = await bucket.acquire(1)
    assert waited == pytest.approx(1.0)  # 60/min = one a second
    assert t.now == pytest.approx(1.0)


async def test_token_bucket_makes_a_big_request_wait_for_its_share() -> None:
    t = FakeTime()
    bucket = TokenBucket(6000, clock=t.clock, sleep=t.sleep)  # 100 tokens a second
    await bucket.acquire(5000)
    await bucket.acquire(3000)  # 1000 left: waits for 2000 more = 20 s
    assert t.now == pytest.approx(20.0)
    await bucket.acquire(100_000)  # more than the capacity: waits for a full bucket only
    assert t.now == pytest.approx(80.0)


async def test_adaptive_limit_halves_on_overload_grows_on_success_and_stays_under_the_cap() -> None:
    limit = AdaptiveLimit(8)
    limit.overloaded()
    assert limit.allowed == 4
    limit.overloaded()
    limit.overloaded()
    limit.overloaded()
    assert limit.allowed == 1  # never below one
    for _ in range(20):
        limit.succeeded()
    assert limit.allowed == 8


async def test_adaptive_limit_holds_requests_beyond_the_limit_until_one_finishes() -> None:
    limit = AdaptiveLimit(2)
    release = asyncio.Event()
    two_in = asyncio.Event()
    entered: list[int] = []

    async def request(i: int) -> None:
        async with limit.slot():
            entered.append(i)
            if len(entered) == 2:
                two_in.set()
            await release.wait()

    tasks = [asyncio.create_task(request(i)) for i in range(3)]
    await asyncio.wait_for(two_in.wait(), timeout=5)
    for _ in range(5):  # let the third task run as far as it can
        await asyncio.sleep(0)
    assert len(entered) == 2 and limit.in_flight == 2
    release.set()
    await asyncio.gather(*tasks)
    assert sorted(entered) == [0, 1, 2] and limit.peak == 2


async def test_retry_after_pauses_new_requests_but_not_the_retry_that_already_waited() -> None:
    t = FakeTime()
    limit = AdaptiveLimit(4, clock=t.clock, sleep=t.sleep)
    limit.overloaded(retry_after=3.0)
    async with limit.slot(honour_pause=False):
        assert t.slept == []
    async with limit.slot():
        assert t.slept == [3.0]


async def test_a_429_halves_the_clients_concurrency(
    seed_cluster: Cluster, llm_mock: respx.MockRouter, make_llm: MakeLLM,
    make_summarizer: MakeSummarizer,
) -> None:  # fmt: skip
    llm_mock.post("/chat/completions").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "1"}, json={"error": {"message": "x"}}),
            httpx.Response(200, json=chat_json(FAITHFUL)),
        ]
    )
    llm = make_llm(max_concurrency=16)
    summary = await make_summarizer(llm).summarize(seed_cluster)
    assert llm.limiter.concurrency.allowed == 9  # 16 -> 8 on the 429, +1 on the success
    assert summary.usage.llm_calls == 2  # both attempts counted


async def test_timed_out_attempts_are_counted_and_the_timeout_grows_with_the_output(
    seed_cluster: Cluster, llm_mock: respx.MockRouter, make_llm: MakeLLM,
    make_summarizer: MakeSummarizer,
) -> None:  # fmt: skip
    timeouts: list[object] = []

    def respond(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions.get("timeout"))
        if len(timeouts) < 3:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, json=chat_json(FAITHFUL))

    llm_mock.post("/chat/completions").mock(side_effect=respond)
    llm = make_llm(max_attempts=3, llm_timeout_s=60, llm_min_tokens_per_s=8)
    summarizer = make_summarizer(llm, budget=TokenBudget(max_output_tokens=1024))
    summary = await summarizer.summarize(seed_cluster)
    assert summary.engine == "llm" and summary.usage.llm_calls == 3
    assert isinstance(timeouts[0], dict) and timeouts[0]["read"] == 60 + 1024 / 8
    assert llm.limiter.concurrency.allowed < llm.limiter.concurrency.cap  # backed off


async def test_a_context_size_400_names_the_setting(
    seed_cluster: Cluster, llm_mock: respx.MockRouter, make_llm: MakeLLM,
    make_summarizer: MakeSummarizer,
) -> None:  # fmt: skip
    message = "the request exceeds the available context size, try increasing it"
    llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(400, json={"error": {"code": 400, "message": message}})
    )
    with pytest.raises(LLMContextExceeded) as err:
        await make_summarizer(make_llm()).summarize(seed_cluster, SummaryOptions(engine="llm"))
    assert "CHORUS_CONTEXT_TOKENS" in err.value.detail and LLM_BASE in err.value.detail


async def test_a_replayed_job_repays_no_call(
    seed_cluster: Cluster, llm_mock: respx.MockRouter, make_llm: MakeLLM,
    make_summarizer: MakeSummarizer,
) -> None:  # fmt: skip
    route = llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=chat_json(FAITHFUL, prompt_tokens=900))
    )
    cache = MemoryCallCache()
    first = await make_summarizer(make_llm(), cache=cache).summarize(seed_cluster)
    again = await make_summarizer(make_llm(), cache=cache).summarize(seed_cluster)
    assert route.call_count == 1
    assert (first.usage.cache_misses, first.usage.cache_hits) == (1, 0)
    assert again.usage.cache_hits == 1 and again.usage.llm_calls == 0
    assert again.usage.prompt_tokens == 0
    assert [s.text for s in again.sentences] == [s.text for s in first.sentences]


async def test_an_unusable_answer_is_not_cached(
    seed_cluster: Cluster, llm_mock: respx.MockRouter, make_llm: MakeLLM,
    make_summarizer: MakeSummarizer,
) -> None:  # fmt: skip
    route = llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=chat_json(structured("h", [("Cut off", [1])])))
    )
    cache = MemoryCallCache()
    await make_summarizer(make_llm(), cache=cache).summarize(seed_cluster)
    assert route.call_count == 2 and len(cache) == 0  # asked, re-asked once, nothing kept


async def test_sqlite_cache_survives_a_restart(tmp_path: Path) -> None:
    key = call_key("m", "summarize@2", "sys", "user", max_tokens=10, schema=None)
    first = SQLiteCallCache(tmp_path / "chorus.sqlite3")
    await first.put(key, '{"text": "x"}')
    await first.close()
    second = SQLiteCallCache(tmp_path / "chorus.sqlite3")
    assert await second.get(key) == '{"text": "x"}'
    other = call_key("m", "summarize@3", "sys", "user", max_tokens=10, schema=None)
    assert await second.get(other) is None  # a new prompt version is a miss
    await second.close()


async def test_llama_cpp_props_give_the_context_window_and_slots() -> None:
    with respx.mock(base_url="http://local.test") as mock:
        mock.get("/props").respond(json={
            "default_generation_settings": {"n_ctx": 8192}, "total_slots": 1,
            "model_path": "/models/qwen2.5-1.5b-instruct-q4_k_m.gguf",
        })  # fmt: skip
        async with httpx.AsyncClient() as http:
            info = await discover("http://local.test/v1", http)
    assert info == ServerInfo(
        context_window=8192, model="qwen2.5-1.5b-instruct-q4_k_m.gguf", slots=1, kind="llama.cpp"
    )


async def test_vllm_and_ollama_report_their_context_windows() -> None:
    with respx.mock(base_url="http://vllm.test") as mock:
        mock.get("/props").respond(404)
        mock.get("/v1/models").respond(json={"data": [{"id": "qwen", "max_model_len": 32768}]})
        async with httpx.AsyncClient() as http:
            assert (await discover("http://vllm.test/v1", http)).context_window == 32768
    with respx.mock(base_url="http://ollama.test") as mock:
        mock.get("/props").respond(404)
        mock.get("/v1/models").respond(json={"data": [{"id": "llama3", "owned_by": "library"}]})
        mock.post("/api/show").respond(json={"model_info": {"llama.context_length": 131072},
                                             "parameters": "num_ctx 4096"})  # fmt: skip
        async with httpx.AsyncClient() as http:
            info = await discover("http://ollama.test/v1", http)
    assert (info.context_window, info.model, info.kind) == (4096, "llama3", "ollama")


async def test_discovery_lowers_the_prompt_budget_and_the_concurrency_cap(
    make_llm: MakeLLM, make_summarizer: MakeSummarizer
) -> None:
    with respx.mock(base_url="http://llm.test") as mock:
        mock.get("/props").respond(
            json={"default_generation_settings": {"n_ctx": 8192}, "total_slots": 2}
        )
        llm = make_llm(max_concurrency=16)
        summarizer = make_summarizer(llm, budget=TokenBudget(max_output_tokens=1024))
        await summarizer.discover()
    assert summarizer.budget.context_tokens == 8192 - 1024
    assert llm.limiter.concurrency.cap == 2


async def test_the_token_bucket_is_trued_up_with_what_a_request_really_used() -> None:
    from chorus.llm.limits import Limiter

    t = FakeTime()
    limiter = Limiter(4, tpm=6000, clock=t.clock, sleep=t.sleep)  # 100 tokens a second
    async with limiter.request(1000):
        pass
    limiter.settle(1000, 3000)  # the estimate was 2,000 short
    assert limiter.tpm is not None and limiter.tpm.tokens == pytest.approx(3000)
    async with limiter.request(4000):  # 1,000 short: waits 10 s
        pass
    assert t.now == pytest.approx(10.0)
