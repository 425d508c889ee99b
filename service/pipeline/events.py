"""What a streamed summary emits, in order: map progress, reduce started, each verified
sentence as soon as the model has finished it, then the final Summary (authoritative: the
repairs and budget trims of the output policy are applied there, so a streamed sentence may
be missing from it) — or an error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

from chorus.errors import ErrorInfo
from chorus.models import Summary, SummarySentence


class ProgressEvent(BaseModel):
    type: Literal["progress"] = "progress"
    stage: Literal["map", "reduce"]
    done: int
    total: int


class SentenceEvent(BaseModel):
    type: Literal["sentence"] = "sentence"
    index: int
    sentence: SummarySentence


class SummaryEvent(BaseModel):
    type: Literal["summary"] = "summary"
    summary: Summary


class ErrorEvent(BaseModel):
    type: Literal["error"] = "error"
    error: ErrorInfo


Event = ProgressEvent | SentenceEvent | SummaryEvent | ErrorEvent
EventSink = Callable[[Event], None]

__all__ = ["ErrorEvent", "Event", "EventSink", "ProgressEvent", "SentenceEvent", "SummaryEvent"]
