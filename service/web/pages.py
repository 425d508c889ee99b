"""GET / (the day's stories) and GET /stories/{id}: public pages, no key needed.

They show only stories built from ingested feeds; POSTed jobs never appear here.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from chorus.errors import InvalidInput, NotFound
from chorus.ingest.rank import day_bounds, day_stories
from chorus.ingest.service import open_article_store
from chorus.ingest.store import ArticleStore
from chorus.web.view import list_item, story_view

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
_STATIC_FILES = {"chorus.css", "docs-init.js"}
_MAX_ID = 64

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def article_store(request: Request) -> ArticleStore:
    """The app's article store (opened on first use on the app's settings)."""
    state = request.app.state
    store: ArticleStore | None = getattr(state, "articles", None)
    if store is None:
        store = open_article_store(state.services.settings)
        state.articles = store
    return store


def _tz(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.services.settings.brief_tz)


def _render(name: str, status: int = 200, **context: object) -> HTMLResponse:
    html = templates.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    tz = _tz(request)
    store = article_store(request)
    raw = request.query_params.get("date")
    if raw is not None:
        try:
            day = date.fromisoformat(raw)
            # Both bounds must exist in UTC too (the stores compare in UTC): 9999-12-31 has no
            # next midnight, and 0001-01-01 starts before year 1 in UTC east of Greenwich.
            [bound.astimezone(UTC) for bound in day_bounds(day, tz)]
        except ValueError:
            raise InvalidInput("date must be YYYY-MM-DD") from None
        except OverflowError:
            raise InvalidInput("date must be between 0001-01-02 and 9999-12-30") from None
        latest = False
    else:
        day, latest = datetime.now(tz).date(), False
        stories = await asyncio.to_thread(day_stories, store, day, tz)
        if not stories:
            last = await asyncio.to_thread(store.latest_story_at)
            if last is not None:
                day, latest = last.astimezone(tz).date(), True
    stories = await asyncio.to_thread(day_stories, store, day, tz)
    items = [list_item(s) for s in stories]
    return _render(
        "index.html",
        day=day.strftime("%A %d %B %Y"),
        latest=latest,
        lead=[i for i in items if i.briefable],
        single=[i for i in items if not i.briefable],
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(request: Request, story_id: str) -> HTMLResponse:
    if len(story_id) > _MAX_ID:
        raise NotFound("no such story")
    store = article_store(request)
    record = await asyncio.to_thread(store.get_story, story_id)
    if record is None:
        raise NotFound("no such story")
    articles = await asyncio.to_thread(store.get_articles, record.article_ids)
    return _render("story.html", story=story_view(record, articles))


@router.get("/static/{name}")
async def static(name: str) -> FileResponse:
    if name not in _STATIC_FILES:
        raise NotFound("no such file")
    return FileResponse(STATIC / name, headers={"Cache-Control": "public, max-age=3600"})


__all__ = ["article_store", "router", "templates"]
