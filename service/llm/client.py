"""The only module that imports openai: one async chat call with retries in one layer.

- `AsyncOpenAI(max_retries=0)`: tenacity is the single retry layer.
- Retries on 429 (honouring Retry-After), 5xx, timeouts and connection errors, with jittered
  exponential backoff and a bounded number of attempts; then `LLMUnavailable(attempts=n)`.
  An answer the caller's `check` finds unusable (`UnusableOutput`) is re-asked once.
- Every request goes through the process-wide `Limiter` (RPM/TPM buckets, adaptive
  concurrency under CHORUS_LLM_MAX_CONCURRENCY); 429s and timeouts shrink it.
- Each attempt sent is reported to `on_attempt` (so usage counts failed attempts too).
- A call's timeout grows with the output it may write (llm_timeout_s + max_tokens / the
  slowest expected rate), so a slow local model is not timed out and asked again mid-answer.
- `on_text` streams the answer (SSE from the endpoint) and reports the text so far.
- Structured output (`response_format` json_schema) when enabled; when the endpoint rejects
  it, the client falls back to plain text once and remembers that for later calls.
- A 400 saying the prompt is over the context window becomes `LLMContextExceeded`, naming
  CHORUS_CONTEXT_TOKENS.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError
from tenacity import RetryError

from chorus.errors import (
    LLMContextExceeded,
    LLMOutputError,
    LLMUnavailable,
    MalformedResponse,
    UnusableOutput,
)
from chorus.llm.discover import ServerInfo, discover
from chorus.llm.limits import Limiter
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


Check = Callable[["Completion"], None]
OnAttempt = Callable[["Completion | None"], None]
OnText = Callable[[str], None]
_CONTEXT_WORDS = ("exceed", "maximum context length", "too long", "context size", "n_ctx")


class Completion(BaseModel):
    text: str
    finish_reason: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    structured: bool = False
    model: str | None = None
    cached: bool = False


def _is_context_error(exc: openai.BadRequestError) -> bool:
    text = str(exc).lower()
    return "context" in text and any(k in text for k in _CONTEXT_WORDS)


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
        limiter: Limiter | None = None,
    ) -> None:
        self.config = config
        self.model = config.model
        self.max_attempts = config.llm_max_attempts
        self.max_retry_wait_s = config.llm_max_retry_wait_s
        self.temperature = config.temperature
        self.structured_mode = config.structured_output
        self._schema_supported: bool | None = None  # learned on first use in "auto" mode
        self._sleep = sleep or asyncio.sleep
        self.limiter = limiter or Limiter(
            config.llm_max_concurrency, rpm=config.llm_rpm, tpm=config.llm_tpm, sleep=self._sleep
        )
        self.http_client = http_client
        self.server = ServerInfo()  # what the endpoint reported about itself (discover())
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

    def _say(self, exc: BaseException | None) -> str:
        """`exc` as one line for an error message: keys masked, the configured one too (an
        endpoint may echo it back, and a self-hosted one need not look like sk-…)."""
        text = _short(exc)
        key = self.config.openai_api_key
        secret = key.get_secret_value() if key else ""
        return text.replace(secret, "***") if len(secret) >= 4 else text

    @property
    def base_url(self) -> str:
        return str(self._client.base_url).rstrip("/")

    @property
    def use_structured(self) -> bool:
        if self.structured_mode == "off":
            return False
        if self.structured_mode == "on":
            return True
        return self._schema_supported is not False

    def timeout_for(self, max_tokens: int) -> float:
        """Seconds one call may take: the base timeout plus the time to write `max_tokens`."""
        return self.config.llm_timeout_s + max_tokens / self.config.llm_min_tokens_per_s

    async def aclose(self) -> None:
        await self._client.close()

    async def discover(self) -> ServerInfo:
        """Ask a self-hosted endpoint (a base URL is set) for its context window, model and
        slots; its slot count lowers the concurrency cap. Empty for hosted APIs."""
        if not (self.config.llm_discover and self.config.openai_base_url):
            return ServerInfo()
        http = self.http_client or httpx.AsyncClient()
        try:
            info = await discover(self.base_url, http)
        finally:
            if self.http_client is None:
                await http.aclose()
        self.server = info
        if info.slots:
            self.limiter.concurrency.set_cap(min(self.limiter.concurrency.cap, info.slots))
        if info.context_window or info.model:
            log.info("llm_discovered", extra=info.model_dump())
        return info

    async def complete(
        self,
        system: str,
        user: str,
        *,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        schema_name: str = "summary",
        check: Check | None = None,
        on_attempt: OnAttempt | None = None,
        on_text: OnText | None = None,
        prompt_tokens: int = 0,
    ) -> Completion:
        """One chat completion (retried). Uses the schema only when structured output is on."""
        schema = json_schema if self.use_structured else None
        call = _Call(system, user, max_tokens, schema_name, check, on_attempt, on_text,
                     prompt_tokens)  # fmt: skip
        try:
            return await self._complete_retrying(call, schema)
        except openai.BadRequestError as exc:
            if schema is not None and self.structured_mode == "auto" and _is_schema_rejection(exc):
                log.warning("structured_output_rejected", extra={"model": self.model})
                self._schema_supported = False
                return await self.complete(
                    system, user, max_tokens=max_tokens, json_schema=None,
                    schema_name=schema_name, check=check, on_attempt=on_attempt,
                    on_text=on_text, prompt_tokens=prompt_tokens,
                )  # fmt: skip
            if _is_context_error(exc):
                raise LLMContextExceeded(
                    f"the prompt is longer than the context window of the model at "
                    f"{self.base_url} ({self._say(exc)}); set CHORUS_CONTEXT_TOKENS to the "
                    "server's context size minus CHORUS_MAX_OUTPUT_TOKENS",
                    attempts=1,
                ) from exc
            raise LLMUnavailable(
                f"the LLM endpoint rejected the request: {self._say(exc)}", attempts=1
            ) from exc
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise LLMUnavailable(
                f"the LLM endpoint refused our credentials: {self._say(exc)}", attempts=1
            ) from exc
        except openai.NotFoundError as exc:
            raise LLMUnavailable(
                f"model {self.model!r} or endpoint not found: {self._say(exc)}", attempts=1
            ) from exc
        except openai.APIStatusError as exc:
            raise LLMUnavailable(f"LLM error: {self._say(exc)}", attempts=1) from exc
        except openai.APIError as exc:  # e.g. a response the SDK cannot validate
            raise LLMUnavailable(f"LLM error: {self._say(exc)}", attempts=1) from exc

    async def _complete_retrying(self, call: _Call, schema: dict[str, Any] | None) -> Completion:
        reasked = [False]

        def retryable(exc: BaseException) -> bool:
            if isinstance(exc, UnusableOutput):  # bad output: one re-ask, no more
                first = not reasked[0]
                reasked[0] = True
                return first
            return isinstance(exc, RETRYABLE)

        policy = retrying(
            attempts=self.max_attempts,
            cap_s=self.max_retry_wait_s,
            retryable=retryable,
            sleep=self._sleep,
            before_sleep=log_retries(log, "llm_retry"),
        )
        try:
            async for attempt in policy:
                with attempt:
                    first = attempt.retry_state.attempt_number == 1
                    return await self._call_once(call, schema, first)
        except RetryError as err:
            last = err.last_attempt.exception()
            if isinstance(last, LLMOutputError) and not isinstance(last, MalformedResponse):
                raise last from None
            timeout = isinstance(last, openai.APITimeoutError)
            hint = (
                f" (each attempt may take {self.timeout_for(call.max_tokens):.0f} s: "
                "CHORUS_LLM_TIMEOUT_S + CHORUS_MAX_OUTPUT_TOKENS / CHORUS_LLM_MIN_TOKENS_PER_S)"
                if timeout
                else ""
            )
            raise LLMUnavailable(
                f"LLM failed after {err.last_attempt.attempt_number} attempts "
                f"({self.base_url}): {self._say(last)}{hint}",
                attempts=err.last_attempt.attempt_number,
                retry_after=retry_after_seconds(last),
            ) from last
        raise AssertionError("unreachable")  # pragma: no cover

    async def _call_once(
        self, call: _Call, schema: dict[str, Any] | None, first: bool
    ) -> Completion:
        kwargs: dict[str, Any] = {}
        if schema is not None:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": call.schema_name, "schema": schema, "strict": True},
            }
        estimate = call.prompt_tokens + call.max_tokens
        completion: Completion | None = None
        try:
            async with self.limiter.request(estimate, first=first):
                try:
                    completion = await self._send(call, kwargs)
                except openai.RateLimitError as exc:
                    self.limiter.concurrency.overloaded(retry_after_seconds(exc))
                    raise
                except openai.APITimeoutError:
                    self.limiter.concurrency.overloaded()
                    raise
                self.limiter.concurrency.succeeded()
                used = completion.prompt_tokens + completion.completion_tokens
                if used:
                    self.limiter.settle(estimate, used)
        finally:
            if call.on_attempt is not None:
                call.on_attempt(completion)
        if schema is not None and self.structured_mode == "auto":
            self._schema_supported = True
        completion.structured = schema is not None
        if call.check is not None:
            call.check(completion)
        return completion

    async def _send(self, call: _Call, kwargs: dict[str, Any]) -> Completion:
        messages: Any = [
            {"role": "system", "content": call.system},
            {"role": "user", "content": call.user},
        ]
        common: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": call.max_tokens,
            "temperature": self.temperature,
            "timeout": self.timeout_for(call.max_tokens),
            **kwargs,
        }
        try:
            if call.on_text is not None:
                return await self._send_streaming(call.on_text, common)
            response = await self._client.chat.completions.create(**common)
        except json.JSONDecodeError:  # a JSON content type, a cut or garbled body
            raise MalformedResponse("the endpoint's answer is not valid JSON") from None
        if not isinstance(response, ChatCompletion):
            raise MalformedResponse("the endpoint's answer is not a chat completion (not JSON?)")
        return _completion_of(response, self.model)

    async def _send_streaming(self, on_text: OnText, common: dict[str, Any]) -> Completion:
        stream = await self._client.chat.completions.create(
            **common, stream=True, stream_options={"include_usage": True}
        )
        parts: list[str] = []
        finish: str | None = None
        model: str | None = None
        prompt_tokens = completion_tokens = 0
        async for chunk in stream:
            model = chunk.model or model
            if chunk.usage is not None:
                prompt_tokens = chunk.usage.prompt_tokens
                completion_tokens = chunk.usage.completion_tokens
            if chunk.choices:
                choice = chunk.choices[0]
                finish = choice.finish_reason or finish
                if choice.delta and choice.delta.content:
                    parts.append(choice.delta.content)
                    on_text("".join(parts))
        return Completion(
            text="".join(parts),
            finish_reason=finish,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            model=model or self.model,
        )


class _Call:
    """The parts of one logical call that every attempt shares."""

    def __init__(
        self, system: str, user: str, max_tokens: int, schema_name: str, check: Check | None,
        on_attempt: OnAttempt | None, on_text: OnText | None, prompt_tokens: int,
    ) -> None:  # fmt: skip
        self.system, self.user, self.max_tokens = system, user, max_tokens
        self.schema_name, self.check, self.on_attempt = schema_name, check, on_attempt
        self.on_text, self.prompt_tokens = on_text, prompt_tokens


def _completion_of(response: ChatCompletion, model: str) -> Completion:
    """What we use of a chat completion. The SDK does not validate what an endpoint sends, so
    any other shape (no message, content not a string, …) is a MalformedResponse."""
    if not response.choices:
        raise MalformedResponse("the endpoint answered with no choices")
    try:
        choice = response.choices[0]
        usage = response.usage
        return Completion(
            text=choice.message.content or "",
            finish_reason=choice.finish_reason,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            model=response.model or model,
        )
    except (AttributeError, IndexError, TypeError, ValidationError) as exc:
        raise MalformedResponse(
            f"the endpoint's answer is not a chat completion ({type(exc).__name__})"
        ) from None


def _short(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    status = getattr(exc, "status_code", None)
    text = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    text = redact(text)
    return f"HTTP {status}: {text}" if status else f"{type(exc).__name__}: {text}"
