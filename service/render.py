"""Renderings of a Summary: Markdown (in the summary itself) and plain text."""

from __future__ import annotations

from service.models import Source, Style, SummarySentence


def citation_markers(citations: list[int]) -> str:
    return "".join(f"[{n}]" for n in citations)


def sentence_with_markers(sentence: SummarySentence) -> str:
    text = sentence.text.rstrip()
    markers = citation_markers(sentence.citations)
    if not markers:
        return text
    # Markers go before the final stop: "... 10 minutes [1][2]."
    if text[-1:] in ".!?" and not text.endswith("..."):
        return f"{text[:-1]} {markers}{text[-1]}"
    if text[-2:-1] in ".!?" and text[-1:] in "\"”'’":
        return f"{text} {markers}"
    return f"{text} {markers}"


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
    warnings: list[str] | None = None,
) -> str:
    lines = [f"## {headline}", ""]
    if style == "bullets":
        lines.extend(f"- {sentence_with_markers(s)}" for s in sentences)
    else:
        lines.append(" ".join(sentence_with_markers(s) for s in sentences))
    lines.extend(["", "**Sources**", ""])
    lines.extend(f"{source_line(s)}  " for s in sources)
    if warnings:
        lines.extend(["", "**Warnings**", ""])
        lines.extend(f"- {w}" for w in warnings)
    return "\n".join(lines).rstrip() + "\n"
