"""Stage 6: an engine's draft -> checked sentences (citations resolved, each sentence judged).

The loop itself is the checker's (`chorus.checker.report`); what is particular to our own
drafts is here: inline markers merged into the citations, and a sentence the engine left
uncited attributed to the articles that support it (with a warning).
"""

from __future__ import annotations

from chorus.checker.judges import OfflineJudge
from chorus.checker.report import CheckReport, SentenceIn, assemble, claims_of
from chorus.checker.support import SupportIndex
from chorus.pipeline.citations import strip_markers
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.schema import Corpus, Draft


def attribute(text: str, corpus: Corpus, index: SupportIndex) -> list[int]:
    """The articles that on their own support `text` (with their wire copies)."""
    found: set[int] = set()
    for doc in corpus.model_docs:
        if index.judge(text, [doc.n]).verdict == "supported":
            found.update(corpus.copies_of(doc.n))
    return sorted(found)


def verify(draft: Draft, prepared: Prepared) -> CheckReport:
    """Clean, validate and judge the draft's sentences against the cluster."""
    corpus, index = prepared.corpus, prepared.index
    sentences: list[SentenceIn] = []
    for ds in draft.sentences:
        text, inline = strip_markers(ds.text)
        if text:
            sentences.append(SentenceIn(text=text, citations=[*ds.citations, *inline]))
    claims, invalids, warnings = claims_of(
        sentences, corpus, attribute=lambda text: attribute(text, corpus, index)
    )
    checked, more = assemble(claims, invalids, OfflineJudge().judge_now(prepared, claims))
    headline = strip_markers(draft.headline)[0] or corpus.title or corpus.cluster_id
    return CheckReport.of(corpus.cluster_id, headline, checked, warnings + more)


__all__ = ["attribute", "verify"]
