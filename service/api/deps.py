"""What the routes depend on, as `Annotated` aliases. Built in the app's lifespan.

`Services` is the container the lifespan puts on `app.state.services`; routes never build
clients themselves, so tests swap any of them through `create_app(...)`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from pydantic import SecretStr

from chorus.errors import Unauthorized
from chorus.jobs.service import Dispatch, JobService
from chorus.jobs.store import ANONYMOUS, Store
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    store: Store
    summarizer: Summarizer
    runner: Dispatch
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


async def get_runner(request: Request) -> Dispatch:
    return _services(request).runner


@dataclass(frozen=True)
class Caller:
    """Who is calling: the principal that owns the jobs it creates; an admin sees all jobs."""

    principal: str
    admin: bool = False

    @property
    def scope(self) -> str | None:
        """The principal reads are limited to (None: every job)."""
        return None if self.admin else self.principal


_LABEL_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


def principal_of(entry: str) -> tuple[str, str]:
    """(principal, key) of one CHORUS_API_KEYS entry: `label:key` names the principal (so a key
    can rotate and keep its jobs); a bare key's principal is a hash of it, never the key."""
    label, sep, key = entry.partition(":")
    if sep and key and _LABEL_RE.match(label):
        return label, key
    return "key:" + hashlib.sha256(entry.encode()).hexdigest()[:16], entry


def _match(given: bytes, entries: list[SecretStr]) -> str | None:
    """The principal of the entry whose key is `given`. Every key is compared (constant time
    each, no early exit), so the timing reveals neither which key matched nor how much."""
    found: str | None = None
    for entry in entries:
        principal, key = principal_of(entry.get_secret_value())
        if hmac.compare_digest(given, key.encode()) and found is None:
            found = principal
    return found


async def require_api_key(request: Request) -> Caller:
    """The caller. With CHORUS_API_KEYS (or CHORUS_ADMIN_KEYS) set, a valid `Bearer` key is
    required; without any keys every caller is the one anonymous principal."""
    settings = _services(request).settings
    keys, admins = settings.api_keys, settings.admin_keys
    if not keys and not admins:
        return Caller(ANONYMOUS, admin=True)  # no keys, no tenants: one operator sees all
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send 'Authorization: Bearer <key>' (one of CHORUS_API_KEYS)")
    given = token.strip().encode()
    admin = _match(given, admins)
    user = _match(given, keys)
    if admin is not None:
        return Caller("admin:" + admin, admin=True)
    if user is None:
        raise Unauthorized("the API key is not valid")
    return Caller(user)


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[Store, Depends(get_store)]
SummarizerDep = Annotated[Summarizer, Depends(get_summarizer)]
RunnerDep = Annotated[Dispatch, Depends(get_runner)]
CallerDep = Annotated[Caller, Depends(require_api_key)]

__all__ = [
    "Caller",
    "CallerDep",
    "RunnerDep",
    "Services",
    "ServicesDep",
    "SettingsDep",
    "StoreDep",
    "SummarizerDep",
    "principal_of",
    "require_api_key",
]
