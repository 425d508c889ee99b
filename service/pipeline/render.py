"""Renderings of a Summary: Markdown (in the summary itself) and plain text."""

from __future__ import annotations

from chorus.models import Source, Style, SummarySentence


def citation_markers(citations: list[int]) -> str:
    return "".join(f"[{n}]" for n in citations)


def with_markers(text: str, citations: list[int]) -> str:
    """The sentence with its `[n]` markers before the final stop: "... 10 minutes [1][2]."
    (after a closing quotation mark, which keeps its stop inside)."""
    return place_markers(text, citation_markers(citations))


def place_markers(text: str, markers: str) -> str:
    """Put rendered citation markers (plain `[n]`, or links) before the sentence's stop."""
    text = text.rstrip()
    if not markers:
        return text
    if text[-1:] in ".!?" and not text.endswith("..."):
        return f"{text[:-1]} {markers}{text[-1]}"
    return f"{text} {markers}"


def sentence_with_markers(sentence: SummarySentence) -> str:
    return with_markers(sentence.text, sentence.citations)


def source_line(src: Source) -> str:
    label = src.title or src.article_id
    parts = [f"[{src.n}]"]
    parts.append(f"[{label}]({src.url})" if src.url else label)
    if src.source:
        parts.append(f"— {src.source}")
    return " ".join(parts)


def to_markdown(
    headline: str,
    sentences: list[SummarySentence],
    sources: list[Source],
    style: Style = "paragraph",
) -> str:
    """The summary as Markdown: headline, cited sentences, sources (warnings stay in JSON)."""
    lines = [f"## {headline}", ""]
    if style == "bullets":
        lines.extend(f"- {sentence_with_markers(s)}" for s in sentences)
    else:
        lines.append(" ".join(sentence_with_markers(s) for s in sentences))
    lines.extend(["", "**Sources**", ""])
    lines.extend(f"{source_line(s)}  " for s in sources)
    return "\n".join(lines).rstrip() + "\n"
