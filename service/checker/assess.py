"""One claim against its aligned span: the detectors' findings and the model's features.

`assess` is pure: claim features, the span (and the two sentences before it, where a
pronoun's name lives), the cited article's vocabulary and the cluster's names in; an
`Assessment` out: the feature vector the calibrated model reads, the contradiction the
detectors found (in words, "source says 10 minutes"), and the specifics the span lacks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from chorus.checker.align import Span, Weights
from chorus.checker.detectors import (
    antonyms,
    displaced,
    negation_mismatch,
    quote_speaker,
    role_swap,
    substitution,
    swapped_name,
    swapped_words,
)
from chorus.checker.features import Features
from chorus.checker.lexicon import load_lexicon
from chorus.checker.modality import alleged_as_fact, unrealised
from chorus.checker.names import copy_edits
from chorus.checker.quantities import (
    NumberCheck,
    Quantity,
    compare_quantities,
    date_conflict,
    dates,
    ordinal_conflict,
    quantities,
)
from chorus.checker.roles import reversed_roles
from chorus.checker.stance import opposed_stance, replaced_opposites
from chorus.pipeline.text import stem, words

ALIGNED_AT = 0.5  # span coverage above which a detector's finding is a contradiction
NEAR_COPY = 0.85  # coverage above which words that changed places mean changed roles
# On a near copy (the rest of the sentence is the source's, word for word), a detector's
# finding is decisive: P(supported) is held below this, so the claim is `contradicted`.
DECISIVE_CAP = 0.2
CLAUSE_TERMS = 3  # content words a comma-delimited part needs to count as a clause
_QUOTE_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Article:
    """What one cited article offers beyond the span: its vocabulary and its sentences."""

    n: int
    idx: list[int]
    terms: frozenset[str]
    text: str  # lower-cased words joined by spaces
    cased: str = ""  # its sentences as written

    @cached_property
    def figures(self) -> tuple[Quantity, ...]:
        """The quantities the article states (read once per article)."""
        return quantities(self.text)


@dataclass
class Assessment:
    x: dict[str, float]
    contradiction: str | None = None
    gap: str | None = None  # what the span lacks, for an unsupported verdict's reason
    missing_numbers: list[str] = field(default_factory=list)
    missing_entities: list[str] = field(default_factory=list)
    missing_quotes: list[str] = field(default_factory=list)
    negation: bool = False
    antonym: list[str] = field(default_factory=list)
    misattributed: bool = False
    added: str | None = None  # a clause tacked on to a copied sentence


def claim_names(claim: Features, names: frozenset[str]) -> set[str]:
    """Names in the claim: capitalised ones, and words the cluster uses as names (so a
    lower-cased claim still has them)."""
    cased = any(ch.isupper() for ch in claim.text[1:])
    out = set(claim.entities) if cased else set(claim.entities) | (claim.term_set & names)
    if claim.lead is not None and claim.lead in names:
        out.add(claim.lead)
    return out


def _compound_known(name: str, known: frozenset[str]) -> bool:
    """A hyphenated name ("US-Mexico", "Republican-majority") is known when one of its
    words (three letters or more) is."""
    parts = [stem(p) for p in name.split("-") if len(p) >= 3]
    return "-" in name and any(p in known for p in parts)


def lexical(claim: Features, w: Weights, span: Span, art: Article) -> dict[str, float]:
    """The features the span's words give (the model's bound reads them before any detector)."""
    unmatched = [t for t in w.w if t not in span.matched]
    absent = [t for t in unmatched if t not in art.terms]
    top = max(w.w.values(), default=1.0) or 1.0
    return {
        "coverage": span.coverage,
        "single": span.single,
        "bigram": span.bigram,
        "fused": float(len(span.idx) > 1),
        "absent": sum(w.w[t] for t in absent) / w.total,
        "elsewhere": sum(w.w[t] for t in unmatched if t in art.terms) / w.total,
        "novel_max": max((w.w[t] / top for t in unmatched), default=0.0),
        "absent_count": min(3.0, float(len(absent))),
        "gap_run": min(4.0, float(_longest_gap(claim.terms, span.matched))),
        "clause_gap": clause_gap(claim, w, span.matched),
        "terms": math.log1p(len(w.w)),
    }


def clause_gap(claim: Features, w: Weights, matched: dict[str, float]) -> float:
    """The largest share of one comma-delimited part of the claim (three content words or
    more, two of them not carried) that the span does not carry: an added clause, even one
    that borrows names the span has ("..., a move the Department had secretly funded")."""
    worst = 0.0
    for _text, terms in claim.parts:
        ts = [t for t in terms if t in w.w]
        if len(ts) < CLAUSE_TERMS:
            continue
        if sum(matched.get(t, 0.0) < 1.0 for t in ts) < 2:
            continue  # one word in other words ("stated" for "said") is no added clause
        total = sum(w.w[t] for t in ts) or 1.0
        worst = max(worst, 1.0 - sum(w.w[t] * matched.get(t, 0.0) for t in ts) / total)
    return worst


def added_clause(claim: Features, w: Weights, matched: dict[str, float]) -> str | None:
    """A comma-delimited part the span does not carry (two thirds of its own words missing,
    two or more of them; names it borrows from the rest of the claim do not count), in a
    claim whose other words the span carries almost all (90%): a copied sentence with a
    clause tacked on ("..., a move the Department had secretly funded")."""
    parts = claim.parts
    # How many parts hold each word: a part's own words are those no other part holds
    # (counted once, not per part: a claim of thousands of commas stays linear).
    holders = Counter(t for _p, ts in parts for t in set(ts))
    for text, terms in parts:
        own = [t for t in terms if t in w.w and holders[t] == 1]
        if len(own) < 2:
            continue
        total = sum(w.w[t] for t in own) or 1.0
        if sum(w.w[t] * matched.get(t, 0.0) for t in own) / total > 1 / 3:
            continue
        rest = [t for t in w.w if t not in own]
        rest_total = sum(w.w[t] for t in rest)
        if rest and sum(w.w[t] * matched.get(t, 0.0) for t in rest) >= 0.9 * rest_total:
            return text.strip()
    return None


def _longest_gap(terms: Sequence[str], matched: dict[str, float]) -> int:
    """The longest run of consecutive claim words the span does not carry (an added clause)."""
    best = run = 0
    for t in terms:
        run = 0 if t in matched else run + 1
        best = max(best, run)
    return best


def _quotes(
    claim: Features,
    art: Article,
    feats: Sequence[Features],
    names: frozenset[str],
    mine: frozenset[str],
) -> tuple[list[str], str | None]:
    missing: list[str] = []
    speaker: str | None = None
    for q in claim.quotes:
        # a quote of several sentences may come in pieces ("...," he said. "...")
        pieces = [" ".join(words(p)) for p in _QUOTE_SENTENCE_RE.split(q)]
        needle = max(pieces, key=len)
        if any(p and p not in art.text for p in pieces):
            missing.append(q)
            continue
        where = [k for k, i in enumerate(art.idx) if needle in feats[i].text_lower]
        if where and speaker is None:
            k = where[0]
            before = [feats[i] for i in art.idx[max(0, k - 2) : k]]
            speaker = quote_speaker(claim, feats[art.idx[k]], before, names, mine)
    return missing, speaker


def _numbers(claim: Features, span: Features, art: Article) -> tuple[NumberCheck, int]:
    """The claim's numbers against the span, and how many of those the span lacks the
    article states elsewhere (context, not invention)."""
    claim_figures = quantities(claim.text)
    nums = compare_quantities(claim_figures, quantities(span.text))
    nums.conflict = nums.conflict or ordinal_conflict(claim.text, span.text)
    apart = compare_quantities(claim_figures, art.figures).matched  # read once per article
    return nums, max(0, apart - nums.matched)


def _edited(copy_subst: int, copy_moved: int, quotes: list[str]) -> str | None:
    """What changed in a near copy of the span, in words (a finding, decisive there)."""
    if copy_subst:
        return "a name or number differs from the source's near-identical sentence"
    if copy_moved:
        return "names have traded places with the source's near-identical sentence"
    if quotes:
        return f'the source does not have the quote "{quotes[0][:60]}"'
    return None


def _gap(
    claim: Features, w: Weights, span: Span, missing: list[str], numbers: int, absent: float
) -> str | None:
    """What the span lacks, in words: a name, a number, or the weightiest missing word."""
    if missing:
        return f"no cited source names {missing[0]} here"
    if numbers:
        return "a number is not in the cited sources"
    if absent > 0:
        word = max((t for t in w.w if t not in span.matched), key=lambda t: w.w[t])
        return f"the cited sources do not say '{claim.surface(word) or word}'"
    return None


def _opposite_words(a: str, b: str) -> bool:
    """WordNet's antonyms, or words of opposite stance ("supported" / "condemned")."""
    return load_lexicon().opposite(a, b) or opposed_stance(a, b)


