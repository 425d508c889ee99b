"""Every scorer on hand-made sentences about the seed cluster (article 1 = AP-style report,
article 2 = the longer report with Blinken's news conference)."""

from __future__ import annotations

import pytest

from chorus.checker.report import CheckedSentence
from chorus.pipeline.prepare import Prepared
from chorus_evals.scorers import (
    citation_precision,
    citation_support,
    citation_validity,
    length_and_redundancy,
    rouge,
    source_coverage,
    unsupported_specifics,
)
from tests.evals.conftest import CheckFn

SUPPORTED = ("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", [1, 2])
NUMBER_CHANGED = ("Blinken and Lavrov spoke for about 45 minutes in New Delhi.", [1, 2])
NAME_SWAPPED = (
    "Blinken had told Jaishankar that Moscow should release detained American Paul Whelan.",
    [1],
)
REFUSAL_DROPPED = (
    "China joined Russia on Thursday in supporting the call for a withdrawal of Russian forces "
    "from Ukraine.",
    [1],
)
ANTONYM = ("Blinken said the United States would continue to oppose Ukraine.", [2])
NEGATION_ADDED = ("The conference did not end without reaching a consensus on Ukraine.", [2])
WRONG_CITATION = ("Blinken said 141 countries had condemned Russia at the United Nations.", [1])
UNCITED = ("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", [])


async def test_a_faithful_sentence_is_supported_with_its_evidence(check: CheckFn) -> None:
    [r] = await check([SUPPORTED])
    assert r.verdict == "supported" and r.support >= 0.6
    assert r.evidence and "10 minutes" in r.evidence[0].text
    assert not (r.missing_numbers or r.missing_entities or r.negation_mismatch)


@pytest.mark.parametrize(
    ("pair", "flag"),
    [
        (NUMBER_CHANGED, "missing_numbers"),
        (NAME_SWAPPED, "missing_entities"),
        (REFUSAL_DROPPED, "negation_mismatch"),
        (NEGATION_ADDED, "negation_mismatch"),
        (ANTONYM, "antonym_flips"),
    ],
    ids=["number_changed", "name_swapped", "refusal_dropped", "negation_added", "antonym"],
)
async def test_a_broken_sentence_is_not_supported_and_says_why(
    check: CheckFn, pair: tuple[str, list[int]], flag: str
) -> None:
    [r] = await check([pair])
    assert r.verdict != "supported", r
    assert getattr(r, flag), r


async def test_a_fact_cited_to_the_wrong_article_is_unsupported(check: CheckFn) -> None:
    right, wrong = await check([(WRONG_CITATION[0], [2]), WRONG_CITATION])
    assert right.verdict == "supported"
    assert wrong.verdict == "unsupported"


async def test_citation_validity_counts_uncited_and_nonexistent_citations(
    check: CheckFn,
) -> None:
    results = await check([SUPPORTED, UNCITED, (SUPPORTED[0], [1, 7])])
    validity = citation_validity(results)
    assert validity.uncited == [1]
    assert validity.invalid == [2]
    assert results[2].citations == [1] and results[2].invalid_citations == [7]
    assert validity.share == pytest.approx(1 / 3)


async def test_citation_support_shares_follow_the_verdicts(check: CheckFn) -> None:
    results = await check([SUPPORTED, NUMBER_CHANGED, UNCITED, WRONG_CITATION])
    support = citation_support(results)
    assert support.supported == pytest.approx(0.25)
    assert support.partial + support.unsupported + support.contradicted == pytest.approx(0.75)
    assert results[2].verdict == "unsupported" and results[2].support == 0.0


async def test_citation_precision_catches_an_extra_wrong_article(
    check: CheckFn, seeds: Prepared
) -> None:
    both = await check([("Blinken noted that 141 countries had condemned Russia.", [2])])
    padded = await check([("Blinken noted that 141 countries had condemned Russia.", [1, 2])])
    assert citation_precision(both, seeds) == 1.0
    assert citation_precision(padded, seeds) == 0.5


async def test_unsupported_specifics_lists_numbers_names_and_quotes(
    check: CheckFn, seeds: Prepared
) -> None:
    results = await check(
        [
            SUPPORTED,
            NUMBER_CHANGED,
            ("Emmanuel Macron met Lavrov in New Delhi.", [1]),
            ('Blinken said "the war will end by spring" after the meeting.', [2]),
        ]
    )
    found = {(s.sentence, s.kind, s.value) for s in unsupported_specifics(results, seeds)}
    assert (1, "number", "45") in found
    assert (2, "name", "macron") in found
    assert (3, "quote", "the war will end by spring") in found
    assert not any(s == 0 for s, _k, _v in found)


def test_rouge_uses_the_best_reference_and_skips_without_one() -> None:
    text = "Blinken and Lavrov spoke briefly in New Delhi."
    scores = rouge(text, ["Something else entirely.", text])
    assert scores is not None and scores["rouge1"] == 1.0 and scores["rougeL"] == 1.0
    assert rouge(text, []) is None


def test_length_and_redundancy() -> None:
    stats = length_and_redundancy(
        [
            "Blinken met Lavrov in New Delhi.",
            "Blinken met Lavrov in New Delhi on Thursday.",
            "China refused to sign.",
        ]  # fmt: skip
    )
    assert stats.words == 18 and stats.sentences == 3
    assert 0.7 < stats.redundancy < 1.0
    assert length_and_redundancy(["One sentence only here."]).redundancy == 0.0


def test_source_coverage_counts_multi_source_sentences_and_the_articles_heard() -> None:
    def checked(i: int, cites: list[int]) -> CheckedSentence:
        return CheckedSentence(index=i, text="x", citations=cites, support=1.0, verdict="supported")

    got = source_coverage([checked(0, [1, 2]), checked(1, [1]), checked(2, [1])], n_articles=4)
    assert got.multi_source == pytest.approx(1 / 3)
    assert got.sources_heard == pytest.approx(2 / 4)
    assert source_coverage([], n_articles=3).sources_heard == 0.0
