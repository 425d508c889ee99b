"""The README flow, offline: feeds file -> `chorus ingest` -> `chorus brief --dry-run` -> the
web page; and the order of the day's stories (publishers × recency)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.api.app import create_app
from chorus.cli.main import app
from chorus.ingest.models import StoryRecord
from chorus.ingest.rank import rank_stories
from chorus.settings import Settings
from tests.api.conftest import running
from tests.ingest.conftest import rss
from tests.web.conftest import QUAKE

runner = CliRunner()


def write_feeds(root: Path) -> Path:
    lines = []
    for i, (pub, side, url, title, text) in enumerate(QUAKE):
        name = f"feed{i}.xml"
        date = f"Mon, 30 Nov 2026 09:0{i}:00 GMT"
        (root / name).write_bytes(rss([{"title": title, "link": url, "guid": url,
                                        "content": text, "date": date}]))  # fmt: skip
        lines.append(f'[[feed]]\npath = "{name}"\npublisher = "{pub}"\nside = "{side}"\n')
    (root / "feeds.toml").write_text("\n".join(lines))
    return root / "feeds.toml"


def ingest_twice_then_brief(feeds: Path) -> None:
    """`chorus ingest` (one story), again (all duplicates), then `chorus brief --dry-run`."""
    first = runner.invoke(app, ["ingest", "--feeds", str(feeds), "--engine", "extractive"])
    assert first.exit_code == 0, first.output
    assert "stories: 1 new, 0 updated; 1 summaries refreshed" in first.stderr
    again = runner.invoke(app, ["ingest", "--feeds", str(feeds), "--engine", "extractive"])
    assert "0 new, 1 duplicate" in again.stderr and "stories: 0 new" in again.stderr
    brief = runner.invoke(app, ["brief", "--dry-run", "--date", "2026-11-30",
                                "--engine", "extractive"])  # fmt: skip
    assert brief.exit_code == 0, brief.output
    assert "Daily brief — 30 Nov 2026 · 1 story" in brief.stdout and "Reuters" in brief.stdout


def test_ingest_then_brief_then_page_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "chorus.sqlite3"
    monkeypatch.setenv("CHORUS_DB_PATH", str(db))
    ingest_twice_then_brief(write_feeds(tmp_path))
    empty = runner.invoke(app, ["brief", "--dry-run", "--date", "2026-12-25"])
    assert empty.exit_code == 0 and "no stories for 25 Dec 2026" in empty.stderr


async def test_the_page_shows_what_ingest_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chorus.ingest.feeds import load_feeds
    from chorus.ingest.fetch import Fetcher
    from chorus.ingest.service import ingest_once
    from chorus.ingest.store import SqliteArticleStore
    from chorus.pipeline.summarizer import Summarizer

    store = SqliteArticleStore(tmp_path / "chorus.sqlite3")
    specs = load_feeds(write_feeds(tmp_path))
    result = await ingest_once(store, Fetcher(), specs, [], window_h=48, summarizer=Summarizer())
    store.close()
    assert result.created == 1 and result.summarised == 1
    async with running(create_app(Settings(db_path=tmp_path / "chorus.sqlite3"))) as client:
        page = await client.get("/")
    assert "No stories yet today; showing the latest day" in page.text
    assert "2 publishers: AP, Reuters" in page.text


def story(sid: str, publishers: int, age_h: float, at: datetime) -> StoryRecord:
    record = StoryRecord(id=sid, created_at=at, updated_at=at, article_ids=[sid])
    record.publishers = [f"P{i}" for i in range(publishers)]
    record.last_article_at = at - timedelta(hours=age_h)
    return record


def test_stories_rank_by_publishers_and_recency_not_article_count() -> None:
    at = datetime(2026, 11, 30, 23, tzinfo=UTC)
    wire = story("wire", 1, 0, at)
    wire.article_ids = [f"copy{i}" for i in range(12)]  # twelve copies of one report
    fresh = story("fresh", 3, 1, at)
    stale = story("stale", 4, 30, at)
    two = story("two", 2, 2, at)
    assert [s.id for s in rank_stories([wire, stale, two, fresh], at)] == [
        "fresh", "two", "wire", "stale",
    ]  # fmt: skip
