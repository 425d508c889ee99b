"""The Lead baseline: what a summary made of the articles' opening sentences scores.

Each article's sentences in turn (every article's first, then every second, ...), each cited
to its own article, until the word budget: the classic news baseline, put beside Chorus in
every eval report so a figure can be read against it.
"""

from __future__ import annotations

from chorus.checker.report import SentenceIn
from chorus.pipeline.prepare import Prepared


def lead_sentences(prepared: Prepared, max_words: int) -> list[SentenceIn]:
    corpus = prepared.corpus
    by_doc = [corpus.sentences_of(d.n) for d in corpus.model_docs]
    out: list[SentenceIn] = []
    words = 0
    for k in range(max((len(s) for s in by_doc), default=0)):
        for sents in by_doc:
            if k >= len(sents):
                continue
            s = sents[k]
            n = len(s.text.split())
            if out and words + n > max_words:
                return out
            out.append(SentenceIn(text=s.text, citations=[s.n]))
            words += n
    return out


__all__ = ["lead_sentences"]
