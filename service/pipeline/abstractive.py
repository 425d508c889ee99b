"""The LLM engine: one stuff call, or map calls over budget-packed chunks then one reduce.

- Map chunks are packed to the prompt budget (fewest calls), sentence-aligned; all map calls
  run at once (the client's limiter decides how many are in flight), so a big cluster takes
  two rounds: map, reduce.
- A map prompt numbers the articles of its chunk 1..k, in chunk order: it does not depend on
  the cluster's numbering, so an added article leaves every earlier chunk's prompt (and its
  cached answer) unchanged. Notes are mapped back to cluster numbers, which the reduce uses.
- Every call goes through the call cache (when one is given) and the one output policy
  (`pipeline.output`): an unusable answer is re-asked once, then the call fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chorus.llm.cache import CallCache, call_key
from chorus.llm.prompts import Prompt, PromptLoader
from chorus.llm.tokens import TokenCounter
from chorus.models import Style, Usage
from chorus.pipeline.citations import strip_markers
from chorus.pipeline.cpu import run_cpu
from chorus.pipeline.output import (
    MAP_SCHEMA,
    SUMMARY_SCHEMA,
    Parsed,
    complete_items,
    parse_completion,
    repair,
)
from chorus.pipeline.plan import plan as make_plan
from chorus.pipeline.render import citation_markers
from chorus.pipeline.schema import Corpus, Doc, Draft, DraftSentence, Plan
from chorus.settings import TokenBudget

if TYPE_CHECKING:
    from chorus.llm.client import Completion, LLMClient

# Progress: (stage, done, total); items: the final call's complete items so far.
OnProgress = Callable[[str, int, int], None]
OnItems = Callable[[list[DraftSentence]], None]
MIN_NOTES, MAX_NOTES, TOKENS_PER_NOTE = 8, 30, 600


def local_numbering(parts: list[Doc]) -> list[Doc]:
    """A chunk's docs numbered 1..k in chunk order (what its map prompt cites)."""
    return [d.model_copy(update={"n": i + 1}) for i, d in enumerate(parts)]


def to_cluster_numbers(note: DraftSentence, parts: list[Doc]) -> DraftSentence:
    """A map note's chunk-local citations (and inline markers) -> the cluster's numbers."""
    text, inline = strip_markers(note.text)
    local = dict.fromkeys([*note.citations, *inline])
    cites = sorted({parts[k - 1].n for k in local if 1 <= k <= len(parts)})
    return DraftSentence(text=text, citations=cites)


