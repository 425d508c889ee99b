"""Models of the HTTP API beyond the public contract (service/models.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chorus.errors import Problem
from chorus.jobs.store import Job, JobStatus
from chorus.models import Cluster, EngineName, Summary, SummaryOptions, is_blank

MAX_CHECK_TEXT_CHARS = 50_000


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
            error=job.error.problem() if job.error else None,
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

    @field_validator("summary")
    @classmethod
    def _summary_not_blank(cls, value: str) -> str:
        if is_blank(value):
            raise ValueError("the summary is empty or whitespace only")
        return value


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    store: Literal["ok"] = "ok"
    auto_engine: EngineName = Field(description="The engine `auto` resolves to right now.")
    llm_configured: bool
    model: str | None = None
    active_jobs: int


__all__ = ["CheckRequest", "Health", "JobList", "JobView", "Ready"]
