"""The hand-written checker set: sentences a person wrote about AllSides clusters, each labelled
faithful (1) or unfaithful (0) with the kind of rewrite or error (evals/datasets/handwritten/).

Four parts: `dev`, `dev2` and `dev3` (clusters from lines 1-200, which the checker may be tuned
on; `dev2` was written later on other clusters, to tell whether a fix tuned on `dev` generalises,
and `dev3`, mostly faithful sentences, to find what the checker wrongly flags; no cluster may be
in two parts) and `report` (clusters from lines 201-307, a blind check: only its
figures are printed, never its sentences).
Per part: the share of unfaithful sentences caught (not called `supported`), overall and per
kind; the share of faithful sentences wrongly not called `supported` (false alarms), overall and
per kind; and the ROC-AUC of the checker's support score.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chorus.errors import InvalidInput
from chorus.loaders import format_validation_error
from chorus.pipeline.prepare import Prepared, prepare
from chorus.settings import Limits
from chorus_evals.datasets import DATASETS_DIR, load_dataset
from chorus_evals.metrics import roc_auc

HAND_DIR = DATASETS_DIR / "handwritten"
PARTS = ("dev", "dev2", "dev3", "report")
# Lines of allsides-roundups-val.jsonl each part may draw on (../shared/data/README.md).
PART_LINES = {"dev": (1, 200), "dev2": (1, 200), "dev3": (1, 200), "report": (201, 307)}
# Parts whose sentences are never printed nor kept (only their figures).
BLIND_PARTS = frozenset({"report"})

FAITHFUL_KINDS = frozenset(
    {
        "reworded", "voice_change", "compressed", "fused", "figure_restated", "name_shortened",
        "description", "attribution",
    }
)  # fmt: skip
UNFAITHFUL_KINDS = frozenset(
    {
        "verb_swap", "wrong_actor", "entity_changed", "cause_effect", "number_changed",
        "date_changed", "negation", "quantifier", "modality_tense", "misattribution",
        "invented_detail", "exaggeration", "allegation_as_fact",
    }
)  # fmt: skip


class HandRow(BaseModel):
    """One hand-written sentence with its citations and label."""

    model_config = ConfigDict(extra="forbid")

    cluster: str = Field(pattern=r"^allsides-val-\d{4}$")
    text: str = Field(min_length=1)
    citations: list[int] = Field(min_length=1)
    label: Literal[0, 1]
    kind: str
    note: str = Field(min_length=1)

    @model_validator(mode="after")
    def _kind_fits_label(self) -> HandRow:
        kinds = FAITHFUL_KINDS if self.label == 1 else UNFAITHFUL_KINDS
        if self.kind not in kinds:
            raise ValueError(
                f"kind {self.kind!r} is not a {'faithful' if self.label else 'unfaithful'} kind "
                f"(one of {', '.join(sorted(kinds))})"
            )
        if any(n < 1 for n in self.citations):
            raise ValueError("citations are 1-based article numbers")
        return self

    @property
    def line(self) -> int:
        return int(self.cluster.rsplit("-", 1)[1])


def load_rows(path: Path) -> list[HandRow]:
    """Rows of one part file; a bad line is an InvalidInput naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror or exc})") from exc
    rows = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            rows.append(HandRow.model_validate(json.loads(raw)))
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{where}: not JSON ({exc.msg})") from exc
        except ValidationError as exc:
            raise InvalidInput(f"{where}: {format_validation_error(exc)}") from exc
    if not rows:
        raise InvalidInput(f"{path}: no rows")
    return rows


def check_part(part: str, rows: Sequence[HandRow], n_articles: Mapping[str, int]) -> None:
    """Every row names a known cluster inside the part's lines and cites its articles
    (`n_articles`: cluster id -> how many articles it has)."""
    first, last = PART_LINES[part]
    for k, row in enumerate(rows, start=1):
        where = f"{part} row {k} ({row.cluster})"
        if not first <= row.line <= last:
            raise InvalidInput(f"{where}: the {part} part uses lines {first}-{last}")
        n = n_articles.get(row.cluster)
        if n is None:
            raise InvalidInput(f"{where}: no such cluster in allsides-val")
        if max(row.citations) > n:
            raise InvalidInput(f"{where}: cites [{max(row.citations)}], the cluster has {n}")


def check_disjoint(parts: Mapping[str, Sequence[HandRow]]) -> None:
    """No cluster is in two parts (a fix tuned on `dev` is measured on `dev2`'s other clusters)."""
    seen: dict[str, str] = {}
    for part, rows in parts.items():
        for cluster in dict.fromkeys(r.cluster for r in rows):
            other = seen.setdefault(cluster, part)
            if other != part:
                raise InvalidInput(f"{part}: cluster {cluster} is also in the {other} part")


