"""The brief ledger: which brief was posted where, and which of its messages already went out.

One row per (day, channel) in `slack_briefs` and one per posted message in
`slack_brief_posts`, in the service's SQLite file (settings.sqlite_file), in tables of their own.
A message is recorded right after Slack accepts it, so a rerun skips what was posted: a done
brief is a no-op (unless forced) and a brief that failed midway resumes where it stopped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

BriefStatus = Literal["posting", "done", "failed"]
ClaimOutcome = Literal["new", "resume", "done", "busy"]
# A brief whose run has not touched its row for this long is taken to be dead (resumable).
BUSY_S = 300.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_briefs (
    day        TEXT NOT NULL,
    channel    TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('posting', 'done', 'failed')),
    thread_ts  TEXT,
    stories    TEXT NOT NULL,
    error      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (day, channel)
);
CREATE TABLE IF NOT EXISTS slack_brief_posts (
    day       TEXT NOT NULL,
    channel   TEXT NOT NULL,
    part      TEXT NOT NULL,
    ts        TEXT,
    posted_at TEXT NOT NULL,
    PRIMARY KEY (day, channel, part)
);
"""


class BriefRecord(BaseModel):
    day: date
    channel: str
    status: BriefStatus
    thread_ts: str | None
    stories: list[str]
    error: str | None
    created_at: datetime
    updated_at: datetime
    posted: dict[str, str | None]


class BriefLedger:
    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._ready = False

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 10000")
            if not self._ready:
                conn.executescript(_SCHEMA)
                self._ready = True
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat()

    def get(self, day: date, channel: str) -> BriefRecord | None:
        with self._conn() as conn:
            row = conn.execute(
                "SELECT * FROM slack_briefs WHERE day = ? AND channel = ?",
                (day.isoformat(), channel),
            ).fetchone()
            if row is None:
                return None
            posted = {
                r["part"]: r["ts"]
                for r in conn.execute(
                    "SELECT part, ts FROM slack_brief_posts WHERE day = ? AND channel = ?",
                    (day.isoformat(), channel),
                )
            }
        return BriefRecord(
            day=date.fromisoformat(row["day"]),
            channel=row["channel"],
            status=row["status"],
            thread_ts=row["thread_ts"],
            stories=json.loads(row["stories"]),
            error=row["error"],
            created_at=datetime.fromisoformat(row["created_at"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
            posted=posted,
        )

    def claim(
        self,
        day: date,
        channel: str,
        stories: list[str],
        *,
        force: bool = False,
        busy_s: float = BUSY_S,
    ) -> ClaimOutcome:
        """Atomically decide what this run does with the brief for (day, channel).

        new: nothing recorded (or --force): start afresh with `stories`; done: already posted;
        busy: another run is posting it right now (it touched the row < busy_s ago);
        resume: a run failed or died midway: carry on with the recorded stories.
        """
        key = (day.isoformat(), channel)
        now = self._clock()
        with self._conn() as conn:
            row = conn.execute(
                "SELECT status, updated_at FROM slack_briefs WHERE day = ? AND channel = ?", key
            ).fetchone()
            outcome: ClaimOutcome = "new"
            if row is not None and not force:
                touched = datetime.fromisoformat(row["updated_at"])
                if row["status"] == "done":
                    return "done"
                if row["status"] == "posting" and (now - touched).total_seconds() < busy_s:
                    return "busy"
                outcome = "resume"
            if outcome == "resume":
                conn.execute(
                    "UPDATE slack_briefs SET status = 'posting', updated_at = ? "
                    "WHERE day = ? AND channel = ?",
                    (self._now(), *key),
                )
                return outcome
            conn.execute("DELETE FROM slack_brief_posts WHERE day = ? AND channel = ?", key)
            conn.execute("DELETE FROM slack_briefs WHERE day = ? AND channel = ?", key)
            conn.execute(
                "INSERT INTO slack_briefs (day, channel, status, stories, created_at, updated_at)"
                " VALUES (?, ?, 'posting', ?, ?, ?)",
                (*key, json.dumps(stories), self._now(), self._now()),
            )
            return outcome

    def record_post(self, day: date, channel: str, part: str, ts: str | None) -> None:
        now = self._now()
        with self._conn() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO slack_brief_posts (day, channel, part, ts, posted_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (day.isoformat(), channel, part, ts, now),
            )
            conn.execute(
                "UPDATE slack_briefs SET thread_ts = COALESCE(?, thread_ts), updated_at = ? "
                "WHERE day = ? AND channel = ?",
                (ts if part == "parent" else None, now, day.isoformat(), channel),
            )

    def set_status(
        self, day: date, channel: str, status: BriefStatus, error: str | None = None
    ) -> None:
        with self._conn() as conn:
            conn.execute(
                "UPDATE slack_briefs SET status = ?, error = ?, updated_at = ? "
                "WHERE day = ? AND channel = ?",
                (status, error, self._now(), day.isoformat(), channel),
            )


__all__ = ["BUSY_S", "BriefLedger", "BriefRecord", "BriefStatus", "ClaimOutcome"]
