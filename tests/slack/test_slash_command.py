"""POST /slack/commands: Slack signatures, a fast ephemeral ack, the answer via response_url."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import respx
from fastapi import FastAPI

from chorus.api.app import create_app
from chorus.jobs.sqlite import SQLiteStore
from chorus.jobs.store import Store
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings
from chorus.slack.client import SlackClient

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
RESPONSE_URL = "https://hooks.slack.com/commands/T000/123/responsesecret"


def sign(body: bytes, ts: int, secret: str = SECRET) -> str:
    base = b"v0:" + str(ts).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def form(text: str = "", response_url: str = RESPONSE_URL) -> bytes:
    return urlencode(
        {
            "command": "/brief",
            "text": text,
            "response_url": response_url,
            "user_id": "U1",
            "channel_id": "C1",
            "team_id": "T1",
            "token": "legacy-verification-token",
        }
    ).encode()


def signed_headers(body: bytes, ts: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    return {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": str(ts),
        "x-slack-signature": sign(body, ts, secret),
    }


class GatedStore:
    """The real store, but listing the day's summaries waits until the test opens the gate."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.gate = asyncio.Event()

    async def list_summaries(self, *args: Any, **kwargs: Any) -> Any:
        await self.gate.wait()
        return await self.inner.list_summaries(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "chorus.sqlite3", slack_signing_secret=SECRET)


def build_app(settings: Settings, store: Any = None) -> FastAPI:
    return create_app(settings, store=store)


@asynccontextmanager
async def running(app: FastAPI, slack: SlackClient) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        app.state.slack = slack
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://chorus.test") as c:
            yield c


async def seed_today(store: Store, cluster: Cluster, summarizer: Summarizer) -> str:
    options = SummaryOptions(engine="extractive")
    job, _ = await store.create_job(cluster, options)
    await store.finish_job(job.id, await summarizer.summarize(cluster, options))
    return job.id


def ingest_today(settings: Settings, cluster: Cluster) -> None:
    """Today's articles of one story from two publishers, clustered (what `chorus ingest` does)."""
    from datetime import UTC, datetime

    from chorus.ingest.run import make_article
    from chorus.ingest.store import SqliteArticleStore
    from chorus.ingest.stories import update_stories

    store = SqliteArticleStore(settings.db_path)
    now = datetime.now(UTC)
    for i, a in enumerate(cluster.articles):
        store.add(
            make_article(
                url=f"https://news{i}.example/a",
                publisher=f"Publisher {i}",
                side=None,
                key=a.id,
                title=a.title or "",
                text=a.text,
                published_at=now,
                feed=None,
                now=now,
            )  # fmt: skip
        )
    update_stories(store, window_h=48)
    store.close()


async def test_valid_signature_gets_an_ephemeral_ack_and_the_brief_goes_to_response_url(
    settings: Settings,
    seed_cluster: Cluster,
    make_summarizer: Callable[..., Summarizer],
    make_slack: Callable[..., SlackClient],
) -> None:
    app = build_app(settings)
    with respx.mock(assert_all_called=False) as mock:
        answer = mock.post(RESPONSE_URL).respond(200, text="ok")
        async with running(app, make_slack()) as client:
            ingest_today(settings, seed_cluster)
            body = form()
            response = await client.post(
                "/slack/commands", content=body, headers=signed_headers(body)
            )
    assert response.status_code == 200
    ack = response.json()
    assert ack["response_type"] == "ephemeral" and "Putting together the brief" in ack["text"]
    assert answer.call_count == 1
    posted = json.loads(answer.calls.last.request.content)
    assert posted["response_type"] == "ephemeral" and posted["replace_original"] is False
    assert posted["blocks"][0]["text"]["text"].startswith("Daily brief — ")
    assert posted["blocks"][0]["text"]["text"].endswith("· 1 story")
    assert any(b["type"] == "divider" for b in posted["blocks"])
    assert posted["text"]


async def test_brief_with_a_summary_id_answers_with_that_story(
    settings: Settings,
    seed_cluster: Cluster,
    make_summarizer: Callable[..., Summarizer],
    make_slack: Callable[..., SlackClient],
) -> None:
    app = build_app(settings)
    with respx.mock(assert_all_called=False) as mock:
        answer = mock.post(RESPONSE_URL).respond(200, text="ok")
        async with running(app, make_slack()) as client:
            job_id = await seed_today(app.state.services.store, seed_cluster, make_summarizer())
            for text in (job_id, "no-such-id"):
                body = form(text)
                r = await client.post("/slack/commands", content=body, headers=signed_headers(body))
                assert r.status_code == 200
    story, missing = (json.loads(c.request.content) for c in answer.calls)
    headline = story["blocks"][0]["text"]["text"]
    assert headline.startswith("*") and not headline.startswith("*1.")  # one story: no rank
    assert "[1]" in json.dumps(story["blocks"])
    assert missing["text"] == "No summary with id no-such-id."


async def test_brief_with_an_id_never_shows_a_tenants_private_summary(
    settings: Settings,
    seed_cluster: Cluster,
    make_summarizer: Callable[..., Summarizer],
    make_slack: Callable[..., SlackClient],
) -> None:
    from pydantic import SecretStr

    keyed = settings.model_copy(update={"api_keys": [SecretStr("tenant-a:k-aaaa1111")]})
    app = build_app(keyed)
    with respx.mock(assert_all_called=False) as mock:
        answer = mock.post(RESPONSE_URL).respond(200, text="ok")
        async with running(app, make_slack()) as client:
            store = app.state.services.store
            options = SummaryOptions(engine="extractive")
            job, _ = await store.create_job(seed_cluster, options, principal="tenant-a")
            summary = await make_summarizer().summarize(seed_cluster, options)
            await store.finish_job(job.id, summary)
            body = form(job.id)
            r = await client.post("/slack/commands", content=body, headers=signed_headers(body))
            assert r.status_code == 200
    [reply] = (json.loads(c.request.content) for c in answer.calls)
    assert reply["text"] == f"No summary with id {job.id}."


