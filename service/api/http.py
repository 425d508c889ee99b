"""Request parsing and negotiation helpers shared by the routers.

Bodies are read and parsed here rather than by FastAPI so each failure has its own status:
wrong content type or a compressed body 415, not UTF-8 or not JSON 400, too large 413 (the
middleware's cap), schema violations 422 with field-level errors.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from chorus.api.problems import clip, invalid_body
from chorus.errors import BadRequest, UnsupportedMediaType
from chorus.loaders import parse_json

M = TypeVar("M", bound=BaseModel)

_IDEMPOTENCY_KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")


def _is_json_media_type(content_type: str) -> bool:
    media, *params = (p.strip().lower() for p in content_type.split(";"))
    if media != "application/json" and not (
        media.startswith("application/") and media.endswith("+json")
    ):
        return False
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "charset" and value.strip().strip('"') not in ("utf-8", "utf8"):
            return False
    return True


async def read_json(request: Request) -> Any:
    content_type = request.headers.get("content-type")
    if not content_type or not _is_json_media_type(content_type):
        raise UnsupportedMediaType(
            f"send the body as 'Content-Type: application/json' (UTF-8), "
            f"not {clip(content_type) if content_type else 'no content type'!r}"
        )
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise UnsupportedMediaType(
            f"send the body uncompressed: Content-Encoding {clip(encoding)!r} is not supported"
        )
    raw = await request.body()
    if not raw.strip():
        raise BadRequest("the request body is empty; send a JSON object")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the request body is not valid UTF-8 (byte {exc.start})") from exc
    try:
        return parse_json(text)  # hostile numbers, depth and lone surrogates included
    except ValueError as exc:
        raise BadRequest(f"the request body is not valid JSON: {exc}") from None


def validate_body(data: Any, model: type[M], what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_body(exc, what) from exc


async def read_model(request: Request, model: type[M], what: str) -> M:
    return validate_body(await read_json(request), model, what)


def accept_weights(accept: str | None) -> dict[str, float]:
    """Accept -> {media type: q}: the highest q each type is given (an unreadable q is 0)."""
    weights: dict[str, float] = {}
    for part in (accept or "").split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[media] = max(weights.get(media, 0.0), q)
    return weights


def prefers_markdown(accept: str | None) -> bool:
    """True when Accept ranks text/markdown above application/json (wildcards don't count)."""
    weights = accept_weights(accept)
    md = weights.get("text/markdown", 0.0)
    json_q = max(weights.get("application/json", 0.0), weights.get("application/problem+json", 0.0))
    return md > 0 and md > json_q


def prefers_async(prefer: str | None) -> bool:
    """RFC 7240 `Prefer: respond-async` (possibly among other preferences)."""
    if not prefer:
        return False
    return any(
        p.split(";")[0].split("=")[0].strip().lower() == "respond-async" for p in prefer.split(",")
    )


def check_idempotency_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not _IDEMPOTENCY_KEY_RE.match(key):
        raise BadRequest("Idempotency-Key must be 1-255 visible ASCII characters")
    return key


__all__ = [
    "accept_weights",
    "check_idempotency_key",
    "prefers_async",
    "prefers_markdown",
    "read_json",
    "read_model",
    "validate_body",
]
