"""Every error Chorus raises: one root, each class knowing its HTTP status, stable code,
title and headers (Retry-After on a 503, WWW-Authenticate on a 401).

One mapping turns any exception into an `ErrorInfo` (what a failed job stores) and any
`ErrorInfo` into a `Problem` (the application/problem+json body the API sends and
`chorus check` prints for a line it could not check). The CLI prints `error: <detail>`.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from pydantic import BaseModel, Field

DEFAULT_RETRY_AFTER_S = 30.0  # what a 503 without a better estimate tells clients to wait


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """The error body of every 4xx/5xx response (RFC 9457)."""

    type: str = Field(examples=["urn:chorus:problem:invalid_input"])
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


class ErrorInfo(BaseModel):
    """An error as data: what a failed job stores and what a problem body is made from."""

    status: int
    code: str
    title: str
    detail: str
    retry_after: float | None = None

    def headers(self) -> dict[str, str]:
        if self.status != 503 and self.retry_after is None:
            return {}
        seconds = DEFAULT_RETRY_AFTER_S if self.retry_after is None else self.retry_after
        return {"Retry-After": str(max(1, math.ceil(seconds)))}

    def problem(
        self,
        *,
        instance: str | None = None,
        request_id: str | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> Problem:
        return Problem(
            type=f"urn:chorus:problem:{self.code}",
            title=self.title,
            status=self.status,
            detail=self.detail,
            code=self.code,
            instance=instance,
            request_id=request_id,
            errors=[FieldError.model_validate(e) for e in errors] if errors else None,
        )


INTERNAL = ErrorInfo(
    status=500,
    code="internal_error",
    title="Internal error",
    detail="the server failed to handle this request; it has been logged",
)


class ChorusError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    title: ClassVar[str] = "Internal error"
    extra_headers: ClassVar[dict[str, str]] = {}

    def __init__(self, detail: str, *, retry_after: float | None = None, **context: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after
        self.context = context

    def info(self) -> ErrorInfo:
        return ErrorInfo(
            status=self.status,
            code=self.code,
            title=self.title,
            detail=self.detail,
            retry_after=self.retry_after,
        )

    def headers(self) -> dict[str, str]:
        return {**self.info().headers(), **self.extra_headers}

    def problem(self, **where: str | None) -> Problem:
        return self.info().problem(errors=self.context.get("errors"), **where)

    @property
    def exit_code(self) -> int:
        """The CLI's exit code: 2 for bad input, 1 for a failure of ours or of a service we
        depend on (the LLM, Slack, the store)."""
        return 1 if self.status >= 500 else 2


def error_info(exc: BaseException) -> ErrorInfo:
    """The one mapping from any exception to what is stored and shown: a ChorusError says
    what it is; anything else is an internal error whose details stay in the log."""
    if isinstance(exc, ChorusError):
        return exc.info()
    return INTERNAL.model_copy(
        update={"detail": f"the job failed unexpectedly ({type(exc).__name__})"}
    )


# --- 4xx: the request ---------------------------------------------------------------------


class InvalidInput(ChorusError):
    """The request or file is malformed or violates a limit."""

    status = 422
    code = "invalid_input"
    title = "Invalid input"


class BadRequest(ChorusError):
    """The body cannot be read at all: not UTF-8, not JSON, nested too deeply."""

    status = 400
    code = "bad_request"
    title = "Bad request"


class Unauthorized(ChorusError):
    status = 401
    code = "unauthorized"
    title = "Unauthorized"
    extra_headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="chorus"'}


class SlackSignatureInvalid(ChorusError):
    status = 401
    code = "bad_slack_signature"
    title = "Bad Slack signature"


class UnsupportedMediaType(ChorusError):
    status = 415
    code = "unsupported_media_type"
    title = "Unsupported media type"


class TooLarge(InvalidInput):
    status = 413
    code = "too_large"
    title = "Payload too large"


class NotFound(ChorusError):
    status = 404
    code = "not_found"
    title = "Not found"


class Conflict(ChorusError):
    status = 409
    code = "conflict"
    title = "Conflict"


class IdempotencyConflict(Conflict):
    """The idempotency key was used before with a different request body."""

    def __init__(self, job_id: str) -> None:
        super().__init__(
            "this Idempotency-Key was already used with a different request body "
            f"(job {job_id}); use a new key for a new request"
        )
        self.job_id = job_id


# --- 5xx: us, or a service we depend on -----------------------------------------------------


class LLMNotConfigured(ChorusError):
    status = 503
    code = "llm_not_configured"
    title = "No LLM configured"


class LLMUnavailable(ChorusError):
    """The LLM failed for good: retries are exhausted or the error is not retryable."""

    status = 503
    code = "llm_unavailable"
    title = "LLM unavailable"

    def __init__(self, detail: str, *, attempts: int, retry_after: float | None = None) -> None:
        super().__init__(detail, retry_after=retry_after, attempts=attempts)
        self.attempts = attempts


class LLMOutputError(ChorusError):
    """The model answered, but not with anything we can use."""

    status = 502
    code = "llm_bad_output"
    title = "Unusable LLM output"


class MalformedResponse(LLMOutputError):
    """A 2xx answer that is not a chat completion (no choices, not JSON): often a proxy or
    an overloaded server, so the LLM client retries it like a 5xx."""


class LLMContextExceeded(LLMUnavailable):
    """The endpoint refused a prompt as longer than its context window (an HTTP 400)."""

    code = "llm_context_exceeded"
    title = "Prompt over the model's context window"


class UnusableOutput(LLMOutputError):
    """The model answered, but nothing usable remained after the repairs of the output policy
    (no citations at all, empty text, only fragments): the LLM client re-asks once."""


class SlackError(ChorusError):
    """Slack refused or failed the request for good. `slack_error` is Slack's own code."""

    status = 502
    code = "slack_error"
    title = "Slack error"

    def __init__(self, detail: str, *, slack_error: str, attempts: int = 1) -> None:
        super().__init__(detail, slack_error=slack_error, attempts=attempts)
        self.slack_error = slack_error
        self.attempts = attempts


class SlackNotConfigured(ChorusError):
    status = 503
    code = "slack_not_configured"
    title = "Slack not configured"


class StoreUnavailable(ChorusError):
    status = 503
    code = "store_unavailable"
    title = "Store unavailable"


class ConfigError(ChorusError):
    status = 500
    code = "config_error"
    title = "Configuration error"


# --- ingest: fetching feeds and pages -------------------------------------------------------


class FetchRefused(ChorusError):
    """A URL the fetcher will not request (scheme, or an address it must not reach)."""

    status = 422
    code = "fetch_refused"
    title = "Fetch refused"


class FetchFailed(ChorusError):
    """A fetch that went wrong: network error, timeout, too big, wrong content type, 4xx/5xx."""

    status = 502
    code = "fetch_failed"
    title = "Fetch failed"


class FeedError(ChorusError):
    """A feed that cannot be read (malformed, hostile, empty)."""

    status = 422
    code = "bad_feed"
    title = "Bad feed"


class JobTimeout(ChorusError):
    """A job ran past CHORUS_JOB_TIMEOUT_S (e.g. a provider that hangs)."""

    status = 504
    code = "job_timeout"
    title = "Job timed out"
