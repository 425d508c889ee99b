"""The ROUGE margin's interval in `bench_quality` (the figure the owner reads)."""

import pytest

from bench.bench_quality import half_margins, margin_interval


def test_a_constant_margin_has_no_spread() -> None:
    mean, se, lo, hi = margin_interval([0.5, 0.6, 0.7], [0.45, 0.55, 0.65])
    assert mean == pytest.approx(0.05)
    assert se == pytest.approx(0.0, abs=1e-12)
    assert lo == pytest.approx(0.05) and hi == pytest.approx(0.05)


def test_a_noisy_margin_gets_an_interval_around_it() -> None:
    ours = [0.4 + 0.1 * ((k * 7) % 5 - 2) for k in range(100)]
    theirs = [0.4 + 0.1 * ((k * 3) % 5 - 2) for k in range(100)]
    mean, se, lo, hi = margin_interval(ours, theirs)
    assert lo < mean < hi
    assert se > 0.005
    assert hi - lo == pytest.approx(2 * 1.96 * se, rel=0.25)  # about normal at n = 100
    assert margin_interval(ours, theirs) == (mean, se, lo, hi)  # a fixed seed: reruns agree


def test_half_margins_take_each_half_s_own_best_baseline() -> None:
    scores = {
        "chorus": [0.5, 0.5, 0.6, 0.6],
        "lead": [0.4, 0.4, 0.7, 0.7],
        "textrank": [0.45, 0.45, 0.5, 0.5],
    }
    halves = half_margins(scores, 201)
    assert [(lo, hi, name) for lo, hi, name, _m in halves] == [
        (201, 202, "textrank"),
        (203, 204, "lead"),
    ]
    assert [m for *_x, m in halves] == [pytest.approx(0.05), pytest.approx(-0.1)]
