"""What ingest stores: feeds to read, articles as fetched, and the stories they form."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chorus.models import MAX_SOURCE_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, Article, Summary

Side = Literal["left", "center", "right"]


class FeedSpec(BaseModel):
    """One `[[feed]]` table of feeds.toml: a URL (or a local file) and who publishes it."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    path: str | None = Field(default=None, description="A local feed file (offline fixtures).")
    publisher: Annotated[str, Field(min_length=1, max_length=200)]
    side: Side | None = None

    @model_validator(mode="after")
    def _one_location(self) -> FeedSpec:
        if (self.url is None) == (self.path is None):
            raise ValueError("a feed needs exactly one of `url` and `path`")
        return self

    @property
    def where(self) -> str:
        return self.url or self.path or ""


class StoredArticle(BaseModel):
    id: str
    url: str | None
    publisher: str
    side: Side | None = None
    title: str
    text: str
    published_at: datetime
    fetched_at: datetime
    content_hash: str
    feed: str | None = None
    story_id: str | None = None

    def to_article(self) -> Article:
        web = (self.url or "").lower().startswith(("http://", "https://"))
        return Article(
            id=self.id,
            title=self.title[:MAX_TITLE_CHARS] or None,
            source=self.publisher[:MAX_SOURCE_CHARS],
            url=self.url if web and len(self.url or "") <= MAX_URL_CHARS else None,
            published_at=self.published_at,
            text=self.text,
        )


class EvidenceNote(BaseModel):
    """What the page shows on a citation: the checker's evidence sentence in one article."""

    n: int
    text: str


class SentenceEvidence(BaseModel):
    index: int
    verdict: str
    evidence: list[EvidenceNote] = Field(default_factory=list)


class StoryRecord(BaseModel):
    id: str
    created_at: datetime
    updated_at: datetime
    article_ids: list[str]
    title: str = ""
    publishers: list[str] = Field(default_factory=list)
    sides: list[str] = Field(default_factory=list)
    last_article_at: datetime | None = None
    summary: Summary | None = None
    evidence: list[SentenceEvidence] = Field(default_factory=list)
    summarized_ids: list[str] = Field(default_factory=list)
    summary_updated_at: datetime | None = None
    changes: list[str] = Field(default_factory=list, description="What the last update added.")

    def touch(self, articles: list[StoredArticle]) -> None:
        """Recompute what the listing shows from the story's articles."""
        first = min(articles, key=lambda a: (a.published_at, a.id), default=None)
        self.title = first.title if first else ""
        self.publishers = sorted({a.publisher for a in articles})
        self.sides = sorted({a.side for a in articles if a.side})
        self.last_article_at = max((a.published_at for a in articles), default=None)

    @property
    def briefable(self) -> bool:
        return len(self.publishers) >= 2


__all__ = [
    "EvidenceNote",
    "FeedSpec",
    "SentenceEvidence",
    "Side",
    "StoredArticle",
    "StoryRecord",
]
