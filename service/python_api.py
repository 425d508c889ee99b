"""The Python API: summarise and check clusters from code, sync or async.

    import chorus

    summary = chorus.summarize({"articles": [{"id": "a", "text": "..."}, ...]})
    report = chorus.check(cluster, "Blinken and Lavrov spoke briefly [1][2].")

A cluster may be a `chorus.Cluster`, a dict of the same JSON, or a path (a cluster .json or a
directory of .txt/.md articles). Settings come from the environment (`CHORUS_*`, `OPENAI_*`)
unless `settings=` is given; with no LLM configured the embedded extractive engine answers.
Errors are `chorus.ChorusError` subclasses with a `detail`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Coroutine, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from chorus.checker.judges import JudgeName, make_judge
from chorus.checker.report import CheckReport
from chorus.errors import InvalidInput
from chorus.loaders import format_validation_error, iter_clusters
from chorus.models import Cluster, EngineChoice, Style, Summary, SummaryOptions
from chorus.pipeline.events import Event
from chorus.pipeline.stream import stream_summary
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings, get_settings

ClusterLike = Cluster | Mapping[str, Any] | str | os.PathLike[str]
T = TypeVar("T")


def as_cluster(value: ClusterLike) -> Cluster:
    """A Cluster from a Cluster, its JSON as a dict, or a path to a cluster file or folder."""
    if isinstance(value, Cluster):
        return value
    if isinstance(value, Mapping):
        try:
            return Cluster.model_validate(value)
        except ValidationError as exc:
            raise InvalidInput(f"invalid cluster: {format_validation_error(exc)}") from None
    clusters = list(iter_clusters(Path(value)))
    if len(clusters) != 1:
        raise InvalidInput(f"{value}: expected one cluster, found {len(clusters)}")
    return clusters[0]


def _options(engine: EngineChoice, max_words: int | None, style: Style) -> SummaryOptions:
    try:
        return SummaryOptions(engine=engine, max_words=max_words, style=style)
    except ValidationError as exc:
        raise InvalidInput(format_validation_error(exc)) from None


@asynccontextmanager
async def _summarizer(settings: Settings | None, engine: str) -> AsyncIterator[Summarizer]:
    """The summarizer with its LLM client and call cache (as the CLI and server build it)."""
    summarizer = Summarizer.build(settings or get_settings(), use_llm=engine != "extractive")
    try:
        await summarizer.discover()
        yield summarizer
    finally:
        await summarizer.aclose()


async def asummarize(
    cluster: ClusterLike,
    *,
    engine: EngineChoice = "auto",
    max_words: int | None = None,
    style: Style = "paragraph",
    settings: Settings | None = None,
) -> Summary:
    """The cited summary of `cluster` (see the module docstring for what a cluster may be)."""
    the_cluster, options = as_cluster(cluster), _options(engine, max_words, style)
    async with _summarizer(settings, engine) as summarizer:
        return await summarizer.summarize(the_cluster, options)


async def astream(
    cluster: ClusterLike,
    *,
    engine: EngineChoice = "auto",
    max_words: int | None = None,
    style: Style = "paragraph",
    settings: Settings | None = None,
) -> AsyncIterator[Event]:
    """The summary as it is made: progress events, each checked sentence as soon as it is
    complete, then the final Summary (a `SummaryEvent`, authoritative) or an `ErrorEvent`."""
    the_cluster, options = as_cluster(cluster), _options(engine, max_words, style)
    async with _summarizer(settings, engine) as summarizer:
        summarizer.admit(the_cluster, options)  # a bad request raises before any event
        async for event in stream_summary(summarizer, the_cluster, options):
            yield event


async def acheck(
    cluster: ClusterLike,
    summary: str | Summary,
    *,
    judge: JudgeName | None = None,
    settings: Settings | None = None,
) -> CheckReport:
    """Check a summary (text with [n] markers, or a Summary) against `cluster`, with the
    given judge (default CHORUS_JUDGE: the offline checker unless set to `llm`)."""
    settings = settings or get_settings()
    name = judge or settings.judge
    text = summary.markdown if isinstance(summary, Summary) else summary
    the_cluster = as_cluster(cluster)
    async with _summarizer(settings, "llm" if name == "llm" else "extractive") as summarizer:
        summarizer.admit(the_cluster)
        the_judge = make_judge(name, summarizer.llm, summarizer.cache)
        return await summarizer.check(the_cluster, text, the_judge)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    coro.close()
    raise RuntimeError(
        "chorus.summarize()/check() cannot run inside an event loop; "
        "use `await chorus.asummarize(...)` / `await chorus.acheck(...)` there"
    )


def summarize(
    cluster: ClusterLike,
    *,
    engine: EngineChoice = "auto",
    max_words: int | None = None,
    style: Style = "paragraph",
    settings: Settings | None = None,
) -> Summary:
    """`asummarize`, for code without an event loop."""
    return _run(
        asummarize(cluster, engine=engine, max_words=max_words, style=style, settings=settings)
    )


def check(
    cluster: ClusterLike,
    summary: str | Summary,
    *,
    judge: JudgeName | None = None,
    settings: Settings | None = None,
) -> CheckReport:
    """`acheck`, for code without an event loop."""
    return _run(acheck(cluster, summary, judge=judge, settings=settings))


__all__ = [
    "ClusterLike",
    "acheck",
    "as_cluster",
    "astream",
    "asummarize",
    "check",
    "summarize",
]
