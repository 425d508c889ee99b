"""SQLiteStore: WAL, idempotency atomicity, the summaries window, orphan claiming."""

from __future__ import annotations

import os
import socket
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chorus.errors import IdempotencyConflict
from chorus.jobs.owners import new_owner_id, owner_is_gone
from chorus.jobs.sqlite import SQLiteStore
from chorus.jobs.store import JobError, Store, open_store
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


async def test_idempotency_key_returns_existing_job_or_conflicts(tmp_path: Path) -> None:
    me = new_owner_id()
    async with SQLiteStore(tmp_path / "x.db") as store:
        a, created_a = await store.create_job(
            CLUSTER, SummaryOptions(), owner=me, lease_s=60, idempotency_key="k", request_hash="1"
        )
        b, created_b = await store.create_job(
            CLUSTER, SummaryOptions(), owner=me, lease_s=60, idempotency_key="k", request_hash="1"
        )
        with pytest.raises(IdempotencyConflict) as err:
            await store.create_job(
                CLUSTER, SummaryOptions(), owner=me, lease_s=60, idempotency_key="k",
                request_hash="2",
            )  # fmt: skip
        assert len(await store.list_jobs()) == 1
    assert created_a and not created_b and a.id == b.id == err.value.job_id


async def test_list_summaries_returns_done_jobs_created_in_the_window_oldest_first(
    tmp_path: Path,
) -> None:
    clock = Clock()
    me = new_owner_id()
    async with SQLiteStore(tmp_path / "x.db", clock=clock) as store:
        ids = []
        for hour in range(4):
            clock.now = datetime(2026, 3, 1, 9 + hour, tzinfo=UTC)
            job, _ = await store.create_job(
                CLUSTER.model_copy(update={"id": f"c{hour}"}), SummaryOptions(), owner=me,
                lease_s=60,
            )  # fmt: skip
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


async def test_orphans_are_claimed_only_when_their_owner_is_gone(tmp_path: Path) -> None:
    clock = Clock()
    host = socket.gethostname()
    live_sibling = f"{host}:{os.getppid()}:aaaa"
    dead = f"{host}:999999999:bbbb"
    remote = "elsewhere:42:cccc"
    me = new_owner_id()
    async with SQLiteStore(tmp_path / "x.db", clock=clock) as store:
        jobs = {}
        for owner in (live_sibling, dead, remote):
            jobs[owner], _ = await store.create_job(
                CLUSTER, SummaryOptions(), owner=owner, lease_s=60
            )
        first = {j.id for j in await store.claim_orphans(me, 60)}
        assert first == {jobs[dead].id}
        clock.now += timedelta(seconds=61)  # every lease has expired now
        second = {j.id for j in await store.claim_orphans(me, 60)}
        assert second == {jobs[live_sibling].id, jobs[remote].id}
        assert await store.renew_leases(me, 60) == 3
        # To a sibling process, my fresh leases are not orphans: this process is alive.
        assert await store.claim_orphans(f"{host}:{os.getppid()}:zzzz", 60) == []


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


async def test_start_finish_and_requeue_move_a_job_through_its_states(tmp_path: Path) -> None:
    me = new_owner_id()
    async with SQLiteStore(tmp_path / "x.db") as store:
        job, _ = await store.create_job(CLUSTER, SummaryOptions(), owner=me, lease_s=60)
        started = await store.start_job(job.id, me, 60)
        assert started is not None and started.status == "running" and started.attempts == 1
        failed = await store.fail_job(
            job.id, JobError(status=503, code="llm_unavailable", title="t", detail="d")
        )
        assert failed.status == "failed" and failed.error is not None
        assert await store.start_job(job.id, me, 60) is None  # not pending any more
        again = await store.requeue_job(job.id, me, 60)
        assert again is not None and again.status == "queued" and again.error is None
        done = await store.finish_job(job.id, summary_for("c"))
        assert done.status == "done" and done.summary is not None and done.finished_at
        assert await store.requeue_job(job.id, me, 60) is None
