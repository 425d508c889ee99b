"""The embedded default engine: no model, no network.

1. Candidate sentences: every sentence of every (deduplicated) article, minus fragments,
   bare quotes, questions and sentences that open with an unresolved pronoun or connective.
2. Centrality: LexRank (PageRank over the TF-IDF cosine graph), blended with cross-article
   agreement (how many *other* articles carry a similar sentence) and a lead-position prior.
3. Selection: MMR within the word budget, so the picks cover different facts.
4. Order: by relative position in the articles (stories read lead-first).
5. Citations: every article whose sentences support the picked sentence (the shared support
   judge), not only the article it was taken from; duplicates inherit their copy's citations.
"""

from __future__ import annotations

import math
import re

import numpy as np

from chorus.checker.support import SupportIndex
from chorus.pipeline.schema import Corpus, Draft, DraftSentence, Sentence
from chorus.pipeline.text import content_terms

CITE_SCREEN = 0.45  # see the citation loop (no citation lost at 0.45 on allsides + bench)
CITE_AT = 0.5  # support needed to cite an extra article for a picked sentence
MMR_LAMBDA = 0.7
NOVELTY_WEIGHT = 0.8  # how much "already said by the picks together" counts as redundancy
MAX_CANDIDATES = 600  # sentences ranked at most (see cap_candidates)
SCORE_FLOOR = 0.45  # ignore candidates scoring under this share of the best one
REDUNDANT_AT = 0.4  # cosine above which a candidate repeats an already-picked sentence

_OPENING_CONNECTIVE_RE = re.compile(
    r"^(?:But|And|So|Still|However|Yet|Also|Meanwhile|Moreover|Furthermore|Instead|Indeed|"
    r"Nonetheless|Nevertheless|Then|Thus|Besides)\b,?\s+"
)
_SPECIFIC_RE = re.compile(r"\s[A-Z]|\d")
_UNRESOLVED_START_RE = re.compile(
    r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|We|I|You|The two|Both)\b"
)


# Wire datelines and bylines: "(CNN)", "WASHINGTON (Reuters) -", "NEW YORK, May 3 (AP) —".
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][a-z]{2,9}\.?\s*\d{1,2})?\s*)?"
    r"\((?:[A-Z][A-Za-z&.]{1,20}(?:\s[A-Z][A-Za-z&.]{1,20})?)\)\s*(?:[-—–:]+\s*)?"
    r"|^[A-Z][A-Z.'’ ]{2,40}(?:,\s*[A-Z][A-Za-z. ]{2,30})?\s+[—–-]{1,2}\s+"
)


def clean_extract(text: str) -> str:
    """Drop a wire dateline and an opening connective that only made sense in context."""
    out = _DATELINE_RE.sub("", text, count=1)
    out = _OPENING_CONNECTIVE_RE.sub("", out, count=1).strip()
    if out and out != text:
        out = out[0].upper() + out[1:]
    return out or text


_BOILERPLATE_MARKS = (
    "http://", "https://", "www.", "pic.twitter.com", "@", "©", "all rights reserved",
    "advertisement", "sign up", "subscribe", "click here", "read more", "related:", "watch:",
    "listen:", "follow us", "newsletter", "getty images", "photograph:", "photo:", "image:",
    "send this page",
)  # fmt: skip
# Text addressed to a model, not to readers (prompt injection planted in an article).
_INSTRUCTION_RE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|prompts?|rules|"
    r"directions)\b|\b(?:system prompt|as an ai|language model|you are now|new instructions)\b",
    re.IGNORECASE,
)
_INSTRUCTION_WORDS = ("ignore", "disregard", "forget", "override", "prompt", " ai", "model",
                      "you are now", "instructions")  # fmt: skip
_ENDS_LIKE_A_SENTENCE_RE = re.compile(r"[.!][\"”’')\]]*$")


