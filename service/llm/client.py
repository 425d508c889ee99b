"""The only module that imports openai: one async chat call with retries in one layer.

- `AsyncOpenAI(max_retries=0)`: tenacity is the single retry layer.
- Retries on 429 (honouring Retry-After), 5xx, timeouts and connection errors, with jittered
  exponential backoff and a bounded number of attempts; then `LLMUnavailable(attempts=n)`.
- Structured output (`response_format` json_schema) when enabled; when the endpoint rejects
  it, the client falls back to plain text once and remembers that for later calls.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel
from tenacity import RetryError

from chorus.errors import LLMUnavailable, MalformedResponse
from chorus.logs import redact
from chorus.retry import log_retries, retry_after_seconds, retrying
from chorus.settings import LLMSettings, Settings

log = logging.getLogger("chorus.llm")


RETRYABLE = (
    openai.RateLimitError,
    openai.InternalServerError,
    openai.APITimeoutError,
    openai.APIConnectionError,
    MalformedResponse,
)


class Completion(BaseModel):
    text: str
    finish_reason: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    structured: bool = False
    model: str | None = None


def _is_schema_rejection(exc: openai.BadRequestError) -> bool:
    text = str(exc).lower()
    return any(k in text for k in ("response_format", "json_schema", "schema", "structured"))


class LLMClient:
    """Async chat completions against any OpenAI-compatible endpoint."""

    def __init__(
        self,
        config: LLMSettings,
        *,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.config = config
        self.model = config.model
        self.max_attempts = config.llm_max_attempts
        self.max_retry_wait_s = config.llm_max_retry_wait_s
        self.temperature = config.temperature
        self.structured_mode = config.structured_output
        self._schema_supported: bool | None = None  # learned on first use in "auto" mode
        self._semaphore = asyncio.Semaphore(config.llm_max_concurrency)
        self._sleep = sleep or asyncio.sleep
        key = config.openai_api_key
        self._client = openai.AsyncOpenAI(
            api_key=key.get_secret_value() if key else "not-needed",
            base_url=config.openai_base_url,
            timeout=config.llm_timeout_s,
            max_retries=0,
            http_client=http_client,
        )

    @classmethod
    def from_settings(
        cls, settings: Settings, http_client: httpx.AsyncClient | None = None
    ) -> LLMClient:
        return cls(settings.llm, http_client=http_client)

    @property
    def use_structured(self) -> bool:
        if self.structured_mode == "off":
            return False
        if self.structured_mode == "on":
            return True
        return self._schema_supported is not False

    async def aclose(self) -> None:
        await self._client.close()

    async def complete(
        self,
        system: str,
        user: str,
        *,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        schema_name: str = "summary",
    ) -> Completion:
        """One chat completion (retried). Uses the schema only when structured output is on."""
        schema = json_schema if self.use_structured else None
        try:
            return await self._complete_retrying(system, user, max_tokens, schema, schema_name)
        except openai.BadRequestError as exc:
            if schema is not None and self.structured_mode == "auto" and _is_schema_rejection(exc):
                log.warning("structured_output_rejected", extra={"model": self.model})
                self._schema_supported = False
                return await self._complete_retrying(system, user, max_tokens, None, schema_name)
            raise LLMUnavailable(
                f"the LLM endpoint rejected the request: {_short(exc)}", attempts=1
            ) from exc
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise LLMUnavailable(
                f"the LLM endpoint refused our credentials: {_short(exc)}", attempts=1
            ) from exc
        except openai.NotFoundError as exc:
            raise LLMUnavailable(
                f"model {self.model!r} or endpoint not found: {_short(exc)}", attempts=1
            ) from exc
        except openai.APIStatusError as exc:
            raise LLMUnavailable(f"LLM error: {_short(exc)}", attempts=1) from exc
        except openai.APIError as exc:  # e.g. a response the SDK cannot validate
            raise LLMUnavailable(f"LLM error: {_short(exc)}", attempts=1) from exc

    async def _complete_retrying(
        self,
        system: str,
        user: str,
        max_tokens: int,
        schema: dict[str, Any] | None,
        schema_name: str,
    ) -> Completion:
        policy = retrying(
            attempts=self.max_attempts,
            cap_s=self.max_retry_wait_s,
            retryable=RETRYABLE,
            sleep=self._sleep,
            before_sleep=log_retries(log, "llm_retry"),
        )
        try:
            async for attempt in policy:
                with attempt:
                    return await self._call_once(system, user, max_tokens, schema, schema_name)
        except RetryError as err:
            last = err.last_attempt.exception()
            raise LLMUnavailable(
                f"LLM failed after {err.last_attempt.attempt_number} attempts: {_short(last)}",
                attempts=err.last_attempt.attempt_number,
                retry_after=retry_after_seconds(last),
            ) from last
        raise AssertionError("unreachable")  # pragma: no cover

    async def _call_once(
        self,
        system: str,
        user: str,
        max_tokens: int,
        schema: dict[str, Any] | None,
        schema_name: str,
    ) -> Completion:
        kwargs: dict[str, Any] = {}
        if schema is not None:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema, "strict": True},
            }
        async with self._semaphore:
            response = await self._client.chat.completions.create(
                model=self.model,
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                max_tokens=max_tokens,
                temperature=self.temperature,
                **kwargs,
            )
        if not isinstance(response, ChatCompletion):
            raise MalformedResponse("the endpoint's answer is not a chat completion (not JSON?)")
        if not response.choices:
            raise MalformedResponse("the endpoint answered with no choices")
        choice = response.choices[0]
        usage = response.usage
        if schema is not None and self.structured_mode == "auto":
            self._schema_supported = True
        return Completion(
            text=choice.message.content or "",
            finish_reason=choice.finish_reason,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            structured=schema is not None,
            model=response.model or self.model,
        )


def _short(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    status = getattr(exc, "status_code", None)
    text = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    text = redact(text)
    return f"HTTP {status}: {text}" if status else f"{type(exc).__name__}: {text}"
