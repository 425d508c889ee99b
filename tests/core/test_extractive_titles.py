"""Article titles weight what the summary covers; relative clauses are compressed away; a
headline can come from a cut-off lead and never just repeats the summary's first sentence."""

from __future__ import annotations

import pytest

from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.candidates import closed_candidates, closed_clause
from chorus.pipeline.compress import compress, strip_relative_clauses
from chorus.pipeline.headline import last_resort
from chorus.pipeline.schema import Sentence
from chorus.pipeline.selection import Concepts, select
from chorus.pipeline.summarizer import Summarizer
from chorus.pipeline.text import content_terms
from chorus.settings import Limits
from chorus_evals.prose import headline_repeats_lead
from tests.core.test_extractive_parts import _units


def test_a_concept_the_titles_state_weighs_more_than_one_they_do_not() -> None:
    texts = [
        (1, 0, "The governor vetoed the budget bill on Friday."),
        (2, 0, "The governor vetoed the budget bill late on Friday."),
        (1, 1, "Teachers protested the school closures downtown."),
        (2, 1, "Parents also protested the school closures."),
    ]
    units = _units(texts)
    plain = Concepts(units, 2)
    titled = Concepts(units, 2, [content_terms("Governor vetoes budget bill")])
    assert titled.agreed[0] > plain.agreed[0]  # the titles' story weighs more
    assert titled.agreed[2] == pytest.approx(plain.agreed[2])  # what no title says does not
    picked = select(units, titled, max_words=9)
    assert picked == [0] or picked == [1]  # the budget fits, and is the story the titles tell


def test_titles_change_which_story_a_tight_budget_keeps() -> None:
    texts = [
        (1, 0, "Teachers protested the school closures downtown on Monday."),
        (2, 0, "Parents and teachers protested the school closures on Monday."),
        (1, 1, "The governor vetoed the budget bill on Monday."),
        (2, 1, "The governor vetoed the budget bill late on Monday."),
    ]
    units = _units(texts)
    titles = [content_terms("Governor vetoes budget bill"), content_terms("Budget veto")]
    assert select(units, Concepts(units, 2, titles), max_words=9)[0] in {2, 3}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Democrat, who served two terms as governor, vowed to repair the damage.",
         "The Democrat vowed to repair the damage."),
        ("The new guidance, which will allow more students inside, does not apply to teachers.",
         "The new guidance does not apply to teachers."),
    ],
)  # fmt: skip
def test_non_restrictive_relative_clauses_go(text: str, expected: str) -> None:
    assert strip_relative_clauses(text) == expected
    assert compress(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a figure in the clause is a fact
        "Attorneys for Maxwell, who was arrested July 2, have argued for bail.",
        # an appositive or a list follows the clause: cutting would join the wrong words
        "No money went to North Korea, which had issued a bill for his care, the comatose student.",
        "The law, which bans abortions once activity is detected, usually around six weeks.",
        "Groups, which included organized travel, known as people-to-people trips, may go.",
    ],
)
def test_relative_clauses_that_carry_or_hold_the_sentence_stay(text: str) -> None:
    assert strip_relative_clauses(text) == text


def test_a_cut_off_sentence_offers_its_closed_clause_only() -> None:
    assert closed_clause("The Senate passed the bill.") == "The Senate passed the bill."
    cut = "Florida voters approved an amendment restoring voting rights, ending a system that"
    assert closed_clause(cut) == "Florida voters approved an amendment restoring voting rights."
    assert closed_clause("The White House and congressional Republicans awaited a") is None
    # a name's suffix is no clause boundary: the book is the son's, not the father's
    son = "The book was published on Tuesday by Donald Trump, Jr. and his"
    assert closed_clause(son) is None


def test_a_cut_off_sentence_never_drops_a_turn_nor_becomes_a_statement_if_a_question() -> None:
    turned = "The senator said he would back the bill this week, but not without changes to"
    assert closed_clause(turned) is None
    asked = "Will the executive order limit citizenship to the children of citizens, or will"
    assert closed_clause(asked) is None


async def test_an_article_cut_off_mid_sentence_is_still_heard() -> None:
    """A lead paragraph cut off at a word count (no stop at its end) gives the body its closed
    clause, cited to it: without it the outlet says nothing in the summary."""
    cluster = Cluster(
        id="cut",
        articles=[
            Article(id="a", text="The House passed the voting bill on Tuesday by 220 votes to "
                    "210. Republicans opposed the measure."),
            Article(id="b", text="Democrats would use their first month in the House majority "
                    "to advance sweeping changes to campaign and ethics laws, requiring the "
                    "disclosure of"),
        ],
    )  # fmt: skip
    summary = await Summarizer(limits=Limits()).summarize(cluster, SummaryOptions())
    closed = (
        "Democrats would use their first month in the House majority to advance sweeping "
        "changes to campaign and ethics laws."
    )
    mine = [s for s in summary.sentences if s.text == closed]
    assert mine and mine[0].citations == [2] and mine[0].verdict == "supported"
    assert not any(s.text.endswith("disclosure of") for s in summary.sentences)


def test_only_an_articles_last_sentence_is_closed_a_heading_inside_is_not() -> None:
    def sentence(index: int, text: str) -> Sentence:
        return Sentence(id=f"1:{index}", n=1, index=index, start=0, end=len(text), text=text)

    heading = "Trump, Biden clash over taxes and health care in their final debate, as voters"
    body = "The two candidates met in Nashville on Thursday night for their last debate."
    cut = "Both men traded attacks over the pandemic and the economy for 90 minutes, with the"
    got = closed_candidates([sentence(0, heading), sentence(1, body), sentence(2, cut)])
    assert [s.text for s in got] == [
        "Both men traded attacks over the pandemic and the economy for 90 minutes."
    ]
    assert closed_candidates([sentence(0, heading), sentence(1, body)]) == []


def test_the_last_resort_headline_never_opens_like_the_first_sentence() -> None:
    first = "Amendment 4 will reverse Florida's law disenfranchising felons, a vestige."
    sentences = [
        (first, [1]),
        ("Florida voters approved a state constitutional amendment restoring voting rights.", [2]),
    ]
    headline = last_resort(sentences, [], lambda h, ns: True)
    assert headline and not headline_repeats_lead(headline, first)


async def test_a_headline_comes_from_a_cut_off_lead_rather_than_repeat_the_body() -> None:
    cluster = Cluster(
        id="felons",
        articles=[
            Article(id="a", text="Amendment 4 passed with strong support by a large margin in a"),
            Article(
                id="b",
                text="Amendment 4 will reverse Florida's more than 100-year-old law "
                "disenfranchising felons, a vestige of the state's Black Codes.",
            ),
            Article(
                id="c",
                text="Florida voters on Tuesday approved a state constitutional amendment "
                "restoring voting rights to some 1.5 million people with felony convictions, "
                "ending a system that activists said",
            ),
        ],
    )
    summary = await Summarizer(limits=Limits()).summarize(
        cluster, SummaryOptions(engine="extractive")
    )
    assert summary.sentences
    assert not headline_repeats_lead(summary.headline, summary.sentences[0].text)
    assert "Florida" in summary.headline
