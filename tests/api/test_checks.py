"""POST /v1/checks: verify any summary text with [n] markers against the cluster."""

from __future__ import annotations

from typing import Any

import pytest

from chorus.api.app import create_app
from tests.api.conftest import MakeSettings, running


async def test_check_reports_verdicts_invalid_citations_and_unsupported_specifics(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    text = (
        "Blinken and Lavrov spoke for about 10 minutes in New Delhi [1][2]. "
        "The meeting ended without consensus on the war in Ukraine [2][7]. "
        "Lavrov announced a 45 billion dollar aid package in Paris [1]. "
        "Nobody cites this sentence."
    )
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/checks", json={"cluster": seed_body, "summary": text})
    assert r.status_code == 200, r.text
    report = r.json()
    s = report["sentences"]
    assert len(s) == 4
    assert s[0]["citations"] == [1, 2] and s[0]["verdict"] == "supported"
    assert s[1]["invalid_citations"] == [7] and s[1]["citations"] == [2]
    assert s[2]["verdict"] != "supported" and "45" in " ".join(s[2]["missing_numbers"])
    assert s[3]["citations"] == [] and s[3]["verdict"] == "unsupported"
    counts = report["counts"]
    assert counts["sentences"] == 4 and counts["uncited"] == 1
    assert counts["invalid_citations"] == 1 and counts["with_unsupported_specifics"] >= 1
    assert any("do not exist" in w for w in report["warnings"])


async def test_check_of_our_own_summary_finds_every_sentence_cited(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    async with running(create_app(make_settings())) as client:
        summary = (await client.post("/v1/summaries", json=seed_body)).json()
        r = await client.post(
            "/v1/checks", json={"cluster": seed_body, "summary": summary["markdown"]}
        )
    counts = r.json()["counts"]
    assert counts["sentences"] == len(summary["sentences"])
    assert counts["uncited"] == 0 and counts["invalid_citations"] == 0


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"summary": "text [1]."}, ["body", "cluster"]),
        ({"cluster": "SEED"}, ["body", "summary"]),
        ({"cluster": "SEED", "summary": ""}, ["body", "summary"]),
        ({"cluster": "SEED", "summary": " \n\t "}, ["body", "summary"]),
        ({"cluster": "SEED", "summary": "\u200b\u0000\ufeff"}, ["body", "summary"]),
        ({"cluster": "SEED", "summary": "x [1].", "extra": 1}, ["body", "extra"]),
        ({"cluster": "SEED", "summary": "[1][2]"}, ["body", "summary"]),  # no sentence to check
        ({"cluster": "SEED", "summary": "## Headline\n\n**Sources**"}, ["body", "summary"]),
    ],
)
async def test_malformed_check_request_is_422_with_the_field(
    make_settings: MakeSettings, seed_body: dict[str, Any], body: dict[str, Any], loc: list[str]
) -> None:
    body = {k: (seed_body if v == "SEED" else v) for k, v in body.items()}
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/checks", json=body)
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == loc


async def test_check_rejects_non_json_content_type(make_settings: MakeSettings) -> None:
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/checks", content=b"x", headers={"content-type": "text/csv"})
    assert r.status_code == 415


@pytest.mark.parametrize(
    "trailer", ["**Sources**", "## Sources", "Sources:", "References", "__Warnings__"]
)
def test_pasted_sources_section_is_not_checked_as_summary_text(trailer: str) -> None:
    from chorus.pipeline.citations import summary_text_only

    text = f"Talks ended [1].\n\n{trailer}\n\n[1] Reuters  \n[2] AP\n"
    assert summary_text_only(text).strip() == "Talks ended [1]."
    assert summary_text_only("Sources said talks ended [1].") == "Sources said talks ended [1]."
