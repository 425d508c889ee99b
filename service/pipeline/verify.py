"""Stage 6: an engine's draft -> checked sentences (citations resolved, each sentence judged).

The loop itself is the checker's (`chorus.checker.report`); what is particular to our own
drafts is here: inline markers merged into the citations, a sentence the engine left uncited
attributed to the articles that support it, and a citation that supports no claim of its
sentence dropped (each with a warning). A model's draft is also held to the rules the
extractive engine keeps as it writes: no wire dateline, a figure another article puts
differently given as both, one outlet's loaded words attributed to its report, and a headline
of at most 14 words in no outlet's framing or title, grounded, not the first sentence again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus.checker.features import features, prefix
from chorus.checker.judges import OfflineJudge
from chorus.checker.lexicon import load_lexicon
from chorus.checker.report import (
    CheckedSentence,
    CheckReport,
    Claim,
    Judge,
    SentenceIn,
    assemble,
    claims_of,
)
from chorus.checker.support import SUPPORTED_AT, Judgement, SupportIndex
from chorus.pipeline.citations import strip_markers
from chorus.pipeline.compress import strip_dateline
from chorus.pipeline.context import bare_surname, first_full_mention, has_word, introduce
from chorus.pipeline.dates import YEAR_RE
from chorus.pipeline.disagree import find_conflict, settle_conflict
from chorus.pipeline.framing import attributed_form, drop_loaded_modifiers
from chorus.pipeline.headline import last_resort
from chorus.pipeline.headline_form import headline_problem
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.schema import Corpus, Draft, Sentence
from chorus.pipeline.text import content_terms


def _holds(index: SupportIndex, text: str, articles: list[int]) -> bool:
    """The offline checker calls `text` supported by `articles`: the bar every rewrite of a
    draft sentence, and every citation found for one, must clear."""
    return (
        index.reaches(text, articles, SUPPORTED_AT)  # settled early when it cannot be
        and index.judge(text, articles).verdict == "supported"
    )


def attribute(text: str, corpus: Corpus, index: SupportIndex) -> list[int]:
    """The articles that on their own support `text` (with their wire copies)."""
    found: set[int] = set()
    for doc in corpus.model_docs:
        if _holds(index, text, [doc.n]):
            found.update(corpus.copies_of(doc.n))
    return sorted(found)


_DIGIT_RE = re.compile(r"\d")

Resolved = tuple[list[Claim], list[list[int]], list[str]]  # claims, invalid numbers, warnings


def resolve_draft(draft: Draft, prepared: Prepared) -> Resolved:
    """The draft's sentences with markers merged into citations, resolved (an uncited sentence
    attributed to the articles that support it); in a model's draft, a copied dateline taken
    off, a figure another article puts differently given as both (`surface_disagreements`),
    one outlet's loaded words attributed to its report (`attribute_framing`) and a bare surname
    the summary never introduced given in full (`introduce_names`)."""
    corpus, index = prepared.corpus, prepared.index
    sentences: list[SentenceIn] = []
    for ds in draft.sentences:
        text, inline = strip_markers(ds.text)
        if draft.engine == "llm":  # a dateline a model copied ("WASHINGTON (AP) — …") is no fact
            text = strip_dateline(text).strip() or text
        if text:
            sentences.append(SentenceIn(text=text, citations=[*ds.citations, *inline]))
    differ: list[str] = []
    if draft.engine == "llm":  # the extractive engine keeps these rules as it writes
        sentences = surface_disagreements(sentences, prepared, differ)
        sentences = attribute_framing(sentences, prepared)
        sentences = introduce_names(sentences, prepared)
    claims, invalids, warnings = claims_of(
        sentences, corpus, attribute=lambda text: attribute(text, corpus, index)
    )
    return claims, invalids, warnings + differ


def attribute_framing(sentences: list[SentenceIn], prepared: Prepared) -> list[SentenceIn]:
    """A model's sentence loses an outlet's loaded modifiers ("a damning report": the
    extractive engine's compression, `framing.drop_loaded_modifiers`); one still in loaded
    words ("slams", "radical"…), citing one article and not already someone's attributed
    words, is given as its report's words (`framing.attributed_form`). Each only when the
    checker still supports the result: the extractive engine's rules, which the prompt asks
    of the model and which are checked here."""
    corpus, index = prepared.corpus, prepared.index
    source = " ".join(d.text for d in corpus.model_docs)
    docs = {d.n for d in corpus.model_docs}
    out: list[SentenceIn] = []
    for s in sentences:
        cited = sorted(docs.intersection(s.citations))
        neutral = drop_loaded_modifiers(s.text)
        if cited and neutral != s.text and _holds(index, neutral, cited):
            s = SentenceIn(text=neutral, citations=s.citations)
        text = attributed_form(s.text, index.names, source) if len(cited) == 1 else None
        if text and _holds(index, text, cited):
            s = SentenceIn(text=text, citations=s.citations)
        out.append(s)
    return out


def introduce_names(sentences: list[SentenceIn], prepared: Prepared) -> list[SentenceIn]:
    """A model's bare surname the summary has not named yet ("Paul added…", "“Zero chance,”
    Paul said…") gets its cited article's full first mention ("Sen. Rand Paul"), as the
    extractive engine's sentences do (`context.introduce`), when the checker still supports
    the sentence."""
    corpus, index = prepared.corpus, prepared.index
    source = " ".join(d.text for d in corpus.model_docs)
    docs = {d.n for d in corpus.model_docs}
    said = ""
    out: list[SentenceIn] = []
    for s in sentences:
        name = bare_surname(s.text, source)
        cited = sorted(docs.intersection(s.citations))
        if name and cited and not has_word(said, name):
            found = first_full_mention(name, ((n, corpus.doc(n).text) for n in cited))
            text = introduce(s.text, name, found[1]) if found else s.text
            # Every article it cites must still support it: a full name from one of them is
            # not worth a citation lost.
            if text != s.text and all(
                _holds(index, text, [n]) or not _holds(index, s.text, [n]) for n in cited
            ):
                s = SentenceIn(text=text, citations=s.citations)
        said += " " + s.text
        out.append(s)
    return out


def _terms(s: Sentence, index: SupportIndex) -> list[str]:
    """A cluster sentence's content terms, as the checker's index already read them."""
    f = index.features_of_sentence(s)
    return f.terms if f is not None else content_terms(s.text)


def surface_disagreements(
    sentences: list[SentenceIn], prepared: Prepared, warnings: list[str]
) -> list[SentenceIn]:
    """A model's sentence whose figure an article it does not cite puts differently (see
    `disagree`) gives both figures and cites both, when the checker supports that against
    both, as the extractive engine's sentences do; otherwise the disagreement is said in a
    warning. The prompt asks the model for this; here it is checked."""
    corpus, index = prepared.corpus, prepared.index
    docs = {d.n for d in corpus.model_docs}
    rows = [
        (s.text, s.n, frozenset(t for t in _terms(s, index) if not t[:1].isdigit()))
        for s in corpus.sentences
        if s.n in docs and _DIGIT_RE.search(s.text)
    ]
    if not rows:
        return sentences
    article_text = {d.n: d.text for d in corpus.model_docs}
    out: list[SentenceIn] = []
    for s in sentences:
        cited = sorted(docs.intersection(s.citations))
        others = [row for row in rows if row[1] not in cited]
        conflict = find_conflict(s.text, cited[0], others, article_text) if cited else None
        if conflict is not None:
            text, cites = settle_conflict(
                s.text, cited, conflict, corpus.copies_of(conflict.other_n),
                lambda t, ns: _holds(index, t, ns), warnings,
            )  # fmt: skip
            s = SentenceIn(text=text, citations=cites) if text != s.text else s
        out.append(s)
    return out


def report_of(
    draft: Draft,
    prepared: Prepared,
    resolved: Resolved,
    judgements: Sequence[Judgement],
    *,
    headline: bool = True,
) -> CheckReport:
    """The checked sentences and, unless `headline` is False (a streamed sentence, which has
    none yet), the settled headline."""
    claims, invalids, warnings = resolved
    corpus = prepared.corpus
    checked, more = assemble(claims, invalids, judgements)
    checked, dropped = drop_idle_citations(checked)
    title, replaced = (
        settle_headline(draft, prepared, checked) if headline else (corpus.cluster_id, [])
    )
    return CheckReport.of(corpus.cluster_id, title, checked, warnings + more + dropped + replaced)


def settle_headline(
    draft: Draft, prepared: Prepared, checked: Sequence[CheckedSentence]
) -> tuple[str, list[str]]:
    """The summary's headline, and a warning when it had to be replaced. The extractive
    engine composes its headline under the headline rules; a model's is held to them here (at
    most 14 words, no outlet's framing or title, not the first sentence again, grounded in the
    articles: `ungrounded`) and, when it breaks one, replaced by a clause of the summary's
    supported sentences that keeps them (`headline.last_resort`)."""
    corpus, index = prepared.corpus, prepared.index
    written = strip_markers(draft.headline)[0]
    if draft.engine != "llm" or not checked:
        return written or corpus.title or corpus.cluster_id, []
    titles = [d.title for d in corpus.docs if d.title]
    every = [d.n for d in corpus.model_docs]

    def supported(text: str, ns: list[int]) -> bool:
        return _holds(index, text, ns or every)

    problem = headline_problem(written, titles, checked[0].text) or ungrounded(written, index)
    if problem is None:
        return written, []
    held = [(c.text, c.citations) for c in checked if c.verdict == "supported"]
    clause = last_resort(held, titles, supported) if held else ""
    headline = clause or corpus.title or corpus.cluster_id
    shown = f" {written!r}" if written else ""
    return headline, [f"the model's headline{shown} was replaced: {problem}"]


GROUNDED_AT = 0.5  # share of a model headline's content words the articles must hold


def ungrounded(headline: str, index: SupportIndex) -> str | None:
    """Why a model's headline is not grounded in the articles, or None: it states a figure no
    article states (a year aside: "the 2020 race"), or fewer than half its content words are
    the articles' own, a part of one (5 letters) or a WordNet synonym of one. Not the checker's
    verdict: the checker reads sentences, and headline style (Title Case, "Admin", "NK") made
    it refuse 67-76% of AllSides' own neutral headlines on allsides-val; this test refuses 5%
    on both splits, and 90-96% of another story's headline, 98-100% of one with a figure put
    in."""
    read = features(headline)
    figures = [n for n in read.numbers if not YEAR_RE.fullmatch(n)]
    if figures:  # the articles' figures are read only for a headline that has one
        stated = set().union(*(f.numbers for f in index.features))
        extra = sorted(n for n in figures if n not in stated)
        if extra:
            return f"it states a figure no article does ({', '.join(extra)})"
    terms = list(dict.fromkeys(read.terms))
    if not terms:
        return None
    have = set().union(*(f.term_set for f in index.features))
    parts = {prefix(t) for t in have}
    rest = [t for t in terms if t not in have and prefix(t) not in parts]
    if rest:  # WordNet only for the words neither the articles nor a part of theirs give
        lexicon = load_lexicon()
        senses = frozenset().union(*(lexicon.related(t) for t in have))
        rest = [t for t in rest if lexicon.senses(t).isdisjoint(senses)]
    if len(terms) - len(rest) < GROUNDED_AT * len(terms):
        return "most of its words are in no article"
    return None


def verify(draft: Draft, prepared: Prepared, *, headline: bool = True) -> CheckReport:
    """Clean, validate and judge the draft's sentences against the cluster (offline); the
    headline too unless `headline` is False (a sentence streamed before the summary is done)."""
    resolved = resolve_draft(draft, prepared)
    judgements = OfflineJudge().judge_now(prepared, resolved[0])
    return report_of(draft, prepared, resolved, judgements, headline=headline)


async def verify_with(draft: Draft, prepared: Prepared, judge: Judge) -> CheckReport:
    """The same, judged by any judge (the LLM judge when CHORUS_JUDGE=llm)."""
    resolved = resolve_draft(draft, prepared)
    return report_of(draft, prepared, resolved, await judge.judge(prepared, resolved[0]))


def drop_idle_citations(
    checked: list[CheckedSentence],
) -> tuple[list[CheckedSentence], list[str]]:
    """Our own sentences keep only the citations that support one of their claims."""
    out: list[CheckedSentence] = []
    warnings: list[str] = []
    for c in checked:
        idle = [n for n in c.idle_citations if n in c.citations]
        keep = [n for n in c.citations if n not in idle]
        if idle and keep and c.verdict in ("supported", "partial"):
            warnings.append(
                f"sentence {c.index + 1}: dropped citation(s) {idle} that support nothing in it"
            )
            c = c.model_copy(update={"citations": keep, "idle_citations": []})
        out.append(c)
    return out, warnings


__all__ = [
    "attribute",
    "attribute_framing",
    "drop_idle_citations",
    "settle_headline",
    "surface_disagreements",
    "ungrounded",
    "verify",
    "verify_with",
]
