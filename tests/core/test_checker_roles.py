"""Who did what to whom, read around a shared predicate (checker/roles.py)."""

from __future__ import annotations

import pytest

from chorus.checker.features import features
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
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "caught"), ROLES)
def test_a_claim_that_reverses_subject_and_object(claim: str, evidence: str, caught: bool) -> None:
    c, e = features(claim), features(evidence)
    names = frozenset({"trump", "pelosi", "republican", "democrat", "blinken", "lavrov", "moor",
                       "jone", "florida"} | c.entities | e.entities)  # fmt: skip
    assert (reversed_roles(c, e, names) is not None) is caught
