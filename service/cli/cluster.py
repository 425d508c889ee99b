"""`chorus cluster ARTICLES.jsonl`: group articles into stories, JSON Lines of clusters out.

Every input article is in exactly one output cluster (singletons allowed), with a stable id
(the story keeps the id of its earliest article). Articles more than CHORUS_CLUSTER_WINDOW_H
apart (when both have `published_at`) never share a cluster.
"""

from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from chorus.cli.common import fail, load_settings
from chorus.ingest.cluster import Doc, story_groups, story_id, story_similarity, within_window
from chorus.loaders import format_validation_error, parse_json
from chorus.models import Article, Cluster

MAX_LINE_CHARS = 2_000_000


def read_articles(path: Path) -> list[Article]:
    """The articles of a JSON Lines file; any bad line is one error line and exit 2. Lines
    are parsed with `parse_json` (hostile numbers, nesting and lone surrogates refused) and
    read bounded, from regular files only."""
    if not path.exists():
        fail(f"{path}: no such file")
    if not path.resolve().is_file():
        fail(f"{path}: not a regular file")
    articles: list[Article] = []
    seen: set[str] = set()
    try:
        with path.open(encoding="utf-8-sig") as handle:  # a leading BOM is dropped
            no = 0
            while line := handle.readline(MAX_LINE_CHARS + 1):
                no += 1
                if len(line) > MAX_LINE_CHARS:
                    fail(f"{path}:{no}: line over {MAX_LINE_CHARS} characters")
                if not line.strip():
                    continue
                try:
                    data = parse_json(line)
                except ValueError as exc:
                    fail(f"{path}:{no}: not JSON ({exc})")
                try:
                    article = Article.model_validate(data)
                except ValidationError as exc:
                    fail(f"{path}:{no}: {format_validation_error(exc)}")
                if article.id in seen:
                    fail(f"{path}:{no}: duplicate article id {article.id!r}")
                seen.add(article.id)
                articles.append(article)
    except UnicodeDecodeError as exc:
        fail(f"{path}: not UTF-8 (byte {exc.start})")
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror})")
    return articles


def cluster_articles(articles: list[Article], window_h: float) -> list[Cluster]:
    docs = [Doc(a.id, a.title or "", a.text) for a in articles]
    sim = story_similarity(docs)
    times = [a.published_at.astimezone(UTC) if a.published_at else None for a in articles]
    within_window(sim, times, window_h)
    out = []
    for members in story_groups(sim, range(len(articles))) if articles else []:
        first = min(members, key=lambda i: (times[i] is None, times[i] or 0, articles[i].id))
        ordered = [articles[i] for i in members]
        out.append(Cluster(id=story_id(articles[first].id), title=articles[first].title,
                           articles=ordered))  # fmt: skip
    return out


def register(app: typer.Typer) -> None:
    @app.command()
    def cluster(
        path: Annotated[Path, typer.Argument(help="JSON Lines, one Article per line.")],
    ) -> None:
        """Group articles into stories; print JSON Lines of clusters (the API's Cluster).

        Example: chorus cluster articles.jsonl > clusters.jsonl
        """
        settings = load_settings()
        articles = read_articles(path)
        try:
            for c in cluster_articles(articles, settings.cluster_window_h):
                sys.stdout.write(c.model_dump_json(exclude_none=True) + "\n")
        except BrokenPipeError:
            raise typer.Exit(0) from None


__all__ = ["cluster_articles", "read_articles", "register"]
