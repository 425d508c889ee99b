"""Stage 3: split docs into sentences with stable ids and char spans.

A rule-based splitter that survives abbreviations (U.S., Mr., Jan.), initials, decimals,
ellipses inside sentences and closing quotes after the final stop.
"""

from __future__ import annotations

import re

from chorus.pipeline.reporting import REPORTING_VERBS
from chorus.pipeline.schema import Corpus, Sentence
from chorus.pipeline.titles import PLURAL_TITLES, TITLE_ABBREVIATIONS

ABBREVIATIONS = frozenset(t.lower() for t in TITLE_ABBREVIATIONS + PLURAL_TITLES) | frozenset(
    """sr jr st mt ft hon insp det mme mlle jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun no nos vol vols fig figs p pp ed eds etc vs v
    al approx est inc ltd co corp bros dept univ assn ave blvd rd hwy sq mil ca cf ie eg
    """.split()
)
# Dotted acronyms that can end a sentence: split after them only before a typical starter.
_DOTTED_ACRONYM_RE = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i in on at but and or so yet this that these those there his
    her their its our if when while after before as for however meanwhile still then some many
    most no not one two three mr mrs ms dr officials""".split()
)
_CANDIDATE_RE = re.compile(
    r"""(?P<stop>[.!?…]+)(?P<close>["'”’»)\]]*)(?P<space>\s+)(?=(?P<next>["“‘'«(\[]?\S))"""
)
# The word before a stop: the longest run of these characters ending there, read backwards
# (a search anchored at the end tries every start position; a match on the reversed text is
# one pass).
_WORD_BEFORE_REVERSED_RE = re.compile(r"[\w.’'-]+")
_WORD_CHAR_RE = re.compile(r"\w")
_NEXT_WORD_RE = re.compile(r"""["“‘'«(\[]?([\w’'-]+)""")


def _word_before(before: str) -> str:
    """The word `before` ends with, as a search for that run anchored with `$` finds it
    (`$` also matches before a final newline)."""
    if before.endswith("\n"):
        before = before[:-1]
    wb = _WORD_BEFORE_REVERSED_RE.match(before[::-1])
    return wb.group(0)[::-1] if wb else ""


# After a quotation closed by a full stop, its speaker and nothing more ("Politico reported,
# citing…", "Trump said on Twitter.", "Smith argued, adding…"): still the quotation's sentence,
# not a new one. The verbs are the reporting table's, with the forms that only follow a
# quotation ("reports", "continued", "concluded"); "told" only as "told reporters" (after "told"
# comes whom, and "Trump told Fox News" may open a new sentence).
_AFTER_QUOTE_VERBS = sorted(
    (REPORTING_VERBS - {"told", "tell", "tells", "according"})
    | {"reports", "continued", "concluded", "told reporters"},
    key=lambda v: (-len(v), v),
)
_ATTRIBUTION_AFTER_RE = re.compile(
    r"(?:[A-Z][\w.’'-]*\s+){0,4}(?:" + "|".join(_AFTER_QUOTE_VERBS) + r")(?:[,.]|\s+(?:on|in|"
    r"at|during|after|citing|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
)


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    stop = m.group("stop")
    before = text[max(0, m.start() - 64) : m.start()]
    next_word_match = _NEXT_WORD_RE.match(text, m.end())
    next_word = next_word_match.group(1) if next_word_match else ""
    if "\n" in m.group("space"):
        return True
    if text.startswith(("—", "–", "--"), m.end()) and _dateline_place(_word_before(before)):
        return False  # "CHARLOTTE, N.C. — The election…": the dateline goes on to its dash
    if not next_word:
        return True
    if m.group("close") and _ATTRIBUTION_AFTER_RE.match(text, m.end()):
        return False  # '…office atmosphere." Politico reported, citing…': the quote's speaker
    first = next_word[0]
    # A lower-case continuation is never a new sentence ("U.S. officials", "e.g. the").
    if first.islower():
        return False
    if stop != ".":
        return True
    word = _word_before(before)
    bare = word.rstrip(".").lower()
    if _DOTTED_ACRONYM_RE.search(word + "."):
        # "U.S." ends a sentence only when a typical sentence starter or a quotation follows.
        return next_word.lower() in _SENTENCE_STARTERS or m.group("next")[:1] in '“"‘'
    if bare in ABBREVIATIONS and not m.group("close") and not _a_name(word):
        return False
    # Initials: "J. K. Rowling", "George W. Bush".
    return not (len(bare) == 1 and word[:1].isupper() and not m.group("close"))


def _dateline_place(word: str) -> bool:
    """A place abbreviation a dateline ends with before its dash ("N.C.", "D.C.", "Calif.")."""
    bare = word.rstrip(".")
    return bool(_DOTTED_ACRONYM_RE.search(word + ".")) or (
        bare[:1].isupper() and bare.isalpha() and len(bare) <= 5
    )


def _a_name(word: str) -> bool:
    """A capitalised "Al." is a name ending a sentence ("... including El Al."), not
    the "al." of "et al."."""
    return word.rstrip(".") == "Al"


_QUOTE_LOOKAHEAD = 600


def _inside_quote(text: str, para_start: int, pos: int) -> bool:
    """True when pos sits inside a double quotation that closes later in the paragraph."""
    segment = text[para_start:pos]
    curly = segment.count("“") - segment.count("”")
    straight = segment.count('"') % 2
    if curly <= 0 and not straight:
        return False
    ahead = text[pos : pos + _QUOTE_LOOKAHEAD]
    para_end = ahead.find("\n")
    if para_end != -1:
        ahead = ahead[:para_end]
    return ("”" in ahead) if curly > 0 else ('"' in ahead)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Char spans (start, end) of the sentences in text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE_RE.finditer(text):
        # Quote state is counted from the current sentence's start: we never split inside
        # a quotation, so every sentence starts outside one (and this stays linear).
        para_start = max(start, text.rfind("\n", start, m.start()) + 1)
        if "\n" not in m.group("space") and _inside_quote(text, para_start, m.end("close")):
            continue
        if _is_boundary(text, m):
            end = m.start("space")
            spans.append((start, end))
            start = m.end("space")
    # Line breaks without a stop are boundaries too (headings, bullet lines).
    if start < len(text):
        spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        for ps, pe in _split_lines(text, s, e):
            seg = text[ps:pe]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            ps, pe = ps + lead, pe - trail
            if pe <= ps:
                continue
            if out and not _WORD_CHAR_RE.search(text, ps, pe):
                # Stray punctuation (" .") joins the previous sentence.
                out[-1] = (out[-1][0], pe)
                continue
            out.append((ps, pe))
    return out


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl == -1:
            pieces.append((pos, end))
            return pieces
        pieces.append((pos, nl))
        pos = nl + 1


def segment(corpus: Corpus) -> Corpus:
    """Return the corpus with its sentences filled in (ids "<n>:<index>")."""
    sentences: list[Sentence] = []
    for doc in corpus.docs:
        for index, (s, e) in enumerate(split_sentences(doc.text)):
            # Built from validated parts: skip re-validation on this hot path.
            sentences.append(
                Sentence.model_construct(
                    id=f"{doc.n}:{index}", n=doc.n, index=index, start=s, end=e, text=doc.text[s:e]
                )
            )
    return corpus.model_copy(update={"sentences": sentences})
