"""The early "cannot reach" answer (`SupportIndex.reaches`) is the full judgement's answer: the
model's bound from a span's word features (`CheckerModel.most`) is never below what the whole
assessment gives, so only claims that cannot reach the bar are settled early."""

from __future__ import annotations

import random

import pytest

from chorus.checker.model import CEILING, FEATURES, CheckerModel, load_model
from chorus.models import Cluster
from chorus.pipeline.prepare import prepare
from chorus.settings import Limits

WORD_FEATURES = ("coverage", "single", "bigram", "absent", "novel_max", "absent_count",
                 "gap_run", "clause_gap", "terms")  # fmt: skip


def test_the_bound_is_the_best_completion_of_the_known_features() -> None:
    model = load_model()
    rnd = random.Random(7)
    for _ in range(2000):
        known = {f: rnd.choice([0.0, 1.0, rnd.random() * 3]) for f in WORD_FEATURES}
        # the best case: no finding at all, every figure matched
        best = {**dict.fromkeys(FEATURES, 0.0), **known, "num_matched": 2.0}
        assert model.most(known) == pytest.approx(model.probability(best))
        found = {f: rnd.choice([0.0, 1.0, 2.0]) for f in FEATURES if f not in known}
        assert model.most(known) >= model.probability({**known, **found}) - 1e-12


def test_an_unbounded_feature_weighed_up_gives_no_bound() -> None:
    model = load_model().model_copy(update={"features": ["x"], "weights": [1.0]})
    assert isinstance(model, CheckerModel)
    assert model.most({}) == 1.0
    assert model.most({"x": 0.0}) < 1.0


@pytest.mark.parametrize("at", [0.5, 0.6])
def test_reaches_answers_as_the_full_judgement_does(seed_cluster: Cluster, at: float) -> None:
    prepared = prepare(seed_cluster, Limits())
    sentences = [s.text for s in prepared.corpus.sentences]
    claims = [
        *sentences[:12],
        "Blinken and Lavrov did not speak at the G20.",
        "The two ministers spoke for about 10 minutes.",
        "Lavrov met Blinken in Washington for three hours.",
        "The conference ended with a consensus on the war.",
        "Oil prices rose sharply on Thursday.",
    ]
    ns = [d.n for d in prepared.corpus.docs]
    seen = {True: 0, False: 0}
    for claim in claims:
        for cited in [[n] for n in ns] + [ns]:
            fresh = prepare(seed_cluster, Limits()).index  # nothing memoised from before
            expected = fresh.judge(claim, cited).score >= at
            assert prepared.index.reaches(claim, cited, at) == expected, (claim, cited)
            seen[expected] += 1
    assert seen[True] and seen[False]  # both answers were asked for


def test_what_the_bound_assumes_of_the_assessment_holds(seed_cluster: Cluster) -> None:
    """Every feature is at least 0, and none the model weighs up exceeds its CEILING."""
    index = prepare(seed_cluster, Limits()).index
    ns = sorted(index.by_article)
    claims = [s.text for s in index.sentences] + [
        "Blinken and Lavrov spoke for 10, 20 and 30 minutes in 2023 on 3 stages.",
        "Lavrov did not say that 1 or 2 ministers met 4 times.",
    ]
    seen = 0
    for claim in claims:
        for text, f in index.claims(claim, None):
            for scored, _w in index.score_claim(f, ns):
                seen += 1
                assert all(scored.a.x.get(k, 0.0) >= 0.0 for k in FEATURES), text
                assert all(scored.a.x.get(k, 0.0) <= top for k, top in CEILING.items()), text
    assert seen > 20