def _candidate_ok(s: Sentence) -> bool:
    """A sentence worth lifting: complete, self-contained prose, not page furniture."""
    n_words = len(s.text.split())
    if n_words < 6 or n_words > 70:
        return False
    stripped = s.text.strip()
    if not _ENDS_LIKE_A_SENTENCE_RE.search(stripped):
        return False  # headings, captions, embeds, questions
    low = stripped.lower()
    if any(mark in low for mark in _BOILERPLATE_MARKS):
        return False
    if any(w in low for w in _INSTRUCTION_WORDS) and _INSTRUCTION_RE.search(stripped):
        return False  # never lift planted instructions into a summary
    # A sentence that is nothing but a quotation lacks its speaker.
    return not (stripped[:1] in "\"“'‘" and stripped.rstrip(".")[-1:] in "\"”'’")


def cap_candidates(candidates: list[Sentence], limit: int = MAX_CANDIDATES) -> list[Sentence]:
    """At most `limit` candidates, shared evenly by the articles, each keeping its earliest
    sentences (news puts the story first). The similarity graph is quadratic in this number:
    without a cap a few megabytes of text would take gigabytes and seconds."""
    if len(candidates) <= limit:
        return candidates
    by_article: dict[int, list[Sentence]] = {}
    for s in candidates:
        by_article.setdefault(s.n, []).append(s)
    quota = {n: 0 for n in by_article}
    left = limit
    while left > 0:  # water-filling: short articles give their unused share to long ones
        open_ = [n for n in by_article if quota[n] < len(by_article[n])]
        if not open_:
            break
        share = max(1, left // len(open_))
        for n in open_:
            take = min(share, len(by_article[n]) - quota[n], left)
            quota[n] += take
            left -= take
            if left == 0:
                break
    keep = {id(s) for n, ss in by_article.items() for s in ss[: quota[n]]}
    return [s for s in candidates if id(s) in keep]


def _form_prior(text: str) -> float:
    """Down-weight sentences that read badly out of context or carry no specifics."""
    prior = 1.0
    cleaned = clean_extract(text)
    if _UNRESOLVED_START_RE.match(cleaned):
        prior *= 0.6
    if cleaned[:1] in "\"“'‘":
        prior *= 0.7  # opens with a quotation: the speaker comes late or not at all
    if not _SPECIFIC_RE.search(cleaned):
        prior *= 0.75  # no name or number after the first word
    return prior


class _Vectors:
    """TF-IDF of the candidate sentences, built with numpy from one flat list of term ids.

    `unit` holds row-normalised vectors over the terms shared by two or more sentences (a term
    in one sentence only adds nothing between sentences; norms still count every term).
    `coverage(i, j)`: the IDF-weighted share of sentence i's terms that sentence j also has.
    """

    def __init__(self, docs_terms: list[list[str]]) -> None:
        n = len(docs_terms)
        vocab: dict[str, int] = {}
        ids = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for terms in docs_terms for t in terms), dtype=np.intp
        )
        rows = np.repeat(np.arange(n), [len(t) for t in docs_terms])
        v = max(1, len(vocab))
        keys, counts = np.unique(rows * v + ids, return_counts=True)
        r, c = keys // v, keys % v
        df = np.bincount(c, minlength=v)
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        w = np.log1p(counts) * idf[c]
        norms = np.sqrt(np.bincount(r, weights=w * w, minlength=n))
        norms[norms == 0] = 1.0
        self.totals = np.bincount(r, weights=idf[c], minlength=n)
        self.totals[self.totals == 0] = 1.0
        shared_cols = df >= 2
        remap = np.cumsum(shared_cols) - 1
        keep = shared_cols[c]
        width = max(1, int(shared_cols.sum()))
        self.unit = np.zeros((n, width))
        self.unit[r[keep], remap[c[keep]]] = w[keep]
        self.unit /= norms[:, None]
        self.present = np.zeros((n, width))
        self.present[r[keep], remap[c[keep]]] = 1.0
        self.weighted = self.present * (idf[shared_cols] if width == shared_cols.sum() else 1.0)

    def already_said(self, covered: np.ndarray) -> np.ndarray:
        """For every sentence, the IDF-weighted share of its terms in `covered` (a 0/1 mask
        over the shared terms: what the picked sentences say together)."""
        result: np.ndarray = (self.weighted @ covered) / self.totals
        return result

    def coverage_of(self, j: int) -> np.ndarray:
        """coverage(i, j) for every i: how much of each sentence sentence j already says."""
        result: np.ndarray = (self.weighted @ self.present[j]) / self.totals
        return result

    def coverage_by(self, i: int) -> np.ndarray:
        """coverage(i, j) for every j: how much of sentence i each sentence says."""
        result: np.ndarray = (self.present @ self.weighted[i]) / self.totals[i]
        return result


