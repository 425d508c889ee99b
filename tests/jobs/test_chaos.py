"""Chaos, on both stores, with real processes and kill -9 (bench/chaos.py runs them): 30 async
jobs, three kills while they run -> all 30 done, and no job billed more than once except
for calls in flight at a kill.

SQLite: the one `chorus serve` process is killed and restarted (then stopped with SIGTERM
once more, which must give its running jobs back at once). Postgres: two replicas and two
workers; each round kills one replica and one worker (then one worker gets a SIGTERM). The
LLM is a local stub (0.3 s a call) that counts calls per job.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.chaos import JOBS, ChaosResult, chaos_postgres, chaos_sqlite


def assert_no_loss_and_no_double_billing(result: ChaosResult) -> None:
    assert result.statuses == [200] * JOBS and result.lost == 0
    assert all(result.replayed)  # every replay found its job: no Idempotency-Key burned
    assert result.over_billed == []
    assert all(result.calls[f"JOB-{i:06d}"] >= 1 for i in range(JOBS))
    assert sum(result.flying.values()) > 0  # the kills really hit running jobs


async def test_sqlite_server_killed_three_times_loses_no_job(tmp_path: Path) -> None:
    assert_no_loss_and_no_double_billing(await chaos_sqlite(tmp_path))


async def test_postgres_replica_and_worker_killed_three_times_lose_no_job(
    tmp_path: Path, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the SQLite deployment is one process: the test above")
    assert_no_loss_and_no_double_billing(await chaos_postgres(tmp_path, db_url))
