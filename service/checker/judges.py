"""Judges decide whether a summary sentence is supported by the articles it cites.

All judges share one interface, `Judge.judge(prepared, claims) -> list[Judgement]`, so a
third plugs in without touching the scorers or the runner:
- `OfflineJudge`: the checker shipped with the package (`chorus.checker.support`: claims,
  alignment, detectors, a small calibrated model); no network; the default and the fallback.
- `LLMJudge` (`llm_judge.py`): MiniCheck-style, each claim with its aligned evidence to a
  model through the same `LLMClient` (and its retries); offline verdicts for what it cannot
  answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from chorus.checker.llm_judge import LLMJudge
from chorus.checker.report import Claim, Judge
from chorus.checker.support import Judgement
from chorus.pipeline.prepare import Prepared

if TYPE_CHECKING:
    from chorus.llm.cache import CallCache
    from chorus.llm.client import LLMClient

JudgeName = Literal["offline", "llm"]
# What an uncited claim gets: nothing to judge it against.
UNCITED = Judgement(score=0.0, verdict="unsupported", evidence=[])


class OfflineJudge:
    name = "offline"

    def judge_now(self, prepared: Prepared, claims: Sequence[Claim]) -> list[Judgement]:
        """The same answers, synchronously (the summarizer runs it in a worker thread)."""
        return [
            prepared.index.judge(c.text, c.citations, c.previous) if c.citations else UNCITED
            for c in claims
        ]

    async def judge(self, prepared: Prepared, claims: Sequence[Claim]) -> list[Judgement]:
        return self.judge_now(prepared, claims)


def make_judge(name: JudgeName, llm: LLMClient | None, cache: CallCache | None = None) -> Judge:
    if name == "offline":
        return OfflineJudge()
    if llm is None:
        from chorus.errors import LLMNotConfigured

        raise LLMNotConfigured(
            "the LLM judge needs a model: set OPENAI_API_KEY and/or OPENAI_BASE_URL"
        )
    return LLMJudge(llm, cache=cache)


__all__ = ["JudgeName", "LLMJudge", "OfflineJudge", "make_judge"]
