from __future__ import annotations

import pytest

from chorus.llm.tokens import TokenCounter
from chorus.models import Article, Cluster
from chorus.pipeline.plan import ARTICLE_OVERHEAD_TOKENS, chunk, plan
from chorus.pipeline.prepare import prepare
from chorus.settings import Limits


@pytest.fixture(scope="module")
def counter() -> TokenCounter:
    return TokenCounter("gpt-4o-mini")


def big_cluster(n_articles: int = 6, sentences: int = 60) -> Cluster:
    articles = []
    for a in range(n_articles):
        body = " ".join(
            f"In report {a} sentence {i}, officials in city {i % 7} said output rose {i}.{a} "
            f"per cent as the minister for region {a} visited factory number {i * 3}."
            for i in range(sentences)
        )
        articles.append(Article(id=f"a{a}", title=f"Report {a}", text=body))
    return Cluster(id="big", articles=articles)


@pytest.mark.parametrize("budget", [64, 200, 700])
def test_chunker_never_exceeds_its_budget_and_loses_no_text(
    counter: TokenCounter, budget: int
) -> None:
    corpus = prepare(big_cluster(3, 25), Limits()).corpus
    chunks = chunk(corpus, counter, budget)
    for c in chunks:
        cost = sum(
            counter.count(d.text) + counter.count(d.title or "") + ARTICLE_OVERHEAD_TOKENS
            for d in c.parts
        )
        assert cost <= budget
    for doc in corpus.docs:
        original = " ".join(s.text for s in corpus.sentences_of(doc.n))
        rebuilt = "".join(p.text for c in chunks for p in c.parts if p.n == doc.n)
        assert rebuilt.replace(" ", "") == original.replace(" ", "")


def test_a_sentence_longer_than_the_budget_is_cut_not_dropped(counter: TokenCounter) -> None:
    long_sentence = " ".join(f"word{i}" for i in range(400)) + "."
    corpus = prepare(Cluster(id="c", articles=[Article(id="a", text=long_sentence)]),
                     Limits()).corpus  # fmt: skip
    chunks = chunk(corpus, counter, 100)
    assert len(chunks) > 1
    assert "".join(p.text for c in chunks for p in c.parts).replace(" ", "") == \
        long_sentence.replace(" ", "")  # fmt: skip


def test_plan_stuffs_when_the_prompt_fits_and_maps_otherwise(counter: TokenCounter) -> None:
    corpus = prepare(big_cluster(2, 5), Limits()).corpus
    assert plan(corpus, counter, 500, 1000, 300).mode == "stuff"
    mapped = plan(corpus, counter, 5000, 1000, 300)
    assert mapped.mode == "map_reduce" and len(mapped.chunks) > 1


def test_a_sentence_is_cut_when_only_its_spaced_form_would_fit(counter: TokenCounter) -> None:
    """Each sentence is counted once as " sentence"; a leading space can save a token on the
    first word ("Supreme" is two tokens, " Supreme" one), so a sentence whose spaced form fits
    exactly is still counted alone before it is let through whole."""
    text = "Supreme Court justices ruled on the case brought by several states."
    assert counter.count(" " + text) < counter.count(text)  # the premise of this test
    corpus = prepare(Cluster(id="c", articles=[Article(id="a", text=text)]), Limits()).corpus
    budget = counter.count(" " + text) + ARTICLE_OVERHEAD_TOKENS + counter.count("")
    chunks = chunk(corpus, counter, budget)
    for c in chunks:
        assert sum(counter.count(d.text) + ARTICLE_OVERHEAD_TOKENS for d in c.parts) <= budget
    assert "".join(p.text for c in chunks for p in c.parts).replace(" ", "") == \
        text.replace(" ", "")  # fmt: skip
