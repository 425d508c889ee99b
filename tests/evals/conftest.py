"""Fixtures for the eval harness: the prepared seed cluster and a sentence checker."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from chorus.checker.judges import OfflineJudge
from chorus.checker.report import CheckedSentence, SentenceIn, check_sentences
from chorus.models import Cluster
from chorus.pipeline.prepare import Prepared, prepare
from chorus.settings import Limits

CheckFn = Callable[[list[tuple[str, list[int]]]], Coroutine[Any, Any, list[CheckedSentence]]]


@pytest.fixture
def seeds(seed_cluster: Cluster) -> Prepared:
    return prepare(seed_cluster, Limits())


@pytest.fixture
def check(seeds: Prepared) -> CheckFn:
    async def run(pairs: list[tuple[str, list[int]]]) -> list[CheckedSentence]:
        sentences = [SentenceIn(text=t, citations=c) for t, c in pairs]
        checked, _warnings = await check_sentences(sentences, seeds, OfflineJudge())
        return checked

    return run
