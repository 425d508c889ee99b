"""Map chunks packed to the prompt budget; citations kept; incremental updates; the output
policy; batch order."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable

import httpx
import pytest
import respx

from chorus.cli.summarize import run_ordered
from chorus.llm.cache import MemoryCallCache
from chorus.llm.client import Completion, LLMClient
from chorus.llm.tokens import TokenCounter
from chorus.models import Article, Cluster, Summary, SummaryOptions
from chorus.pipeline.output import parse_completion, repair
from chorus.pipeline.prepare import prepare
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits, TokenBudget
from tests.conftest import chat_json, request_body, structured

MakeLLM = Callable[..., LLMClient]
MakeSummarizer = Callable[..., Summarizer]
BUDGET = TokenBudget(context_tokens=1500, max_output_tokens=300)
COUNTER = TokenCounter("gpt-4o-mini")
_ARTICLE_RE = re.compile(r'<article n="(\d+)"[^>]*>\n(?:Title: [^\n]*\n)?(.*?)\n</article>', re.S)


def cluster(n_articles: int = 8, sentences: int = 30) -> Cluster:
    articles = [
        Article(id=f"id-{a}", title=f"Report {a}", source=f"Outlet {a}", text=" ".join(
            f"Delegate {a} said item {i} of the Geneva talks moved forward on day {i}."
            for i in range(sentences)))
        for a in range(n_articles)
    ]  # fmt: skip
    return Cluster(id="big", articles=articles)


class MapReduceServer:
    """Answers map calls with one note citing every article of the chunk, the reduce with
    one sentence citing what the notes cite; records what it saw."""

    def __init__(self) -> None:
        self.maps: list[dict[str, object]] = []
        self.reduces: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request_body(request)
        user = body["messages"][1]["content"]
        if "<notes>" in user:
            self.reduces.append(user)
            cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", user.split("<notes>")[1])})
            answer = [("Delegates said the Geneva talks moved forward.", cited)]
            return httpx.Response(200, json=chat_json(structured("Talks", answer)))
        self.maps.append(body)
        local = [int(n) for n, _ in _ARTICLE_RE.findall(user)]
        note = structured("w", [(f"Note {len(self.maps)}: the talks moved forward.", local)],
                          key="notes")  # fmt: skip
        return httpx.Response(200, json=chat_json(note))


def prompt_tokens(body: dict[str, object]) -> int:
    messages = body["messages"]
    assert isinstance(messages, list)
    return sum(COUNTER.count(m["content"]) for m in messages) + 8


async def test_map_prompts_fit_the_budget_lose_no_text_and_use_few_calls(
    llm_mock: respx.MockRouter, make_llm: MakeLLM, make_summarizer: MakeSummarizer
) -> None:
    server = MapReduceServer()
    llm_mock.post("/chat/completions").mock(side_effect=server)
    the_cluster = cluster()
    summary = await make_summarizer(make_llm(), budget=BUDGET).summarize(the_cluster)
    assert all(prompt_tokens(b) <= BUDGET.context_tokens for b in server.maps)
    sent = " ".join(t for b in server.maps
                    for _, t in _ARTICLE_RE.findall(b["messages"][1]["content"]))  # type: ignore[index]  # fmt: skip
    for article in the_cluster.articles:
        for s in re.split(r"(?<=\.) ", article.text):
            assert s in sent
    source = sum(COUNTER.count(a.text) for a in the_cluster.articles)
    assert len(server.maps) <= source // (BUDGET.context_tokens // 2) + 1  # chunks are full
    assert len(server.reduces) == 1 and summary.usage.llm_calls == len(server.maps) + 1


async def test_every_citation_survives_map_and_reduce_in_cluster_numbers(
    llm_mock: respx.MockRouter, make_llm: MakeLLM, make_summarizer: MakeSummarizer
) -> None:
    server = MapReduceServer()
    llm_mock.post("/chat/completions").mock(side_effect=server)
    summary = await make_summarizer(make_llm(), budget=BUDGET).summarize(cluster())
    for body in server.maps:  # map prompts number their own chunk from 1
        user = body["messages"][1]["content"]  # type: ignore[index]
        assert next(int(n) for n, _ in _ARTICLE_RE.findall(user)) == 1
    assert summary.sentences[0].citations == list(range(1, 9))
    assert "Sources: [1] Outlet 0; [2] Outlet 1" in server.reduces[0]


async def test_one_added_article_remaps_only_the_last_chunk(
    llm_mock: respx.MockRouter, make_llm: MakeLLM, make_summarizer: MakeSummarizer
) -> None:
    server = MapReduceServer()
    route = llm_mock.post("/chat/completions").mock(side_effect=server)
    cache = MemoryCallCache()
    base = cluster()
    await make_summarizer(make_llm(), budget=BUDGET, cache=cache).summarize(base)
    first_calls = route.call_count
    extra = Article(
        id="late", title="Late", text="Delegate nine said the Geneva talks moved forward."
    )  # states the whole sentence, so the checker keeps its citation
    grown = base.model_copy(update={"articles": [*base.articles, extra]})
    summary = await make_summarizer(make_llm(), budget=BUDGET, cache=cache).summarize(grown)
    assert route.call_count - first_calls <= 2  # the changed chunk and the reduce
    assert summary.usage.cache_hits == first_calls - 2
    assert 9 in summary.sentences[0].citations


async def test_a_failed_reduce_keeps_the_paid_maps_for_the_retry(
    llm_mock: respx.MockRouter, make_llm: MakeLLM, make_summarizer: MakeSummarizer
) -> None:
    server = MapReduceServer()
    broken = [True]

    def respond(request: httpx.Request) -> httpx.Response:
        if broken[0] and "<notes>" in request_body(request)["messages"][1]["content"]:
            return httpx.Response(500)
        return server(request)

    route = llm_mock.post("/chat/completions").mock(side_effect=respond)
    cache = MemoryCallCache()
    with pytest.raises(Exception, match="LLM failed"):
        await make_summarizer(make_llm(max_attempts=1), budget=BUDGET, cache=cache).summarize(
            cluster(), SummaryOptions(engine="llm")
        )
    maps = len(server.maps)
    broken[0] = False
    before = route.call_count
    resumed = await make_summarizer(make_llm(), budget=BUDGET, cache=cache).summarize(cluster())
    assert route.call_count - before == 1  # only the reduce
    assert resumed.usage.cache_hits == maps


def completion(text: str, finish: str = "stop") -> Completion:
    return Completion(text=text, finish_reason=finish)


def test_an_item_with_several_sentences_is_split_and_each_keeps_the_citations() -> None:
    c = completion(json.dumps({"headline": "h", "sentences": [{
        "text": "Talks resumed in Geneva on Monday. Both sides said progress was slow.",
        "citations": [1, 2]}]}))  # fmt: skip
    parsed = repair(parse_completion(c), 120)
    assert [(s.text, s.citations) for s in parsed.sentences] == [
        ("Talks resumed in Geneva on Monday.", [1, 2]),
        ("Both sides said progress was slow.", [1, 2]),
    ]


def test_a_string_closed_early_leaves_a_fragment_that_is_dropped_with_a_warning() -> None:
    text = (
        '{"headline": "h", "sentences": [{"text": "Talks resumed in Geneva.", "citations": '
        '[1]}, {"text": "The minister said there were "no plans", "citations": [2]}]}'
    )
    parsed = repair(parse_completion(completion(text)), 120)
    assert [s.text for s in parsed.sentences] == ["Talks resumed in Geneva."]
    assert parsed.truncated and any("fragment" in w for w in parsed.warnings)


def test_an_answer_over_the_word_budget_is_trimmed_at_a_sentence_boundary() -> None:
    items = [{"text": f"Sentence number {i} says the talks went on.", "citations": [1]}
             for i in range(10)]  # fmt: skip
    parsed = repair(
        parse_completion(completion(json.dumps({"headline": "h", "sentences": items}))), 30
    )
    assert len(parsed.sentences) == 3  # 8 words each: 24 fit, 32 would not
    assert any("30-word budget" in w for w in parsed.warnings)


def test_truncated_json_is_read_up_to_the_cut() -> None:
    text = '{"headline": "Talks", "sentences": [{"text": "Talks resumed in Geneva.", "citati'
    parsed = parse_completion(completion(text, finish="length"))
    assert parsed.headline == "Talks" and parsed.truncated
    assert [s.text for s in parsed.sentences] == ["Talks resumed in Geneva."]


class OutOfOrder:
    """A summarizer whose clusters finish in reverse order."""

    def __init__(self, n: int) -> None:
        self.done = {i: asyncio.Event() for i in range(n)}
        self.n = n

    async def summarize(self, cluster: Cluster, options: SummaryOptions) -> Summary:
        i = int(cluster.id)
        if i + 1 < self.n:
            await self.done[i + 1].wait()
        self.done[i].set()
        return Summary(cluster_id=cluster.id, headline="h", sentences=[], sources=[],
                       engine="extractive")  # fmt: skip


async def test_batch_runs_clusters_concurrently_and_keeps_input_order() -> None:
    clusters = [Cluster(id=str(i), articles=[Article(id="a", text="x")]) for i in range(6)]
    fake = OutOfOrder(6)
    out = [s.cluster_id async for s in run_ordered(fake, clusters, SummaryOptions(), 6)]  # type: ignore[arg-type]
    assert out == [str(i) for i in range(6)]


def test_chunks_never_exceed_the_budget_on_real_counts() -> None:
    from chorus.pipeline.plan import ARTICLE_OVERHEAD_TOKENS, chunk

    corpus = prepare(cluster(5, 40), Limits()).corpus
    for budget in (120, 500, 2000):
        for c in chunk(corpus, COUNTER, budget):
            assert sum(COUNTER.count(d.text) + COUNTER.count(d.title or "")
                       + ARTICLE_OVERHEAD_TOKENS for d in c.parts) <= budget  # fmt: skip
