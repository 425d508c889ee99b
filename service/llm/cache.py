"""A cache of LLM calls: a retried, resumed or replayed job re-pays no call already answered.

The key is (model, prompt version, hash of the rendered prompt and call parameters), so a
changed template (a version bump), model or article text is a miss. Only answers the engine
found usable are stored. `CallCache` is the protocol; `MemoryCallCache` (tests, one process)
and `SQLiteCallCache` (its own table in the deployment's SQLite file,
`settings.sqlite_file`) implement it; so does `chorus.jobs.postgres_cache.PostgresCallCache`
(shared by every replica and worker). `chorus.jobs.open.open_call_cache` picks one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol


def call_key(
    model: str, prompt_version: str, system: str, user: str, *, max_tokens: int,
    schema: dict[str, Any] | None,
) -> str:  # fmt: skip
    """The cache key of one call: model, prompt version, and a hash of everything sent."""
    blob = json.dumps(
        [system, user, max_tokens, schema], sort_keys=True, ensure_ascii=False
    ).encode()
    return f"{model}|{prompt_version}|{hashlib.sha256(blob).hexdigest()}"


class CallCache(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def put(self, key: str, value: str) -> None: ...

    async def close(self) -> None: ...


class MemoryCallCache:
    """An LRU dict in memory (bounded)."""

    def __init__(self, max_items: int = 10_000) -> None:
        self.max_items = max_items
        self._items: OrderedDict[str, str] = OrderedDict()

    async def get(self, key: str) -> str | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    async def put(self, key: str, value: str) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)

    async def close(self) -> None:
        return None

    def __len__(self) -> int:
        return len(self._items)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_call_cache (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at REAL NOT NULL
)
"""


MAX_AGE_S = 30 * 86_400  # entries older than this are dropped when the cache is opened


class SQLiteCallCache:
    """The `llm_call_cache` table of an SQLite file (the jobs database), in worker threads."""

    def __init__(self, path: Path | str, max_age_s: float = MAX_AGE_S) -> None:
        self.path = Path(path)
        self.max_age_s = max_age_s
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            conn.execute(
                "DELETE FROM llm_call_cache WHERE created_at < ?", (time.time() - self.max_age_s,)
            )
            conn.commit()
            self._conn = conn
        return self._conn

    def _get(self, key: str) -> str | None:
        with self._lock:
            row = (
                self._connect()
                .execute("SELECT value FROM llm_call_cache WHERE key = ?", (key,))
                .fetchone()
            )
        return str(row[0]) if row else None

    def _put(self, key: str, value: str) -> None:
        with self._lock:
            conn = self._connect()
            conn.execute(
                "INSERT OR REPLACE INTO llm_call_cache (key, value, created_at) VALUES (?, ?, ?)",
                (key, value, time.time()),
            )
            conn.commit()

    async def get(self, key: str) -> str | None:
        return await asyncio.to_thread(self._get, key)

    async def put(self, key: str, value: str) -> None:
        await asyncio.to_thread(self._put, key, value)

    async def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


__all__ = ["CallCache", "MemoryCallCache", "SQLiteCallCache", "call_key"]
