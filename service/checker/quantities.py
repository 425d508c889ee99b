"""Numbers with their units and hedges, and dates, read from text and compared.

"about 10 minutes" is a `Quantity(10, "minute", "approx")`; "more than 100" covers 116;
"nearly 100,000" ~ 99,500; "Thirty-five percent" = 35 %; tokenised copy ("235, 000",
"98. 7") is mended first. A claim's quantity either matches one in its evidence, conflicts
with one (same unit, other value; same value, other unit of the same kind), or is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from chorus.pipeline.text import STOPWORDS, stem

_UNITS_WORDS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000,
}  # fmt: skip
_PLURAL_SCALES = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
                  "billions": 1_000_000_000}  # fmt: skip
_HEDGES = {
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx",
    "some": "approx", "nearly": "approx", "almost": "approx", "estimated": "approx",
    "over": "more", "above": "more", "exceeding": "more", "least": "more", "upwards": "more",
    "under": "less", "below": "less", "most": "less", "within": "less",
}  # fmt: skip
# Units of the same kind: a claim's "10 hours" against the evidence's "10 minutes" conflicts.
_KIND_WORDS = {
    "time": "second minute hour day week month year decade",
    "share": "% point",
    "money": "$ dollar euro pound yen yuan rupee",
    "length": "mile kilometre kilometer km meter metre feet foot yard",
}
_KINDS = {stem(w): kind for kind, ws in _KIND_WORDS.items() for w in ws.split()}
_SAME_UNIT = {"$": stem("dollar"), stem("dollars"): stem("dollar"), "%": stem("percent")}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "june", "july", "august", "september",
          "october", "november", "december")  # fmt: skip
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+\w*(?:'[a-z]+)?|%|\$")
_SHORT_SCALE_RE = re.compile(r"(\d)\s?(bn|[BMK])\b")
_SHORT = {"b": "billion", "bn": "billion", "m": "million", "k": "thousand"}
_SPLIT_THOUSANDS_RE = re.compile(r"(\d), (\d{3})\b")
_SPLIT_DECIMAL_RE = re.compile(r"(\d)\. (\d+)(?=\s*(?:%|percent|per cent|million|billion)\b)")
# One scan that every text `mend` would rewrite matches (each of its three patterns opens so):
# most sentences hold a figure, few a tokenised one, and one scan costs a third of three.
_MEND_HINT_RE = re.compile(r"\d(?:, \d|\s?(?:bn|[BMK])\b|\. \d)")


_WEAK = frozenset("a an the of and or to in on".split())
# Spans of years, as written: the one home of "a decade is ten years", read by parsed
# quantities (by stem) and by `in_years` (by word).
_YEAR_SPANS = {"decade": 10, "decades": 10, "century": 100, "centuries": 100}
_IN_YEARS = {stem(w): n for w, n in _YEAR_SPANS.items()}


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None  # stem of the counted noun, "%" or "$"; None when bare
    hedge: str  # "exact" | "approx" | "more" | "less"
    text: str  # as written, for reasons ("about 10 minutes")
    left: str = ""  # the words either side, where a changed number keeps its place
    right: str = ""

    @property
    def kind(self) -> str | None:
        return _KINDS.get(self.unit or "")


_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_COMPOUND_RE = re.compile(rf"\b({_TENS})[- ]({_ONES})\b", re.IGNORECASE)


def spell_out_digits(text: str) -> str:
    """Compound number words as digits ("Thirty-five" -> "35"), so they match figures."""
    if "-" not in text and " " not in text:
        return text
    low = text.lower()  # every tens word ends in "ty": no "ty-" or "ty " means no match
    if "ty-" not in low and "ty " not in low:
        return text
    return _COMPOUND_RE.sub(_compound_value, text)


_ONE_TO_NINE = {w: i + 1 for i, w in enumerate(_ONES.split("|"))}
_SPANS_RE = re.compile(rf"\b(a|{_ONES}|ten|\d+)\s+({'|'.join(_YEAR_SPANS)})\b", re.IGNORECASE)


def in_years(text: str) -> str:
    """Decades and centuries as years ("five decades" -> "50 years", "a century" -> "100
    years"), so the words match a figure written in years."""

    def years(m: re.Match[str]) -> str:
        n = m.group(1).lower()
        count = 1 if n == "a" else 10 if n == "ten" else _ONE_TO_NINE.get(n) or int(n)
        return f"{count * _YEAR_SPANS[m.group(2).lower()]} years"

    return _SPANS_RE.sub(years, text)


def _compound_value(m: re.Match[str]) -> str:
    """ "Twenty-one" -> "21" (`_UNITS_WORDS` has no "one": alone it is rarely a figure)."""
    return str(_UNITS_WORDS[m.group(1).lower()] + _ONE_TO_NINE[m.group(2).lower()])


def mend(text: str) -> str:
    """Undo tokenised numbers: "235, 000" -> "235,000"; "98. 7 percent" -> "98.7 percent"."""
    if not _MEND_HINT_RE.search(text):
        return text
    if ", " in text:
        text = _SPLIT_THOUSANDS_RE.sub(r"\1,\2", text)
    text = _SHORT_SCALE_RE.sub(lambda m: f"{m.group(1)} {_SHORT[m.group(2).lower()]}", text)
    return _SPLIT_DECIMAL_RE.sub(r"\1.\2", text) if ". " in text else text


def _number_at(toks: list[str], i: int) -> tuple[float, int] | None:
    """The number starting at token i and the index after it, or None."""
    t = toks[i]
    if t[0].isdigit():
        try:
            value = float(t.replace(",", ""))
        except ValueError:
            return None
        j = i + 1
    elif t in _UNITS_WORDS:
        value = float(_UNITS_WORDS[t])
        j = i + 1
        if value >= 20 and j < len(toks) and toks[j] in _UNITS_WORDS and _UNITS_WORDS[toks[j]] < 10:
            value += _UNITS_WORDS[toks[j]]
            j += 1
    elif t == "a" and i + 1 < len(toks) and toks[i + 1] in ("dozen", "hundred", "thousand",
                                                             "decade", "century"):  # fmt: skip
        value, j = 1.0, i + 1
    elif t in _PLURAL_SCALES:  # "tens of thousands", "millions of"
        return float(_PLURAL_SCALES[t]), i + 1
    else:
        return None
    while j < len(toks) and toks[j] in _SCALES:
        value *= _SCALES[toks[j]]
        j += 1
    return value, j


def _hedge(toks: list[str], i: int) -> str:
    prev = toks[i - 1] if i >= 1 else ""
    prev2 = toks[i - 2] if i >= 2 else ""
    if prev == "than":
        return "more" if prev2 in ("more", "greater", "higher") else "less"
    if prev in ("to",) and prev2 == "up":
        return "less"
    return _HEDGES.get(prev, "exact")


def _unit(toks: list[str], j: int, dollar: bool) -> str | None:
    if dollar:
        return "$"
    if j >= len(toks):
        return None
    nxt = toks[j]
    if nxt in ("%", "percent"):
        return "%"
    if nxt == "per" and j + 1 < len(toks) and toks[j + 1] == "cent":
        return "%"
    if nxt in STOPWORDS or nxt[0].isdigit():
        return None
    return stem(nxt)


@lru_cache(maxsize=8192)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity in text, with its unit and hedge."""
    toks = _TOKEN_RE.findall(mend(text).lower().replace("’", "'").replace("-", " "))
    out: list[Quantity] = []
    i = 0
    while i < len(toks):
        got = _number_at(toks, i)
        if got is None:
            i += 1
            continue
        value, j = got
        dollar = i >= 1 and toks[i - 1] == "$"
        unit = _unit(toks, j, dollar)
        if unit in _IN_YEARS:  # "a decade" = "ten years"
            value, unit = value * _IN_YEARS[unit], stem("year")
        if unit is None and toks[i][0].isdigit() and "." not in toks[i] and 1900 <= value <= 2100:
            unit = "year-date"
        hedge = _hedge(toks, i - 1 if dollar else i)
        if hedge == "more" and toks[i - 1] == "over" and _KINDS.get(unit or "") == "time":
            hedge = "exact"  # "over five years" is a span of time, not "more than five"
        first = i - 1 if hedge != "exact" or dollar else i
        last = j + 1 if unit not in (None, "year-date") else j
        text = " ".join(toks[max(0, first) : last])
        left = toks[i - 1] if i >= 1 and toks[i - 1] not in _WEAK else ""
        right = toks[j] if j < len(toks) and toks[j] not in _WEAK else ""
        out.append(Quantity(value, unit, hedge, text, left, right))
        i = j
    return tuple(out)


def _close(a: float, b: float, share: float = 0.1) -> bool:
    return abs(a - b) <= share * max(abs(a), abs(b), 1e-9)


def covers(claim: Quantity, ev: Quantity) -> bool:
    """Whether the evidence's value makes the claim's (hedged) value true."""
    if claim.hedge == "more":
        return ev.value >= claim.value or (ev.hedge == "more" and ev.value >= claim.value * 0.9)
    if claim.hedge == "less":
        return ev.value <= claim.value or (ev.hedge == "less" and ev.value <= claim.value * 1.1)
    if claim.value == ev.value:
        return True
    if claim.hedge == "approx" or ev.hedge == "approx":
        return _close(claim.value, ev.value)
    if ev.hedge in ("more", "less") and claim.unit != "year-date":
        return _close(claim.value, ev.value, 0.2)
    return False


def units_agree(a: Quantity, b: Quantity) -> bool:
    """Same unit, or two counts of things ("6.6 million people" ~ "6.6 million individuals":
    the noun is the words' business); measures must share their unit (minutes vs hours)."""
    if (
        a.unit is None
        or b.unit is None
        or _SAME_UNIT.get(a.unit, a.unit) == _SAME_UNIT.get(b.unit, b.unit)
    ):
        return True
    if a.unit[:4] == b.unit[:4] and len(a.unit) > 3:
        return True
    if "year-date" in (a.unit, b.unit):  # "his 2017 run" ~ "2017's election"
        return a.value == b.value and 1900 <= a.value <= 2100 and None in (a.kind, b.kind)
    return a.kind is None and b.kind is None


@dataclass
class NumberCheck:
    matched: int = 0
    missing: int = 0
    conflict: str | None = None  # what the source says instead ("10 minutes")
    unmatched: list[str] = field(default_factory=list)  # the claim's values not matched


def _rivals(q: Quantity, e: Quantity, claim: tuple[Quantity, ...]) -> bool:
    """Whether the evidence's `e` states, in the claim's `q` place, another value."""
    if q.unit is not None and e.unit == q.unit and q.unit != "year-date":
        return True
    if q.kind is not None and e.kind == q.kind and covers(q, e):
        return True  # 10 hours vs 10 minutes
    if q.unit == "year-date" and e.unit == "year-date":
        return True
    # The same place in the sentence ("from 27 to 21" vs "from 18 to 21", "Dec. 12"), with
    # a value no claim quantity accounts for.
    same_place = (q.left and q.left == e.left) or (q.right and q.right == e.right)
    return bool(same_place) and not any(covers(c, e) or covers(e, c) for c in claim)


def compare_quantities(claim: tuple[Quantity, ...], evidence: tuple[Quantity, ...]) -> NumberCheck:
    """Each claim quantity: matched by an evidence quantity, in conflict with one, or missing."""
    out = NumberCheck()
    for q in claim:
        if any(units_agree(q, e) and covers(q, e) for e in evidence):
            out.matched += 1
            continue
        # an evidence value that another claim quantity states is that one's, not a rival
        # ("from 4.4% in March to 14.7% in April" against "The rate was 4.4 percent in March")
        rival = next(
            (
                e
                for e in evidence
                if _rivals(q, e, claim)
                and not any(c is not q and units_agree(c, e) and covers(c, e) for c in claim)
            ),
            None,
        )
        out.unmatched.append(str(int(q.value)) if q.value.is_integer() else str(q.value))
        if rival is not None and out.conflict is None:
            out.conflict = f"source says {rival.text}"
        out.missing += rival is None
    return out


_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_ORDINAL_RE = re.compile(
    r"\b(?:(\d+)(?:st|nd|rd|th)|(" + "|".join(_ORDINAL_WORDS) + r"))[\s-]+([a-z]+(?:-[a-z]+)*)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def ordinals(text: str) -> tuple[tuple[int, str, str], ...]:
    """Ordinals with the word they rank and as written ("the third high-level meeting" ->
    (3, "high", "third high"), "21st century" -> (21, "centuri", "21st century")); stop words
    after them rank nothing."""
    if not any(ch.isdigit() for ch in text) and not _ORDINAL_WORDS.keys() & set(
        text.lower().replace("-", " ").split()
    ):
        return ()
    out = []
    for m in _ORDINAL_RE.finditer(text):
        word = m.group(3).lower().split("-")[0]
        if word in STOPWORDS:
            continue
        value = int(m.group(1)) if m.group(1) else _ORDINAL_WORDS[m.group(2).lower()]
        out.append((value, stem(word), m.group(0)))
    return tuple(out)


def ordinal_conflict(claim: str, evidence: str) -> str | None:
    """An ordinal the evidence gives another value for the same thing ("the third meeting"
    vs "the first meeting"). An ordinal the evidence lacks is no finding: "first" is too
    common a word to count as a missing figure."""
    theirs = ordinals(evidence)
    for value, word, _as_written in ordinals(claim):
        if any(v == value and w == word for v, w, _t in theirs):
            continue
        rival = next((t for v, w, t in theirs if w == word), None)
        if rival is not None:
            return f"source says {rival}"
    return None


_MAY_RE = re.compile(
    r"(?:\b(?:in|of|on|since|until|by|early|late|mid|last|next)\s+May\b|\bMay\s+\d)"
)
_RELATIVE_RE = re.compile(r"\b(last|next|this|previous|coming)\s+(week|month|year|weekend)\b")
_RELATIVE = {"previous": "last", "coming": "next"}


@lru_cache(maxsize=8192)
def dates(text: str) -> frozenset[str]:
    """Weekdays and months named in text, and relative dates ("last week", "next year")."""
    low = text.lower()
    named = frozenset(w for w in (*WEEKDAYS, *MONTHS) if w in low)
    if "May" in text and _MAY_RE.search(text):  # the month, not the modal verb
        named |= {"may"}
    if not any(w in low for w in ("last", "next", "this", "previous", "coming")):
        return named
    rel = (f"{_RELATIVE.get(a, a)} {b}" for a, b in _RELATIVE_RE.findall(low))
    return named | frozenset(rel)


def date_conflict(claim: frozenset[str], evidence: frozenset[str]) -> str | None:
    """A weekday, month or relative date in the claim where the evidence names a different
    one ("last week" vs "next week"; "this year" vs "last year")."""
    for group in (WEEKDAYS, (*MONTHS, "may")):  # "may" is in `dates` only as the month
        mine = {d for d in claim if d in group}
        theirs = {d for d in evidence if d in group}
        if mine and theirs and not mine & theirs:
            return f"source says {sorted(theirs)[0].capitalize()}"
    for unit in ("week", "month", "year", "weekend"):  # "last week" vs "next week"
        mine = {d for d in claim if d.endswith(f" {unit}")}
        theirs = {d for d in evidence if d.endswith(f" {unit}")}
        if mine and theirs and not mine & theirs:
            return f"source says {sorted(theirs)[0]}"
    return None


__all__ = [
    "NumberCheck",
    "Quantity",
    "compare_quantities",
    "covers",
    "date_conflict",
    "dates",
    "in_years",
    "mend",
    "ordinal_conflict",
    "ordinals",
    "quantities",
    "spell_out_digits",
    "units_agree",
]
