"""The FastAPI app factory. Clients and the store are built in the lifespan and injected.

    create_app(settings=None, summarizer=None, store=None, llm=None, slack=None)

Anything passed in is used as is (tests pass a respx-backed LLM, a temporary store, ...);
anything not passed is built from settings when the app starts, and closed when it stops.
One LLMClient per app, so its semaphore (llm_max_concurrency) bounds LLM calls globally.
Run it with `chorus serve` (uvicorn, factory mode); nothing is built at import time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI

from chorus.api import openapi, problems, routers
from chorus.api.deps import Services
from chorus.api.middleware import AccessLogMiddleware, BodyLimitMiddleware, HeadMiddleware
from chorus.checker.lexicon import load_lexicon
from chorus.ingest.mixed import warm_up
from chorus.jobs.open import open_call_cache, open_store
from chorus.jobs.runner import LocalQueue, LocalRunner
from chorus.jobs.service import Dispatch, JobService, RemoteQueue
from chorus.jobs.store import Store
from chorus.llm.client import LLMClient
from chorus.llm.timing import TimedLLMClient
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings, get_settings
from chorus.slack.client import SlackClient
from chorus.web import docs as web_docs
from chorus.web import pages as web_pages
from chorus.web.security import SecurityHeadersMiddleware

log = logging.getLogger("chorus.app")

DESCRIPTION = """\
Merged, cited summaries of news clusters: every sentence cites the articles it comes from
as `[n]`, and every citation is verified.

Errors are `application/problem+json`. With `CHORUS_API_KEYS` set, `/v1` routes need
`Authorization: Bearer <key>`.
"""


def _dispatch(store: Store, summarizer: Summarizer, settings: Settings) -> Dispatch:
    """SQLite: this process runs its jobs. Postgres: `chorus worker`s do (see jobs/queue.py)."""
    if isinstance(store, LocalQueue):
        return LocalRunner(store, summarizer, settings.jobs)
    return RemoteQueue()


async def _open_summarizer(
    settings: Settings, llm: LLMClient | None, stack: AsyncExitStack
) -> Summarizer:
    """The app's one summarizer: one timed LLM client (its limits bound every request) and
    the deployment's call cache (`open_call_cache`: SQLite, or Postgres shared by every
    replica and worker), closed when the app stops."""
    client = llm
    if client is None and settings.llm_configured and settings.engine != "extractive":
        client = TimedLLMClient.from_settings(settings)
        stack.push_async_callback(client.aclose)
    cache = open_call_cache(settings) if client is not None else None
    if cache is not None:
        stack.push_async_callback(cache.close)
    summ = Summarizer.from_settings(settings, llm=client, cache=cache)
    await summ.discover()
    return summ


def create_app(
    settings: Settings | None = None,
    summarizer: Summarizer | None = None,
    store: Store | None = None,
    llm: LLMClient | None = None,
    slack: SlackClient | None = None,
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            summ = summarizer or await _open_summarizer(settings, llm, stack)
            st = store
            if st is None:
                st = open_store(settings)
                stack.push_async_callback(st.close)
            await st.ping()  # opens the database (and creates the schema) now: fail fast
            if summ.llm is not None:
                await asyncio.to_thread(lambda: summ.counter)  # load the tokenizer up front
            if summ.story_check is not None:
                await asyncio.to_thread(warm_up)  # the multi-story check's scikit-learn
            await asyncio.to_thread(load_lexicon)  # the checker's WordNet table, not on request 1
            # One Slack client for the slash command's answers (posted to response_url).
            slack_client = slack
            if slack_client is None and settings.slack_signing_secret is not None:
                slack_client = SlackClient.from_settings(settings)
                stack.push_async_callback(slack_client.aclose)
            app.state.slack = slack_client
            runner = _dispatch(st, summ, settings)
            jobs = JobService(
                st,
                runner,
                summ,
                async_threshold=settings.async_threshold_articles,
                sync_wait_s=settings.sync_wait_s,
            )
            app.state.services = Services(
                settings=settings, store=st, summarizer=summ, runner=runner, jobs=jobs
            )
            resumed = await runner.start()
            log.info(
                "service_started",
                extra={
                    "auto_engine": summ.resolve_engine("auto"),
                    "requeued_jobs": resumed,
                    "owner": runner.owner,
                },
            )
            try:
                yield
            finally:
                await runner.drain()
                if getattr(app.state, "articles", None) is not None:
                    app.state.articles.close()  # the web pages' article store

    app = FastAPI(
        title="Chorus",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by chorus.web.docs from local assets
        redoc_url=None,
    )
    problems.install(app)
    for router in routers():
        app.include_router(router)
    app.include_router(web_docs.router)
    app.include_router(web_pages.router)
    app.add_middleware(HeadMiddleware)  # HEAD: GET without the body
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(AccessLogMiddleware)  # outermost: times and logs everything
    openapi.install(app)
    return app


__all__ = ["create_app"]
