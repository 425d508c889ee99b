"""Feeds: read feeds.toml, parse RSS/Atom with feedparser, and turn entries into articles.

Hostile feeds are refused or tamed here, per feed: entity declarations (billion laughs,
external entities) are refused before parsing; titles are cut to MAX_TITLE_CHARS; a date in
the future (year 9999) becomes the time the entry was fetched; entries repeating a GUID or link
are read once; the encoding comes from the document (feedparser), undecodable bytes replaced.
"""

from __future__ import annotations

import hashlib
import html
import re
import tomllib
from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from chorus.errors import FeedError, InvalidInput
from chorus.ingest.models import FeedSpec
from chorus.loaders import read_text_file

MAX_TITLE_CHARS = 300
MAX_ENTRIES = 500
MIN_FEED_TEXT_CHARS = 400  # an entry carrying this much text needs no page fetch
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


@dataclass
class Entry:
    """One feed entry, cleaned: what ingest needs to make (or fetch) an article."""

    key: str  # GUID, else link, else title hash
    link: str | None
    title: str
    text: str
    published_at: datetime
    full: bool = False  # the entry carries the article (content:encoded / atom content)


def is_http_url(url: str) -> bool:
    """An http(s) URL with a host: what a feed or an article URL must be before fetching."""
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False


def load_feeds(path: Path) -> list[FeedSpec]:
    """The `[[feed]]` tables of a feeds.toml; relative `path`s are relative to the file."""
    try:
        data = tomllib.loads(read_text_file(path))  # regular files only, bounded
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{path}: not valid TOML ({exc})") from None
    tables = data.get("feed")
    if not isinstance(tables, list) or not tables:
        raise InvalidInput(f"{path}: no [[feed]] tables (each with url and publisher)")
    feeds = []
    for i, table in enumerate(tables, start=1):
        try:
            spec = FeedSpec.model_validate(table)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"]) or "feed"
            raise InvalidInput(f"{path}: feed {i}: {where}: {first['msg']}") from None
        if spec.url is not None and not is_http_url(spec.url):
            raise InvalidInput(f"{path}: feed {i}: url: {spec.url[:200]!r} is not an http(s) URL")
        if spec.path is not None and not Path(spec.path).is_absolute():
            spec = spec.model_copy(update={"path": str(path.parent / spec.path)})
        feeds.append(spec)
    return feeds


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment (entries' summaries and content)."""
    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\s*/?>", "\n", value)
    text = html.unescape(_TAG.sub(" ", text))
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _when(entry: Any, now: datetime) -> datetime:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                when = datetime.fromtimestamp(timegm(parsed), UTC)
            except (OverflowError, ValueError, OSError):
                continue
            return now if when > now + timedelta(days=1) else when
    return now


def _entry_text(entry: Any) -> tuple[str, bool]:
    """(plain text, whether it is the full article rather than a teaser)."""
    best = ""
    for part in entry.get("content") or []:
        value = part.get("value") or ""
        if len(value) > len(best):
            best = value
    if best:
        return html_to_text(best), True
    return html_to_text(entry.get("summary") or ""), False


@dataclass
class ParsedFeed:
    entries: list[Entry]
    problem: str | None = None  # malformed XML that feedparser still read entries from


def _xml_problem(parsed: Any) -> str | None:
    import feedparser

    exc = parsed.get("bozo_exception")
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if not parsed.get("bozo") or exc is None or isinstance(exc, benign):
        return None
    return f"malformed feed ({type(exc).__name__}: {str(exc)[:120]})"


def parse_feed(body: bytes, now: datetime | None = None) -> ParsedFeed:
    """Entries of an RSS/Atom document; FeedError when it is hostile or unreadable."""
    import feedparser

    now = now or datetime.now(UTC)
    if _ENTITY_DECL.search(body[:65536]):
        raise FeedError("the feed declares XML entities (refused: entity expansion)")
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    entries = list(parsed.get("entries") or [])
    if not entries:
        reason = parsed.get("bozo_exception")
        detail = f"malformed ({type(reason).__name__})" if reason else "no entries"
        raise FeedError(f"the feed is unreadable: {detail}")
    out: list[Entry] = []
    seen: set[str] = set()
    for entry in entries[:MAX_ENTRIES]:
        link = (entry.get("link") or "").strip() or None
        title = html_to_text(entry.get("title") or "")[:MAX_TITLE_CHARS].strip()
        key = (entry.get("id") or link or hashlib.sha1(title.encode()).hexdigest()).strip()
        if key in seen or (link is not None and link in seen):
            continue
        seen.update({key, link} - {None})  # type: ignore[arg-type]
        text, full = _entry_text(entry)
        out.append(Entry(key, link, title, text, _when(entry, now), full))
    return ParsedFeed(out, _xml_problem(parsed))


__all__ = [
    "MAX_TITLE_CHARS",
    "MIN_FEED_TEXT_CHARS",
    "Entry",
    "html_to_text",
    "load_feeds",
    "parse_feed",
]
