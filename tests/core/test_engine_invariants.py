"""What the embedded engine promises on any cluster, checked on mangled copies of the seed
articles (seeded, so a failure replays): no error, every citation names an article, and the
summary keeps to its word budget unless a single sentence is all there is, which it then says.

The mangling is what feeds and pastes do to text: cut off mid-sentence, upper or lower case
throughout, full stops lost, a wire dateline added, paragraphs split or the order reversed, an
article sent twice, a title or none, and budgets from the smallest allowed to large.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits

BUDGETS = (15, 16, 20, 30, 50, 80, 120, 200, 400)
CASES = 24  # clusters per seed

_MANGLE: tuple[Callable[[random.Random, str], str], ...] = (
    lambda rnd, t: t[: rnd.randint(1, len(t))],
    lambda rnd, t: t.upper(),
    lambda rnd, t: t.lower(),
    lambda rnd, t: t.replace(".", ""),
    lambda rnd, t: "WASHINGTON (AP) _ " + t,
    lambda rnd, t: t.replace(". ", ".\n\n"),
    lambda rnd, t: " ".join(reversed(t.split(". "))),
    lambda rnd, t: t,
)


def _cluster(rnd: random.Random, texts: list[str], case: int) -> Cluster:
    articles = []
    for k in range(rnd.randint(1, 4)):
        text = rnd.choice(_MANGLE)(rnd, rnd.choice(texts))
        if not text.strip():
            continue
        title = rnd.choice([None, text[:60], "Talks in New Delhi"])
        articles.append(Article(id=f"a{k}", title=title, text=text))
    if articles and rnd.random() < 0.25:  # the same article sent twice
        articles.append(articles[0].model_copy(update={"id": "again"}))
    return Cluster(id=f"mangled-{case}", articles=articles or [Article(id="a", text="Hi.")])


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_engine_keeps_its_promises_on_mangled_articles(
    seed: int, seed_cluster: Cluster
) -> None:
    rnd = random.Random(seed)
    texts = [a.text for a in seed_cluster.articles]
    summarizer = Summarizer(limits=Limits())
    for case in range(CASES):
        cluster = _cluster(rnd, texts, case)
        budget = rnd.choice(BUDGETS)
        summary = await summarizer.summarize(
            cluster, SummaryOptions(engine="extractive", max_words=budget)
        )
        assert summary.engine == "extractive"
        numbers = {s.n for s in summary.sources}
        for sentence in summary.sentences:
            assert sentence.citations, (seed, case, sentence.text)
            assert set(sentence.citations) <= numbers, (seed, case, sentence.citations)
        words = sum(len(s.text.split()) for s in summary.sentences)
        if words > budget:
            assert len(summary.sentences) == 1, (seed, case, budget, words)
            assert any(f"{budget}-word budget" in w for w in summary.warnings), summary.warnings
