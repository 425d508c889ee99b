"""The LLM engine: one stuff call, or parallel map calls then a tree of reduce calls."""

from __future__ import annotations

import asyncio
import json
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from chorus.errors import LLMOutputError
from chorus.llm.prompts import Prompt, PromptLoader
from chorus.llm.tokens import TokenCounter
from chorus.models import Style, Usage
from chorus.pipeline.citations import (
    MAX_CITATION_DIGITS,
    citation_number,
    parse_marked_text,
    strip_markers,
)
from chorus.pipeline.plan import plan as make_plan
from chorus.pipeline.render import citation_markers
from chorus.pipeline.schema import Corpus, Doc, Draft, DraftSentence, Plan
from chorus.settings import TokenBudget

if TYPE_CHECKING:
    from chorus.llm.client import Completion, LLMClient

SUMMARY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "headline": {"type": "string"},
        "sentences": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "citations": {"type": "array", "items": {"type": "integer"}},
                },
                "required": ["text", "citations"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["headline", "sentences"],
    "additionalProperties": False,
}
MAP_SCHEMA: dict[str, Any] = {
    **SUMMARY_SCHEMA,
    "properties": {
        "headline": {"type": "string"},
        "notes": SUMMARY_SCHEMA["properties"]["sentences"],
    },
    "required": ["headline", "notes"],
}
NOTES_PER_CHUNK = 10
_SENTENCE_OBJ_RE = re.compile(
    r"\{\s*\"text\"\s*:\s*(\"(?:[^\"\\]|\\.)*\")\s*,\s*\"citations\"\s*:\s*\[([\d,\s]*)\]\s*\}"
)


def _citation_ids(raw: object) -> list[int]:
    """Citation numbers as the model gave them: 1, "1", "[1]", "1, 2" all count."""
    items = raw if isinstance(raw, list) else [raw]
    ids: list[int] = []
    for item in items:
        if isinstance(item, bool):
            continue
        if isinstance(item, int):
            ids.append(item if 0 < item < 10**MAX_CITATION_DIGITS else 0)
        elif isinstance(item, str | float):
            text = item if isinstance(item, str) else f"{item:.0f}"
            ids.extend(citation_number(x) for x in re.findall(r"\d+", text.split(".")[0]))
    return ids


class _Parsed(BaseModel):
    headline: str | None
    sentences: list[DraftSentence]
    truncated: bool = False


def parse_completion(c: Completion, key: str = "sentences") -> _Parsed:
    """JSON (structured) or HEADLINE/SUMMARY text with [n] markers; salvage truncated JSON."""
    text = c.text.strip()
    truncated = c.finish_reason == "length"
    if text.startswith("```"):
        text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text)
    if text.startswith("{"):
        try:
            data = json.loads(text)
            items = data.get(key) or data.get("sentences") or data.get("notes") or []
            sentences = [
                DraftSentence(
                    text=str(it.get("text", "")),
                    citations=_citation_ids(it.get("citations", [])),
                )
                for it in items
                if isinstance(it, dict)
            ]
            headline = data.get("headline")
            return _Parsed(
                headline=str(headline) if headline else None,
                sentences=sentences,
                truncated=truncated,
            )
        except (json.JSONDecodeError, AttributeError, ValidationError, TypeError, ValueError):
            # Truncated or malformed JSON: keep every complete sentence object.
            found = [
                DraftSentence(
                    text=json.loads(m.group(1)),
                    citations=[citation_number(x) for x in re.findall(r"\d+", m.group(2))],
                )
                for m in _SENTENCE_OBJ_RE.finditer(text)
            ]
            hm = re.search(r"\"headline\"\s*:\s*(\"(?:[^\"\\]|\\.)*\")", text)
            return _Parsed(
                headline=json.loads(hm.group(1)) if hm else None,
                sentences=found,
                truncated=True,
            )
    headline, sentences = parse_marked_text(text)
    if truncated and sentences and not re.search(r"[.!?\"”’\]]\s*$", text):
        sentences = sentences[:-1]  # the last sentence was cut off mid-way
    return _Parsed(headline=headline, sentences=sentences, truncated=truncated)


