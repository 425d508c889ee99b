"""The text stages before any engine or check: normalise -> dedupe -> segment, plus the
checker's index over the cluster's sentences."""

from __future__ import annotations

from dataclasses import dataclass

from chorus.checker.support import SupportIndex
from chorus.models import Cluster, Source
from chorus.pipeline.dedupe import dedupe
from chorus.pipeline.normalise import normalise
from chorus.pipeline.schema import Corpus
from chorus.pipeline.segment import segment
from chorus.settings import Limits


@dataclass(frozen=True)
class Prepared:
    """A cluster after the text stages, ready for an engine or a check."""

    corpus: Corpus
    index: SupportIndex


def prepare(cluster: Cluster, limits: Limits) -> Prepared:
    corpus = segment(dedupe(normalise(cluster, limits)))
    return Prepared(corpus=corpus, index=SupportIndex(corpus.sentences))


def sources_of(corpus: Corpus) -> list[Source]:
    return [
        Source(n=d.n, article_id=d.article_id, title=d.title, source=d.source, url=d.url)
        for d in corpus.docs
    ]


__all__ = ["Prepared", "prepare", "sources_of"]
