"""The brief from ingested stories: briefable stories only, publishers named, wire copies
compact, the engine disclosed, no settings names, and updates posted in the thread."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import respx
from typer.testing import CliRunner

from chorus.cli.main import app
from chorus.ingest.run import make_article
from chorus.ingest.store import SqliteArticleStore
from chorus.ingest.stories import refresh_summaries, update_stories
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.slack.blocks import story_parts
from chorus.slack.brief import publish
from chorus.slack.client import SlackClient
from chorus.slack.ledger import BriefLedger
from chorus.slack.stories import stories_from_ingest
from tests.slack.conftest import SLACK_API, make_summary, posted_bodies, ts_sequence
from tests.web.conftest import DAY, QUAKE, fill_day

runner = CliRunner()
OPTIONS = SummaryOptions(engine="extractive")


def add_wire_copy(db: Path) -> None:
    _pub, _side, _url, title, text = QUAKE[0]
    store = SqliteArticleStore(db)
    store.add(
        make_article(
            url="https://wire.example/quake",
            publisher="Wire Service",
            side=None,
            key="w",
            title=title,
            text=text,
            published_at=DAY + timedelta(minutes=5),
            feed=None,
            now=DAY,
        )  # fmt: skip
    )
    update_stories(store, window_h=48, now=DAY)
    store.close()


def test_dry_run_without_from_briefs_the_days_briefable_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "chorus.sqlite3"
    asyncio.run(fill_day(db, summarise=False))
    add_wire_copy(db)
    monkeypatch.setenv("CHORUS_DB_PATH", str(db))
    args = ["brief", "--dry-run", "--date", "2026-11-30", "--engine", "extractive"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    payloads = json.loads(result.stdout)
    text = json.dumps(payloads, ensure_ascii=False)
    assert payloads[0]["blocks"][0]["text"]["text"] == "Daily brief — 30 Nov 2026 · 1 story"
    assert "Reuters" in text and "AP" in text and "Evil" not in text  # single source: not briefed
    assert "(+1 copy)" in text and text.count("Wire Service") == 0  # the copy folded in
    assert "AI-generated" in text
    assert "CHORUS_" not in text and "SLACK_" not in text and "OPENAI_" not in text
    assert '"a-' not in text and "a-" + "0" * 3 not in text  # no article ids shown
    store = SqliteArticleStore(db)
    (story,) = [s for s in store.stories_since(DAY - timedelta(days=9)) if s.briefable]
    store.close()
    assert story.summary is not None
    assert len(story.summary.sources) == 3  # the copy stays cited in the data
    assert [s.copy_of for s in story.summary.sources].count(None) == 2


def test_the_headline_is_not_repeated_as_the_first_sentence() -> None:
    summary = make_summary(
        "c", "Quake hits Chile",
        sentences=[("Quake hits Chile.", [1]), ("A tsunami warning was lifted.", [1])],
    )  # fmt: skip
    parts = story_parts(1, summary)
    heading, body = parts[0].mrkdwn, parts[1].mrkdwn
    assert heading.startswith("*1. Quake hits Chile*") and "[1]" in heading
    assert "Quake hits Chile" not in body and body.startswith("A tsunami warning")


def test_reader_text_never_shows_setting_names() -> None:
    summary = make_summary("c", "H", warnings=["the LLM failed (set OPENAI_API_KEY); fell back"])
    text = " ".join(p.mrkdwn for p in story_parts(1, summary))
    assert "OPENAI_API_KEY" not in text and "a server setting" in text


async def test_a_story_that_grew_gets_an_update_in_the_thread(
    tmp_path: Path,
    slack_mock: respx.MockRouter,
    make_slack: Callable[..., SlackClient],
) -> None:
    db = tmp_path / "chorus.sqlite3"
    await fill_day(db, hostile=False)
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(side_effect=ts_sequence())
    ledger = BriefLedger(db)
    store = SqliteArticleStore(db)
    tz = ZoneInfo("UTC")
    stories = await stories_from_ingest(store, DAY.date(), tz, Summarizer(), OPTIONS)
    first = await publish(DAY.date(), stories, slack=make_slack(), ledger=ledger, channel="C1")
    again = await publish(DAY.date(), stories, slack=make_slack(), ledger=ledger, channel="C1")
    assert first.status == "posted" and again.status == "noop"
    later = DAY + timedelta(hours=1)
    store.add(
        make_article(
            url="https://bbc.example/q",
            publisher="BBC",
            side=None,
            key="bbc",
            title="Chile earthquake of magnitude 7.1 near Antofagasta",
            text="A magnitude 7.1 earthquake struck near Antofagasta in northern Chile on Monday, "
            "and a tsunami warning was issued and later lifted.",
            published_at=later,
            feed=None,
            now=later,
        )  # fmt: skip
    )
    update_stories(store, window_h=48, now=later)
    await refresh_summaries(store, Summarizer(), OPTIONS, since=DAY - timedelta(days=1))
    grown = await stories_from_ingest(store, DAY.date(), tz, Summarizer(), OPTIONS)
    update = await publish(DAY.date(), grown, slack=make_slack(), ledger=ledger, channel="C1")
    once_more = await publish(DAY.date(), grown, slack=make_slack(), ledger=ledger, channel="C1")
    store.close()
    assert update.status == "updated" and update.posted >= 1 and once_more.status == "noop"
    reply = posted_bodies(route)[-1]
    assert reply["thread_ts"] == first.thread_ts
    assert "Updated:" in json.dumps(reply["blocks"]) and "BBC" in json.dumps(reply["blocks"])
