"""Hostile text inside valid requests: HTML in titles, publishers and URLs never reaches the
Markdown raw; bidi controls are removed; a model citing an absurd number cannot crash."""

from __future__ import annotations

import json

import pytest

from chorus.llm.client import Completion
from chorus.models import Article, Cluster, Source, SummaryOptions, SummarySentence
from chorus.pipeline.abstractive import parse_completion
from chorus.pipeline.citations import citation_number, parse_marker_ids
from chorus.pipeline.normalise import clean_text
from chorus.pipeline.render import md_url, source_line, to_markdown
from chorus.pipeline.summarizer import Summarizer


def test_html_in_title_source_and_url_is_escaped_in_markdown() -> None:
    src = Source(
        n=1,
        article_id="a",
        title='<img src=x onerror="alert(1)"> [x](javascript:alert(2))',
        source="<script>alert(3)</script>",
        url='https://example.com/a b)<script>"',
    )
    line = source_line(src)
    assert "<img" not in line and "<script" not in line and "&lt;img" in line
    assert "(https://example.com/a%20b%29%3Cscript%3E%22)" in line
    sentence = SummarySentence(text="He wrote <b onclick=x>hi</b>.", citations=[1], support=1.0)
    md = to_markdown("<h1>Head</h1>", [sentence], [src])
    assert "<" not in md.replace("&lt;", "")


def test_untrusted_text_makes_no_link_of_its_own_in_markdown() -> None:
    from markdown_it import MarkdownIt  # CommonMark (installed with rich)

    evil = "[pwn](javascript:alert(1)) ![i](https://evil.example/x.png) \\[y](javascript:z)"
    src = Source(n=1, article_id="a", title=evil, source=evil, url=None)
    sentence = SummarySentence(text=f"The mayor said {evil}.", citations=[1], support=1.0)
    html = MarkdownIt("commonmark").render(to_markdown(evil, [sentence], [src]))
    assert "<a " not in html and "<img" not in html
    assert "[pwn](javascript:alert(1))" in html  # shown as the text it is


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x", None])
def test_only_http_urls_become_links(url: str | None) -> None:
    assert md_url(url) is None
    line = source_line(Source(n=1, article_id="a", title="T", url=url))
    assert "](" not in line


async def test_a_summary_of_hostile_metadata_has_no_raw_html() -> None:
    cluster = Cluster(
        id="<svg onload=alert(1)>",
        title="<img src=x onerror=alert(1)>",
        articles=[
            Article(
                id="a",
                title="<script>alert(1)</script>Talks",
                source="<iframe src=//evil>",
                url="https://example.com/?q=<script>",
                text="The council met on Monday. The mayor said the budget would pass.",
            )
        ],
    )
    summary = await Summarizer().summarize(cluster, SummaryOptions(engine="extractive"))
    for tag in ("<script", "<img", "<iframe", "<svg"):
        assert tag not in summary.markdown


def test_bidi_isolates_and_overrides_are_removed() -> None:
    hidden = "pay\u2066 attacker\u2069 \u2067x\u2068y\u202e"
    assert clean_text(hidden) == "pay attacker xy"


def test_a_citation_with_5000_digits_is_invalid_not_a_crash() -> None:
    assert citation_number("9" * 5000) == 0 and citation_number("12") == 12
    assert parse_marker_ids("1, " + "9" * 5000) == [1, 0]
    huge = "9" * 5000
    structured = (
        '{"headline": "H", "sentences": [{"text": "The council met.", "citations": ['
        + huge
        + "]}]}"
    )
    parsed = parse_completion(Completion(text=structured, finish_reason="stop"))
    assert [s.citations for s in parsed.sentences] == [[0]]
    as_text = json.dumps({"headline": "H", "sentences": [{"text": "x", "citations": [huge]}]})
    parsed = parse_completion(Completion(text=as_text, finish_reason="stop"))
    assert [s.citations for s in parsed.sentences] == [[0]]


@pytest.mark.parametrize("unit", ["[1][2][3](x) ", "word ", "x"])
async def test_text_without_a_full_stop_is_never_quoted_whole(unit: str) -> None:
    text = (unit * (20_000 // len(unit) + 1))[:20_000]
    cluster = Cluster(id="h", title="t" * 800, articles=[Article(id="a", text=text)])
    summary = await Summarizer().summarize(cluster, SummaryOptions(engine="extractive"))
    assert summary.sentences == []
    assert any("no full stop" in w for w in summary.warnings)
    assert len(summary.headline) <= 160 and summary.headline.endswith("…")


def test_the_near_copy_diff_is_not_computed_for_runs_longer_than_any_sentence() -> None:
    from chorus.checker.names import MAX_DIFF_WORDS, copy_diff

    long = tuple(["1", "2", "3", "x"] * MAX_DIFF_WORDS)
    assert copy_diff(long, long) == (len(long), (("equal", 0, len(long), 0, len(long)),))
    assert copy_diff(long, long[1:]) == (0, ())
    assert copy_diff(("a", "b", "c"), ("a", "x", "c"))[0] == 2


@pytest.mark.parametrize(
    ("where", "field"),
    [("cluster", "title"), ("title", "articles[0].title"), ("source", "articles[0].source"),
     ("url", "articles[0].url")],
)  # fmt: skip
async def test_metadata_longer_than_a_line_is_refused_with_its_field(
    where: str, field: str
) -> None:
    from chorus.errors import TooLarge

    big = "x" * 5_000
    article = {"id": "a", "text": "The council met on Monday and approved the city budget."}
    if where != "cluster":
        article[where] = f"https://example.com/{big}" if where == "url" else big
    cluster = Cluster(id="c", title=big if where == "cluster" else None, articles=[article])
    with pytest.raises(TooLarge) as caught:
        await Summarizer().summarize(cluster, SummaryOptions(engine="extractive"))
    assert caught.value.context["field"] == field


@pytest.mark.parametrize("text", ["a", "The.", "Of the and a."])
async def test_an_article_of_function_words_alone_is_not_quoted(text: str) -> None:
    cluster = Cluster(id="c", articles=[Article(id="a", text=text)])
    summary = await Summarizer().summarize(cluster, SummaryOptions(engine="extractive"))
    assert summary.sentences == []  # never a sentence no source can support
    assert any("no word of content" in w for w in summary.warnings)
