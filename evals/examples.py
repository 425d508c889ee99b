"""The issue's seed-article examples: contradictions the checker must not call supported, and
faithful paraphrases it must (Blinken and Lavrov at the G20, articles [1] and [2] of `seeds`)."""

from __future__ import annotations

from pydantic import BaseModel

from chorus.checker.report import SentenceIn
from chorus.pipeline.prepare import Prepared


class Example(BaseModel):
    text: str
    citations: list[int]
    faithful: bool
    note: str


CONTRADICTIONS = [
    Example(text="Blinken and Lavrov did not speak at the G20 conference in New Delhi.",
            citations=[1, 2], faithful=False, note="they spoke"),
    Example(text="Blinken and Lavrov spoke for about 10 hours on the sidelines of the conference.",
            citations=[1], faithful=False, note="the source says 10 minutes"),
    Example(text="India joined Russia in refusing to support the call for a withdrawal of Russian "
            "forces.", citations=[1], faithful=False, note="it was China"),
    Example(text="China's foreign minister said there were divergences on the war in Ukraine.",
            citations=[2], faithful=False, note="it was India's"),
    Example(text="Blinken told Lavrov that American support for Ukraine is wavering.",
            citations=[1], faithful=False, note="he disabused Lavrov of that idea"),
    Example(text="Lavrov said Russia is feeling isolated from the West.", citations=[1],
            faithful=False, note="he said Russia is not"),
    Example(text='Blinken said "we aren\'t feeling isolated".', citations=[1], faithful=False,
            note="Lavrov said it"),
]  # fmt: skip
PARAPHRASES = [
    Example(text="India, China and South Africa abstained on the UN vote.", citations=[2],
            faithful=True, note="a faithful paraphrase"),
    Example(text="Blinken told Lavrov that American support for Ukraine is not wavering.",
            citations=[1], faithful=True, note="a faithful paraphrase"),
]  # fmt: skip
EXAMPLES = CONTRADICTIONS + PARAPHRASES


class ExampleResult(BaseModel):
    text: str
    citations: list[int]
    faithful: bool
    verdict: str
    support: float
    reason: str | None
    ok: bool


def run_examples(prepared: Prepared) -> list[ExampleResult]:
    """Each example judged by the offline checker against the seed cluster."""
    out = []
    for e in EXAMPLES:
        j = prepared.index.judge(e.text, e.citations)
        ok = (j.verdict == "supported") == e.faithful
        out.append(
            ExampleResult(
                text=e.text, citations=e.citations, faithful=e.faithful, verdict=j.verdict,
                support=j.score, reason=j.reason, ok=ok,
            )
        )  # fmt: skip
    return out


def as_sentences(examples: list[Example]) -> list[SentenceIn]:
    return [SentenceIn(text=e.text, citations=e.citations) for e in examples]


__all__ = ["CONTRADICTIONS", "EXAMPLES", "PARAPHRASES", "Example", "ExampleResult", "run_examples"]
