"""`chorus brief`: post (or, with --dry-run, print) the day's Slack brief.

Exit codes: 0 posted, resumed, already posted (no-op) or nothing to post; 1 Slack or the LLM
failed; 2 bad input or configuration, or another run is posting the same brief.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError

from chorus.cli.common import build_summarizer, fail, load_settings
from chorus.errors import ChorusError, InvalidInput
from chorus.jobs.open import open_store
from chorus.loaders import format_validation_error
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
    stories_from_store,
    today,
)
from chorus.slack.client import SlackClient
from chorus.slack.ledger import BriefLedger
from chorus.slack.schedule import parse_hhmm, parse_tz, run_daily


def _parse_day(value: str | None, tz: ZoneInfo) -> date:
    if value is None:
        return today(tz)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--date must be YYYY-MM-DD, not {value!r}") from None


async def collect(
    settings: Settings,
    summarizer: Summarizer,
    options: SummaryOptions,
    day: date,
    tz: ZoneInfo,
    source: Path | None,
) -> list[Story]:
    """Every story of the day, biggest first."""
    if source is not None:
        stories = await stories_from_path(source, summarizer, options)
    else:
        async with open_store(settings) as store:
            stories = await stories_from_store(store, day, tz, summarizer, options)
    return rank(stories, len(stories))


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
    verb = "resumed the brief" if result.status == "resumed" else "posted the brief"
    extra = f" ({result.skipped} already posted)" if result.skipped else ""
    return f"{verb} for {when} to {where}: {result.posted} message(s){extra}"


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
                help="Clusters to brief instead of the store: anything `chorus summarize` "
                "accepts, or a directory of such clusters (one story each).",
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
        engine: Annotated[EngineChoice, typer.Option(help="auto | llm | extractive")] = "auto",
        max_stories: Annotated[
            int | None, typer.Option(help="At most this many stories (default from settings).")
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", help="Dry-run output: md (payloads + preview) | json")
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
        """Post the day's stories to Slack: a headline list and one cited reply per story."""
        settings = load_settings()
        if fmt not in ("md", "json"):
            fail(f"--format must be md or json, not {fmt!r}")
        if max_stories is not None and not 1 <= max_stories <= 50:
            fail("--max-stories must be between 1 and 50")
        try:
            tz = parse_tz(tz_name or settings.brief_tz)
            at = parse_hhmm(every_day_at) if every_day_at else None
            if at is not None and day_opt is not None:
                raise InvalidInput("--date and --every-day-at cannot be combined")
            fixed_day = _parse_day(day_opt, tz) if at is None else None
            options = SummaryOptions(engine=engine)
        except ValidationError as exc:
            fail(format_validation_error(exc))
        except ChorusError as exc:
            fail(exc.detail)
        channel = channel or settings.slack_channel
        limit = max_stories or settings.brief_max_stories

        async def once(day: date) -> None:
            summarizer = build_summarizer(settings, engine)
            slack = SlackClient.from_settings(settings)
            try:
                ranked = await collect(settings, summarizer, options, day, tz, source)
                stories, omitted = ranked[:limit], max(0, len(ranked) - limit)
                if dry_run:
                    if not stories:
                        typer.echo(f"no stories for {format_day(day)}; nothing to post", err=True)
                        return
                    layout: Layout = "single" if slack.mode == "webhook" else "thread"
                    print_dry_run(day, stories, layout, channel, fmt, omitted)
                    return
                if slack.mode is None:
                    raise InvalidInput(
                        "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_CHANNEL (or "
                        "SLACK_WEBHOOK_URL), or use --dry-run"
                    )
                ledger = BriefLedger(settings.db_path)
                result = await publish(
                    day,
                    stories,
                    slack=slack,
                    ledger=ledger,
                    channel=channel,
                    force=force,
                    omitted=omitted,
                )
                typer.echo(describe(result, day), err=True)
            finally:
                await slack.aclose()
                if summarizer.llm is not None:
                    await summarizer.llm.aclose()

        async def scheduled(day: date) -> None:
            try:
                await once(day)
            except ChorusError as exc:
                typer.echo(f"error: {exc.detail}", err=True)
                raise

        try:
            if at is not None:
                typer.echo(f"posting the brief every day at {at:%H:%M} ({tz.key})", err=True)
                asyncio.run(run_daily(at, tz, scheduled))
            else:
                assert fixed_day is not None
                asyncio.run(once(fixed_day))
        except ChorusError as exc:
            fail(exc.detail, 1 if exc.status >= 500 else 2)
        except BrokenPipeError:
            raise typer.Exit(0) from None


__all__ = ["collect", "describe", "print_dry_run", "register"]
