"""Every error is application/problem+json (RFC 9457), rendered by the handlers here.

Body: `type` (urn:chorus:problem:<code>), `title`, `status`, `detail`, `code`, `instance`
(the request path, unless it is over 512 characters), `request_id`, and for validation errors
`errors`: a list of `{loc, msg, type}` (loc like FastAPI's, e.g. ["body", "articles", 0,
"text"]). Inputs are never echoed back: an error about article text does not repeat the text,
and an id or path a detail quotes is cut at 80 characters.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from chorus.errors import INTERNAL, ChorusError, ErrorInfo, FieldError, InvalidInput, Problem

log = logging.getLogger("chorus.api")

PROBLEM_JSON = "application/problem+json"
MAX_ECHO_CHARS = 80  # of a value from the request (an id, a path) that a detail quotes
MAX_INSTANCE_CHARS = 512  # a longer request path is left out of `instance`


def clip(value: str, limit: int = MAX_ECHO_CHARS) -> str:
    """A value from the request as a detail may quote it: cut at `limit` characters."""
    return value if len(value) <= limit else value[:limit] + "…"


def request_id_of(request: Request) -> str | None:
    rid = request.scope.get("chorus.request_id")
    return rid if isinstance(rid, str) else None


def problem_response(
    request: Request | None,
    info: ErrorInfo,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """The problem+json response for `info` (Retry-After included when it has one)."""
    body = info.problem(errors=errors).model_dump(mode="json", exclude_none=True)
    if request is not None:
        path = request.url.path
        if len(path) <= MAX_INSTANCE_CHARS:  # never echo a huge path back
            body["instance"] = path
        body["request_id"] = request_id_of(request)
        request.scope.setdefault("chorus.log", {})["error_code"] = info.code
    return JSONResponse(
        body,
        status_code=info.status,
        headers={**info.headers(), **(headers or {})} or None,
        media_type=PROBLEM_JSON,
    )


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


async def _chorus_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ChorusError)
    errors = exc.context.get("errors")
    if errors is None and isinstance(exc.context.get("field"), str):
        errors = [{"loc": _path_to_loc(exc.context["field"]), "msg": exc.detail, "type": exc.code}]
    if exc.status >= 500:  # a known condition (no LLM, the LLM or a store down): no traceback
        cause = type(exc.__cause__).__name__ if exc.__cause__ is not None else None
        log.error("request_failed", extra={"error_code": exc.code, "status": exc.status,
                                           "cause": cause})  # fmt: skip
    return problem_response(request, exc.info(), errors=errors, headers=exc.extra_headers)


async def _request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = field_errors(list(exc.errors()))
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(x) for x in first["loc"]) or "(request)"
    return problem_response(request, InvalidInput(f"{where}: {first['msg']}").info(), errors=errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    if exc.status_code == 404 and detail == phrase:
        detail = f"no route for {clip(request.method)} {clip(request.url.path)}"
    info = ErrorInfo(
        status=exc.status_code,
        code=phrase.lower().replace(" ", "_").replace("-", "_"),
        title=phrase,
        detail=detail,
    )
    return problem_response(request, info, headers=dict(exc.headers) if exc.headers else None)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled_error", extra={"error_type": type(exc).__name__}, exc_info=exc)
    return problem_response(request, INTERNAL)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ChorusError, _chorus_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


__all__ = [
    "PROBLEM_JSON",
    "FieldError",
    "Problem",
    "clip",
    "install",
    "invalid_body",
    "problem_response",
]
