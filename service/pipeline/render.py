"""Renderings of a Summary: Markdown (in the summary itself) and plain text.

Text from the request (titles, publishers, article sentences) and from the model is untrusted:
in Markdown, `<` and `>` become entities so no raw HTML (`<img onerror>`, `<script>`) reaches
a renderer; brackets are escaped, so untrusted text makes no link of its own (`[x](javascript:…)`
in a title, a sentence or a headline) and a link label cannot close its brackets; a link is
only made for an http(s) URL, percent-encoded so it cannot break out of `(...)`.
"""

from __future__ import annotations

from urllib.parse import quote

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
    return with_markers(md_text(sentence.text), sentence.citations)


def md_text(text: str) -> str:
    """Untrusted text for Markdown: no raw HTML, and no link or image of its own (brackets
    escaped, a backslash first, so `[x](javascript:…)` or `\\[x](…)` stays text)."""
    return (
        text.replace("\\", "\\\\")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def md_url(url: str | None) -> str | None:
    """An http(s) URL that cannot break out of a Markdown link; None for any other scheme."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%~-._[]")


def source_line(src: Source) -> str:
    label = md_text(src.title or src.article_id)
    parts = [f"[{src.n}]"]
    url = md_url(src.url)
    if url:
        parts.append(f"[{label}]({url})")
    else:
        parts.append(label)
    if src.source:
        parts.append(f"— {md_text(src.source)}")
    return " ".join(parts)


def to_markdown(
    headline: str,
    sentences: list[SummarySentence],
    sources: list[Source],
    style: Style = "paragraph",
) -> str:
    """The summary as Markdown: headline, cited sentences, sources (warnings stay in JSON)."""
    lines = [f"## {md_text(headline)}", ""]
    if style == "bullets":
        lines.extend(f"- {sentence_with_markers(s)}" for s in sentences)
    else:
        lines.append(" ".join(sentence_with_markers(s) for s in sentences))
    lines.extend(["", "**Sources**", ""])
    lines.extend(f"{source_line(s)}  " for s in sources)
    return "\n".join(lines).rstrip() + "\n"
