"""`chorus eval checker` with the LLM judge: the same held-out claims and seed examples."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import httpx
import pytest
import respx

from chorus.checker.llm_judge import LLMJudge
from chorus.llm.client import LLMClient
from chorus_evals.checker_report import llm_figures
from chorus_evals.datasets import shared_data_dir
from chorus_evals.examples import EXAMPLES
from chorus_evals.summedits import _edit_types, load_summedits
from tests.conftest import chat_json

SUMMEDITS = shared_data_dir() / "summedits-news.json"


@pytest.mark.skipif(not SUMMEDITS.is_file(), reason="shared SummEdits data not on this machine")
def test_llm_judge_figures_cover_summedits_and_the_seed_examples(
    llm_mock: respx.MockRouter, make_llm: Callable[..., LLMClient]
) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        user = json.loads(request.content)["messages"][1]["content"]
        ids = [int(x.split()[1].rstrip(":")) for x in user.splitlines() if x.startswith("Claim ")]
        claims = [{"id": i, "label": "supported", "evidence_ids": [], "reason": ""} for i in ids]
        return httpx.Response(200, json=chat_json(json.dumps({"claims": claims})))

    llm_mock.post("/chat/completions").mock(side_effect=reply)
    result = asyncio.run(llm_figures(LLMJudge(make_llm()), SUMMEDITS, 4))
    assert result.claims == 4 and result.examples == len(EXAMPLES)
    # A judge that calls everything supported gets the faithful examples right, no others.
    assert result.examples_ok == sum(e.faithful for e in EXAMPLES)
    assert (
        result.balanced_accuracy in (0.5,) or result.balanced_accuracy != result.balanced_accuracy
    )


@pytest.mark.parametrize(
    ("raw", "kinds"),
    [
        ("['antonym_swap', 'entity_modification']", ["antonym_swap", "entity_modification"]),
        (["negation_insertion_removal"], ["negation_insertion_removal"]),
        ("[]", []),
        ("", []),
        ("not a list", []),
        (None, []),
    ],
)
def test_summedits_edit_types_are_read_as_a_list_of_names(raw: object, kinds: list[str]) -> None:
    assert _edit_types(raw) == kinds


def test_summedits_claims_carry_their_edit_types() -> None:
    data = load_summedits(SUMMEDITS)
    kinds = {k for c in data.claims for k in c.kinds}
    assert "entity_modification" in kinds and all(len(k) > 1 for k in kinds)
    assert all(not c.kinds for c in data.claims if c.label == 1 and c.id.endswith("_og"))