class LLMEngine:
    def __init__(
        self, client: LLMClient, prompts: PromptLoader, counter: TokenCounter,
        config: TokenBudget, cache: CallCache | None = None,
    ) -> None:  # fmt: skip
        self.client = client
        self.prompts = prompts
        self.counter = counter
        self.config = config
        self.cache = cache
        self.reported_model: str | None = None  # what the endpoint says it ran
        self.calls: list[Usage] = []

    def spent(self) -> Usage:
        """Tokens paid so far by this engine, including calls of a run that later failed."""
        total = Usage()
        for u in self.calls:
            total = total.add(u)
        return total

    def _tokens(self, p: Prompt) -> int:
        """The prompt's tokens plus the safety margin, or an upper bound when that already
        fits the budget: a byte-level BPE token is at least one byte, so a prompt of no more
        UTF-8 bytes than the budget fits without being tokenised."""
        nbytes = len(p.system.encode()) + len(p.user.encode()) + 8
        if nbytes * (1 + self.config.token_margin) <= self.config.context_tokens:
            return nbytes
        counted = self.counter.count(p.system) + self.counter.count(p.user) + 8
        return round(counted * (1 + self.config.token_margin))

    def chunk_budget(self, structured: bool) -> int:
        """Source tokens one map call can carry: the prompt budget less the margin and the
        map template's own tokens (CHORUS_CHUNK_TOKENS, when set, is an upper bound)."""
        empty = self.prompts.render("map", docs=[], max_notes=MAX_NOTES, structured=structured)
        fixed = self.counter.count(empty.system) + self.counter.count(empty.user) + 8
        room = int(self.config.context_tokens / (1 + self.config.token_margin)) - fixed
        if self.config.chunk_tokens is not None:
            room = min(room, self.config.chunk_tokens)
        return max(64, room)

    async def _call(
        self, p: Prompt, schema: dict[str, Any], warnings: list[str], *, key: str = "sentences",
        max_words: int | None = None, on_items: OnItems | None = None,
    ) -> Parsed:  # fmt: skip
        """One call through the cache, the client (retries, limits) and the output policy."""
        max_tokens = self.config.max_output_tokens
        structured = self.client.use_structured
        model = self.client.server.model or self.client.model  # what the server runs, if known
        ckey = call_key(model, p.version, p.system, p.user, max_tokens=max_tokens,
                        schema=schema if structured else None)  # fmt: skip
        notes = key == "notes"
        hit = await self.cache.get(ckey) if self.cache is not None else None
        if hit is not None:
            c = _completion(hit)
            self.calls.append(Usage(cache_hits=1))
            raw = parse_completion(c, key)
            if on_items:
                on_items(raw.sentences)
            parsed = repair(raw, max_words, notes=notes)
            warnings.extend(parsed.warnings)
            return parsed
        result: list[Parsed] = []
        raw_items: list[list[DraftSentence]] = [[]]

        def check(c: Completion) -> None:
            raw = parse_completion(c, key)
            raw_items[0] = raw.sentences
            result[:] = [repair(raw, max_words, notes=notes)]

        def on_attempt(c: Completion | None) -> None:
            self.calls.append(Usage(
                llm_calls=1, prompt_tokens=c.prompt_tokens if c else 0,
                completion_tokens=c.completion_tokens if c else 0,
            ))  # fmt: skip

        def on_text(text: str) -> None:
            if on_items:
                on_items(complete_items(text, key))

        c = await self.client.complete(
            p.system, p.user, max_tokens=max_tokens, json_schema=schema, check=check,
            on_attempt=on_attempt, on_text=on_text if on_items else None,
            prompt_tokens=_estimate(p),
        )  # fmt: skip
        self.calls.append(Usage(cache_misses=1))
        if c.model:
            self.reported_model = c.model
        if on_items:
            on_items(raw_items[0])
        parsed = result[0]
        if parsed.truncated:
            warnings.append(
                f"the model's output hit the {max_tokens}-token limit or broke off; "
                f"kept {len(parsed.sentences)} complete sentence(s)"
            )
        warnings.extend(parsed.warnings)
        if self.cache is not None:
            await self.cache.put(ckey, c.model_dump_json())
        return parsed

    async def summarise(
        self, corpus: Corpus, max_words: int, style: Style, *,
        on_progress: OnProgress | None = None, on_items: OnItems | None = None,
    ) -> Draft:  # fmt: skip
        structured = self.client.use_structured
        stuff = self.prompts.render(
            "summarize", docs=corpus.model_docs, max_words=max_words, style=style,
            structured=structured,
        )  # fmt: skip

        def plan() -> Plan:
            return make_plan(corpus, self.counter, self._tokens(stuff),
                             self.config.context_tokens, self.chunk_budget(structured))  # fmt: skip

        # Counting and chunking a big cluster is CPU work: keep it off the event loop.
        big = len(stuff.user) > self.config.context_tokens
        the_plan = await run_cpu(plan) if big else plan()
        warnings: list[str] = []
        if the_plan.mode == "stuff":
            parsed = await self._call(
                stuff, SUMMARY_SCHEMA, warnings, max_words=max_words, on_items=on_items
            )
            version = stuff.version
        else:
            chunks = [c.parts for c in the_plan.chunks]
            parsed, version = await self._map_reduce(
                chunks, corpus, max_words, style, warnings, on_progress, on_items
            )
        return Draft(
            headline=parsed.headline or "",
            sentences=parsed.sentences,
            engine="llm",
            model=self.reported_model or self.client.model,
            prompt_version=version,
            usage=self.spent(),
            warnings=warnings,
        )

    async def _map(
        self, chunks: list[list[Doc]], warnings: list[str], on_progress: OnProgress | None
    ) -> tuple[list[str], str]:
        """All map calls at once; the notes with cluster citation markers, in chunk order."""
        structured = self.client.use_structured
        max_notes = max(MIN_NOTES, min(MAX_NOTES, self.chunk_budget(structured) // TOKENS_PER_NOTE))
        prompts = [
            self.prompts.render(
                "map", docs=local_numbering(parts), max_notes=max_notes, structured=structured
            )  # fmt: skip
            for parts in chunks
        ]
        done = 0

        async def one(p: Prompt) -> Parsed:
            nonlocal done
            parsed = await self._call(p, MAP_SCHEMA, warnings, key="notes")
            done += 1
            if on_progress:
                on_progress("map", done, len(prompts))
            return parsed

        results = await asyncio.gather(*(one(p) for p in prompts))
        notes = []
        for parts, r in zip(chunks, results, strict=True):
            for n in r.sentences:
                note = to_cluster_numbers(n, parts)
                notes.append(f"{note.text} {citation_markers(note.citations)}".strip())
        return notes, prompts[0].version

    async def _map_reduce(
        self, chunks: list[list[Doc]], corpus: Corpus, max_words: int, style: Style,
        warnings: list[str], on_progress: OnProgress | None, on_items: OnItems | None,
    ) -> tuple[Parsed, str]:  # fmt: skip
        notes, map_version = await self._map(chunks, warnings, on_progress)
        versions = {map_version}
        sources = [
            {"n": d.n, "source": d.source, "title": d.title, "article_id": d.article_id}
            for d in corpus.model_docs
        ]
        while True:
            final = self.prompts.render(
                "reduce", notes=notes, sources=sources, max_words=max_words, style=style,
                structured=self.client.use_structured, final=True,
            )  # fmt: skip
            versions.add(final.version)
            if self._tokens(final) <= self.config.context_tokens or len(notes) <= 1:
                if on_progress:
                    on_progress("reduce", 0, 1)
                parsed = await self._call(
                    final, SUMMARY_SCHEMA, warnings, max_words=max_words, on_items=on_items
                )
                return parsed, "+".join(sorted(versions))
            notes = await self._reduce_level(notes, sources, max_words, style, warnings)

    async def _reduce_level(
        self, notes: list[str], sources: list[dict[str, Any]], max_words: int, style: Style,
        warnings: list[str],
    ) -> list[str]:  # fmt: skip
        """One tree level (only when the notes overflow one prompt): batches reduced at once."""
        budget = self.config.context_tokens // 2
        batches: list[list[str]] = [[]]
        used = 0
        for note in notes:
            cost = self.counter.count(note) + 2
            if batches[-1] and used + cost > budget:
                batches.append([])
                used = 0
            batches[-1].append(note)
            used += cost
        if len(batches) == 1:  # cannot shrink by batching: split in half
            half = max(1, len(notes) // 2)
            batches = [notes[:half], notes[half:]]
        prompts = [
            self.prompts.render(
                "reduce",
                notes=b,
                sources=sources,
                max_words=max(max_words, 200),
                style=style,
                structured=self.client.use_structured,
                final=False,
            )  # fmt: skip
            for b in batches
        ]
        results = await asyncio.gather(
            *(self._call(p, SUMMARY_SCHEMA, warnings, key="sentences") for p in prompts)
        )
        merged = [
            f"{strip_markers(s.text)[0]} {citation_markers(s.citations)}".strip()
            for r in results
            for s in r.sentences
        ]
        if len(merged) >= len(notes):
            merged = merged[: max(1, len(notes) // 2)]
            warnings.append("reduce did not shrink the notes; kept the first half")
        return merged


def _estimate(p: Prompt) -> int:
    """A cheap token estimate for the TPM bucket (about 4 bytes a token in English news);
    the bucket is trued up with the real count once the answer is in."""
    return (len(p.system.encode()) + len(p.user.encode())) // 4 + 8


def _completion(stored: str) -> Completion:
    from chorus.llm.client import Completion  # the openai SDK loads only when a model is used

    return Completion.model_validate_json(stored).model_copy(update={"cached": True})


__all__ = ["LLMEngine", "local_numbering", "to_cluster_numbers"]
