"""The extractive engine's headline: a neutral clause composed from its best-agreed
candidates (`headline.compose_headline`); else from the sentences no body may lift (a lead
cut off mid-sentence, a sentence too long); else the caller's cluster title; else a clause of
the summary's first sentence, or of any option the checker supports (`headline.last_resort`).
"""

from __future__ import annotations

from collections.abc import Sequence

from chorus.pipeline.candidates import closed_clause, prose_ok
from chorus.pipeline.citing import Citer, Support
from chorus.pipeline.compress import compress
from chorus.pipeline.headline import (
    HeadlineOption,
    compose_headline,
    fallback_headline,
    last_resort,
)
from chorus.pipeline.headline_clause import name_in_full
from chorus.pipeline.schema import Corpus, DraftSentence, Sentence
from chorus.pipeline.text import content_terms

HEADLINE_OPTIONS = 20


def engine_headline(
    corpus: Corpus,
    pool: Sequence[Sentence],
    candidates: Sequence[Sentence],
    texts: Sequence[str],
    agreed: Sequence[float],
    sentences: Sequence[DraftSentence],
    citer: Citer,
    support: Support,
) -> str:
    """A neutral headline from the best-agreed sentences (see `headline`); else the
    caller's cluster title; else a clause of the first sentence."""
    best = sorted(range(len(candidates)), key=lambda i: (-agreed[i], i))[:HEADLINE_OPTIONS]
    options = [
        HeadlineOption(text=texts[i], citations=[candidates[i].n], weight=agreed[i]) for i in best
    ]
    titles = [d.title for d in corpus.docs if d.title]
    first = sentences[0].text if sentences else ""

    def compose(opts: list[HeadlineOption]) -> str | None:
        h = compose_headline(opts, titles, first, citer.article_terms, support.holds)
        return named_in_full(h, corpus, support) if h else h

    composed = compose(options)
    if not composed:  # then the sentences no body may lift (cut off, too long…)
        options = cut_off_options(pool, candidates, citer)
        composed = compose(options)
    if composed:
        return composed
    if corpus.title:
        return corpus.title
    fallback = fallback_headline([s.text for s in sentences], titles)
    if fallback:
        return fallback
    clause = last_resort(
        [(s.text, s.citations) for s in sentences]
        + [(texts[i], [candidates[i].n]) for i in best]
        + [(o.text, o.citations) for o in options],
        titles,
        support.holds,
    )
    return clause or corpus.cluster_id


def named_in_full(headline: str, corpus: Corpus, support: Support) -> str:
    """The headline with a bare surname it opens with given in full, when the checker
    still supports it (`headline_clause.name_in_full`)."""
    docs = corpus.model_docs
    named = name_in_full(headline, [d.text for d in docs])
    ok = named == headline or support.holds(named, [d.n for d in docs])
    return named if ok else headline


def cut_off_options(
    pool: Sequence[Sentence], candidates: Sequence[Sentence], citer: Citer
) -> list[HeadlineOption]:
    """Headline options from the sentences no body may lift (a lead paragraph cut off
    mid-sentence, a sentence too long): a headline needs only one closed clause, leads first.
    Their words join the articles' terms the headline is checked against."""
    lifted = {(s.n, s.index) for s in candidates}
    rest = sorted(
        (s for s in pool if (s.n, s.index) not in lifted and prose_ok(s.text)),
        key=lambda s: (s.index, s.n),
    )
    out: list[HeadlineOption] = []
    for s in rest[:HEADLINE_OPTIONS]:
        clause = closed_clause(compress(s.text))
        if clause:
            citer.extra_terms(s.n, content_terms(clause))
            out.append(HeadlineOption(text=clause, citations=[s.n], weight=-1.0 - len(out)))
    return out


__all__ = ["HEADLINE_OPTIONS", "cut_off_options", "engine_headline", "named_in_full"]
