"""The LLM judge, MiniCheck-style: each claim with the evidence aligned to it, a label back.

A sentence's claims and their evidence sentences (the offline alignment's spans in every cited
article, with sentence ids) are batched, `BATCH` claims per call, into `prompts/judge.j2`; the
answer's structured output schema is generated from `JudgeAnswer`. The answer is read with
pydantic: a whole valid object, else the valid claims of a partial or damaged one; claims
with no valid label are asked again once, then keep the offline verdict (and say so). The
offline judge stays the default and the fallback; the calls' tokens add up in `usage`. Whole
answers go through the deployment's LLM call cache (the key: model, prompt version and a hash
of everything sent), so checking the same claims again costs nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from copy import deepcopy
from typing import TYPE_CHECKING, Any, Literal

import pydantic_core
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chorus.checker.report import Claim
from chorus.checker.support import ClaimCheck, Judgement, verdict_for
from chorus.errors import LLMOutputError, LLMUnavailable
from chorus.llm.cache import call_key
from chorus.llm.prompts import PromptLoader, get_loader
from chorus.models import Evidence, Usage
from chorus.pipeline.prepare import Prepared

if TYPE_CHECKING:
    from chorus.llm.cache import CallCache
    from chorus.llm.client import Completion, LLMClient

log = logging.getLogger("chorus.checker.llm")
BATCH = 8  # claims per call
SCORES = {"supported": 0.95, "unsupported": 0.1, "contradicted": 0.02}
UNCITED = Judgement(score=0.0, verdict="unsupported", evidence=[])


class ClaimVerdict(BaseModel):
    """The model's label for one claim."""

    model_config = ConfigDict(extra="forbid")
    id: int
    label: Literal["supported", "contradicted", "unsupported"]
    evidence_ids: list[str] = Field(default_factory=list)
    reason: str = ""


class JudgeAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    claims: list[ClaimVerdict]


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the strict form structured output needs: every property
    required, no defaults, no extra properties."""
    schema = deepcopy(model.model_json_schema())

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["required"] = list(node["properties"])
                node["additionalProperties"] = False
            node.pop("default", None)
            node.pop("title", None)
            for v in node.values():
                fix(v)
        elif isinstance(node, list):
            for v in node:
                fix(v)

    fix(schema)
    return schema


ANSWER_SCHEMA = strict_schema(JudgeAnswer)


def parse_answer(text: str) -> dict[int, ClaimVerdict]:
    """The valid claim verdicts in the model's answer, by claim id: a whole valid object, or
    whatever valid claims a partial/damaged one holds (pydantic's partial JSON reader)."""
    try:
        return {c.id: c for c in JudgeAnswer.model_validate_json(text).claims}
    except ValidationError:
        pass
    start = text.find("{")
    if start < 0:
        return {}
    try:
        data = pydantic_core.from_json(text[start:], allow_partial=True)
    except ValueError:
        return {}
    items = data.get("claims") if isinstance(data, dict) else None
    out: dict[int, ClaimVerdict] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("label"), str):
            item = {**item, "label": item["label"].strip().lower()}
        try:
            v = ClaimVerdict.model_validate(item)
        except ValidationError:
            continue
        out.setdefault(v.id, v)
    return out


class Item(BaseModel):
    """One claim to label: which sentence it belongs to, its text and evidence."""

    sentence: int
    id: int
    text: str
    evidence: list[Evidence]


