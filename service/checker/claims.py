"""A summary sentence -> its claims: clauses with their own facts, references resolved.

A sentence is split into its sentences (a claim may be several), then at clause joints
("; ", ", but ", ", while ", ", and " + a new subject, ", which", ", who", ", after") when
both sides carry enough content words; a claim that opens by referring back ("The two
countries ...", "He ...") gets the names of the previous summary sentence in place of the
reference, so it is checked as the reader understands it.
"""

from __future__ import annotations

import re

from chorus.pipeline.segment import split_sentences
from chorus.pipeline.text import QUOTED_RE, entities_in_order, terms_of, words

MIN_TERMS = 3  # content words each side of a split must have
_JOINT_RE = re.compile(
    r";\s+|,\s+(?:but|while|whereas|although|though)\s+|,\s+and\s+(?=(?:the|a|an|he|she|they|it"
    r"|[A-Z]\w+)\s+\w+)|,\s+(?=(?:which|who|after)\s)"
)
_REFERENCE_RE = re.compile(
    r"^(?:The two (?:countries|nations|men|leaders|sides|ministers|diplomats)|Both (?:countries"
    r"|men|sides)|They|He|She)\b",
)
# Openers that only point back at the sentence before ("Since then, 870 infections have been
# reported"): what they point at is that sentence's claim, so the claim is the rest.
_POINTER_RE = re.compile(
    r"^(?:Since then|Previously|Prior to (?:this|that)|Before (?:this|that)|After (?:this|that)"
    r"|Until then|At the time|At that time|Since that time|By then),\s+(?=\S)"
)


def _content(text: str) -> int:
    return len(terms_of(words(text)))


def _clauses(sentence: str) -> list[str]:
    quoted = [(m.start(), m.end()) for m in QUOTED_RE.finditer(sentence)]
    parts: list[str] = []
    last = 0
    for m in _JOINT_RE.finditer(sentence):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        left, right = sentence[last : m.start()], sentence[m.end() :]
        if _content(left) >= MIN_TERMS and _content(right) >= MIN_TERMS:
            parts.append(left)
            last = m.end()
    parts.append(sentence[last:])
    return [p.strip() for p in parts if p.strip()]


def split_claims(text: str) -> list[str]:
    """The claims of a text: its sentences, then their clauses (never inside a quote)."""
    spans = split_sentences(text)
    sentences = [text[s:e] for s, e in spans] or [text]
    sentences = [s for s in sentences if _content(s) >= MIN_TERMS] or [text]
    out: list[str] = []
    for s in sentences:
        out.extend(_clauses(s))
    return out or [text]


def resolve(claim: str, previous: str | None) -> str:
    """The claim with an opening reference ("The two countries", "He") replaced by the names
    of the previous sentence ("Blinken and Lavrov"); unchanged when there is none. An opener
    that only points back ("Since then, ...", "Previously, ...") is left out."""
    pointer = _POINTER_RE.match(claim)
    if pointer:
        rest = claim[pointer.end() :]
        claim = rest[:1].upper() + rest[1:]
    if not previous:
        return claim
    m = _REFERENCE_RE.match(claim)
    if not m:
        return claim
    names = entities_in_order(previous)
    if not names:
        return claim
    word = m.group(0)
    plural = word not in ("He", "She")
    if plural and len(names) < 2:
        return claim
    who = f"{names[0]} and {names[1]}" if plural else names[0]
    return who + claim[m.end() :]


__all__ = ["resolve", "split_claims"]
