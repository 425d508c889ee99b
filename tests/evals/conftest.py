"""Fixtures for the eval harness: the prepared seed cluster and a sentence checker."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from chorus.models import Cluster
from chorus.pipeline.normalise import Limits
from chorus.pipeline.summarizer import Prepared, prepare
from chorus_evals.judges import OfflineJudge
from chorus_evals.scorers import SentenceResult, SummarySentenceIn, check_sentences

CheckFn = Callable[[list[tuple[str, list[int]]]], Coroutine[Any, Any, list[SentenceResult]]]


@pytest.fixture
def seeds(seed_cluster: Cluster) -> Prepared:
    return prepare(seed_cluster, Limits())


@pytest.fixture
def check(seeds: Prepared) -> CheckFn:
    async def run(pairs: list[tuple[str, list[int]]]) -> list[SentenceResult]:
        sentences = [SummarySentenceIn(text=t, citations=c) for t, c in pairs]
        return await check_sentences(sentences, seeds, OfflineJudge())

    return run
