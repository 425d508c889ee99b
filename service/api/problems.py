"""Every error is application/problem+json (RFC 9457), rendered by the handlers here.

Body: `type` (urn:chorus:problem:<code>), `title`, `status`, `detail`, `code`, `instance`
(the request path), `request_id`, and for validation errors `errors`: a list of
`{loc, msg, type}` (loc like FastAPI's, e.g. ["body", "articles", 0, "text"]). Inputs are never
echoed back: an error about article text does not repeat the text.
"""

from __future__ import annotations

import logging
import math
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from chorus.errors import (
    ChorusError,
    InvalidInput,
    LLMNotConfigured,
    LLMUnavailable,
    Unauthorized,
)
from chorus.jobs.store import JobError

log = logging.getLogger("chorus.api")

PROBLEM_JSON = "application/problem+json"
DEFAULT_RETRY_AFTER_S = 30


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """The error body of every 4xx/5xx response."""

    type: str = Field(examples=["urn:chorus:problem:invalid_input"])
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


def request_id_of(request: Request) -> str | None:
    rid = request.scope.get("chorus.request_id")
    return rid if isinstance(rid, str) else None


def problem_response(
    request: Request | None,
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:chorus:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if request is not None:
        body["instance"] = request.url.path
        body["request_id"] = request_id_of(request)
    if errors:
        body["errors"] = errors
    if request is not None:
        request.scope.setdefault("chorus.log", {})["error_code"] = code
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def retry_after_header(seconds: float | None) -> dict[str, str]:
    value = DEFAULT_RETRY_AFTER_S if seconds is None else max(1, math.ceil(seconds))
    return {"Retry-After": str(value)}


def field_errors(errors: list[Any], prefix: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """pydantic error dicts -> [{loc, msg, type}], never including the offending input."""
    out = []
    for err in errors:
        loc = [*prefix, *err.get("loc", ())]
        out.append({"loc": loc, "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))})
    return out


def _path_to_loc(field: str) -> list[str | int]:
    """'articles[0].text' -> ['body', 'articles', 0, 'text']."""
    loc: list[str | int] = ["body"]
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        loc.append(int(index) if index else name)
    return loc


def invalid_body(exc: ValidationError, what: str = "request body") -> InvalidInput:
    """A pydantic error on the body as one InvalidInput with field-level errors."""
    errors = field_errors(exc.errors(include_input=False, include_url=False), ("body",))
    first = errors[0]
    where = ".".join(str(x) for x in first["loc"][1:]) or "(root)"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    detail = f"invalid {what}: {where}: {first['msg']}{more}"
    return InvalidInput(detail, errors=errors)


def job_error_response(request: Request, error: JobError) -> JSONResponse:
    headers = retry_after_header(error.retry_after) if error.status == 503 else None
    return problem_response(
        request,
        status=error.status,
        code=error.code,
        title=error.title,
        detail=error.detail,
        headers=headers,
    )


async def _chorus_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ChorusError)
    errors = exc.context.get("errors")
    if errors is None and isinstance(exc.context.get("field"), str):
        errors = [{"loc": _path_to_loc(exc.context["field"]), "msg": exc.detail, "type": exc.code}]
    headers: dict[str, str] = {}
    if isinstance(exc, LLMUnavailable):
        headers |= retry_after_header(exc.retry_after)
    elif isinstance(exc, LLMNotConfigured) or exc.status == 503:
        headers |= retry_after_header(None)
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="chorus"'
    if exc.status >= 500:
        log.warning("request_failed", extra={"error_code": exc.code, "status": exc.status})
    return problem_response(
        request,
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        errors=errors,
        headers=headers or None,
    )


async def _request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = field_errors(list(exc.errors()))
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(x) for x in first["loc"]) or "(request)"
    return problem_response(
        request,
        status=422,
        code="invalid_input",
        title="Invalid input",
        detail=f"{where}: {first['msg']}",
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    if exc.status_code == 404 and detail == phrase:
        detail = f"no route for {request.method} {request.url.path}"
    return problem_response(
        request,
        status=exc.status_code,
        code=phrase.lower().replace(" ", "_").replace("-", "_"),
        title=phrase,
        detail=detail,
        headers=dict(exc.headers) if exc.headers else None,
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled_error", extra={"error_type": type(exc).__name__})
    return problem_response(
        request,
        status=500,
        code="internal_error",
        title="Internal error",
        detail="the server failed to handle this request; it has been logged",
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(ChorusError, _chorus_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


__all__ = [
    "PROBLEM_JSON",
    "Problem",
    "install",
    "invalid_body",
    "job_error_response",
    "problem_response",
]
