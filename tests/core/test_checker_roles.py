"""Who did what to whom (checker/roles.py), and whether it happened (checker/modality.py)."""

from __future__ import annotations

import pytest

from chorus.checker.features import features
from chorus.checker.modality import alleged_as_fact, unrealised
from chorus.checker.roles import reversed_roles

ROLES = [
    # claim, evidence, reversed
    ("Trump asked Pelosi to delay the State of the Union address.",
     "House Speaker Nancy Pelosi (D-Calif.) on Wednesday asked President Trump to postpone his "
     "State of the Union address.", True),
    ("Republicans are much more likely than Democrats to support all-mail elections.",
     "Democrats are now much more likely than Republicans to support elections by mail.", True),
    # faithful: the same roles reworded, a symmetric verb, a passive, a hyphenated compound
    ("Pelosi asked Trump to push back the address.",
     "Pelosi on Wednesday asked President Trump to postpone the address.", False),
    ("Blinken met Lavrov in New Delhi.", "Lavrov met Blinken in New Delhi.", False),
    ("Moore was defeated by Jones in Alabama.", "Jones defeated Moore in Alabama.", False),
    ("Trump-loyal Republicans won primaries in Florida.",
     "Republicans loyal to Trump won primaries in Florida.", False),
    ("Trump lied, Pelosi said.", "Pelosi said that Trump lied.", False),
    # a name must be written as one: "the southern border" is no "Border Patrol"
    ("Migrants were stopped at the southern border, up from the 180,034 stopped in May, CBP "
     "said.", "CBP said that migrants were stopped at the southern border, up from the 180,034 "
     "stopped in May.", False),
    ("Biden's $3.5 trillion package and the Senate's $1.2 trillion bill could die this week.",
     "The Senate's $1.2 trillion bill and Biden's $3.5 trillion package could die this week.",
     False),  # names joined by "and" have no roles
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "caught"), ROLES)
def test_a_claim_that_reverses_subject_and_object(claim: str, evidence: str, caught: bool) -> None:
    c, e = features(claim), features(evidence)
    known = {"trump", "pelosi", "republican", "democrat", "blinken", "lavrov", "moor", "jone",
             "florida", "biden", "senat", "border", "cbp"}  # fmt: skip
    names = frozenset(known | c.entities | e.entities)
    assert (reversed_roles(c, e, names) is not None) is caught


UNREALISED = [
    # claim, evidence, caught: stated as done what the source only threatens or plans
    ("Trump invoked the Insurrection Act on Monday.",
     "Trump threatened to invoke the Insurrection Act on Monday.", True),
    ("Chinese tariffs on $60 billion of goods went into effect last week.",
     "Chinese tariffs on $60 billion of goods are scheduled to go into effect next week.", True),
    ("The governor fired the commissioner.", "The governor could fire the commissioner.", True),
    # faithful: the same marker, another marker, "would"/"will", or also stated plainly
    ("Trump threatened to invoke the act.", "Trump threatened to invoke the act.", False),
    ("Trump vowed to invoke the act.", "Trump threatened to invoke the act.", False),
    ("The bill cuts taxes for millions.", "The bill would cut taxes for millions.", False),
    ("Trump invoked the act.", "Trump invoked the act and threatened to invoke it again.", False),
    ("Unemployment rose in May.", "In May unemployment rose, the agency said.", False),
    ("Unemployment rose in April.", "Unemployment may rise in April.", True),
    ("Trump permanently closed the southern border on Monday.",
     "Trump threatened to permanently shut down the southern border on Monday.", True),
    ("Trump threatened on Monday to shut the southern border permanently.",
     "Trump threatened to permanently shut down the southern border on Monday.", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "caught"), UNREALISED)
def test_a_plan_or_threat_stated_as_done(claim: str, evidence: str, caught: bool) -> None:
    assert (unrealised(features(claim), features(evidence)) is not None) is caught


ALLEGED = [
    # claim, evidence, caught: a claim or allegation stated as fact
    ("Sanders is proposing a 52% tax rate on incomes above $29,000.",
     "Social media posts claim Sanders is proposing a 52% tax rate on incomes above $29,000.",
     True),
    # faithful: attributed in the claim too, a report (not a claim), or a quotation
    ("Posts say Sanders is proposing a 52% tax rate on incomes above $29,000.",
     "Social media posts claim Sanders is proposing a 52% tax rate on incomes above $29,000.",
     False),
    ("The economy added 250,000 jobs in October.",
     "The Labor Department reported the economy added 250,000 jobs in October.", False),
    ("“I will run for the Senate,” Moore said of the accusations.",
     "Moore, accused of misconduct, said: “I will run for the Senate.”", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "caught"), ALLEGED)
def test_an_allegation_stated_as_fact(claim: str, evidence: str, caught: bool) -> None:
    assert (alleged_as_fact(features(claim), features(evidence)) is not None) is caught
