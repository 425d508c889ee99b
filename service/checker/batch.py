"""`chorus check` in bulk: a .jsonl of `{"cluster": Cluster, "summary": "text with [n]"}`
lines, each answered by one JSON line: the `CheckReport` that `POST /v1/checks` returns for
that pair, or a problem object (`status`, `code`, `detail`, `instance` = "file:line") for a
line that could not be checked. Clusters that repeat across lines are prepared once.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import BaseModel, Field, ValidationError

from chorus.checker.report import CheckReport, Judge, check_text
from chorus.errors import ChorusError, InvalidInput
from chorus.loaders import format_validation_error, iter_lines, parse_json_line
from chorus.models import Cluster
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.summarizer import Summarizer


class CheckPair(BaseModel):
    cluster: Cluster
    summary: str = Field(min_length=1)


@dataclass
class BatchResult:
    """What a batch did: reports that passed and failed, lines that could not be checked."""

    passed: int = 0
    failed: int = 0
    errors: list[ChorusError] = field(default_factory=list)
    seconds: float = 0.0


class Checker:
    """Checks summaries against clusters; caches the last few prepared clusters."""

    def __init__(self, summarizer: Summarizer, judge: Judge, cache_size: int = 64) -> None:
        self.summarizer = summarizer
        self.judge = judge
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Prepared] = OrderedDict()

    def prepared(self, cluster: Cluster) -> Prepared:
        key = hashlib.sha256(cluster.model_dump_json().encode()).hexdigest()
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        prepared = self.summarizer.prepare(cluster)
        self._cache[key] = prepared
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return prepared

    async def check(self, cluster: Cluster, text: str) -> CheckReport:
        self.summarizer.admit(cluster)
        return await check_text(text, self.prepared(cluster), self.judge)

    async def check_jsonl(
        self, path: Path, out: IO[str], on_line: Callable[[], None] | None = None
    ) -> BatchResult:
        """Check every line; write one JSON line each."""
        result = BatchResult()
        started = time.perf_counter()
        for where, raw in iter_lines(path):  # bounded lines, regular files only
            try:
                pair = parse_pair(raw, where)
                report = await self.check(pair.cluster, pair.summary)
            except ChorusError as exc:
                result.errors.append(exc)
                out.write(exc.problem(instance=where).model_dump_json(exclude_none=True))
            else:
                result.passed += report.passed
                result.failed += not report.passed
                out.write(report.model_dump_json())
            out.write("\n")
            out.flush()
            if on_line:
                on_line()
        result.seconds = time.perf_counter() - started
        return result


def parse_pair(raw: bytes, where: str) -> CheckPair:
    data = parse_json_line(raw, where)
    try:
        return CheckPair.model_validate(data, context={"allow_empty_text": True})
    except ValidationError as exc:
        raise InvalidInput(f"{where}: {format_validation_error(exc)}") from exc


__all__ = ["BatchResult", "CheckPair", "Checker", "parse_pair"]
