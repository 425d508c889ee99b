"""`chorus eval checker`: measure the checker itself, on data it was not trained on.

1. SummEdits (news), human labels, held-out documents (the tuning ones are the model's): ROC-AUC,
   balanced accuracy at the shipped verdict (P(supported) >= 0.5) and expected calibration
   error, next to plain word overlap (its threshold tuned on the tuning documents).
2. AllSides clusters 201-307 (never trained on): article sentences cited to their article,
   broken one known way each (per kind: the share no longer called supported), and faithful
   rewrites and human paraphrases (per kind: the share wrongly not called supported).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from chorus.checker.report import SentenceIn
from chorus.checker.support import SUPPORTED_AT
from chorus.models import Article, Cluster
from chorus.pipeline.prepare import Prepared, prepare
from chorus.pipeline.text import content_terms
from chorus.settings import Limits
from chorus_evals.datasets import load_dataset
from chorus_evals.metrics import (
    at_threshold,
    balanced_accuracy,
    best_threshold,
    expected_calibration_error,
    roc_auc,
)
from chorus_evals.paraphrase import Paraphrase, human_paraphrases, rewrites
from chorus_evals.perturb import KINDS, Perturbation, perturb_summary
from chorus_evals.summedits import LabelledSet, load_summedits, split
from chorus_evals.training import TRAIN_CLUSTERS, originals

Scorer = Callable[[Prepared, str, list[int]], float]
LIMITS = Limits(max_article_chars=1_000_000)


def judge_score(prepared: Prepared, claim: str, cited: list[int]) -> float:
    return prepared.index.judge(claim, cited).score


def overlap_score(prepared: Prepared, claim: str, cited: list[int]) -> float:
    """The baseline: share of the claim's content words that occur in the cited articles."""
    terms = content_terms(claim)
    if not terms:
        return 0.0
    vocab = frozenset().union(*(prepared.index.article_terms(n) for n in cited))
    return sum(t in vocab for t in terms) / len(terms)


class Figures(BaseModel):
    n: int
    auc: float
    threshold: float
    balanced_accuracy: float
    ece: float | None = None  # for scores that are probabilities


class SummEditsResult(BaseModel):
    tune_documents: int
    held_out_documents: int
    judge: Figures  # the shipped verdict: P(supported) >= SUPPORTED_AT
    overlap_tuned: Figures  # threshold tuned on the tuning documents
    judge_tune_auc: float
    overlap_tune_auc: float
    seconds: float
    # held out, at the shipped verdict: per edit type, (inconsistent claims, share not called
    # supported); "consistent" = (consistent claims, share called supported)
    by_edit: dict[str, tuple[int, float]] = {}


def summedits_documents(data: LabelledSet) -> dict[int, Prepared]:
    return {
        d: prepare(
            Cluster(id=f"doc{d}", articles=[Article(id="1", text=data.documents[d])]), LIMITS
        )
        for d in sorted({c.document for c in data.claims})
    }


def score_set(data: LabelledSet, scorer: Scorer) -> list[float]:
    docs = summedits_documents(data)
    return [scorer(docs[c.document], c.claim, [1]) for c in data.claims]


def figures(labels: Sequence[int], scores: Sequence[float], threshold: float) -> Figures:
    return Figures(
        n=len(labels),
        auc=round(roc_auc(labels, scores), 4),
        threshold=round(threshold, 4),
        balanced_accuracy=round(balanced_accuracy(labels, at_threshold(scores, threshold)), 4),
    )


def summedits_benchmark(path: Path) -> SummEditsResult:
    started = time.perf_counter()
    tune, held = split(load_summedits(path))
    y_tune = [c.label for c in tune.claims]
    y_held = [c.label for c in held.claims]
    j_tune, j_held = score_set(tune, judge_score), score_set(held, judge_score)
    o_tune, o_held = score_set(tune, overlap_score), score_set(held, overlap_score)
    judge = figures(y_held, j_held, SUPPORTED_AT)
    judge.ece = round(expected_calibration_error(y_held, j_held), 4)
    by_edit: dict[str, list[bool]] = {}
    for claim, score in zip(held.claims, j_held, strict=True):
        if claim.label == 1:
            by_edit.setdefault("consistent", []).append(score >= SUPPORTED_AT)
        for kind in claim.kinds if claim.label == 0 else ():
            by_edit.setdefault(kind, []).append(score < SUPPORTED_AT)
    return SummEditsResult(
        tune_documents=len({c.document for c in tune.claims}),
        held_out_documents=len({c.document for c in held.claims}),
        judge=judge,
        overlap_tuned=figures(y_held, o_held, best_threshold(y_tune, o_tune)),
        judge_tune_auc=round(roc_auc(y_tune, j_tune), 4),
        overlap_tune_auc=round(roc_auc(y_tune, o_tune), 4),
        seconds=round(time.perf_counter() - started, 2),
        by_edit={k: (len(v), round(sum(v) / len(v), 4)) for k, v in sorted(by_edit.items())},
    )


