"""Ingest: feeds in, articles stored once; hostile feeds reported per feed, never stopping
the others."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.cli.main import app
from chorus.ingest.feeds import MAX_TITLE_CHARS, load_feeds
from chorus.ingest.fetch import Fetcher
from chorus.ingest.models import FeedSpec
from chorus.ingest.run import Ingestor
from chorus.ingest.store import SqliteArticleStore
from tests.ingest.conftest import RSS_HEADERS, FixtureServer, limits, rss

NOW = datetime(2026, 11, 30, 18, tzinfo=UTC)
BODY = "The city council approved the new budget on Monday after a long debate. " * 3
runner = CliRunner()

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title></item></channel></rss>
"""


def feed_file(tmp_path: Path, name: str, body: bytes) -> FeedSpec:
    path = tmp_path / name
    path.write_bytes(body)
    return FeedSpec(path=str(path), publisher=name.split(".")[0])


async def run(store: SqliteArticleStore, feeds: list[FeedSpec]) -> dict[str, object]:
    reports = await Ingestor(store, Fetcher(limits())).run(feeds, NOW)
    return {r.publisher: r for r in reports}


async def test_hostile_feeds_are_reported_each_and_the_good_one_is_read(
    tmp_path: Path, store: SqliteArticleStore
) -> None:
    good = feed_file(tmp_path, "good.xml", rss([{"title": "Budget", "link": "https://a.example/1",
                                                 "content": BODY}]))  # fmt: skip
    broken = feed_file(tmp_path, "broken.xml", b"<rss><channel><item><title>unclosed")
    laughs = feed_file(tmp_path, "laughs.xml", BILLION_LAUGHS)
    empty = feed_file(tmp_path, "empty.xml", b"")
    missing = FeedSpec(path=str(tmp_path / "nope.xml"), publisher="missing")
    reports = await run(store, [broken, laughs, good, empty, missing])
    assert reports["good"].status == "ok" and reports["good"].added == 1  # type: ignore[attr-defined]
    for name in ("broken", "laughs", "empty", "missing"):
        assert reports[name].status == "error", name  # type: ignore[attr-defined]
    assert "entit" in reports["laughs"].error  # type: ignore[attr-defined]
    assert len(store.articles_since(datetime(2000, 1, 1, tzinfo=UTC))) == 1


async def test_huge_titles_far_future_dates_and_duplicate_guids_are_tamed(
    tmp_path: Path, store: SqliteArticleStore
) -> None:
    items = [
        {"title": "X" * 10_000_000, "guid": "g1", "link": "https://a.example/1", "content": BODY,
         "date": "Fri, 31 Dec 9999 23:59:59 GMT"},
        {"title": "Again", "guid": "g1", "link": "https://a.example/1", "content": BODY + " more"},
    ]  # fmt: skip
    spec = feed_file(tmp_path, "hostile.xml", rss(items))
    reports = await run(store, [spec])
    assert reports["hostile"].added == 1  # type: ignore[attr-defined]
    (article,) = store.articles_since(datetime(2000, 1, 1, tzinfo=UTC))
    assert len(article.title) <= MAX_TITLE_CHARS
    assert article.published_at == NOW  # the year-9999 date became the fetch time


async def test_non_utf8_feeds_are_decoded_from_their_declaration(
    tmp_path: Path, store: SqliteArticleStore
) -> None:
    body = rss([{"title": "Café crème", "link": "https://a.example/c", "content": BODY + " café"}],
               encoding="iso-8859-1")  # fmt: skip
    assert "é".encode() not in body
    reports = await run(store, [feed_file(tmp_path, "latin.xml", body)])
    assert reports["latin"].added == 1  # type: ignore[attr-defined]
    (article,) = store.articles_since(datetime(2000, 1, 1, tzinfo=UTC))
    assert article.title == "Café crème" and article.text.endswith("café")


async def test_articles_are_stored_once_by_url_and_by_text_per_publisher(
    tmp_path: Path, store: SqliteArticleStore
) -> None:
    first = rss([{"title": "A", "link": "https://a.example/1", "content": BODY}])
    same_text_new_url = rss([{"title": "A", "link": "https://a.example/2", "content": BODY}])
    a1 = feed_file(tmp_path, "pub.xml", first)
    await run(store, [a1])
    again = await run(store, [a1])
    assert again["pub"].duplicates == 1 and again["pub"].added == 0  # type: ignore[attr-defined]
    moved = await run(store, [feed_file(tmp_path, "pub.xml", same_text_new_url)])
    assert moved["pub"].duplicates == 1  # type: ignore[attr-defined]
    wire = await run(store, [feed_file(tmp_path, "wire.xml", same_text_new_url)])
    assert wire["wire"].added == 1  # a wire copy from another publisher is kept
    assert len(store.articles_since(datetime(2000, 1, 1, tzinfo=UTC))) == 2


