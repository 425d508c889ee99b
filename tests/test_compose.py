"""compose.yaml, parsed (no Docker here): Postgres + 2 API replicas + 2 workers, migrations
first, health checks everywhere, and start order by health, not by luck."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    svc: dict[str, Any] = data["services"]
    return svc


def test_postgres_two_replicas_and_two_workers(services: dict[str, Any]) -> None:
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["api"]["command"] == ["chorus", "serve"]
    assert services["worker"]["command"] == ["chorus", "worker"]
    assert services["api"]["deploy"]["replicas"] == 2
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["migrate"]["command"] == ["chorus", "db", "upgrade"]


def test_every_long_running_service_has_a_healthcheck(services: dict[str, Any]) -> None:
    for name in ("postgres", "api", "worker"):
        check = services[name]["healthcheck"]
        assert check["test"] and check["interval"] and check["retries"], name
    assert any("/readyz" in part for part in services["api"]["healthcheck"]["test"])
    assert any("Settings().port" in part for part in services["api"]["healthcheck"]["test"])


def test_apps_start_after_a_healthy_database_and_finished_migrations(
    services: dict[str, Any],
) -> None:
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker"):
        deps = services[name]["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy"
        assert deps["migrate"]["condition"] == "service_completed_successfully"


def test_every_chorus_service_uses_the_same_postgres_database(services: dict[str, Any]) -> None:
    urls = {services[n]["environment"]["CHORUS_DATABASE_URL"] for n in ("migrate", "api", "worker")}
    assert len(urls) == 1 and next(iter(urls)).startswith("postgresql://chorus:")
    assert "@postgres:5432/chorus" in next(iter(urls))
