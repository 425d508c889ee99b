"""Coverage-driven sentence selection for the extractive engine (the concept-coverage family,
Gillick & Favre 2009, solved greedily as budgeted maximum coverage, Khuller et al. 1999).

Concepts are a sentence's stemmed content words and adjacent content-word pairs. A concept is
worth more the more articles state it (what the outlets agree on comes first), more for each
article title that states it (headline words are what editors judged the story to be: on the
allsides-val tuning split a content word in a title is 2-3 times as likely to be in the human
roundup as one that is not, at equal article counts), a little more when it sits in an
article's lead, and nothing once a picked sentence covers it, so repeats
gain nothing and a sentence that adds one new fact next to a known setting still gains that
fact. Picks are taken by gain per word until no candidate fits the budget: there is no score
floor, so the budget is spent whenever the articles have more to say.

Why hand-written and not a solver library: the greedy step is one matrix-vector product in
numpy (already a dependency); an exact ILP solver would add a large dependency and, on a
600-candidate cluster, more time than the 50 ms the whole engine is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

SINGLE_SOURCE = 0.1  # weight of a concept only one article states (multi-article clusters)
BIGRAM_WEIGHT = 0.5  # a word pair counts this much relative to a single word
LEAD_BONUS = 0.5  # extra weight for a concept stated in an article's first two sentences
LENGTH_EXPONENT = 0.8  # gain per word**this: < 1 keeps long, fact-dense sentences in play
REPEAT_WEIGHT = 0.2  # extra weight per log(sentences stating it): what the story returns to
NUMBER_WEIGHT = 4.0  # a figure (count, amount, date) counts this much more than a word
PRIVATE_WEIGHT = 1.0  # a concept only one sentence of the cluster states counts this much
REDUNDANT_AT = 0.5  # a candidate whose words the picks already say this much is a repeat
ARTICLE_BONUS = 2.0  # gain for the first pick from an article not yet heard (every side)
POSITION_DECAY = 0.5  # prior 1 / (1 + decay * index): news puts the story first
TITLE_WEIGHT = 1.0  # extra weight per article title that states the concept


@dataclass(frozen=True)
class Unit:
    """A candidate as selection sees it."""

    n: int  # article
    index: int  # position in its article
    words: int  # words after compression
    terms: Sequence[str]  # stemmed content terms in order
    prior: float = 1.0  # form and framing multipliers (1 = neutral)
    needs: int | None = None  # a candidate that must be picked first (-1: never satisfiable)


class Concepts:
    """Candidates x concepts, with each concept's weight. Concepts that occur in a single
    candidate are folded into a per-candidate constant (they can never be covered twice)."""

    def __init__(
        self, units: Sequence[Unit], n_articles: int, titles: Sequence[Sequence[str]] = ()
    ) -> None:
        flat = [t for u in units for t in u.terms]
        # Each term's id is its rank by first occurrence.
        term_ids = {t: i for i, t in enumerate(dict.fromkeys(flat))}
        ids = np.fromiter(map(term_ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        lengths = np.array([len(u.terms) for u in units], dtype=np.intp)
        row_of = np.repeat(np.arange(len(units)), lengths)
        # Bigrams: consecutive terms of one sentence, coded after all unigram codes.
        t = max(1, len(term_ids))
        same = row_of[1:] == row_of[:-1]
        bigram_codes = t + ids[:-1][same] * t + ids[1:][same]
        codes = np.concatenate([ids, bigram_codes])
        rows = np.concatenate([row_of, row_of[1:][same]])
        keys = _unique(rows * (t * t + t) + codes)
        r_arr = keys // (t * t + t)
        raw = keys % (t * t + t)
        vocab = _unique(raw)
        c_arr = np.searchsorted(vocab, raw)
        v = max(1, len(vocab))
        is_bigram = vocab >= t
        digit_terms = np.array([term[:1].isdigit() for term in term_ids] or [False])
        is_number = ~is_bigram & digit_terms[np.minimum(vocab, len(digit_terms) - 1)]
        art_of = np.array([u.n for u in units], dtype=np.intp)
        lead_of = np.array([u.index < 2 for u in units], dtype=bool)
        art = art_of[r_arr]
        span = int(art_of.max(initial=0)) + 1
        art_df = np.bincount(_unique(c_arr * span + art) // span, minlength=v)
        sent_df = np.bincount(c_arr, minlength=v)
        in_lead = np.bincount(c_arr[lead_of[r_arr]], minlength=v) > 0
        if n_articles > 1:
            w = np.where(art_df >= 2, art_df - 1.0, SINGLE_SOURCE)
            w = w + REPEAT_WEIGHT * np.log(np.maximum(sent_df, 1))
        else:
            w = np.minimum(sent_df, 3).astype(float)
        w = w + TITLE_WEIGHT * _title_counts(titles, term_ids, vocab, t)
        w = w * np.where(is_bigram, BIGRAM_WEIGHT, 1.0) * np.where(in_lead, 1.0 + LEAD_BONUS, 1.0)
        w = w * np.where(is_number, NUMBER_WEIGHT, 1.0)
        self.weight = w
        self.article_df = art_df
        shared = sent_df >= 2
        remap = np.cumsum(shared) - 1
        keep = shared[c_arr]
        self.shared_ids = np.flatnonzero(shared)
        self.matrix = np.zeros((len(units), max(1, int(shared.sum()))))
        self.matrix[r_arr[keep], remap[c_arr[keep]]] = 1.0
        self.private = PRIVATE_WEIGHT * np.bincount(
            r_arr[~keep], weights=w[c_arr[~keep]], minlength=len(units)
        )
        # Plain words among the shared columns, and each candidate's count of distinct words:
        # "how much of this sentence the picks already say" reads words, not weights.
        self.word_cols = np.zeros(self.matrix.shape[1])
        self.word_cols[: len(self.shared_ids)] = ~is_bigram[self.shared_ids]
        self.number_cols = np.zeros(self.matrix.shape[1])
        self.number_cols[: len(self.shared_ids)] = is_number[self.shared_ids]
        self.n_words = np.maximum(1, np.bincount(r_arr[~is_bigram[c_arr]], minlength=len(units)))
        self.shared_weight = np.zeros(self.matrix.shape[1])
        self.shared_weight[: len(self.shared_ids)] = w[self.shared_ids]
        # Per candidate: the weight of its concepts that two or more articles state.
        agreed = np.where(art_df[c_arr] >= 2, w[c_arr], 0.0)
        self.agreed = np.bincount(r_arr, weights=agreed, minlength=len(units))


def _unique(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)` for integers (sorted distinct values), by a sort: NumPy 2's hash
    table costs more than the sort on these few thousand codes."""
    out = np.sort(values)
    if len(out) > 1:
        out = out[np.concatenate(([True], out[1:] != out[:-1]))]
    return out


