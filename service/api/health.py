"""/healthz (the process is up) and /readyz (the store answers; which engine `auto` uses).

Both stay open when API keys are configured, for load balancers and container health checks.
"""

from __future__ import annotations

from fastapi import APIRouter

from chorus.api.deps import ServicesDep
from chorus.api.problems import Problem
from chorus.api.schemas import Health, Ready
from chorus.errors import StoreUnavailable

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process is up")
async def healthz() -> Health:
    return Health()


@router.get(
    "/readyz",
    summary="Readiness: the store answers; reports the engine `auto` would use",
    responses={503: {"model": Problem, "content": {"application/problem+json": {}}}},
)
async def readyz(services: ServicesDep) -> Ready:
    try:
        await services.store.ping()
    except Exception as exc:
        raise StoreUnavailable(f"the store did not answer ({type(exc).__name__})") from exc
    summarizer = services.summarizer
    return Ready(
        auto_engine=summarizer.resolve_engine("auto"),
        llm_configured=summarizer.llm is not None,
        # the model the server says it runs (discovered), else the configured name
        model=(summarizer.llm.server.model or summarizer.llm.model) if summarizer.llm else None,
        active_jobs=services.runner.active,
    )


__all__ = ["router"]
