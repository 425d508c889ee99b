"""SSE with separate workers (Postgres): the worker running a job appends its events to the
store and the replica serving the stream follows them; the stream ends with the stored
result. (SQLite streams stay in-process: tests/api/test_stream.py.)"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import respx

from chorus.api.app import create_app
from chorus.jobs.postgres import PostgresStore
from chorus.jobs.postgres_events import (
    EventRecorder,
    follow_job,
    mark_streamed,
    read_events,
    recorder_for,
)
from chorus.jobs.runner import execute
from chorus.jobs.store import Job
from chorus.jobs.worker import Worker
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.events import Event
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings
from tests.api.conftest import running
from tests.api.test_stream import sse_events, stream_response
from tests.conftest import LLM_BASE, require_postgres, reset_postgres


def pg_settings(url: str) -> Settings:
    return Settings(
        database_url=url, openai_api_key="test-key", openai_base_url=LLM_BASE,
        llm_discover=False, llm_max_attempts=1, job_poll_s=0.2,
    )  # fmt: skip


async def test_a_stream_follows_sentences_a_worker_in_another_process_appends(
    seed_cluster: Cluster, llm_mock: respx.MockRouter
) -> None:
    url = require_postgres()
    await reset_postgres(url)
    gate = asyncio.Event()  # the model finishes only after the follower saw a sentence
    llm_mock.post("/chat/completions").mock(return_value=stream_response(gate))
    settings = pg_settings(url)
    summarizer = Summarizer.build(settings, use_llm=True)
    async with PostgresStore(url, poll_s=0.2) as replica, PostgresStore(url) as worker:
        job, _ = await replica.create_job(seed_cluster, SummaryOptions(engine="llm"))
        await mark_streamed(replica, job.id)
        started = await worker.start_job(job.id, "worker-b", 30)
        assert started is not None
        recorder = await recorder_for(worker, job.id)
        assert recorder is not None
        run = asyncio.create_task(execute(worker, summarizer, started, 30, recorder))
        seen: list[Event] = []
        async for event in follow_job(replica, job.id):
            seen.append(event)
            if event.type == "sentence":
                gate.set()  # a sentence arrived through the store before the call completed
        await run
        stored = await read_events(replica, job.id)
    await summarizer.aclose()
    assert [e.type for e in seen] == ["sentence", "sentence", "summary"]
    final = seen[-1]
    assert final.type == "summary" and final.summary.engine == "llm"
    assert [s.text for s in final.summary.sentences] == [
        e.sentence.text for e in seen if e.type == "sentence"
    ]
    assert len(stored) == 2  # the sentences stay with the job until it is purged


async def test_a_job_no_stream_follows_records_no_events_and_makes_plain_calls(
    seed_cluster: Cluster, llm_mock: respx.MockRouter
) -> None:
    url = require_postgres()
    await reset_postgres(url)
    route = llm_mock.post("/chat/completions").mock(return_value=stream_response())
    summarizer = Summarizer.build(pg_settings(url), use_llm=True)
    async with PostgresStore(url) as store:
        job, _ = await store.create_job(seed_cluster, SummaryOptions(engine="llm"))
        assert await recorder_for(store, job.id) is None
        started = await store.start_job(job.id, "w", 30)
        assert started is not None
        await execute(store, summarizer, started, 30, None)
        assert await read_events(store, job.id) == []
    await summarizer.aclose()
    assert route.call_count == 1
    assert json.loads(route.calls[0].request.content).get("stream") in (None, False)


async def test_a_failed_job_ends_its_stream_with_the_error(
    seed_cluster: Cluster, llm_mock: respx.MockRouter
) -> None:
    url = require_postgres()
    await reset_postgres(url)
    llm_mock.post("/chat/completions").respond(500)
    summarizer = Summarizer.build(pg_settings(url), use_llm=True)
    async with PostgresStore(url, poll_s=0.2) as store:
        job, _ = await store.create_job(seed_cluster, SummaryOptions(engine="llm"))
        started = await store.start_job(job.id, "w", 30)
        assert started is not None
        await execute(store, summarizer, started, 30, EventRecorder(store, job.id))
        seen = [event async for event in follow_job(store, job.id)]
    await summarizer.aclose()
    assert [e.type for e in seen] == ["error"]
    assert seen[0].type == "error" and seen[0].error.status >= 500


class NotingStore(PostgresStore):
    """The replica's store, telling the test which job a request stored."""

    def __init__(self, url: str) -> None:
        super().__init__(url, poll_s=0.2)
        self.created = asyncio.Event()
        self.job_ids: list[str] = []

    async def create_job(self, *args: Any, **kwargs: Any) -> tuple[Job, bool]:
        job, created = await super().create_job(*args, **kwargs)
        self.job_ids.append(job.id)
        self.created.set()
        return job, created


async def test_post_event_stream_on_postgres_stores_a_job_a_worker_runs(
    seed_cluster: Cluster, llm_mock: respx.MockRouter
) -> None:
    url = require_postgres()
    await reset_postgres(url)
    llm_mock.post("/chat/completions").mock(return_value=stream_response())
    settings = pg_settings(url)
    summarizer = Summarizer.build(settings, use_llm=True, timed=True)
    async with PostgresStore(url) as worker_store, NotingStore(url) as replica:
        worker = Worker(worker_store, summarizer, settings.jobs)  # "another process"
        async with running(create_app(settings, store=replica)) as client:
            request = asyncio.create_task(client.post(
                "/v1/summaries", json=seed_cluster.model_dump(mode="json"),
                headers={"Accept": "text/event-stream", "Idempotency-Key": "k-1"},
            ))  # fmt: skip
            await asyncio.wait_for(replica.created.wait(), timeout=30)
            job_id = replica.job_ids[0]
            await worker.run_job(job_id)
            r = await request
            again = await client.get(f"/v1/summaries/{job_id}")
            replay = await client.post(
                "/v1/summaries", json=seed_cluster.model_dump(mode="json"),
                headers={"Accept": "text/event-stream", "Idempotency-Key": "k-1"},
            )  # fmt: skip
    await summarizer.aclose()
    assert r.status_code == 200 and r.headers["location"] == f"/v1/summaries/{job_id}"
    events = sse_events(r.text)
    assert [name for name, _ in events] == ["job", "sentence", "sentence", "summary"]
    assert events[0][1]["id"] == job_id
    assert events[-1][1]["summary"]["sentences"][0]["citations"] == [1, 2]
    assert again.json()["status"] == "done"  # the streamed job is stored like any other
    assert replay.headers["idempotent-replayed"] == "true"  # the same job, no second run:
    again_events = sse_events(replay.text)  # its stored events (kept with the job)
    assert again_events[0] == ("job", {"id": job_id, "status": "done"})
    assert again_events[1:] == events[1:]
