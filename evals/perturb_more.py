"""More ways to break a faithful sentence: an antonym, two names' roles swapped, an
invented clause, an invented detail (a duration or count the article never gives), another
rank ("the first meeting" -> "the third meeting"). Pure
functions of the text (and the cluster's names); None when the sentence offers nothing to
break that way.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

# Surface forms and their opposites (inflection kept), used to write the broken sentence.
_OPPOSITES = {
    "rose": "fell", "fell": "rose", "rise": "fall", "rising": "falling", "increased": "decreased",
    "decreased": "increased", "increase": "decrease", "won": "lost", "lost": "won",
    "win": "lose", "approved": "rejected", "rejected": "approved", "supported": "opposed",
    "opposed": "supported", "support": "oppose", "oppose": "support", "agreed": "refused",
    "accepted": "rejected", "allowed": "banned", "banned": "allowed", "higher": "lower",
    "lower": "higher", "more": "fewer", "before": "after", "after": "before", "first": "last",
    "last": "first", "praised": "criticized", "criticized": "praised", "condemned": "praised",
    "endorsed": "opposed", "strong": "weak", "weak": "strong", "open": "closed",
    "guilty": "innocent", "legal": "illegal", "illegal": "legal", "improved": "worsened",
    "expanded": "cut", "gained": "lost", "boost": "cut", "raise": "lower", "raised": "lowered",
    "passed": "failed", "acquitted": "convicted", "convicted": "acquitted", "joined": "left",
    "entered": "left", "began": "ended", "started": "stopped", "large": "small", "big": "small",
    "largest": "smallest", "biggest": "smallest", "highest": "lowest", "lowest": "highest",
    "positive": "negative", "negative": "positive", "majority": "minority", "up": "down",
    "success": "failure", "victory": "defeat", "ally": "rival", "welcomed": "condemned",
}  # fmt: skip
_WORD_RE = re.compile(r"\b[a-z]+\b")
_NAME_RE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")
_QUOTE_RE = re.compile(r"[\"“][^\"“”]*[\"”]")
_CLAUSES = (
    ", and {a} later resigned over the matter",
    ", after {a} threatened to sue {b}",
    ", a move {a} had secretly funded",
    ", which {a} said would cost {n} million dollars",
)


_ORDINAL_SHIFT = {
    "first": "third", "second": "fourth", "third": "first", "fourth": "second",
    "fifth": "seventh", "sixth": "eighth", "seventh": "fifth", "eighth": "sixth",
    "ninth": "seventh", "tenth": "eighth",
}  # fmt: skip
_ORDINAL_RE = re.compile(
    r"\b(?:(\d+)(st|nd|rd|th)|(" + "|".join(_ORDINAL_SHIFT) + r"))(?=[\s-]+[a-z])", re.IGNORECASE
)


def ordinal_change(text: str) -> tuple[str, str] | None:
    """The first ordinal ranking a word (outside quotes) given another rank: "the first
    high-level meeting" -> "the third high-level meeting", "21st century" -> "23rd century"."""
    quoted = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    for m in _ORDINAL_RE.finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        if m.group(1):
            n = int(m.group(1)) + 2
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            new = f"{n}{suffix}"
        else:
            word = m.group(3)
            new = _ORDINAL_SHIFT[word.lower()]
            new = new.capitalize() if word[0].isupper() else new
        return text[: m.start()] + new + text[m.end() :], f"{m.group(0)} -> {new}"
    return None


def antonym(text: str) -> tuple[str, str] | None:
    """The first word with a listed opposite (outside quotes) replaced by it."""
    quoted = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    for m in _WORD_RE.finditer(text):
        if m.group(0) in _OPPOSITES and not any(a <= m.start() < b for a, b in quoted):
            new = _OPPOSITES[m.group(0)]
            return text[: m.start()] + new + text[m.end() :], f"{m.group(0)} -> {new}"
    return None


def role_swap(text: str, known: Sequence[str]) -> tuple[str, str] | None:
    """Two different known names of the sentence (outside quotes) trade places."""
    quoted = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    found = [
        m
        for m in _NAME_RE.finditer(text)
        if m.group(0) in known and not any(a <= m.start() < b for a, b in quoted)
    ]
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.group(0) != b.group(0) and text[a.end() : b.start()].strip(" ,") != "and":
                out = (
                    text[: a.start()] + b.group(0) + text[a.end() : b.start()] + a.group(0)
                    + text[b.end() :]
                )  # fmt: skip
                return out, f"{a.group(0)} <-> {b.group(0)}"
    return None


_VERB_RE = re.compile(
    r"\b(?:said|met|spoke|told|held|made|took|gave|left|went|came|found|sent|won|lost|"
    r"[a-z]{3,}ed)\b"
)
_DETAILS = ("for about {n} minutes", "for nearly {n} hours", "on {n} occasions",
            "for more than {n} days", "with about {n} aides")  # fmt: skip


def invented_detail(text: str, rng: random.Random) -> tuple[str, str] | None:
    """A precise detail no article gives ("spoke for about 10 minutes" where the source says
    "spoke briefly"), put after the sentence's first verb outside quotes, when the sentence
    has no number of its own."""
    if re.search(r"\d", text):
        return None
    quoted = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    verb = next(
        (m for m in _VERB_RE.finditer(text) if not any(a <= m.start() < b for a, b in quoted)),
        None,
    )
    if verb is None:
        return None
    detail = rng.choice(_DETAILS).format(n=rng.choice((3, 10, 12, 40)))
    out = text[: verb.end()] + " " + detail + text[verb.end() :]
    return out, f"added detail '{detail}'"


def invented_clause(text: str, names: Sequence[str], rng: random.Random) -> tuple[str, str] | None:
    """A clause no article states, built from the cluster's own names, added to the end."""
    if len(names) < 2 or not text.rstrip().endswith("."):
        return None
    a, b = rng.sample(list(names[:8]), 2)
    clause = rng.choice(_CLAUSES).format(a=a, b=b, n=rng.choice((4, 35, 120)))
    return text.rstrip()[:-1] + clause + ".", f"added clause '{clause.strip(', ')}'"


__all__ = ["antonym", "invented_clause", "invented_detail", "role_swap"]
