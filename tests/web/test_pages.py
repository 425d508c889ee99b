"""The public pages: the day's stories without a key, a story with evidence on its citations,
untrusted text escaped, a strict CSP, /docs from local assets."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from chorus.api.app import create_app
from chorus.ingest.run import make_article
from chorus.ingest.store import SqliteArticleStore
from chorus.ingest.stories import refresh_summaries, update_stories
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.web.security import CSP
from tests.api.conftest import MakeSettings, running
from tests.web.conftest import DAY, fill_day


async def test_the_day_page_lists_stories_without_a_key(make_settings: MakeSettings) -> None:
    settings = make_settings(api_keys="secret-key-1")
    await fill_day(settings.db_path)
    async with running(create_app(settings)) as client:
        page = await client.get("/?date=2026-11-30")
        jobs = await client.get("/v1/summaries")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Stories of Monday 30 November 2026" in page.text
    assert "2 publishers: AP, Reuters" in page.text
    assert jobs.status_code == 401  # the API still needs the key


async def test_untrusted_titles_and_urls_are_escaped_and_never_links(
    make_settings: MakeSettings,
) -> None:
    settings = make_settings()
    await fill_day(settings.db_path)
    async with running(create_app(settings)) as client:
        index = await client.get("/?date=2026-11-30")
        ids = re.findall(r'href="/stories/([^"]+)"', index.text)
        pages = [await client.get(f"/stories/{i}") for i in ids]
    assert "<img src=x" not in index.text
    # The hostile article's title is shown (escaped) where its sources are listed; headlines
    # are the engine's own, never an outlet's title.
    assert any("&lt;img src=x onerror" in page.text for page in pages)
    for page in pages:
        assert page.status_code == 200 and "<img src=x" not in page.text
        assert "<script>" not in page.text and "javascript:" not in page.text
        assert "<b>evil</b>" not in page.text


async def test_a_story_page_shows_evidence_sources_coverage_and_the_engine(
    make_settings: MakeSettings,
) -> None:
    settings = make_settings()
    story_id = (await fill_day(settings.db_path, hostile=False))[0]
    async with running(create_app(settings)) as client:
        page = await client.get(f"/stories/{story_id}")
    html = page.text
    assert page.status_code == 200
    assert 'class="cite" tabindex="0"' in html  # focusable: keyboard shows the evidence too
    evidence = re.findall(r'role="tooltip" id="ev-\d+-\d+"><q>(.*?)</q>', html)
    assert evidence and all(e.strip() for e in evidence)
    assert "<strong>Reuters</strong>" in html and "<strong>AP</strong>" in html
    assert "By side" in html and '<th scope="row">left</th>' in html
    assert "AI-generated summary" in html and "extractive engine" in html
    assert "Last updated" in html
    assert 'href="https://reuters.example/quake"' in html


async def test_a_story_that_gained_an_article_says_it_was_updated(
    make_settings: MakeSettings,
) -> None:
    settings = make_settings()
    story_id = (await fill_day(settings.db_path, hostile=False))[0]
    store = SqliteArticleStore(settings.db_path)
    later = DAY + timedelta(hours=2)
    store.add(
        make_article(
            url="https://bbc.example/quake",
            publisher="BBC",
            side="center",
            key="bbc",
            title="Magnitude 7.1 earthquake hits Chile near Antofagasta",
            text="A magnitude 7.1 earthquake struck near Antofagasta in northern Chile on "
            "Monday, prompting a brief tsunami warning that was later lifted.",
            published_at=later,
            feed=None,
            now=later,
        )  # fmt: skip
    )
    assert update_stories(store, window_h=48, now=later).grown == [story_id]
    await refresh_summaries(
        store, Summarizer(), SummaryOptions(engine="extractive"), since=DAY - timedelta(days=1)
    )
    store.close()
    async with running(create_app(settings)) as client:
        page = await client.get(f"/stories/{story_id}")
        index = await client.get("/?date=2026-11-30")
    assert "Updated: +1 article (BBC); new publishers: BBC" in page.text
    assert "Updated: +1 article (BBC)" in index.text


async def test_every_response_carries_a_strict_csp(make_settings: MakeSettings) -> None:
    settings = make_settings()
    await fill_day(settings.db_path)
    async with running(create_app(settings)) as client:
        for path in ("/", "/healthz", "/stories/nope"):
            r = await client.get(path)
            assert r.headers["content-security-policy"] == CSP, path
    assert "script-src 'self';" in CSP and "unsafe-inline" not in CSP


async def test_unknown_stories_and_bad_dates_are_clear_4xx(make_settings: MakeSettings) -> None:
    async with running(create_app(make_settings())) as client:
        missing = await client.get("/stories/" + "x" * 500)
        bad_date = await client.get("/?date=30-11-2026")
        empty = await client.get("/")
        asset = await client.get("/static/../../settings.py")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(
        "application/problem+json"
    )
    assert bad_date.status_code == 422
    assert empty.status_code == 200 and "No stories for this day" in empty.text
    assert asset.status_code == 404


@pytest.mark.parametrize(
    ("tz", "day"),
    [("UTC", "9999-12-31"), ("Asia/Tokyo", "9999-12-31"), ("Asia/Tokyo", "0001-01-01")],
)
async def test_the_ends_of_the_calendar_are_422_not_500(
    make_settings: MakeSettings, tz: str, day: str
) -> None:
    async with running(create_app(make_settings(brief_tz=tz))) as client:
        r = await client.get("/", params={"date": day})  # no next midnight / no UTC start
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert "date" in r.json()["detail"]


@pytest.mark.parametrize("asset", ["swagger-ui-bundle.js", "swagger-ui.css"])
async def test_docs_are_served_from_local_assets(
    make_settings: MakeSettings, asset: str, tmp_path: Path
) -> None:
    async with running(create_app(make_settings())) as client:
        docs = await client.get("/docs")
        served = await client.get(f"/static/swagger/{asset}")
        init = await client.get("/static/docs-init.js")
    assert f"/static/swagger/{asset}" in docs.text
    assert "cdn" not in docs.text.lower() and "<script>" not in docs.text  # no inline script
    assert served.status_code == 200 and len(served.content) > 10_000
    assert init.status_code == 200 and "SwaggerUIBundle" in init.text
