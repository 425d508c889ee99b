"""What the pages show, built from stored stories: pure functions, no I/O, no HTML.

Everything from feeds is untrusted: templates autoescape it, and links are kept only when
they are http(s) URLs (`safe_href`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from chorus.ingest.models import StoredArticle, StoryRecord
from chorus.slack.blocks import for_readers  # the same rule as the brief: no setting names


def safe_href(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


@dataclass
class Cite:
    n: int
    publisher: str
    href: str | None
    evidence: str | None
    dom_id: str
    found_in: list[int] = field(default_factory=list)  # when not here: the articles it is in


@dataclass
class SentenceView:
    text: str
    cites: list[Cite]
    verdict: str


@dataclass
class SourceView:
    n: int
    publisher: str
    title: str
    href: str | None
    side: str | None
    published: str


@dataclass
class StoryView:
    id: str
    headline: str
    sentences: list[SentenceView]
    sources: list[SourceView]
    by_publisher: list[tuple[str, int]]
    by_side: list[tuple[str, int]]
    engine: str | None
    model: str | None
    updated: str
    changes: list[str]
    warnings: list[str] = field(default_factory=list)


def when(dt: datetime | None) -> str:
    return dt.strftime("%d %b %Y, %H:%M UTC") if dt else "—"


def story_view(story: StoryRecord, articles: list[StoredArticle]) -> StoryView:
    by_id = {a.id: a for a in articles}
    summary = story.summary
    sources: list[SourceView] = []
    if summary is not None:
        for src in summary.sources:
            art = by_id.get(src.article_id)
            sources.append(
                SourceView(
                    n=src.n,
                    publisher=src.source or (art.publisher if art else "unknown publisher"),
                    title=src.title or (art.title if art else ""),
                    href=safe_href(src.url),
                    side=art.side if art else None,
                    published=when(art.published_at if art else None),
                )
            )
    else:
        for n, a in enumerate(articles, start=1):
            sources.append(SourceView(n, a.publisher, a.title, safe_href(a.url), a.side,
                                      when(a.published_at)))  # fmt: skip
    by_n = {s.n: s for s in sources}
    evidence = {e.index: {x.n: x.text for x in e.evidence} for e in story.evidence}
    verdicts = {e.index: e.verdict for e in story.evidence}
    sentences = []
    for i, sent in enumerate(summary.sentences if summary else []):
        cites = []
        for n in sent.citations:
            view = by_n.get(n)
            cites.append(
                Cite(
                    n=n,
                    publisher=view.publisher if view else f"source {n}",
                    href=view.href if view else None,
                    evidence=evidence.get(i, {}).get(n),
                    dom_id=f"ev-{i}-{n}",
                    found_in=sorted(evidence.get(i, {})),
                )
            )
        sentences.append(SentenceView(sent.text, cites, verdicts.get(i, "")))
    arts = list(by_id.values())
    headline = summary.headline if summary else (articles[0].title if articles else story.id)
    return StoryView(
        id=story.id,
        headline=headline,
        sentences=sentences,
        sources=sources,
        by_publisher=Counter(a.publisher for a in arts).most_common(),
        by_side=sorted(Counter(a.side for a in arts if a.side).items()),
        engine=summary.engine if summary else None,
        model=(summary.model if summary and summary.engine == "llm" else None),
        updated=when(story.summary_updated_at or story.updated_at),
        changes=story.changes,
        warnings=[for_readers(w) for w in summary.warnings] if summary else [],
    )


@dataclass
class ListItem:
    id: str
    headline: str
    publishers: list[str]
    articles: int
    updated: str
    changes: list[str]
    briefable: bool


def list_item(story: StoryRecord) -> ListItem:
    headline = story.summary.headline if story.summary else story.title
    return ListItem(story.id, headline or story.id, story.publishers, len(story.article_ids),
                    when(story.last_article_at), story.changes, story.briefable)  # fmt: skip


__all__ = ["ListItem", "StoryView", "list_item", "safe_href", "story_view", "when"]
