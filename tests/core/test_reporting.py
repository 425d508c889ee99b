"""The one table of reporting verbs (pipeline/reporting.py) and the rules that read it."""

from __future__ import annotations

import pytest

from chorus.checker.features import REPORTING
from chorus.pipeline.candidates import candidate_ok
from chorus.pipeline.headline_form import acceptable
from chorus.pipeline.order import bucket
from chorus.pipeline.reporting import REPORTING_VERBS, attributed, quotes_or_reports
from chorus.pipeline.schema import Sentence


def sentence(text: str) -> Sentence:
    return Sentence(id="s1", n=1, index=0, text=text, start=0, end=len(text))


def test_the_checker_reads_the_same_table() -> None:
    assert REPORTING is REPORTING_VERBS


@pytest.mark.parametrize("noun", ["states", "reports", "claims", "charge", "notes", "called"])
def test_forms_that_are_as_often_nouns_attribute_nothing(noun: str) -> None:
    assert noun not in REPORTING_VERBS


@pytest.mark.parametrize(
    ("text", "whole", "any_clause"),
    [
        ("The talks ended without a deal, officials said.", True, True),
        ("According to the ministry, 40 people died.", True, True),
        ('He called the plan "a disaster".', True, True),
        ("The president announced the soldier's release in 2014.", False, True),
        ("Troops left the United States base on Monday.", False, False),
    ],
)
def test_attribution_narrow_and_wide(text: str, whole: bool, any_clause: bool) -> None:
    assert attributed(text) is whole
    assert quotes_or_reports(text) is any_clause


def test_a_quotation_opening_is_lifted_only_with_a_speaker_from_the_table() -> None:
    named = '"We will not back down," the governor declared on Tuesday.'
    unnamed = '"We will not back down," and the crowd cheered on Tuesday in Austin.'
    assert candidate_ok(sentence(named))
    assert not candidate_ok(sentence(unnamed))
    # Any case: a sentence-initial "According" names a source too.
    opening = '"The vote is final." According to the clerk, it passed 52 to 48 on Tuesday.'
    assert candidate_ok(sentence(opening))


def test_a_reaction_is_ordered_after_the_event() -> None:
    assert bucket("The Senate passed the bill 52 to 48 on Tuesday.") == 1
    assert bucket("Democrats criticized the bill as rushed on Tuesday.") == 2
    assert bucket("The governor tweeted that the bill was a mistake.") == 2


@pytest.mark.parametrize("verb", ["claimed", "testified", "acknowledged", "stated"])
def test_a_headline_never_ends_on_a_reporting_verb(verb: str) -> None:
    assert not acceptable(f"An Instagram page for the website WokeHub.com {verb}", [])


def test_a_headline_may_end_on_a_place_whose_last_word_is_also_a_verb() -> None:
    assert acceptable("Trump orders troops home from bases across the United States", [])
