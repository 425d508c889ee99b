"""The checker end to end on the seed articles: verdicts, evidence offsets, reasons, every
citation checked on its own, and the shipped model."""

from __future__ import annotations

from typing import Any

import pytest

from chorus.checker.model import FEATURES, load_model
from chorus.models import Cluster
from chorus.pipeline.prepare import Prepared, prepare
from chorus.pipeline.schema import Draft, DraftSentence
from chorus.pipeline.verify import verify
from chorus.settings import Limits
from chorus_evals.examples import CONTRADICTIONS, PARAPHRASES, Example
from chorus_evals.training import Row, fit


@pytest.fixture
def seeds(seed_cluster: Cluster) -> Prepared:
    return prepare(seed_cluster, Limits())


@pytest.mark.parametrize("example", CONTRADICTIONS, ids=lambda e: e.note)
def test_the_issues_contradictions_fail(seeds: Prepared, example: Example) -> None:
    e = example
    j = seeds.index.judge(e.text, e.citations)
    assert j.verdict in ("contradicted", "unsupported"), j
    assert j.reason


@pytest.mark.parametrize("example", PARAPHRASES, ids=lambda e: e.text[:40])
def test_the_issues_paraphrases_are_supported(seeds: Prepared, example: Example) -> None:
    e = example
    assert seeds.index.judge(e.text, e.citations).verdict == "supported"


def test_a_contradiction_names_what_the_source_says(seeds: Prepared) -> None:
    j = seeds.index.judge("Blinken and Lavrov spoke for about 10 hours at the conference.", [1])
    assert j.verdict == "contradicted"
    assert j.reason == "source says roughly 10 minutes"


def test_evidence_carries_article_sentence_and_character_offsets(seeds: Prepared) -> None:
    j = seeds.index.judge("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", [2])
    assert j.verdict == "supported" and j.evidence
    for e in j.evidence:
        doc = seeds.corpus.doc(e.n)
        assert doc.text[e.start : e.end] == e.text
        assert e.sentence_id.startswith(f"{e.n}:")


def test_an_over_cited_sentence_reports_the_citation_that_supports_nothing(
    seeds: Prepared,
) -> None:
    text = "The official declined to characterise Lavrov's response."
    j = seeds.index.judge(text, [1, 2])
    assert j.verdict == "supported"
    assert j.idle_citations == [2]


def test_each_claim_may_rest_on_a_different_cited_article(seeds: Prepared) -> None:
    text = (
        "Lavrov told reporters that Moscow will continue to press its action in Ukraine, "
        "while 141 countries had condemned Russia at the United Nations."
    )
    j = seeds.index.judge(text, [1, 2])
    assert len(j.claims) == 2
    assert {c.n for c in j.claims} == {1, 2}
    assert j.verdict == "supported" and j.idle_citations == []


def test_verify_drops_a_citation_that_supports_nothing_with_a_warning(seeds: Prepared) -> None:
    draft = Draft(
        headline="h",
        engine="llm",
        sentences=[
            DraftSentence(text="The official declined to characterise Lavrov's response [1][2].")
        ],
    )
    out = verify(draft, seeds)
    assert out.sentences[0].citations == [1]
    assert any("dropped citation(s) [2] that support nothing" in w for w in out.warnings)


def test_a_reference_to_the_previous_sentence_is_checked_as_resolved(seeds: Prepared) -> None:
    previous = "Blinken and Lavrov spoke for about 10 minutes in New Delhi."
    text = "The two countries ended their contentious meeting with no consensus on the war."
    alone = seeds.index.judge(text, [1])
    resolved = seeds.index.judge(text, [1], previous=previous)
    assert resolved.verdict != "supported"
    assert resolved.score < alone.score


def test_the_shipped_model_reads_every_feature() -> None:
    model = load_model()
    assert model.version.startswith("checker@")
    assert model.features == list(FEATURES)
    assert len(model.weights) == len(FEATURES)
    assert sum(model.trained_on.values()) > 1000


def test_fitting_is_deterministic() -> None:
    rows = [
        Row(x=[float((k * 7 + f) % 5) / 4 for f in range(len(FEATURES))], y=k % 2, source="t")
        for k in range(40)
    ]
    assert fit(rows) == fit(list(rows))


def test_each_claim_and_article_is_judged_once_per_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from chorus.checker.support import SupportIndex
    from chorus.models import Article, Cluster
    from chorus.pipeline.prepare import prepare
    from chorus.settings import Limits

    cluster = Cluster(id="m", articles=[
        Article(id="a", text="The council approved the budget on Monday. The mayor signed it."),
        Article(id="b", text="The city council approved the new budget on Monday night."),
    ])  # fmt: skip
    index = prepare(cluster, Limits()).index
    done: list[int] = []
    real = SupportIndex._score_in

    def counted(self: SupportIndex, claim: Any, weights: Any, n: int) -> Any:
        done.append(n)
        return real(self, claim, weights, n)

    monkeypatch.setattr(SupportIndex, "_score_in", counted)
    claim = "The council approved the budget on Monday."
    first = index.judge(claim, [1])
    both = index.judge(claim, [1, 2])  # article 1 again: not judged again
    assert done == [1, 2]
    assert index.judge(claim, [1]) == first and both.verdict == "supported"
