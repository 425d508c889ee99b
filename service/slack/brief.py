"""The daily brief: collect the day's stories, summarise what is not summarised yet, order
them biggest first, plan the Slack messages and post them exactly once.

Stories come from the service's store (summaries stored that day, plus that day's jobs that
have no summary yet, summarised here) or from files (`--from`). Posting goes through
`SlackClient` and the `BriefLedger`, which makes a rerun a no-op and lets a brief that failed
midway resume without posting any message twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from chorus.errors import Conflict, InvalidInput
from chorus.jobs.store import Store
from chorus.loaders import ARTICLE_SUFFIXES, iter_clusters
from chorus.models import Cluster, Summary, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.slack.blocks import (
    brief_title,
    parent_messages,
    publishers,
    single_messages,
    story_messages,
)
from chorus.slack.client import SlackClient, SlackError, SlackMessage
from chorus.slack.ledger import BriefLedger

log = logging.getLogger("chorus.brief")

Layout = Literal["thread", "single"]
STORE_SCAN_LIMIT = 1000


class Story(BaseModel):
    """One story of the brief. `key` is stable across runs (the ledger relies on it)."""

    key: str
    summary: Summary
    summary_id: str | None = None

    @property
    def size(self) -> tuple[int, int]:
        return len(self.summary.sources), len(publishers(self.summary))


class Post(BaseModel):
    key: str
    message: SlackMessage
    threaded: bool = False


class BriefPlan(BaseModel):
    day: date
    title: str
    layout: Layout
    stories: list[Story]
    posts: list[Post]


class PublishResult(BaseModel):
    status: Literal["posted", "resumed", "noop", "empty"]
    channel: str
    posted: int = 0
    skipped: int = 0
    thread_ts: str | None = None


# --- collecting --------------------------------------------------------------------------


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of `day` in `tz`, as aware datetimes."""
    start = datetime.combine(day, time(0), tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tz)


def today(tz: ZoneInfo, now: datetime | None = None) -> date:
    return (now or datetime.now(tz)).astimezone(tz).date()


def clusters_from_path(path: Path) -> list[Cluster]:
    """What `chorus summarize` accepts, or a directory of such clusters (one story each)."""
    if path.is_dir() and not any(
        p.is_file() and p.suffix in ARTICLE_SUFFIXES for p in path.iterdir()
    ):
        children = sorted(
            p
            for p in path.iterdir()
            if not p.name.startswith(".") and (p.is_dir() or p.suffix in (".json", ".jsonl"))
        )
        if not children:
            raise InvalidInput(
                f"{path}: no articles (.txt/.md) and no clusters (.json, .jsonl or "
                "subdirectories of articles) in this directory"
            )
        return [c for child in children for c in iter_clusters(child)]
    return list(iter_clusters(path))


