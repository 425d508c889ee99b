"""The bad-input matrix: each case has its own status and an application/problem+json body."""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import respx

from chorus.api.app import create_app
from tests.api.conftest import MakeSettings, many_articles, running

SECRET_TEXT = "The quartermaster hid 7,341 crates in the old mill."


def cluster(*articles: dict[str, Any], cid: str = "c") -> dict[str, Any]:
    return {"id": cid, "articles": list(articles)}


OK_ARTICLE = {"id": "a", "text": "The council approved the budget on Monday."}


def raw(body: bytes, headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {"content": body, "headers": {"content-type": "application/json", **(headers or {})}}


HUGE_INT = b'{"id": "c", "articles": [{"id": "a", "text": "x y", "n": ' + b"9" * 5000 + b"}]}"
INFINITY = b'{"id": "c", "articles": [{"id": "a", "text": "x y"}], "weight": -Infinity}'
SURROGATE = b'{"id": "c", "articles": [{"id": "a", "text": "bad \\ud800 text"}]}'
SURROGATE_KEY = b'{"id": "c", "articles": [{"id": "a", "text": "x y"}], "\\udc00": 1}'


@pytest.mark.parametrize(
    ("name", "kwargs", "status", "code", "loc"),
    [
        ("empty articles", {"json": cluster()}, 422, "invalid_input", ["body", "articles"]),
        (
            "whitespace text",
            {"json": cluster({"id": "a", "text": " \n\t "})},
            422,
            "invalid_input",
            ["body", "articles", 0, "text"],
        ),
        (
            "invisible text (zero-width and direction marks, a BOM)",
            {"json": cluster({"id": "a", "text": "\u200b\u200e \ufeff\u2066"})},
            422,
            "invalid_input",
            ["body", "articles", 0, "text"],
        ),
        (
            "text of NUL bytes",
            {"json": cluster({"id": "a", "text": "\u0000\u0000"})},
            422,
            "invalid_input",
            ["body", "articles", 0, "text"],
        ),
        (
            "text of punctuation, symbols and emoji only (nothing to quote)",
            {"json": cluster({"id": "a", "text": "!!! \u2014 *** \U0001f600"})},
            422,
            "invalid_input",
            ["body", "articles"],
        ),
        (
            "markup only (refused before it becomes a job)",
            {"json": cluster({"id": "a", "text": "<p></p><script>go()</script>"})},
            422,
            "invalid_input",
            ["body", "articles"],
        ),
        (
            "duplicate ids",
            {"json": cluster(OK_ARTICLE, {"id": "a", "text": "Another report."})},
            422,
            "invalid_input",
            ["body", "articles"],
        ),
        (
            "missing cluster id",
            {"json": {"articles": [OK_ARTICLE]}},
            422,
            "invalid_input",
            ["body", "id"],
        ),
        ("JSON array", {"json": [OK_ARTICLE]}, 422, "invalid_input", ["body"]),
        (
            "max_words in the body, not the query",
            {"json": {**cluster(OK_ARTICLE), "max_words": 50}},
            422,
            "invalid_input",
            ["body", "max_words"],
        ),
        (
            "an options object in the body",
            {"json": {**cluster(OK_ARTICLE), "options": {"engine": "extractive"}}},
            422,
            "invalid_input",
            ["body", "options"],
        ),
        (
            "not JSON",
            {"content": b"{'id': 'c'}", "headers": {"content-type": "application/json"}},
            400,
            "bad_request",
            None,
        ),
        (
            "not UTF-8",
            {
                "content": json.dumps(cluster(OK_ARTICLE)).encode("utf-16"),
                "headers": {"content-type": "application/json"},
            },
            400,
            "bad_request",
            None,
        ),
        (
            "latin-1 bytes",
            {
                "content": b'{"id": "c", "articles": [{"id": "a", "text": "caf\xe9"}]}',
                "headers": {"content-type": "application/json"},
            },
            400,
            "bad_request",
            None,
        ),
        ("empty body", {"headers": {"content-type": "application/json"}}, 400, "bad_request", None),
        (
            "form content type",
            {"data": {"id": "c"}},
            415,
            "unsupported_media_type",
            None,
        ),
        (
            "text/plain",
            {"content": b"{}", "headers": {"content-type": "text/plain"}},
            415,
            "unsupported_media_type",
            None,
        ),
        (
            "gzip-compressed body",
            {
                "content": gzip.compress(json.dumps(cluster(OK_ARTICLE)).encode()),
                "headers": {"content-type": "application/json", "content-encoding": "gzip"},
            },
            415,
            "unsupported_media_type",
            None,
        ),
        (
            "latin-1 charset",
            {"content": b"{}", "headers": {"content-type": "application/json; charset=latin-1"}},
            415,
            "unsupported_media_type",
            None,
        ),
        (
            "bad idempotency key",
            {"json": cluster(OK_ARTICLE), "headers": {"Idempotency-Key": "has space"}},
            400,
            "bad_request",
            None,
        ),
        (
            "max_words out of range",
            {"json": cluster(OK_ARTICLE), "params": {"max_words": 5}},
            422,
            "invalid_input",
            ["query", "max_words"],
        ),
        (
            "unknown engine",
            {"json": cluster(OK_ARTICLE), "params": {"engine": "gpt"}},
            422,
            "invalid_input",
            ["query", "engine"],
        ),
        (
            "max_words with 5,000 digits",
            {"json": cluster(OK_ARTICLE), "params": {"max_words": "9" * 5000}},
            422,
            "invalid_input",
            ["query", "max_words"],
        ),
        ("integer with 5,000 digits", raw(HUGE_INT), 400, "bad_request", None),
        ("Infinity (not JSON)", raw(INFINITY), 400, "bad_request", None),
        ("NaN (not JSON)", raw(b"NaN"), 400, "bad_request", None),
        ("nested 100,000 deep", raw(b"[" * 100_000 + b"]" * 100_000), 400, "bad_request", None),
        ("lone surrogate", raw(SURROGATE), 400, "bad_request", None),
        (
            "lone surrogate with an Idempotency-Key",
            raw(SURROGATE, {"Idempotency-Key": "k-1"}),
            400,
            "bad_request",
            None,
        ),
        ("lone surrogate in a key", raw(SURROGATE_KEY), 400, "bad_request", None),
        (
            "NUL in the cluster id",
            {"json": cluster(OK_ARTICLE, cid="c\u0000d")},
            422,
            "invalid_input",
            ["body", "id"],
        ),
        (
            "control character in an article id",
            {"json": cluster({"id": "a\u0007", "text": "x y"})},
            422,
            "invalid_input",
            ["body", "articles", 0, "id"],
        ),
        (
            "javascript: url",
            {"json": cluster({"id": "a", "text": "x y", "url": "javascript:alert(1)"})},
            422,
            "invalid_input",
            ["body", "articles", 0, "url"],
        ),
    ],
)
async def test_bad_summary_request_gets_its_specific_problem(
    make_settings: MakeSettings,
    db_url: str,
    name: str,
    kwargs: dict[str, Any],
    status: int,
    code: str,
    loc: list[Any] | None,
) -> None:
    async with running(create_app(make_settings(database_url=db_url))) as client:
        r = await client.post("/v1/summaries", **kwargs)
        listed = (await client.get("/v1/summaries")).json()["items"]
    assert r.status_code == status, (name, r.text)
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["status"] == status and problem["code"] == code
    assert problem["type"] == f"urn:chorus:problem:{code}"
    assert problem["title"] and problem["detail"] and problem["instance"] == "/v1/summaries"
    assert problem["request_id"] == r.headers["x-request-id"]
    if loc is None:
        assert "errors" not in problem
    else:
        assert problem["errors"][0]["loc"] == loc
        assert set(problem["errors"][0]) == {"loc", "msg", "type"}  # never the input back
    assert listed == []  # a rejected request never becomes a job


async def test_validation_errors_do_not_echo_article_text(make_settings: MakeSettings) -> None:
    body = cluster({"id": "a", "text": SECRET_TEXT, "url": "ftp://x"})
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/summaries", json=body)
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["body", "articles", 0, "url"]
    assert "quartermaster" not in r.text


async def test_unknown_summary_id_is_404(make_settings: MakeSettings) -> None:
    async with running(create_app(make_settings())) as client:
        r = await client.get("/v1/summaries/does-not-exist")
        route = await client.get("/v2/nothing")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert "does-not-exist" in r.json()["detail"]
    assert route.status_code == 404 and route.headers["content-type"] == "application/problem+json"


async def test_a_huge_id_or_path_is_not_echoed_back_in_the_problem(
    make_settings: MakeSettings,
) -> None:
    huge = "a" * 10_000
    async with running(create_app(make_settings())) as client:
        by_id = await client.get(f"/v1/summaries/{huge}")
        route = await client.get(f"/v2/{huge}")
    for r in (by_id, route):
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "not_found" and "aaaa" in r.json()["detail"]
        assert len(r.content) < 1_000, r.text[:300]


async def test_a_huge_content_type_is_not_echoed_back_in_the_problem(
    make_settings: MakeSettings,
) -> None:
    huge = "text/" + "x" * 10_000
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/summaries", content=b"{}", headers={"content-type": huge})
    assert r.status_code == 415 and "text/xxxx" in r.json()["detail"]
    assert len(r.content) < 1_000, r.text[:300]


async def test_a_summary_id_holding_a_nul_byte_is_404_on_every_store(
    make_settings: MakeSettings, db_url: str
) -> None:
    async with running(create_app(make_settings(database_url=db_url))) as client:
        r = await client.get("/v1/summaries/a%00b")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_declared_content_length_over_the_limit_is_413_before_reading(
    make_settings: MakeSettings,
) -> None:
    app = create_app(make_settings(max_request_bytes=2048))
    body = json.dumps(cluster({"id": "a", "text": "word " * 1000})).encode()
    async with running(app) as client:
        r = await client.post(
            "/v1/summaries", content=body, headers={"content-type": "application/json"}
        )
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    assert str(len(body)) in r.json()["detail"]


async def test_streamed_body_is_cut_off_at_the_limit_without_reading_the_rest(
    make_settings: MakeSettings,
) -> None:
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"id": "c", "articles": [{"id": "a", "text": "'
        for _ in range(1000):
            sent += 1
            yield b"x" * 1024

    app = create_app(make_settings(max_request_bytes=4096))
    async with running(app) as client:
        r = await client.post(
            "/v1/summaries", content=chunks(), headers={"content-type": "application/json"}
        )
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    assert "content-length" not in r.request.headers  # chunked: only the stream cap applies
    assert sent < 10  # stopped a few KiB in, not after the whole megabyte


async def test_too_many_articles_and_too_long_article_are_413(make_settings: MakeSettings) -> None:
    app = create_app(make_settings(max_articles=3, max_article_chars=100))
    long_text = "The council met. " * 10
    async with running(app) as client:
        many = await client.post("/v1/summaries", json=many_articles(4))
        long = await client.post("/v1/summaries", json=cluster({"id": "a", "text": long_text}))
    assert many.status_code == 413 and "limit is 3" in many.json()["detail"]
    assert many.json()["errors"][0]["loc"] == ["body", "articles"]
    assert long.status_code == 413
    assert long.json()["errors"][0]["loc"] == ["body", "articles", 0, "text"]


async def test_engine_llm_without_an_llm_is_503_with_retry_after(
    make_settings: MakeSettings,
) -> None:
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/summaries", params={"engine": "llm"}, json=cluster(OK_ARTICLE))
        listed = (await client.get("/v1/summaries")).json()["items"]
    assert r.status_code == 503 and r.json()["code"] == "llm_not_configured"
    assert int(r.headers["retry-after"]) > 0
    assert listed == []


async def test_llm_down_after_retries_is_503_with_retry_after(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(429, headers={"retry-after": "7"}, json={})
    )
    async with running(create_app(make_settings(llm=True))) as client:
        r = await client.post("/v1/summaries", params={"engine": "llm"}, json=seed_body)
    assert route.call_count == 2  # llm_max_attempts
    assert r.status_code == 503 and r.json()["code"] == "llm_unavailable"
    assert r.headers["retry-after"] == "7"
    assert "after 2 attempts" in r.json()["detail"]


async def test_llm_down_with_engine_auto_falls_back_and_says_so(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    llm_mock.post("/chat/completions").mock(return_value=httpx.Response(503, json={}))
    async with running(create_app(make_settings(llm=True))) as client:
        r = await client.post("/v1/summaries", json=seed_body)
    assert r.status_code == 200
    assert r.json()["engine"] == "extractive"
    assert any("LLM failed" in w for w in r.json()["warnings"])
