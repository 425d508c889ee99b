"""A neutral headline for the extractive engine, composed from what the articles agree on.

Options are the cluster's sentences (compressed), best first by the weight of the concepts
two or more articles state. Each becomes a headline clause (attribution, trailing clauses and
weekday dropped, at most 14 words) and is refused when it carries an outlet's framing words,
copies an article title or the summary's first sentence, or states something the articles do
not support (every content word must occur in the articles it draws on, and the checker must
support the clause).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chorus.pipeline.clause import clean_cut, fragment
from chorus.pipeline.framing import framing_words
from chorus.pipeline.headline_clause import condense, headline_from_sentence, source_last
from chorus.pipeline.headline_form import (
    BAD_FIRST,
    BAD_LAST,
    MAX_HEADLINE_WORDS,
    acceptable,
    copies,
    opening_word,
    opens_with,
    personal,
    repeats_opening,
)
from chorus.pipeline.order import told_as_earlier
from chorus.pipeline.text import STOPWORDS, content_terms

MAX_HEADLINE_CHARS = 160  # 14 words of news; a longer one is a token that is no word


def clip_headline(text: str) -> str:
    """The headline within MAX_HEADLINE_CHARS (a cluster title or a clause can be any length):
    cut at the last space that fits, else at the limit, and marked with an ellipsis."""
    if len(text) <= MAX_HEADLINE_CHARS:
        return text
    cut = text[: MAX_HEADLINE_CHARS - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_HEADLINE_CHARS // 2 else cut).rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class HeadlineOption:
    text: str  # a compressed sentence
    citations: list[int]  # the articles it is cited to
    weight: float  # what the articles agree on in it


def compose_headline(
    options: Sequence[HeadlineOption],
    titles: Sequence[str],
    first_sentence: str,
    article_terms: Callable[[list[int]], set[str]],
    supported: Callable[[str, list[int]], bool],
) -> str | None:
    """The first option, by what the articles agree on in it (what came before the story
    last), that makes a neutral, supported headline the summary's first sentence does not open
    by repeating (None: none does): the main event, in other words than the body's. Each
    option is taken as it stands, then condensed (`condense`); then, if none will do, one the
    first sentence at least does not open with word for word (a good headline the lead
    restates beats a poor clause)."""
    # The main event, not what came before it ("Modi had earlier called on all members…").
    ranked = sorted(options, key=lambda o: (told_as_earlier(o.text), -o.weight))
    for repeats in (repeats_opening, opens_with):
        found = _compose(ranked, titles, first_sentence, article_terms, supported, repeats)
        if found:
            return found
    return None


def _compose(
    ranked: Sequence[HeadlineOption],
    titles: Sequence[str],
    first_sentence: str,
    article_terms: Callable[[list[int]], set[str]],
    supported: Callable[[str, list[int]], bool],
    repeats: Callable[[str, str], bool],
) -> str | None:
    tried: set[str] = set()
    for opt in ranked:
        for condensed in (False, True):
            for h in _forms(opt.text, condensed=condensed):
                if h in tried:
                    continue
                tried.add(h)
                if not acceptable(h, titles):
                    continue
                if repeats(h, first_sentence):
                    continue  # the body would open by repeating it
                if not set(content_terms(h)) <= article_terms(opt.citations):
                    continue
                if supported(h, opt.citations):
                    return h
    return None


def _forms(text: str, condensed: bool) -> list[str]:
    """Headline clauses from a sentence: as it stands, then (`condensed`) condensed."""
    plain = headline_from_sentence(text, MAX_HEADLINE_WORDS)
    if not condensed:
        return [plain]
    short = headline_from_sentence(condense(text), MAX_HEADLINE_WORDS)
    forms = [plain] if short == plain or not short else [plain, short]
    last = source_last(text)  # "…had cardiovascular surgery, U.S. intelligence indicates"
    return [*forms, last] if last and last not in forms else forms


def fallback_headline(sentences: Sequence[str], titles: Sequence[str]) -> str | None:
    """A clause of a summary sentence after the first that has a headline's form."""
    for text in sentences[1:]:
        h = headline_from_sentence(text, MAX_HEADLINE_WORDS)
        if acceptable(h, titles) and not repeats_opening(h, sentences[0]):
            return h
    return None


