"""The article store on Postgres (CHORUS_DATABASE_URL): the same protocol as SQLite, tested on
both against the real Postgres `make test` starts; and the newsroom flow (ingest -> brief ->
web page) reading and writing Postgres only."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from chorus.api.app import create_app
from chorus.ingest.models import StoredArticle, StoryRecord
from chorus.ingest.postgres_store import PostgresArticleStore, migrate_now
from chorus.ingest.run import make_article
from chorus.ingest.service import open_article_store
from chorus.ingest.store import ArticleStore, SqliteArticleStore
from chorus.ingest.stories import update_stories
from chorus.settings import Settings
from tests.api.conftest import running
from tests.conftest import require_postgres, reset_postgres
from tests.ingest.test_newsroom_flow import ingest_twice_then_brief, write_feeds
from tests.ingest.test_stories import STORIES, T0

TABLES = "chorus_ingest_articles, chorus_ingest_stories, chorus_ingest_feeds"


def empty_postgres() -> str:
    url = require_postgres()
    migrate_now(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {TABLES}")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ArticleStore]:
    store: ArticleStore
    if request.param == "sqlite":
        store = SqliteArticleStore(tmp_path / "chorus.sqlite3")
    else:
        store = PostgresArticleStore(empty_postgres())
    yield store
    store.close()


def article(
    story: str, i: int, publisher: str, *, url: str | None = None, minutes: int = 0
) -> StoredArticle:
    title, text = STORIES[story][i]
    when = T0 + timedelta(minutes=minutes)
    return make_article(
        url=url or f"https://{publisher.lower()}.example/{story}/{i}", publisher=publisher,
        side="center", key=f"{story}-{i}", title=title, text=text, published_at=when,
        feed=None, now=when,
    )  # fmt: skip


def test_a_day_in_a_time_zone_ahead_of_utc_holds_its_own_stories(any_store: ArticleStore) -> None:
    from zoneinfo import ZoneInfo

    from chorus.ingest.rank import day_bounds

    art = article("quake", 0, "Reuters", minutes=12 * 60)  # 20:00 UTC: 05:00 the next day in Tokyo
    any_store.add(art)
    story = StoryRecord(id="s", created_at=T0, updated_at=T0, article_ids=[art.id])
    story.touch([art])
    any_store.save_story(story)
    tokyo = ZoneInfo("Asia/Tokyo")
    day = story.last_article_at.astimezone(tokyo).date()
    assert [s.id for s in any_store.stories_between(*day_bounds(day, tokyo))] == ["s"]
    assert any_store.stories_between(*day_bounds(day - timedelta(days=1), tokyo)) == []


def test_duplicates_are_refused_and_wire_copies_kept(any_store: ArticleStore) -> None:
    first = article("quake", 0, "Reuters")
    assert any_store.add(first)
    assert not any_store.add(first)  # same URL
    assert not any_store.add(article("quake", 0, "Reuters", url="https://reuters.example/b"))
    assert any_store.add(article("quake", 0, "AP"))  # same text, another publisher: a copy
    assert sorted(a.publisher for a in any_store.articles_since(T0)) == ["AP", "Reuters"]
    assert len(any_store.unassigned()) == 2
    got = any_store.get_articles([first.id, "missing"])
    assert [a.id for a in got] == [first.id] and got[0].text == first.text


def test_stories_round_trip_and_are_found_by_time(any_store: ArticleStore) -> None:
    arts = [article("quake", i, p, minutes=10 * i) for i, p in enumerate(["Reuters", "AP"])]
    for a in arts:
        any_store.add(a)
    early = StoryRecord(id="s-early", created_at=T0, updated_at=T0, article_ids=[arts[0].id])
    early.touch(arts[:1])
    late = StoryRecord(id="s-late", created_at=T0, updated_at=T0 + timedelta(hours=2),
                       article_ids=[arts[1].id])  # fmt: skip
    late.touch(arts[1:])
    for s in (early, late):
        any_store.save_story(s)
        any_store.set_story(s.article_ids, s.id)
    assert any_store.unassigned() == []
    assert [a.story_id for a in any_store.get_articles([arts[1].id])] == ["s-late"]
    assert [s.id for s in any_store.stories_since(T0)] == ["s-late", "s-early"]
    assert [s.id for s in any_store.stories_since(T0 + timedelta(hours=1))] == ["s-late"]
    between = any_store.stories_between(T0, T0 + timedelta(days=1))
    assert [s.id for s in between] == ["s-late", "s-early"]
    assert any_store.latest_story_at() == arts[1].published_at
    late.changes = ["+1 article (BBC)"]
    any_store.save_story(late)
    got = any_store.get_story("s-late")
    assert got is not None and got.changes == ["+1 article (BBC)"]
    assert any_store.get_story("nope") is None


def test_feed_validators_are_kept(any_store: ArticleStore) -> None:
    assert any_store.feed_state("https://f.example/rss") == (None, None)
    any_store.save_feed_state("https://f.example/rss", '"abc"', "Mon, 30 Nov 2026 09:00:00 GMT")
    any_store.save_feed_state("https://f.example/rss", '"def"', None)
    assert any_store.feed_state("https://f.example/rss") == ('"def"', None)


def test_new_articles_join_their_story_on_postgres_too(any_store: ArticleStore) -> None:
    any_store.add(article("quake", 0, "Reuters"))
    any_store.add(article("rates", 0, "Reuters"))
    first = update_stories(any_store, window_h=48, now=T0)
    any_store.add(article("quake", 1, "AP", minutes=30))
    second = update_stories(any_store, window_h=48, now=T0 + timedelta(hours=1))
    assert len(first.created) == 2 and second.created == [] and len(second.grown) == 1
    assert second.grown[0] in first.created


def test_a_postgres_url_puts_articles_in_postgres() -> None:
    url = require_postgres()
    assert isinstance(open_article_store(Settings(database_url=url)), PostgresArticleStore)
    assert isinstance(open_article_store(Settings(database_url=None)), SqliteArticleStore)


def test_ingest_brief_and_page_on_postgres_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = empty_postgres()
    asyncio.run(reset_postgres(url))
    sqlite_file = tmp_path / "chorus.sqlite3"
    monkeypatch.setenv("CHORUS_DATABASE_URL", url)
    monkeypatch.setenv("CHORUS_DB_PATH", str(sqlite_file))
    ingest_twice_then_brief(write_feeds(tmp_path))

    async def front_page() -> str:
        async with running(create_app(Settings(database_url=url))) as client:
            return (await client.get("/")).text

    assert "2 publishers: AP, Reuters" in asyncio.run(front_page())
    if sqlite_file.exists():  # nothing of the day went to the SQLite file
        with sqlite3.connect(sqlite_file) as db:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            assert (
                "ingest_articles" not in tables
                or not db.execute("SELECT COUNT(*) FROM ingest_articles").fetchone()[0]
            )
