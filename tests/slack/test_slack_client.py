"""SlackClient: bot token posts, retries on 429 honouring Retry-After, ok:false -> clear errors."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import httpx
import pytest
import respx

from chorus.errors import SlackError, SlackNotConfigured
from chorus.slack.client import SlackClient, SlackMessage
from tests.slack.conftest import BOT_TOKEN, SLACK_API, WEBHOOK

MSG = SlackMessage(
    text="hello", blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
)
OK = {"ok": True, "channel": "C123", "ts": "1700000000.000100"}


async def test_post_message_sends_bearer_token_blocks_and_thread_ts(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient]
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").respond(200, json=OK)
    posted = await make_slack().post_message("C123", MSG, thread_ts="1699.0001")
    request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {BOT_TOKEN}"
    body = json.loads(request.content)
    assert body["channel"] == "C123"
    assert body["thread_ts"] == "1699.0001"
    assert body["blocks"] == MSG.blocks and body["text"] == "hello"
    assert posted.ts == "1700000000.000100" and posted.channel == "C123"


async def test_429_waits_for_retry_after_then_succeeds(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], sleeps: list[float]
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(
        side_effect=[
            httpx.Response(
                429, headers={"Retry-After": "7"}, json={"ok": False, "error": "ratelimited"}
            ),
            httpx.Response(200, json=OK),
        ]
    )
    posted = await make_slack().post_message("C123", MSG)
    assert posted.ts == OK["ts"]
    assert route.call_count == 2
    assert sleeps == [7.0]


async def test_retry_after_is_capped_by_the_configured_maximum(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], sleeps: list[float]
) -> None:
    slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "3600"}),
            httpx.Response(200, json=OK),
        ]
    )
    await make_slack(max_retry_wait_s=20).post_message("C123", MSG)
    assert sleeps == [20.0]


async def test_ok_false_ratelimited_is_retried_like_a_429(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], sleeps: list[float]
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(
        side_effect=[
            httpx.Response(
                200, headers={"Retry-After": "2"}, json={"ok": False, "error": "ratelimited"}
            ),
            httpx.Response(200, json=OK),
        ]
    )
    await make_slack().post_message("C123", MSG)
    assert route.call_count == 2 and sleeps == [2.0]


async def test_rate_limited_for_good_reports_the_attempt_count(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], sleeps: list[float]
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").respond(
        429, headers={"Retry-After": "1"}
    )
    with pytest.raises(SlackError) as info:
        await make_slack(max_attempts=3).post_message("C123", MSG)
    assert route.call_count == 3
    assert info.value.attempts == 3 and "after 3 attempts" in info.value.detail
    assert info.value.slack_error == "ratelimited"
    assert sleeps == [1.0, 1.0]


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("invalid_auth", "SLACK_BOT_TOKEN"),
        ("not_authed", "SLACK_BOT_TOKEN"),
        ("channel_not_found", "channel C404 not found"),
        ("not_in_channel", "/invite"),
        ("msg_too_long", "too long"),
        ("missing_scope", "chat:write"),
        ("some_new_error", "'some_new_error'"),
    ],
)
async def test_ok_false_errors_become_clear_errors_without_retrying(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], code: str, hint: str
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").respond(
        200, json={"ok": False, "error": code}
    )
    with pytest.raises(SlackError) as info:
        await make_slack().post_message("C404", MSG)
    assert route.call_count == 1
    assert info.value.slack_error == code
    assert hint in info.value.detail
    assert BOT_TOKEN not in info.value.detail


async def test_server_errors_are_retried_with_backoff(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient], sleeps: list[float]
) -> None:
    slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(
        side_effect=[
            httpx.Response(503),
            httpx.ConnectError("refused"),
            httpx.Response(200, json=OK),
        ]
    )
    await make_slack().post_message("C123", MSG)
    assert len(sleeps) == 2 and all(s > 0 for s in sleeps)


async def test_read_timeout_is_not_retried_because_slack_may_have_posted(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient]
) -> None:
    route = slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(
        side_effect=httpx.ReadTimeout("slow")
    )
    with pytest.raises(SlackError, match="may or may not have been posted"):
        await make_slack().post_message("C123", MSG)
    assert route.call_count == 1


async def test_webhook_plain_text_errors_are_explained(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient]
) -> None:
    slack_mock.post(WEBHOOK).respond(404, text="no_service")
    with pytest.raises(SlackError) as info:
        await make_slack(bot_token=None, webhook_url=WEBHOOK).post_webhook(MSG)
    assert info.value.slack_error == "no_service"
    assert "SLACK_WEBHOOK_URL" in info.value.detail
    assert "webhooksecret" not in info.value.detail


async def test_webhook_posts_payload_without_channel(
    slack_mock: respx.MockRouter, make_slack: Callable[..., SlackClient]
) -> None:
    route = slack_mock.post(WEBHOOK).respond(200, text="ok")
    client = make_slack(bot_token=None, webhook_url=WEBHOOK)
    assert client.mode == "webhook"
    await client.post_webhook(MSG)
    body = json.loads(route.calls.last.request.content)
    assert "channel" not in body and body["blocks"] == MSG.blocks


async def test_missing_configuration_is_reported(make_slack: Callable[..., SlackClient]) -> None:
    client = make_slack(bot_token=None)
    assert client.mode is None
    with pytest.raises(SlackNotConfigured, match="SLACK_BOT_TOKEN"):
        await client.post_message("C1", MSG)
    with pytest.raises(SlackNotConfigured, match="SLACK_WEBHOOK_URL"):
        await client.post_webhook(MSG)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.slack.com/commands/1",
        "https://evil.example/hooks.slack.com",
        "https://127.0.0.1/x",
    ],
)
async def test_response_url_must_be_slacks_https_endpoint(
    make_slack: Callable[..., SlackClient], url: str
) -> None:
    with pytest.raises(SlackError, match="not a Slack URL"):
        await make_slack().respond(url, MSG)


async def test_tokens_and_webhook_urls_never_reach_the_logs(
    slack_mock: respx.MockRouter,
    make_slack: Callable[..., SlackClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    slack_mock.post(f"{SLACK_API}/chat.postMessage").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "0"}),
            httpx.Response(200, json={"ok": False, "error": "invalid_auth"}),
        ]
    )
    slack_mock.post(WEBHOOK).respond(200, text="ok")
    client = make_slack(webhook_url=WEBHOOK)
    with pytest.raises(SlackError):
        await client.post_message("C1", MSG)
    await client.post_webhook(MSG)
    # httpx's own request log (which shows URLs) is silenced by service.logs.configure().
    ours = [r for r in caplog.records if r.name.startswith("chorus")]
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in ours)
    assert "slack_retry" in logged  # the log was captured at all
    assert BOT_TOKEN not in logged and "webhooksecret" not in logged
