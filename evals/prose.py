"""Scorers for how a summary reads (written independently of the engine's own rules, so
they can catch it): wire datelines left in, sentences that lean on context the summary does
not give, a headline copied from an outlet, and sentences that restate each other.

Each returns the indices of the offending sentences (or a bool for the headline); the runner
turns them into shares.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus.pipeline.context import ATTRIBUTIVE, has_word
from chorus.pipeline.headline_form import copies, repeats_opening
from chorus.pipeline.redundancy import restates
from chorus.pipeline.text import content_terms

# --- datelines -----------------------------------------------------------------------------

_DATELINE_PATTERNS = (
    # "JABIRU, Australia (AP) _", "WASHINGTON (Reuters) -", "(CNN) -", ", August 21 (Xinhua ) --"
    re.compile(
        r"\(\s*(?:AP|Reuters|Xinhua|AFP|CNN|UPI|dpa|Kyodo|PTI|IANS|ANI|TASS)\s*\)\s*"
        r"(?:--|—|–|-|_|:)?",
        re.IGNORECASE,
    ),  # fmt: skip
    # "CITY _", "WASHINGTON —", "CHARLOTTE, N.C. —" at the start
    re.compile(r"^[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?\s+(?:--|—|–|-|_)\s"),
    # "Beijing, August 21 --"
    re.compile(r"^[A-Z][\w.' -]{1,40},\s*[A-Z][a-z]{2,9}\.?\s*\d{1,2}\s*(?:--|—|–|_)\s"),
    # a wire underscore separator anywhere: " _ "
    re.compile(r"\s_\s"),
    # bylines
    re.compile(r"^By\s+[A-Z][A-Za-z.'’-]+\s+[A-Z][A-Za-z.'’-]+"),
)


def dateline_sentences(texts: Sequence[str]) -> list[int]:
    """Sentences that still carry a wire dateline or byline."""
    return [i for i, t in enumerate(texts) if any(p.search(t.strip()) for p in _DATELINE_PATTERNS)]


# --- unresolved openers --------------------------------------------------------------------

_CONNECTOR_OPENER_RE = re.compile(
    r"^(?:But|And|So,|Still,|However|Yet|Also|Meanwhile|Moreover|Furthermore|Instead|Indeed|"
    r"Nonetheless|Nevertheless|Thus|Besides|After all|In addition|Additionally|In fact|"
    r"Even so|That said|As a result|Therefore|Consequently|Likewise|Similarly)\b"
)
_PRONOUN_OPENER_RE = re.compile(
    r"^[\"“]?(?:He|She|They|It|His|Her|Their|Its|Him|Them|These|Those|Such|The move|"
    r"The decision|The two)\b|^(?:This|That)\b(?!\s+(?:week|month|year|morning|afternoon|"
    r"evening|night|weekend|time|day)\b)"
)
_BACK_CLAUSE_RE = re.compile(
    r"^(?:When|After|Since|Because|While|Although|As|If)\b[^,]{0,90}?\b(?:those|these|this|"
    r"that|it|he|she|they|him|her|them)\b[^,]{0,60},"
)
_PERSON_PRONOUN_RE = re.compile(r"^[\"“]?(?:He|She|His|Her|Him)\b")
_NAME_RE = re.compile(r"\b[A-Z][a-z’'-]+")  # a capitalised word that does not open the text
_OPENING_NAME_RE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?([A-Z][a-z’'-]{2,})\s+(?=[a-z])")
# The speaker after an opening quotation: "“Zero chance,” Paul said…".
_QUOTED_NAME_RE = re.compile(
    r"^[\"“][^\"“”]{2,300}[\"”]\s+(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?([A-Z][a-z’'-]{2,})\s+"
    r"(?=(?:said|says|added|told|wrote|asked)\b)"
)
# The subject after a fronted phrase: "In an interview on WABC, Paterson discussed…".
_FRONTED_NAME_RE = re.compile(
    r"^(?:In|During|At|On|After|Before|Speaking|Asked)\s[^,;:]{3,90},\s+([A-Z][a-z’'-]{2,})\s+"
    r"(?=[a-z])"
)
_COMMON_OPENERS = frozenset(
    """the a an in on at for as with by from after before when while since during despite
    democrats republicans officials police authorities critics supporters experts analysts
    lawmakers voters residents americans congress today yesterday monday tuesday wednesday
    thursday friday saturday sunday many most some several other both each every according
    there here what who why how where if although though because until unless last next
    earlier later""".split()
)


def unresolved_openers(texts: Sequence[str], article_texts: Sequence[str] = ()) -> list[int]:
    """Sentences that open with a connector, a clause pointing back, a pronoun with nothing
    before it to refer to (no earlier sentence; for he/she, no earlier full name), or a bare
    surname that the cited articles introduce in full but the summary never did."""
    source = " ".join(article_texts)
    out: list[int] = []
    for i, raw in enumerate(texts):
        t = raw.strip()
        before = " ".join(texts[:i])
        if _CONNECTOR_OPENER_RE.match(t):
            out.append(i)
        elif _PRONOUN_OPENER_RE.match(t) or _BACK_CLAUSE_RE.match(t):
            if i == 0 or (_PERSON_PRONOUN_RE.match(t) and not _NAME_RE.search(before[1:])):
                out.append(i)
        elif _needs_introduction(t, before, source):
            out.append(i)
    return out


def _needs_introduction(text: str, before: str, source: str) -> bool:
    """A bare surname opener ("Paul added…"), the bare surname subject after a fronted phrase
    ("In an interview…, Paterson discussed…") or the bare speaker of an opening quotation
    ("“Zero chance,” Paul said…"), whose first mention in the articles is a full name ("Rand
    Paul") while the summary has not named the person yet."""
    m = _OPENING_NAME_RE.match(text)
    if m is None or m.group(1).lower() in _COMMON_OPENERS:
        m = _FRONTED_NAME_RE.match(text) or _QUOTED_NAME_RE.match(text)
    if not source or not m or m.group(1).lower() in _COMMON_OPENERS:
        return False
    name = m.group(1)
    if text[m.end() :].split(" ", 1)[0] in ATTRIBUTIVE:
        return False  # "Trump administration officials…": the name qualifies a noun
    if has_word(before, name):
        return False
    first = re.search(r"\b" + re.escape(name) + r"\b", source)
    if not first:
        return False
    given = re.search(
        r"([A-Z][a-z’'-]+|[A-Z]\.)\s+$", source[max(0, first.start() - 30) : first.start()]
    )
    return given is not None and given.group(1).lower() not in _COMMON_OPENERS


# --- headline ------------------------------------------------------------------------------

# The definitions are the headline's own (`chorus.pipeline.headline_form`), so what the engine
# refuses and what the report counts are one rule; their tests are in tests/evals.


def headline_copied(headline: str, titles: Sequence[str]) -> bool:
    """True when the headline is an outlet's title, or nearly (one outlet's framing): most
    words in common, or its words in a row in the title."""
    return any(copies(headline, t) for t in titles if t)


def headline_repeats_lead(headline: str, first_sentence: str) -> bool:
    """True when the summary's first sentence opens by repeating the headline (most of its
    words in order, a weekday or two put in)."""
    return repeats_opening(headline, first_sentence)


# --- redundancy ----------------------------------------------------------------------------


def redundant_sentences(texts: Sequence[str]) -> list[int]:
    """Sentences one earlier sentence already states: most of their content words, and no
    figure of their own (`chorus.pipeline.redundancy.restates`, the engine's own rule)."""
    sets = [set(content_terms(t)) for t in texts]
    return [i for i, s in enumerate(sets) if any(restates(s, sets[j]) for j in range(i))]


__all__ = [
    "dateline_sentences",
    "headline_copied",
    "headline_repeats_lead",
    "prose_metrics",
    "redundant_sentences",
    "unresolved_openers",
]


def prose_metrics(
    texts: Sequence[str], headline: str, titles: Sequence[str], article_texts: Sequence[str]
) -> dict[str, float | None]:
    """Per-cluster shares of sentences with each problem, and whether the headline is a copy."""
    n = len(texts) or 1
    return {
        "datelines": len(dateline_sentences(texts)) / n,
        "unresolved_openers": len(unresolved_openers(texts, article_texts)) / n,
        "redundant_sentences": len(redundant_sentences(texts)) / n,
        "headline_copied": float(headline_copied(headline, titles)) if headline else None,
        "headline_repeats_lead": float(headline_repeats_lead(headline, texts[0] if texts else ""))
        if headline
        else None,
    }
