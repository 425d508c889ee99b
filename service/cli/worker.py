"""`chorus worker`: run queued summary jobs from Postgres (CHORUS_DATABASE_URL=postgresql://…)."""

from __future__ import annotations

import asyncio

import psycopg
import typer

from chorus.cli.common import fail, load_settings
from chorus.cli.serve import configure_logging
from chorus.jobs.store import is_postgres_url
from chorus.logs import error_line


def register(app: typer.Typer) -> None:
    app.command()(worker)


def worker() -> None:
    """Run jobs from the Postgres queue (any number of workers, on any machine).

    Example: CHORUS_DATABASE_URL=postgresql://chorus@db/chorus chorus worker
    """
    from chorus.jobs.postgres import PostgresStore
    from chorus.jobs.worker import Worker
    from chorus.pipeline.summarizer import Summarizer
    from chorus.warmup import warm_up

    settings = load_settings()
    if not is_postgres_url(settings.database_url):
        fail(
            "chorus worker needs CHORUS_DATABASE_URL=postgresql://…; with SQLite, "
            "`chorus serve` runs the jobs itself"
        )
    configure_logging(settings.log_level)
    warm_up()  # the checker's tables loaded, then frozen out of the collector's full passes

    async def main() -> None:
        # The same builder as the CLI and the Python API: the LLM client and the shared
        # Postgres call cache (a job resumed here re-pays no call another process finished).
        summarizer = Summarizer.build(settings, use_llm=settings.engine != "extractive", timed=True)
        try:
            await summarizer.discover()  # the server's context window, as `chorus serve` does
            async with PostgresStore.from_settings(settings) as store:
                await Worker(store, summarizer, settings.jobs).run()
        finally:
            await summarizer.aclose()

    try:
        asyncio.run(main())
    except psycopg.Error as exc:  # unreachable at start (the pool's timeout) or lost later
        fail(f"cannot reach the database: {error_line(exc)}", 1)


__all__ = ["register", "worker"]
