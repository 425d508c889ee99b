"""The calibrated verdict: a logistic model over the assessment's features.

The weights are a small versioned JSON file shipped in this package (`checker_model.json`),
written by `chorus train-checker` (scikit-learn, deterministic); reading them needs no
library, so checking stays fast and dependency-free. P(supported) comes out calibrated (the
training fits it on weakly-labelled real text; the bench reports its expected calibration
error).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

MODEL_PATH = Path(__file__).with_name("checker_model.json")
FEATURES: tuple[str, ...] = (
    "coverage", "single", "bigram", "absent", "novel_max", "absent_count", "gap_run", "clause_gap",
    "terms", "num_missing", "num_matched", "num_conflict", "date_conflict", "ent_absent",
    "ent_elsewhere", "ent_subst", "negation", "antonym", "role_swap", "displaced", "quote_missing",
    "quote_speaker", "word_swap", "copy_subst", "copy_moved",
    "num_elsewhere", "added_clause",
)  # fmt: skip
# The model is monotone: how well the evidence covers the claim can only raise P(supported),
# and every finding against it can only lower it (a learned positive weight on "a number is
# missing" would be an artefact of the weak labels, and would pass "10 minutes" against a
# source that never gives a duration). `chorus train-checker` fits under these signs.
RAISES = frozenset({"coverage", "single", "bigram", "num_matched"})
FREE = frozenset({"terms"})
LOWERS = frozenset(FEATURES) - RAISES - FREE


class CheckerModel(BaseModel):
    """A logistic model: P(supported) = sigmoid(intercept + sum(weight * feature))."""

    version: str
    features: list[str]
    weights: list[float]
    intercept: float
    trained_on: dict[str, int] = Field(default_factory=dict)

    def probability(self, x: dict[str, float]) -> float:
        z = self.intercept + sum(
            w * x.get(f, 0.0) for f, w in zip(self.features, self.weights, strict=True)
        )
        return _sigmoid(z)

    def most(self, known: dict[str, float]) -> float:
        """The highest P(supported) any assessment that starts with the `known` features can
        reach: every other feature is at least 0, so one with a weight below 0 can only lower
        it, and one with a weight above 0 adds at most its weight times its `CEILING` (1.0, no
        bound at all, when it has none)."""
        z = self.intercept
        for f, w in zip(self.features, self.weights, strict=True):
            if f in known:
                z += w * known[f]
            elif w > 0:
                if f not in CEILING:
                    return 1.0
                z += w * CEILING[f]
        return _sigmoid(z)


# The most an assessment feature can be, for those the model may weigh up (`assess`).
CEILING = {"num_matched": 2.0, "single": 1.0, "bigram": 1.0, "coverage": 1.0}


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> CheckerModel:
    return CheckerModel.model_validate(json.loads(path.read_text(encoding="utf-8")))


__all__ = [
    "CEILING",
    "FEATURES",
    "FREE",
    "LOWERS",
    "MODEL_PATH",
    "RAISES",
    "CheckerModel",
    "load_model",
]
