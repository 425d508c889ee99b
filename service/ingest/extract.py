"""Main text of an article page, with trafilatura (boilerplate, menus and comments removed)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Page:
    title: str
    text: str


def extract_page(html: bytes | str, url: str | None = None) -> Page | None:
    """The page's title and main text, or None when no article text is found."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    if doc is None:
        return None
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        return None
    return Page(title=(getattr(doc, "title", None) or "").strip(), text=text)


__all__ = ["Page", "extract_page"]
