"""The summary opens on an article's lead when one is picked: the lead that says most of what
the articles agree on, even when a later sentence says more."""

from __future__ import annotations

from chorus.pipeline.order import order_picks


def test_opening_is_the_most_agreed_article_lead() -> None:
    texts = [
        "The Senate passed the bill on Tuesday.",
        "The House passed the bill on Friday.",
        "The bill, which passed both chambers, funds roads, bridges and ports for ten years.",
    ]
    rel_pos = [0.0, 0.0, 0.4]
    centrality = [5.0, 7.0, 20.0]
    got = order_picks([0, 1, 2], texts, rel_pos, centrality, [None, None, None])
    assert got[0] == 1
    assert got[1:] == [2, 0]  # the rest by what they say of what the articles agree on


def test_without_a_lead_the_most_agreed_event_sentence_opens() -> None:
    texts = ["Officials said the vote was close.", "The Senate passed the bill."]
    got = order_picks([0, 1], texts, [0.3, 0.5], [9.0, 4.0], [None, None])
    assert got[0] == 1  # an event, not a reaction


def test_a_lead_in_an_outlets_loaded_words_does_not_open_while_a_plain_one_can() -> None:
    texts = [
        "Democrats and the media mocked the ousted communications director on Monday.",
        "The president removed his communications director on Monday after ten days.",
    ]
    got = order_picks([0, 1], texts, [0.0, 0.0], [9.0, 4.0], [None, None])
    assert got[0] == 1
    # with no plain lead, the most agreed one still opens
    assert order_picks([0], texts, [0.0], [9.0], [None])[0] == 0


def test_a_year_is_background_only_before_the_story_year() -> None:
    from chorus.pipeline.order import bucket

    news = "Roy Moore will run for the Senate again in 2020."
    assert bucket(news, now=2020) == 1  # the story's own year is the news
    assert bucket(news) == 3  # with no story year, any year reads as background
    assert bucket("Ginsburg was appointed to the court in 1993.", now=2020) == 3
    assert bucket("Sales have fallen since 2015.", now=2020) == 3
    assert bucket("He had previously served in 2020.", now=2020) == 3  # other signs still count


def test_the_story_year_is_the_publication_year_else_the_latest_of_several_named() -> None:
    from datetime import date

    from chorus.pipeline.dates import story_year

    texts = ["He lost in 2017.", "He will run again in 2020."]
    assert story_year([date(2021, 3, 1), None], texts) == 2021
    assert story_year([None, None], texts) == 2020
    assert story_year([None], ["She was appointed in 1993."]) is None  # one year: no telling
    # a year is four digits standing alone, not part of a longer number or word
    assert story_year([None], ["Flight 20190 left in 1998", "Code x2021 and 2015b, 2016_"]) is None
    assert story_year([None], ["Filed (2014) and again in 2019."]) == 2019
