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
from collections import Counter

import numpy as np

from service.pipeline.schema import Corpus, Draft, DraftSentence, Sentence
from service.pipeline.support import SupportIndex
from service.pipeline.text import content_terms

CITE_AT = 0.5  # support needed to cite an extra article for a picked sentence
MMR_LAMBDA = 0.7
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


def clean_extract(text: str) -> str:
    """Drop an opening connective that only made sense in the original context."""
    out = _OPENING_CONNECTIVE_RE.sub("", text, count=1).strip()
    if out and out != text:
        out = out[0].upper() + out[1:]
    return out or text


_BOILERPLATE_RE = re.compile(
    r"https?://|www\.|pic\.twitter\.com|@\w|©|\ball rights reserved\b|\badvertisement\b|"
    r"\b(?:sign up|subscribe|click here|read more|related:|watch:|listen:|follow us|"
    r"newsletter|getty images|photograph:|photo:|image:|send this page)\b",
    re.IGNORECASE,
)
_ENDS_LIKE_A_SENTENCE_RE = re.compile(r"[.!][\"”’')\]]*$")


def _candidate_ok(s: Sentence) -> bool:
    """A sentence worth lifting: complete, self-contained prose, not page furniture."""
    n_words = len(s.text.split())
    if n_words < 6 or n_words > 70:
        return False
    stripped = s.text.strip()
    if not _ENDS_LIKE_A_SENTENCE_RE.search(stripped):
        return False  # headings, captions, embeds, questions
    if _BOILERPLATE_RE.search(stripped):
        return False
    # A sentence that is nothing but a quotation lacks its speaker.
    return not (stripped[:1] in "\"“'‘" and stripped.rstrip(".")[-1:] in "\"”'’")


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


def _tfidf(docs_terms: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Row-normalised TF-IDF vectors, and the coverage matrix: cov[i, j] is the IDF-weighted
    share of sentence i's terms that sentence j also has (asymmetric).

    Terms found in one sentence only add nothing between sentences, so the matrices keep just
    the shared terms; norms and coverage totals still count every term.
    """
    n = len(docs_terms)
    df: dict[str, int] = {}
    for terms in docs_terms:
        for t in set(terms):
            df[t] = df.get(t, 0) + 1
    idf = {t: math.log((1.0 + n) / (1.0 + c)) + 1.0 for t, c in df.items()}
    vocab = {t: k for k, t in enumerate(t for t, c in df.items() if c >= 2)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    norms = np.ones(n)
    totals = np.ones(n)
    for i, terms in enumerate(docs_terms):
        sq = 0.0
        total = 0.0
        for t, c in Counter(terms).items():
            w = math.log1p(c) * idf[t]
            sq += w * w
            total += idf[t]
            k = vocab.get(t)
            if k is not None:
                rows.append(i)
                cols.append(k)
                vals.append(w)
        norms[i] = math.sqrt(sq) or 1.0
        totals[i] = total or 1.0
    tf = np.zeros((n, max(1, len(vocab))), dtype=np.float64)
    tf[rows, cols] = vals
    present = (tf > 0).astype(np.float64)
    col_idf = np.array([idf[t] for t in vocab]) if vocab else np.ones(1)
    cov = ((present * col_idf) @ present.T) / totals[:, None]
    return tf / norms[:, None], cov


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
    candidates = [s for s in pool if _candidate_ok(s)] or pool
    if not candidates:
        return Draft(headline=corpus.title or corpus.cluster_id, sentences=[], engine="extractive")
    terms = [
        index.features[index.position[s.id]].terms if s.id in index.position
        else content_terms(s.text)
        for s in candidates
    ]  # fmt: skip
    vecs, cov = _tfidf(terms)
    sim = vecs @ vecs.T
    # Redundant when similar overall, or when most of a candidate is already said.
    overlap = np.maximum(sim, 0.8 * cov)
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
    picked: list[int] = []
    used_words = 0
    floor = SCORE_FLOOR * float(score.max())
    order = [int(i) for i in np.argsort(-score) if score[i] >= floor]
    while order:
        best_i, best_val = -1, -1e9
        for i in order:
            redundancy = max((overlap[i, j] for j in picked), default=0.0)
            if redundancy >= REDUNDANT_AT:
                continue
            val = MMR_LAMBDA * score[i] * brevity[i] - (1 - MMR_LAMBDA) * redundancy
            if val > best_val:
                best_i, best_val = i, val
        if best_i < 0:
            break
        order.remove(best_i)
        n_words = len(clean_extract(candidates[best_i].text).split())
        if used_words + n_words > max_words:
            if picked:
                continue  # a shorter sentence may still fit
            if n_words > max_words * 1.5:
                continue
        picked.append(best_i)
        used_words += n_words
        if used_words >= max_words * 0.9:
            break

    picked.sort(key=lambda i: (rel_pos[i], candidates[i].n))
    sentences: list[DraftSentence] = []
    for i in picked:
        s = candidates[i]
        text = clean_extract(s.text)
        cites = {n for n in corpus.copies_of(s.n)}
        for n in model_ns - {s.n}:
            if index.judge(text, [n]).score >= CITE_AT:
                cites.update(corpus.copies_of(n))
        sentences.append(DraftSentence(text=text, citations=sorted(cites)))
    return Draft(
        headline=make_headline(corpus, [candidates[i] for i in picked], vecs, picked),
        sentences=sentences,
        engine="extractive",
    )


def make_headline(
    corpus: Corpus, picked: list[Sentence], vecs: np.ndarray, picked_idx: list[int]
) -> str:
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
