"""What every command shares: the verbose flag, one-line failures, settings, the summarizer."""

from __future__ import annotations

from typing import NoReturn

import typer
from pydantic import ValidationError

from chorus.loaders import format_validation_error
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings, get_settings

_state = {"verbose": False}


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def load_settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        fail(f"bad configuration: {format_validation_error(exc)}")


def build_summarizer(settings: Settings, engine: str) -> Summarizer:
    llm = None
    if settings.llm_configured and engine != "extractive":
        from chorus.llm.client import LLMClient  # the openai SDK loads only when a model is used

        llm = LLMClient.from_settings(settings)
    return Summarizer.from_settings(settings, llm=llm)


__all__ = ["_state", "build_summarizer", "fail", "load_settings"]