def _unique_keys(keys: Iterable[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


async def summarise_clusters(
    clusters: list[Cluster], summarizer: Summarizer, options: SummaryOptions
) -> list[Summary]:
    return list(await asyncio.gather(*(summarizer.summarize(c, options) for c in clusters)))


async def stories_from_path(
    path: Path, summarizer: Summarizer, options: SummaryOptions
) -> list[Story]:
    clusters = clusters_from_path(path)
    summaries = await summarise_clusters(clusters, summarizer, options)
    keys = _unique_keys(c.id for c in clusters)
    return [Story(key=k, summary=s) for k, s in zip(keys, summaries, strict=True)]


async def stories_from_store(
    store: Store,
    day: date,
    tz: ZoneInfo,
    summarizer: Summarizer,
    options: SummaryOptions,
) -> list[Story]:
    """The day's stored summaries (latest per cluster) + that day's unsummarised jobs."""
    since, until = day_bounds(day, tz)
    latest: dict[str, Story] = {}
    for stored in await store.list_summaries(since, until, limit=STORE_SCAN_LIMIT):
        latest[stored.cluster.id] = Story(
            key=stored.id, summary=stored.summary, summary_id=stored.id
        )
    missing: dict[str, tuple[str, Cluster]] = {}
    for job in await store.list_jobs(since=since, limit=STORE_SCAN_LIMIT):
        if job.summary is None and job.created_at < until and job.cluster.id not in latest:
            missing.setdefault(job.cluster.id, (job.id, job.cluster))
    if missing:
        log.info("brief_summarising_pending", extra={"count": len(missing)})
        summaries = await summarise_clusters([c for _, c in missing.values()], summarizer, options)
        for (job_id, cluster), summary in zip(missing.values(), summaries, strict=True):
            latest[cluster.id] = Story(key=job_id, summary=summary, summary_id=job_id)
    return list(latest.values())


def rank(stories: list[Story], max_stories: int) -> list[Story]:
    """Biggest first: most articles, then most publishers; ties keep their input order."""
    ordered = sorted(stories, key=lambda s: (-s.size[0], -s.size[1]))
    return ordered[:max_stories]


# --- planning ----------------------------------------------------------------------------


def plan_brief(day: date, stories: list[Story], layout: Layout, omitted: int = 0) -> BriefPlan:
    summaries = [s.summary for s in stories]
    posts: list[Post] = []
    if layout == "thread":
        for i, msg in enumerate(parent_messages(day, summaries, threaded=True, omitted=omitted)):
            posts.append(
                Post(key="parent" if i == 0 else f"parent:{i}", message=msg, threaded=i > 0)
            )
        for rank_no, story in enumerate(stories, start=1):
            for i, msg in enumerate(story_messages(rank_no, story.summary)):
                posts.append(Post(key=f"story:{story.key}:{i}", message=msg, threaded=True))
    else:
        for i, msg in enumerate(single_messages(day, summaries, omitted)):
            posts.append(Post(key="parent" if i == 0 else f"brief:{i}", message=msg))
    return BriefPlan(
        day=day, title=brief_title(day, len(stories)), layout=layout, stories=stories, posts=posts
    )


def payloads(plan: BriefPlan, channel: str | None) -> list[dict[str, object]]:
    """The exact request bodies `publish` sends (thread_ts shown as a placeholder)."""
    out: list[dict[str, object]] = []
    for post in plan.posts:
        body: dict[str, object] = {}
        if plan.layout == "thread":
            body["channel"] = channel or "<channel id>"
        body.update(post.message.model_dump())
        body.update({"unfurl_links": False, "unfurl_media": False})
        if post.threaded:
            body["thread_ts"] = "<ts of the parent message>"
        out.append(body)
    return out


# --- posting -----------------------------------------------------------------------------


async def publish(
    day: date,
    stories: list[Story],
    *,
    slack: SlackClient,
    ledger: BriefLedger,
    channel: str | None,
    force: bool = False,
    omitted: int = 0,
) -> PublishResult:
    """Post the brief for (day, channel) once; resume a brief that stopped midway."""
    layout: Layout = "thread" if slack.mode == "bot" else "single"
    if layout == "thread" and not channel:
        raise InvalidInput("no Slack channel: pass --channel C0123456789 or set SLACK_CHANNEL")
    ledger_channel = channel if layout == "thread" and channel else "webhook"
    if not stories and ledger.get(day, ledger_channel) is None:
        return PublishResult(status="empty", channel=ledger_channel)
    outcome = ledger.claim(day, ledger_channel, [s.key for s in stories], force=force)
    if outcome == "done":
        log.info("brief_noop", extra={"day": day.isoformat(), "channel": ledger_channel})
        record = ledger.get(day, ledger_channel)
        thread = record.thread_ts if record else None
        return PublishResult(status="noop", channel=ledger_channel, thread_ts=thread)
    if outcome == "busy":
        raise Conflict(
            f"another run is posting the brief for {day.isoformat()} to {ledger_channel} "
            "right now; try again in a few minutes"
        )
    resuming = outcome == "resume"
    posted: dict[str, str | None] = {}
    thread_ts: str | None = None
    record = ledger.get(day, ledger_channel)
    if resuming and record is not None:
        by_key = {s.key: s for s in stories}
        gone = [k for k in record.stories if k not in by_key]
        if gone:
            log.warning("brief_resume_missing_stories", extra={"missing": len(gone)})
        stories = [by_key[k] for k in record.stories if k in by_key]
        posted = dict(record.posted)
        thread_ts = record.thread_ts
    plan = plan_brief(day, stories, layout, omitted)
    done = skipped = 0
    reply_channel = channel
    try:
        for post in plan.posts:
            if post.key in posted:
                skipped += 1
                continue
            ts = None
            if layout == "thread":
                assert channel is not None
                if post.threaded and not thread_ts:
                    raise SlackError(
                        "cannot post thread replies: the parent message's ts is unknown; "
                        "rerun with --force to post the brief again",
                        slack_error="no_thread_ts",
                    )
                result = await slack.post_message(
                    reply_channel or channel,
                    post.message,
                    thread_ts=thread_ts if post.threaded else None,
                )
                ts = result.ts
                if post.key == "parent":
                    thread_ts = ts
                    reply_channel = result.channel or channel
            else:
                await slack.post_webhook(post.message)
            ledger.record_post(day, ledger_channel, post.key, ts)
            done += 1
    except BaseException as exc:
        ledger.set_status(day, ledger_channel, "failed", error=_reason(exc))
        raise
    ledger.set_status(day, ledger_channel, "done")
    log.info(
        "brief_posted",
        extra={"day": day.isoformat(), "posted": done, "skipped": skipped, "resumed": resuming},
    )
    return PublishResult(
        status="resumed" if resuming else "posted",
        channel=ledger_channel,
        posted=done,
        skipped=skipped,
        thread_ts=thread_ts,
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SlackError):
        return exc.slack_error
    return type(exc).__name__


__all__ = [
    "BriefPlan",
    "Post",
    "PublishResult",
    "Story",
    "clusters_from_path",
    "day_bounds",
    "payloads",
    "plan_brief",
    "publish",
    "rank",
    "stories_from_path",
    "stories_from_store",
    "today",
]
