"""Detectors: read a claim against its aligned evidence span and say what is opposite.

Each is a pure function over `Features` (the claim's, the span's) returning what it found in
words, or None/0: negation scope, entity substitution, subject/object role swap, quote
attribution, antonyms. Numbers and dates live in `quantities.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from chorus.checker.features import NEGATORS, Features, antonym_flips, bigrams, negated_terms
from chorus.pipeline.text import STOPWORDS


def negation_mismatch(claim: Features, span: Features) -> str | None:
    """A predicate the claim negates and the evidence asserts, or the other way round."""
    shared = claim.term_set & span.term_set
    mine, theirs = claim.negated & shared, span.negated & shared
    if mine - theirs:
        word = sorted(mine - theirs, key=claim.terms.index)[0]
        return f"the claim negates '{span.surface(word) or word}'; the source does not"
    if theirs - mine:
        word = sorted(theirs - mine, key=span.terms.index)[0]
        return f"the source negates '{span.surface(word) or word}'"
    return None


def _near(seq: Sequence[str], k: int, span: int = 3) -> set[str]:
    near = list(seq[max(0, k - span) : k]) + list(seq[k + 1 : k + 1 + span])
    return {w for w in near if w not in STOPWORDS and len(w) > 2}


def substitution(
    claim: Features, span: Features, missing: Iterable[str], names: frozenset[str]
) -> str | None:
    """A claim name absent from the evidence, where the evidence has another name in the same
    place (sharing a neighbouring word): "India joined Russia" vs "China joined Russia"."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    others = [k for k, w in enumerate(s_seq) if w in names and w not in claim.term_set]
    for m in missing:
        if m not in c_seq:
            continue
        around = _near(c_seq, c_seq.index(m))
        for k in others:
            if around & _near(s_seq, k):
                return f"source says {span.surface(s_seq[k]) or s_seq[k]}, not {m}"
    return None


def _positions(seq: Sequence[str]) -> dict[str, int]:
    pos: dict[str, int] = {}
    for k, w in enumerate(seq):
        pos.setdefault(w, k)
    return pos


_PASSIVE_RE = re.compile(r"\b(?:was|were|is|are|been|being)\s+\w+ed\s+by\b|\bby\b")


def role_swap(claim: Features, span: Features, names: frozenset[str]) -> str | None:
    """Two names (or salient words) on either side of a shared predicate, in the opposite
    order in the evidence: "Blinken told Lavrov" vs "Lavrov told Blinken". Passives skipped."""
    if _PASSIVE_RE.search(claim.text_lower) or _PASSIVE_RE.search(span.text_lower):
        return None
    shared = [t for t in claim.terms if t in span.term_set]
    cp, sp = _positions(claim.terms), _positions(span.terms)
    heads = [t for t in shared if t in names] or []
    for a in heads:
        for b in heads:
            if a == b or not cp[a] < cp[b] or not sp[b] < sp[a]:
                continue
            between = [v for v in shared if cp[a] < cp[v] < cp[b] and sp[b] < sp[v] < sp[a]]
            if between and cp[b] - cp[a] <= 6:
                return f"roles reversed: the source has {b} before {a}"
    moved = displaced(claim, span, names)
    if len(moved) >= 2:
        return f"{moved[0]} and {moved[1]} have other roles in the source"
    return None


def collapse(terms: Sequence[str], names: frozenset[str]) -> list[str]:
    """Terms with each run of name words joined into one ("southern california")."""
    out: list[str] = []
    run: list[str] = []
    for t in [*terms, ""]:
        if t and t in names:
            run.append(t)
            continue
        if run:
            out.append(" ".join(run))
            run = []
        if t:
            out.append(t)
    return out


def displaced(claim: Features, span: Features, names: frozenset[str]) -> list[str]:
    """Names the span carries, but whose neighbours in the claim (the word before and after)
    are found next to it nowhere in the span: moved to another role."""
    seq = collapse(claim.terms, names)
    theirs = collapse(span.terms, names)
    have = set(theirs)
    near = bigrams(theirs, window=2)
    out = []
    for k, w in enumerate(seq):
        if w in out or w not in have or not (w in names or " " in w) or len(seq) < 3:
            continue
        left = k == 0 or (seq[k - 1], w) not in near
        right = k == len(seq) - 1 or (w, seq[k + 1]) not in near
        if left and right:
            out.append(w)
    return out


def speakers_of(quoting: Features, before: Sequence[Features], names: frozenset[str]) -> set[str]:
    """Who says a quote: names outside the quote in its sentence, or, when that sentence
    refers back ("he said"), the first name of the sentences before it."""
    own = {w for w in quoting.outside_quote_stems if w in names}
    if own and not quoting.refers_back:
        return own
    for f in reversed(before):
        lead = [w for w in f.outside_quote_stems if w in names]
        if lead:
            return own | {lead[0]}
    return own


def quote_speaker(
    claim: Features, quoting: Features, before: Sequence[Features], names: frozenset[str]
) -> str | None:
    """The claim gives a quote the sources carry to a speaker they do not."""
    claimed = {w for w in claim.outside_quote_stems if w in names}
    if not claimed:
        return None
    said_by = speakers_of(quoting, before, names)
    if said_by and not claimed & said_by:
        who = sorted(said_by)[0]
        return f"the quote is {quoting.surface(who) or who}'s"
    return None


def antonyms(claim: Features, span: Features) -> str | None:
    flips = antonym_flips(claim, [span])
    return f"source says the opposite of '{flips[0]}'" if flips else None


__all__ = [
    "NEGATORS",
    "antonyms",
    "displaced",
    "negated_terms",
    "negation_mismatch",
    "quote_speaker",
    "role_swap",
    "speakers_of",
    "substitution",
]
