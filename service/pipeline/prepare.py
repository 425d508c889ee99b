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
    # Segmenting first lets dedupe read the words the index already took from each sentence.
    corpus = segment(normalise(cluster, limits))
    index = SupportIndex(corpus.sentences)
    return Prepared(corpus=dedupe(corpus, tokens=doc_tokens(corpus, index)), index=index)


def doc_tokens(corpus: Corpus, index: SupportIndex) -> dict[int, list[str]]:
    """Each doc's `words(doc.text)`, joined from its sentences' words: the same list, since
    sentences are split at whitespace, which no token spans and `canon` never reads across."""
    out: dict[int, list[str]] = {d.n: [] for d in corpus.docs}
    for s, f in zip(index.sentences, index.features, strict=True):
        out[s.n].extend(f.plain_tokens)
    return out


def sources_of(corpus: Corpus) -> list[Source]:
    out = []
    for d in corpus.docs:
        rep = corpus.representative.get(d.n, d.n)
        out.append(
            Source(
                n=d.n,
                article_id=d.article_id,
                title=d.title,
                source=d.source,
                url=d.url,
                copy_of=rep if rep != d.n else None,
            )  # fmt: skip
        )
    return out


__all__ = ["Prepared", "doc_tokens", "prepare", "sources_of"]
