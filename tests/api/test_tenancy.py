"""Tenancy, on both stores: a job belongs to the principal of the key that made it; others get
404 and never see it listed; admin keys see every job; a labelled key can rotate."""

from __future__ import annotations

from typing import Any

import pytest

from chorus.api.app import create_app
from chorus.api.deps import principal_of
from tests.api.conftest import MakeSettings, running

ASYNC = {"Prefer": "respond-async"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **ASYNC}


async def test_each_key_sees_only_its_own_jobs_and_admins_see_all(
    make_settings: MakeSettings, db_url: str, seed_body: dict[str, Any]
) -> None:
    settings = make_settings(
        database_url=db_url, api_keys="keyA,keyB", admin_keys="ops:keyZ", engine="extractive"
    )
    async with running(create_app(settings)) as client:
        a = (await client.post("/v1/summaries", json=seed_body, headers=bearer("keyA"))).json()
        b = (await client.post("/v1/summaries", json=seed_body, headers=bearer("keyB"))).json()
        as_b = await client.get(f"/v1/summaries/{a['id']}", headers=bearer("keyB"))
        as_a = await client.get(f"/v1/summaries/{a['id']}", headers=bearer("keyA"))
        list_b = (await client.get("/v1/summaries", headers=bearer("keyB"))).json()["items"]
        list_ops = (await client.get("/v1/summaries", headers=bearer("keyZ"))).json()["items"]
        read_ops = await client.get(f"/v1/summaries/{b['id']}", headers=bearer("keyZ"))
    assert as_b.status_code == 404 and as_b.json()["code"] == "not_found"
    assert as_a.status_code == 200 and as_a.json()["id"] == a["id"]
    assert [j["id"] for j in list_b] == [b["id"]]
    assert {j["id"] for j in list_ops} == {a["id"], b["id"]} and read_ops.status_code == 200


async def test_a_labelled_key_can_rotate_and_keep_its_jobs(
    make_settings: MakeSettings, db_url: str, seed_body: dict[str, Any]
) -> None:
    before = make_settings(database_url=db_url, api_keys="acme:old-secret", engine="extractive")
    async with running(create_app(before)) as client:
        made = await client.post("/v1/summaries", json=seed_body, headers=bearer("old-secret"))
    after = make_settings(database_url=db_url, api_keys="acme:new-secret", engine="extractive")
    async with running(create_app(after)) as client:
        old = await client.get("/v1/summaries", headers=bearer("old-secret"))
        seen = await client.get(f"/v1/summaries/{made.json()['id']}", headers=bearer("new-secret"))
    assert old.status_code == 401 and seen.status_code == 200


async def test_the_same_idempotency_key_from_two_tenants_makes_two_jobs(
    make_settings: MakeSettings, db_url: str, seed_body: dict[str, Any]
) -> None:
    settings = make_settings(database_url=db_url, api_keys="a:k1,b:k2", engine="extractive")
    async with running(create_app(settings)) as client:
        one = await client.post(
            "/v1/summaries", json=seed_body, headers={**bearer("k1"), "Idempotency-Key": "x"}
        )
        two = await client.post(
            "/v1/summaries", json=seed_body, headers={**bearer("k2"), "Idempotency-Key": "x"}
        )
    assert one.status_code == two.status_code == 202 and one.json()["id"] != two.json()["id"]


def test_principals_are_labels_or_key_hashes_never_keys() -> None:
    assert principal_of("acme:s3cret") == ("acme", "s3cret")
    principal, key = principal_of("sk-plain-key")
    assert key == "sk-plain-key" and principal.startswith("key:") and "sk-plain" not in principal
    assert principal_of("not a label:x")[1] == "not a label:x"  # not a label: the whole key


@pytest.mark.parametrize(
    "since", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "99999-01-01", "nope"]
)
async def test_since_outside_the_calendar_is_422_not_500(
    make_settings: MakeSettings, db_url: str, since: str
) -> None:
    async with running(create_app(make_settings(database_url=db_url))) as client:
        r = await client.get("/v1/summaries", params={"since": since})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
