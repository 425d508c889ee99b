"""Judges decide whether a summary sentence is supported by the articles it cites.

All judges share one interface, `Judge.judge(prepared, claims) -> list[Judgement]`, so a
third (an NLI model, say) plugs in without touching the scorers or the runner:
- `OfflineJudge`: the shared alignment-and-rules checker (`chorus.checker.support`); no
  model, no network; the default.
- `LLMJudge`: asks a model through the same `LLMClient` (and its retries) with
  `prompts/judge.j2`; keeps the offline alignment as evidence; an answer it cannot parse is
  asked again once, then the offline judgement stands for that sentence (and says so).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, ValidationError

from chorus.checker.report import Claim, Judge
from chorus.checker.support import Judgement
from chorus.llm.prompts import PromptLoader, get_loader
from chorus.pipeline.prepare import Prepared

if TYPE_CHECKING:
    from chorus.llm.client import LLMClient

log = logging.getLogger("chorus.evals.judge")

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


class LLMVerdict(BaseModel):
    verdict: Literal["supported", "partial", "unsupported"]
    confidence: float = Field(default=0.8, ge=0.0, le=1.0)
    evidence: str = ""
    reason: str = ""


VERDICT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["verdict", "confidence", "evidence", "reason"],
    "properties": {
        "verdict": {"type": "string", "enum": ["supported", "partial", "unsupported"]},
        "confidence": {"type": "number"},
        "evidence": {"type": "string"},
        "reason": {"type": "string"},
    },
}
_JSON_OBJECT_RE = re.compile(r"\{.*\}", re.S)


def parse_verdict(text: str) -> LLMVerdict | None:
    """The model's JSON verdict (fences and chatter around it tolerated), or None."""
    m = _JSON_OBJECT_RE.search(text)
    if not m:
        return None
    try:
        data = json.loads(m.group(0))
        if isinstance(data, dict) and isinstance(data.get("verdict"), str):
            data["verdict"] = data["verdict"].strip().lower()
        return LLMVerdict.model_validate(data)
    except (json.JSONDecodeError, ValidationError):
        return None


def score_of(v: LLMVerdict) -> float:
    """Confidence that the sentence is supported, in 0..1."""
    if v.verdict == "supported":
        return 0.6 + 0.4 * v.confidence
    if v.verdict == "partial":
        return 0.45
    return 0.3 * (1.0 - v.confidence)


class LLMJudge:
    name = "llm"

    def __init__(
        self,
        llm: LLMClient,
        prompts: PromptLoader | None = None,
        max_article_chars: int = 12_000,
        max_tokens: int = 300,
    ) -> None:
        self.llm = llm
        self.prompts = prompts or get_loader()
        self.max_article_chars = max_article_chars
        self.max_tokens = max_tokens

    async def judge(self, prepared: Prepared, claims: Sequence[Claim]) -> list[Judgement]:
        return list(await asyncio.gather(*(self._one(prepared, c) for c in claims)))

    async def _one(self, prepared: Prepared, claim: Claim) -> Judgement:
        offline = prepared.index.judge(claim.text, claim.citations, claim.previous)
        if not claim.citations:
            return offline
        docs = [
            {"n": d.n, "text": d.text[: self.max_article_chars]}
            for d in prepared.corpus.docs
            if d.n in claim.citations and d.text
        ]
        prompt = self.prompts.render("judge", claim=claim.text, docs=docs)
        for _attempt in range(2):
            completion = await self.llm.complete(
                prompt.system,
                prompt.user,
                max_tokens=self.max_tokens,
                json_schema=VERDICT_SCHEMA,
                schema_name="verdict",
            )
            verdict = parse_verdict(completion.text)
            if verdict is not None:
                score = round(score_of(verdict), 4)
                return offline.model_copy(
                    update={"score": score, "verdict": verdict.verdict, "reason": verdict.reason}
                )
            log.warning("judge_unparseable", extra={"chars": len(completion.text)})
        return offline.model_copy(
            update={"reason": "the LLM judge's answer was not valid JSON twice; offline verdict"}
        )


def make_judge(name: JudgeName, llm: LLMClient | None, max_article_chars: int = 12_000) -> Judge:
    if name == "offline":
        return OfflineJudge()
    if llm is None:
        from chorus.errors import LLMNotConfigured

        raise LLMNotConfigured(
            "--judge llm needs a model: set OPENAI_API_KEY and/or OPENAI_BASE_URL"
        )
    return LLMJudge(llm, max_article_chars=max_article_chars)
