"""Fact recall against the seed cluster's gold facts (evals/datasets/seeds/facts.json)."""

from __future__ import annotations

import pytest

from chorus_evals.datasets import GoldFact, load_dataset
from chorus_evals.scorers import fact_recall
from tests.evals.conftest import CheckFn

# One sentence for each of eight of the sixteen seed facts, in a summary's own words.
HALF = {
    "f01": ("US officials said Blinken and Lavrov spoke for about 10 minutes on the sidelines "
            "of the G20 conference in New Delhi.", [1, 2]),
    "f04": ("The G20 foreign ministers’ meeting in New Delhi ended with no consensus on the "
            "Ukraine war.", [1, 2]),
    "f05": ("China and Russia were the only G20 members not to endorse the statement demanding "
            "the withdrawal of Russia from Ukraine.", [1]),
    "f07": ("Blinken told Lavrov that Russia should reverse its decision to suspend "
            "participation in the New START treaty.", [1]),
    "f08": ("He also said Moscow should release detained American Paul Whelan.", [1]),
    "f10": ("Lavrov shrugged off Western claims of Russia's isolation, saying the West has "
            "isolated itself.", [1]),
    "f14": ("Blinken noted that 141 countries had condemned Russia at the United Nations on the "
            "invasion's first anniversary.", [2]),
    "f15": ("India's Foreign Minister Subrahmanyam Jaishankar said there were divergences on "
            "the war in Ukraine that could not be reconciled.", [2]),
}  # fmt: skip


@pytest.fixture
def facts() -> list[GoldFact]:
    return load_dataset("seeds").items[0].facts


def test_the_seed_dataset_has_weighted_facts_with_their_articles(facts: list[GoldFact]) -> None:
    assert 12 <= len(facts) <= 20
    assert all(f.articles and set(f.articles) <= {1, 2} for f in facts)
    assert any(f.articles == [1] for f in facts) and any(f.articles == [2] for f in facts)


async def test_a_summary_stating_half_the_facts_recalls_exactly_those(
    check: CheckFn, facts: list[GoldFact]
) -> None:
    assert len(HALF) * 2 == len(facts)
    results = await check(list(HALF.values()))
    recall = fact_recall(results, facts)
    credited = {f.id for f in recall.facts if f.credit > 0}
    assert credited == set(HALF)
    assert all(f.credit == 1.0 for f in recall.facts if f.id in HALF)
    expected = sum(f.weight for f in facts if f.id in HALF) / sum(f.weight for f in facts)
    assert recall.recall == pytest.approx(expected)
    # Each stated fact names the sentence that states it, and that sentence cites its source.
    order = list(HALF)
    for f in recall.facts:
        if f.id in HALF:
            assert f.stated_by == order.index(f.id)
            assert f.cites_a_source is True


async def test_no_sentences_recall_nothing(facts: list[GoldFact]) -> None:
    recall = fact_recall([], facts)
    assert recall.recall == 0.0 and all(f.stated_by is None for f in recall.facts)


@pytest.mark.parametrize(
    ("fact", "sentence"),
    [
        ("Lavrov said Moscow will continue to press its action in Ukraine.",
         "Lavrov, who did not mention speaking with Blinken, told reporters that Moscow will "
         "continue to press its action in Ukraine."),
        ("Thirty-five percent of voters backed the plan.", "35 percent of voters backed the plan."),
        ("Blinken and Lavrov spoke for ten minutes.", "The two spoke for 10 minutes, Blinken and "
         "Lavrov's aides said."),
    ],
)  # fmt: skip
async def test_facts_stated_in_other_words_are_credited(
    check: CheckFn, fact: str, sentence: str
) -> None:
    results = await check([(sentence, [1])])
    recall = fact_recall(results, [GoldFact(id="f", text=fact)])
    assert recall.recall == 1.0, recall.facts[0]


async def test_a_fact_the_summary_contradicts_is_not_credited(check: CheckFn) -> None:
    results = await check([("Blinken and Lavrov spoke for about ten hours.", [1])])
    recall = fact_recall(
        results, [GoldFact(id="f", text="Blinken and Lavrov spoke for ten minutes.")]
    )
    assert recall.recall == 0.0
