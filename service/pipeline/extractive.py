"""The embedded default engine: no model, no network. One function from a corpus to a draft.

1. Candidates (`candidates`): complete prose sentences, at most 250, shared by the articles.
2. Compression (`compress`): datelines, bylines, leading connectors, generic attribution
   heads and tails and short parentheticals go; a compressed sentence the checker no longer
   supports falls back to its lighter form.
3. Selection (`selection`): greedy budgeted coverage of concepts weighted by how many
   articles state them; fills the word budget; a sentence that leans on the one before it
   ("He added…") is eligible only once that antecedent is picked. Once the picks are written
   (steps 4-7), each thing is said once (`redundancy`), the words writing freed are spent
   and the words it added stay within the budget (`_written`).
4. Order (`order`): the main event first, then by agreed weight, background last,
   antecedents right before what leans on them; once cited, multi-source sentences first;
   then the sentences that state their event's day in date order (`dates`).
5. Context (`context`): an opening bare surname gets the articles' full first mention.
6. Citations (`citing`): every article that on its own supports the sentence, with its wire
   copies; a sentence only its own article supports drops a trailing side clause when the
   rest is what more articles say (their consensus, cited to all of them).
7. Framing and disagreements: a single-source sentence in an outlet's loaded words is
   attributed to its report; a figure another article puts differently is given as both
   (`disagree`), or said in a warning when the checker would not support that.
8. Headline (`headline`): a neutral clause from what the articles agree on, checked.

The checker is consulted in one place, `citing.Support`, through `SupportIndex.judge`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from chorus.checker.support import SupportIndex
from chorus.pipeline.candidates import (
    MAX_SENTENCE_CHARS,
    candidate_ok,
    cap_candidates,
    closed_candidates,
    quotable,
)
from chorus.pipeline.citing import Citer, Support
from chorus.pipeline.compress import clean_extract, compress
from chorus.pipeline.context import (
    bare_surname,
    first_full_mention,
    has_word,
    introduce,
    needs_antecedent,
)
from chorus.pipeline.dates import event_date, published_day, story_year
from chorus.pipeline.disagree import find_conflict, settle_conflict
from chorus.pipeline.extractive_headline import engine_headline
from chorus.pipeline.fill import trim_to_fit
from chorus.pipeline.framing import attributed_form, framed
from chorus.pipeline.headline import clip_headline
from chorus.pipeline.headline_clause import headline_from_sentence
from chorus.pipeline.order import by_support, chronological, order_picks
from chorus.pipeline.redundancy import restatements
from chorus.pipeline.schema import Corpus, Draft, DraftSentence, Sentence
from chorus.pipeline.selection import Concepts, Unit, select
from chorus.pipeline.text import content_terms, terms_of, words

FRAMING_PRIOR = 0.6  # a sentence in an outlet's loaded words is picked only if it adds much
QUOTE_OPEN_PRIOR = 0.7  # opens with a quotation: the speaker comes late or not at all
NO_SPECIFIC_PRIOR = 0.8  # no name or number after the first word
CENTRAL_EXP = 0.0  # order by agreed weight / words**this (0: the sentence saying most first)
PASSES = 4  # selections at most: the first, and again after a restatement went or words freed

_SPECIFIC_RE = re.compile(r"\s[A-Z]|\d")
_DIGIT_RE = re.compile(r"\d")


def _prior(text: str, tokens: Sequence[str]) -> float:
    prior = 1.0
    if text[:1] in "\"“'‘":
        prior *= QUOTE_OPEN_PRIOR

    if not _SPECIFIC_RE.search(text):
        prior *= NO_SPECIFIC_PRIOR
    if framed(text, tokens):
        prior *= FRAMING_PRIOR
    return prior


def _tokens(s: Sentence, index: SupportIndex) -> list[str] | None:
    f = index.features_of_sentence(s)
    return f.tokens if f is not None else None


def _units(candidates: Sequence[Sentence], texts: Sequence[str], index: SupportIndex) -> list[Unit]:
    position = {(s.n, s.index): i for i, s in enumerate(candidates)}
    units: list[Unit] = []
    for s, text in zip(candidates, texts, strict=True):
        needs = None
        # A sentence compression left alone was already read by the checker's index.
        f = index.features_of_sentence(s) if text == s.text else None
        tokens = f.plain_tokens if f is not None else words(text)
        if needs_antecedent(text):
            needs = position.get((s.n, s.index - 1), -1)
        units.append(
            Unit(
                n=s.n,
                index=s.index,
                words=len(text.split()),
                terms=f.terms if f is not None and tokens is f.tokens else terms_of(tokens),
                prior=_prior(text, tokens),
                needs=needs,
            )  # fmt: skip
        )
    return units


def _final_text(s: Sentence, compressed: str, support: Support) -> str:
    """The compressed form when the checker still supports it, else the light form."""
    if compressed == clean_extract(s.text):
        return compressed
    if support.holds(compressed, [s.n]):
        return compressed
    return clean_extract(s.text)


def _introduce_names(
    texts: list[str], own: list[int], corpus: Corpus, support: Support, source: str
) -> tuple[list[str], list[int], list[list[int]]]:
    """Rewrite an opening bare surname the summary has not introduced with its full form:
    from the sentence's own article, else from another article (which is then cited too).
    A sentence whose surname has a full form the checker will not accept is dropped. Returns
    the texts, the positions in `texts` they came from, and the extra citations."""
    out: list[str] = []
    kept: list[int] = []
    extra: list[list[int]] = []
    docs = [d.n for d in corpus.model_docs]
    dropped = False
    for k, (text, n) in enumerate(zip(texts, own, strict=True)):
        if dropped and needs_antecedent(text):
            continue  # its antecedent was left out
        dropped = False
        name = bare_surname(text, source)
        more: list[int] = []
        if name and not has_word(" ".join(out), name):
            found = first_full_mention(
                name, ((m, corpus.doc(m).text) for m in [n, *(d for d in docs if d != n)])
            )
            if found:
                m, mention = found
                rewritten = introduce(text, name, mention)
                if not support.holds(rewritten, sorted({n, m})):
                    dropped = True
                    continue  # it would read as an unknown person: leave it out
                text, more = rewritten, corpus.copies_of(m) if m != n else []
        out.append(text)
        kept.append(k)
        extra.append(more)
    if not out:  # never leave the summary empty for this
        return texts, list(range(len(texts))), [[] for _ in texts]
    return out, kept, extra


def _attribute_framing(
    sentences: list[DraftSentence], support: Support, source: str
) -> list[DraftSentence]:
    """A sentence in one outlet's loaded words ("slams", "radical"…) that no other article
    supports, and that is not already someone's attributed words, is attributed to its report
    rather than stated as fact (kept only when the checker still supports it)."""
    out: list[DraftSentence] = []
    for s in sentences:
        text = attributed_form(s.text, support.index.names, source)
        if len(s.citations) == 1 and text and support.holds(text, s.citations):
            s = DraftSentence(text=text, citations=s.citations)
        out.append(s)
    return out


def _surface_disagreements(
    sentences: list[DraftSentence],
    own: Sequence[int],
    texts: Sequence[str],
    units: Sequence[Unit],
    corpus: Corpus,
    support: Support,
    warnings: list[str],
) -> list[DraftSentence]:
    """A figure another article puts differently is given as both, citing both (see
    `disagree`), when the checker supports that sentence against both articles; otherwise the
    disagreement is said in a warning."""
    others = [
        (t, u.n, frozenset(x for x in u.terms if not x[:1].isdigit()))
        for t, u in zip(texts, units, strict=True)
        if _DIGIT_RE.search(t)
    ]
    if not others:
        return sentences
    article_text = {d.n: d.text for d in corpus.model_docs}
    out: list[DraftSentence] = []
    for s, n in zip(sentences, own, strict=True):
        conflict = find_conflict(s.text, n, others, article_text)
        if conflict is not None:
            text, cites = settle_conflict(
                s.text, s.citations, conflict, corpus.copies_of(conflict.other_n),
                support.holds, warnings,
            )  # fmt: skip
            s = DraftSentence(text=text, citations=cites)
        out.append(s)
    return out


def summarise_extractive(corpus: Corpus, max_words: int, index: SupportIndex) -> Draft:
    """Cover what the articles say, most-agreed first, within `max_words`; cite all supporters."""
    model_ns = {d.n for d in corpus.model_docs}
    pool = [s for s in corpus.sentences if s.n in model_ns]
    lift = quotable(pool)
    ok = [s for s in lift if candidate_ok(s, _tokens(s, index))]
    closed = closed_candidates(pool)  # articles cut off mid-sentence
    if closed:
        ok = sorted(ok + closed, key=lambda s: (s.n, s.index))
    # With no sentence fit to lift, any with a word of content ("Hi." is, "The." is not).
    candidates = cap_candidates(ok or [s for s in lift if content_terms(s.text)])
    if not candidates:
        said = [
            f"no sentence to quote: no full stop within {MAX_SENTENCE_CHARS:,} characters"
            if not lift
            else "no sentence to quote: the articles hold no word of content"
        ]
        headline = clip_headline(corpus.title or corpus.cluster_id)
        return Draft(
            headline=headline, sentences=[], engine="extractive", warnings=said[: len(pool)]
        )
    texts = [compress(s.text, _tokens(s, index)) for s in candidates]
    units = _units(candidates, texts, index)
    titles = [content_terms(d.title) for d in corpus.model_docs if d.title]
    concepts = Concepts(units, len(model_ns), titles)
    per_article = Counter(s.n for s in pool)
    sizes = {n: max(1, per_article[n]) for n in model_ns}
    support = Support(index)
    agreed = [float(a) for a in concepts.agreed]
    published = {d.n: published_day(d.published_at) for d in corpus.model_docs}
    now = story_year(list(published.values()), [d.text for d in corpus.model_docs])
    picked = select(units, concepts, max_words)
    trims = trim_to_fit(
        picked, units, texts, concepts, max_words, lambda t, n: support.holds(t, [n])
    )
    for i, cut in trims.items():  # new facts too long by a clause, trimmed to the words left
        texts[i] = cut
        units[i] = replace(units[i], words=len(cut.split()), terms=content_terms(cut))
    if trims:  # a selection run again (after a restatement) weighs the trimmed forms
        picked += list(trims)
        concepts = Concepts(units, len(model_ns), titles)
    c = _Picks(
        corpus=corpus, candidates=candidates, texts=texts, units=units, support=support,
        rel_pos=[s.index / sizes[s.n] for s in candidates],
        centrality=[a / max(1, u.words) ** CENTRAL_EXP for a, u in zip(agreed, units, strict=True)],
        citer=Citer(corpus, units, support),
        source=" ".join(d.text for d in corpus.model_docs),  # where a word is seen lower case
        now=now,
    )  # fmt: skip
    sentences, of, warnings = _written(picked, units, concepts, max_words, c)
    dated = {
        id(s): event_date(s.text, published[candidates[i].n])
        for s, i in zip(sentences, of, strict=True)
    }
    sentences = by_support(sentences, now)
    sentences = chronological(sentences, [dated[id(s)] for s in sentences], now)
    headline = clip_headline(
        engine_headline(corpus, pool, candidates, texts, agreed, sentences, c.citer, support)
    )
    return Draft(headline=headline, sentences=sentences, engine="extractive", warnings=warnings)


def _written(
    picked: list[int], units: list[Unit], concepts: Concepts, max_words: int, c: _Picks
) -> tuple[list[DraftSentence], list[int], list[str]]:
    """The picks written as cited sentences (`_sentences`), each thing said once, within the
    budget and the words spent."""
    # Writing can lengthen a pick (an outlet's words attributed to its report, a name given
    # in full): over the budget, the last pick nothing leans on goes. Of two sentences where
    # one says the other again, one goes (`redundancy`): selection runs again without it, so
    # its words go to what the summary does not say yet and the sentences are written (names
    # introduced) in their new company. Words the written sentences left unspent (a side
    # clause cut for a consensus form) go to what now fits.
    passes = 0
    while True:
        sentences, of, warnings = _sentences(picked, c)
        spent = sum(len(s.text.split()) for s in sentences)
        if spent > max_words and len(picked) > 1:
            leaned_on = {units[i].needs for i in picked}
            last = next((i for i in reversed(picked) if i not in leaned_on), picked[-1])
            units, picked = _left_out(units, {last}), [i for i in picked if i != last]
            continue
        passes += 1
        if passes == PASSES:
            break  # (a repeat left is better than a sentence cut off from its context)
        gone = restatements(sentences)
        if not gone:
            more = select(units, concepts, max_words, start=picked, used=spent)
            if len(more) == len(picked):
                break
            picked = more
            continue
        again = _left_out(units, {of[k] for k in gone})
        chosen = select(again, concepts, max_words)
        fuller = restatements(sentences, keep_fuller=True) if set(chosen) <= set(picked) else gone
        if fuller != gone:  # nothing new to say: of each pair the fuller stays
            again = _left_out(units, {of[k] for k in fuller})
            chosen = select(again, concepts, max_words)
        units, picked = again, chosen
    return sentences, of, warnings


def _left_out(units: Sequence[Unit], out: set[int]) -> list[Unit]:
    """`units` with those in `out` left out of the picks from now on (never ready)."""
    return [replace(u, needs=-1) if i in out else u for i, u in enumerate(units)]


@dataclass(frozen=True)
class _Picks:
    """What turning a set of picks into cited sentences reads (`_sentences`)."""

    corpus: Corpus
    candidates: Sequence[Sentence]
    texts: Sequence[str]  # compressed
    units: Sequence[Unit]
    support: Support
    rel_pos: Sequence[float]
    centrality: Sequence[float]
    citer: Citer
    source: str
    now: int | None  # the story's year: an earlier one is background (`order.bucket`)


def _sentences(
    picked: Sequence[int], c: _Picks
) -> tuple[list[DraftSentence], list[int], list[str]]:
    """The picks as cited sentences in reading order, each with its candidate's index, and the
    warnings (a figure the articles put differently that no sentence could state)."""
    needs = [u.needs for u in c.units]
    ordered = order_picks(picked, c.texts, c.rel_pos, c.centrality, needs, c.now)
    final = [_final_text(c.candidates[i], c.texts[i], c.support) for i in ordered]
    own = [c.candidates[i].n for i in ordered]
    final, kept, extra = _introduce_names(final, own, c.corpus, c.support, c.source)
    ordered, own = [ordered[k] for k in kept], [own[k] for k in kept]
    sentences = []
    for t, n, more in zip(final, own, extra, strict=True):
        text, cites = c.citer.widen(t, n, c.citer.cite(t, n))
        sentences.append(DraftSentence(text=text, citations=sorted({*cites, *more})))
    sentences = _attribute_framing(sentences, c.support, c.source)
    warnings: list[str] = []
    sentences = _surface_disagreements(
        sentences, own, c.texts, c.units, c.corpus, c.support, warnings
    )  # fmt: skip
    return sentences, ordered, warnings


__all__ = ["cap_candidates", "clean_extract", "headline_from_sentence", "summarise_extractive"]
