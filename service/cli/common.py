"""What every command shares: the verbose flag, one-line failures, settings, the summarizer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer
from pydantic import ValidationError

from chorus.loaders import format_validation_error
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings, get_settings

if TYPE_CHECKING:
    from chorus.llm.client import LLMClient

_state = {"verbose": False}

OutputFormat = Literal["md", "json"]  # what --format takes wherever it appears

# `--jobs N` of the batch commands: clusters at once (the LLM client's limits still apply).
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, max=256,
                 help="Clusters at once (default: CHORUS_LLM_MAX_CONCURRENCY)."),
]  # fmt: skip


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def load_settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        fail(f"bad configuration: {format_validation_error(exc)}")


def build_llm(settings: Settings, wanted: bool) -> LLMClient | None:
    """The LLM client when one is configured and a command will use it, else None."""
    if not (wanted and settings.llm_configured):
        return None
    from chorus.llm.client import LLMClient  # the openai SDK loads only when a model is used

    return LLMClient.from_settings(settings)


def build_summarizer(settings: Settings, engine: str) -> Summarizer:
    """The summarizer for a command (see `Summarizer.build`); close it with `aclose()`."""
    return Summarizer.build(settings, use_llm=engine != "extractive")


__all__ = [
    "JobsOption",
    "OutputFormat",
    "_state",
    "build_llm",
    "build_summarizer",
    "fail",
    "load_settings",
]
