"""Thresholds that gate an eval run (evals/thresholds.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from chorus.errors import InvalidInput
from chorus.loaders import format_validation_error, read_text_file

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.toml"


class Bound(BaseModel):
    min: float | None = None
    max: float | None = None


class ThresholdResult(BaseModel):
    metric: str
    kind: Literal["min", "max"]
    limit: float
    value: float | None
    passed: bool


def load_thresholds(dataset: str, path: Path = THRESHOLDS_FILE) -> dict[str, Bound]:
    try:
        raw = tomllib.loads(read_text_file(path))  # regular files only, bounded
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{path}: cannot read thresholds ({exc})") from exc
    section = raw.get(dataset, raw.get("default", {}))
    if not isinstance(section, dict):
        raise InvalidInput(f"{path} [{dataset}]: expected a table of metric bounds")
    try:
        return {str(k): Bound.model_validate(v) for k, v in section.items()}
    except ValidationError as exc:
        raise InvalidInput(f"{path} [{dataset}]: {format_validation_error(exc)}") from exc


def apply_thresholds(
    metrics: dict[str, float | None], bounds: dict[str, Bound]
) -> list[ThresholdResult]:
    """One result per bound; a metric the run did not produce fails its bound."""
    out: list[ThresholdResult] = []
    for metric, bound in bounds.items():
        value = metrics.get(metric)
        if bound.min is not None:
            ok = value is not None and value >= bound.min - 1e-9
            out.append(
                ThresholdResult(metric=metric, kind="min", limit=bound.min, value=value, passed=ok)
            )
        if bound.max is not None:
            ok = value is not None and value <= bound.max + 1e-9
            out.append(
                ThresholdResult(metric=metric, kind="max", limit=bound.max, value=value, passed=ok)
            )
    return out
