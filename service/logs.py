"""Structured JSON logs on stderr. Secrets never reach a log line."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# API keys (sk-…, key-…), Slack tokens (xoxb-…) and bearer tokens: the prefix stays, the
# secret goes.
_SECRET_RE = re.compile(r"(sk-|key-|xox[abprs]-|Bearer\s+)[A-Za-z0-9_\-*.]{4,}", re.IGNORECASE)
# The password of a URL's user info (postgresql://user:password@host/db): the user stays.
_URL_PASSWORD_RE = re.compile(r"(\b[a-z][a-z0-9+.\-]*://[^/\s:@]*:)[^/\s@]+@", re.IGNORECASE)
MAX_TRACEBACK = 20_000  # characters; the end (where the error is raised) is kept
_SECRET_KEYS = {"authorization", "api_key", "token", "password", "secret", "text", "articles"}


def redact(text: str) -> str:
    """Mask anything shaped like an API key, a token or a URL's password (for errors and log
    lines)."""
    text = _URL_PASSWORD_RE.sub(lambda m: m.group(1) + "***@", text)
    return _SECRET_RE.sub(lambda m: m.group(1) + "***", text)


def error_line(exc: BaseException) -> str:
    """An exception as one line of a message: its first line (else its type), secrets masked."""
    text = str(exc).strip()
    return redact(text.splitlines()[0]) if text else type(exc).__name__


def scrub(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key in _RESERVED or key.startswith("_"):
                continue
            entry[key] = "[redacted]" if key.lower() in _SECRET_KEYS else scrub(value)
        if record.exc_info and record.exc_info[0] is not None:
            entry["error_type"] = record.exc_info[0].__name__
            # The traceback an operator needs to debug a 500, secrets masked, bounded.
            entry["traceback"] = redact(self.formatException(record.exc_info))[-MAX_TRACEBACK:]
        return json.dumps(entry, default=str, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record is emitted (not when configured), so a
    replaced or captured stderr never leaves the handler writing to a closed stream."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure(level: str = "INFO") -> None:
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_chorus", False):
            root.removeHandler(h)
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter())
    handler._chorus = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Third-party request logs can carry URLs and headers; keep them quiet.
    for noisy in ("httpx", "httpcore", "openai"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
