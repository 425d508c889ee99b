"""HTTP API routers, one per resource. `routers()` is what the app factory includes.

Imported lazily so `chorus.api.problems` etc. can be imported without pulling in every route.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import APIRouter


def routers() -> list[APIRouter]:
    from chorus.api import checks, health, slack, summaries

    return [health.router, summaries.router, checks.router, slack.router]


__all__ = ["routers"]
