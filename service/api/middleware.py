"""Pure-ASGI middlewares: the request-body cap, HEAD, and the one-line-per-request access log.

- `BodyLimitMiddleware`: a Content-Length over the limit gets 413 before any body is read; a
  body streamed without (or lying about) its length is counted chunk by chunk and stops with
  413 as soon as it passes the limit, so nothing large is ever buffered or parsed.
- `HeadMiddleware`: HEAD is answered as GET without the body (RFC 9110 §9.3.2): FastAPI
  routes list GET only, so HEAD /healthz was a 405.
- `AccessLogMiddleware`: request id (X-Request-ID in and out), route template, status, latency,
  and whatever the handler annotated (engine, token usage, job id). Never headers, query
  strings or bodies, so keys and article text stay out of the logs.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chorus.api.problems import problem_response
from chorus.errors import TooLarge

log = logging.getLogger("chorus.access")

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


def annotate(request: Request, **fields: Any) -> None:
    """Add fields to this request's access-log line."""
    request.scope.setdefault("chorus.log", {}).update(fields)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            too_large = TooLarge(f"request body is {declared} bytes; the limit is {self.max_bytes}")
            response = problem_response(
                Request(scope), too_large.info(), headers={"Connection": "close"}
            )
            await response(scope, receive, send)
            return
        limit = self.max_bytes
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(f"request body is over the limit of {limit} bytes")
            return message

        await self.app(scope, capped_receive, send)


class HeadMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)  # the headers (Content-Length included) are GET's

        as_get = {**scope, "method": "GET"}
        try:
            await self.app(as_get, receive, send_without_body)
        finally:
            if "route" in as_get:  # for the access log's route template
                scope["route"] = as_get["route"]


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        scope["chorus.request_id"] = request_id
        fields: dict[str, Any] = scope.setdefault("chorus.log", {})
        status = 500
        header = (b"x-request-id", request_id.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            entry: dict[str, Any] = {
                "request_id": request_id,
                "method": scope.get("method"),
                "route": _route_of(scope, status),
                "status": status,
                "latency_ms": round((time.perf_counter() - started) * 1000, 2),
            }
            entry.update(fields)
            log.info("request", extra=entry)


def _route_of(scope: Scope, status: int) -> str:
    """The route template (/v1/summaries/{job_id}), never a raw path with user data in it."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    if status != 404 and isinstance(scope.get("path"), str):
        return str(scope["path"])  # static routes such as /docs and /openapi.json
    return "(unmatched)"


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _REQUEST_ID_RE.match(text) else None
    return None


__all__ = ["AccessLogMiddleware", "BodyLimitMiddleware", "HeadMiddleware", "annotate"]
