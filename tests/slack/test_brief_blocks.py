"""Block Kit composition: escaping, citation links, Slack's limits, fallbacks."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from chorus.slack.blocks import (
    MAX_BLOCKS,
    MAX_SECTION_CHARS,
    Part,
    brief_title,
    escape,
    link,
    pack,
    parent_messages,
    single_messages,
    split_text,
    story_messages,
)
from chorus.slack.client import SlackMessage
from tests.slack.conftest import make_summary

DAY = date(2026, 11, 23)


def texts(messages: list[SlackMessage]) -> list[str]:
    out = []
    for m in messages:
        for b in m.blocks:
            if "text" in b:
                out.append(b["text"]["text"])
            out.extend(e["text"] for e in b.get("elements", []))
    return out


def balanced_links(text: str) -> bool:
    """Every '<' opens a link that closes with '>' before the next '<'."""
    return re.fullmatch(r"[^<>]*(<[^<>]+>[^<>]*)*", text) is not None


@pytest.mark.parametrize(
    ("count", "expected"),
    [(5, "Daily brief — 23 Nov 2026 · 5 stories"), (1, "Daily brief — 23 Nov 2026 · 1 story")],
)
def test_brief_title_names_the_day_and_counts_stories(count: int, expected: str) -> None:
    assert brief_title(DAY, count) == expected


def test_titles_with_script_tags_and_ampersands_are_escaped_everywhere() -> None:
    summary = make_summary(
        "c1",
        "Tom & Jerry <script>alert(1)</script> <!channel>",
        sentences=[("Profits at AT&T rose <b>sharply</b>.", [1])],
        sources=[("Q&A: <script>x</script>", "Smith & Sons", "https://example.com/a?x=1&y=2")],
    )
    messages = [*parent_messages(DAY, [summary], threaded=True), *story_messages(1, summary)]
    everything = "\n".join([*texts(messages), *(m.text for m in messages)])
    assert "<script>" not in everything and "<!channel>" not in everything
    assert "<b>" not in everything
    assert "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt;" in everything
    assert "AT&amp;T" in everything and "Smith &amp; Sons" in everything
    assert "Q&amp;A: &lt;script&gt;x&lt;/script&gt;" in everything
    # No bare '&' survives: each one starts an entity.
    assert re.search(r"&(?!amp;|lt;|gt;)", everything) is None
    # The only '<...>' left are our own links.
    for tag in re.findall(r"<[^>]*>", everything):
        assert tag.startswith("<https://"), tag


def test_citations_link_to_their_article_or_stay_plain_without_a_url() -> None:
    summary = make_summary(
        "c1",
        "Headline",
        sentences=[("Both agree.", [1, 2]), ("Only one says so", [2])],
        sources=[("T1", "Reuters", "https://example.com/one"), ("T2", "AP", None)],
    )
    [message] = story_messages(1, summary)
    body = texts([message])[1]
    assert body == "Both agree <https://example.com/one|[1]>[2]. Only one says so [2]"
    sources_line = texts([message])[2]
    assert "<https://example.com/one|[1]> Reuters · T1" in sources_line
    assert "[2] AP · T2" in sources_line
    # The notification fallback is plain: labels, no link markup.
    assert "Both agree [1][2]." in message.text and "https://" not in message.text


def test_urls_cannot_break_out_of_a_link() -> None:
    out = link("https://example.com/a|b>c <d", "[1]")
    assert out.count("<") == 1 and out.count(">") == 1 and out.count("|") == 1
    assert out.startswith("<https://example.com/a%7Cb%3Ec%20%3Cd|")


def test_absurdly_long_urls_are_not_linked_so_no_link_can_exceed_a_section() -> None:
    assert link("https://example.com/" + "a" * 3000, "[1]") == "[1]"


def test_a_story_longer_than_3000_characters_is_split_over_sections_without_loss() -> None:
    long_sentences = [
        (f"Sentence {i} says that officials & experts met about item {i} in detail", [1 + i % 2])
        for i in range(120)
    ]
    summary = make_summary(
        "long",
        "A long story",
        sentences=long_sentences,
        sources=[("T1", "Reuters", "https://example.com/1"), ("T2", "AP", "https://example.com/2")],
    )
    messages = story_messages(1, summary)
    sections = [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"][
        1:
    ]  # after the headline
    assert len(sections) >= 3
    assert all(len(s) <= MAX_SECTION_CHARS for s in sections)
    assert all(balanced_links(s) for s in sections)
    assert all(not re.search(r"&[a-z]*$", s) for s in sections)  # no entity cut in half
    rebuilt = " ".join(sections)
    for i in range(120):
        assert f"item {i} in detail" in rebuilt
    assert rebuilt.count("&amp;") == 120
    assert rebuilt.count("|[1]>") + rebuilt.count("|[2]>") == 120


def test_split_text_prefers_line_then_word_boundaries_and_hard_splits_only_giant_words() -> None:
    text = "a" * 10 + "\n" + "b " * 8 + "c" * 25
    chunks = split_text(text, limit=12)
    assert chunks[0] == "a" * 10
    assert all(len(c) <= 12 for c in chunks)
    assert "".join(chunks).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )
    assert split_text("xxxxxx&amp;yyy", limit=8) == ["xxxxxx", "&amp;yyy"]
    assert split_text("xxx&amp;yyy", limit=5) == ["xxx", "&amp;", "yyy"]
    link_text = "see <https://example.com/abc|[1]> now"
    assert split_text(link_text, limit=30) == ["see", "<https://example.com/abc|[1]>", "now"]
    glued = "xxxxx<https://e.com/a|[1]>yy"
    assert split_text(glued, limit=25) == ["xxxxx", "<https://e.com/a|[1]>yy"]


def test_more_than_50_blocks_are_split_into_several_messages_in_order() -> None:
    summaries = [make_summary(f"c{i}", f"Story number {i}") for i in range(30)]
    messages = single_messages(DAY, summaries)  # 3 blocks + 30 x (divider + 3) = 123 blocks
    assert len(messages) == 3
    assert all(len(m.blocks) <= MAX_BLOCKS for m in messages)
    headings = [t for t in texts(messages) if t.startswith("*") and "Story number" in t]
    assert headings == [f"*{i}. Story number {i - 1}*" for i in range(1, 31)]
    assert sum(len(m.blocks) for m in messages) == 3 + 30 * 4  # + the parent's AI note


def test_pack_respects_a_message_character_budget_and_every_message_has_a_fallback() -> None:
    parts = [Part("section", "word " * 500) for _ in range(10)]
    messages = pack(parts, max_chars=6000)
    assert len(messages) > 1
    for message in messages:
        assert message.text.strip()
        assert sum(len(b["text"]["text"]) for b in message.blocks) <= 6000


def test_parent_lists_one_line_per_story_with_size_and_publishers() -> None:
    summaries = [
        make_summary("a", "First", sources=[("t", "Reuters", None), ("t", "AP", None)]),
        make_summary("b", "Second", sources=[("t", None, None)]),
    ]
    [parent] = parent_messages(DAY, summaries, threaded=True)
    blocks: list[dict[str, Any]] = parent.blocks
    assert blocks[0] == {
        "type": "header",
        "text": {
            "type": "plain_text",
            "text": "Daily brief — 23 Nov 2026 · 2 stories",
            "emoji": True,
        },
    }
    assert blocks[1]["text"]["text"] == (
        "1. *First* — 2 articles · Reuters, AP\n2. *Second* — 1 article"
    )
    assert parent.text.startswith("Daily brief — 23 Nov 2026 · 2 stories\n1. First")


def test_warnings_are_shown_not_dropped() -> None:
    summary = make_summary("w", "H", warnings=["the LLM failed; extractive engine used"])
    assert any("⚠ the LLM failed" in t for t in texts(story_messages(1, summary)))


def test_escape_handles_all_three_characters() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
