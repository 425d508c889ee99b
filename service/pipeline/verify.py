"""Stage 6: parse citations, drop invalid ones, score each sentence's support, warn.

Works on an engine's Draft and on any text with `[n]` markers (the checks API and evals).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Self

from pydantic import BaseModel, Field

from chorus.pipeline.schema import Corpus, Draft, DraftSentence
from chorus.pipeline.segment import split_sentences
from chorus.pipeline.support import Evidence, Judgement, SupportIndex, Verdict

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


class CheckedSentence(BaseModel):
    text: str
    citations: list[int]
    invalid_citations: list[int] = Field(default_factory=list)
    support: float
    verdict: Verdict
    evidence: list[Evidence] = Field(default_factory=list)
    missing_numbers: list[str] = Field(default_factory=list)
    missing_entities: list[str] = Field(default_factory=list)
    missing_quotes: list[str] = Field(default_factory=list)
    negation_mismatch: bool = False
    antonym_flips: list[str] = Field(default_factory=list)
    misattributed_quote: bool = False

    @classmethod
    def judged(
        cls, text: str, citations: list[int], invalid: list[int], j: Judgement, **extra: Any
    ) -> Self:
        """The sentence with the judge's verdict, score, evidence and findings."""
        return cls(
            text=text,
            citations=citations,
            invalid_citations=invalid,
            support=j.score,
            verdict=j.verdict,
            evidence=j.evidence,
            missing_numbers=j.missing_numbers,
            missing_entities=j.missing_entities,
            missing_quotes=j.missing_quotes,
            negation_mismatch=j.negation_mismatch,
            antonym_flips=j.antonym_flips,
            misattributed_quote=j.misattributed_quote,
            **extra,
        )


class Verified(BaseModel):
    headline: str
    sentences: list[CheckedSentence]
    warnings: list[str] = Field(default_factory=list)


def parse_marker_ids(body: str) -> list[int]:
    """'1, 2' -> [1, 2]; '1-3' -> [1, 2, 3]; '2 and 4' -> [2, 4]."""
    ids: list[int] = []
    for part in re.split(r"\s*(?:,|;|and)\s*", body):
        if not part:
            continue
        rng = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if rng:
            a, b = int(rng.group(1)), int(rng.group(2))
            if a <= b and b - a <= MAX_RANGE:
                ids.extend(range(a, b + 1))
            else:
                ids.extend([a, b])
        elif part.strip().isdigit():
            ids.append(int(part))
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


def attribute(text: str, corpus: Corpus, index: SupportIndex) -> list[int]:
    """The articles that on their own support `text` (with their wire copies)."""
    found: set[int] = set()
    for doc in corpus.model_docs:
        if index.judge(text, [doc.n]).verdict == "supported":
            found.update(corpus.copies_of(doc.n))
    return sorted(found)


def verify(
    draft: Draft, corpus: Corpus, index: SupportIndex, *, attribute_uncited: bool = False
) -> Verified:
    """Clean, validate and score the draft's sentences against the cluster.

    With `attribute_uncited` (our own drafts), a sentence the engine left uncited gets the
    articles the checker finds supporting it, with a warning; checks of other people's
    summaries leave it uncited, since that is what they wrote.
    """
    n_docs = len(corpus.docs)
    warnings: list[str] = []
    checked: list[CheckedSentence] = []
    for k, ds in enumerate(draft.sentences, start=1):
        text, inline = strip_markers(ds.text)
        if not text:
            continue
        citations, invalid = resolve_citations([*ds.citations, *inline], corpus)
        if invalid:
            warnings.append(
                f"sentence {k}: dropped citation(s) {invalid} to sources that do not exist "
                f"or have no text (the cluster has {n_docs})"
            )
        if not citations and attribute_uncited:
            citations = attribute(text, corpus, index)
            if citations:
                marks = "".join(f"[{n}]" for n in citations)
                warnings.append(
                    f"sentence {k} had no citation; the checker attributed it to {marks}"
                )
        if not citations:
            warnings.append(f"sentence {k} cites no source")
            checked.append(
                CheckedSentence(
                    text=text,
                    citations=[],
                    invalid_citations=invalid,
                    support=0.0,
                    verdict="unsupported",
                )
            )
            continue
        j = index.judge(text, citations)
        if j.verdict == "unsupported":
            warnings.append(
                f"sentence {k} is weakly supported by its cited sources {citations} "
                f"(support {j.score:.2f})"
            )
        checked.append(CheckedSentence.judged(text, citations, invalid, j))
    headline = strip_markers(draft.headline)[0] or corpus.title or corpus.cluster_id
    return Verified(headline=headline, sentences=checked, warnings=warnings)


def check_text(text: str, corpus: Corpus, index: SupportIndex) -> Verified:
    """Verify any summary written as text with [n] markers (ours or anyone's)."""
    headline, sentences = parse_marked_text(text)
    draft = Draft(headline=headline or "", sentences=sentences, engine="llm")
    return verify(draft, corpus, index)
