"""Names that denote one thing, and near copies that changed a name.

`aliases`: two words the source writes side by side ("President Trump") or one the acronym
of the other's run ("DACA" / "Deferred Action for Childhood Arrivals") are one name, not a
substitution. `copy_edits`: a claim that copies its evidence word for word except a short
stretch holding a name is a copy with a changed name (substituted, or moved to another
role); faithful compression only deletes, and rewording changes common words.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from chorus.checker.features import Features
from chorus.checker.quantities import MONTHS, WEEKDAYS
from chorus.pipeline.text import TITLES, stem

NEAR_COPY_SHARE = 0.75  # share of the claim's words in blocks copied from the span, in order
SHORT_EDIT = 3  # words: a longer changed stretch is a moved clause, not a moved name
_COORDINATION = frozenset({"and", "or", "nor", "&"})
CALENDAR = frozenset(stem(w) for w in (*WEEKDAYS, *MONTHS))  # capitalised, but no one's name


def aliases(a: str, b: str, text: str) -> bool:
    """Whether two words name one thing in the source `text` (as written, capitals kept):
    two forms of one word ("Democrat" / "Democratic", "Col." / "Colonel"), side by side
    ("President Trump", "Trump administration"), or one the acronym of a capitalised run
    ("DACA", "Deferred Action for Childhood Arrivals")."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if _one_word(a, b):
        return True
    low = _lower(text)
    if f"{a} {b}" in low or f"{b} {a}" in low:
        return True
    # the acronym's run must hold the other word: "UK" spelled out somewhere in the article
    # makes "UK" and "Kingdom" one name, not "UK" and "Hajizadeh"
    return any(
        word.startswith(y) or y.startswith(word)
        for x, y in ((a, b), (b, a))
        for run in spelled_out(x, text)
        for word in run
    )


_FILLERS = frozenset("of for and the on to in".split())
# abbreviated titles ("Lt. Col." for "Lieutenant Colonel")
_SHORT_TITLES = {
    "lt": "lieutenant", "col": "colonel", "gen": "general", "sgt": "sergeant",
    "capt": "captain", "gov": "governor", "sen": "senator", "rep": "representative",
    "pres": "president", "adm": "admiral", "maj": "major", "cmdr": "commander",
    "dept": "department", "atty": "attorney", "supt": "superintendent", "cpl": "corporal",
}  # fmt: skip


def _one_word(a: str, b: str) -> bool:
    """Two forms of one word: an abbreviated title ("Col." / "Colonel", stems too), or one the
    start of the other ("Democrat" / "Democratic", "Iran" / "Iranian"; four letters at least)."""
    for x, y in ((a, b), (b, a)):
        full = _SHORT_TITLES.get(x)
        if full is not None and full.startswith(y[:4]) and len(y) >= 4:
            return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short)


@lru_cache(maxsize=64)
def _lower(text: str) -> str:
    return text.lower()  # an article's text, asked about many names: lowered once


@lru_cache(maxsize=64)
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def initials_of(acronym: str, text: str) -> bool:
    """Whether `text` spells out `acronym` as a run of capitalised words' initials ("Deferred
    Action for Childhood Arrivals"; small linking words may sit inside)."""
    return bool(spelled_out(acronym, text))


