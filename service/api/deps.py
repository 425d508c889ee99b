"""What the routes depend on, as `Annotated` aliases. Built in the app's lifespan.

`Services` is the container the lifespan puts on `app.state.services`; routes never build
clients themselves, so tests swap any of them through `create_app(...)`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from chorus.errors import Unauthorized
from chorus.jobs.runner import JobRunner
from chorus.jobs.service import JobService
from chorus.jobs.store import Store
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    store: Store
    summarizer: Summarizer
    runner: JobRunner
    jobs: JobService


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


# Dependencies are `async def` so FastAPI runs them inline, not in its thread pool.
async def get_services(request: Request) -> Services:
    return _services(request)


async def get_settings_dep(request: Request) -> Settings:
    return _services(request).settings


async def get_store(request: Request) -> Store:
    return _services(request).store


async def get_summarizer(request: Request) -> Summarizer:
    return _services(request).summarizer


async def get_runner(request: Request) -> JobRunner:
    return _services(request).runner


async def require_api_key(request: Request) -> str:
    """The caller's principal. With CHORUS_API_KEYS set, a valid `Bearer` key is required.

    Every configured key is compared (constant time each, no early exit), so the timing
    reveals neither which key matched nor how much of one did. The principal is a hash of
    the key (it scopes idempotency keys), never the key itself.
    """
    keys = _services(request).settings.api_keys
    if not keys:
        return "anonymous"
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send 'Authorization: Bearer <key>' (one of CHORUS_API_KEYS)")
    given = token.strip().encode()
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(given, key.get_secret_value().encode())
    if not matched:
        raise Unauthorized("the API key is not valid")
    return "key:" + hashlib.sha256(given).hexdigest()[:16]


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[Store, Depends(get_store)]
SummarizerDep = Annotated[Summarizer, Depends(get_summarizer)]
RunnerDep = Annotated[JobRunner, Depends(get_runner)]
PrincipalDep = Annotated[str, Depends(require_api_key)]

__all__ = [
    "PrincipalDep",
    "RunnerDep",
    "Services",
    "ServicesDep",
    "SettingsDep",
    "StoreDep",
    "SummarizerDep",
    "require_api_key",
]
