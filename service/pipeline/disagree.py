"""Disagreements on figures: when another article puts a different number on the same thing,
the summary says so in one sentence that cites both.

Two sentences from different articles disagree when they share most of their other words,
each has a figure with the same unit (%, percent, or the same following word), the figures
differ, and neither article states the other's figure anywhere (so it is not two different
quantities). The summary sentence then reads "… 35% or 36% (reports differ) …" and cites
both articles; the engine keeps it only if the checker supports it against both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chorus.pipeline.render import citation_markers
from chorus.pipeline.text import content_terms, normalise_number

CLOSE_RATIO = 1.25  # figures further apart than this are taken for different quantities
SAME_THING_AT = 0.5  # share of a sentence's non-number terms the other sentence must have
_FIGURE_RE = re.compile(
    r"(?<![\w.,$])(\$?\d{1,3}(?:,\d{3})+|\$?\d+(?:\.\d+)?)(\s*(?:%|percent\b|per cent\b)|"
    r"\s+(?:million|billion|trillion)\b)?(?:\s+([a-z]+))?"
)


@dataclass(frozen=True)
class Figure:
    value: str  # normalised number
    unit: str  # "%", "million", or the word after the number
    start: int
    end: int  # end of the number and its unit


def figures(text: str) -> list[Figure]:
    out = []
    for m in _FIGURE_RE.finditer(text):
        raw = m.group(1).lstrip("$")
        unit_part = (m.group(2) or "").strip().lower()
        unit = "%" if unit_part in {"%", "percent", "per cent"} else unit_part or (m.group(3) or "")
        end = m.end(2) if m.group(2) else m.end(1)
        out.append(Figure(normalise_number(raw), unit, m.start(1), end))
    return out


@dataclass(frozen=True)
class Conflict:
    figure: Figure  # in the summary sentence
    other: str  # the other article's figure as written ("36%")
    other_n: int  # the other article


def find_conflict(
    text: str,
    own: int,
    others: Sequence[tuple[str, int, frozenset[str]]],
    article_text: dict[int, str],
) -> Conflict | None:
    """The first figure in `text` that another article's similar sentence puts differently."""
    mine = figures(text)
    if not mine:
        return None
    my_terms = {t for t in content_terms(text) if not t[:1].isdigit()}
    if not my_terms:
        return None
    for other_text, n, other_terms in others:
        if n == own or len(my_terms & other_terms) / len(my_terms) < SAME_THING_AT:
            continue
        theirs = figures(other_text)
        for f in mine:
            for g in theirs:
                if not f.unit or f.unit != g.unit or rounded_alike(f.value, g.value):
                    continue
                if not _close(f.value, g.value):
                    continue  # far apart: more likely two different quantities
                if g.value in _values(article_text[own]) or f.value in _values(article_text[n]):
                    continue  # both figures in one article: two different quantities
                return Conflict(figure=f, other=other_text[g.start : g.end], other_n=n)
    return None


def rounded_alike(a: str, b: str) -> bool:
    """Equal, or one is the other rounded ("15,300" vs "15,000", "1.37" vs "1.4")."""
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    for coarse, fine in ((x, y), (y, x)):
        digits = len(f"{coarse:g}".replace(".", "").replace("-", "").strip("0")) or 1
        if coarse and float(f"{fine:.{digits}g}") == coarse:
            return True
    return False


def _close(a: str, b: str) -> bool:
    try:
        x, y = sorted((float(a), float(b)))
    except ValueError:
        return False
    return x > 0 and y / x <= CLOSE_RATIO


def _values(text: str) -> set[str]:
    return {f.value for f in figures(text)}


def state_conflict(text: str, conflict: Conflict) -> str:
    """The sentence with its figure given as both outlets' figures."""
    f = conflict.figure
    both = f"{text[f.start : f.end]} or {conflict.other} (reports differ)"
    return text[: f.start] + both + text[f.end :]


def settle_conflict(
    text: str,
    cites: list[int],
    conflict: Conflict,
    other_cites: list[int],
    supported: Callable[[str, list[int]], bool],
    warnings: list[str],
) -> tuple[str, list[int]]:
    """The sentence with both figures, citing both articles (`other_cites`: the other one with
    its wire copies), when the checker supports that; else the sentence as it was, and
    `warnings` gets the warning that says the articles differ."""
    both = sorted({*cites, *other_cites})
    stated = state_conflict(text, conflict)
    if supported(stated, both):
        return stated, both
    mine = text[conflict.figure.start : conflict.figure.end]
    warnings.append(
        f"articles differ on a figure: {mine} {citation_markers(cites)} "
        f"vs {conflict.other} [{conflict.other_n}]"
    )
    return text, cites


__all__ = ["Conflict", "Figure", "figures", "find_conflict", "settle_conflict", "state_conflict"]
