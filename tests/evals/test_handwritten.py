"""The hand-written checker set: its loader refuses bad rows clearly, and its scorer counts
caught contradictions and false alarms per kind on a tiny set written here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from chorus.errors import InvalidInput
from chorus.models import Article, Cluster
from chorus.pipeline.prepare import Prepared, prepare
from chorus.settings import Limits
from chorus_evals.datasets import DataMissing
from chorus_evals.handwritten import (
    FAITHFUL_KINDS,
    HAND_DIR,
    PART_LINES,
    PARTS,
    HandRow,
    Scored,
    check_disjoint,
    check_part,
    handwritten_benchmark,
    load_rows,
    part_figures,
    render_handwritten,
    score_rows,
)

ARTICLE = (
    "Facebook said Sunday that it removed 1.5 million videos of the attack. "
    "The company said about 300,000 videos were removed within the first 24 hours."
)


def row(**over: Any) -> dict[str, Any]:
    base = {
        "cluster": "allsides-val-0001", "text": "Facebook removed 1.5 million videos.",
        "citations": [1], "label": 1, "kind": "reworded", "note": "restates [1]",
    }  # fmt: skip
    return {**base, **over}


def write(path: Path, rows: list[Any]) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
        encoding="utf-8",
    )
    return path


def test_loader_reads_good_rows_and_skips_blank_lines(tmp_path: Path) -> None:
    rows = load_rows(write(tmp_path / "dev.jsonl", [row(), "", row(label=0, kind="negation")]))
    assert [(r.label, r.kind, r.line) for r in rows] == [(1, "reworded", 1), (0, "negation", 1)]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "dev.jsonl:2: not JSON"),
        (row(label=0), "dev.jsonl:2: (root): Value error, kind 'reworded' is not a unfaithful"),
        (row(kind="negation"), "'negation' is not a faithful kind"),
        (row(kind="made_up", label=0), "kind 'made_up'"),
        (row(citations=[]), "dev.jsonl:2: citations"),
        (row(citations=[0]), "1-based"),
        (row(label=2), "dev.jsonl:2: label"),
        (row(cluster="seeds-1"), "dev.jsonl:2: cluster"),
        (row(text=""), "dev.jsonl:2: text"),
        (row(colour="red"), "dev.jsonl:2: colour: Extra inputs"),
        ({k: v for k, v in row().items() if k != "note"}, "dev.jsonl:2: note: Field required"),
    ],
)
def test_loader_names_the_line_and_the_fault_of_a_bad_row(
    tmp_path: Path, bad: Any, message: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        load_rows(write(tmp_path / "dev.jsonl", [row(), bad]))
    assert message in err.value.detail


def test_loader_refuses_an_empty_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no rows"):
        load_rows(write(tmp_path / "dev.jsonl", [""]))
    with pytest.raises(InvalidInput, match="cannot read"):
        load_rows(tmp_path / "absent.jsonl")


@pytest.mark.parametrize(
    ("part", "over", "message"),
    [
        ("report", {}, "the report part uses lines 201-307"),
        ("dev", {"cluster": "allsides-val-0201"}, "the dev part uses lines 1-200"),
        ("dev", {"cluster": "allsides-val-0002"}, "no such cluster"),
        ("dev", {"citations": [1, 4]}, "cites [4], the cluster has 3"),
        ("dev2", {"cluster": "allsides-val-0201"}, "the dev2 part uses lines 1-200"),
        ("dev3", {"cluster": "allsides-val-0201"}, "the dev3 part uses lines 1-200"),
    ],
)
def test_rows_must_fit_their_part_and_their_cluster(
    part: str, over: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message.replace("[", r"\[").replace("]", r"\]")):
        check_part(part, [HandRow.model_validate(row(**over))], {"allsides-val-0001": 3})


def test_no_cluster_may_be_in_two_parts() -> None:
    dev = [HandRow.model_validate(row()), HandRow.model_validate(row(text="Again."))]
    dev2 = [HandRow.model_validate(row(cluster="allsides-val-0005"))]
    check_disjoint({"dev": dev, "dev2": dev2})  # a cluster repeated within one part is fine
    with pytest.raises(InvalidInput, match="dev2: cluster allsides-val-0001 is also in the dev"):
        check_disjoint({"dev": dev, "dev2": [*dev2, HandRow.model_validate(row())]})


def scored(label: int, kind: str, score: float, verdict: str | None = None) -> Scored:
    r = HandRow.model_validate(row(label=label, kind=kind))
    return Scored(row=r, score=score, verdict=verdict or ("supported" if score >= 0.5 else "no"))


def test_figures_count_caught_and_false_alarms_per_kind_and_rank_by_auc() -> None:
    rows = [
        scored(0, "negation", 0.1),  # caught
        scored(0, "negation", 0.9),  # missed
        scored(0, "number_changed", 0.2),  # caught
        scored(1, "reworded", 0.95),
        scored(1, "reworded", 0.3),  # false alarm
        scored(1, "fused", 0.8),
    ]
    dev = part_figures("dev", rows)
    assert (dev.unfaithful, dev.caught, dev.faithful, dev.false_alarms) == (3, 0.6667, 3, 0.3333)
    assert [(k.kind, k.n, k.share) for k in dev.caught_by_kind] == [
        ("negation", 2, 0.5), ("number_changed", 1, 1.0)
    ]  # fmt: skip
    assert [(k.kind, k.n, k.share) for k in dev.false_alarms_by_kind] == [
        ("reworded", 2, 0.5), ("fused", 1, 0.0)
    ]  # fmt: skip
    # 9 faithful/unfaithful pairs; the faithful one scores higher in 7 of them.
    assert dev.auc == round(7 / 9, 4)
    assert [(w.row.label, w.score) for w in dev.wrong] == [(0, 0.9), (1, 0.3)]
    assert len(part_figures("dev2", rows).wrong) == 2  # a tuning part keeps its sentences too
    # The report part is a blind check: its figures only, never its sentences.
    assert part_figures("report", rows).wrong == []


def tiny_cluster(cluster_id: str) -> Cluster:
    return Cluster(id=cluster_id, articles=[Article(id="1", text=ARTICLE)])


def test_offline_judge_scores_a_tiny_hand_written_set() -> None:
    prepared: dict[str, Prepared] = {
        "allsides-val-0001": prepare(tiny_cluster("allsides-val-0001"), Limits())
    }
    rows = [
        HandRow.model_validate(row(text="Facebook said Sunday that it removed 1.5 million "
                                        "videos of the attack.", kind="compressed")),
        HandRow.model_validate(row(text="The company said about 300,000 videos were removed "
                                        "within the first 24 hours.", kind="reworded")),
        HandRow.model_validate(row(text="Facebook said Sunday that it removed 9.5 million "
                                        "videos of the attack.", label=0, kind="number_changed")),
    ]  # fmt: skip
    figures = part_figures("dev", score_rows(rows, prepared))
    assert (figures.faithful, figures.false_alarms) == (2, 0.0)
    assert (figures.unfaithful, figures.caught) == (1, 1.0)
    assert figures.auc == 1.0
    text = "\n".join(render_handwritten([figures]))
    assert "unfaithful caught 100.0% (n=1)" in text and "number_changed 100% (1)" in text


def test_benchmark_reads_every_part_against_the_shared_clusters(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    ids = ("allsides-val-0001", "allsides-val-0002", "allsides-val-0003", "allsides-val-0201")
    clusters = [tiny_cluster(i) for i in ids]
    write(data / "allsides-roundups-val.jsonl", [c.model_dump(mode="json") for c in clusters])
    hand = tmp_path / "hand"
    hand.mkdir()
    write(
        hand / "dev.jsonl",
        [row(), row(label=0, kind="negation", text="Facebook refused to remove any videos.")],
    )
    write(hand / "dev2.jsonl", [row(cluster="allsides-val-0002", label=0, kind="verb_swap")])
    write(hand / "dev3.jsonl", [row(cluster="allsides-val-0003", kind="description")])
    write(hand / "report.jsonl", [row(cluster="allsides-val-0201")])
    dev, dev2, dev3, report = handwritten_benchmark(data, hand)
    assert (dev.part, dev.faithful, dev.unfaithful) == ("dev", 1, 1)
    assert (dev2.part, dev2.clusters, dev2.faithful, dev2.unfaithful) == ("dev2", 1, 0, 1)
    assert [w.row.kind for w in dev2.wrong] == ["verb_swap"]  # a copy is called supported
    assert (dev3.part, dev3.faithful, dev3.unfaithful, dev3.wrong) == ("dev3", 1, 0, [])
    assert (report.part, report.faithful, report.unfaithful, report.wrong) == ("report", 1, 0, [])
    with pytest.raises(DataMissing):
        handwritten_benchmark(tmp_path / "nowhere", hand)
    write(hand / "dev2.jsonl", [row()])  # the dev part's cluster
    with pytest.raises(InvalidInput, match="also in the dev part"):
        handwritten_benchmark(data, hand)


@pytest.mark.parametrize("part", PARTS)
def test_shipped_parts_load_and_keep_to_their_lines(part: str) -> None:
    rows = load_rows(HAND_DIR / f"{part}.jsonl")
    first, last = PART_LINES[part]
    assert all(first <= r.line <= last for r in rows)
    assert {r.label for r in rows} == {0, 1}
    assert len({r.cluster for r in rows}) >= 30


def test_shipped_dev_parts_share_no_cluster() -> None:
    parts = {p: load_rows(HAND_DIR / f"{p}.jsonl") for p in PARTS}
    check_disjoint(parts)
    assert {r.cluster for r in parts["dev2"]}.isdisjoint(r.cluster for r in parts["dev"])
    dev3 = {r.cluster for r in parts["dev3"]}
    assert dev3.isdisjoint(r.cluster for p in ("dev", "dev2", "report") for r in parts[p])


def test_dev3_is_mostly_faithful_and_uses_every_faithful_kind() -> None:
    rows = load_rows(HAND_DIR / "dev3.jsonl")
    faithful = [r for r in rows if r.label == 1]
    assert len(faithful) >= 2 * (len(rows) - len(faithful))
    assert {r.kind for r in faithful} == FAITHFUL_KINDS


def test_description_and_attribution_are_faithful_kinds() -> None:
    for kind in ("description", "attribution"):
        assert HandRow.model_validate(row(kind=kind)).kind == kind
        with pytest.raises(ValidationError, match="is not a unfaithful kind"):
            HandRow.model_validate(row(kind=kind, label=0))
