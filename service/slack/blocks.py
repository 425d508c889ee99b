"""Block Kit for the brief: escaping, citation links, and splitting to Slack's limits.

Pure functions from models to `SlackMessage`s. Slack's rules, all enforced here:
- `&`, `<`, `>` are escaped in every piece of untrusted text (titles, sentences, publishers),
  so article text can neither forge links nor ping `<!channel>`;
- a section's text is at most 3,000 characters and a message at most 50 blocks: long text is
  split over several blocks (at line, then word boundaries, never inside a link or an entity)
  and long stories over several messages; nothing is ever cut off;
- every message carries a plain `text` fallback for notifications.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from urllib.parse import quote

from chorus.models import Source, Summary, SummarySentence
from chorus.pipeline.render import place_markers
from chorus.slack.client import SlackMessage

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
# Keep each message well under Slack's 40k-character text limit (blocks + fallback).
MAX_MESSAGE_CHARS = 12_000
# A link must fit in one section; longer URLs (pathological) are shown as plain [n].
MAX_URL_CHARS = 2000
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LINK_RE = re.compile(r"<[^<>|]+\|([^<>]*)>")
_ENTITY_TAIL_RE = re.compile(r"&[a-z]{0,4}$")

Kind = Literal["section", "context", "divider", "header"]


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_url(url: str) -> str:
    """A URL that cannot break out of `<url|label>`: no spaces, `|`, `<` or `>`."""
    return escape(quote(url, safe=":/?#[]@!$&'()*+,;=%~-._"))


def link(url: str | None, label: str) -> str:
    """`<url|label>` when there is a URL, else the (escaped) label alone."""
    target = safe_url(url) if url else ""
    if not target or len(target) > MAX_URL_CHARS:
        return escape(label)
    return f"<{target}|{escape(label)}>"


def to_plain(mrkdwn: str) -> str:
    """The fallback text: links become their labels (escapes stay: Slack parses `text` too)."""
    return _LINK_RE.sub(r"\1", mrkdwn)


def format_day(day: date) -> str:
    """23 Nov 2026 (locale-independent)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def brief_title(day: date, stories: int) -> str:
    noun = "story" if stories == 1 else "stories"
    return f"Daily brief — {format_day(day)} · {stories} {noun}"


# --- story text -------------------------------------------------------------------------


def cited_sentence(sentence: SummarySentence, sources: dict[int, Source]) -> str:
    """The sentence with its citations as links, placed before the final stop like [n]."""
    markers = "".join(
        link(sources[n].url if n in sources else None, f"[{n}]") for n in sentence.citations
    )
    return place_markers(escape(sentence.text), markers)


def source_item(src: Source) -> str:
    """`[n] Publisher · Title`, the number linking to the article."""
    parts = [link(src.url, f"[{src.n}]")]
    label = " · ".join(escape(x) for x in (src.source, src.title or src.article_id) if x)
    return f"{parts[0]} {label}".rstrip()


def publishers(summary: Summary) -> list[str]:
    seen: dict[str, None] = {}
    for src in summary.sources:
        if src.source:
            seen.setdefault(src.source.strip(), None)
    return list(seen)


# --- parts and packing ------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A block to be: its mrkdwn (split to the limits when packed) and its fallback text."""

    kind: Kind
    mrkdwn: str = ""
    plain: str | None = None


def split_text(text: str, limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Split at line breaks, else at spaces, else hard (but never inside a link/entity).

    Joining the chunks (with the separator each split consumed) gives back the text.
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = window.rfind("\n")
        sep = 1
        if cut <= 0:
            cut = _space_outside_link(window)
        if cut <= 0:
            sep = 0
            cut = _hard_cut(rest, limit)
        chunks.append(rest[:cut])
        rest = rest[cut + sep :]
    if rest:
        chunks.append(rest)
    return chunks


def _space_outside_link(window: str) -> int:
    cut = window.rfind(" ")
    while cut > 0 and window.rfind("<", 0, cut) > window.rfind(">", 0, cut):
        cut = window.rfind(" ", 0, cut)
    return cut


def _hard_cut(text: str, limit: int) -> int:
    cut = limit
    opened = text.rfind("<", 0, cut)
    if opened > text.rfind(">", 0, cut) and opened > 0:
        cut = opened  # do not split a link
    tail = _ENTITY_TAIL_RE.search(text[:cut])
    if tail and tail.start() > 0:
        cut = tail.start()  # do not split &amp;
    return cut


def _block(kind: Kind, text: str) -> dict[str, Any]:
    if kind == "divider":
        return {"type": "divider"}
    if kind == "header":
        return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}
    if kind == "context":
        return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def expand(parts: list[Part]) -> list[tuple[dict[str, Any], str]]:
    """Parts -> (block, fallback line) pairs, each block within its text limit."""
    out: list[tuple[dict[str, Any], str]] = []
    for part in parts:
        if part.kind == "divider":
            out.append((_block("divider", ""), ""))
            continue
        limit = MAX_HEADER_CHARS if part.kind == "header" else MAX_SECTION_CHARS
        kind: Kind = part.kind
        if part.kind == "header" and len(part.mrkdwn) > limit:
            kind = "section"  # a long title is shown whole, as a section, not cut
            limit = MAX_SECTION_CHARS
        chunks = split_text(part.mrkdwn, limit)
        for chunk in chunks:
            plain = part.plain if part.plain is not None and len(chunks) == 1 else to_plain(chunk)
            out.append((_block(kind, chunk), plain))
    return out


