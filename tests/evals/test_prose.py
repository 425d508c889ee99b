"""The prose scorers: datelines, unresolved openers, copied headlines, restated sentences."""

from __future__ import annotations

import pytest

from chorus_evals.prose import (
    dateline_sentences,
    headline_copied,
    headline_repeats_lead,
    redundant_sentences,
    unresolved_openers,
)


@pytest.mark.parametrize(
    "text",
    [
        "JABIRU, Australia (AP) _ A crocodile killed a fisherman on Sunday.",
        "CITY _ The mayor resigned.",
        "BEIJING, August 21 (Xinhua ) -- Exports rose 5 percent.",
        "WASHINGTON (Reuters) - The Senate voted.",
        "(CNN) - Patience is short.",
        "CHARLOTTE, N.C. — The special election was close.",
        "By John Smith WASHINGTON (AP) — The vote failed.",
    ],
)
def test_datelines_are_found(text: str) -> None:
    assert dateline_sentences([text]) == [0]


@pytest.mark.parametrize(
    "text",
    ["The U.S. Senate voted 52-48 on Tuesday.", "NATO (the alliance) met in Brussels.",
     "The Associated Press reported the result."],
)  # fmt: skip
def test_plain_sentences_have_no_dateline(text: str) -> None:
    assert dateline_sentences([text]) == []


def test_a_pronoun_opening_the_summary_is_unresolved() -> None:
    assert unresolved_openers(["He faced allegations of fraud."]) == [0]


def test_a_pronoun_after_a_named_person_is_resolved() -> None:
    texts = ["Rand Paul voted against the bill.", "He said it spends too much."]
    assert unresolved_openers(texts) == []
    assert unresolved_openers(["the vote failed.", "He said it spends too much."]) == [1]


def test_connectors_are_unresolved_anywhere() -> None:
    texts = ["The board met on Monday.", "After all, the chair faced allegations."]
    assert unresolved_openers(texts) == [1]


def test_a_clause_pointing_back_is_unresolved_when_it_opens_the_summary() -> None:
    text = "When IBM rejected those proposals, Norris said the talks were over."
    assert unresolved_openers([text]) == [0]
    assert unresolved_openers(["IBM got two proposals from the union.", text]) == []


def test_a_bare_surname_the_articles_introduce_in_full_is_unresolved() -> None:
    article = "Sen. Rand Paul spoke first. Paul added that he does not believe the bill."
    assert unresolved_openers(["Paul added that he does not believe it."], [article]) == [0]
    texts = ["Rand Paul spoke first.", "Paul added that he does not believe it."]
    assert unresolved_openers(texts, [article]) == []


@pytest.mark.parametrize(
    ("article", "named", "text", "plain"),
    [
        # the subject after a fronted phrase
        ("Former New York Gov. David Paterson said Sunday. Paterson discussed the task.",
         "David Paterson spoke on Sunday.",
         "In an interview on WABC 770 AM, Paterson discussed the task ahead.",
         "In a statement, officials said no."),
        # the speaker of an opening quotation
        ("Sen. Rand Paul spoke first. Paul said there is zero chance of conviction.",
         "Rand Paul spoke first.",
         '"Zero chance of conviction," Paul said when asked about the trial.',
         '"Zero chance," the senator said.'),
    ],
)  # fmt: skip
def test_a_bare_surname_later_in_the_opening_is_unresolved_too(
    article: str, named: str, text: str, plain: str
) -> None:
    assert unresolved_openers([text], [article]) == [0]
    assert unresolved_openers([named, text], [article]) == []
    assert unresolved_openers([plain], [article]) == []


def test_a_name_qualifying_a_noun_is_not_a_bare_surname() -> None:
    article = "President Donald Trump spoke. Trump administration officials agreed."
    assert unresolved_openers(["Trump administration officials agreed on Monday."], [article]) == []


def test_time_demonstratives_are_not_unresolved() -> None:
    assert unresolved_openers(["This week the Senate voted on the bill."]) == []


def test_a_headline_equal_to_an_outlet_title_is_copied() -> None:
    titles = ["Sanders sends Democratic establishment into panic mode."]
    assert headline_copied("Sanders sends Democratic establishment into panic mode", titles)
    assert not headline_copied("Sanders wins the Nevada caucuses", titles)
    # a title's first clause, cut, is still the outlet's words
    long_title = ["Trump signs $484 billion coronavirus bill, as economic pain spreads across US."]
    assert headline_copied("Trump signs $484 billion coronavirus bill", long_title)
    # the agreed fact in the words a title also uses is not a copy of it
    jobs = ["4.4 million Americans sought jobless benefits last week, as economic pain continued."]
    assert not headline_copied("More than 4.4 million Americans filed for benefits last week", jobs)


def test_a_headline_the_first_sentence_opens_with_repeats_the_lead() -> None:
    first = "The ministers spoke briefly on Thursday in New Delhi."
    assert headline_repeats_lead("The ministers spoke briefly on Thursday", first)
    assert not headline_repeats_lead("Ministers meet in New Delhi", first)
    # a time put into the opening still repeats the headline
    cuomo = "A third woman came forward late Monday to accuse Gov. Andrew Cuomo of an advance."
    assert headline_repeats_lead("A third woman came forward to accuse Gov. Andrew Cuomo", cuomo)
    # the same event in other words is the headline's job, not a repeat
    vote = "In a narrow 52-48 vote, the Senate has officially confirmed Amy Coney Barrett."
    assert not headline_repeats_lead("The Senate voted 52-48 to confirm Amy Coney Barrett", vote)


def test_a_restated_sentence_is_redundant() -> None:
    texts = [
        "The trial of the former officer starts Tuesday in Minneapolis.",
        "The former officer's trial starts on Tuesday.",
        "Jury selection took three weeks.",
    ]
    assert redundant_sentences(texts) == [1]
