"""The SQLite schema as numbered migrations, applied in order when the file is opened.

`PRAGMA user_version` is the version a file is at; each migration runs in one transaction
with it, so processes opening the same file at once migrate it once. Never edit a migration
that has shipped: add the next one.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: jobs and idempotency keys
    """
    CREATE TABLE IF NOT EXISTS jobs (
        id          TEXT PRIMARY KEY,
        status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        finished_at TEXT,
        cluster_id  TEXT NOT NULL,
        cluster     TEXT NOT NULL,
        options     TEXT NOT NULL,
        summary     TEXT,
        error       TEXT,
        attempts    INTEGER NOT NULL DEFAULT 0,
        owner       TEXT,
        lease_until TEXT
    );
    CREATE INDEX IF NOT EXISTS jobs_created_at ON jobs (created_at);
    CREATE INDEX IF NOT EXISTS jobs_pending ON jobs (status) WHERE status IN ('queued', 'running');
    CREATE TABLE IF NOT EXISTS idempotency (
        key          TEXT PRIMARY KEY,
        request_hash TEXT NOT NULL,
        job_id       TEXT NOT NULL REFERENCES jobs (id),
        created_at   TEXT NOT NULL
    );
    """,
    # 2: tenancy (the principal owns a job), priority (sync first), retention indexes;
    #    a queued job belongs to no process any more (whoever is free starts it)
    """
    ALTER TABLE jobs ADD COLUMN principal TEXT NOT NULL DEFAULT 'anonymous';
    ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX jobs_principal_created ON jobs (principal, created_at);
    CREATE INDEX jobs_finished_at ON jobs (finished_at) WHERE finished_at IS NOT NULL;
    CREATE INDEX idempotency_created_at ON idempotency (created_at);
    CREATE INDEX idempotency_job_id ON idempotency (job_id);
    UPDATE jobs SET owner = NULL, lease_until = NULL WHERE status = 'queued';
    """,
)
LATEST = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file to the latest version; returns how many migrations ran."""
    if version(conn) >= LATEST:
        return 0
    conn.execute("BEGIN IMMEDIATE")  # one process migrates; the others wait, then see it done
    try:
        current = version(conn)
        if current > LATEST:
            raise RuntimeError(f"database schema {current} is newer than this Chorus ({LATEST})")
        for number in range(current + 1, LATEST + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return LATEST - current


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


__all__ = ["LATEST", "MIGRATIONS", "migrate", "version"]