@dataclass
class HeldOut:
    """One report-part cluster: faithful sentences to break, and faithful paraphrases."""

    cluster_id: str
    prepared: Prepared
    sentences: list[SentenceIn]
    paraphrases: list[Paraphrase]


def held_out_clusters(data_dir: Path | None, limit: int | None = None) -> list[HeldOut]:
    """AllSides clusters 201-307 (the part never trained or tuned on)."""
    items = load_dataset("allsides-val", data_dir).items[TRAIN_CLUSTERS:]
    out = []
    for item in items[:limit]:
        prepared = prepare(item.cluster, LIMITS)
        chosen = originals(prepared)
        paras = rewrites(item.cluster.id, chosen)
        if item.references:
            paras += human_paraphrases(item.cluster.id, item.references[0], prepared)
        out.append(
            HeldOut(
                cluster_id=item.cluster.id, prepared=prepared, paraphrases=paras,
                sentences=[SentenceIn(text=s.text, citations=[s.n]) for s in chosen],
            )
        )  # fmt: skip
    return out


class KindResult(BaseModel):
    kind: str
    n: int
    detected: float  # share of perturbed sentences not judged supported
    judge_auc: float
    overlap_auc: float


class ParaphraseResult(BaseModel):
    kind: str
    n: int
    false_alarms: float  # share of faithful paraphrases not judged supported


class PerturbResult(BaseModel):
    clusters: int
    originals: int
    false_alarms: float  # share of the verbatim faithful sentences not judged supported
    kinds: list[KindResult]
    paraphrases: list[ParaphraseResult] = []
    checks_per_second: float = 0.0


def _kind(
    kind: str, rows: list[tuple[float, float]], ok_j: list[float], ok_o: list[float]
) -> KindResult:
    labels = [1] * len(ok_j) + [0] * len(rows)
    return KindResult(
        kind=kind,
        n=len(rows),
        detected=round(sum(j < SUPPORTED_AT for j, _ in rows) / len(rows), 4),
        judge_auc=round(roc_auc(labels, ok_j + [j for j, _ in rows]), 4),
        overlap_auc=round(roc_auc(labels, ok_o + [o for _, o in rows]), 4),
    )


def perturbation_benchmark(
    sets: Sequence[tuple[str, Prepared, list[SentenceIn]]],
    paraphrases: Sequence[tuple[Prepared, Paraphrase]] = (),
) -> tuple[PerturbResult, list[Perturbation]]:
    """Per kind, how many broken sentences the judge catches; per paraphrase kind, how many
    faithful ones it wrongly fails."""
    started, checks = time.perf_counter(), 0
    ok_j: list[float] = []
    ok_o: list[float] = []
    broken: list[tuple[Perturbation, float, float]] = []
    for cluster_id, prepared, sentences in sets:
        for s in sentences:
            ok_j.append(judge_score(prepared, s.text, s.citations))
            ok_o.append(overlap_score(prepared, s.text, s.citations))
        for p in perturb_summary(cluster_id, sentences, prepared):
            j = judge_score(prepared, p.text, p.citations)
            broken.append((p, j, overlap_score(prepared, p.text, p.citations)))
    by_kind: dict[str, list[bool]] = {}
    for prepared, para in paraphrases:
        fails = judge_score(prepared, para.text, para.citations) < SUPPORTED_AT
        by_kind.setdefault(para.kind, []).append(fails)
    checks = len(ok_j) + len(broken) + len(paraphrases)
    kinds = []
    for kind in KINDS:
        rows = [(j, o) for p, j, o in broken if p.kind == kind]
        if rows:
            kinds.append(_kind(kind, rows, ok_j, ok_o))
    result = PerturbResult(
        clusters=len(sets),
        originals=len(ok_j),
        false_alarms=round(sum(j < SUPPORTED_AT for j in ok_j) / max(1, len(ok_j)), 4),
        kinds=kinds,
        paraphrases=[
            ParaphraseResult(kind=k, n=len(v), false_alarms=round(sum(v) / len(v), 4))
            for k, v in sorted(by_kind.items())
        ],
        checks_per_second=round(checks / max(1e-9, time.perf_counter() - started), 1),
    )
    return result, [p for p, _j, _o in broken]


def held_out_benchmark(clusters: Sequence[HeldOut]) -> tuple[PerturbResult, list[Perturbation]]:
    return perturbation_benchmark(
        [(c.cluster_id, c.prepared, c.sentences) for c in clusters],
        [(c.prepared, p) for c in clusters for p in c.paraphrases],
    )


__all__ = [
    "Figures",
    "HeldOut",
    "KindResult",
    "ParaphraseResult",
    "PerturbResult",
    "SummEditsResult",
    "held_out_benchmark",
    "held_out_clusters",
    "judge_score",
    "overlap_score",
    "perturbation_benchmark",
    "summedits_benchmark",
]