def _title_counts(
    titles: Sequence[Sequence[str]], term_ids: dict[str, int], vocab: np.ndarray, t: int
) -> np.ndarray:
    """Per concept code in `vocab` (sorted): how many article titles state it (word or pair)."""
    codes: list[int] = []
    for title in titles:
        ids = [term_ids.get(term, -1) for term in title]
        mine = {i for i in ids if i >= 0}
        mine |= {t + a * t + b for a, b in pairwise(ids) if a >= 0 and b >= 0}
        codes.extend(mine)
    counts = np.zeros(len(vocab))
    if codes and len(vocab):
        arr = np.array(codes, dtype=vocab.dtype)
        at = np.minimum(np.searchsorted(vocab, arr), len(vocab) - 1)
        hit = vocab[at] == arr
        np.add.at(counts, at[hit], 1.0)
    return counts


def select(
    units: Sequence[Unit],
    concepts: Concepts,
    max_words: int,
    start: Sequence[int] = (),
    used: float | None = None,
) -> list[int]:
    """Greedy budgeted coverage: pick the best gain per word that fits, until none fits.
    `start`: picks already made, in order, and `used` the words they take now (a picked
    sentence the engine has since shortened); the greedy steps go on from there."""
    n = len(units)
    if n == 0:
        return []
    words = np.array([max(1, u.words) for u in units], dtype=float)
    prior = np.array([u.prior / (1.0 + POSITION_DECAY * u.index) for u in units], dtype=float)
    needs = [u.needs for u in units]
    # ready[i]: candidate i needs nothing, or what it needs is picked (-1: never; None -> -2)
    need_of = np.array([-2 if need is None else need for need in needs])
    picked = list(start)
    spent = float(words[picked].sum()) if used is None else used
    if picked:  # going on: nothing to do unless a candidate ready to be picked fits
        taken = np.zeros(n, dtype=bool)
        taken[picked] = True
        ready = (need_of == -2) | ((need_of >= 0) & taken[np.maximum(need_of, 0)])
        if not (~taken & ready & (words <= max_words - spent)).any():
            return picked
    state = _State(n, concepts, np.array([u.n for u in units]), need_of == -2)
    for i in picked:
        state.take(i, need_of)
    per_word = words**LENGTH_EXPONENT
    while True:
        gain = concepts.matrix @ state.uncovered + state.private
        said = (concepts.matrix @ state.said_cols) / concepts.n_words
        new_figure = concepts.matrix @ (concepts.number_cols * (1.0 - state.said_cols)) > 0
        # A repeat: the picks already say most of its words, and it adds no figure.
        fresh = (said < REDUNDANT_AT) | new_figure
        allowed = state.open_ & fresh & (words <= max_words - spent) & state.ready
        if not allowed.any():
            break
        gain = gain + state.bonus
        value = np.where(allowed, gain * prior / per_word, -np.inf)
        best = int(np.argmax(value))
        if gain[best] <= 0:
            break
        picked.append(best)
        spent += words[best]
        state.take(best, need_of)
    if not picked:
        # Nothing fits: the most central sentence still beats an empty summary (the
        # summarizer warns that the budget was exceeded).
        gain = concepts.matrix @ state.uncovered + state.private
        free = [i for i in range(n) if needs[i] is None] or list(range(n))
        picked.append(max(free, key=lambda i: gain[i] * prior[i]))
    return picked


class _State:
    """What the picks so far leave: concepts uncovered, words said, candidates still open
    and ready, articles not yet heard."""

    def __init__(self, n: int, concepts: Concepts, arts: np.ndarray, ready: np.ndarray) -> None:
        self.concepts = concepts
        self.arts = arts
        self.ready = ready
        self.open_ = np.ones(n, dtype=bool)
        self.uncovered = concepts.shared_weight.copy()
        self.said_cols = np.zeros(concepts.matrix.shape[1])
        self.private = concepts.private.copy()
        self.bonus = np.full(n, ARTICLE_BONUS if len(set(arts.tolist())) > 1 else 0.0)

    def take(self, best: int, need_of: np.ndarray) -> None:
        row = self.concepts.matrix[best]
        self.ready |= need_of == best
        self.open_[best] = False
        self.uncovered = self.uncovered * (1.0 - row)
        self.said_cols = np.maximum(self.said_cols, row * self.concepts.word_cols)
        self.private[best] = 0.0
        self.bonus[self.arts == self.arts[best]] = 0.0


__all__ = ["Concepts", "Unit", "select"]
