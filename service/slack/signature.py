"""Slack's request signing: a slash command is answered only when Slack signed its body
(HMAC-SHA256 with the app's signing secret) within the last five minutes."""

from __future__ import annotations

import hashlib
import hmac
import time

from chorus.errors import SlackSignatureInvalid

MAX_AGE_S = 5 * 60


def verify_signature(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    *,
    now: float | None = None,
) -> None:
    """Raise SlackSignatureInvalid unless Slack signed this body within the last 5 minutes."""
    if not timestamp or not signature:
        raise SlackSignatureInvalid("missing X-Slack-Request-Timestamp or X-Slack-Signature header")
    try:
        sent = int(timestamp)
    except ValueError:
        raise SlackSignatureInvalid("X-Slack-Request-Timestamp is not a number") from None
    if abs((time.time() if now is None else now) - sent) > MAX_AGE_S:
        raise SlackSignatureInvalid("stale request: the timestamp is more than 5 minutes off")
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise SlackSignatureInvalid("the request signature does not match")


__all__ = ["MAX_AGE_S", "verify_signature"]
