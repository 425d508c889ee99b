"""Models of the HTTP API beyond the public contract (service/models.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from chorus.api.problems import Problem
from chorus.jobs.store import Job, JobError, JobStatus
from chorus.models import Cluster, EngineName, Summary, SummaryOptions
from chorus.pipeline.verify import CheckedSentence, Verified

MAX_CHECK_TEXT_CHARS = 50_000


def problem_of(error: JobError) -> Problem:
    return Problem(
        type=f"urn:chorus:problem:{error.code}",
        title=error.title,
        status=error.status,
        detail=error.detail,
        code=error.code,
    )


class JobView(BaseModel):
    """A summary job: `summary` once done, `error` (a problem) once failed."""

    id: str
    status: JobStatus
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    cluster_id: str
    options: SummaryOptions
    summary: Summary | None = None
    error: Problem | None = None

    @classmethod
    def of(cls, job: Job) -> JobView:
        return cls(
            id=job.id,
            status=job.status,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            cluster_id=job.cluster.id,
            options=job.options,
            summary=job.summary,
            error=problem_of(job.error) if job.error else None,
        )


class JobList(BaseModel):
    items: list[JobView]


class CheckRequest(BaseModel):
    """A cluster and any summary text with [n] citation markers to verify against it."""

    model_config = ConfigDict(extra="forbid")

    cluster: Cluster
    summary: Annotated[str, Field(min_length=1, max_length=MAX_CHECK_TEXT_CHARS)] = Field(
        description="Markdown or plain text; sentences cite sources as [1], [2][3], [1-3]."
    )


class CheckCounts(BaseModel):
    sentences: int
    supported: int
    partial: int
    unsupported: int
    uncited: int
    invalid_citations: int
    with_unsupported_specifics: int


class CheckReport(BaseModel):
    """Per-sentence verdicts: valid citations, support score, specifics absent from sources."""

    cluster_id: str
    headline: str
    sentences: list[CheckedSentence]
    counts: CheckCounts
    warnings: list[str]

    @classmethod
    def of(cls, cluster_id: str, verified: Verified) -> CheckReport:
        s = verified.sentences
        return cls(
            cluster_id=cluster_id,
            headline=verified.headline,
            sentences=s,
            warnings=verified.warnings,
            counts=CheckCounts(
                sentences=len(s),
                supported=sum(x.verdict == "supported" for x in s),
                partial=sum(x.verdict == "partial" for x in s),
                unsupported=sum(x.verdict == "unsupported" for x in s),
                uncited=sum(not x.citations for x in s),
                invalid_citations=sum(len(x.invalid_citations) for x in s),
                with_unsupported_specifics=sum(
                    bool(x.missing_numbers or x.missing_entities or x.missing_quotes) for x in s
                ),
            ),
        )


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    store: Literal["ok"] = "ok"
    auto_engine: EngineName = Field(description="The engine `auto` resolves to right now.")
    llm_configured: bool
    model: str | None = None
    active_jobs: int


__all__ = ["CheckReport", "CheckRequest", "Health", "JobList", "JobView", "Ready"]