class Scored(BaseModel):
    row: HandRow
    score: float
    verdict: str
    reason: str | None = None

    @property
    def wrong(self) -> bool:
        """A missed unfaithful sentence or a false alarm on a faithful one."""
        return (self.verdict == "supported") != (self.row.label == 1)


Judge = Callable[[Prepared, HandRow], Scored]


def offline_judge(prepared: Prepared, row: HandRow) -> Scored:
    j = prepared.index.judge(row.text, row.citations)
    return Scored(row=row, score=j.score, verdict=j.verdict, reason=j.reason)


class KindFigure(BaseModel):
    kind: str
    n: int
    share: float  # unfaithful: caught; faithful: false alarms


class PartFigures(BaseModel):
    part: str
    clusters: int
    unfaithful: int
    caught: float  # share of unfaithful sentences not called supported
    faithful: int
    false_alarms: float  # share of faithful sentences not called supported
    auc: float  # ROC-AUC of the support score (faithful = positive)
    caught_by_kind: list[KindFigure]
    false_alarms_by_kind: list[KindFigure]
    wrong: list[Scored] = []  # misses and false alarms of a tuning part (never the report's)


def _by_kind(rows: Sequence[Scored], hit: Callable[[Scored], bool]) -> list[KindFigure]:
    kinds: dict[str, list[bool]] = {}
    for s in rows:
        kinds.setdefault(s.row.kind, []).append(hit(s))
    return [
        KindFigure(kind=k, n=len(v), share=round(sum(v) / len(v), 4))
        for k, v in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def part_figures(part: str, scored: Sequence[Scored]) -> PartFigures:
    bad = [s for s in scored if s.row.label == 0]
    good = [s for s in scored if s.row.label == 1]
    caught = lambda s: s.verdict != "supported"  # noqa: E731
    return PartFigures(
        part=part,
        clusters=len({s.row.cluster for s in scored}),
        unfaithful=len(bad),
        caught=round(sum(map(caught, bad)) / max(1, len(bad)), 4),
        faithful=len(good),
        false_alarms=round(sum(map(caught, good)) / max(1, len(good)), 4),
        auc=round(roc_auc([s.row.label for s in scored], [s.score for s in scored]), 4),
        caught_by_kind=_by_kind(bad, caught),
        false_alarms_by_kind=_by_kind(good, caught),
        wrong=[] if part in BLIND_PARTS else [s for s in scored if s.wrong],
    )


def score_rows(
    rows: Sequence[HandRow], clusters: Mapping[str, Prepared], judge: Judge = offline_judge
) -> list[Scored]:
    return [judge(clusters[r.cluster], r) for r in rows]


def handwritten_benchmark(
    data_dir: Path | None, hand_dir: Path = HAND_DIR, judge: Judge = offline_judge
) -> list[PartFigures]:
    """Every part against the shared AllSides clusters (DataMissing when they are absent)."""
    parts = {p: load_rows(hand_dir / f"{p}.jsonl") for p in PARTS}
    check_disjoint(parts)
    wanted = {r.cluster for rows in parts.values() for r in rows}
    items = load_dataset("allsides-val", data_dir).items
    for part, rows in parts.items():
        check_part(part, rows, {i.cluster.id: len(i.cluster.articles) for i in items})
    limits = Limits(max_article_chars=1_000_000)
    clusters = {i.cluster.id: prepare(i.cluster, limits) for i in items if i.cluster.id in wanted}
    out = []
    for part, rows in parts.items():
        out.append(part_figures(part, score_rows(rows, clusters, judge)))
    return out


def render_handwritten(figures: Sequence[PartFigures]) -> list[str]:
    lines = ["Hand-written sentences (evals/datasets/handwritten; report part is blind):"]
    for f in figures:
        lines.append(
            f"  {f.part:<7}{f.clusters:>3} clusters: unfaithful caught {f.caught:.1%} "
            f"(n={f.unfaithful}), faithful false alarms {f.false_alarms:.1%} (n={f.faithful}), "
            f"AUC {f.auc:.3f}"
        )
        lines.append(
            "    caught by kind: "
            + ", ".join(f"{k.kind} {k.share:.0%} ({k.n})" for k in f.caught_by_kind)
        )
        lines.append(
            "    false alarms by kind: "
            + ", ".join(f"{k.kind} {k.share:.0%} ({k.n})" for k in f.false_alarms_by_kind)
        )
    return [*lines, ""]


__all__ = [
    "BLIND_PARTS",
    "FAITHFUL_KINDS",
    "HAND_DIR",
    "PARTS",
    "UNFAITHFUL_KINDS",
    "HandRow",
    "KindFigure",
    "PartFigures",
    "Scored",
    "check_disjoint",
    "check_part",
    "handwritten_benchmark",
    "load_rows",
    "offline_judge",
    "part_figures",
    "render_handwritten",
    "score_rows",
]
