"""`chorus brief`: post (or, with --dry-run, print) the day's Slack brief.

Exit codes: 0 posted, resumed, already posted (no-op) or nothing to post; 1 Slack or the LLM
failed; 2 bad input or configuration, or another run is posting the same brief.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from chorus.cli.common import OutputFormat, build_summarizer, fail, load_settings
from chorus.errors import ChorusError, InvalidInput
from chorus.ingest.service import open_article_store
from chorus.models import EngineChoice, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings
from chorus.slack.blocks import format_day, to_markdown
from chorus.slack.brief import (
    Layout,
    PublishResult,
    Story,
    payloads,
    plan_brief,
    publish,
    rank,
    stories_from_path,
    today,
)
from chorus.slack.client import SlackClient
from chorus.slack.ledger import BriefLedger
from chorus.slack.schedule import parse_hhmm, parse_tz, run_daily
from chorus.slack.stories import stories_from_ingest

FIRST_DAY, LAST_DAY = date(1, 1, 2), date(9999, 12, 30)


def _parse_day(value: str | None, tz: ZoneInfo) -> date:
    if value is None:
        return today(tz)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--date must be YYYY-MM-DD, not {value!r}") from None
    # The day's bounds in any time zone (and the next day) must exist in the calendar.
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(f"--date must be between {FIRST_DAY} and {LAST_DAY}, not {value!r}")
    return day


async def collect(
    settings: Settings,
    summarizer: Summarizer,
    options: SummaryOptions,
    day: date,
    tz: ZoneInfo,
    source: Path | None,
) -> list[Story]:
    """Every story of the day: from files (biggest first), or the day's briefable stories
    from ingest (ranked by publishers × recency)."""
    if source is not None:
        stories = await stories_from_path(source, summarizer, options)
        return rank(stories, len(stories))
    store = open_article_store(settings)
    try:
        return await stories_from_ingest(store, day, tz, summarizer, options)
    finally:
        store.close()


def print_dry_run(
    day: date, stories: list[Story], layout: Layout, channel: str | None, fmt: str, omitted: int
) -> None:
    plan = plan_brief(day, stories, layout, omitted)
    bodies = payloads(plan, channel)
    if fmt == "json":
        sys.stdout.write(json.dumps(bodies, ensure_ascii=False, indent=2) + "\n")
        return
    how = "chat.postMessage, replies in the parent's thread" if layout == "thread" else "webhook"
    sys.stdout.write(
        f"# Slack payloads: {len(bodies)} message(s), {how}\n\n```json\n"
        + json.dumps(bodies, ensure_ascii=False, indent=2)
        + "\n```\n\n# Preview\n\n"
        + to_markdown(day, [s.summary for s in stories])
    )


def describe(result: PublishResult, day: date) -> str:
    when = format_day(day)
    where = "the webhook's channel" if result.channel == "webhook" else result.channel
    if result.status == "noop":
        return f"the brief for {when} was already posted to {where}; use --force to post again"
    if result.status == "empty":
        return f"no stories for {when}; nothing posted"
    if result.status == "updated":
        return f"posted {result.posted} update(s) to the brief for {when} in {where}"
    verb = "resumed the brief" if result.status == "resumed" else "posted the brief"
    extra = f" ({result.skipped} already posted)" if result.skipped else ""
    return f"{verb} for {when} to {where}: {result.posted} message(s){extra}"


@dataclass(frozen=True)
class BriefRun:
    """What one `chorus brief` invocation asked for, validated."""

    settings: Settings
    source: Path | None
    channel: str | None
    dry_run: bool
    force: bool
    engine: EngineChoice
    limit: int
    fmt: str
    tz: ZoneInfo

    async def once(self, day: date) -> None:
        summarizer = build_summarizer(self.settings, self.engine)
        slack = SlackClient.from_settings(self.settings)
        try:
            options = SummaryOptions(engine=self.engine)
            ranked = await collect(self.settings, summarizer, options, day, self.tz, self.source)
            stories, omitted = ranked[: self.limit], max(0, len(ranked) - self.limit)
            if self.dry_run:
                self.print(day, stories, omitted, slack)
                return
            if slack.mode is None:
                raise InvalidInput(
                    "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_CHANNEL (or "
                    "SLACK_WEBHOOK_URL), or use --dry-run"
                )
            ledger = BriefLedger(self.settings.sqlite_file)
            result = await publish(
                day, stories, slack=slack, ledger=ledger, channel=self.channel,
                force=self.force, omitted=omitted,
            )  # fmt: skip
            typer.echo(describe(result, day), err=True)
        finally:
            await slack.aclose()
            await summarizer.aclose()

    def print(self, day: date, stories: list[Story], omitted: int, slack: SlackClient) -> None:
        if not stories:
            typer.echo(f"no stories for {format_day(day)}; nothing to post", err=True)
            return
        layout: Layout = "single" if slack.mode == "webhook" else "thread"
        print_dry_run(day, stories, layout, self.channel, self.fmt, omitted)

    async def scheduled(self, day: date) -> None:
        try:
            await self.once(day)
        except ChorusError as exc:
            typer.echo(f"error: {exc.detail}", err=True)
            raise


def run_brief(
    run: BriefRun, day_opt: str | None, every_day_at: str | None, max_stories: int | None
) -> None:
    if max_stories is not None and not 1 <= max_stories <= 50:
        fail("--max-stories must be between 1 and 50")
    try:
        at = parse_hhmm(every_day_at) if every_day_at else None
        if at is not None and day_opt is not None:
            raise InvalidInput("--date and --every-day-at cannot be combined")
        fixed_day = _parse_day(day_opt, run.tz) if at is None else None
    except ChorusError as exc:
        fail(exc.detail)
    try:
        if at is not None:
            typer.echo(f"posting the brief every day at {at:%H:%M} ({run.tz.key})", err=True)
            asyncio.run(run_daily(at, run.tz, run.scheduled))
        else:
            assert fixed_day is not None
            asyncio.run(run.once(fixed_day))
    except ChorusError as exc:
        fail(exc.detail, 1 if exc.status >= 500 else 2)
    except BrokenPipeError:
        raise typer.Exit(0) from None


def register(app: typer.Typer) -> None:
    @app.command()
    def brief(
        day_opt: Annotated[
            str | None, typer.Option("--date", help="Day of the brief, YYYY-MM-DD (default today).")
        ] = None,
        source: Annotated[
            Path | None,
            typer.Option(
                "--from",
                help="Clusters to brief instead of the day's ingested stories: anything "
                "`chorus summarize` accepts, or a directory of such clusters (one story each).",
            ),
        ] = None,
        channel: Annotated[
            str | None, typer.Option(help="Slack channel ID (default SLACK_CHANNEL).")
        ] = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Print the payloads, post nothing.")
        ] = False,
        force: Annotated[
            bool, typer.Option("--force", help="Post again even if already posted.")
        ] = False,
        engine: Annotated[
            EngineChoice, typer.Option(help="Which engine writes the summary.")
        ] = "auto",
        max_stories: Annotated[
            int | None, typer.Option(help="At most this many stories (default from settings).")
        ] = None,
        fmt: Annotated[
            OutputFormat,
            typer.Option("--format", help="Dry-run output: md (payloads + preview) or json."),
        ] = "md",
        every_day_at: Annotated[
            str | None,
            typer.Option("--every-day-at", help="Keep running; post every day at HH:MM."),
        ] = None,
        tz_name: Annotated[
            str | None,
            typer.Option("--tz", help="Area/City for 'today' (default CHORUS_BRIEF_TZ)."),
        ] = None,
    ) -> None:
        """Post the day's stories to Slack: a headline list and one cited reply per story.

        Example: chorus brief --from clusters.jsonl --dry-run
        """
        settings = load_settings()
        try:
            tz = parse_tz(tz_name or settings.brief_tz)
        except ChorusError as exc:
            fail(exc.detail)
        run = BriefRun(
            settings=settings, source=source, channel=channel or settings.slack_channel,
            dry_run=dry_run, force=force, engine=engine,
            limit=max_stories or settings.brief_max_stories, fmt=fmt, tz=tz,
        )  # fmt: skip
        run_brief(run, day_opt, every_day_at, max_stories)


__all__ = ["BriefRun", "collect", "describe", "print_dry_run", "register", "run_brief"]
