"""Verdicts: the judged claims of a sentence -> one `Judgement` with evidence and a reason.

A claim takes its best cited article (highest P(supported)); a failing claim whose best span
a detector contradicts is `contradicted`. A sentence holds as far as its weakest claim, and
every cited article must support at least one of its claims (`idle_citations` otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from chorus.checker.align import Span, Weights
from chorus.checker.assess import Assessment
from chorus.models import Evidence, Verdict

SUPPORTED_AT = 0.5  # P(supported) from the calibrated model
PARTIAL_AT = 0.25
CONTEXT_BEFORE = 2  # sentences before a span that may hold its names
_RANK: dict[str, int] = {"contradicted": 0, "unsupported": 1, "partial": 2, "supported": 3}


class ClaimCheck(BaseModel):
    """One claim of a sentence, judged against its best cited article."""

    text: str
    support: float
    verdict: Verdict
    n: int | None = Field(default=None, description="The cited article that judged it.")
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str | None = None


class Judgement(BaseModel):
    score: float
    verdict: Verdict
    evidence: list[Evidence]
    missing_numbers: list[str] = []
    missing_entities: list[str] = []
    missing_quotes: list[str] = []
    negation_mismatch: bool = False
    antonym_flips: list[str] = []
    misattributed_quote: bool = False
    reason: str | None = None
    claims: list[ClaimCheck] = []
    idle_citations: list[int] = []


def verdict_for(score: float, contradiction: bool = False) -> Verdict:
    if score >= SUPPORTED_AT:
        return "supported"
    if contradiction:
        return "contradicted"
    if score >= PARTIAL_AT:
        return "partial"
    return "unsupported"


UNSUPPORTED = Judgement(score=0.0, verdict="unsupported", evidence=[])


class Scored:
    """A claim judged against one cited article."""

    __slots__ = ("a", "p", "span")

    def __init__(self, p: float, a: Assessment, span: Span) -> None:
        self.p, self.a, self.span = p, a, span


EvidenceOf = Callable[[Span, Weights], list[Evidence]]


def judge_claim(
    text: str, scored: Sequence[tuple[Scored, Weights]], evidence_of: EvidenceOf
) -> tuple[ClaimCheck, Scored | None]:
    if not scored:
        return ClaimCheck(
            text=text, support=0.0, verdict="unsupported", reason="no cited article has text"
        ), None
    best, w = max(scored, key=lambda sw: sw[0].p)
    contra = best.a.contradiction
    # A detector's finding on a well-aligned span outranks the model's overall support.
    p = min(best.p, PARTIAL_AT) if contra is not None else best.p
    verdict = verdict_for(p, contra is not None)
    if verdict == "contradicted":
        reason = contra
    elif verdict == "supported":
        reason = f"stated in [{best.span.n}]"
    else:
        reason = best.a.gap or f"[{best.span.n}] states it only in part"
    return ClaimCheck(
        text=text, support=round(p, 4), verdict=verdict, n=best.span.n,
        evidence=evidence_of(best.span, w), reason=reason,
    ), best  # fmt: skip


def combine(
    checks: Sequence[tuple[str, Sequence[tuple[Scored, Weights]]]],
    cited: Sequence[int],
    evidence_of: EvidenceOf,
) -> Judgement:
    """One judgement for a sentence from its judged claims."""
    if not checks:
        return UNSUPPORTED
    claims: list[ClaimCheck] = []
    bests: list[Scored] = []
    supports: set[int] = set()
    for text, scored in checks:
        c, best = judge_claim(text, scored, evidence_of)
        claims.append(c)
        if best is not None:
            bests.append(best)
        supports.update(s.span.n for s, _w in scored if s.p >= SUPPORTED_AT)
    worst = min(claims, key=lambda c: (_RANK[c.verdict], c.support))
    idle = [n for n in cited if n not in supports] if supports else []
    reason = worst.reason
    if worst.verdict == "supported" and idle:
        reason = f"cited {idle} support(s) no claim of this sentence"
    evidence: list[Evidence] = []
    for c in claims:
        evidence += [
            e for e in c.evidence if e.sentence_id not in {x.sentence_id for x in evidence}
        ]
    a = [b.a for b in bests]
    return Judgement(
        score=round(min(c.support for c in claims), 4),
        verdict=worst.verdict,
        evidence=evidence,
        missing_numbers=sorted({x for b in a for x in b.missing_numbers}),
        missing_entities=sorted({x for b in a for x in b.missing_entities}),
        missing_quotes=sorted({x for b in a for x in b.missing_quotes}),
        negation_mismatch=any(b.negation for b in a),
        antonym_flips=sorted({x for b in a for x in b.antonym}),
        misattributed_quote=any(b.misattributed for b in a),
        reason=reason,
        claims=claims,
        idle_citations=idle,
    )


__all__ = [
    "PARTIAL_AT",
    "SUPPORTED_AT",
    "UNSUPPORTED",
    "ClaimCheck",
    "Evidence",
    "Judgement",
    "Scored",
    "Verdict",
    "combine",
    "verdict_for",
]
