"""/v1/summaries: create (sync or async), fetch, list.

POST body: a bare `Cluster` (the same JSON the CLI reads from a cluster .json file); options
are query parameters (`?engine=&max_words=&style=`). Small clusters answer 200 with the Summary;
`Prefer: respond-async` or a cluster of `async_threshold_articles` articles or more answers
202 with `Location: /v1/summaries/{id}`. Every request becomes a stored job first, so the
result can be fetched again, listed, and survives a restart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from chorus.api.deps import CallerDep, ServicesDep, require_api_key
from chorus.api.http import (
    check_idempotency_key,
    prefers_async,
    prefers_markdown,
    read_json,
    validate_body,
)
from chorus.api.middleware import annotate
from chorus.api.problems import clip, problem_response
from chorus.api.schemas import JobList, JobView
from chorus.api.stream import job_stream_response, stream_relay, stream_response, wants_stream
from chorus.errors import InvalidInput, NotFound, Problem
from chorus.jobs.store import Job
from chorus.models import Cluster, Summary, SummaryOptions

router = APIRouter(
    prefix="/v1/summaries", tags=["summaries"], dependencies=[Depends(require_api_key)]
)

MARKDOWN = "text/markdown; charset=utf-8"
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {"application/problem+json": {}}}
    for code in (400, 401, 404, 409, 413, 415, 422, 503)
}


_OPTIONS = frozenset(SummaryOptions.model_fields) | {"options"}


def refuse_options_in_body(data: Any) -> None:
    """A Cluster ignores fields it does not know, so `max_words` sent in the body would be
    dropped and the default used: 422 instead, as for an unknown query parameter."""
    misplaced = sorted(_OPTIONS & data.keys()) if isinstance(data, dict) else []
    if misplaced:
        raise InvalidInput(
            f"{misplaced[0]!r} is not a field of the cluster: options are query parameters "
            "(?engine=&max_words=&style=)",
            field=misplaced[0],
        )


def utc_instant(when: datetime) -> datetime:
    """`when` in UTC (naive means UTC); 422 for an instant outside the years 1-9999 in UTC."""
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:
        raise InvalidInput(
            "since: the instant is outside the years 1-9999 once converted to UTC"
        ) from None


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
        response = problem_response(request, job.error)
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
        200: {
            "content": {"text/markdown": {}, "text/event-stream": {}},
            "description": "The cited summary (or, with Accept: text/event-stream, its events).",
        },
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
    caller: CallerDep,
    options: Annotated[SummaryOptions, Query()],
    prefer: Annotated[str | None, Header(description="`respond-async` for a 202 job")] = None,
    idempotency_key: Annotated[
        str | None, Header(description="Replays return the same job; never billed twice.")
    ] = None,
) -> Response:
    key = check_idempotency_key(idempotency_key)
    data = await read_json(request)
    refuse_options_in_body(data)
    cluster = validate_body(data, Cluster, "cluster")
    if wants_stream(request.headers.get("accept")):  # SSE: progress, sentences, the Summary
        relay = stream_relay(services.runner, services.store, key)
        if relay is None:  # SQLite, no key: the pipeline runs in this request
            return stream_response(services.summarizer, cluster, options)
        annotate(request, article_count=len(cluster.articles))
        return await job_stream_response(
            services.jobs, relay, cluster, options, caller.principal, key
        )
    sub = await services.jobs.submit(
        cluster,
        options,
        principal=caller.principal,
        idempotency_key=key,
        prefer_async=prefers_async(prefer),
    )
    job = sub.job
    annotate(request, job_id=job.id, engine=sub.engine, article_count=len(cluster.articles))
    headers: dict[str, str] = {}
    if prefers_async(prefer):
        headers["Preference-Applied"] = "respond-async"
    if sub.replayed:
        headers["Idempotent-Replayed"] = "true"
        annotate(request, idempotent_replay=True)
    if sub.run_async:
        return accepted_response(request, job, headers)
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
async def get_summary(
    request: Request, job_id: str, services: ServicesDep, caller: CallerDep
) -> Response:
    job = await services.store.get_job(job_id, principal=caller.scope)
    if job is None:  # another principal's job is as absent as one that never existed
        raise NotFound(f"no summary with id {clip(job_id)!r}")
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
    caller: CallerDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    since: Annotated[
        datetime | None, Query(description="Only jobs created at or after (ISO 8601; UTC).")
    ] = None,
) -> JSONResponse:
    if since is not None:
        since = utc_instant(since)
    jobs = await services.store.list_jobs(limit=limit, since=since, principal=caller.scope)
    body = JobList(items=[JobView.of(j) for j in jobs])
    return JSONResponse(body.model_dump(mode="json"))


__all__ = ["router"]
