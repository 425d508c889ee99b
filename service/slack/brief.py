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
from datetime import date, datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from chorus.errors import Conflict, InvalidInput
from chorus.ingest.rank import day_bounds
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
    """One story of the brief. `key` is stable across runs (the ledger relies on it);
    `version` changes when the story gains articles (an update is then posted in the thread)."""

    key: str
    summary: Summary
    summary_id: str | None = None
    changes: list[str] = []
    version: str | None = None

    @property
    def size(self) -> tuple[int, int]:
        """(articles, voices): voices = named publishers + articles with no publisher named;
        wire copies count for neither."""
        originals = [s for s in self.summary.sources if s.copy_of is None]
        unnamed = sum(1 for s in originals if not s.source)
        return len(originals), len(publishers(self.summary)) + unnamed


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
    status: Literal["posted", "resumed", "noop", "empty", "updated"]
    channel: str
    posted: int = 0
    skipped: int = 0
    thread_ts: str | None = None


# --- collecting --------------------------------------------------------------------------


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
    """Most publishers first (ten wire copies are one voice), then most articles; ties keep
    their input order. Stories from ingest come ranked by publishers × recency already."""
    ordered = sorted(stories, key=lambda s: (-s.size[1], -s.size[0]))
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
            for i, msg in enumerate(story_messages(rank_no, story.summary, story.changes or None)):
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
    """Post the brief for (day, channel) once; resume a brief that stopped midway; on a rerun
    after it was posted, post an update in the thread for each story that gained articles."""
    layout: Layout = "thread" if slack.mode == "bot" else "single"
    if layout == "thread" and not channel:
        raise InvalidInput("no Slack channel: pass --channel C0123456789 or set SLACK_CHANNEL")
    where = channel if layout == "thread" and channel else "webhook"
    if not stories and ledger.get(day, where) is None:
        return PublishResult(status="empty", channel=where)
    outcome = ledger.claim(day, where, [s.key for s in stories], force=force)
    if outcome == "done":
        return await post_updates(day, stories, slack=slack, ledger=ledger, channel=where)
    if outcome == "busy":
        raise Conflict(
            f"another run is posting the brief for {day.isoformat()} to {where} "
            "right now; try again in a few minutes"
        )
    resuming = outcome == "resume"
    posted: dict[str, str | None] = {}
    thread_ts: str | None = None
    record = ledger.get(day, where)
    if resuming and record is not None:
        stories, posted = _resume(stories, record.stories, record.posted)
        thread_ts = record.thread_ts
    plan = plan_brief(day, stories, layout, omitted)
    run = _Run(day, where, channel, layout, slack, ledger, thread_ts)
    try:
        done, skipped = await run.post_all(plan.posts, posted)
        for story in stories:  # the versions posted: later changes become thread updates
            if story.version is not None:
                ledger.record_post(day, where, f"version:{story.key}:{story.version}", None)
    except BaseException as exc:
        ledger.set_status(day, where, "failed", error=_reason(exc))
        raise
    ledger.set_status(day, where, "done")
    log.info(
        "brief_posted",
        extra={"day": day.isoformat(), "posted": done, "skipped": skipped, "resumed": resuming},
    )
    return PublishResult(
        status="resumed" if resuming else "posted", channel=where, posted=done,
        skipped=skipped, thread_ts=run.thread_ts,
    )  # fmt: skip


def _resume(
    stories: list[Story], keys: list[str], posted: dict[str, str | None]
) -> tuple[list[Story], dict[str, str | None]]:
    """The stories of the brief being resumed, in its order, and what was already posted."""
    by_key = {s.key: s for s in stories}
    gone = [k for k in keys if k not in by_key]
    if gone:
        log.warning("brief_resume_missing_stories", extra={"missing": len(gone)})
    return [by_key[k] for k in keys if k in by_key], dict(posted)


class _Run:
    """One posting pass: sends posts in order, records each in the ledger as it goes."""

    def __init__(
        self,
        day: date,
        where: str,
        channel: str | None,
        layout: Layout,
        slack: SlackClient,
        ledger: BriefLedger,
        thread_ts: str | None,
    ) -> None:
        self.day, self.where, self.channel, self.layout = day, where, channel, layout
        self.slack, self.ledger, self.thread_ts = slack, ledger, thread_ts
        self.reply_channel = channel

    async def send(self, post: Post) -> str | None:
        if self.layout != "thread":
            await self.slack.post_webhook(post.message)
            return None
        assert self.channel is not None
        if post.threaded and not self.thread_ts:
            raise SlackError(
                "cannot post thread replies: the parent message's ts is unknown; "
                "rerun with --force to post the brief again",
                slack_error="no_thread_ts",
            )
        result = await self.slack.post_message(
            self.reply_channel or self.channel,
            post.message,
            thread_ts=self.thread_ts if post.threaded else None,
        )
        if post.key == "parent":
            self.thread_ts = result.ts
            self.reply_channel = result.channel or self.channel
        return result.ts

    async def post_all(self, posts: list[Post], posted: dict[str, str | None]) -> tuple[int, int]:
        done = skipped = 0
        for post in posts:
            if post.key in posted:
                skipped += 1
                continue
            ts = await self.send(post)
            self.ledger.record_post(self.day, self.where, post.key, ts)
            done += 1
        return done, skipped


async def post_updates(
    day: date, stories: list[Story], *, slack: SlackClient, ledger: BriefLedger, channel: str
) -> PublishResult:
    """The brief was posted: reply in its thread for every story whose version changed."""
    record = ledger.get(day, channel)
    thread = record.thread_ts if record else None
    if record is None or thread is None or slack.mode != "bot":
        log.info("brief_noop", extra={"day": day.isoformat(), "channel": channel})
        return PublishResult(status="noop", channel=channel, thread_ts=thread)
    run = _Run(day, channel, channel, "thread", slack, ledger, thread)
    posts: list[Post] = []
    marks: list[str] = []
    for story in stories:
        mark = f"version:{story.key}:{story.version}"
        if story.key in record.stories and story.version and mark not in record.posted:
            marks.append(mark)
            for i, msg in enumerate(story_messages(None, story.summary, story.changes or None)):
                key = f"update:{story.key}:{story.version}:{i}"
                posts.append(Post(key=key, message=msg, threaded=True))
    done, _ = await run.post_all(posts, dict(record.posted))
    for mark in marks:
        ledger.record_post(day, channel, mark, None)
    status: Literal["updated", "noop"] = "updated" if done else "noop"
    return PublishResult(status=status, channel=channel, posted=done, thread_ts=thread)


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
    "payloads",
    "plan_brief",
    "publish",
    "rank",
    "stories_from_path",
    "stories_from_store",
    "today",
]