def pack(
    parts: list[Part], *, max_blocks: int = MAX_BLOCKS, max_chars: int = MAX_MESSAGE_CHARS
) -> list[SlackMessage]:
    """Blocks into as few messages as the limits allow, in order."""
    messages: list[SlackMessage] = []
    blocks: list[dict[str, Any]] = []
    lines: list[str] = []
    size = 0
    for block, plain in expand(parts):
        cost = len(plain) + _text_len(block)
        if blocks and (len(blocks) >= max_blocks or size + cost > max_chars):
            messages.append(_message(blocks, lines))
            blocks, lines, size = [], [], 0
        blocks.append(block)
        if plain:
            lines.append(plain)
        size += cost
    if blocks:
        messages.append(_message(blocks, lines))
    return messages


def _text_len(block: dict[str, Any]) -> int:
    if "text" in block:
        return len(block["text"]["text"])
    return sum(len(e["text"]) for e in block.get("elements", []))


def _message(blocks: list[dict[str, Any]], lines: list[str]) -> SlackMessage:
    text = "\n".join(lines).strip() or "Chorus daily brief"
    return SlackMessage(text=text, blocks=list(blocks))


# --- the brief ---------------------------------------------------------------------------


def headline_line(rank: int, summary: Summary) -> Part:
    pubs = publishers(summary)
    n = len(summary.sources)
    meta = f"{n} article{'s' if n != 1 else ''}"
    if pubs:
        meta += " · " + ", ".join(escape(p) for p in pubs)
    line = f"{rank}. *{escape(summary.headline)}* — {meta}"
    return Part("section", line, f"{rank}. {escape(summary.headline)} — {meta}")


def parent_parts(
    day: date, summaries: list[Summary], *, threaded: bool, omitted: int = 0
) -> list[Part]:
    title = brief_title(day, len(summaries))
    lines = [headline_line(i, s) for i, s in enumerate(summaries, start=1)]
    body = "\n".join(p.mrkdwn for p in lines)
    plain = "\n".join(p.plain or "" for p in lines)
    parts = [Part("header", title, title), Part("section", body, plain)]
    notes = []
    if omitted:
        noun = "story" if omitted == 1 else "stories"
        notes.append(f"{omitted} smaller {noun} not shown (limit: CHORUS_BRIEF_MAX_STORIES).")
    if threaded:
        notes.append("Cited summaries in the thread.")
    if notes:
        parts.append(Part("context", " ".join(notes)))
    return parts


def story_parts(rank: int | None, summary: Summary) -> list[Part]:
    sources = {s.n: s for s in summary.sources}
    number = f"{rank}. " if rank is not None else ""
    heading = f"*{number}{escape(summary.headline)}*"
    body = " ".join(cited_sentence(s, sources) for s in summary.sentences)
    parts = [Part("section", heading, f"{number}{escape(summary.headline)}")]
    if body:
        parts.append(Part("section", body))
    items = [source_item(s) for s in summary.sources]
    if items:
        line = "   ".join(items)
        parts.append(Part("context", f"*Sources*  {line}", f"Sources: {to_plain(line)}"))
    if summary.warnings:
        note = "\n".join(f"⚠ {escape(w)}" for w in summary.warnings)
        parts.append(Part("context", note))
    return parts


def story_messages(rank: int | None, summary: Summary) -> list[SlackMessage]:
    return pack(story_parts(rank, summary))


def parent_messages(
    day: date, summaries: list[Summary], *, threaded: bool, omitted: int = 0
) -> list[SlackMessage]:
    return pack(parent_parts(day, summaries, threaded=threaded, omitted=omitted))


def single_messages(day: date, summaries: list[Summary], omitted: int = 0) -> list[SlackMessage]:
    """The whole brief without threads (webhooks, slash-command answers)."""
    parts = parent_parts(day, summaries, threaded=False, omitted=omitted)
    for i, summary in enumerate(summaries, start=1):
        parts.append(Part("divider"))
        parts.extend(story_parts(i, summary))
    return pack(parts)


def to_markdown(day: date, summaries: list[Summary]) -> str:
    """The Markdown preview printed by `--dry-run`."""
    lines = [f"# {brief_title(day, len(summaries))}", ""]
    lines.extend(f"{i}. {s.headline}" for i, s in enumerate(summaries, start=1))
    for summary in summaries:
        lines.extend(["", "---", "", summary.markdown.rstrip()])
    return "\n".join(lines).rstrip() + "\n"


__all__ = [
    "MAX_BLOCKS",
    "MAX_SECTION_CHARS",
    "Part",
    "brief_title",
    "cited_sentence",
    "escape",
    "format_day",
    "link",
    "pack",
    "parent_messages",
    "single_messages",
    "split_text",
    "story_messages",
    "to_markdown",
    "to_plain",
]