def _lexrank(sim: np.ndarray, threshold: float = 0.1, damping: float = 0.85) -> np.ndarray:
    n = sim.shape[0]
    adj = np.where(sim >= threshold, sim, 0.0)
    np.fill_diagonal(adj, 0.0)
    row = adj.sum(axis=1, keepdims=True)
    row[row == 0] = 1.0
    trans = adj / row
    scores = np.full(n, 1.0 / n)
    for _ in range(50):
        new = (1 - damping) / n + damping * (trans.T @ scores)
        if np.abs(new - scores).sum() < 1e-6:
            scores = new
            break
        scores = new
    return scores / (scores.max() or 1.0)


def summarise_extractive(corpus: Corpus, max_words: int, index: SupportIndex) -> Draft:
    """Pick central, non-redundant sentences within `max_words` and cite all supporters."""
    model_ns = {d.n for d in corpus.model_docs}
    pool = [s for s in corpus.sentences if s.n in model_ns]
    candidates = cap_candidates([s for s in pool if _candidate_ok(s)] or pool)
    if not candidates:
        return Draft(headline=corpus.title or corpus.cluster_id, sentences=[], engine="extractive")
    terms = [
        index.features[index.position[s.id]].terms if s.id in index.position
        else content_terms(s.text)
        for s in candidates
    ]  # fmt: skip
    vectors = _Vectors(terms)
    sim = vectors.unit @ vectors.unit.T
    central = _lexrank(sim)

    art = np.array([s.n for s in candidates])
    n_articles = len(model_ns)
    # Agreement: best similarity to a sentence of each other article, averaged.
    agree = np.zeros(len(candidates))
    if n_articles > 1:
        for n in model_ns:
            cols = art == n
            best = np.where(cols[None, :], sim, 0.0).max(axis=1)
            agree += np.where(art == n, 0.0, best)
        agree /= n_articles - 1
    sizes = {n: max(1, sum(1 for s in pool if s.n == n)) for n in model_ns}
    rel_pos = np.array([s.index / sizes[s.n] for s in candidates])
    lead = np.array([1.0 / math.sqrt(1.0 + s.index) for s in candidates])
    prior = np.array([_form_prior(s.text) for s in candidates])
    score = (0.45 * central + 0.35 * agree + 0.20 * lead) * prior

    # Long sentences spend the word budget on one fact; prefer tighter ones, gently.
    brevity = np.array([min(1.0, 28.0 / max(1, len(s.text.split()))) ** 0.35 for s in candidates])
    n_words = np.array([len(clean_extract(s.text).split()) for s in candidates])
    gain = MMR_LAMBDA * score * brevity
    # MMR, vectorised: `redundancy` holds each candidate's worst overlap with the picks.
    open_ = score >= SCORE_FLOOR * float(score.max())
    redundancy = np.zeros(len(candidates))
    max_sim = np.zeros(len(candidates))
    covered = np.zeros(vectors.present.shape[1])
    picked: list[int] = []
    used_words = 0
    while True:
        allowed = open_ & (redundancy < REDUNDANT_AT)
        if not allowed.any():
            break
        val = np.where(allowed, gain - (1 - MMR_LAMBDA) * redundancy, -np.inf)
        best = int(np.argmax(val))
        open_[best] = False
        words = int(n_words[best])
        if used_words + words > max_words and (picked or words > max_words * 1.5):
            continue  # over budget: a shorter sentence may still fit
        picked.append(best)
        used_words += words
        # Redundant when similar overall, or when most of a candidate is already said.
        # Redundant when it paraphrases one pick, or when the picks together already say
        # most of it (a sentence that only adds the setting of a known fact adds nothing).
        max_sim = np.maximum(max_sim, sim[:, best])
        covered = np.maximum(covered, vectors.present[best])
        redundancy = np.maximum(max_sim, NOVELTY_WEIGHT * vectors.already_said(covered))
        if used_words >= max_words * 0.9:
            break
    if not picked:
        # Nothing fits the budget: the best sentence still beats an empty summary (the
        # summarizer warns that the budget was exceeded).
        picked.append(int(np.argmax(gain)))

    picked.sort(key=lambda i: (rel_pos[i], candidates[i].n))
    sentences: list[DraftSentence] = []
    for i in picked:
        s = candidates[i]
        text = clean_extract(s.text)
        cites = set(corpus.copies_of(s.n))
        covered = vectors.coverage_by(i)
        for n in sorted(model_ns - {s.n}):
            # Cheap screen first: an article whose best two sentences cover too little of
            # this one cannot reach CITE_AT in the judge.
            top2 = np.sort(covered[art == n])[-2:].sum() if (art == n).any() else 1.0
            if top2 >= CITE_SCREEN and index.judge(text, [n]).score >= CITE_AT:
                cites.update(corpus.copies_of(n))
        sentences.append(DraftSentence(text=text, citations=sorted(cites)))
    return Draft(
        headline=make_headline(corpus, [candidates[i] for i in picked]),
        sentences=sentences,
        engine="extractive",
    )


