"""`chorus check`: verify summaries written by anyone against their clusters.

One pair (a cluster file and a Markdown summary with [n] markers) or a .jsonl of
`{"cluster": Cluster, "summary": "text with [n] markers"}` lines, each answered by one JSON
line. Clusters that repeat across lines are prepared once.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import IO

from pydantic import BaseModel, Field, ValidationError

from chorus.errors import ChorusError, InvalidInput
from chorus.loaders import format_validation_error, parse_json_line
from chorus.models import Cluster
from chorus.pipeline.summarizer import Prepared, Summarizer
from chorus_evals.judges import Judge
from chorus_evals.runner import ClusterReport, score_summary
from chorus_evals.scorers import SentenceResult, sentences_from_text


class EvidenceOut(BaseModel):
    n: int
    text: str


class CheckedSentenceOut(BaseModel):
    text: str
    citations: list[int]
    invalid_citations: list[int] = Field(default_factory=list)
    verdict: str
    score: float = Field(description="Confidence (0..1) that the sentence is supported.")
    evidence: list[EvidenceOut]
    issues: list[str] = Field(default_factory=list)


class CheckOut(BaseModel):
    line: int | None = None
    cluster_id: str | None = None
    supported: float | None = Field(default=None, description="Share of supported sentences.")
    sentences: list[CheckedSentenceOut] | None = None
    error: str | None = None


class CheckPair(BaseModel):
    cluster: Cluster
    summary: str = Field(min_length=1)


def issues_of(r: SentenceResult) -> list[str]:
    out = []
    if not r.citations:
        out.append("uncited")
    if r.invalid_citations:
        out.append(f"cites articles that do not exist: {r.invalid_citations}")
    out += [f"number not in evidence: {x}" for x in r.missing_numbers]
    out += [f"name not in evidence: {x}" for x in r.missing_entities]
    out += [f"quote not in sources: {x}" for x in r.missing_quotes]
    if r.misattributed_quote:
        out.append("quote attributed to another speaker")
    if r.negation_mismatch:
        out.append("negation differs from the evidence")
    out += [f"opposite of the evidence: {x}" for x in r.antonym_flips]
    return out


def to_output(report: ClusterReport, line: int | None = None) -> CheckOut:
    return CheckOut(
        line=line,
        cluster_id=report.cluster_id,
        supported=report.metrics.get("supported"),
        sentences=[
            CheckedSentenceOut(
                text=r.text,
                citations=r.citations,
                invalid_citations=r.invalid_citations,
                verdict=r.verdict,
                score=r.score,
                evidence=[EvidenceOut(n=e.n, text=e.text) for e in r.evidence],
                issues=issues_of(r),
            )
            for r in report.sentences
        ],
    )


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

    async def check(self, cluster: Cluster, text: str) -> ClusterReport:
        sentences = sentences_from_text(text)
        if not sentences:
            raise InvalidInput("the summary has no sentences")
        return await score_summary(cluster.id, sentences, self.prepared(cluster), self.judge)

    async def check_jsonl(
        self, path: Path, out: IO[str], on_line: Callable[[], None] | None = None
    ) -> tuple[int, int, float]:
        """Check every line; write one JSON line each. Returns (ok, failed, seconds)."""
        ok = failed = 0
        started = time.perf_counter()
        try:
            fh = path.open("rb")
        except OSError as exc:
            raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from exc
        with fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    pair = parse_pair(raw, f"{path}:{lineno}")
                    result = to_output(await self.check(pair.cluster, pair.summary), lineno)
                    ok += 1
                except ChorusError as exc:
                    result = CheckOut(line=lineno, error=exc.detail)
                    failed += 1
                out.write(result.model_dump_json(exclude_none=True) + "\n")
                if on_line:
                    on_line()
        return ok, failed, time.perf_counter() - started


def parse_pair(raw: bytes, where: str) -> CheckPair:
    data = parse_json_line(raw, where)
    try:
        return CheckPair.model_validate(data, context={"allow_empty_text": True})
    except ValidationError as exc:
        raise InvalidInput(f"{where}: {format_validation_error(exc)}") from exc