class LLMEngine:
    def __init__(
        self, client: LLMClient, prompts: PromptLoader, counter: TokenCounter, config: TokenBudget
    ) -> None:
        self.client = client
        self.prompts = prompts
        self.counter = counter
        self.config = config
        self.reported_model: str | None = None  # what the endpoint says it ran
        self.calls: list[Usage] = []

    def spent(self) -> Usage:
        """Tokens paid so far by this engine, including calls of a run that later failed."""
        total = Usage()
        for u in self.calls:
            total = total.add(u)
        return total

    def _tokens(self, p: Prompt) -> int:
        """The prompt's tokens, or an upper bound when that already fits the budget: a
        byte-level BPE token is at least one byte, so a prompt of no more UTF-8 bytes than
        the budget fits without being tokenised (most clusters: no encoding at all)."""
        nbytes = len(p.system.encode()) + len(p.user.encode()) + 8
        if nbytes <= self.config.context_tokens:
            return nbytes
        return self.counter.count(p.system) + self.counter.count(p.user) + 8

    async def _call(
        self, p: Prompt, schema: dict[str, Any], usage: list[Usage], warnings: list[str],
        key: str = "sentences",
    ) -> _Parsed:  # fmt: skip
        max_tokens = self.config.max_output_tokens
        c = await self.client.complete(p.system, p.user, max_tokens=max_tokens, json_schema=schema)
        usage.append(Usage(llm_calls=1, prompt_tokens=c.prompt_tokens,
                           completion_tokens=c.completion_tokens))  # fmt: skip
        if c.model:
            self.reported_model = c.model
        parsed = parse_completion(c, key)
        if parsed.truncated:
            warnings.append(
                f"the model's output hit the {max_tokens}-token limit; "
                f"kept {len(parsed.sentences)} complete sentence(s)"
            )
        if not parsed.sentences:
            raise LLMOutputError("the model returned no usable sentences")
        return parsed

    async def summarise(self, corpus: Corpus, max_words: int, style: Style) -> Draft:
        structured = self.client.use_structured
        docs = corpus.model_docs
        stuff = self.prompts.render(
            "summarize", docs=docs, max_words=max_words, style=style, structured=structured
        )

        def plan() -> Plan:
            return make_plan(
                corpus, self.counter, self._tokens(stuff),
                self.config.context_tokens, self.config.chunk_tokens,
            )  # fmt: skip

        # Counting and chunking a big cluster is CPU work: keep it off the event loop.
        big = len(stuff.user) > self.config.context_tokens
        the_plan = await asyncio.to_thread(plan) if big else plan()
        usage: list[Usage] = self.calls  # shared so spent() is right even if a call fails
        warnings: list[str] = []
        if the_plan.mode == "stuff":
            parsed = await self._call(stuff, SUMMARY_SCHEMA, usage, warnings)
            version = stuff.version
        else:
            parsed, version = await self._map_reduce(
                [c.parts for c in the_plan.chunks], corpus, max_words, style, usage, warnings
            )
        total = self.spent()
        return Draft(
            headline=parsed.headline or "",
            sentences=parsed.sentences,
            engine="llm",
            model=self.reported_model or self.client.model,
            prompt_version=version,
            usage=total,
            warnings=warnings,
        )

    async def _map_reduce(
        self, chunks: list[list[Doc]], corpus: Corpus, max_words: int, style: Style,
        usage: list[Usage], warnings: list[str],
    ) -> tuple[_Parsed, str]:  # fmt: skip
        structured = self.client.use_structured
        maps = [
            self.prompts.render("map", docs=parts, max_notes=NOTES_PER_CHUNK, structured=structured)
            for parts in chunks
        ]
        results = await asyncio.gather(
            *(self._call(p, MAP_SCHEMA, usage, warnings, key="notes") for p in maps)
        )
        notes = [f"{n.text} {citation_markers(n.citations)}".strip()
                 for r in results for n in r.sentences]  # fmt: skip
        versions = {maps[0].version} if maps else set()
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
                parsed = await self._call(final, SUMMARY_SCHEMA, usage, warnings)
                return parsed, "+".join(sorted(versions))
            notes = await self._reduce_level(notes, sources, max_words, style, usage, warnings)

    async def _reduce_level(
        self, notes: list[str], sources: list[dict[str, Any]], max_words: int, style: Style,
        usage: list[Usage], warnings: list[str],
    ) -> list[str]:  # fmt: skip
        """One tree level: batches of notes that fit the budget, reduced in parallel."""
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
            *(self._call(p, SUMMARY_SCHEMA, usage, warnings) for p in prompts)
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
