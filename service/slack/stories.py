"""The brief's stories from ingest: the day's briefable stories (≥ 2 publishers), ranked by
publishers × recency, each with its summary (refreshed first when it gained articles)."""

from __future__ import annotations

import asyncio
from datetime import date
from zoneinfo import ZoneInfo

from chorus.ingest.rank import day_stories
from chorus.ingest.store import ArticleStore
from chorus.ingest.stories import refresh_story
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.slack.brief import Story


async def stories_from_ingest(
    store: ArticleStore,
    day: date,
    tz: ZoneInfo,
    summarizer: Summarizer,
    options: SummaryOptions,
) -> list[Story]:
    records = await asyncio.to_thread(day_stories, store, day, tz, briefable_only=True)
    out = []
    for record in records:
        if record.summary is None or set(record.article_ids) != set(record.summarized_ids):
            record = await refresh_story(store, summarizer, record, options)
        assert record.summary is not None
        out.append(
            Story(
                key=record.id,
                summary=record.summary,
                changes=record.changes,
                version=str(len(record.summarized_ids)),
            )
        )
    return out


__all__ = ["stories_from_ingest"]
