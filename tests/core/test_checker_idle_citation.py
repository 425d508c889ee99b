"""The checker end to end on small clusters written here: a citation that supports nothing is
reported on its own, and the detector bugs the table tests record show up in verdicts."""

from __future__ import annotations

import pytest

from chorus.models import Article, Cluster
from chorus.pipeline.prepare import Prepared, prepare
from chorus.settings import Limits

TALKS = Cluster(
    id="talks",
    articles=[
        Article(
            id="a",
            text=(
                "Secretary of State Antony Blinken and Russian Foreign Minister Sergei Lavrov "
                "spoke for about 10 minutes on the sidelines of the G20 meeting in New Delhi on "
                "Thursday. It was their first face-to-face talk since the war began."
            ),
        ),
        Article(
            id="b",
            text=(
                "Blinken and Lavrov spoke on the sidelines of the G20 meeting in New Delhi on "
                "Thursday, a U.S. official said. The official declined to characterise Lavrov's "
                "response. India hosted the meeting of foreign ministers."
            ),
        ),
    ],
)
TEN_MINUTES = (
    "Blinken and Lavrov spoke for about 10 minutes on the sidelines of the G20 meeting in "
    "New Delhi."
)


@pytest.fixture(scope="module")
def talks() -> Prepared:
    return prepare(TALKS, Limits())


def test_an_article_that_lacks_the_sentences_number_is_an_idle_citation(talks: Prepared) -> None:
    j = talks.index.judge(TEN_MINUTES, [1, 2])
    assert j.verdict == "supported", j
    assert j.idle_citations == [2]
    assert [c.n for c in j.claims] == [1]


def test_the_same_sentence_citing_only_that_article_is_not_supported(talks: Prepared) -> None:
    j = talks.index.judge(TEN_MINUTES, [2])
    assert j.verdict in ("unsupported", "contradicted"), j
    assert j.idle_citations == []


def test_without_the_number_both_articles_support_it_and_none_is_idle(talks: Prepared) -> None:
    text = "Blinken and Lavrov spoke on the sidelines of the G20 meeting in New Delhi."
    for cited in ([1], [2], [1, 2]):
        j = talks.index.judge(text, cited)
        assert j.verdict == "supported", (cited, j)
        assert j.idle_citations == [], cited


def test_a_changed_duration_is_contradicted_with_what_the_source_says(talks: Prepared) -> None:
    j = talks.index.judge(TEN_MINUTES.replace("minutes", "hours"), [1])
    assert j.verdict == "contradicted"
    assert j.reason == "source says about 10 minutes"


def _one(text: str) -> Prepared:
    return prepare(Cluster(id="one", articles=[Article(id="a", text=text)]), Limits())


# Bugs the table tests record, as verdicts: (article, claim cited [1], verdict wanted).
BUGS = [
    pytest.param(
        "Canada and Mexico will each receive vaccine doses from the United States, the White "
        "House said on Thursday.",
        "Mexico and Canada will each receive vaccine doses from the United States, the White "
        "House said on Thursday.",
        "supported",
        id="names-joined-by-and-reordered-are-not-a-role-swap",
    ),
    pytest.param(
        "The House passed the spending bill on Friday, but the Senate has not passed it.",
        "The House passed the spending bill on Friday.",
        "supported",
        id="a-compression-dropping-the-senates-negated-clause",
    ),
    pytest.param(
        "The House passed the spending bill on Friday, but the Senate has not passed it.",
        "The House did not pass the spending bill on Friday.",
        "contradicted",
        id="a-negation-about-the-house-answered-by-the-senates",
    ),
    pytest.param(
        "Officials said rockets hit Iraq in recent attacks near the border on Sunday.",
        "Officials said rockets hit Iran in recent attacks near the border on Sunday.",
        "contradicted",
        id="iran-for-iraq-beside-words-whose-initials-spell-iran",
    ),
    pytest.param(
        "Congress gave 5 billion dollars for the border wall on Friday, aides said.",
        "Congress gave $5 billion for the border wall on Friday, aides said.",
        "supported",
        id="a-dollar-sign-for-dollars",
    ),
    # the same sentences where the checker is right, so the rows above can only fail on the bug
    pytest.param(
        "Officials said rockets hit Iraq during attacks close to the border on Sunday.",
        "Officials said rockets hit Iran during attacks close to the border on Sunday.",
        "contradicted",
        id="iran-for-iraq-is-contradicted",
    ),
    pytest.param(
        "The House passed the spending bill on Friday. Lawmakers then left Washington.",
        "The House did not pass the spending bill on Friday.",
        "contradicted",
        id="did-not-pass-vs-passed",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("article", "claim", "verdict"), BUGS)
def test_verdicts_on_one_article(article: str, claim: str, verdict: str) -> None:
    j = _one(article).index.judge(claim, [1])
    assert j.verdict == verdict, j


def test_names_joined_by_and_in_the_seeds_other_order_are_supported(seed_cluster: Cluster) -> None:
    seeds = prepare(seed_cluster, Limits())
    text = "Blinken and Lavrov spoke for about 10 minutes in New Delhi."
    assert seeds.index.judge(text, [2]).verdict == "supported"


def test_names_joined_by_and_in_another_order_are_supported_on_the_seeds(
    seed_cluster: Cluster,
) -> None:
    seeds = prepare(seed_cluster, Limits())
    text = "Lavrov and Blinken spoke for about 10 minutes in New Delhi."
    assert seeds.index.judge(text, [2]).verdict == "supported"
