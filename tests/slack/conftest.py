"""Slack fixtures: summaries built by hand, a Slack client over respx, a ledger in tmp."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import respx

from chorus.models import Source, Summary, SummarySentence
from chorus.slack.brief import Story
from chorus.slack.client import SlackClient
from chorus.slack.ledger import BriefLedger

SLACK_API = "https://slack.com/api"
BOT_TOKEN = "xoxb-test-0000-secret-token"
WEBHOOK = "https://hooks.slack.com/services/T000/B000/webhooksecret"


def make_summary(
    cluster_id: str,
    headline: str,
    sentences: list[tuple[str, list[int]]] | None = None,
    sources: list[tuple[str | None, str | None, str | None]] | None = None,
    warnings: list[str] | None = None,
) -> Summary:
    """sources: (title, publisher, url) for [1], [2], ..."""
    sources = sources or [("A title", "Reuters", "https://example.com/a")]
    sentences = sentences or [("Something happened.", [1])]
    return Summary(
        cluster_id=cluster_id,
        headline=headline,
        sentences=[SummarySentence(text=t, citations=c, support=0.9) for t, c in sentences],
        sources=[
            Source(n=i, article_id=f"{cluster_id}-{i}", title=t, source=p, url=u)
            for i, (t, p, u) in enumerate(sources, start=1)
        ],
        engine="extractive",
        warnings=warnings or [],
        markdown=f"## {headline}\n",
    )


def make_story(key: str, headline: str, articles: int = 1, **kwargs: Any) -> Story:
    sources = [
        (f"Title {i}", f"Pub {i}", f"https://example.com/{key}/{i}") for i in range(articles)
    ]
    return Story(key=key, summary=make_summary(key, headline, sources=sources, **kwargs))


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def slack_mock() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def make_slack(sleeps: list[float]) -> Callable[..., SlackClient]:
    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def make(**kwargs: Any) -> SlackClient:
        opts: dict[str, Any] = {"bot_token": BOT_TOKEN, "sleep": fake_sleep, "max_attempts": 3}
        opts.update(kwargs)
        return SlackClient(**opts)

    return make


@pytest.fixture
def ledger(tmp_path: Path) -> BriefLedger:
    return BriefLedger(tmp_path / "chorus.sqlite3")


def posted_bodies(route: respx.Route) -> list[dict[str, Any]]:
    import json

    return [json.loads(call.request.content) for call in route.calls]


def ts_sequence() -> Callable[[Any], Any]:
    """chat.postMessage answers with increasing ts values: 1000.000001, 1000.000002, ..."""
    import httpx

    counter = {"n": 0}

    def respond(request: httpx.Request) -> httpx.Response:
        counter["n"] += 1
        return httpx.Response(
            200, json={"ok": True, "channel": "C123", "ts": f"1000.{counter['n']:06d}"}
        )

    return respond
