"""Perturbations know what they broke; the checker benchmark's figures are right."""

from __future__ import annotations

import random

import pytest

from chorus.checker.report import SentenceIn
from chorus.pipeline.prepare import Prepared
from chorus_evals.checker import overlap_score, perturbation_benchmark
from chorus_evals.metrics import balanced_accuracy, best_threshold, roc_auc
from chorus_evals.perturb import (
    KINDS,
    entity_swap,
    negation,
    number_change,
    perturb_summary,
    quote_misattribution,
)
from chorus_evals.perturb_more import ordinal_change
from chorus_evals.summedits import LabelledClaim, LabelledSet, split

FAITHFUL = [
    SentenceIn(
        text="US officials said Blinken and Lavrov spoke for about 10 minutes on stage at the "
        "G-20 foreign ministers’ conference in New Delhi.",
        citations=[2],
    ),
    SentenceIn(
        text="Blinken lamented that “Russia and China were the only two countries that made it "
        "clear that they would not approve the text.”",
        citations=[2],
    ),
]


def test_each_perturbation_records_what_it_broke() -> None:
    rng = random.Random(1)
    text, broke = number_change("They spoke for 10 minutes in 2023.", rng) or ("", "")
    assert text != "They spoke for 10 minutes in 2023." and "->" in broke
    assert negation("The talks were productive.") == (
        "The talks were not productive.", "added 'not' after 'were'",
    )  # fmt: skip
    assert negation("The talks did not help.") == (
        "The talks did help.",
        "removed negation 'did not'",
    )
    swapped = entity_swap("Officials said Blinken met Lavrov.", ["Jaishankar"], rng)
    assert swapped is not None and "Jaishankar" in swapped[0] and "-> Jaishankar" in swapped[1]
    moved = quote_misattribution(FAITHFUL[1].text, ["Blinken", "Lavrov", "Modi"], rng)
    assert moved is not None and moved[0].startswith(("Lavrov lamented", "Modi lamented"))


def test_perturb_summary_is_deterministic_and_covers_every_kind(seeds: Prepared) -> None:
    first = perturb_summary("seeds", FAITHFUL, seeds, seed=3)
    assert first == perturb_summary("seeds", FAITHFUL, seeds, seed=3)
    # these seed sentences hold no listed antonym, no two names to swap and no ordinal
    assert {p.kind for p in first} >= set(KINDS) - {"antonym", "role_swap", "ordinal_change"}
    for p in first:
        assert p.broke
        assert (p.text, p.citations) != (p.original, p.original_citations)


def test_the_judge_catches_every_kind_on_the_seed_sentences(seeds: Prepared) -> None:
    result, perturbations = perturbation_benchmark([("seeds", seeds, FAITHFUL)])
    assert result.false_alarms == 0.0 and perturbations
    for k in result.kinds:
        if k.kind != "role_swap":  # the seed sentences' names sit in a list, not in roles
            assert k.detected == 1.0, k


def test_word_overlap_baseline_counts_claim_words_found_in_the_cited_articles(
    seeds: Prepared,
) -> None:
    assert overlap_score(seeds, "Blinken met Lavrov", [1]) == 1.0
    assert overlap_score(seeds, "Blinken met Macron", [1]) == pytest.approx(2 / 3)


def test_roc_auc_and_balanced_accuracy() -> None:
    assert roc_auc([1, 1, 0, 0], [0.9, 0.8, 0.3, 0.1]) == 1.0
    assert roc_auc([1, 0], [0.5, 0.5]) == 0.5
    assert roc_auc([1, 1, 0, 0], [0.9, 0.2, 0.3, 0.1]) == 0.75
    assert balanced_accuracy([1, 1, 0, 0], [1, 0, 0, 0]) == 0.75
    assert best_threshold([1, 1, 0, 0], [0.9, 0.8, 0.3, 0.1]) == pytest.approx(0.55)


def test_summedits_split_keeps_each_document_on_one_side() -> None:
    claims = [
        LabelledClaim(id=f"{d}-{k}", document=d, claim="c", label=k % 2)
        for d in range(5) for k in range(3)
    ]  # fmt: skip
    tune, held = split(LabelledSet(documents=["a", "b", "c", "d", "e"], claims=claims), 2)
    assert {c.document for c in tune.claims} == {0, 1}
    assert {c.document for c in held.claims} == {2, 3, 4}


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("the first high-level meeting in months", "the third high-level meeting in months"),
        ("in the 21st century", "in the 23rd century"),
        ("It was his Second term.", "It was his Fourth term."),
        ("“the first time” he said", None),  # inside a quote
        ("He came first.", None),  # ranks no word
    ],
)
def test_ordinal_change_gives_another_rank(text: str, broken: str | None) -> None:
    made = ordinal_change(text)
    assert (made[0] if made else None) == broken
