"""A neutral headline for the extractive engine, composed from what the articles agree on.

Options are the cluster's sentences (compressed), best first by the weight of the concepts
two or more articles state. Each becomes a headline clause (attribution, trailing clauses and
weekday dropped, at most 14 words) and is refused when it carries an outlet's framing words,
copies an article title or the summary's first sentence, or states something the articles do
not support (every content word must occur in the articles it draws on, and the checker must
support the clause).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chorus.pipeline.clause import clean_cut, fragment, fronted, is_verb
from chorus.pipeline.context import NOT_NAMES
from chorus.pipeline.framing import framing_words
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

_ATTRIBUTION_RE = re.compile(
    r"^(?:[A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,5}?)\s+(?:said|says|reported|reports|announced|"
    r"confirmed|told reporters)(?:\s+(?:on\s+)?[A-Z][a-z]+day)?(?:\s+that)?,?\s+"
)
_ATTRIBUTION_VERB_RE = re.compile(r"(?:said|says|reported|announced|confirmed|told)\b")
_SAID_RE = re.compile(r"^(.*?)\s+(?:said|says)\b")
# Words that make a speaker a body, not a person: its report is the news.
_BODIES = frozenset(
    """department house ministry agency office administration committee court council
    commission service bureau police army military government campaign party company
    university center centre institute foundation organization organisation news times post
    journal radio media network officials authorities spokesman spokeswoman spokesperson
    reports report statement experts analysts sources data survey poll study""".split()
)


def _speaker(attribution: str) -> str | None:
    """The person an attribution that was cut from a headline names ("Former acting FBI
    Director Andrew McCabe said Sunday that " -> "Andrew McCabe"; "President Tayyip Erdogan
    said " -> "Tayyip Erdogan"), or None: a body ("The White House said", "The Labor
    Department reported"), an office without a name ("The FBI director said"), a group."""
    m = _SAID_RE.match(attribution.strip())
    if not m:
        return None
    words = m.group(1).split()
    if any(re.sub(r"[’']s$", "", w.lower().rstrip(",.")) in _BODIES for w in words):
        return None
    name: list[str] = []
    for w in reversed(words):
        low = w.lower().rstrip(".")
        if not w[:1].isupper() or low in STOPWORDS or _TITLE_ONLY_RE.match(w):
            break
        if low in NOT_NAMES:
            return None  # a group ("Democrats said…"), not a person
        name.insert(0, w)
        if len(name) == 2:
            break
    return " ".join(name) if name else None


_PLACE_GOES_ON_RE = re.compile(r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?,\s")
_WEEKDAY_RE = re.compile(
    r"\s+(?:on|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
)
# What a headline can do without: an appositive after the subject (", a top adviser, "), a
# bare weekday or "Tuesday's", and adverbs that only qualify the claim.
_APPOSITIVE_RE = re.compile(
    r"^((?:(?:[A-Z][\w.’'-]*|and|of)\s+){0,5}[A-Z][\w.’'-]*),\s+(?:a|an|the|his|her|its|their|"
    r"[A-Z][\w.-]*[’']s)\s[^,;:“”\"()]{2,80}?,\s+(?=[a-z])"
)
# "Roy Moore, who lost the 2017 race after being accused of misconduct, announced…" -> "Roy
# Moore announced…": a non-restrictive relative clause (no comma inside) after the subject.
_RELATIVE_ASIDE_RE = re.compile(
    r"^((?:(?:[A-Z][\w.’'-]*|and|of)\s+){0,5}[A-Z][\w.’'-]*),\s+(?:who|which)\s"
    r"[^,;:“”\"()]{2,140}?,\s+(?=[a-z])"
)
# "Carlos Montenegro, aka Mark Gonsalves, 53, allegedly submitted…" -> "Carlos Montenegro
# allegedly submitted…": an alias, then an age, between the subject and its verb.
_ALIAS_RE = re.compile(r",\s+(?:aka|a\.k\.a\.|also known as)\s+[^,;:“”\"()]{2,60}?(?=,)")
_AGE_RE = re.compile(r"^((?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w.’'-]*),\s+\d{1,3},\s+(?=[a-z])")
_BARE_DAY_RE = re.compile(
    r"(?:^On\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+|"
    r"(?<=\s)(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:[’']s)?\s+"
    r"(?:(?:morning|afternoon|evening|night)\s+)?)"
)
_HEDGE_RE = re.compile(
    r"\s(?:officially|reportedly|also|now|still|earlier|publicly|formally|quietly|both|"
    r"already|just|once again|again)\b"
)
# Headline style drops a title before a full name ("Speaker Nancy Pelosi" -> "Nancy Pelosi",
# "Senate Minority Leader Mitch McConnell" -> "Mitch McConnell", "Health and Human Services
# Secretary Alex Azar" -> "Alex Azar"): the capitalised words of the office, ending on its
# title word, then a first and last name and a lower-case word (the verb).
_TITLE_WORDS = (
    r"President(?:-elect)?|Speaker|Leader|Secretary|Sen\.|Senator|Rep\.|Representative|Gov\.|"
    r"Governor|Mayor|Judge|Justice|Director|Chairman|Chairwoman|Chair|Minister|[Cc]ounsel|"
    r"General|Commissioner|Ambassador|Adviser|Advisor|Spokesman|Spokeswoman|Administrator|"
    r"Chancellor|Lt\. Col\.|Former"
)
_TITLE_ONLY_RE = re.compile(rf"^(?:{_TITLE_WORDS})$")
_LEAD_RE = re.compile(
    rf"^(?:[Ff]ormer\s+)?(?:(?:[A-Z][\w.’'-]*|of|the|and|for)\s+){{0,6}}?(?:{_TITLE_WORDS})\s+"
    r"(?=[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+\s+[a-z])"
)


# The same office before a full name inside the sentence ("…said Deputy Attorney General Rod
# Rosenstein was…", "…with former President Barack Obama"): office words only, so no name is
# taken for one; not after a capitalised word ("Russian Foreign Minister Sergei Lavrov").
_OFFICE_WORDS = (
    r"Senate|House|Majority|Minority|Deputy|Attorney|Vice|Chief|Acting|Special|Press|Foreign|"
    r"Prime|Defense|Homeland|Security|Health|Human|Services|Education|Treasury|Commerce|Labor|"
    r"Energy|Interior|Transportation|Agriculture|State|Intelligence|National|Federal|"
    r"Reserve|Supreme|Court|Circuit|District|U\.S\.|US|White"
)
_MID_TITLE_RE = re.compile(
    rf"(?<=\s)(?:[Ff]ormer\s+)?(?:(?:{_OFFICE_WORDS})\s+(?:(?:{_OFFICE_WORDS}|of|the|and)\s+)"
    rf"{{0,4}}?)?(?:{_TITLE_WORDS})\s+(?=[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+\b)"
)


def _without_offices(text: str) -> str:
    """`text` without an office before a full name after its first word (see _MID_TITLE_RE)."""

    def drop(m: re.Match[str]) -> str:
        before = m.string[: m.start()].split()[-1:]
        named = before and before[0][:1].isupper() and before[0].lower() not in STOPWORDS
        return m.group(0) if named else ""

    return _MID_TITLE_RE.sub(drop, text)


MAX_HEADLINE_CHARS = 160  # 14 words of news; a longer one is a token that is no word


def clip_headline(text: str) -> str:
    """The headline within MAX_HEADLINE_CHARS (a cluster title or a clause can be any length):
    cut at the last space that fits, else at the limit, and marked with an ellipsis."""
    if len(text) <= MAX_HEADLINE_CHARS:
        return text
    cut = text[: MAX_HEADLINE_CHARS - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_HEADLINE_CHARS // 2 else cut).rstrip(" ,;:") + "…"


def headline_from_sentence(sentence: str, max_words: int = MAX_HEADLINE_WORDS) -> str:
    """A headline from a lead sentence: drop the attribution and weekday, keep the main clause."""
    text = sentence.strip().rstrip(".!")
    stripped = _ATTRIBUTION_RE.sub("", text, count=1)
    # "Earlier reports said that …": "reports" was the subject, not the attribution's verb;
    # "Eugene Scalia announced new guidance…": what follows is its object, no statement.
    if (
        stripped != text
        and len(stripped.split()) >= 5
        and not _ATTRIBUTION_VERB_RE.match(stripped)
        and not fragment(stripped)
    ):
        # A person's claim stays theirs ("Andrew McCabe says Rod Rosenstein was…"); an
        # institution's report reads as the news ("Another 6.6 million people filed…").
        speaker = _speaker(text[: len(text) - len(stripped)])
        text = f"{speaker} says {stripped}" if speaker else stripped[0].upper() + stripped[1:]
    text = _without_days(_WEEKDAY_RE, text)
    front = re.match(r"^([A-Z][\w’'-]*)\b[^,]{0,80},\s+(?=[A-Z])", text)
    # "In a statement, The White House said…" -> the main clause; not when the comma is a
    # place's ("…in Parkland, Florida, many survivors…": the fronted clause goes on).
    if (
        front
        and (front.group(1).lower() in BAD_FIRST or fronted(text))
        and not _PLACE_GOES_ON_RE.match(text, front.end())
    ):
        text = text[front.end() :]
    clause = re.split(r",\s|;\s|\s[—–]\s|\s-\s|:\s", text)[0]
    if len(clause.split()) >= 5:
        text = clause
    tokens = text.split()
    if len(tokens) <= max_words:
        return text
    # Cut before the last preposition that keeps the headline within bounds.
    for k in range(max_words, 5, -1):
        if clean_cut(tokens, k):
            return " ".join(tokens[:k]).rstrip(",;:")
    return ""  # no clean cut: not a headline


def condense(sentence: str) -> str:
    """The sentence without what a headline can do without (appositives and relative asides
    after the subject, an alias or an age among them, weekdays, hedging adverbs): a shorter
    subject-verb-object statement of the same fact."""
    text = _without_days(_WEEKDAY_RE, sentence.strip())
    text = _ALIAS_RE.sub("", text, count=1)
    text = _AGE_RE.sub(r"\1 ", text, count=1)
    text = _APPOSITIVE_RE.sub(r"\1 ", text, count=1)
    text = _RELATIVE_ASIDE_RE.sub(r"\1 ", text, count=1)
    text = _without_days(_BARE_DAY_RE, text)
    text = _HEDGE_RE.sub("", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = _LEAD_RE.sub("", text, count=1)
    text = _without_offices(text)
    return text[:1].upper() + text[1:]


def _without_days(pattern: re.Pattern[str], text: str) -> str:
    """`text` without the days `pattern` finds, except a day that a participle carries before
    the clause's verb or at the end of an aside: "A report released Friday excoriates…" would
    read "A report released excoriates…", "The budget, released on Monday, recommends…" would
    read "The budget, released, recommends…"."""

    def drop(m: re.Match[str]) -> str:
        before = [w for w in m.string[: m.start()].split()[-2:] if w not in ("on", "late")]
        rest = m.string[m.end() :]
        after = rest.split()
        # "The budget, released on Monday, recommends…": an aside the day ends.
        aside = rest.startswith(",")
        keep = before and before[-1].endswith("ed") and (aside or (after and is_verb(after, 0)))
        return m.group(0) if keep else ""

    return pattern.sub(drop, text)


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
    return [plain] if short == plain or not short else [plain, short]


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
    tokens = first.split()[:MAX_HEADLINE_WORDS]
    while len(tokens) > 1 and tokens[-1].lower().strip("\"“”‘’'.,;:") in STOPWORDS | BAD_LAST:
        tokens.pop()  # at least not ending on "to" or "of"
    return " ".join(tokens).rstrip(".,;: ")


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
    if (
        last.lower().strip("\"“”‘’'.,;:") in STOPWORDS | BAD_LAST
        or last[:1] in "\"“‘'"
        or not last.strip("-–—")
    ):
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
    "condense",
    "copies",
    "fallback_headline",
    "headline_from_sentence",
    "last_resort",
    "repeats_opening",
]