async def test_the_ack_is_sent_before_the_brief_is_built(
    settings: Settings,
    make_slack: Callable[..., SlackClient],
) -> None:
    """Slack allows 3 s: the ack must not wait for summaries, the store or Slack."""
    store = GatedStore(SQLiteStore(settings.db_path))
    app = build_app(settings, store=store)
    body = form()
    headers = [(k.encode(), v.encode()) for k, v in signed_headers(body).items()]
    headers += [(b"host", b"chorus.test"), (b"content-length", str(len(body)).encode())]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/slack/commands",
        "raw_path": b"/slack/commands",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("chorus.test", 80),
    }
    sent: list[dict[str, Any]] = []
    acked = asyncio.Event()
    finished = asyncio.Event()
    delivered = [False]

    async def receive() -> dict[str, Any]:
        if not delivered[0]:
            delivered[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            acked.set()

    with respx.mock(assert_all_called=False) as mock:
        answer = mock.post(RESPONSE_URL).respond(200, text="ok")
        async with app.router.lifespan_context(app):
            app.state.slack = make_slack()
            call = asyncio.create_task(app(scope, receive, send))
            await acked.wait()
            # Acknowledged while the brief is still blocked on the store.
            assert not call.done() and answer.call_count == 0
            assert sent[0]["status"] == 200
            ack = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
            assert ack["response_type"] == "ephemeral"
            store.gate.set()
            await call
            finished.set()
    assert answer.call_count == 1
    assert (
        "No stories have been summarised" in json.loads(answer.calls.last.request.content)["text"]
    )


@pytest.mark.parametrize(
    ("mutate", "detail"),
    [
        (
            lambda h, b: {
                **h,
                "x-slack-signature": sign(b, int(h["x-slack-request-timestamp"]), "other-secret"),
            },
            "does not match",
        ),
        (lambda h, b: {**h, "x-slack-signature": "v0=" + "0" * 64}, "does not match"),
        (lambda h, b: signed_headers(b, ts=int(time.time()) - 360), "stale"),
        (lambda h, b: signed_headers(b, ts=int(time.time()) + 360), "stale"),
        (lambda h, b: {k: v for k, v in h.items() if k != "x-slack-signature"}, "missing"),
        (lambda h, b: {k: v for k, v in h.items() if k != "x-slack-request-timestamp"}, "missing"),
        (lambda h, b: {**h, "x-slack-request-timestamp": "yesterday"}, "not a number"),
    ],
    ids=["wrong-secret", "garbage", "stale", "future", "no-signature", "no-timestamp", "bad-ts"],
)
async def test_bad_stale_or_missing_signatures_are_rejected_with_401(
    settings: Settings,
    make_slack: Callable[..., SlackClient],
    mutate: Callable[[dict[str, str], bytes], dict[str, str]],
    detail: str,
) -> None:
    body = form()
    headers = mutate(signed_headers(body), body)
    with respx.mock(assert_all_called=False) as mock:
        answer = mock.post(RESPONSE_URL).respond(200, text="ok")
        async with running(build_app(settings), make_slack()) as client:
            response = await client.post("/slack/commands", content=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "bad_slack_signature" and detail in problem["detail"]
    assert answer.call_count == 0


async def test_a_body_changed_after_signing_is_rejected(
    settings: Settings, make_slack: Callable[..., SlackClient]
) -> None:
    headers = signed_headers(form())
    async with running(build_app(settings), make_slack()) as client:
        response = await client.post("/slack/commands", content=form("other"), headers=headers)
    assert response.status_code == 401


async def test_without_a_signing_secret_slash_commands_are_refused(
    tmp_path: Path, make_slack: Callable[..., SlackClient]
) -> None:
    app = build_app(Settings(db_path=tmp_path / "db.sqlite3"))
    body = form()
    async with running(app, make_slack()) as client:
        response = await client.post("/slack/commands", content=body, headers=signed_headers(body))
    assert response.status_code == 503
    assert "SLACK_SIGNING_SECRET" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "https://attacker.example/collect",
        "https://[hooks.slack.com/commands/1",  # an unclosed IPv6 bracket
        "https://hooks.slack.com:99999/commands/1",  # a port out of range
    ],
)
async def test_a_response_url_outside_slack_is_refused(
    settings: Settings, make_slack: Callable[..., SlackClient], url: str
) -> None:
    body = form(response_url=url)
    async with running(build_app(settings), make_slack()) as client:
        response = await client.post("/slack/commands", content=body, headers=signed_headers(body))
    assert response.status_code == 422
    assert "response_url" in response.json()["detail"]


async def test_help_answers_inline_without_background_work(
    settings: Settings, make_slack: Callable[..., SlackClient]
) -> None:
    body = form("help")
    with respx.mock(assert_all_called=False) as mock:
        answer = mock.post(RESPONSE_URL).respond(200, text="ok")
        async with running(build_app(settings), make_slack()) as client:
            response = await client.post(
                "/slack/commands", content=body, headers=signed_headers(body)
            )
    assert "/brief <summary id>" in response.json()["text"]
    assert answer.call_count == 0
