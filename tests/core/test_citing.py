"""A sentence only its own article supports gives way to its consensus form when more
articles support that (pipeline/citing.py): a trailing side clause goes, never a fact."""

from __future__ import annotations

import pytest

from chorus.models import Article, Cluster
from chorus.pipeline.citing import Citer, Support, side_clause_cuts
from chorus.pipeline.selection import Unit
from chorus.pipeline.summarizer import Summarizer
from chorus.pipeline.text import content_terms
from chorus.settings import Limits


@pytest.mark.parametrize(
    ("text", "first_cut"),
    [
        (
            "The Senate confirmed Judge Amy Coney Barrett to the Supreme Court on Monday, "
            "providing President Trump with a last-minute political victory.",
            "The Senate confirmed Judge Amy Coney Barrett to the Supreme Court on Monday.",
        ),
        (
            "House Democrats on Friday unveiled the text of their relief package, which the "
            "president pitched during a trip to Michigan.",
            "House Democrats on Friday unveiled the text of their relief package.",
        ),
        (
            "President Trump vetoed the defense spending bill on Wednesday, after previously "
            "tweeting threats to do just that.",
            "President Trump vetoed the defense spending bill on Wednesday.",
        ),
    ],
)
def test_a_trailing_side_clause_may_go(text: str, first_cut: str) -> None:
    assert side_clause_cuts(text)[0] == first_cut


def test_a_cut_after_an_abbreviation_keeps_one_full_stop() -> None:
    text = "Factory output grew fastest in the Northeast of the U.S., with car exports leading."
    assert side_clause_cuts(text) == ["Factory output grew fastest in the Northeast of the U.S."]


@pytest.mark.parametrize(
    "text",
    [
        # a figure, a quotation, an attribution or a turn of meaning is a fact: it stays
        "The Senate passed the budget resolution on Friday, with 51 senators voting for it.",
        'The governor signed the bill on Monday, calling it "a historic day" for the state.',
        "The company recalled the cars on Monday, saying the brakes could fail in the cold.",
        "The Senate passed the bill on Tuesday, but the House is not expected to take it up.",
        "The court allowed the law to take effect on Friday, unless the state appeals again.",
        "The senator voted for the bill on Tuesday, knowing the House wouldn't take it up.",
        "The senator voted for the bill on Tuesday, knowing the House wouldn’t take it up.",
        # what is left would be no whole statement, or too short to say anything
        "Even after the long and bitter fight over the bill, which ended on Friday.",
        "Prices rose again, which worried investors.",
    ],
)
def test_no_fact_goes(text: str) -> None:
    assert side_clause_cuts(text) == []


def _citer(articles: list[str]) -> Citer:
    cluster = Cluster(id="consensus", articles=[Article(id=f"a{i}", text=t)
                                                for i, t in enumerate(articles)])  # fmt: skip
    prepared = Summarizer(limits=Limits()).prepare(cluster)
    corpus = prepared.corpus
    units = [Unit(n=x.n, index=x.index, words=len(x.text.split()), terms=content_terms(x.text))
             for x in corpus.sentences]  # fmt: skip
    return Citer(corpus, units, Support(prepared.index))


SPIN = (
    "The Senate confirmed Judge Amy Coney Barrett to the Supreme Court on Monday, "
    "handing President Trump a last-minute political victory days before the election."
)
OTHERS = [
    "The Senate confirmed Judge Amy Coney Barrett to the Supreme Court on Monday night. "
    "She is expected to be sworn in at the White House later in the evening.",
    "Judge Amy Coney Barrett was confirmed to the Supreme Court by the Senate on Monday. "
    "Her arrival cements a conservative majority on the court for years to come.",
]


def test_a_sentence_only_its_outlet_supports_gives_way_to_what_all_of_them_say() -> None:
    citer = _citer([SPIN + " Democrats had objected to the timing for weeks.", *OTHERS])
    cites = citer.cite(SPIN, 1)
    assert cites == [1]  # the victory gloss is article 1's alone
    text, wider = citer.widen(SPIN, 1, cites)
    assert text == "The Senate confirmed Judge Amy Coney Barrett to the Supreme Court on Monday."
    assert wider == [1, 2, 3]


def test_no_widening_when_no_other_article_says_the_rest() -> None:
    lone = ["Senators argued about the calendar on Monday. Nothing was decided.",
            "The weather in Washington was cold on Monday. Tourists stayed indoors."]  # fmt: skip
    citer = _citer([SPIN, *lone])
    assert citer.widen(SPIN, 1, citer.cite(SPIN, 1)) == (SPIN, [1])


def test_a_sentence_others_support_already_stays_whole() -> None:
    citer = _citer([SPIN, *OTHERS])
    assert citer.widen(SPIN, 1, [1, 2]) == (SPIN, [1, 2])


def test_loaded_words_stay_with_their_outlet() -> None:
    framed = SPIN.replace("The Senate confirmed", "The Senate slammed through")
    citer = _citer([framed, *OTHERS])
    assert citer.widen(framed, 1, [1]) == (framed, [1])
