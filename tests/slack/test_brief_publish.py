"""Posting the brief: thread shape, idempotency (no-op rerun, --force), resume after failure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import respx

from chorus.errors import Conflict, SlackError
from chorus.ingest.rank import day_bounds
from chorus.jobs.sqlite import SQLiteStore
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.slack.brief import publish, rank, stories_from_store
from chorus.slack.client import SlackClient
from chorus.slack.ledger import BriefLedger
from tests.slack.conftest import SLACK_API, WEBHOOK, make_story, posted_bodies, ts_sequence

DAY = date(2026, 11, 23)


def two_stories() -> list:
    return [
        make_story("small", "Small story", articles=1),
        make_story("big", "Big story", articles=3),
    ]


async def test_two_story_brief_posts_a_parent_and_two_replies_in_its_thread(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], ledger: BriefLedger
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(side_effect=ts_sequence())
    stories = rank(two_stories(), 10)
    result = await publish(DAY, stories, slack=make_slack(), ledger=ledger, channel="C123")

    bodies = posted_bodies(route)
    assert len(bodies) == 3
    parent, first, second = bodies
    assert "thread_ts" not in parent
    assert parent["blocks"][0]["text"]["text"] == "Daily brief — 23 Nov 2026 · 2 stories"
    assert parent["blocks"][1]["text"]["text"].splitlines()[0].startswith("1. *Big story*")
    assert parent["text"]  # plain fallback
    # Replies thread under the ts Slack returned for the parent, biggest story first.
    assert first["thread_ts"] == second["thread_ts"] == "1000.000001"
    assert first["blocks"][0]["text"]["text"] == "*1. Big story*"
    assert second["blocks"][0]["text"]["text"] == "*2. Small story*"
    assert all(b["channel"] == "C123" for b in bodies)
    assert all(b["text"] and b["unfurl_links"] is False for b in bodies)
    assert result.status == "posted" and result.posted == 3 and result.thread_ts == "1000.000001"


async def test_second_run_is_a_no_op_unless_forced(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], ledger: BriefLedger
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(side_effect=ts_sequence())
    slack = make_slack()
    await publish(DAY, two_stories(), slack=slack, ledger=ledger, channel="C123")
    again = await publish(DAY, two_stories(), slack=slack, ledger=ledger, channel="C123")
    assert again.status == "noop" and route.call_count == 3

    # Another day or another channel is a different brief.
    other = await publish(DAY, two_stories(), slack=slack, ledger=ledger, channel="C999")
    assert other.status == "posted" and route.call_count == 6

    forced = await publish(
        DAY, two_stories(), slack=slack, ledger=ledger, channel="C123", force=True
    )
    assert forced.status == "posted" and forced.posted == 3 and route.call_count == 9
    assert forced.thread_ts == "1000.000007"


async def test_a_brief_that_failed_between_replies_resumes_without_duplicates(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], ledger: BriefLedger
) -> None:
    stories = rank(two_stories(), 10)
    ok = ts_sequence()
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(
        side_effect=[
            ok,  # parent
            ok,  # reply 1
            httpx.Response(200, json={"ok": False, "error": "invalid_blocks"}),  # reply 2
        ]
    )
    slack = make_slack()
    with pytest.raises(SlackError, match="invalid_blocks"):
        await publish(DAY, stories, slack=slack, ledger=ledger, channel="C123")
    record = ledger.get(DAY, "C123")
    assert record is not None and record.status == "failed" and record.error == "invalid_blocks"
    assert set(record.posted) == {"parent", "story:big:0"}

    # Next run: only the missing reply goes out, in the original thread.
    route.side_effect = ts_sequence()
    # The stories come back in another order and with a newcomer: the posted brief wins.
    newcomer = make_story("late", "Late story", articles=9)
    result = await publish(
        DAY, [*reversed(stories), newcomer], slack=slack, ledger=ledger, channel="C123"
    )
    bodies = posted_bodies(route)[3:]
    assert len(bodies) == 1
    assert bodies[0]["thread_ts"] == "1000.000001"
    assert bodies[0]["blocks"][0]["text"]["text"] == "*2. Small story*"
    assert result.status == "resumed" and result.posted == 1 and result.skipped == 2
    done = ledger.get(DAY, "C123")
    assert done is not None and done.status == "done"


async def test_failure_posting_the_parent_leaves_nothing_to_skip(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], ledger: BriefLedger
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").respond(
        200, json={"ok": False, "error": "not_in_channel"}
    )
    with pytest.raises(SlackError, match="/invite"):
        await publish(DAY, two_stories(), slack=make_slack(), ledger=ledger, channel="C123")
    route.side_effect = ts_sequence()
    result = await publish(DAY, two_stories(), slack=make_slack(), ledger=ledger, channel="C123")
    assert result.posted == 3 and "thread_ts" not in posted_bodies(route)[1]


async def test_webhook_mode_posts_the_whole_brief_as_one_message(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], ledger: BriefLedger
) -> None:
    route = slack_mock.post(WEBHOOK).respond(200, text="ok")
    slack = make_slack(bot_token=None, webhook_url=WEBHOOK)
    result = await publish(DAY, rank(two_stories(), 10), slack=slack, ledger=ledger, channel=None)
    [body] = posted_bodies(route)
    kinds = [b["type"] for b in body["blocks"]]
    assert kinds[:2] == ["header", "section"] and kinds.count("divider") == 2
    assert result.status == "posted" and result.channel == "webhook"
    again = await publish(DAY, two_stories(), slack=slack, ledger=ledger, channel=None)
    assert again.status == "noop" and route.call_count == 1


async def test_bot_mode_without_a_channel_is_a_clear_error(
    make_slack: Callable[..., SlackClient], ledger: BriefLedger
) -> None:
    with pytest.raises(Exception, match="SLACK_CHANNEL"):
        await publish(DAY, two_stories(), slack=make_slack(), ledger=ledger, channel=None)


async def test_no_stories_posts_nothing(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], ledger: BriefLedger
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(side_effect=ts_sequence())
    result = await publish(DAY, [], slack=make_slack(), ledger=ledger, channel="C1")
    assert result.status == "empty" and route.call_count == 0 and ledger.get(DAY, "C1") is None


def test_rank_puts_most_articles_then_most_publishers_first_and_caps_the_count() -> None:
    a = make_story("a", "A", articles=2)
    b = make_story("b", "B", articles=5)
    c = make_story("c", "C", articles=2)
    c.summary.sources[1].source = c.summary.sources[0].source  # 2 articles, 1 publisher
    d = make_story("d", "D", articles=1)
    assert [s.key for s in rank([d, c, a, b], 10)] == ["b", "a", "c", "d"]
    assert [s.key for s in rank([d, c, a, b], 2)] == ["b", "a"]


def test_day_bounds_follow_the_time_zone() -> None:
    start, end = day_bounds(DAY, ZoneInfo("Europe/Paris"))
    assert start.astimezone(UTC) == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)
    assert end - start == timedelta(days=1)


async def test_store_stories_are_the_days_latest_summaries_plus_unsummarised_jobs(
    tmp_path: Path, seed_cluster: Cluster, make_summarizer: Callable[..., Summarizer]
) -> None:
    now = [datetime(2026, 11, 23, 9, 0, tzinfo=UTC)]
    store = SQLiteStore(tmp_path / "chorus.sqlite3", clock=lambda: now[0])
    summarizer = make_summarizer()
    options = SummaryOptions(engine="extractive")
    other = seed_cluster.model_copy(update={"id": "other"})
    try:
        # Yesterday's summary: not in today's brief.
        now[0] = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
        old, _ = await store.create_job(other, options)
        await store.finish_job(old.id, await summarizer.summarize(other, options))
        # Today: the seed cluster summarised twice (the later one wins) ...
        now[0] = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
        first, _ = await store.create_job(seed_cluster, options)
        await store.finish_job(first.id, await summarizer.summarize(seed_cluster, options))
        now[0] = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
        second, _ = await store.create_job(seed_cluster, options)
        await store.finish_job(second.id, await summarizer.summarize(seed_cluster, options))
        # ... and a job that never finished: the brief summarises it itself.
        pending, _ = await store.create_job(other, options)
        stories = await stories_from_store(store, DAY, ZoneInfo("UTC"), summarizer, options)
    finally:
        await store.close()
    assert {s.key for s in stories} == {second.id, pending.id}
    by_key = {s.key: s for s in stories}
    assert by_key[pending.id].summary.cluster_id == "other"
    assert by_key[pending.id].summary.sentences


async def test_a_brief_another_run_is_posting_is_not_posted_twice_but_a_dead_run_resumes(
    tmp_path: Path, slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient]
) -> None:
    clock = [datetime(2026, 11, 23, 7, 0, tzinfo=UTC)]
    ledger = BriefLedger(tmp_path / "chorus.sqlite3", clock=lambda: clock[0])
    stories = rank(two_stories(), 10)
    # A run claimed the brief and posted the parent, then was killed (no 'failed' mark).
    assert ledger.claim(DAY, "C123", [s.key for s in stories]) == "new"
    ledger.record_post(DAY, "C123", "parent", "1000.000001")
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(side_effect=ts_sequence())

    clock[0] += timedelta(seconds=30)  # still fresh: maybe it is alive
    with pytest.raises(Conflict, match="another run is posting"):
        await publish(DAY, stories, slack=make_slack(), ledger=ledger, channel="C123")
    assert route.call_count == 0

    clock[0] += timedelta(minutes=10)  # untouched for 10 minutes: it died; resume
    result = await publish(DAY, stories, slack=make_slack(), ledger=ledger, channel="C123")
    assert result.status == "resumed" and result.posted == 2 and result.skipped == 1
    assert {b["thread_ts"] for b in posted_bodies(route)} == {"1000.000001"}
