"""Stage 1: articles -> plain, NFC, whitespace-tidy docs numbered [1]..[n] in input order."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from chorus.errors import InvalidInput, TooLarge
from chorus.models import MAX_SOURCE_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, Cluster
from chorus.pipeline.schema import Corpus, Doc
from chorus.settings import Limits

_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?\s*>")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "table", "section", "article", "blockquote", "header", "footer", "figcaption", "pre",
}  # fmt: skip
_DROP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "head", "nav"}
# Zero-width characters, soft hyphen, BOM and bidi controls (a regex scan is far faster than
# str.translate with a mapping, which looks up every character in Python).
# zero-width and soft hyphen; bidi embeddings/overrides U+202A-202E and isolates U+2066-2069
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORDY_RE = re.compile(r"[^\W_]")  # a letter or a digit, in any script
NO_TEXT = "no article in the cluster has any text (a letter or a digit once markup is removed)"


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._drop_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._drop_depth = max(0, self._drop_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._drop_depth:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return len(_TAG_RE.findall(text[:20000])) >= 2


def strip_html(text: str) -> str:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def clean_text(text: str) -> str:
    """Plain text: HTML stripped if present, entities decoded, NFC, tidy whitespace.

    Paragraph breaks survive as single newlines; runs of spaces collapse.
    """
    if looks_like_html(text):
        text = strip_html(text)
    elif "&" in text:
        text = html.unescape(text)
    text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))
    text = _CONTROL_RE.sub(" ", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def clean_line(value: str | None) -> str | None:
    if value is None:
        return None
    out = " ".join(clean_text(value).split())
    return out or None


def has_text(text: str) -> bool:
    """A letter or a digit is left once markup, entities and invisible characters are gone
    (punctuation, symbols or emoji alone are nothing to quote)."""
    if "<" not in text and "&" not in text:  # plain text: cleaning removes no letter or digit
        return _WORDY_RE.search(text) is not None
    return _WORDY_RE.search(clean_text(text)) is not None


def check_limits(cluster: Cluster, limits: Limits) -> None:
    """The admission checks: article count and characters per article (TooLarge, with the
    field), and some article with text (InvalidInput), so a request with nothing to summarise
    is refused before it becomes a job."""
    if len(cluster.articles) > limits.max_articles:
        raise TooLarge(
            f"cluster has {len(cluster.articles)} articles; the limit is {limits.max_articles}",
            field="articles",
        )
    _check_length("title", cluster.title, MAX_TITLE_CHARS, "cluster title", "title")
    for n, article in enumerate(cluster.articles, start=1):
        if len(article.text) > limits.max_article_chars:
            raise TooLarge(
                f"article {n} (id {article.id!r}) has {len(article.text)} characters; "
                f"the limit is {limits.max_article_chars}",
                field=f"articles[{n - 1}].text",
            )
        for name, limit in (("title", MAX_TITLE_CHARS), ("source", MAX_SOURCE_CHARS),
                            ("url", MAX_URL_CHARS)):  # fmt: skip
            what = f"article {n} (id {article.id!r}) {name}"
            _check_length(name, getattr(article, name), limit, what, f"articles[{n - 1}].{name}")
    if not any(has_text(article.text) for article in cluster.articles):
        raise InvalidInput(NO_TEXT, field="articles")


def _check_length(name: str, value: str | None, limit: int, what: str, field: str) -> None:
    if value is not None and len(value) > limit:
        raise TooLarge(f"{what} has {len(value)} characters; the limit is {limit}", field=field)


def normalise(cluster: Cluster, limits: Limits) -> Corpus:
    """Validate limits and produce numbered plain-text docs."""
    check_limits(cluster, limits)
    docs: list[Doc] = []
    for n, article in enumerate(cluster.articles, start=1):
        # An article with no text (markup only, punctuation, symbols or emoji only, or allowed
        # empty by a batch reader) keeps its number but is not used; the summarizer reports it
        # in the warnings. Quoted, "!!!" would be a summary sentence no source can support.
        text = clean_text(article.text)
        if not _WORDY_RE.search(text):
            text = ""
        docs.append(
            Doc(
                n=n,
                article_id=article.id,
                title=clean_line(article.title),
                source=clean_line(article.source),
                url=article.url,
                published_at=article.published_at.isoformat() if article.published_at else None,
                text=text,
            )
        )
    if not any(d.text for d in docs):  # has_text, checked above, said the same
        raise InvalidInput(NO_TEXT, field="articles")
    return Corpus(cluster_id=cluster.id, title=clean_line(cluster.title), docs=docs)
