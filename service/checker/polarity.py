"""Polarity detectors: a negation one text has and the other lacks, and antonym pairs.

A negation is compared scope by scope (`Features.negation_scopes`): each negation of the
claim needs one of its own in the evidence on a shared predicate, and every negation of the
evidence on the claim's predicates needs one in the claim ("did not speak" vs "spoke";
"has not 'no fear'" has one too many).
"""

from __future__ import annotations

from chorus.checker.features import Features, Negation, antonym_flips
from chorus.pipeline.text import stem

# Verbs that lend their noun the predicate ("reach a consensus", "make a decision", "take
# action"): negated, it is the noun the claim has that is denied ("without reaching a
# consensus" against "ended with a consensus"). Not "find", "have", "get" or "show", which
# are predicates of their own ("employers can't find people" says nothing against "people
# are looking for work").
LIGHT_VERBS = frozenset(
    stem(w)
    for w in """reach make take give hold offer provide achieve secure produce issue win gain
    receive strike""".split()
)


def _light(neg: Negation, common: frozenset[str]) -> bool:
    """The negation's first word is a light verb and its noun is one the claim has."""
    return neg.first in LIGHT_VERBS and bool((neg.head - {neg.first}) & common)


def _unmatched(
    ours: list[Negation],
    theirs: list[Negation],
    shared: frozenset[str],
    once: bool,
    common: frozenset[str],
) -> str | None:
    """A negation of ours, on words both texts have, that no negation of theirs reaches
    (shares a word of its clause with, about the same subject when both name one); with
    `once`, each of theirs answers one of ours ("has not 'no fear'" has one negation too
    many). `common`: every word both texts have, names too. Without `once` (the evidence's
    negations against the claim), a negation whose subject the claim never names is about
    something else ("..., but the Senate has not passed it" says nothing against "The House
    passed it"), and so is one whose predicate the claim never uses ("employers can't find
    people" says nothing against "9.8 million people are looking for work")."""
    free = [t.reach & shared for t in theirs]
    for neg in ours:
        head = neg.head & shared
        if not head or (not once and neg.subject and not neg.subject & common):
            continue
        if not once and neg.first and neg.first not in common and not _light(neg, common):
            continue  # the evidence negates another predicate ("can't find people" ~ "people")
        k = next(
            (
                k
                for k, t in enumerate(free)
                if t & head
                and (not neg.subject or not theirs[k].subject or neg.subject & theirs[k].subject)
            ),
            None,
        )
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
    common = claim.term_set & span.term_set
    shared = common - claim.entities - span.entities  # predicates
    word = _unmatched(claim.negation_scopes, span.negation_scopes, shared, once=True, common=common)
    if word:
        word = next((t for t in claim.terms if stem(t) == word or t == word), word)
        return f"the claim negates '{span.surface(word) or word}'; the source does not"
    word = _unmatched(
        span.negation_scopes, claim.negation_scopes, shared, once=False, common=common
    )
    if word:
        return f"the source negates '{span.surface(word) or word}'"
    return None


def antonyms(claim: Features, span: Features) -> str | None:
    flips = antonym_flips(claim, [span])
    return f"source says the opposite of '{claim.surface(flips[0]) or flips[0]}'" if flips else None


__all__ = ["LIGHT_VERBS", "antonyms", "negation_mismatch"]
