"""One root error, a few subclasses. Each carries an HTTP status and a stable code.

The API renders them as application/problem+json; the CLI prints `error: <detail>`.
"""

from __future__ import annotations

from typing import Any


class ChorusError(Exception):
    status: int = 500
    code: str = "internal_error"
    title: str = "Internal error"

    def __init__(self, detail: str, **context: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context = context


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
        super().__init__(detail, attempts=attempts)
        self.attempts = attempts
        self.retry_after = retry_after


class LLMOutputError(ChorusError):
    """The model answered, but not with anything we can use."""

    status = 502
    code = "llm_bad_output"
    title = "Unusable LLM output"


class ConfigError(ChorusError):
    status = 500
    code = "config_error"
    title = "Configuration error"
