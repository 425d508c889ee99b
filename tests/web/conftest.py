"""A day of ingested stories in a temporary database, for the pages and the brief."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from chorus.ingest.run import make_article
from chorus.ingest.store import SqliteArticleStore
from chorus.ingest.stories import refresh_summaries, update_stories
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer

DAY = datetime(2026, 11, 30, 9, tzinfo=UTC)
QUAKE = [
    ("Reuters", "left", "https://reuters.example/quake",
     "Strong earthquake shakes Chile coast",
     "A magnitude 7.1 earthquake struck off the coast of northern Chile on Monday. "
     "Buildings shook in Antofagasta and officials issued a brief tsunami warning."),
    ("AP", "right", "https://ap.example/quake",
     "Chile earthquake triggers tsunami warning",
     "Officials in Chile issued a tsunami warning after a magnitude 7.1 earthquake struck "
     "near Antofagasta on Monday. The warning was lifted hours later."),
]  # fmt: skip
HOSTILE = (
    "Evil <script>alert(1)</script>",
    "center",
    "javascript:alert(1)",
    "<img src=x onerror=alert(2)> Evil headline",
    "The <b>evil</b> text mentions a completely different topic about gardening tomatoes.",
)


async def fill_day(db: Path, *, summarise: bool = True, hostile: bool = True) -> list[str]:
    """Two-publisher quake story (+ a hostile single-source one); returns the story ids."""
    store = SqliteArticleStore(db)
    for i, (pub, side, url, title, text) in enumerate(QUAKE):
        store.add(
            make_article(
                url=url,
                publisher=pub,
                side=side,
                key=url,
                title=title,
                text=text,  # type: ignore[arg-type]
                published_at=DAY + timedelta(minutes=i),
                feed=None,
                now=DAY,
            )  # fmt: skip
        )
    if hostile:
        pub, side, url, title, text = HOSTILE
        article = make_article(
            url=None, publisher=pub, side=side, key="evil", title=title, text=text,  # type: ignore[arg-type]
            published_at=DAY, feed=None, now=DAY,
        )  # fmt: skip
        article.url = url  # as if a feed smuggled it past the parser
        store.add(article)
    update = update_stories(store, window_h=48, now=DAY)
    if summarise:
        options = SummaryOptions(engine="extractive")
        since = DAY - timedelta(days=1)
        await refresh_summaries(store, Summarizer(), options, since=since)
    store.close()
    return update.created


from tests.api.conftest import make_settings  # noqa: E402, F401  (the same settings fixture)
