"""The only module that talks to Slack: Web API `chat.postMessage`, incoming webhooks and
slash-command `response_url`s, over httpx (so respx can test it; the client is injectable).

- One retry layer (tenacity): HTTP 429 / `ok:false ratelimited` wait for `Retry-After`
  (capped), 5xx and connection failures back off; the sleep is injectable. A read timeout is
  not retried: Slack may have posted, and a second post would be a duplicate.
- `ok:false` answers and webhook error bodies become `SlackError` with a message that says
  what to fix (`invalid_auth`, `channel_not_found`, `not_in_channel`, `msg_too_long`, ...).
- Tokens and webhook / response URLs (which embed secrets) never reach a log line or an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, Field
from tenacity import RetryError

from chorus.errors import SlackError, SlackNotConfigured
from chorus.retry import log_retries, retrying
from chorus.settings import Settings

log = logging.getLogger("chorus.slack")

SLACK_API = "https://slack.com/api"
RESPONSE_URL_HOSTS = ("hooks.slack.com",)


class SlackMessage(BaseModel):
    """One Slack message: Block Kit blocks plus the plain `text` fallback for notifications."""

    text: str
    blocks: list[dict[str, Any]] = Field(default_factory=list)


class Posted(BaseModel):
    channel: str | None = None
    ts: str | None = None


_TOKEN_HINT = "check SLACK_BOT_TOKEN (a bot token, xoxb-...) and reinstall the app if needed"
_EXPLAIN: dict[str, str] = {
    "invalid_auth": f"Slack rejected the bot token; {_TOKEN_HINT}",
    "not_authed": f"no token reached Slack; {_TOKEN_HINT}",
    "token_revoked": f"the bot token was revoked; {_TOKEN_HINT}",
    "token_expired": f"the bot token has expired; {_TOKEN_HINT}",
    "account_inactive": f"the token belongs to a deleted user or app; {_TOKEN_HINT}",
    "missing_scope": "the bot token lacks the chat:write scope: add it under OAuth & "
    "Permissions and reinstall the app",
    "channel_not_found": "channel {channel} not found: use the channel ID (e.g. C0123456789) "
    "via --channel or SLACK_CHANNEL, and make sure the bot can see the channel",
    "not_in_channel": "the bot is not a member of channel {channel}: invite it with "
    "`/invite @<app name>` in that channel (or grant the chat:write.public scope)",
    "is_archived": "channel {channel} is archived",
    "channel_is_archived": "the webhook's channel is archived",
    "msg_too_long": "Slack says the message is too long (msg_too_long); Chorus splits messages "
    "to Slack's limits, so please report this with the --dry-run output",
    "invalid_blocks": "Slack rejected the Block Kit blocks (invalid_blocks)",
    "invalid_blocks_format": "Slack rejected the Block Kit blocks (invalid_blocks_format)",
    "no_text": "Slack says the message has no text",
    "restricted_action": "the workspace does not let this app post in channel {channel}",
    "invalid_payload": "the webhook rejected the payload (invalid_payload)",
    "no_service": "the incoming webhook is disabled or deleted: create a new one and update "
    "SLACK_WEBHOOK_URL",
    "no_team": "the incoming webhook's workspace no longer exists: update SLACK_WEBHOOK_URL",
    "invalid_token": "the incoming webhook URL is invalid: check SLACK_WEBHOOK_URL",
    "action_prohibited": "the workspace admin prevents this webhook from posting",
    "expired_url": "the slash command's response_url has expired (30 minutes)",
    "used_url": "the slash command's response_url was used too many times",
}


def explain(slack_error: str, channel: str | None = None) -> str:
    """A sentence that says what went wrong and what to do about it."""
    template = _EXPLAIN.get(slack_error)
    if template is None:
        return f"Slack answered {slack_error!r}"
    return template.format(channel=channel or "(unknown)")


class _Retryable(Exception):
    """A rate limit, a 5xx or a connection failure: worth another attempt."""

    def __init__(self, reason: str, response: httpx.Response | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.response = response


def check_response_url(url: str) -> str:
    """A slash command's response_url must be Slack's own https endpoint (no SSRF)."""
    try:
        parts = urlsplit(url)
        slack = (
            parts.scheme == "https"
            and parts.hostname in RESPONSE_URL_HOSTS
            and parts.port in (None, 443)
        )
    except ValueError:  # an unclosed IPv6 bracket, a port that is not a number 0-65535
        slack = False
    if not slack:
        raise SlackError("response_url is not a Slack URL", slack_error="bad_response_url")
    return url


class SlackClient:
    """Posts messages. Build with `from_settings` (in the app's lifespan or the CLI)."""

    def __init__(
        self,
        *,
        bot_token: str | None = None,
        webhook_url: str | None = None,
        api_base: str = SLACK_API,
        http_client: httpx.AsyncClient | None = None,
        timeout_s: float = 15.0,
        max_attempts: int = 5,
        max_retry_wait_s: float = 60.0,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self._token = bot_token
        self._webhook_url = webhook_url
        self.api_base = api_base.rstrip("/")
        self.max_attempts = max_attempts
        self.max_retry_wait_s = max_retry_wait_s
        self._sleep = sleep or asyncio.sleep
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout_s)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> SlackClient:
        token = settings.slack_bot_token
        webhook = settings.slack_webhook_url
        return cls(
            bot_token=token.get_secret_value() if token else None,
            webhook_url=webhook.get_secret_value() if webhook else None,
            api_base=settings.slack_api_base_url,
            http_client=http_client,
            timeout_s=settings.slack_timeout_s,
            max_attempts=settings.slack_max_attempts,
            max_retry_wait_s=settings.slack_max_retry_wait_s,
            sleep=sleep,
        )

    @property
    def mode(self) -> str | None:
        """'bot' (Web API, threads), 'webhook' (one channel, no threads) or None."""
        if self._token:
            return "bot"
        if self._webhook_url:
            return "webhook"
        return None

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()

    # --- public calls ----------------------------------------------------------------------

    async def post_message(
        self, channel: str, message: SlackMessage, *, thread_ts: str | None = None
    ) -> Posted:
        """chat.postMessage with the bot token; returns the message's channel and ts."""
        if not self._token:
            raise SlackNotConfigured("no Slack bot token: set SLACK_BOT_TOKEN")
        body: dict[str, Any] = {
            "channel": channel,
            **message.model_dump(),
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if thread_ts:
            body["thread_ts"] = thread_ts
        data = await self._send(
            "chat.postMessage",
            f"{self.api_base}/chat.postMessage",
            body,
            headers={"Authorization": f"Bearer {self._token}"},
            channel=channel,
        )
        return Posted(channel=data.get("channel"), ts=data.get("ts"))

    async def post_webhook(self, message: SlackMessage) -> None:
        """Post to the incoming webhook (its channel is fixed when the webhook is created)."""
        if not self._webhook_url:
            raise SlackNotConfigured("no Slack webhook: set SLACK_WEBHOOK_URL")
        payload = {**message.model_dump(), "unfurl_links": False, "unfurl_media": False}
        await self._send("webhook", self._webhook_url, payload)

    async def respond(
        self,
        response_url: str,
        message: SlackMessage,
        *,
        response_type: str = "ephemeral",
        replace_original: bool = False,
    ) -> None:
        """Answer a slash command through its response_url (5 uses within 30 minutes)."""
        check_response_url(response_url)
        payload = {
            **message.model_dump(),
            "response_type": response_type,
            "replace_original": replace_original,
        }
        await self._send("response_url", response_url, payload)

    # --- plumbing --------------------------------------------------------------------------

    async def _send(
        self,
        what: str,
        url: str,
        payload: dict[str, Any],
        *,
        headers: dict[str, str] | None = None,
        channel: str | None = None,
    ) -> dict[str, Any]:
        policy = retrying(
            attempts=self.max_attempts,
            cap_s=self.max_retry_wait_s,
            retryable=_Retryable,
            sleep=self._sleep,
            before_sleep=log_retries(log, "slack_retry"),
            initial_s=1.0,
            jitter_s=1.0,
        )
        try:
            async for attempt in policy:
                with attempt:
                    return await self._send_once(what, url, payload, headers, channel)
        except RetryError as err:
            last = err.last_attempt.exception()
            reason = getattr(last, "reason", "error")
            n = err.last_attempt.attempt_number
            raise SlackError(
                f"Slack {what} failed after {n} attempts ({reason})",
                slack_error=str(reason),
                attempts=n,
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send_once(
        self,
        what: str,
        url: str,
        payload: dict[str, Any],
        headers: dict[str, str] | None,
        channel: str | None,
    ) -> dict[str, Any]:
        try:
            response = await self._http.post(url, json=payload, headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise _Retryable(f"connection failed: {type(exc).__name__}") from None
        except httpx.TimeoutException:
            # The request may have been delivered: retrying could post twice.
            raise SlackError(
                f"Slack {what} timed out; the message may or may not have been posted",
                slack_error="timeout",
            ) from None
        except httpx.HTTPError as exc:
            raise SlackError(
                f"Slack {what} failed: {type(exc).__name__}", slack_error="http_error"
            ) from None
        if response.status_code == 429:
            raise _Retryable("ratelimited", response)
        if response.status_code >= 500:
            raise _Retryable(f"http_{response.status_code}", response)
        data = _json_or_none(response)
        if data is None:
            # Webhooks and response_urls answer `ok` in plain text, errors as a short code.
            body = response.text.strip()
            if response.is_success:
                return {"ok": True}
            code = body if body and len(body) <= 64 and " " not in body else "http_error"
            raise SlackError(
                f"{explain(code, channel)} (HTTP {response.status_code})", slack_error=code
            )
        if data.get("ok") is False or not response.is_success:
            code = str(data.get("error") or f"http_{response.status_code}")
            if code == "ratelimited":
                raise _Retryable("ratelimited", response)
            log.info("slack_error", extra={"call": what, "slack_error": code})
            raise SlackError(explain(code, channel), slack_error=code)
        log.info("slack_posted", extra={"call": what, "channel": channel})
        return data


def _json_or_none(response: httpx.Response) -> dict[str, Any] | None:
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


__all__ = [
    "Posted",
    "SlackClient",
    "SlackError",
    "SlackMessage",
    "SlackNotConfigured",
    "check_response_url",
    "explain",
]
