"""The one retry policy for outgoing HTTP (the LLM endpoint and Slack), built on tenacity.

Wait what the server asked for (`Retry-After` / `retry-after-ms`, capped), else jittered
exponential backoff; a bounded number of attempts; a log line before each sleep. Callers turn
tenacity's RetryError into their own error carrying the attempt count.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """Seconds from a Retry-After (or retry-after-ms) header, if the error carries a response."""
    response = getattr(exc, "response", None)
    if not isinstance(response, httpx.Response):
        return None
    ms = response.headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


class RetryAfterWait:
    """Wait what the server asked for (capped), else jittered exponential backoff."""

    def __init__(self, cap: float, initial: float = 0.5, jitter: float = 0.5) -> None:
        self.cap = cap
        self.backoff = wait_exponential_jitter(multiplier=initial, max=max(cap, 0.0), jitter=jitter)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc)
        if asked is not None:
            return min(asked, self.cap)
        return min(float(self.backoff(state)), self.cap)


def log_retries(log: logging.Logger, event: str) -> Callable[[RetryCallState], None]:
    """A `before_sleep` hook: one structured warning per retry (error type or Slack's reason,
    attempt, wait). Never the exception's text, which may quote a request."""

    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        log.warning(
            event,
            extra={
                "attempt": state.attempt_number,
                "error": getattr(exc, "reason", None) or (type(exc).__name__ if exc else None),
                "wait_s": round(state.upcoming_sleep, 3),
            },
        )

    return before_sleep


def retrying(
    *,
    attempts: int,
    cap_s: float,
    retryable: type[BaseException]
    | tuple[type[BaseException], ...]
    | Callable[[BaseException], bool],
    sleep: Callable[[float], Awaitable[None]],
    before_sleep: Callable[[RetryCallState], None],
    initial_s: float = 0.5,
    jitter_s: float = 0.5,
) -> AsyncRetrying:
    return AsyncRetrying(
        stop=stop_after_attempt(attempts),
        wait=RetryAfterWait(cap_s, initial_s, jitter_s),
        retry=retry_if_exception(retryable)  # a predicate, or the exception types to retry
        if callable(retryable) and not isinstance(retryable, type)
        else retry_if_exception_type(retryable),
        before_sleep=before_sleep,
        sleep=sleep,
        reraise=False,
    )
