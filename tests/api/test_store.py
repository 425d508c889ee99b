"""SQLiteStore: WAL, idempotency atomicity, the summaries window, orphan claiming."""

from __future__ import annotations

import os
import socket
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chorus.jobs.open import open_store
from chorus.jobs.owners import new_owner_id, owner_is_gone
from chorus.jobs.sqlite import SQLiteStore
from chorus.jobs.store import JobError, Store
from chorus.models import Article, Cluster, Summary, SummaryOptions
from chorus.settings import Settings

CLUSTER = Cluster(id="c", articles=[Article(id="a", text="The council met on Monday.")])


def summary_for(cluster_id: str) -> Summary:
    return Summary(
        cluster_id=cluster_id, headline="H", sentences=[], sources=[], engine="extractive"
    )


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_open_store_gives_a_wal_sqlite_store_satisfying_the_protocol(
    tmp_path: Path,
) -> None:
    store = open_store(Settings(db_path=tmp_path / "sub" / "x.sqlite3"))
    assert isinstance(store, Store) and isinstance(store, SQLiteStore)
    async with store:
        await store.ping()
    mode = sqlite3.connect(tmp_path / "sub" / "x.sqlite3").execute("PRAGMA journal_mode")
    assert mode.fetchone()[0] == "wal"


async def test_list_summaries_returns_done_jobs_created_in_the_window_oldest_first(
    tmp_path: Path,
) -> None:
    clock = Clock()
    async with SQLiteStore(tmp_path / "x.db", clock=clock) as store:
        ids = []
        for hour in range(4):
            clock.now = datetime(2026, 3, 1, 9 + hour, tzinfo=UTC)
            job, _ = await store.create_job(
                CLUSTER.model_copy(update={"id": f"c{hour}"}), SummaryOptions()
            )
            ids.append(job.id)
        for i in (0, 1, 3):
            await store.finish_job(ids[i], summary_for(f"c{i}"))
        await store.fail_job(ids[2], JobError(status=503, code="x", title="X", detail="d"))
        day = await store.list_summaries(datetime(2026, 3, 1, tzinfo=UTC))
        window = await store.list_summaries(
            datetime(2026, 3, 1, 10, tzinfo=UTC), until=datetime(2026, 3, 1, 12, tzinfo=UTC)
        )
        limited = await store.list_summaries(datetime(2026, 3, 1, tzinfo=UTC), limit=1)
    assert [s.cluster.id for s in day] == ["c0", "c1", "c3"]
    assert [s.summary.cluster_id for s in window] == ["c1"]
    assert [s.id for s in limited] == [ids[0]]
    assert day[0].created_at == datetime(2026, 3, 1, 9, tzinfo=UTC)


async def test_running_jobs_are_queued_again_only_when_their_owner_is_gone(
    tmp_path: Path,
) -> None:
    clock = Clock()
    host = socket.gethostname()
    live_sibling = f"{host}:{os.getppid()}:aaaa"
    dead = f"{host}:999999999:bbbb"
    remote = "elsewhere:42:cccc"
    me = new_owner_id()
    async with SQLiteStore(tmp_path / "x.db", clock=clock) as store:
        jobs = {}
        for owner in (live_sibling, dead, remote):
            jobs[owner], _ = await store.create_job(CLUSTER, SummaryOptions())
            await store.start_job(jobs[owner].id, owner, 60)
        assert await store.reclaim_orphans(me) == 1  # the dead pid's job
        dead_job = await store.get_job(jobs[dead].id)
        assert dead_job is not None and dead_job.status == "queued" and dead_job.attempts == 1
        clock.now += timedelta(seconds=61)  # every other lease has expired now
        assert await store.reclaim_orphans(me) == 2
        assert await store.reclaim_orphans(me) == 0


async def test_next_job_starts_sync_jobs_first_and_fails_a_job_out_of_attempts(
    tmp_path: Path,
) -> None:
    me, dead = new_owner_id(), f"{socket.gethostname()}:999999999:x"
    async with SQLiteStore(tmp_path / "x.db") as store:
        background, _ = await store.create_job(CLUSTER, SummaryOptions())
        waited_for, _ = await store.create_job(CLUSTER, SummaryOptions(), priority=1)
        first = await store.next_job(me, 60, max_attempts=3)
        assert first is not None and first.id == waited_for.id and first.attempts == 1
        for _ in range(3):  # three real starts, each killed mid-run
            await store.start_job(background.id, dead, 60)
        assert await store.reclaim_orphans(me) == 1
        refused = await store.next_job(me, 60, max_attempts=3)
        assert refused is not None and refused.id == background.id
        assert refused.status == "failed" and refused.error is not None
        assert refused.error.code == "job_abandoned" and refused.attempts == 3


@pytest.mark.parametrize(
    ("owner", "gone"),
    [
        (None, True),
        ("{me}", False),
        ("{host}:{pid}:other", True),  # an earlier start of this very process id
        ("{host}:{ppid}:x", False),
        ("{host}:999999999:x", True),
        ("far:1:x", False),
    ],
)
def test_owner_is_gone(owner: str | None, gone: bool) -> None:
    me = new_owner_id()
    if owner is not None:
        owner = owner.format(me=me, host=socket.gethostname(), pid=os.getpid(), ppid=os.getppid())
    assert owner_is_gone(owner, me) is gone


def test_a_version_1_file_is_migrated_in_place_keeping_its_jobs(tmp_path: Path) -> None:
    from chorus.jobs.sqlite_schema import LATEST, MIGRATIONS, migrate, version

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO jobs (id, status, created_at, cluster_id, cluster, options, owner) "
        "VALUES ('j', 'queued', '2026-01-01T00:00:00.000000+00:00', 'c', ?, '{}', 'old:1:x')",
        (CLUSTER.model_dump_json(),),
    )
    assert migrate(conn) == LATEST - 1 and migrate(conn) == 0 and version(conn) == LATEST
    row = conn.execute("SELECT principal, owner FROM jobs WHERE id = 'j'").fetchone()
    assert row == ("anonymous", None)
