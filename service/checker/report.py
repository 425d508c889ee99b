"""One check: sentences with citations in, one `CheckReport` out.

The same resolve -> judge -> assemble loop serves our own summaries (`pipeline.verify`), the
checks API, `chorus check` and the evals, and they all answer with the models below.
Invalid citations are data on the sentence (`invalid_citations`), never text to parse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from pydantic import BaseModel, Field, computed_field

from chorus.checker.support import ClaimCheck, Evidence, Judgement, Verdict
from chorus.errors import InvalidInput
from chorus.models import SummarySentence, Usage
from chorus.pipeline.citations import parse_marked_text, resolve_citations
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.schema import Corpus

FAILING: frozenset[Verdict] = frozenset({"unsupported", "contradicted"})


class SentenceIn(BaseModel):
    """A sentence as written: its text and the article numbers it cites (maybe invalid)."""

    text: str
    citations: list[int] = Field(default_factory=list)


class Claim(BaseModel):
    """A sentence and the (valid, wire-copy-expanded) article numbers a judge checks it on."""

    text: str
    citations: list[int]
    previous: str | None = Field(
        default=None, description="The sentence before it, for references ('The two countries')."
    )


class Judge(Protocol):
    """Decides, for each claim, whether the articles it cites support it (one answer each)."""

    name: str

    async def judge(self, prepared: Prepared, claims: Sequence[Claim]) -> list[Judgement]: ...


class CheckedSentence(BaseModel):
    """The checker's verdict on one sentence, with the evidence it found and why."""

    index: int = Field(description="0-based position in the summary.")
    text: str
    citations: list[int] = Field(description="Valid cited articles, with their wire copies.")
    invalid_citations: list[int] = Field(
        default_factory=list, description="Cited numbers with no article (or no text) behind."
    )
    support: float = Field(description="Confidence (0..1) that the cited articles state it.")
    verdict: Verdict
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str | None = Field(default=None, description="The verdict in one line.")
    claims: list[ClaimCheck] = Field(
        default_factory=list, description="The sentence's claims, each with its verdict."
    )
    idle_citations: list[int] = Field(
        default_factory=list, description="Cited articles that support no claim of it."
    )
    missing_numbers: list[str] = Field(default_factory=list)
    missing_entities: list[str] = Field(default_factory=list)
    missing_quotes: list[str] = Field(default_factory=list)
    negation_mismatch: bool = False
    antonym_flips: list[str] = Field(default_factory=list)
    misattributed_quote: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def issues(self) -> list[str]:
        """The findings in words, for people and reports."""
        out = []
        if not self.citations:
            out.append("uncited")
        if self.invalid_citations:
            out.append(f"cites articles that do not exist: {self.invalid_citations}")
        if self.idle_citations:
            out.append(f"cited {self.idle_citations} support(s) nothing in it")
        out += [f"number not in evidence: {x}" for x in self.missing_numbers]
        out += [f"name not in evidence: {x}" for x in self.missing_entities]
        out += [f"quote not in sources: {x}" for x in self.missing_quotes]
        if self.misattributed_quote:
            out.append("quote attributed to another speaker")
        if self.negation_mismatch:
            out.append("negation differs from the evidence")
        out += [f"opposite of the evidence: {x}" for x in self.antonym_flips]
        return out

    def summary_sentence(self) -> SummarySentence:
        """The sentence as a Summary carries it (text, citations, support, verdict, evidence)."""
        return SummarySentence(
            text=self.text,
            citations=self.citations,
            support=self.support,
            invalid_citations=self.invalid_citations,
            verdict=self.verdict,
            evidence=self.evidence,
            reason=self.reason,
        )


class CheckCounts(BaseModel):
    sentences: int
    supported: int
    partial: int
    unsupported: int
    contradicted: int
    uncited: int
    invalid_citations: int
    with_unsupported_specifics: int


