"""The Store contract, against SQLite and a real PostgreSQL: idempotency, tenancy, the job
life cycle (attempts count real starts only), waiting, retention."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from chorus.errors import IdempotencyConflict
from chorus.jobs.store import JobError, Store
from chorus.models import Article, Cluster, Summary, SummaryOptions

CLUSTER = Cluster(id="c", articles=[Article(id="a", text="The council met on Monday.")])
TRANSIENT = JobError(status=503, code="llm_unavailable", title="t", detail="d")


def summary_for(cluster_id: str) -> Summary:
    return Summary(
        cluster_id=cluster_id, headline="H", sentences=[], sources=[], engine="extractive"
    )


async def test_idempotency_key_returns_the_existing_job_or_conflicts(store: Store) -> None:
    opts = SummaryOptions()
    a, created_a = await store.create_job(CLUSTER, opts, idempotency_key="k", request_hash="1")
    b, created_b = await store.create_job(CLUSTER, opts, idempotency_key="k", request_hash="1")
    with pytest.raises(IdempotencyConflict) as err:
        await store.create_job(CLUSTER, opts, idempotency_key="k", request_hash="2")
    assert created_a and not created_b and a.id == b.id == err.value.job_id
    assert len(await store.list_jobs()) == 1


async def test_concurrent_requests_with_one_key_make_one_job(store: Store) -> None:
    made = await asyncio.gather(
        *(
            store.create_job(CLUSTER, SummaryOptions(), idempotency_key="same", request_hash="h")
            for _ in range(8)
        )
    )
    assert len({job.id for job, _ in made}) == 1 and sum(created for _, created in made) == 1


async def test_reads_are_scoped_to_the_principal_unless_unscoped(store: Store) -> None:
    mine, _ = await store.create_job(CLUSTER, SummaryOptions(), principal="alice")
    theirs, _ = await store.create_job(CLUSTER, SummaryOptions(), principal="bob")
    assert (await store.get_job(mine.id, principal="alice")) is not None
    assert await store.get_job(theirs.id, principal="alice") is None
    assert [j.id for j in await store.list_jobs(principal="alice")] == [mine.id]
    assert {j.id for j in await store.list_jobs()} == {mine.id, theirs.id}
    got = await store.get_job(theirs.id)
    assert got is not None and got.principal == "bob"


async def test_attempts_count_real_starts_and_a_released_job_is_queued_again(
    store: Store,
) -> None:
    job, _ = await store.create_job(CLUSTER, SummaryOptions())
    assert job.status == "queued" and job.attempts == 0
    started = await store.start_job(job.id, "w1", 60)
    assert started is not None and started.status == "running" and started.attempts == 1
    await store.release_job(job.id)  # graceful shutdown: back at once, not counted
    back = await store.get_job(job.id)
    assert back is not None and back.status == "queued" and back.attempts == 0
    again = await store.start_job(job.id, "w2", 60)
    assert again is not None and again.attempts == 1 and again.owner == "w2"
    failed = await store.fail_job(job.id, TRANSIENT)
    assert failed.status == "failed" and failed.error == TRANSIENT
    assert await store.start_job(job.id, "w1", 60) is None  # not pending any more
    requeued = await store.requeue_job(job.id)
    assert requeued is not None and requeued.status == "queued" and requeued.error is None
    done = await store.finish_job(job.id, summary_for("c"))
    assert done.status == "done" and done.summary is not None and done.finished_at
    assert await store.requeue_job(job.id) is None


async def test_wait_job_wakes_when_the_job_finishes_and_gives_up_at_the_deadline(
    store: Store,
) -> None:
    job, _ = await store.create_job(CLUSTER, SummaryOptions())
    pending = await store.wait_job(job.id, 0.05)
    assert pending is not None and pending.status == "queued"
    waiter = asyncio.create_task(store.wait_job(job.id, 30))
    await store.start_job(job.id, "w", 60)
    await store.finish_job(job.id, summary_for("c"))
    done = await asyncio.wait_for(waiter, 10)
    assert done is not None and done.status == "done"
    assert await store.wait_job("no-such-job", 1) is None


async def test_purge_deletes_expired_finished_jobs_and_keys_but_never_pending_ones(
    store: Store,
) -> None:
    old, _ = await store.create_job(CLUSTER, SummaryOptions(), idempotency_key="old",
                                    request_hash="h")  # fmt: skip
    await store.finish_job(old.id, summary_for("c"))
    failed, _ = await store.create_job(CLUSTER, SummaryOptions())
    await store.fail_job(failed.id, TRANSIENT)
    pending, _ = await store.create_job(CLUSTER, SummaryOptions(), idempotency_key="p",
                                        request_hash="h")  # fmt: skip
    future = datetime.now(UTC) + timedelta(seconds=5)
    purged = await store.purge(future, datetime.now(UTC) - timedelta(days=1))
    assert purged.jobs == 2  # (Postgres drops their keys by cascade)
    assert [j.id for j in await store.list_jobs()] == [pending.id]
    again, created = await store.create_job(
        CLUSTER, SummaryOptions(), idempotency_key="old", request_hash="other"
    )  # the key's window is over: a new request
    assert created and again.id != old.id
    same, created = await store.create_job(
        CLUSTER, SummaryOptions(), idempotency_key="p", request_hash="h"
    )
    assert not created and same.id == pending.id
