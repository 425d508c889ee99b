"""Names in another order on a near copy: a name's words reordered ("the Office's Justice
Department" vs "the Justice Department's Office"), or, of three or more names, two that
traded places. A list ("Mexico and Canada") has no order, a moved attribution is a rotation,
and active for passive ("Congress passed it" / "it was passed by Congress") reorders names
without changing roles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus.checker.features import Features
from chorus.checker.names import CALENDAR

COORDINATION = frozenset({"and", "or", "nor", "with", "as", "well", "both", "between"})


def _one_transposition(a: Sequence[int], b: Sequence[int]) -> bool:
    diff = [k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def run_order(claim: Features, span: Features) -> str | None:
    """Names swapped on a near copy: a name's words in another order ("the Office's Justice
    Department" vs "the Justice Department's Office"), or, of three or more names, two that
    traded places (a moved attribution is a rotation, not a swap)."""
    theirs = [r for r in span.ordered_runs if not set(r) <= CALENDAR]  # dates have no roles
    for run in claim.ordered_runs:
        for other in theirs:
            if len(set(run)) >= 2 and set(run) == set(other) and run != other:
                return f"source says {' '.join(other)}"
    if _voice(claim) != _voice(span):
        return None  # active for passive ("Congress passed it" ~ "it was passed by Congress")
    sets = [frozenset(r) for r in theirs]
    shared = [frozenset(r) for r in claim.ordered_runs if frozenset(r) in sets]
    shared = list(dict.fromkeys(shared))
    if len(shared) >= 3:
        span_order = sorted(range(len(shared)), key=lambda k: sets.index(shared[k]))
        if _one_transposition(list(range(len(shared))), span_order):
            i, j = [k for k in range(len(shared)) if span_order[k] != k]
            pair = (shared[i], shared[j])
            if not any(_listed(f.stem_seq, *pair) for f in (claim, span)):
                return "two names have traded places"
    return None


_VOICE_RE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b")


def _voice(f: Features) -> bool:
    """Whether the text has a passive ("was passed", "has been suspended")."""
    return bool(_VOICE_RE.search(f.text))


def _listed(seq: Sequence[str], a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two names stand in one list ("Mexico and Canada"): only "and"/"or" and the
    like between them, in either order."""
    at_a = [k for k, w in enumerate(seq) if w in a]
    at_b = [k for k, w in enumerate(seq) if w in b]
    for x in at_a:
        for y in at_b:
            lo, hi = (x, y) if x < y else (y, x)
            between = [w for w in seq[lo + 1 : hi] if w not in a and w not in b]
            if between and len(between) <= 2 and set(between) <= COORDINATION:
                return True  # "Mexico and Canada"; not "Austin, Texas" (nothing between)
    return False


__all__ = ["COORDINATION", "run_order"]