class CheckReport(BaseModel):
    """Per-sentence verdicts: valid citations, support, evidence, specifics absent from sources.

    `POST /v1/checks` and `chorus check --format json` answer with exactly this object.
    """

    cluster_id: str
    headline: str
    sentences: list[CheckedSentence]
    counts: CheckCounts
    warnings: list[str] = Field(default_factory=list)
    usage: Usage | None = Field(
        default=None, description="What a model judge's calls cost (absent for the offline one)."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        """Some sentence to check, and none unsupported or contradicted (what `chorus check`
        gates on): a "summary" of markers or headings alone proves nothing."""
        return bool(self.sentences) and not any(s.verdict in FAILING for s in self.sentences)

    @classmethod
    def of(
        cls, cluster_id: str, headline: str, sentences: list[CheckedSentence], warnings: list[str]
    ) -> CheckReport:
        s = sentences
        return cls(
            cluster_id=cluster_id,
            headline=headline,
            sentences=s,
            warnings=warnings,
            counts=CheckCounts(
                sentences=len(s),
                supported=sum(x.verdict == "supported" for x in s),
                partial=sum(x.verdict == "partial" for x in s),
                unsupported=sum(x.verdict == "unsupported" for x in s),
                contradicted=sum(x.verdict == "contradicted" for x in s),
                uncited=sum(not x.citations for x in s),
                invalid_citations=sum(len(x.invalid_citations) for x in s),
                with_unsupported_specifics=sum(
                    bool(x.missing_numbers or x.missing_entities or x.missing_quotes) for x in s
                ),
            ),
        )


def checked(
    index: int, text: str, claim: Claim, invalid: list[int], j: Judgement
) -> CheckedSentence:
    """A sentence with the judge's verdict; a sentence with no valid citation is unsupported."""
    if not claim.citations:
        return CheckedSentence(
            index=index, text=text, citations=[], invalid_citations=invalid, support=0.0,
            verdict="unsupported", reason=j.reason,
        )  # fmt: skip
    return CheckedSentence(
        index=index,
        text=text,
        citations=claim.citations,
        invalid_citations=invalid,
        support=j.score,
        verdict=j.verdict,
        evidence=j.evidence,
        reason=j.reason,
        missing_numbers=j.missing_numbers,
        missing_entities=j.missing_entities,
        missing_quotes=j.missing_quotes,
        negation_mismatch=j.negation_mismatch,
        antonym_flips=j.antonym_flips,
        misattributed_quote=j.misattributed_quote,
        claims=j.claims,
        idle_citations=j.idle_citations,
    )


Attribute = Callable[[str], list[int]]


def claims_of(
    sentences: Sequence[SentenceIn], corpus: Corpus, attribute: Attribute | None = None
) -> tuple[list[Claim], list[list[int]], list[str]]:
    """Resolve every sentence's citations: (claims, invalid numbers, warnings).

    With `attribute` (our own drafts), a sentence left uncited gets the articles the checker
    finds supporting it, with a warning; anyone else's summary stays as written.
    """
    claims: list[Claim] = []
    invalids: list[list[int]] = []
    warnings: list[str] = []
    for k, s in enumerate(sentences, start=1):
        citations, invalid = resolve_citations(s.citations, corpus)
        if invalid:
            warnings.append(
                f"sentence {k}: dropped citation(s) {invalid} to sources that do not exist "
                f"or have no text (the cluster has {len(corpus.docs)})"
            )
        if not citations and attribute is not None:
            citations = attribute(s.text)
            if citations:
                marks = "".join(f"[{n}]" for n in citations)
                warnings.append(
                    f"sentence {k} had no citation; the checker attributed it to {marks}"
                )
        if not citations:
            warnings.append(f"sentence {k} cites no source")
        previous = sentences[k - 2].text if k > 1 else None
        claims.append(Claim(text=s.text, citations=citations, previous=previous))
        invalids.append(invalid)
    return claims, invalids, warnings


def assemble(
    claims: Sequence[Claim], invalids: Sequence[list[int]], judgements: Sequence[Judgement]
) -> tuple[list[CheckedSentence], list[str]]:
    """Checked sentences from the judge's answers, and a warning per failing sentence."""
    out: list[CheckedSentence] = []
    warnings: list[str] = []
    for k, (claim, invalid, j) in enumerate(zip(claims, invalids, judgements, strict=True)):
        c = checked(k, claim.text, claim, invalid, j)
        if c.citations and c.verdict in FAILING:
            what = "contradicted" if c.verdict == "contradicted" else "weakly supported"
            warnings.append(
                f"sentence {k + 1} is {what} by its cited sources {c.citations} "
                f"(support {c.support:.2f})"
            )
        out.append(c)
    return out, warnings


async def check_sentences(
    sentences: Sequence[SentenceIn], prepared: Prepared, judge: Judge
) -> tuple[list[CheckedSentence], list[str]]:
    """Resolve and judge anyone's sentences (no attribution): (checked, warnings)."""
    claims, invalids, warnings = claims_of(sentences, prepared.corpus)
    judgements = await judge.judge(prepared, claims)
    out, more = assemble(claims, invalids, judgements)
    return out, warnings + more


def sentences_from_text(text: str) -> tuple[str | None, list[SentenceIn]]:
    """The headline (if the text has one) and sentences of a summary written with [n] markers."""
    headline, drafts = parse_marked_text(text)
    return headline, [SentenceIn(text=d.text, citations=d.citations) for d in drafts]


NO_SENTENCES = "the summary has no sentences (only citation markers, headings or labels)"


async def check_text(text: str, prepared: Prepared, judge: Judge) -> CheckReport:
    """Check a summary written by anyone, as text with [n] markers, against its cluster."""
    headline, sentences = sentences_from_text(text)
    spent = getattr(judge, "usage", None)
    before = spent if isinstance(spent, Usage) else None
    if not sentences:  # one rule for the API, the CLI and the Python API
        raise InvalidInput(NO_SENTENCES, field="summary")
    checked_sentences, warnings = await check_sentences(sentences, prepared, judge)
    corpus = prepared.corpus
    report = CheckReport.of(
        corpus.cluster_id,
        headline or corpus.title or corpus.cluster_id,
        checked_sentences,
        warnings,
    )
    after = getattr(judge, "usage", None)
    if isinstance(after, Usage):
        base = before or Usage()
        report.usage = Usage(
            llm_calls=after.llm_calls - base.llm_calls,
            prompt_tokens=after.prompt_tokens - base.prompt_tokens,
            completion_tokens=after.completion_tokens - base.completion_tokens,
        )
    return report


__all__ = [
    "CheckCounts",
    "CheckReport",
    "CheckedSentence",
    "Claim",
    "Judge",
    "SentenceIn",
    "assemble",
    "check_sentences",
    "check_text",
    "claims_of",
    "sentences_from_text",
]
