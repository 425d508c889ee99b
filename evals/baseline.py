"""The Lead baseline every dataset is reported against.

Lead = the articles' sentences in lead order, round-robin across articles (first sentence of
article 1, of article 2, …, then the second sentences, …), each cited to its own article, until
the next sentence would pass the word budget. The budget is the engine's, so the two are
compared at the same length.
"""

from __future__ import annotations

from chorus.checker.report import SentenceIn
from chorus.pipeline.prepare import Prepared

BASELINE_NAME = "lead"


def lead_sentences(prepared: Prepared, max_words: int) -> list[SentenceIn]:
    """Round-robin lead sentences within `max_words` (at least one sentence)."""
    corpus = prepared.corpus
    per_article = [
        [s for s in corpus.sentences_of(d.n) if len(s.text.split()) >= 4] for d in corpus.model_docs
    ]
    out: list[SentenceIn] = []
    used = 0
    depth = 0
    while any(depth < len(ss) for ss in per_article):
        for ss in per_article:
            if depth >= len(ss):
                continue
            s = ss[depth]
            n_words = len(s.text.split())
            if out and used + n_words > max_words:
                return out
            out.append(SentenceIn(text=s.text, citations=corpus.copies_of(s.n)))
            used += n_words
        depth += 1
    return out


__all__ = ["BASELINE_NAME", "lead_sentences"]
