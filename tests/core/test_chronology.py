"""Chronological order where the dates say so: `pipeline.dates` reads a sentence's event day,
`order.chronological` puts dated sentences in date order after the opening."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.dates import event_date, published_day
from chorus.pipeline.order import chronological
from chorus.pipeline.schema import DraftSentence
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits

WEDNESDAY = date(2026, 3, 4)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The Senate voted on Monday to pass the bill.", WEDNESDAY, date(2026, 3, 2)),
        ("The House will vote on Friday.", WEDNESDAY, date(2026, 3, 6)),  # the future
        ("He resigned last Wednesday.", WEDNESDAY, date(2026, 2, 25)),
        ("The talks on Wednesday ended without a deal.", WEDNESDAY, WEDNESDAY),
        ("Police said yesterday that three people died.", WEDNESDAY, date(2026, 3, 3)),
        ("Officials met on March 3 in Geneva.", WEDNESDAY, date(2026, 3, 3)),
        ("Officials met on 3 March 2019 in Geneva.", None, date(2019, 3, 3)),
        ("Officials met on March 3, 2019, in Geneva.", None, date(2019, 3, 3)),
        ("The company was founded in 2009 in Austin.", None, date(2009, 1, 1)),
        # No date for sure: no publication date, a modal "may", a count, a year as a name.
        ("The Senate voted on Monday to pass the bill.", None, None),
        ("Officials met on March 3 in Geneva.", None, None),
        ("Prices may 5 times more than they did.", WEDNESDAY, None),
        ("In 2,009 cases the virus spread.", WEDNESDAY, None),
        ("The 2020 election was close.", WEDNESDAY, None),
        ("Officials met on February 30 in Geneva.", WEDNESDAY, None),
    ],
)
def test_event_date(text: str, published: date | None, expected: date | None) -> None:
    assert event_date(text, published) == expected


def test_published_day_reads_iso_timestamps_and_refuses_the_rest() -> None:
    assert published_day("2026-03-04T18:00:00+00:00") == WEDNESDAY
    assert published_day("yesterday") is None and published_day(None) is None


def s(text: str, n: int = 1) -> DraftSentence:
    return DraftSentence(text=text, citations=[n])


def test_dated_sentences_take_their_places_in_date_order_and_undated_ones_stay() -> None:
    sentences = [
        s("The Senate passed the budget on Wednesday."),  # the opening stays first
        s("The House votes on Friday."),
        s("Analysts expect the deficit to narrow."),
        s("Negotiators reached a deal on Monday."),
        s("It was the first deal in two years."),  # leans on the one before: goes with it
        s("Leaders met in 2009 and failed to agree."),  # background: ordered apart
    ]
    dates = [WEDNESDAY, date(2026, 3, 6), None, date(2026, 3, 2), None, date(2009, 1, 1)]
    got = [x.text for x in chronological(sentences, dates)]
    assert got == [
        "The Senate passed the budget on Wednesday.",
        "Negotiators reached a deal on Monday.",
        "It was the first deal in two years.",
        "Analysts expect the deficit to narrow.",
        "The House votes on Friday.",
        "Leaders met in 2009 and failed to agree.",
    ]


def test_one_dated_sentence_or_one_date_changes_nothing() -> None:
    sentences = [s("A."), s("B happened on Friday."), s("C."), s("D happened on Friday too.")]
    friday = date(2026, 3, 6)
    assert chronological(sentences, [None, friday, None, friday]) == sentences
    assert chronological(sentences, [None, friday, None, None]) == sentences


def _article(i: int, text: str) -> Article:
    when = datetime(2026, 3, 4, 18, tzinfo=UTC)  # a Wednesday
    return Article(id=f"a{i}", title=None, text=text, published_at=when)


def test_the_extractive_engine_orders_what_the_dates_order() -> None:
    """Three reports of one week in Congress: whatever the weights, the summary's dated
    sentences after its opening run Monday, Tuesday, then Friday."""
    texts = [
        "The Senate passed the budget bill on Wednesday by a vote of 61 to 38. "
        "The House will vote on the budget bill on Friday, leaders said. "
        "On Monday, Senate negotiators reached a deal on the budget bill after weeks of talks. "
        "The bill funds the government through September.",
        "Senators approved the budget bill on Wednesday, 61 to 38, sending it to the House. "
        "On Tuesday, the Senate budget committee advanced the budget bill by 14 votes to 9. "
        "The House will vote on the budget bill on Friday.",
        "The Senate passed a budget bill on Wednesday. On Monday, Senate negotiators reached a "
        "deal on the budget bill. On Tuesday, the budget committee advanced the bill by 14 votes "
        "to 9. The House will take up the budget bill on Friday.",
    ]
    cluster = Cluster(id="budget-week", articles=[_article(i, t) for i, t in enumerate(texts)])
    summary = asyncio.run(
        Summarizer(limits=Limits()).summarize(cluster, SummaryOptions(engine="extractive"))
    )
    days = [event_date(x.text, WEDNESDAY) for x in summary.sentences[1:]]
    dated = [d for d in days if d is not None]
    assert len(set(dated)) >= 2, [x.text for x in summary.sentences]
    assert dated == sorted(dated), [x.text for x in summary.sentences]


@pytest.mark.parametrize("edge", [date.max, date.min])
def test_a_publication_date_at_the_calendars_ends_is_no_error(edge: date) -> None:
    for text in ("They meet next Monday.", "He resigned last Friday.", "It ended yesterday.",
                 "It starts tomorrow."):  # fmt: skip
        event_date(text, edge)  # a date or None, never an OverflowError


def test_a_hostile_published_at_reaches_no_500() -> None:
    far = datetime(9999, 12, 31, 23, tzinfo=UTC)
    text = "The vote is set for next Monday. Officials will meet tomorrow to prepare for it."
    cluster = Cluster(id="edge", articles=[
        Article(id="a", text=text, published_at=far),
        Article(id="b", text=text.replace("Officials", "Leaders"), published_at=far),
    ])  # fmt: skip
    summary = asyncio.run(
        Summarizer(limits=Limits()).summarize(cluster, SummaryOptions(engine="extractive"))
    )
    assert summary.sentences