def last_resort(
    sentences: Sequence[tuple[str, list[int]]],
    titles: Sequence[str],
    supported: Callable[[str, list[int]], bool],
) -> str:
    """When no clause has a headline's form: a whole-statement clause of a summary sentence
    that is neither an outlet's title nor the opening of the first sentence (condensed forms
    only when the checker supports them), then one the first sentence at least does not open
    with word for word; then the first sentence's own clause, when it is a whole statement (it
    repeats the body, but a statement of the story beats a clause cut off mid-phrase); then
    any clause of that kind; "" when there is none."""
    first = sentences[0][0] if sentences else ""
    for repeats in (repeats_opening, opens_with):
        found = _resort(sentences, titles, supported, first, True, repeats)
        if found:
            return found
    if sentences:
        found = _resort(sentences[:1], titles, supported, "", True, opens_with)
        if found:
            return found
    for repeats in (repeats_opening, opens_with):
        found = _resort(sentences, titles, supported, first, False, repeats)
        if found:
            return found
    # Nothing else: the first sentence's clause (it repeats the body, but says the story),
    # a whole statement if it has one.
    for clause in (headline_from_sentence(first), _first_words(first)):
        if clause and not fragment(clause):
            return clause.rstrip(".,;: ")
    tokens = first.split()[: MAX_HEADLINE_WORDS + 1]
    # Before a coordinator, when what comes before it is whole: "…feeling the sting of a lost
    # job", not "…of a lost job or lost" (of "…or lost wages").
    for k in range(min(len(tokens) - 1, MAX_HEADLINE_WORDS), 3, -1):
        if tokens[k].lower() in _COORDINATORS and _whole(tokens[:k]):
            return " ".join(tokens[:k]).rstrip(".,;: ")
    tokens = tokens[:MAX_HEADLINE_WORDS]
    while len(tokens) > 1 and _ends_badly(tokens[-1]):
        tokens.pop()  # at least not ending on "to" or "of"
    return " ".join(tokens).rstrip(".,;: ")


_COORDINATORS = frozenset(("and", "or", "but"))
_NO_LAST_WORDS = STOPWORDS | BAD_LAST  # a function word, a verb of stating, an auxiliary…


def _ends_badly(token: str) -> bool:
    """A headline cannot end on this word ("to", "of", "said", "has")."""
    return token.lower().strip("\"“”‘’'.,;:") in _NO_LAST_WORDS


_AFTER_LAST_COMMA = 3  # fewer words after a cut's last comma: it stopped inside an aside


def _first_words(text: str) -> str:
    """At most MAX_HEADLINE_WORDS words, cut where a phrase ends: not on a function word, a
    verb of stating or an open quote, not inside an aside, and still a whole statement ("The
    upshot" of "The upshot is that…" is not one); "" when no cut is."""
    tokens = text.split()
    if len(tokens) <= MAX_HEADLINE_WORDS:
        return _whole(tokens)
    # Cut where a phrase ends, not after "a big" of "a big sigh of relief".
    for k in range(MAX_HEADLINE_WORDS, 3, -1):
        if not clean_cut(tokens, k, True):
            continue
        commas = [j for j, t in enumerate(tokens[: k - 1]) if t.endswith(",")]
        if commas and k - commas[-1] - 1 < _AFTER_LAST_COMMA:
            continue  # the cut stops inside an aside: "lawmakers, led by Rep. Karen Bass, D-Calif"
        cut = _whole(tokens[:k])
        if cut:
            return cut
    return ""


def _whole(tokens: list[str]) -> str:
    """The words as a headline when they end on a word of content and state something."""
    if not tokens:
        return ""
    last = tokens[-1]
    if _ends_badly(last) or last[:1] in "\"“‘'" or not last.strip("-–—"):
        return ""
    text = " ".join(tokens)
    return "" if fragment(text) else text


def _resort(
    sentences: Sequence[tuple[str, list[int]]],
    titles: Sequence[str],
    supported: Callable[[str, list[int]], bool],
    first: str,
    shaped: bool,
    repeats: Callable[[str, str], bool],
) -> str:
    for text, cites in sentences:
        short = condense(text)
        forms = [
            (headline_from_sentence(short), short != text),
            (headline_from_sentence(text), False),
            (_first_words(short), short != text),
            (_first_words(text), False),
        ]
        for form, changed in forms:
            form = form.rstrip(".,;: ")
            if not form or repeats(form, first):
                continue
            if any(copies(form, t) for t in titles if t):
                continue
            if shaped and not acceptable(form, titles):
                continue
            if fragment(form):
                continue  # never a clause with no verb of its own, even as a last resort
            if opening_word(form) in BAD_FIRST or personal(form) or framing_words(form):
                continue  # never a writer talking nor an outlet's framing, even as a last resort
            if not changed or supported(form, cites):
                return form
    return ""


__all__ = [
    "MAX_HEADLINE_WORDS",
    "HeadlineOption",
    "clip_headline",
    "compose_headline",
    "copies",
    "fallback_headline",
    "last_resort",
    "repeats_opening",
]
