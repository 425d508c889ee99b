"""POST /slack/commands: the `/brief` slash command.

Every request is verified against SLACK_SIGNING_SECRET (HMAC-SHA256 of `v0:{timestamp}:{body}`,
constant-time compare; stale timestamps > 5 minutes, bad or missing signatures -> 401). The
handler answers at once with an ephemeral acknowledgement (Slack gives us 3 seconds) and does
the work in a background task, posting the result to the command's `response_url`:

    /brief          today's brief (every story, with cited sentences)
    /brief <id>     one stored summary (the id from POST /v1/summaries)
    /brief help     usage
"""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request
from pydantic import BaseModel, ValidationError

from chorus.api.deps import Services, ServicesDep
from chorus.api.problems import Problem
from chorus.errors import (
    ChorusError,
    InvalidInput,
    SlackError,
    SlackNotConfigured,
)
from chorus.ingest.store import ArticleStore
from chorus.jobs.store import ANONYMOUS, SLACK_PRINCIPAL
from chorus.models import SummaryOptions
from chorus.slack.blocks import escape, format_day, single_messages, story_messages
from chorus.slack.brief import today
from chorus.slack.client import (
    SlackClient,
    SlackMessage,
    check_response_url,
)
from chorus.slack.schedule import parse_tz
from chorus.slack.signature import verify_signature
from chorus.slack.stories import stories_from_ingest
from chorus.web.pages import article_store

log = logging.getLogger("chorus.api.slack")

router = APIRouter(tags=["slack"])

MAX_RESPONSES = 5  # Slack accepts up to 5 posts to one response_url
USAGE = "`/brief` posts today's brief (only you see it); `/brief <summary id>` shows one summary."


class SlashCommand(BaseModel):
    command: str = "/brief"
    text: str = ""
    response_url: str
    user_id: str | None = None
    channel_id: str | None = None
    team_id: str | None = None


class SlashAck(BaseModel):
    response_type: str = "ephemeral"
    text: str


def parse_form(body: bytes) -> dict[str, str]:
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise InvalidInput("the slash command body is not UTF-8") from None
    return {k: v[0] for k, v in fields.items() if v}


@router.post(
    "/slack/commands",
    summary="Slack slash command `/brief` (signed by Slack)",
    responses={401: {"model": Problem, "content": {"application/problem+json": {}}}},
)
async def slack_command(
    request: Request, background: BackgroundTasks, services: ServicesDep
) -> SlashAck:
    secret = services.settings.slack_signing_secret
    if secret is None:
        raise SlackNotConfigured("slash commands need SLACK_SIGNING_SECRET")
    body = await request.body()
    verify_signature(
        secret.get_secret_value(),
        body,
        request.headers.get("x-slack-request-timestamp"),
        request.headers.get("x-slack-signature"),
    )
    try:
        command = SlashCommand.model_validate(parse_form(body))
    except ValidationError:
        raise InvalidInput("not a Slack slash command: response_url is missing") from None
    try:
        check_response_url(command.response_url)
    except SlackError:
        raise InvalidInput(
            "response_url is not a Slack URL (https://hooks.slack.com/...)"
        ) from None
    arg = command.text.strip()
    if arg.lower() in ("help", "?"):
        return SlashAck(text=USAGE)
    tz = parse_tz(services.settings.brief_tz)
    day = today(tz)
    slack: SlackClient | None = getattr(request.app.state, "slack", None)
    articles = article_store(request)
    background.add_task(answer, services, slack, command.response_url, arg or None, day, articles)
    log.info("slash_command", extra={"command": command.command, "story": bool(arg)})
    if arg:
        shown = escape(arg[:80]).replace("`", "'")
        return SlashAck(text=f"Looking up summary `{shown}`…")
    return SlashAck(text=f"Putting together the brief for {format_day(day)}…")


async def answer(
    services: Services,
    slack: SlackClient | None,
    response_url: str,
    summary_id: str | None,
    day: date,
    articles: ArticleStore,
) -> None:
    """The background half: build the answer, post it to response_url, report failures."""
    own = slack is None
    client = slack or SlackClient.from_settings(services.settings)
    try:
        try:
            messages = await (
                story_answer(services, summary_id)
                if summary_id
                else brief_answer(services, day, articles)
            )
        except ChorusError as exc:
            log.warning("slash_command_failed", extra={"error": exc.code})
            messages = [_note(f"Sorry, that did not work: {exc.detail}")]
        for message in messages[:MAX_RESPONSES]:
            await client.respond(response_url, message)
    except SlackError as exc:
        log.warning("slash_response_failed", extra={"slack_error": exc.slack_error})
    except Exception as exc:  # a background task has nobody to report to but the log
        log.error("slash_command_crashed", extra={"error": type(exc).__name__})
    finally:
        if own:
            await client.aclose()


def _note(text: str) -> SlackMessage:
    safe = escape(text)
    return SlackMessage(
        text=safe, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": safe}}]
    )


async def brief_answer(services: Services, day: date, articles: ArticleStore) -> list[SlackMessage]:
    """Today's briefable stories from ingest (public content; never anyone's POSTed jobs)."""
    settings = services.settings
    options = SummaryOptions()
    tz = parse_tz(settings.brief_tz)
    stories = await stories_from_ingest(articles, day, tz, services.summarizer, options)
    shown = stories[: settings.brief_max_stories]
    if not shown:
        return [_note(f"No stories have been summarised on {format_day(day)} yet.")]
    omitted = len(stories) - len(shown)
    messages = single_messages(day, [s.summary for s in shown], omitted)
    if len(messages) > MAX_RESPONSES:
        first = messages[: MAX_RESPONSES - 1]
        rest = len(messages) - len(first)
        note = (
            f"The brief continues in {rest} more message(s), more than a slash command can "
            "show: run `chorus brief` to post it to the channel."
        )
        messages = [*first, _note(note)]
    return messages


async def story_answer(services: Services, summary_id: str) -> list[SlackMessage]:
    # Slack sees its own jobs, and on an open server (no API keys) the anonymous ones; a
    # tenant's job stays private to its key.
    readable = [SLACK_PRINCIPAL] + ([] if services.settings.api_keys else [ANONYMOUS])
    job = None
    for principal in readable:
        job = job or await services.store.get_job(summary_id, principal=principal)
    if job is None:
        return [_note(f"No summary with id {summary_id[:80]}.")]
    if job.summary is None:
        state = "failed" if job.status == "failed" else "not finished yet"
        return [_note(f"Summary {summary_id[:80]} is {state}.")]
    messages = story_messages(None, job.summary)
    if len(messages) > MAX_RESPONSES:
        rest = len(messages) - (MAX_RESPONSES - 1)
        more = f"{rest} more message(s) are not shown: GET /v1/summaries/{summary_id} has it all."
        messages = [*messages[: MAX_RESPONSES - 1], _note(more)]
    return messages


__all__ = ["SlashCommand", "router"]
