"""/v1/summaries: create (sync or async), fetch, list.

POST body: a bare `Cluster` (the same JSON the CLI reads from a cluster .json file); options
are query parameters (`?engine=&max_words=&style=`). Small clusters answer 200 with the Summary;
`Prefer: respond-async` or a cluster of `async_threshold_articles` articles or more answers
202 with `Location: /v1/summaries/{id}`. Every request becomes a stored job first, so the
result can be fetched again, listed, and survives a restart.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from chorus.api.deps import PrincipalDep, ServicesDep, require_api_key
from chorus.api.http import check_idempotency_key, prefers_async, prefers_markdown, read_model
from chorus.api.middleware import annotate
from chorus.api.problems import Problem, job_error_response
from chorus.api.schemas import JobList, JobView
from chorus.errors import Conflict, LLMNotConfigured, NotFound
from chorus.jobs.store import PENDING, IdempotencyConflict, Job
from chorus.models import Cluster, Summary, SummaryOptions
from chorus.pipeline.normalise import check_limits

router = APIRouter(
    prefix="/v1/summaries", tags=["summaries"], dependencies=[Depends(require_api_key)]
)

MARKDOWN = "text/markdown; charset=utf-8"
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {"application/problem+json": {}}}
    for code in (400, 401, 404, 409, 413, 415, 422, 503)
}


def request_hash(cluster: Cluster, options: SummaryOptions) -> str:
    canonical = json.dumps(
        {"cluster": cluster.model_dump(mode="json"), "options": options.model_dump(mode="json")},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def job_location(request: Request, job_id: str) -> str:
    return f"{request.scope.get('root_path', '')}/v1/summaries/{job_id}"


def summary_response(request: Request, job: Job, summary: Summary) -> Response:
    headers = {"Content-Location": job_location(request, job.id), "Vary": "Accept"}
    if prefers_markdown(request.headers.get("accept")):
        return Response(summary.markdown, media_type=MARKDOWN, headers=headers)
    return Response(summary.model_dump_json(), media_type="application/json", headers=headers)


def accepted_response(request: Request, job: Job, headers: dict[str, str]) -> Response:
    headers = {**headers, "Location": job_location(request, job.id)}
    return Response(
        JobView.of(job).model_dump_json(),
        status_code=202,
        media_type="application/json",
        headers=headers,
    )


def job_result_response(request: Request, job: Job, headers: dict[str, str]) -> Response:
    if job.status == "done" and job.summary is not None:
        response = summary_response(request, job, job.summary)
    elif job.status == "failed" and job.error is not None:
        response = job_error_response(request, job.error)
        response.headers["Content-Location"] = job_location(request, job.id)
    else:
        return accepted_response(request, job, headers)
    response.headers.update(headers)
    return response


@router.post(
    "",
    summary="Summarise a cluster with inline citations",
    response_model=Summary,
    responses={
        200: {"content": {"text/markdown": {}}, "description": "The cited summary."},
        202: {"model": JobView, "description": "Accepted; poll the Location."},
        **_ERRORS,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Cluster"}}},
        }
    },
)
async def create_summary(
    request: Request,
    services: ServicesDep,
    principal: PrincipalDep,
    options: Annotated[SummaryOptions, Query()],
    prefer: Annotated[str | None, Header(description="`respond-async` for a 202 job")] = None,
    idempotency_key: Annotated[
        str | None, Header(description="Replays return the same job; never billed twice.")
    ] = None,
) -> Response:
    key = check_idempotency_key(idempotency_key)
    cluster = await read_model(request, Cluster, "cluster")
    summarizer, settings = services.summarizer, services.settings
    if "max_words" not in options.model_fields_set:
        options = options.model_copy(update={"max_words": settings.default_max_words})
    check_limits(cluster, summarizer.limits)
    engine = summarizer.resolve_engine(options.engine)
    if engine == "llm" and summarizer.llm is None:
        raise LLMNotConfigured(
            "engine 'llm' was requested but this server has no LLM configured; "
            "use engine=extractive or auto"
        )
    run_async = prefers_async(prefer) or len(cluster.articles) >= settings.async_threshold_articles
    headers: dict[str, str] = {}
    if prefers_async(prefer):
        headers["Preference-Applied"] = "respond-async"
    runner = services.runner
    try:
        job, created = await services.store.create_job(
            cluster,
            options,
            owner=runner.owner,
            lease_s=runner.lease_s,
            start=not run_async,
            idempotency_key=f"{principal}|{key}" if key else None,
            request_hash=request_hash(cluster, options) if key else None,
        )
    except IdempotencyConflict as exc:
        raise Conflict(
            "this Idempotency-Key was already used with a different request body "
            f"(job {exc.job_id}); use a new key for a new request"
        ) from exc
    annotate(request, job_id=job.id, engine=engine, article_count=len(cluster.articles))
    task = None
    if created:
        task = runner.submit(job, started=not run_async, background=run_async)
    else:
        headers["Idempotent-Replayed"] = "true"
        annotate(request, idempotent_replay=True)
        if job.status == "failed" and job.error is not None and job.error.status >= 500:
            # A transient failure was never billed to completion: run it again.
            requeued = await services.store.requeue_job(job.id, runner.owner, runner.lease_s)
            if requeued is not None:
                job = requeued
                task = runner.submit(job, background=run_async)
        elif job.status in PENDING:
            task = runner.task_for(job.id)
    if run_async:
        return accepted_response(request, job, headers)
    if job.status in PENDING and task is not None:
        outcome = await asyncio.shield(task)
        job = outcome.job
        annotate(request, job_ms=outcome.run_ms, llm_ms=outcome.llm_ms)
    if job.summary is not None:
        usage = job.summary.usage
        annotate(
            request,
            engine=job.summary.engine,
            llm_calls=usage.llm_calls,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
        )
    return job_result_response(request, job, headers)


@router.get(
    "/{job_id}",
    summary="A summary job: status, and the summary once done",
    response_model=JobView,
    responses={200: {"content": {"text/markdown": {}}}, 401: _ERRORS[401], 404: _ERRORS[404]},
)
async def get_summary(request: Request, job_id: str, services: ServicesDep) -> Response:
    job = await services.store.get_job(job_id)
    if job is None:
        raise NotFound(f"no summary with id {job_id!r}")
    annotate(request, job_id=job.id)
    if job.summary is not None and prefers_markdown(request.headers.get("accept")):
        return Response(job.summary.markdown, media_type=MARKDOWN, headers={"Vary": "Accept"})
    return Response(
        JobView.of(job).model_dump_json(), media_type="application/json", headers={"Vary": "Accept"}
    )


@router.get(
    "",
    summary="Recent summary jobs, newest first",
    response_model=JobList,
    responses={401: _ERRORS[401], 422: _ERRORS[422]},
)
async def list_summaries(
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    since: Annotated[
        datetime | None, Query(description="Only jobs created at or after (ISO 8601; UTC).")
    ] = None,
) -> JSONResponse:
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    jobs = await services.store.list_jobs(limit=limit, since=since)
    body = JobList(items=[JobView.of(j) for j in jobs])
    return JSONResponse(body.model_dump(mode="json"))


__all__ = ["router"]
