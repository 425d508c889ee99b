"""Stories from stored articles: incremental clustering with stable ids, and summaries that
are refreshed when a story gains articles.

`update_stories` is the incremental step: articles without a story join the story (within the
time window) they fit under average linkage on the locally scaled similarity (the batch rule of
`chorus.ingest.cluster`), or found new stories among themselves. A story keeps its id for life.
`refresh_summaries` re-summarises stories whose articles changed and records what changed
("+2 articles: Reuters, AP"), which the page and the brief show.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from chorus.checker.report import CheckReport
from chorus.ingest.cluster import Doc, assign, story_id, story_similarity
from chorus.ingest.models import EvidenceNote, SentenceEvidence, StoredArticle, StoryRecord
from chorus.ingest.store import ArticleStore
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.summarizer import Summarizer

log = logging.getLogger("chorus.stories")
MAX_STORY_ARTICLES = 50  # the summariser's default article limit: newest beyond it are left out


@dataclass
class StoryUpdate:
    created: list[str] = field(default_factory=list)
    grown: list[str] = field(default_factory=list)
    assigned: int = 0


def _doc(a: StoredArticle) -> Doc:
    return Doc(a.id, a.title, a.text)


def update_stories(
    store: ArticleStore, *, window_h: float, now: datetime | None = None
) -> StoryUpdate:
    """Give every article without a story one (new articles join or found stories)."""
    now = now or datetime.now(UTC)
    pending = store.unassigned()
    update = StoryUpdate()
    if not pending:
        return update
    window = timedelta(hours=window_h)
    earliest = min(a.published_at for a in pending)
    pool = [a for a in store.articles_since(earliest - window) if a.story_id is not None]
    arts = pool + pending
    sim = story_similarity([_doc(a) for a in arts])
    members: dict[str, list[int]] = {}
    for i, a in enumerate(pool):
        assert a.story_id is not None
        members.setdefault(a.story_id, []).append(i)
    ids = list(members)
    new_idx = list(range(len(pool), len(arts)))
    joined, fresh = assign(sim, [members[s] for s in ids], new_idx)
    grown: dict[str, list[str]] = {}
    for i, pos in joined.items():
        latest = max(arts[m].published_at for m in members[ids[pos]])
        if abs(arts[i].published_at - latest) <= window:
            grown.setdefault(ids[pos], []).append(arts[i].id)
        else:
            fresh.append([i])
    for sid, added in grown.items():
        record = store.get_story(sid)
        if record is None:
            continue
        record.article_ids = [*record.article_ids, *added]
        record.updated_at = now
        by_id = {a.id: a for a in arts}
        record.touch([by_id[a] for a in record.article_ids if a in by_id])
        store.set_story(added, sid)
        store.save_story(record)
        update.grown.append(sid)
    for groupe in fresh:
        ordered = sorted(groupe, key=lambda k: (arts[k].published_at, arts[k].id))
        sid = story_id(arts[ordered[0]].id)
        aids = [arts[k].id for k in ordered]
        store.set_story(aids, sid)
        record = StoryRecord(id=sid, created_at=now, updated_at=now, article_ids=aids)
        record.touch([arts[k] for k in ordered])
        store.save_story(record)
        update.created.append(sid)
    update.assigned = len(pending)
    log.info(
        "stories_updated",
        extra={"stories_created": len(update.created), "grown": len(update.grown)},
    )
    return update


def story_cluster(story: StoryRecord, articles: Sequence[StoredArticle]) -> Cluster:
    """The Cluster the summariser gets: the story's articles, oldest first (capped)."""
    chosen = sorted(articles, key=lambda a: (a.published_at, a.id))[:MAX_STORY_ARTICLES]
    return Cluster(id=story.id, articles=[a.to_article() for a in chosen])


def evidence_of(report: CheckReport) -> list[SentenceEvidence]:
    """The checker's evidence per sentence, kept for the page's hover notes."""
    out = []
    for s in report.sentences:
        notes = [EvidenceNote(n=e.n, text=e.text) for e in s.evidence]
        out.append(SentenceEvidence(index=s.index, verdict=s.verdict, evidence=notes))
    return out


def describe_change(before: Sequence[StoredArticle], added: Sequence[StoredArticle]) -> str:
    publishers = sorted({a.publisher for a in added})
    noun = "article" if len(added) == 1 else "articles"
    new_pubs = sorted({a.publisher for a in added} - {a.publisher for a in before})
    text = f"+{len(added)} {noun} ({', '.join(publishers)})"
    if new_pubs and before:
        text += f"; new publishers: {', '.join(new_pubs)}"
    return text


async def refresh_story(
    store: ArticleStore, summarizer: Summarizer, story: StoryRecord, options: SummaryOptions
) -> StoryRecord:
    articles = await asyncio.to_thread(store.get_articles, story.article_ids)
    cluster = story_cluster(story, articles)
    summary = await summarizer.summarize(cluster, options)
    report = await summarizer.check(cluster, summary.markdown)
    had = set(story.summarized_ids)
    if had:
        before = [a for a in articles if a.id in had]
        added = [a for a in articles if a.id not in had]
        if added:
            story.changes = [describe_change(before, added)]
    now = datetime.now(UTC)
    story.summary = summary
    story.evidence = evidence_of(report)
    story.summarized_ids = [a.id for a in cluster.articles]
    story.summary_updated_at = now
    await asyncio.to_thread(store.save_story, story)
    return story


async def refresh_summaries(
    store: ArticleStore,
    summarizer: Summarizer,
    options: SummaryOptions,
    *,
    since: datetime,
    min_publishers: int = 1,
) -> list[StoryRecord]:
    """Summarise every story (updated since `since`) whose articles changed since its summary."""
    stale = [
        s
        for s in await asyncio.to_thread(store.stories_since, since)
        if set(s.article_ids) != set(s.summarized_ids) and len(s.publishers) >= min_publishers
    ]
    return [await refresh_story(store, summarizer, s, options) for s in stale]


__all__ = [
    "StoryUpdate",
    "describe_change",
    "evidence_of",
    "refresh_story",
    "refresh_summaries",
    "story_cluster",
    "update_stories",
]
