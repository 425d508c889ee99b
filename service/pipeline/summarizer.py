"""The pipeline end to end: Cluster + options -> verified, rendered Summary.

normalise -> dedupe -> segment -> engine (llm: plan + stuff / map-reduce; extractive) -> verify.
The LLM client is injected (built in the app's lifespan or the CLI), never created here at
import time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from chorus.checker.judges import JudgeName, LLMJudge, OfflineJudge
from chorus.checker.report import CheckReport, Judge, check_text
from chorus.errors import LLMNotConfigured, LLMOutputError, LLMUnavailable
from chorus.ingest.mixed import mixed_story_warning
from chorus.llm.prompts import PromptLoader, get_loader
from chorus.llm.tokens import TokenCounter
from chorus.models import (
    Cluster,
    EngineChoice,
    EngineName,
    Summary,
    SummaryOptions,
)
from chorus.pipeline.abstractive import LLMEngine, OnItems, OnProgress
from chorus.pipeline.cpu import run_cpu
from chorus.pipeline.events import EventSink, ProgressEvent, SentenceEvent
from chorus.pipeline.extractive import summarise_extractive
from chorus.pipeline.normalise import check_limits
from chorus.pipeline.output import is_fragment, split_item
from chorus.pipeline.prepare import Prepared, prepare, sources_of
from chorus.pipeline.render import to_markdown
from chorus.pipeline.schema import Draft, DraftSentence
from chorus.pipeline.verify import verify, verify_with
from chorus.settings import Limits, LLMSettings, Settings, TokenBudget

if TYPE_CHECKING:
    from chorus.llm.cache import CallCache
    from chorus.llm.client import LLMClient
    from chorus.llm.discover import ServerInfo

log = logging.getLogger("chorus.summarizer")
T = TypeVar("T")
OFFLOAD_CHARS = 50_000  # above this much article text, CPU stages run in a worker thread


@dataclass(frozen=True)
class Admission:
    """A request that passed `admit`: its options with defaults filled, and its engine."""

    options: SummaryOptions
    engine: EngineName
    max_words: int


class Summarizer:
    def __init__(
        self,
        *,
        limits: Limits | None = None,
        budget: TokenBudget | None = None,
        default_engine: EngineChoice = "auto",
        llm: LLMClient | None = None,
        prompts: PromptLoader | None = None,
        counter: TokenCounter | None = None,
        tokenizer_allow_download: bool = False,
        cache: CallCache | None = None,
        story_check: Callable[[Cluster], str | None] | None = None,
        judge: JudgeName = "offline",
    ) -> None:
        self.limits = limits or Limits()
        self.budget = budget or TokenBudget()
        self.default_engine = default_engine
        self.llm = llm
        self.prompts = prompts or get_loader()
        self._counter = counter
        self._allow_download = tokenizer_allow_download
        self._model = llm.model if llm else LLMSettings().model
        self.cache = cache
        # A hook that warns when a cluster holds several stories (chorus.ingest.mixed).
        self.story_check = story_check
        self.judge_name = judge

    @classmethod
    def from_settings(
        cls, settings: Settings, llm: LLMClient | None = None, cache: CallCache | None = None
    ) -> Summarizer:
        return cls(
            limits=settings.limits,
            budget=settings.budget,
            default_engine=settings.engine,
            llm=llm,
            tokenizer_allow_download=settings.tokenizer_allow_download,
            cache=cache,
            story_check=mixed_story_warning,  # warn on a cluster of several stories
            judge=settings.judge,
        )

    @classmethod
    def build(cls, settings: Settings, *, use_llm: bool, timed: bool = False) -> Summarizer:
        """The summarizer with, when an LLM is configured and `use_llm`, its client (`timed`:
        one that records per-call timings, as the service and workers use) and the
        deployment's call cache (`open_call_cache`: the SQLite file's table, or Postgres's,
        shared by every replica and worker). Close it with `aclose()`; call
        `await discover()` before the first cluster."""
        llm: LLMClient | None = None
        cache: CallCache | None = None
        if use_llm and settings.llm_configured:
            # the openai SDK loads only when a model is used
            if timed:
                from chorus.llm.timing import TimedLLMClient

                llm = TimedLLMClient.from_settings(settings)
            else:
                from chorus.llm.client import LLMClient

                llm = LLMClient.from_settings(settings)
            from chorus.jobs.open import open_call_cache

            cache = open_call_cache(settings)
        return cls.from_settings(settings, llm=llm, cache=cache)

    async def aclose(self) -> None:
        """Close what `build` opened (the LLM client, the call cache)."""
        if self.llm is not None:
            await self.llm.aclose()
        if self.cache is not None:
            await self.cache.close()

    async def discover(self) -> None:
        """Ask the LLM server about itself once (context window, slots) and plan with it."""
        if self.llm is not None:
            self.adopt(await self.llm.discover())

    def adopt(self, info: ServerInfo) -> None:
        """Plan against what the LLM server reported: its context window (less the answer's
        tokens) lowers the prompt budget."""
        from chorus.llm.discover import prompt_budget

        budget = prompt_budget(self.budget.context_tokens, info, self.budget.max_output_tokens)
        if budget != self.budget.context_tokens:
            log.info("context_discovered", extra={"context_tokens": budget, "model": info.model})
            self.budget = self.budget.model_copy(update={"context_tokens": budget})

    @property
    def counter(self) -> TokenCounter:
        if self._counter is None:
            self._counter = TokenCounter(self._model, self._allow_download)
        return self._counter

    def resolve_engine(self, requested: EngineChoice) -> EngineName:
        """Which engine `requested` means now: auto -> llm when configured, else extractive."""
        choice = self.default_engine if requested == "auto" else requested
        if choice == "auto":
            return "llm" if self.llm is not None else "extractive"
        return choice

    def prepare(self, cluster: Cluster) -> Prepared:
        return prepare(cluster, self.limits)

    def admit(self, cluster: Cluster, options: SummaryOptions | None = None) -> Admission:
        """The one admission check every caller makes: defaults filled in, the size limits
        checked, the engine resolved (and refused when it needs an LLM there is not)."""
        options = options or SummaryOptions()
        if options.max_words is None:
            options = options.model_copy(update={"max_words": self.limits.default_max_words})
        check_limits(cluster, self.limits)
        engine = self.resolve_engine(options.engine)
        if engine == "llm" and self.llm is None:
            raise LLMNotConfigured(
                "engine 'llm' was requested but no LLM is configured (set OPENAI_API_KEY "
                "and/or OPENAI_BASE_URL, or CHORUS_OPENAI_*); use engine 'extractive' or 'auto'"
            )
        return Admission(options=options, engine=engine, max_words=options.max_words or 0)

    async def summarize(
        self, cluster: Cluster, options: SummaryOptions | None = None, *,
        events: EventSink | None = None,
    ) -> Summary:  # fmt: skip
        """The verified summary; `events` (when given) hears progress and each sentence."""
        admitted = self.admit(cluster, options)
        started = time.perf_counter()
        # Big clusters do their CPU work in a worker thread, so the event loop (other requests,
        # health checks) keeps turning; small ones stay inline, where a thread hop would cost
        # more than the work.
        big = sum(len(a.text) for a in cluster.articles) > OFFLOAD_CHARS

        async def cpu(fn: Callable[..., T], *args: Any) -> T:
            return await run_cpu(fn, *args) if big else fn(*args)

        judge = self.judge()
        if admitted.engine == "llm" or isinstance(judge, LLMJudge):
            summary = await self._with_llm(cluster, admitted, judge, cpu, events)
        else:  # no call to make: the whole path is CPU work, in one hop
            summary = await cpu(self._offline, cluster, admitted)
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

    def _intake(self, cluster: Cluster) -> tuple[Prepared, list[str]]:
        """The prepared cluster and what the reader is warned of about its articles."""
        prepared = self.prepare(cluster)
        warnings: list[str] = []
        if self.story_check is not None:
            mixed = self.story_check(cluster)
            if mixed:
                warnings.append(mixed)
        for doc in prepared.corpus.empty_docs:
            warnings.append(f"article {doc.n} (id {doc.article_id!r}) has no text; it was not used")
        dupes = {n: r for n, r in prepared.corpus.representative.items() if n != r}
        if dupes:
            pairs = ", ".join(f"[{n}]≈[{r}]" for n, r in sorted(dupes.items()))
            warnings.append(f"near-duplicate articles merged (all copies stay cited): {pairs}")
        return prepared, warnings

    def _offline(self, cluster: Cluster, admitted: Admission) -> Summary:
        """The extractive engine checked by the offline judge: no I/O at all."""
        prepared, warnings = self._intake(cluster)
        draft = summarise_extractive(prepared.corpus, admitted.max_words, prepared.index)
        return self.finish(draft, prepared, admitted, warnings)

    async def _with_llm(
        self, cluster: Cluster, admitted: Admission, judge: Judge,
        cpu: Callable[..., Awaitable[Any]], events: EventSink | None,
    ) -> Summary:  # fmt: skip
        """A summary that calls the LLM: to write it (engine llm), to judge it, or both."""
        options = admitted.options
        prepared, warnings = await cpu(self._intake, cluster)
        if admitted.engine == "llm" and self.llm is not None:
            llm_engine = LLMEngine(self.llm, self.prompts, self.counter, self.budget, self.cache)
            on_progress, on_items = _sinks(events, prepared)
            try:
                draft = await llm_engine.summarise(
                    prepared.corpus, admitted.max_words, options.style,
                    on_progress=on_progress, on_items=on_items,
                )  # fmt: skip
            except (LLMUnavailable, LLMOutputError) as exc:
                if not (options.engine == "auto" and self.default_engine == "auto"):
                    raise  # the caller insisted on the LLM: say it failed, do not substitute
                log.warning("llm_fallback", extra={"error": exc.code, "cluster": cluster.id})
                warnings.append(
                    f"the LLM failed ({exc.detail}); this summary was produced by the "
                    "extractive engine instead"
                )
                draft = await cpu(
                    summarise_extractive, prepared.corpus, admitted.max_words, prepared.index
                )
                draft.usage = llm_engine.spent()  # the failed attempt's calls were still paid
        else:
            draft = await cpu(
                summarise_extractive, prepared.corpus, admitted.max_words, prepared.index
            )
        verified = None
        if isinstance(judge, LLMJudge):
            verified = await verify_with(draft, prepared, judge)
            draft.usage = draft.usage.add(judge.usage)
        summary: Summary = await cpu(self.finish, draft, prepared, admitted, warnings, verified)
        return summary

    def judge(self) -> Judge:
        """The configured judge (CHORUS_JUDGE): the LLM judge only when an LLM is set up."""
        if self.judge_name == "llm" and self.llm is not None:
            return LLMJudge(self.llm, cache=self.cache)
        return OfflineJudge()

    def finish(
        self,
        draft: Draft,
        prepared: Prepared,
        admitted: Admission,
        warnings: list[str],
        verified: CheckReport | None = None,
    ) -> Summary:
        verified = verified or verify(draft, prepared)
        n_words = sum(len(s.text.split()) for s in verified.sentences)
        if n_words > admitted.max_words:
            warnings = [
                *warnings,
                f"the summary has {n_words} words, over the {admitted.max_words}-word budget "
                "(no shorter complete sentence states the story)"
                if draft.engine == "extractive"
                else f"the model wrote {n_words} words, over the {admitted.max_words}-word budget",
            ]
        if not verified.sentences:
            warnings = [*warnings, "the summary is empty"]
        sentences = [s.summary_sentence() for s in verified.sentences]
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
            markdown=to_markdown(verified.headline, sentences, sources, admitted.options.style),
        )

    async def check(self, cluster: Cluster, text: str, judge: Judge | None = None) -> CheckReport:
        """Check any summary text with [n] markers against the cluster (the configured judge
        unless another is given)."""
        prepared = await run_cpu(self.prepare, cluster)
        return await check_text(text, prepared, judge or self.judge())


def _sinks(
    events: EventSink | None, prepared: Prepared
) -> tuple[OnProgress | None, OnItems | None]:
    """The engine's callbacks that turn its progress and finished items into events; each
    finished item is split, stripped of fragments and checked before it is sent."""
    if events is None:
        return None, None
    sent = [0, 0]  # items seen, sentences sent

    def on_progress(stage: str, done: int, total: int) -> None:
        events(ProgressEvent(stage="map" if stage == "map" else "reduce", done=done, total=total))

    def on_items(items: list[DraftSentence]) -> None:
        for item in items[sent[0] :]:
            for piece in split_item(item):
                if is_fragment(piece.text):
                    continue
                draft = Draft(headline="", sentences=[piece], engine="llm")
                for s in verify(draft, prepared, headline=False).sentences:
                    events(SentenceEvent(index=sent[1], sentence=s.summary_sentence()))
                    sent[1] += 1
        sent[0] = max(sent[0], len(items))

    return on_progress, on_items


__all__ = ["Admission", "Summarizer"]
