"""Bearer auth when CHORUS_API_KEYS is set; health routes stay open."""

from __future__ import annotations

from typing import Any

import pytest

from chorus.api.app import create_app
from tests.api.conftest import MakeSettings, running

KEYS = "k-first-0123456789,k-second-9876543210"


@pytest.mark.parametrize(
    ("authorization", "status"),
    [
        (None, 401),
        ("Bearer wrong-key-000000", 401),
        ("Bearer k-first-01234567", 401),  # a prefix of a real key
        ("Basic k-first-0123456789", 401),
        ("Bearer ", 401),
        ("Bearer k-first-0123456789", 200),
        ("bearer k-second-9876543210", 200),
    ],
)
async def test_v1_routes_require_a_configured_bearer_key(
    make_settings: MakeSettings,
    seed_body: dict[str, Any],
    authorization: str | None,
    status: int,
) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    async with running(create_app(make_settings(api_keys=KEYS))) as client:
        post = await client.post("/v1/summaries", json=seed_body, headers=headers)
        listing = await client.get("/v1/summaries", headers=headers)
        check = await client.post(
            "/v1/checks", json={"cluster": seed_body, "summary": "x [1]."}, headers=headers
        )
    assert (post.status_code, listing.status_code, check.status_code) == (status,) * 3
    if status == 401:
        assert post.headers["content-type"] == "application/problem+json"
        assert post.headers["www-authenticate"].startswith("Bearer")
        assert post.json()["code"] == "unauthorized"


async def test_unauthenticated_request_is_rejected_before_the_body_is_parsed(
    make_settings: MakeSettings,
) -> None:
    async with running(create_app(make_settings(api_keys=KEYS))) as client:
        r = await client.post(
            "/v1/summaries", content=b"not json", headers={"content-type": "application/json"}
        )
    assert r.status_code == 401


async def test_health_routes_stay_open_with_keys_set(make_settings: MakeSettings) -> None:
    async with running(create_app(make_settings(api_keys=KEYS))) as client:
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/readyz")).status_code == 200


async def test_without_keys_the_api_is_open(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/summaries", json=seed_body)
    assert r.status_code == 200
