"""The checker's training parts: the fitted model is monotone whatever the weak labels say,
fitting is deterministic, and a human paraphrase is grounded only when its article gives
every name and number it states."""

from __future__ import annotations

import random

import pytest

from chorus.checker.model import FEATURES, LOWERS, RAISES, CheckerModel
from chorus.models import Article, Cluster
from chorus.pipeline.prepare import Prepared, prepare
from chorus.settings import Limits
from chorus_evals.paraphrase import grounded
from chorus_evals.training import Row, fit

AT = {f: k for k, f in enumerate(FEATURES)}


def _row(y: int, source: str = "original", **x: float) -> Row:
    return Row(x=[x.get(f, 0.0) for f in FEATURES], y=y, source=source)


def _weights(model: CheckerModel) -> dict[str, float]:
    return dict(zip(model.features, model.weights, strict=True))


def _misleading_rows() -> list[Row]:
    """Weak labels that point the wrong way: missing numbers and a low coverage are more
    frequent among the positives; negations only among the negatives."""
    rows = []
    for k in range(60):
        y = k % 2
        rows.append(
            _row(
                y,
                coverage=0.3 + 0.1 * (k % 3) if y else 0.8 + 0.05 * (k % 4),
                num_missing=float(k % 3 != 0) if y else float(k % 5 == 0),
                negation=0.0 if y else float(k % 3 == 0),
                terms=float(5 + k % 7),
            )
        )
    return rows


def test_a_finding_more_frequent_among_positives_never_raises_p_supported() -> None:
    rows = _misleading_rows()
    pos = [r.x[AT["num_missing"]] for r in rows if r.y]
    neg = [r.x[AT["num_missing"]] for r in rows if not r.y]
    assert sum(pos) / len(pos) > sum(neg) / len(neg)  # the labels do point the wrong way
    w = _weights(fit(rows))
    assert w["num_missing"] <= 0.0
    assert w["coverage"] >= 0.0  # lower among the positives here, and still no penalty
    assert w["negation"] < 0.0  # a finding that does separate the labels is learned


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_weight_keeps_its_sign_on_random_labels(seed: int) -> None:
    rnd = random.Random(seed)
    rows = [
        Row(
            x=[round(rnd.random() * 2, 3) for _f in FEATURES],
            y=rnd.randrange(2),
            source=rnd.choice(["original", "human", "summedits", "entity"]),
        )
        for _k in range(80)
    ]
    w = _weights(fit(rows))
    assert all(w[f] >= 0.0 for f in RAISES), w
    assert all(w[f] <= 0.0 for f in LOWERS), w


def test_fitting_twice_gives_identical_weights() -> None:
    rows = [*_misleading_rows(), _row(1, "human", coverage=0.9), _row(0, "summedits")]
    first, second = fit(rows), fit([Row(**r.model_dump()) for r in rows])
    assert first == second
    assert first.weights == second.weights and first.intercept == second.intercept
    assert first.trained_on == {"human": 1, "original": 60, "summedits": 1}


TALKS = Cluster(
    id="talks",
    articles=[
        Article(
            id="a",
            text=(
                "Secretary of State Antony Blinken and Russian Foreign Minister Sergei Lavrov "
                "spoke for about 10 minutes on the sidelines of the G20 meeting in New Delhi on "
                "Thursday. Thirty-five percent of voters backed the plan."
            ),
        ),
        Article(
            id="b",
            text=(
                "Blinken and Lavrov spoke on the sidelines of the G20 meeting in New Delhi on "
                "Thursday, a U.S. official said. India hosted the meeting of foreign ministers."
            ),
        ),
    ],
)


@pytest.fixture(scope="module")
def talks() -> Prepared:
    return prepare(TALKS, Limits())


GROUNDED = [
    # paraphrase, the article it aligns to, grounded
    pytest.param("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", 1, True,
                 id="every-name-and-number-in-the-article"),
    pytest.param("Blinken and Lavrov spoke for ten minutes.", 1, True,
                 id="a-number-word-for-the-articles-figure"),
    pytest.param("A US official said Blinken and Lavrov spoke at the G-20 in New Delhi.", 2, True,
                 id="dotted-and-hyphenated-spellings"),
    pytest.param("Host India welcomed Blinken and Lavrov in New Delhi.", 2, True,
                 id="names-the-article-gives-in-other-sentences"),
    pytest.param("Blinken and Lavrov spoke for about 20 minutes in New Delhi.", 1, False,
                 id="a-number-the-article-lacks"),
    pytest.param("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", 2, False,
                 id="a-number-only-another-article-gives"),
    pytest.param("Blinken and Lavrov spoke with Subrahmanyam Jaishankar in New Delhi.", 1, False,
                 id="a-person-the-article-lacks"),
    pytest.param("Blinken and Lavrov met in Moscow.", 2, False,
                 id="a-place-the-article-lacks"),
    pytest.param("Host Jaishankar welcomed Blinken and Lavrov in New Delhi.", 2, False,
                 id="a-person-the-article-lacks-after-a-title"),
    pytest.param("Jaishankar welcomed Blinken and Lavrov in New Delhi.", 2, False,
                 id="a-person-the-article-lacks-opening-the-sentence"),
    pytest.param("35 percent of voters backed the plan.", 1, True,
                 id="a-figure-the-article-spells-out"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "n", "want"), GROUNDED)
def test_a_paraphrase_is_grounded_when_its_article_gives_its_names_and_numbers(
    talks: Prepared, text: str, n: int, want: bool
) -> None:
    assert grounded(text, n, talks) is want
