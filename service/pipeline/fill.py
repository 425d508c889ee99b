"""The words a summary has left, spent (`trim_to_fit`).

Selection stops when no candidate both says something new and fits the words left. Where a
new fact is only too long by a clause, an editor would trim the clause, not leave the budget
unused: a candidate that does not fit is offered without a trailing side clause (the cuts the
consensus form uses, `citing.side_clause_cuts`: never a clause with a figure, a quotation, a
reporting verb or a turn of meaning, and only when what is left is a whole statement), when
the cut fits, still says mostly new words and its own article still supports it. The most
agreed such candidates come first; at most `MAX_TRIMS` are added.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from chorus.pipeline.citing import side_clause_cuts
from chorus.pipeline.selection import REDUNDANT_AT, Concepts, Unit
from chorus.pipeline.text import content_terms

MIN_LEFT = 8  # fewer words left than this: nothing worth trimming a sentence for
MAX_TRIMS = 2


def trim_to_fit(
    picked: Sequence[int],
    units: Sequence[Unit],
    texts: Sequence[str],
    concepts: Concepts,
    max_words: int,
    supported: Callable[[str, int], bool],
) -> dict[int, str]:
    """Candidate index -> its trimmed text, for candidates to add to `picked` (see the module
    docstring); empty when the picks fill the budget or nothing new fits trimmed."""
    left = max_words - sum(units[i].words for i in picked)
    if left < MIN_LEFT:
        return {}
    said: set[str] = set().union(*(units[i].terms for i in picked))
    chosen = set(picked)
    waiting = [
        i
        for i, u in enumerate(units)
        if i not in chosen and u.needs is None and u.words > left and u.terms
    ]
    waiting.sort(key=lambda i: (-concepts.agreed[i] * units[i].prior, i))
    out: dict[int, str] = {}
    for i in waiting:
        if left < MIN_LEFT or len(out) == MAX_TRIMS:
            break
        if _said_share(units[i].terms, said) >= REDUNDANT_AT:
            continue  # a repeat whole: no cut of it says more
        for cut in side_clause_cuts(texts[i]):
            n_words = len(cut.split())
            terms = content_terms(cut)
            if n_words > left or _said_share(terms, said) >= REDUNDANT_AT:
                continue
            if supported(cut, units[i].n):
                out[i] = cut
                left -= n_words
                said.update(terms)
                break
    return out


def _said_share(terms: Sequence[str], said: set[str]) -> float:
    distinct = set(terms)
    return len(distinct & said) / len(distinct) if distinct else 1.0


__all__ = ["MAX_TRIMS", "MIN_LEFT", "trim_to_fit"]