class LLMJudge:
    name = "llm"

    def __init__(
        self,
        llm: LLMClient,
        prompts: PromptLoader | None = None,
        max_tokens: int = 600,
        cache: CallCache | None = None,
    ) -> None:
        self.llm = llm
        self.prompts = prompts or get_loader()
        self.max_tokens = max_tokens
        self.cache = cache
        self.usage = Usage()

    def items(self, prepared: Prepared, claims: Sequence[Claim]) -> list[Item]:
        index = prepared.index
        out: list[Item] = []
        for k, c in enumerate(claims):
            if not c.citations:
                continue
            for text, idx in index.claim_evidence(c.text, c.citations, c.previous):
                ev = [
                    Evidence(sentence_id=s.id, n=s.n, text=s.text, start=s.start, end=s.end)
                    for s in (index.sentences[i] for i in dict.fromkeys(idx))
                ]
                out.append(Item(sentence=k, id=len(out) + 1, text=text, evidence=ev))
        return out

    async def ask(self, batch: Sequence[Item]) -> dict[int, ClaimVerdict]:
        claims = [
            {"id": it.id, "text": it.text,
             "evidence": [{"id": e.sentence_id, "n": e.n, "text": e.text} for e in it.evidence]}
            for it in batch
        ]  # fmt: skip
        prompt = self.prompts.render("judge", claims=claims)
        schema = ANSWER_SCHEMA if self.llm.use_structured else None
        model = self.llm.server.model or self.llm.model
        key = call_key(model, prompt.version, prompt.system, prompt.user,
                       max_tokens=self.max_tokens, schema=schema)  # fmt: skip
        wanted = {it.id for it in batch}
        hit = await self.cache.get(key) if self.cache is not None else None
        if hit is not None:
            self.usage = self.usage.add(Usage(cache_hits=1))
            return {i: v for i, v in parse_answer(_stored_text(hit)).items() if i in wanted}

        def on_attempt(c: Completion | None) -> None:  # every attempt sent, failed ones too
            self.usage = self.usage.add(
                Usage(llm_calls=1, prompt_tokens=c.prompt_tokens if c else 0,
                      completion_tokens=c.completion_tokens if c else 0)
            )  # fmt: skip

        completion = await self.llm.complete(
            prompt.system, prompt.user, max_tokens=self.max_tokens,
            json_schema=ANSWER_SCHEMA, schema_name="claim_verdicts", on_attempt=on_attempt,
        )  # fmt: skip
        self.usage = self.usage.add(Usage(cache_misses=int(self.cache is not None)))
        got = {i: v for i, v in parse_answer(completion.text).items() if i in wanted}
        if len(got) < len(wanted):
            log.warning("judge_unparsed", extra={"asked": len(wanted), "parsed": len(got)})
        elif self.cache is not None:  # only a whole answer is worth paying for once
            await self.cache.put(key, completion.model_dump_json())
        return got

    async def label(self, items: Sequence[Item]) -> dict[int, ClaimVerdict]:
        """Every item's verdict: batched, the unlabelled ones asked again once. When the LLM
        fails (after the client's retries), what is labelled so far stands; offline for the
        rest."""
        got: dict[int, ClaimVerdict] = {}
        try:
            for _attempt in range(2):
                todo = [it for it in items if it.id not in got]
                if not todo:
                    break
                for b in range(0, len(todo), BATCH):
                    got.update(await self.ask(todo[b : b + BATCH]))
        except (LLMUnavailable, LLMOutputError) as exc:
            log.warning("judge_llm_failed", extra={"error": exc.code})
        return got

    async def judge(self, prepared: Prepared, claims: Sequence[Claim]) -> list[Judgement]:
        items = self.items(prepared, claims)
        labels = await self.label(items) if items else {}
        out = []
        for k, c in enumerate(claims):
            offline = prepared.index.judge(c.text, c.citations, c.previous)
            mine = [it for it in items if it.sentence == k]
            out.append(combine_labels(offline, mine, labels) if c.citations else UNCITED)
        return out


def combine_labels(
    offline: Judgement, items: Sequence[Item], labels: dict[int, ClaimVerdict]
) -> Judgement:
    """A sentence's judgement from its claims' labels (offline for a claim left unlabelled)."""
    if not items:
        return offline
    checks: list[ClaimCheck] = []
    fallback = False
    for k, it in enumerate(items):
        v = labels.get(it.id)
        if v is None:
            fallback = True
            if k < len(offline.claims):
                checks.append(offline.claims[k])
            continue
        ids = set(v.evidence_ids)
        ev = [e for e in it.evidence if e.sentence_id in ids] or it.evidence[:2]
        checks.append(
            ClaimCheck(
                text=it.text, support=SCORES[v.label], verdict=v.label, evidence=ev,
                n=ev[0].n if ev else None, reason=v.reason or None,
            )
        )  # fmt: skip
    if not checks:
        return offline.model_copy(update={"reason": _FALLBACK})
    rank = {"contradicted": 0, "unsupported": 1, "partial": 2, "supported": 3}
    worst = min(checks, key=lambda c: (rank[c.verdict], c.support))
    score = min(c.support for c in checks)
    reason = worst.reason
    if fallback:
        reason = f"{reason or ''}; {_FALLBACK}".lstrip("; ")
    evidence = [e for c in checks for e in c.evidence]
    return offline.model_copy(
        update={
            "score": round(score, 4),
            "verdict": worst.verdict if worst.verdict != "partial" else verdict_for(score),
            "reason": reason,
            "claims": checks,
            "evidence": list({e.sentence_id: e for e in evidence}.values()),
        }
    )


_FALLBACK = "the LLM judge gave no valid answer for some claims; offline verdict for those"


def _stored_text(stored: str) -> str:
    """The answer text of a cached completion (stored as the client's Completion JSON)."""
    data = pydantic_core.from_json(stored)
    return str(data.get("text", "")) if isinstance(data, dict) else ""


__all__ = ["ANSWER_SCHEMA", "ClaimVerdict", "JudgeAnswer", "LLMJudge", "parse_answer"]
