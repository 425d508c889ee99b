"""`chorus worker`: run queued summary jobs from Postgres (CHORUS_DATABASE_URL=postgresql://…)."""

from __future__ import annotations

import asyncio

import typer

from chorus.cli.common import fail, load_settings
from chorus.cli.serve import configure_logging
from chorus.jobs.store import is_postgres_url


def register(app: typer.Typer) -> None:
    app.command()(worker)


def worker() -> None:
    """Run jobs from the Postgres queue (any number of workers, on any machine).

    Example: CHORUS_DATABASE_URL=postgresql://chorus@db/chorus chorus worker
    """
    from chorus.jobs.postgres import PostgresStore
    from chorus.jobs.worker import Worker
    from chorus.llm.timing import TimedLLMClient
    from chorus.pipeline.summarizer import Summarizer

    settings = load_settings()
    if not is_postgres_url(settings.database_url):
        fail(
            "chorus worker needs CHORUS_DATABASE_URL=postgresql://…; with SQLite, "
            "`chorus serve` runs the jobs itself"
        )
    configure_logging(settings.log_level)

    async def main() -> None:
        llm = None
        if settings.llm_configured and settings.engine != "extractive":
            llm = TimedLLMClient.from_settings(settings)
        summarizer = Summarizer.from_settings(settings, llm=llm)
        async with PostgresStore.from_settings(settings) as store:
            try:
                await Worker(store, summarizer, settings.jobs).run()
            finally:
                if llm is not None:
                    await llm.aclose()

    asyncio.run(main())


__all__ = ["register", "worker"]