@lru_cache(maxsize=4096)
def spelled_out(acronym: str, text: str) -> tuple[tuple[str, ...], ...]:
    """The runs of `text` (lower-cased words) that spell `acronym`: capitalised words' initials,
    linking words skipped or spelled ("Department of Justice" is DOJ, "Food and Drug
    Administration" FDA). A run that has a linking word goes on through "and" + capitalised
    words ("Centers for Disease Control and Prevention" for CDC); a bare run does not, so "the
    United States and China" does not make China part of the US. Words before the run
    through "of" belong to it ("Department of Health and Human Services" for HHS), and an
    acronym inside spells its letters ("U.S. Citizenship and Immigration Services", USCIS)."""
    if not 2 <= len(acronym) <= 8 or not acronym.isalpha():
        return ()
    acronym = acronym.lower()
    ws = [w.strip("\"“”'’(),.") for w in _words(text)]
    runs: list[tuple[str, ...]] = []
    for k, w in enumerate(ws):
        if w and w[0].isupper() and w[0].lower() == acronym[0]:
            end = _spell(ws, k, acronym)
            if end is not None:
                run = ws[_head(ws, k) : _extended(ws, k, end)]
                runs.append(tuple(x.lower().replace(".", "") for x in run))
    return tuple(runs)


def _head(ws: list[str], k: int) -> int:
    """The start of the name the run ends: "Department of" before "Health and Human Services"
    (HHS) is part of it; "and" is not (China in "China and the United States")."""
    while k >= 2 and ws[k - 1] in ("of", "for", "on") and ws[k - 2][:1].isupper():
        k -= 2
    return k


def _spell(ws: list[str], k: int, acronym: str) -> int | None:
    """Where a run spelling `acronym` from word k ends, or None (depth-first: a linking word
    is skipped, or spells its letter)."""
    if not acronym:
        return k
    if k >= len(ws) or not ws[k]:
        return None
    word = ws[k]
    if word.lower() in _FILLERS:
        if word[0].lower() == acronym[0]:
            end = _spell(ws, k + 1, acronym[1:])
            if end is not None:
                return end
        return _spell(ws, k + 1, acronym)
    bare = word.replace(".", "")
    if bare.isupper() and len(bare) > 1:  # an acronym inside ("U.S. Citizenship ..." = USCIS)
        for part in dict.fromkeys((bare.lower(), bare.lower()[:2])):
            if acronym.startswith(part):
                end = _spell(ws, k + 1, acronym[len(part) :])
                if end is not None:
                    return end
    if word[0].isupper() and word[0].lower() == acronym[0]:
        return _spell(ws, k + 1, acronym[1:])
    return None


def _extended(ws: list[str], k: int, end: int) -> int:
    if not any(w.lower() in _FILLERS for w in ws[k:end]):
        return end
    while end + 1 < len(ws) and ws[end] == "and" and ws[end + 1][:1].isupper():
        end += 2
    return end


def _named(f: Features, k: int, names: frozenset[str]) -> bool:
    """Whether the k-th token is a name: written capitalised (opening the sentence only when
    the cluster uses it as a name), and no weekday or month (the date detector reads those)."""
    return f.caps_at(k) and (k > 0 or f.stem_seq[k] in names) and f.stem_seq[k] not in CALENDAR


def contains_run(seq: Sequence[str], part: Sequence[str]) -> bool:
    """Whether `part` stands in `seq` as a contiguous run."""
    n = len(part)
    return any(list(seq[k : k + n]) == list(part) for k in range(len(seq) - n + 1))


def _in_list(seq: list[str], a: int, b: int) -> bool:
    """Whether seq[a:b] holds "and"/"or" ("Lavrov and" moved before "Blinken"): a list's
    order carries no roles."""
    return bool(_COORDINATION & set(seq[a:b]))


def _crossed(moved: list[str], c_seq: list[str], s_seq: list[str]) -> bool:
    """Whether two of the moved names come in the opposite order in the span: an exchange
    ("Texas v. California"), not two appositions each moved beside its own name
    ("Republican Roy Moore and Democrat Doug Jones" ~ "Roy Moore, a Republican, and ...")."""
    seen = [w for w in dict.fromkeys(moved) if w in s_seq]
    ours = sorted(seen, key=c_seq.index)
    theirs = sorted(seen, key=s_seq.index)
    return len(seen) >= 2 and ours != theirs


Opcode = tuple[str, int, int, int, int]
# The diff is quadratic in the words (cubic on repetitive text: 10,000 characters of
# "[1][2][3](x) " took 39 s); past this many words in either side it is not computed.
MAX_DIFF_WORDS = 300


