"""Citation markers in text: `[1]`, `[1, 2]`, `[1-3]`, `[Article 2]`; summaries written as
prose with markers parsed into sentences; cited numbers resolved against the cluster.

Used by the LLM engine (its plain-text answers), `verify` and the checker (anyone's summary).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus.pipeline.schema import Corpus, DraftSentence
from chorus.pipeline.segment import split_sentences

# [1] [1,2] [1, 2] [1-3] [1–3] [1 and 2] [Article 2] [source 3]
_MARKER_RE = re.compile(
    r"\[\s*(?:(?:articles?|sources?|ref)\s*)?"
    r"(\d{1,4}(?:\s*(?:[-–,;]|and)\s*\d{1,4})*)\s*\]",
    re.IGNORECASE,
)
_LEADING_MARKERS_RE = re.compile(r"^(?:\s*" + _MARKER_RE.pattern + r")+", re.IGNORECASE)
_HEADLINE_RE = re.compile(r"^\s*(?:\*\*)?headline(?:\*\*)?\s*:\s*(.+?)\s*$", re.I | re.M)
_SUMMARY_LABEL_RE = re.compile(r"^\s*(?:\*\*)?summary(?:\*\*)?\s*:\s*", re.I | re.M)
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.M)
MAX_RANGE = 50
MAX_CITATION_DIGITS = 6  # no cluster has a million articles; longer numbers are not citations


def citation_number(digits: str) -> int:
    """A cited number from its digits; 0 (never a valid article) for an absurdly long one, so
    a model answer citing [99999…9] is an invalid citation, not a crash."""
    digits = digits.strip()
    if not digits.isdigit() or len(digits) > MAX_CITATION_DIGITS:
        return 0
    return int(digits)


# A "Sources"/"References"/"Warnings" block or our "_engine: …_" line is not summary text.
_TRAILER_RE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(?:sources|references|warnings)(?:\*\*|__)?:?[ \t]*$"
    r"|^[ \t]*_engine:.*_[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def summary_text_only(text: str) -> str:
    """Cut a trailing sources/references/warnings section off a pasted summary."""
    match = _TRAILER_RE.search(text)
    return text[: match.start()] if match and match.start() > 0 else text


def parse_marker_ids(body: str) -> list[int]:
    """'1, 2' -> [1, 2]; '1-3' -> [1, 2, 3]; '2 and 4' -> [2, 4]."""
    ids: list[int] = []
    for part in re.split(r"\s*(?:,|;|and)\s*", body):
        if not part:
            continue
        rng = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if rng:
            a, b = citation_number(rng.group(1)), citation_number(rng.group(2))
            if a <= b and b - a <= MAX_RANGE:
                ids.extend(range(a, b + 1))
            else:
                ids.extend([a, b])
        elif part.strip().isdigit():
            ids.append(citation_number(part))
    return ids


def strip_markers(text: str) -> tuple[str, list[int]]:
    """Remove citation markers; return clean text and the ids in order of appearance."""
    ids: list[int] = []
    for m in _MARKER_RE.finditer(text):
        ids.extend(parse_marker_ids(m.group(1)))
    clean = _MARKER_RE.sub("", text)
    clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
    clean = re.sub(r"([.!?])\1+", r"\1", clean)
    clean = re.sub(r"\s{2,}", " ", clean).strip()
    return clean, list(dict.fromkeys(ids))


def parse_marked_text(text: str) -> tuple[str | None, list[DraftSentence]]:
    """Parse 'HEADLINE: ... SUMMARY: ...' or plain prose with [n] markers into sentences."""
    headline = None
    text = summary_text_only(text)
    hm = _HEADLINE_RE.search(text)
    if hm:
        headline = strip_markers(hm.group(1).strip().strip("*#").strip())[0]
        text = text[: hm.start()] + text[hm.end() :]
    text = _SUMMARY_LABEL_RE.sub("", text)
    text = _BULLET_RE.sub("", text)
    text = re.sub(r"^\s*#+\s.*$", "", text, flags=re.M)  # markdown headings
    text = text.replace("**", "")
    spans = split_sentences(text.strip())
    raw = [text.strip()[s:e] for s, e in spans]
    sentences: list[DraftSentence] = []
    for piece in raw:
        lead = _LEADING_MARKERS_RE.match(piece)
        if lead and sentences:
            # "…minutes. [1][2] Next sentence": leading markers close the previous one.
            _, moved = strip_markers(lead.group(0))
            prev = sentences[-1]
            prev.citations = list(dict.fromkeys(prev.citations + moved))
            piece = piece[lead.end() :]
        clean, ids = strip_markers(piece)
        if not re.search(r"\w", clean):
            continue
        sentences.append(DraftSentence(text=clean, citations=ids))
    return headline, sentences


def resolve_citations(cited: Sequence[int], corpus: Corpus) -> tuple[list[int], list[int]]:
    """(valid citations, widened to every wire copy; invalid ones: no such article, or one
    with no text to support anything)."""
    valid: set[int] = set()
    invalid: list[int] = []
    for c in dict.fromkeys(cited):
        if 1 <= c <= len(corpus.docs) and corpus.doc(c).text:
            valid.update(corpus.copies_of(corpus.representative.get(c, c)))
        else:
            invalid.append(c)
    return sorted(valid), invalid


__all__ = [
    "citation_number",
    "parse_marked_text",
    "parse_marker_ids",
    "resolve_citations",
    "strip_markers",
    "summary_text_only",
]
