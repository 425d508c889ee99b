"""Which stories lead: publishers × recency (not raw article count: ten wire copies of one
report are one voice), and the day's stories from the store."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from chorus.ingest.models import StoryRecord
from chorus.ingest.store import ArticleStore

HALF_LIFE_H = 12.0


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of `day` in `tz`, as aware datetimes (the brief's and the story page's
    day)."""
    start = datetime.combine(day, time(0), tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tz)


def score(story: StoryRecord, at: datetime) -> float:
    """Number of publishers, halved for every HALF_LIFE_H the latest article is older."""
    last = story.last_article_at or story.updated_at
    age_h = max(0.0, (at - last).total_seconds() / 3600.0)
    return float(len(story.publishers) * 0.5 ** (age_h / HALF_LIFE_H))


def rank_stories(stories: list[StoryRecord], at: datetime) -> list[StoryRecord]:
    return sorted(stories, key=lambda s: (-score(s, at), s.id))


def day_stories(
    store: ArticleStore, day: date, tz: ZoneInfo, *, briefable_only: bool = False
) -> list[StoryRecord]:
    """The stories whose latest article is from `day`, ranked (end of the day as 'now')."""
    start, end = day_bounds(day, tz)
    stories = store.stories_between(start, end)
    if briefable_only:
        stories = [s for s in stories if s.briefable]
    return rank_stories(stories, end)


__all__ = ["HALF_LIFE_H", "day_bounds", "day_stories", "rank_stories", "score"]
