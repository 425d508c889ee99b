"""The pipeline end to end: Cluster + options -> verified, rendered Summary.

normalise -> dedupe -> segment -> engine (llm: plan + stuff / map-reduce; extractive) -> verify.
The LLM client is injected (built in the app's lifespan or the CLI), never created here at
import time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from chorus.errors import LLMNotConfigured, LLMOutputError, LLMUnavailable
from chorus.llm.prompts import PromptLoader, get_loader
from chorus.llm.tokens import TokenCounter
from chorus.models import Cluster, Source, Summary, SummaryOptions, SummarySentence
from chorus.pipeline.abstractive import EngineConfig, LLMEngine
from chorus.pipeline.dedupe import dedupe
from chorus.pipeline.extractive import summarise_extractive
from chorus.pipeline.normalise import Limits, normalise
from chorus.pipeline.render import to_markdown
from chorus.pipeline.schema import Corpus, Draft
from chorus.pipeline.segment import segment
from chorus.pipeline.support import SupportIndex
from chorus.pipeline.verify import Verified, check_text, verify
from chorus.settings import Settings

if TYPE_CHECKING:
    from chorus.llm.client import LLMClient

log = logging.getLogger("chorus.summarizer")
T = TypeVar("T")
OFFLOAD_CHARS = 50_000  # above this much article text, CPU stages run in a worker thread


@dataclass(frozen=True)
class Prepared:
    """A cluster after the text stages, ready for an engine or a check."""

    corpus: Corpus
    index: SupportIndex


def prepare(cluster: Cluster, limits: Limits) -> Prepared:
    corpus = segment(dedupe(normalise(cluster, limits)))
    return Prepared(corpus=corpus, index=SupportIndex(corpus.sentences))


def sources_of(corpus: Corpus) -> list[Source]:
    return [
        Source(n=d.n, article_id=d.article_id, title=d.title, source=d.source, url=d.url)
        for d in corpus.docs
    ]


class Summarizer:
    def __init__(
        self,
        *,
        limits: Limits,
        default_engine: str = "auto",
        llm: LLMClient | None = None,
        engine_config: EngineConfig | None = None,
        prompts: PromptLoader | None = None,
        counter: TokenCounter | None = None,
        tokenizer_allow_download: bool = False,
    ) -> None:
        self.limits = limits
        self.default_engine = default_engine
        self.llm = llm
        self.prompts = prompts or get_loader()
        self.engine_config = engine_config or EngineConfig()
        self._counter = counter
        self._allow_download = tokenizer_allow_download
        self._model = llm.model if llm else "gpt-4o-mini"

    @classmethod
    def from_settings(cls, settings: Settings, llm: LLMClient | None = None) -> Summarizer:
        return cls(
            limits=Limits(
                max_articles=settings.max_articles, max_article_chars=settings.max_article_chars
            ),
            default_engine=settings.engine,
            llm=llm,
            engine_config=EngineConfig(
                prompt_budget=settings.context_tokens,
                max_output_tokens=settings.max_output_tokens,
                chunk_tokens=settings.chunk_tokens,
            ),
            tokenizer_allow_download=settings.tokenizer_allow_download,
        )

    @property
    def counter(self) -> TokenCounter:
        if self._counter is None:
            self._counter = TokenCounter(self._model, self._allow_download)
        return self._counter

    def resolve_engine(self, requested: str) -> str:
        """Which engine `requested` means now: auto -> llm when configured, else extractive."""
        choice = self.default_engine if requested == "auto" else requested
        if choice == "auto":
            return "llm" if self.llm is not None else "extractive"
        return choice

    def prepare(self, cluster: Cluster) -> Prepared:
        return prepare(cluster, self.limits)

    async def summarize(self, cluster: Cluster, options: SummaryOptions | None = None) -> Summary:
        options = options or SummaryOptions()
        started = time.perf_counter()
        engine = self.resolve_engine(options.engine)
        if engine == "llm" and self.llm is None:
            raise LLMNotConfigured(
                "engine 'llm' was requested but no LLM is configured: set OPENAI_API_KEY "
                "and/or OPENAI_BASE_URL (or CHORUS_OPENAI_*), or use engine 'extractive'"
            )
        # Big clusters do their CPU work in a worker thread, so the event loop (other requests,
        # health checks) keeps turning; small ones stay inline, where a thread hop would cost
        # more than the work.
        big = sum(len(a.text) for a in cluster.articles) > OFFLOAD_CHARS

        async def cpu(fn: Callable[..., T], *args: Any) -> T:
            return await asyncio.to_thread(fn, *args) if big else fn(*args)

        prepared = await cpu(self.prepare, cluster)
        warnings: list[str] = []
        for doc in prepared.corpus.empty_docs:
            warnings.append(f"article {doc.n} (id {doc.article_id!r}) has no text; it was not used")
        dupes = {n: r for n, r in prepared.corpus.representative.items() if n != r}
        if dupes:
            pairs = ", ".join(f"[{n}]≈[{r}]" for n, r in sorted(dupes.items()))
            warnings.append(f"near-duplicate articles merged (all copies stay cited): {pairs}")
        if engine == "llm" and self.llm is not None:
            llm_engine = LLMEngine(self.llm, self.prompts, self.counter, self.engine_config)
            try:
                draft = await llm_engine.summarise(
                    prepared.corpus, options.max_words, options.style
                )
            except (LLMUnavailable, LLMOutputError) as exc:
                if not (options.engine == "auto" and self.default_engine == "auto"):
                    raise  # the caller insisted on the LLM: say it failed, do not substitute
                log.warning("llm_fallback", extra={"error": exc.code, "cluster": cluster.id})
                warnings.append(
                    f"the LLM failed ({exc.detail}); this summary was produced by the "
                    "extractive engine instead"
                )
                draft = await cpu(
                    summarise_extractive, prepared.corpus, options.max_words, prepared.index
                )
                draft.usage = llm_engine.spent()  # the failed attempt's calls were still paid
        else:
            draft = await cpu(
                summarise_extractive, prepared.corpus, options.max_words, prepared.index
            )
        summary = await cpu(self.finish, draft, prepared, options, warnings)
        log.info(
            "summarized",
            extra={
                "cluster": cluster.id,
                "engine": summary.engine,
                "article_count": len(cluster.articles),
                "sentences": len(summary.sentences),
                "llm_calls": summary.usage.llm_calls,
                "prompt_tokens": summary.usage.prompt_tokens,
                "completion_tokens": summary.usage.completion_tokens,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return summary

    def finish(
        self, draft: Draft, prepared: Prepared, options: SummaryOptions, warnings: list[str]
    ) -> Summary:
        verified = verify(draft, prepared.corpus, prepared.index, attribute_uncited=True)
        n_words = sum(len(s.text.split()) for s in verified.sentences)
        if n_words > options.max_words:
            warnings = [
                *warnings,
                f"the summary has {n_words} words, over the {options.max_words}-word budget "
                "(no shorter complete sentence states the story)"
                if draft.engine == "extractive"
                else f"the model wrote {n_words} words, over the {options.max_words}-word budget",
            ]
        if not verified.sentences:
            warnings = [*warnings, "the summary is empty"]
        sentences = [
            SummarySentence(text=s.text, citations=s.citations, support=s.support)
            for s in verified.sentences
        ]
        sources = sources_of(prepared.corpus)
        all_warnings = [*warnings, *draft.warnings, *verified.warnings]
        return Summary(
            cluster_id=prepared.corpus.cluster_id,
            headline=verified.headline,
            sentences=sentences,
            sources=sources,
            engine=draft.engine,
            model=draft.model,
            prompt_version=draft.prompt_version,
            usage=draft.usage,
            warnings=all_warnings,
            markdown=to_markdown(verified.headline, sentences, sources, options.style),
        )

    def check(self, cluster: Cluster, text: str) -> Verified:
        """Verify any summary text with [n] markers against the cluster."""
        prepared = self.prepare(cluster)
        return check_text(text, prepared.corpus, prepared.index)


__all__ = ["Prepared", "Summarizer", "prepare", "sources_of"]