def make_headline(corpus: Corpus, picked: list[Sentence]) -> str:
    """The cluster title; else the article title closest to the summary; else a lead clause."""
    if corpus.title:
        return corpus.title
    titles = [d.title.rstrip(". ") for d in corpus.model_docs if d.title]
    if titles and picked:
        summary_terms = set()
        for s in picked:
            summary_terms.update(content_terms(s.text))
        return max(titles, key=lambda t: len(set(content_terms(t)) & summary_terms))
    if not picked:
        return corpus.cluster_id
    return headline_from_sentence(clean_extract(picked[0].text))


_ATTRIBUTION_RE = re.compile(
    r"^(?:[A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,5}?)\s+(?:said|says|reported|reports|announced|"
    r"confirmed|told reporters)(?:\s+on\s+\w+)?(?:\s+that)?,?\s+"
)
_CUT_WORDS = {"in", "on", "at", "with", "for", "after", "as", "while", "when", "amid", "which"}


def headline_from_sentence(sentence: str, max_words: int = 16) -> str:
    """A headline from a lead sentence: drop the attribution, keep the main clause."""
    text = sentence.strip().rstrip(".!")
    stripped = _ATTRIBUTION_RE.sub("", text, count=1)
    if stripped != text and len(stripped.split()) >= 5:
        text = stripped[0].upper() + stripped[1:]
    clause = re.split(r",\s|;\s|\s[—–]\s|\s-\s", text)[0]
    if len(clause.split()) >= 5:
        text = clause
    tokens = text.split()
    if len(tokens) <= max_words:
        return text
    # Cut before the last preposition that keeps the headline within bounds.
    for k in range(max_words, 5, -1):
        if tokens[k].lower() in _CUT_WORDS:
            return " ".join(tokens[:k])
    return " ".join(tokens[:max_words]) + "…"
