"""/v1/checks: verify any summary text with [n] markers against a cluster (ours or anyone's)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from chorus.api.deps import ServicesDep, require_api_key
from chorus.api.http import read_model
from chorus.api.middleware import annotate
from chorus.api.problems import Problem
from chorus.api.schemas import CheckRequest
from chorus.checker.report import CheckReport
from chorus.pipeline.normalise import check_limits

router = APIRouter(prefix="/v1/checks", tags=["checks"], dependencies=[Depends(require_api_key)])


@router.post(
    "",
    summary="Check a summary's citations and support against its sources",
    response_model=CheckReport,
    responses={
        code: {"model": Problem, "content": {"application/problem+json": {}}}
        for code in (400, 401, 413, 415, 422)
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"}}
            },
        }
    },
)
async def create_check(request: Request, services: ServicesDep) -> CheckReport:
    body = await read_model(request, CheckRequest, "check request")
    summarizer = services.summarizer
    check_limits(body.cluster, summarizer.limits)
    annotate(request, article_count=len(body.cluster.articles))
    return await summarizer.check(body.cluster, body.summary)


__all__ = ["router"]
