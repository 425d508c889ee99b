"""Polarity detectors: a negation one text has and the other lacks, and antonym pairs.

A negation is compared scope by scope (`Features.negation_scopes`): each negation of the
claim needs one of its own in the evidence on a shared predicate, and every negation of the
evidence on the claim's predicates needs one in the claim ("did not speak" vs "spoke";
"has not 'no fear'" has one too many).
"""

from __future__ import annotations

from chorus.checker.features import Features, Negation, antonym_flips
from chorus.pipeline.text import stem


def _unmatched(
    ours: list[Negation], theirs: list[Negation], shared: frozenset[str], once: bool
) -> str | None:
    """A negation of ours, on words both texts have, that no negation of theirs reaches
    (shares a word of its clause with); with `once`, each of theirs answers one of ours ("has
    not 'no fear'" has one negation too many; the evidence may hold more clauses than the
    claim, so not that way)."""
    free = [t.reach & shared for t in theirs]
    for neg in ours:
        head = neg.head & shared
        if not head:
            continue
        k = next((k for k, t in enumerate(free) if t & head), None)
        if k is None:
            return min(head)
        if once:
            free[k] = frozenset()
    return None


def negation_mismatch(claim: Features, span: Features) -> str | None:
    """A negation in one text, on words both have, that the other does not negate: "did not
    speak" vs "spoke". A scope is approximate (a negator's first content words), so sharing
    one word is agreeing: "no money was paid" ~ "denied paying ... money". Names are the
    arguments, not what is negated ("denying Cain the support" is about support)."""
    shared = (claim.term_set & span.term_set) - claim.entities - span.entities  # predicates
    word = _unmatched(claim.negation_scopes, span.negation_scopes, shared, once=True)
    if word:
        word = next((t for t in claim.terms if stem(t) == word or t == word), word)
        return f"the claim negates '{span.surface(word) or word}'; the source does not"
    word = _unmatched(span.negation_scopes, claim.negation_scopes, shared, once=False)
    if word:
        return f"the source negates '{span.surface(word) or word}'"
    return None


def antonyms(claim: Features, span: Features) -> str | None:
    flips = antonym_flips(claim, [span])
    return f"source says the opposite of '{flips[0]}'" if flips else None


__all__ = ["antonyms", "negation_mismatch"]