@lru_cache(maxsize=256)
def copy_diff(span: tuple[str, ...], claim: tuple[str, ...]) -> tuple[int, tuple[Opcode, ...]]:
    """(claim words in blocks copied from the span in order, the edit opcodes span -> claim):
    one diff per claim and span, read by every near-copy detector."""
    if span == claim:
        return len(claim), (("equal", 0, len(span), 0, len(claim)),)
    if max(len(span), len(claim)) > MAX_DIFF_WORDS:
        return 0, ()  # no sentence of a summary is this long: not a near copy
    matcher = SequenceMatcher(None, span, claim, autojunk=False)
    copied = sum(size for *_ab, size in matcher.get_matching_blocks())
    return copied, tuple(matcher.get_opcodes())


def copy_edits(
    claim: Features, span: Features, names: frozenset[str], text: str = ""
) -> tuple[int, int]:
    """(substituted, moved): in a claim that is a near copy of its span, the changed stretches
    holding a name or a number the span lacks (where the span has another), and the short
    ones holding names that traded places with others ("Wade v. Roe" for "Roe v. Wade").
    One phrase moved whole ("On Wednesday, ..." to the end) is a reordering, not a swap.
    (0, 0) when the claim is no near copy."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    if len(c_seq) < 6:
        return 0, 0
    copied, opcodes = copy_diff(tuple(s_seq), tuple(c_seq))
    if copied < NEAR_COPY_SHARE * len(c_seq):
        return 0, 0
    ops = [op for op in opcodes if op[0] != "equal"]
    left = [s_seq[i1:i2] for _op, i1, i2, _j1, _j2 in ops if i2 > i1]
    there = frozenset(s_seq)
    substituted = moved = 0
    whole: list[tuple[str, ...]] = []
    for op, i1, i2, j1, j2 in ops:
        named = [k for k in range(j1, j2) if _named(claim, k, names)]
        counts = [k for k in range(j1, j2) if c_seq[k][:1].isdigit() and c_seq[k] not in there]
        if counts and op == "replace" and any(w[:1].isdigit() for w in s_seq[i1:i2]):
            substituted += 1  # "6.8 million" where the span has "13.8 million"
            continue
        if not named:
            continue
        new = [k for k in named if c_seq[k] not in there]
        if new:
            old = span.tokens[i1:i2]
            held = any(
                _named(span, i, names) or s_seq[i][:1].isdigit() or s_seq[i] in TITLES
                for i in range(i1, i2)
            )
            if (
                op == "replace"
                and held  # the span named someone there ("He", resolved to a name, is no swap)
                and not any(aliases(claim.tokens[k], w, text) for k in new for w in old)
            ):
                substituted += 1
        elif j2 - j1 <= SHORT_EDIT:
            block = c_seq[j1:j2]
            if op == "replace" and any(_named(span, i, names) for i in range(i1, i2)):
                if not _in_list(c_seq, j1, j2):
                    moved += 1  # a name where the span has another name it has elsewhere
            elif any(contains_run(part, block) or contains_run(block, part) for part in left):
                whole.append(tuple(c_seq[k] for k in named))  # a phrase moved whole
            elif any(sorted(part) == sorted(block) for part in left) and not _COORDINATION & set(
                block
            ):
                moved += 1  # "Texas v." where the span has "v. Texas" ("and Mexico" is a list)
    if len(whole) >= 2 and _crossed([w for ws in whole for w in ws], c_seq, s_seq):
        moved += len(whole)  # phrases that exchanged places
    return min(2, substituted), min(2, moved)


__all__ = [
    "CALENDAR",
    "NEAR_COPY_SHARE",
    "aliases",
    "contains_run",
    "copy_diff",
    "copy_edits",
    "initials_of",
    "spelled_out",
]