async def test_teasers_are_completed_from_the_article_page(
    server: FixtureServer, store: SqliteArticleStore
) -> None:
    page = (
        "<html><head><title>Budget passes</title></head><body><nav>Home | Sport | Weather</nav>"
        f"<article><h1>Budget passes</h1><p>{BODY}</p><p>{BODY}</p></article>"
        "<footer>Copyright</footer></body></html>"
    ).encode()
    server.routes["/a/1"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page)
    server.routes["/feed"] = (200, RSS_HEADERS, rss([{"title": "Budget passes",
                              "link": server.url("/a/1"), "summary": "Short teaser."}]))  # fmt: skip  # noqa: E501
    spec = FeedSpec(url=server.url("/feed"), publisher="Local")
    reports = await run(store, [spec])
    assert reports["Local"].added == 1  # type: ignore[attr-defined]
    (article,) = store.articles_since(datetime(2000, 1, 1, tzinfo=UTC))
    assert "approved the new budget" in article.text and "Copyright" not in article.text


async def test_a_feed_unchanged_since_last_time_is_not_read_again(
    server: FixtureServer, store: SqliteArticleStore
) -> None:
    def feed(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if headers.get("if-none-match") == '"v1"':
            return 304, {}, b""
        body = rss([{"title": "A", "link": "https://a.example/1", "content": BODY}])
        return 200, {**RSS_HEADERS, "ETag": '"v1"'}, body

    server.routes["/feed"] = feed
    spec = FeedSpec(url=server.url("/feed"), publisher="P")
    assert (await run(store, [spec]))["P"].added == 1  # type: ignore[attr-defined]
    assert (await run(store, [spec]))["P"].status == "not_modified"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("not toml [", "not valid TOML"),
        ("title = 'no feeds'", "no [[feed]] tables"),
        ("[[feed]]\nurl = 'https://a.example/rss'", "publisher"),
        ("[[feed]]\npublisher = 'P'", "exactly one of"),
        ("[[feed]]\nurl = 'https://a.example/rss'\npublisher = 'P'\nside = 'up'", "side"),
    ],
)
def test_bad_feeds_files_are_one_line_errors(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(toml)
    result = runner.invoke(app, ["ingest", "--feeds", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_a_feeds_file_that_is_not_a_regular_file_is_refused_without_reading_it(
    tmp_path: Path,
) -> None:
    zero = tmp_path / "feeds.toml"
    zero.symlink_to("/dev/zero")  # endless: reading it would never finish
    for target in (zero, tmp_path):
        result = runner.invoke(app, ["ingest", "--feeds", str(target)])
        assert result.exit_code == 2 and "not a regular file" in result.stderr, result.output
        assert len(result.stderr.strip().splitlines()) == 1


async def test_a_feed_path_that_is_not_a_regular_file_is_that_feeds_error(
    store: SqliteArticleStore, tmp_path: Path
) -> None:
    zero = tmp_path / "zero.xml"
    zero.symlink_to("/dev/zero")
    good = feed_file(
        tmp_path,
        "good.xml",
        rss([{"title": "Budget", "link": "https://good.example/1", "content": BODY}]),
    )
    reports = await run(store, [FeedSpec(path=str(zero), publisher="zero"), good])
    assert reports["zero"].status == "error"  # type: ignore[attr-defined]
    assert "not a regular file" in reports["zero"].error  # type: ignore[attr-defined]
    assert reports["good"].added == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url", ["notaurl", "file:///etc/passwd", "ftp://a.example/x", "http://", "http://[::1"]
)
def test_a_url_that_is_not_http_is_bad_input_as_an_argument_or_in_the_feeds_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("CHORUS_DB_PATH", str(tmp_path / "db.sqlite3"))
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f"[[feed]]\nurl = '{url}'\npublisher = 'P'\n")
    for args in (["ingest", url], ["ingest", "--feeds", str(feeds)]):
        result = runner.invoke(app, [*args, "--no-summaries"])
        assert result.exit_code == 2, result.output
        assert "http(s) URL" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_feeds_toml_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "feeds.toml").write_text(
        "[[feed]]\npath = 'x.xml'\npublisher = 'P'\nside = 'left'\n"
    )
    (spec,) = load_feeds(tmp_path / "feeds.toml")
    assert spec.path == str(tmp_path / "x.xml") and spec.side == "left"


def test_ingest_cli_refuses_internal_urls_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_DB_PATH", str(tmp_path / "db.sqlite3"))
    result = runner.invoke(app, ["ingest", "http://169.254.169.254/latest/meta-data/"])
    assert result.exit_code == 1
    assert "link-local" in result.stderr and "Traceback" not in result.output
