from __future__ import annotations

import pytest

from chorus.errors import InvalidInput, TooLarge
from chorus.models import Article, Cluster
from chorus.pipeline.dedupe import dedupe
from chorus.pipeline.normalise import clean_text, normalise
from chorus.settings import Limits


def cluster(*texts: str) -> Cluster:
    return Cluster(id="c", articles=[Article(id=f"a{i}", text=t) for i, t in enumerate(texts)])


def test_clean_text_strips_html_scripts_and_entities() -> None:
    html = "<p>Talks &amp; tea in <b>New Delhi</b>.</p><script>alert(1)</script><p>Second.</p>"
    assert clean_text(html) == "Talks & tea in New Delhi.\nSecond."


def test_clean_text_applies_nfc_and_removes_invisible_characters() -> None:
    decomposed = "Cafe\u0301 \u200bopens\t\tsoon"
    assert clean_text(decomposed) == "Café opens soon"


def test_plain_text_with_angle_brackets_is_not_mangled() -> None:
    assert clean_text("Prices rose 3 < 4 and 5 > 2.") == "Prices rose 3 < 4 and 5 > 2."


def test_normalise_numbers_articles_in_input_order() -> None:
    corpus = normalise(cluster("One text here.", "Two text here."), Limits())
    assert [d.n for d in corpus.docs] == [1, 2]
    assert corpus.docs[1].article_id == "a1"


def test_normalise_enforces_article_limits() -> None:
    with pytest.raises(TooLarge, match="limit is 1"):
        normalise(cluster("a b c.", "d e f."), Limits(max_articles=1))
    with pytest.raises(TooLarge, match="characters"):
        normalise(cluster("x" * 200), Limits(max_article_chars=100))


def test_markup_only_article_keeps_its_number_but_is_not_used() -> None:
    corpus = normalise(cluster("Real text.", "<div><script>x()</script></div><p></p>"), Limits())
    assert [d.n for d in corpus.docs] == [1, 2]
    assert [d.n for d in corpus.empty_docs] == [2]
    assert [d.n for d in corpus.model_docs] == [1]


def test_a_cluster_with_no_text_at_all_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="no article"):
        normalise(cluster("<p></p>", "<script>x()</script>"), Limits())


@pytest.mark.parametrize("junk", ["!!!", "--- *** ---", "\U0001f600\U0001f600", "… — ¶ ©"])
def test_an_article_without_a_letter_or_digit_is_not_used(junk: str) -> None:
    corpus = normalise(cluster("Real text here.", junk), Limits())
    assert [d.n for d in corpus.empty_docs] == [2]
    with pytest.raises(InvalidInput, match="no article"):
        normalise(cluster(junk), Limits())


def test_text_in_any_script_or_only_figures_is_text() -> None:
    corpus = normalise(cluster("Привет, мир.", "東京で会議。", "2024: 3-1."), Limits())
    assert corpus.empty_docs == []


WIRE = (
    "Officials said the two ministers met for ten minutes on the sidelines of the summit on "
    "Thursday, the first such meeting in months, and discussed the war and a nuclear treaty. "
    "The host country had urged members to find common ground on food and energy security. "
    "No joint statement was issued after the talks, which ended a day early amid disagreement. "
    "Analysts said the brief contact still showed that channels of communication remain open."
)


def test_dedupe_merges_wire_copies_and_keeps_distinct_articles() -> None:
    corpus = normalise(
        cluster(
            WIRE,
            "Different story about local football results and a new stadium plan.",
            WIRE.replace("Thursday", "Thursday afternoon"),
        ),  # fmt: skip
        Limits(),
    )
    out = dedupe(corpus)
    assert out.representative == {1: 1, 2: 2, 3: 1}
    assert out.copies_of(1) == [1, 3]
    assert [d.n for d in out.model_docs] == [1, 2]