def _polarity(
    claim: Features, span_f: Features
) -> tuple[str | None, str | None, list[tuple[str, str]]]:
    """(what the source negates or leaves unasserted, an opposite word, same-slot swaps)."""
    neg = (
        negation_mismatch(claim, span_f)
        or unrealised(claim, span_f)
        or alleged_as_fact(claim, span_f)
    )
    swaps = swapped_words(claim, span_f)
    flip = antonyms(claim, span_f) or next(
        (f"source says {b}, not {a}" for a, b in swaps
         if _opposite_words(stem(a.lower()), stem(b.lower()))),
        None,
    ) or next(
        (f"source says {b}, not {a}" for a, b in replaced_opposites(claim, span_f)), None
    )  # fmt: skip
    return neg, flip, swaps


def assess(
    claim: Features,
    w: Weights,
    span: Span,
    span_f: Features,
    context: Sequence[Features],
    art: Article,
    feats: Sequence[Features],
    names: frozenset[str],
) -> Assessment:
    x = lexical(claim, w, span, art)
    nums, apart = _numbers(claim, span_f, art)
    # a date the sentences just before the span give is the span's setting ("September's
    # report ... employment gains for August and July revised up"), not a conflict
    set_before = frozenset().union(*(dates(f.text) for f in context))
    date = date_conflict(dates(claim.text) - set_before, dates(span_f.text))
    mine = claim_names(claim, names)
    ctx = [span_f, *context]
    known = frozenset().union(*(f.term_set | f.entities | f.acronyms for f in ctx))
    missing = sorted(e for e in mine if e not in known and not _compound_known(e, known))
    # A name the span itself lacks, where the span has another in its place, is swapped
    # even when the name occurs nearby ("India joined Russia" vs "China joined Russia").
    in_span = span_f.term_set | span_f.entities | span_f.acronyms
    absent_here = [e for e in mine if e not in in_span and not (span_f.refers_back and e in known)]
    # where aliases are spelled out ("United States"), capitals kept for acronyms
    both = f"{art.cased} {claim.text}"
    subst = substitution(claim, span_f, absent_here, names, both)
    subst = subst or swapped_name(claim, span_f, frozenset(mine), names, both)
    neg, flip, swaps = _polarity(claim, span_f)
    if flip is None and len(span.idx) > 1:
        # A span of two sentences holds the claim's word in one and its opposite in the
        # other, where the claim's words around it are ("Trump is gaining in Arizona" +
        # "…Pennsylvania, where Trump has been losing ground fast"): read each on its own.
        flip = next(filter(None, (antonyms(claim, feats[i]) for i in span.idx)), None)
    near_copy = span.coverage >= NEAR_COPY and len(span.idx) == 1
    cased = frozenset(mine)
    swap = role_swap(claim, span_f, names, near_copy, cased) or reversed_roles(claim, span_f, names)
    q_missing, speaker = _quotes(claim, art, feats, names, cased) if claim.quotes else ([], None)
    copy_subst, copy_moved = copy_edits(claim, span_f, names, both)
    added = added_clause(claim, w, span.matched) if len(span.idx) == 1 else None
    x.update(
        num_missing=min(2.0, float(max(0, nums.missing - apart))),
        num_elsewhere=min(2.0, float(apart)),
        num_matched=min(2.0, float(nums.matched)),
        num_conflict=float(nums.conflict is not None),
        date_conflict=float(date is not None),
        ent_absent=float(sum(e not in art.terms for e in missing)),
        ent_elsewhere=float(sum(e in art.terms for e in missing)),
        ent_subst=float(subst is not None),
        negation=float(neg is not None),
        antonym=float(flip is not None),
        role_swap=float(swap is not None),
        displaced=float(min(2, len(displaced(claim, span_f, names, cased)))) if near_copy else 0.0,
        quote_missing=float(len(q_missing)),
        quote_speaker=float(speaker is not None),
        word_swap=float(min(2, len(swaps))),
        copy_subst=float(copy_subst),
        copy_moved=float(copy_moved),
        added_clause=float(added is not None),
    )
    edited = _edited(copy_subst, copy_moved, q_missing if span.coverage >= NEAR_COPY else [])
    found = [r for r in (nums.conflict, subst, speaker, neg, flip, swap, date, edited) if r]
    contradiction = found[0] if found and span.coverage >= ALIGNED_AT else None
    return Assessment(
        x=x,
        contradiction=contradiction,
        gap=_gap(claim, w, span, missing, nums.missing, x["absent"]),
        missing_numbers=nums.unmatched,
        missing_entities=missing,
        missing_quotes=q_missing,
        negation=neg is not None,
        antonym=[flip] if flip else [],
        misattributed=speaker is not None,
        added=added,
    )


__all__ = [
    "ALIGNED_AT",
    "DECISIVE_CAP",
    "NEAR_COPY",
    "Article",
    "Assessment",
    "assess",
    "claim_names",
    "clause_gap",
    "lexical",
]
