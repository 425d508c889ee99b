"""`bench_core --gc` prints the full-collection pauses before and after the start-up freeze."""

from __future__ import annotations

import gc

import pytest


def test_the_collector_figure_runs_both_halves(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bench.bench_core as bench

    monkeypatch.setattr(bench, "GC_RUNS", 2)
    monkeypatch.setattr(bench, "make_cluster", lambda n, w: bench.Cluster.model_validate(
        {"id": "gc", "articles": [{"id": "a", "text": "The council met on Monday. It voted."}]}
    ))  # fmt: skip
    try:
        bench.bench_gc()
    finally:
        gc.unfreeze()
    out = capsys.readouterr().out
    assert "as imported: " in out and "after warm_up (gc.freeze): " in out
    assert out.count("full collections in 2 summaries") == 2
