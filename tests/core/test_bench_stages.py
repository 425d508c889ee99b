"""`bench_core --stages` still times the engine's steps where they now live."""

from bench.bench_core import make_cluster
from bench.stages import stage_breakdown


def test_stage_breakdown_names_every_timed_step() -> None:
    table = stage_breakdown(make_cluster(2, 150), runs=1)
    for step in ("segment", "engine", "cite", "judge", "verify+finish", "total"):
        assert step in table, table
