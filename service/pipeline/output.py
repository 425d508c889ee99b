"""The one policy for bad LLM output, and the structured-output schemas it reads.

Parsing: JSON (structured output; a truncated or broken answer is read with
`pydantic_core.from_json(..., allow_partial=True)`, up to where it breaks) or the
HEADLINE/SUMMARY text format with [n] markers.

Repair what is safe: an item holding several sentences is split (each keeps the item's
citations and is checked on its own downstream), fragments (no closing punctuation, or under
three words) are dropped with a warning, an over-long sentence is dropped, and a final summary
is trimmed to its word budget at sentence boundaries. When nothing usable remains (nothing at
all, only fragments, or no citation anywhere) the call has failed: `UnusableOutput`, which the
LLM client re-asks once through its retry layer; then the engine falls back (auto) or errors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from pydantic_core import from_json

from chorus.errors import UnusableOutput
from chorus.pipeline.citations import (
    MAX_CITATION_DIGITS,
    citation_number,
    parse_marked_text,
    strip_markers,
)
from chorus.pipeline.schema import DraftSentence
from chorus.pipeline.segment import split_sentences

if TYPE_CHECKING:
    from chorus.llm.client import Completion

MAX_SENTENCE_WORDS = 80  # longer than any sane news sentence: a run-on or a dump
MIN_SENTENCE_WORDS = 3
_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")
_ERROR_COLUMN_RE = re.compile(r"line (\d+) column (\d+)")


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    citations: list[int]


class SummaryOut(BaseModel):
    """What a summarize or reduce call answers."""

    model_config = ConfigDict(extra="forbid")
    headline: str
    sentences: list[_Item]


class NotesOut(BaseModel):
    """What a map call answers."""

    model_config = ConfigDict(extra="forbid")
    headline: str
    notes: list[_Item]


SUMMARY_SCHEMA: dict[str, Any] = SummaryOut.model_json_schema()
MAP_SCHEMA: dict[str, Any] = NotesOut.model_json_schema()


class Parsed(BaseModel):
    headline: str | None
    sentences: list[DraftSentence]
    truncated: bool = False
    warnings: list[str] = []


def citation_ids(raw: object) -> list[int]:
    """Citation numbers as the model gave them: 1, "1", "[1]", "1, 2" all count."""
    items = raw if isinstance(raw, list) else [raw]
    ids: list[int] = []
    for item in items:
        if isinstance(item, bool):
            continue
        if isinstance(item, int):  # an absurdly long number is no article (0), not a crash
            ids.append(item if 0 < item < 10**MAX_CITATION_DIGITS else 0)
        elif isinstance(item, str | float):
            text = item if isinstance(item, str) else f"{item:.0f}"
            ids.extend(citation_number(x) for x in re.findall(r"\d+", text.split(".")[0]))
    return ids


_ABSURD_NUMBER_RE = re.compile(r"\d{1000,}")


def _load_json(text: str) -> tuple[dict[str, Any], bool]:
    """The JSON object, or as much of it as parses before it breaks (and whether it broke)."""
    # A number too long to parse (a model citing [99…9]) stands for no article: 0.
    text = _ABSURD_NUMBER_RE.sub("0", text)
    try:
        data = from_json(text)
        return (data, False) if isinstance(data, dict) else ({}, True)
    except ValueError as exc:
        cut = len(text)
        m = _ERROR_COLUMN_RE.search(str(exc))
        if m:
            lines = text.split("\n")
            line, col = int(m.group(1)), int(m.group(2))
            cut = sum(len(x) + 1 for x in lines[: line - 1]) + max(0, col - 1)
        try:
            data = from_json(text[:cut], allow_partial="trailing-strings")
        except ValueError:
            return {}, True
        return (data if isinstance(data, dict) else {}), True


def _items_of(data: dict[str, Any], key: str) -> list[DraftSentence]:
    items = data.get(key) or data.get("sentences") or data.get("notes") or []
    out = []
    for it in items if isinstance(items, list) else []:
        if isinstance(it, dict) and isinstance(it.get("text"), str):
            out.append(DraftSentence(text=it["text"], citations=citation_ids(it.get("citations"))))
    return out


def parse_completion(c: Completion, key: str = "sentences") -> Parsed:
    """JSON (structured) or HEADLINE/SUMMARY text with [n] markers; partial JSON is read."""
    text = c.text.strip()
    truncated = c.finish_reason == "length"
    if text.startswith("```"):
        text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text)
    if text.startswith("{"):
        data, broken = _load_json(text)
        headline = data.get("headline")
        return Parsed(
            headline=str(headline) if isinstance(headline, str) and headline else None,
            sentences=_items_of(data, key),
            truncated=truncated or broken,
        )
    headline, sentences = parse_marked_text(text)
    return Parsed(headline=headline, sentences=sentences, truncated=truncated)


def is_fragment(text: str) -> bool:
    """Under three words, or not closed by a stop (a sentence cut off mid-way)."""
    body = strip_markers(text)[0].strip()
    return len(body.split()) < MIN_SENTENCE_WORDS or not _END_RE.search(body)


def split_item(item: DraftSentence) -> list[DraftSentence]:
    """An item holding several sentences -> one item per sentence, each with the item's
    citations plus its own inline markers."""
    body, inline = strip_markers(item.text)
    spans = split_sentences(body)
    if len(spans) <= 1:
        return [item]
    cites = [*item.citations, *inline]
    return [DraftSentence(text=body[a:b].strip(), citations=list(cites)) for a, b in spans]


def repair(parsed: Parsed, max_words: int | None, *, notes: bool = False) -> Parsed:
    """Apply the policy; raise `UnusableOutput` when nothing usable remains."""
    warnings: list[str] = []
    kept: list[DraftSentence] = []
    for item in (piece for it in parsed.sentences for piece in split_item(it)):
        body = strip_markers(item.text)[0]
        if not body:
            continue
        if is_fragment(body):
            warnings.append(f"dropped a sentence fragment from the model: {body[:60]!r}")
        elif len(body.split()) > MAX_SENTENCE_WORDS:
            warnings.append(f"dropped a {len(body.split())}-word sentence from the model")
        else:
            kept.append(item)
    if not kept:
        raise UnusableOutput("the model returned no usable sentences (empty or only fragments)")
    if not any(s.citations or strip_markers(s.text)[1] for s in kept):
        raise UnusableOutput("the model's answer cites no article at all")
    if max_words is not None and not notes:
        kept, trimmed = trim_to_budget(kept, max_words)
        if trimmed:
            warnings.append(
                f"the model wrote over the {max_words}-word budget; "
                f"dropped its last {trimmed} sentence(s)"
            )
    return parsed.model_copy(update={"sentences": kept, "warnings": warnings})


def trim_to_budget(
    sentences: list[DraftSentence], max_words: int
) -> tuple[list[DraftSentence], int]:
    """Whole sentences, in order, while they fit the budget (always at least one)."""
    used = 0
    for i, s in enumerate(sentences):
        used += len(strip_markers(s.text)[0].split())
        if used > max_words and i > 0:
            return sentences[:i], len(sentences) - i
    return sentences, 0


def complete_items(text: str, key: str = "sentences") -> list[DraftSentence]:
    """From a streamed, still-growing JSON answer: the items that are certainly complete (a
    later item has begun; the last one is complete when the call is)."""
    if not text.lstrip().startswith("{"):
        return []
    try:
        data = from_json(text, allow_partial=True)
    except ValueError:
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        return []
    return _items_of({key: data[key][:-1]}, key)


__all__ = [
    "MAP_SCHEMA",
    "SUMMARY_SCHEMA",
    "NotesOut",
    "Parsed",
    "SummaryOut",
    "citation_ids",
    "complete_items",
    "is_fragment",
    "parse_completion",
    "repair",
    "split_item",
    "trim_to_budget",
]
