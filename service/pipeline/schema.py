"""Models passed between pipeline stages (internal; the public contract is service.models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chorus.models import Usage


class Doc(BaseModel):
    """A normalised article: plain text, NFC, tidy whitespace; `n` is its citation number."""

    n: int
    article_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    text: str


class Sentence(BaseModel):
    """A sentence with a stable id `"<n>:<index>"` and its char span in the normalised text."""

    id: str
    n: int
    index: int
    start: int
    end: int
    text: str


class Corpus(BaseModel):
    """Everything the engines and the verifier need about a cluster."""

    cluster_id: str
    title: str | None = None
    docs: list[Doc]
    sentences: list[Sentence] = Field(default_factory=list)
    # n -> the representative n whose text stands for it (itself when not a duplicate).
    representative: dict[int, int] = Field(default_factory=dict)

    def doc(self, n: int) -> Doc:
        return self.docs[n - 1]

    def sentences_of(self, n: int) -> list[Sentence]:
        return [s for s in self.sentences if s.n == n]

    def copies_of(self, rep: int) -> list[int]:
        """All article numbers that `rep` stands for (including itself)."""
        return sorted(n for n, r in self.representative.items() if r == rep) or [rep]

    @property
    def model_docs(self) -> list[Doc]:
        """The docs the model sees: one copy per duplicate group."""
        return [d for d in self.docs if d.text and self.representative.get(d.n, d.n) == d.n]

    @property
    def empty_docs(self) -> list[Doc]:
        """Articles that had no text: numbered and listed in sources, never cited."""
        return [d for d in self.docs if not d.text]


class Chunk(BaseModel):
    """A sentence-aligned slice of the cluster that fits one map call."""

    index: int
    parts: list[Doc]  # docs with `text` restricted to the chunk's sentences
    tokens: int


class Plan(BaseModel):
    mode: Literal["stuff", "map_reduce"]
    chunks: list[Chunk]


class DraftSentence(BaseModel):
    text: str
    citations: list[int] = Field(default_factory=list)


class Draft(BaseModel):
    """An engine's output before verification."""

    headline: str
    sentences: list[DraftSentence]
    engine: Literal["llm", "extractive"]
    model: str | None = None
    prompt_version: str | None = None
    usage: Usage = Field(default_factory=Usage)
    warnings: list[str] = Field(default_factory=list)
