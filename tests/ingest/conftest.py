"""A real HTTP server on 127.0.0.1 serving fixture feeds and pages, and feed builders."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from chorus.ingest.fetch import Fetcher, FetchLimits
from chorus.ingest.store import SqliteArticleStore

Route = tuple[int, dict[str, str], bytes]


@dataclass
class FixtureServer:
    base: str
    routes: dict[str, Route | Callable[[dict[str, str]], Route]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    state = FixtureServer(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            state.requests.append((self.path, headers))
            route = state.routes.get(self.path)
            if route is None:
                status, extra, body = 404, {"Content-Type": "text/plain"}, b"missing"
            elif callable(route):
                status, extra, body = route(headers)
            else:
                status, extra, body = route
            if extra.get("X-Hang"):
                state.release.wait(10)
            self.send_response(status)
            for k, v in extra.items():
                if k != "X-Hang":
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # a client that stops at its byte cap hangs up early

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()


def limits(**overrides: object) -> FetchLimits:
    values: dict[str, object] = {
        "timeout_s": 5.0,
        "max_bytes": 200_000,
        "max_redirects": 3,
        "host_interval_s": 0.0,
        "allow_hosts": frozenset({"127.0.0.1"}),
    }
    values.update(overrides)
    return FetchLimits(**values)  # type: ignore[arg-type]


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    yield Fetcher(limits())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteArticleStore]:
    s = SqliteArticleStore(tmp_path / "chorus.sqlite3")
    yield s
    s.close()


def rss(items: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    """An RSS 2.0 document; each item may have title, link, guid, date, content, summary."""
    parts = []
    for it in items:
        x = f"<item><title>{escape(it.get('title', ''))}</title>"
        if "link" in it:
            x += f"<link>{escape(it['link'])}</link>"
        if "guid" in it:
            x += f'<guid isPermaLink="false">{escape(it["guid"])}</guid>'
        when = it.get("date") or format_datetime(datetime(2026, 11, 30, 12, tzinfo=UTC))
        x += f"<pubDate>{when}</pubDate>"
        if "summary" in it:
            x += f"<description>{escape(it['summary'])}</description>"
        if "content" in it:
            x += f"<content:encoded>{escape(escape(it['content']))}</content:encoded>"
        parts.append(x + "</item>")
    doc = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Feed</title><link>https://example.com/</link>{''.join(parts)}"
        "</channel></rss>"
    )
    return doc.encode(encoding)


RSS_HEADERS = {"Content-Type": "application/rss+xml; charset=utf-8"}
