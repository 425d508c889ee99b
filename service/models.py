"""Public contract: the cluster going in and the summary coming out.

The API, the CLI, the evals and the Slack brief all speak these models.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

EngineName = Literal["llm", "extractive"]
EngineChoice = Literal["auto", "llm", "extractive"]
Style = Literal["paragraph", "bullets"]


def is_blank(text: str) -> bool:
    """No visible character: only whitespace, control characters (NUL, ...) and invisible
    format characters (zero-width spaces and joiners, direction marks, a BOM)."""
    return all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def _printable_id(value: str) -> str:
    """An id is a name: no control characters (a NUL byte cannot even be stored in Postgres)."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("id must not contain control characters")
    return value


# Metadata sizes a summary request may carry (check_limits refuses more, with the field;
# ingest clips what feeds send to them): a title is a line, not a text.
MAX_TITLE_CHARS = 1_000
MAX_SOURCE_CHARS = 300
MAX_URL_CHARS = 2_048


class Article(BaseModel):
    """One news article. Its 1-based position in the cluster is its citation number."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: Annotated[str, Field(min_length=1, max_length=200)]
    title: str | None = None
    source: str | None = Field(default=None, description="Publisher, e.g. 'Reuters'.")
    url: str | None = None
    published_at: datetime | None = None
    text: str

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_string(cls, value: object) -> object:
        # Datasets often number their articles; ids are strings in the contract.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    _id_printable = field_validator("id")(_printable_id)

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str, info: ValidationInfo) -> str:
        # Batch readers may pass context {"allow_empty_text": True}: such an article keeps its
        # number and is reported in the summary's warnings instead of failing the cluster.
        if is_blank(value) and not (info.context or {}).get("allow_empty_text"):
            raise ValueError("article text is empty or whitespace only")
        return value

    @field_validator("url")
    @classmethod
    def _url_is_web(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.lower().startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return value


class Cluster(BaseModel):
    """A set of articles about one story."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[str, Field(min_length=1, max_length=200)]
    title: str | None = None
    articles: list[Article]

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_string(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    _id_printable = field_validator("id")(_printable_id)

    @field_validator("articles")
    @classmethod
    def _articles_present_and_unique(cls, articles: list[Article]) -> list[Article]:
        if not articles:
            raise ValueError("a cluster needs at least one article")
        seen: set[str] = set()
        for article in articles:
            if article.id in seen:
                raise ValueError(f"duplicate article id {article.id!r}")
            seen.add(article.id)
        return articles


class SummaryOptions(BaseModel):
    """How to summarise. Every field has a sensible default."""

    model_config = ConfigDict(extra="forbid")

    engine: EngineChoice = "auto"
    max_words: Annotated[int | None, Field(ge=15, le=1000)] = Field(
        default=None, description="Word budget; default CHORUS_DEFAULT_MAX_WORDS."
    )
    style: Style = "paragraph"


Verdict = Literal["supported", "partial", "unsupported", "contradicted"]


class Evidence(BaseModel):
    """An evidence sentence the checker aligned a claim to: article `n`, its sentence id and
    character offsets in the article's normalised text."""

    sentence_id: str
    n: int
    text: str
    score: float = Field(default=0.0, description="Share of the claim's content it carries.")
    start: int = 0
    end: int = 0


class SummarySentence(BaseModel):
    text: str = Field(description="The sentence without citation markers.")
    citations: list[int] = Field(description="1-based article numbers the sentence cites.")
    support: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        description="How well the cited articles support the sentence (0..1)."
    )
    invalid_citations: list[int] = Field(
        default_factory=list,
        description="Numbers the engine cited that name no article (dropped from `citations`).",
    )
    verdict: Verdict | None = Field(
        default=None, description="The checker's verdict on the sentence."
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="The source sentences the checker aligned it to."
    )
    reason: str | None = Field(default=None, description="The verdict in one line.")


class Source(BaseModel):
    n: int
    article_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    copy_of: int | None = Field(
        default=None, description="A wire copy: the number of the article it repeats."
    )


class Usage(BaseModel):
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    # LLM calls answered from the call cache (no request sent) and calls that were sent.
    cache_hits: int = 0
    cache_misses: int = 0

    def add(self, other: Usage) -> Usage:
        return Usage(
            llm_calls=self.llm_calls + other.llm_calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cache_hits=self.cache_hits + other.cache_hits,
            cache_misses=self.cache_misses + other.cache_misses,
        )


class Summary(BaseModel):
    cluster_id: str
    headline: str
    sentences: list[SummarySentence]
    sources: list[Source]
    engine: EngineName
    model: str | None = None
    prompt_version: str | None = None
    usage: Usage = Field(default_factory=Usage)
    warnings: list[str] = Field(default_factory=list)
    markdown: str = ""

    @model_validator(mode="after")
    def _citations_point_at_sources(self) -> Summary:
        known = {s.n for s in self.sources}
        for sentence in self.sentences:
            unknown = [c for c in sentence.citations if c not in known]
            if unknown:
                raise ValueError(f"sentence cites unknown sources {unknown}")
        return self
