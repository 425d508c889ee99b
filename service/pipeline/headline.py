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

from chorus.pipeline.candidates import PERSON_WORDS
from chorus.pipeline.clause import clean_cut, fragment, fronted
from chorus.pipeline.context import needs_antecedent
from chorus.pipeline.framing import framing_words
from chorus.pipeline.reporting import REPORTING_VERBS
from chorus.pipeline.text import STOPWORDS, content_terms, words

MAX_HEADLINE_WORDS = 14
COPY_AT = 0.8  # share of words a headline and a title have in common (of the longer one)
REPEAT_AT = 0.8  # share of the headline's words the first sentence's opening repeats in order

_ATTRIBUTION_RE = re.compile(
    r"^(?:[A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,5}?)\s+(?:said|says|reported|reports|announced|"
    r"confirmed|told reporters)(?:\s+(?:on\s+)?[A-Z][a-z]+day)?(?:\s+that)?,?\s+"
)
_ATTRIBUTION_VERB_RE = re.compile(r"(?:said|says|reported|announced|confirmed|told)\b")
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
# Headline style drops a title before a full name ("Speaker Nancy Pelosi" -> "Nancy Pelosi").
_LEAD_RE = re.compile(
    r"^(?:(?:President|Speaker|Sen\.|Senator|Rep\.|Gov\.|Governor|"
    r"Secretary|Special counsel|Former|Lt\. Col\.|Attorney General|Chief Justice|"
    r"Prime Minister|Chancellor|Mayor|Judge)\s+"
    r"(?=[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+\s+[a-z]))"
)


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
    # "Earlier reports said that …": "reports" was the subject, not the attribution's verb.
    if stripped != text and len(stripped.split()) >= 5 and not _ATTRIBUTION_VERB_RE.match(stripped):
        text = stripped[0].upper() + stripped[1:]
    text = _WEEKDAY_RE.sub("", text)
    front = re.match(r"^([A-Z][\w’'-]*)\b[^,]{0,80},\s+(?=[A-Z])", text)
    # "In a statement, The White House said…" -> the main clause; not when the comma is a
    # place's ("…in Parkland, Florida, many survivors…": the fronted clause goes on).
    if (
        front
        and (front.group(1).lower() in _BAD_FIRST or fronted(text))
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
    """The sentence without what a headline can do without (appositives after the subject, an
    alias or an age among them, weekdays, hedging adverbs): a shorter subject-verb-object
    statement of the same fact."""
    text = _WEEKDAY_RE.sub("", sentence.strip())
    text = _ALIAS_RE.sub("", text, count=1)
    text = _AGE_RE.sub(r"\1 ", text, count=1)
    text = _APPOSITIVE_RE.sub(r"\1 ", text, count=1)
    text = _BARE_DAY_RE.sub("", text)
    text = _HEDGE_RE.sub("", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = _LEAD_RE.sub("", text, count=1)
    return text[:1].upper() + text[1:]


def copies(headline: str, title: str) -> bool:
    """The headline is an outlet's title, or nearly: most words of the longer of the two in
    common, or the headline's words in a row in the title (its first clause, cut). A headline
    that states the agreed fact in the words a title also uses is not a copy."""
    h, t = words(headline), words(title)
    if not h or not t:
        return False
    hs, ts = set(h), set(t)
    if len(hs & ts) / max(len(hs), len(ts)) >= COPY_AT:
        return True
    return any(t[k : k + len(h)] == h for k in range(len(t) - len(h) + 1))


def repeats_opening(headline: str, sentence: str) -> bool:
    """The sentence opens by repeating the headline: its first words (a third more than the
    headline's, for a weekday or "late Monday" put in) hold most of the headline's words in
    order. A headline that states the same event in other words ("The Senate voted 52-48 to
    confirm…" over "In a narrow 52-48 vote, the Senate has officially confirmed…") does not."""
    h = words(headline)
    if not h:
        return False
    s = words(sentence)[: len(h) + len(h) // 3]
    return _in_order(h, s) >= REPEAT_AT * len(h)


def _in_order(a: list[str], b: list[str]) -> int:
    """How many words of `a` appear in `b` in the same order (longest common subsequence)."""
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b, start=1):
            prev, row[j] = row[j], prev + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


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
    """The first option, by what the articles agree on in it, that makes a neutral, supported
    headline the summary's first sentence does not open by repeating (None: none does): the
    main event, in other words than the body's. The options are taken as they stand, then
    condensed (`condense`); then, if none will do, one the first sentence at least does not
    open with word for word (a good headline the lead restates beats a poor clause)."""
    ranked = sorted(options, key=lambda o: -o.weight)
    for repeats in (repeats_opening, _opens_with):
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
    for condensed in (False, True):
        for opt in ranked:
            for h in _forms(opt.text, condensed=condensed):
                if h in tried:
                    continue
                tried.add(h)
                if not _acceptable(h, titles):
                    continue
                if repeats(h, first_sentence):
                    continue  # the body would open by repeating it
                if not set(content_terms(h)) <= article_terms(opt.citations):
                    continue
                if supported(h, opt.citations):
                    return h
    return None


_CLAUSE_END_RE = re.compile(r"(?:,|;|:|\s[—–-])\s")


def closed_clause(text: str) -> str | None:
    """A sentence as a headline source: whole when it ends like a sentence, else (cut off,
    as lead paragraphs often are) up to its last clause boundary, when 5 words or more remain."""
    text = text.strip()
    if re.search(r"[.!][\"”’')\]]*$", text):
        return text
    ends = [m.start() for m in _CLAUSE_END_RE.finditer(text)]
    if not ends or len(text[: ends[-1]].split()) < 5:
        return None
    return text[: ends[-1]].rstrip() + "."


def _forms(text: str, condensed: bool) -> list[str]:
    """Headline clauses from a sentence: as it stands, then (`condensed`) condensed."""
    plain = headline_from_sentence(text, MAX_HEADLINE_WORDS)
    if not condensed:
        return [plain]
    short = headline_from_sentence(condense(text), MAX_HEADLINE_WORDS)
    return [plain] if short == plain or not short else [plain, short]


_BAD_FIRST = frozenset(
    """it its he she they his her their this that these those there here now then after as
    when while if although though since because before until once in on at for by from with
    late early across during despite amid unlike like according but and so yet also still
    meanwhile however we i you our that to""".split()
)
_BAD_LAST = REPORTING_VERBS | frozenset(
    """based familiar according including while than was were is are be been has have had
    will would could should can may might not along knew thought believed found showed
    revealed concluded""".split()
)


def fallback_headline(sentences: Sequence[str], titles: Sequence[str]) -> str | None:
    """A clause of a summary sentence after the first that has a headline's form."""
    for text in sentences[1:]:
        h = headline_from_sentence(text, MAX_HEADLINE_WORDS)
        if _acceptable(h, titles) and not repeats_opening(h, sentences[0]):
            return h
    return None


def _personal(text: str) -> bool:
    """A writer or speaker talking (I, we, you); "US" is the country, not "us"."""
    tokens = re.findall(r"[\w’']+", re.sub(r"\b[A-Z]\.\s(?=[A-Z])", "", text))  # "I. Lewis"
    return not PERSON_WORDS.isdisjoint(
        t.lower().replace("’", "'") for t in tokens if len(t) == 1 or not t.isupper()
    )


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
    for repeats in (repeats_opening, _opens_with):
        found = _resort(sentences, titles, supported, first, True, repeats)
        if found:
            return found
    if sentences:
        found = _resort(sentences[:1], titles, supported, "", True, _opens_with)
        if found:
            return found
    for repeats in (repeats_opening, _opens_with):
        found = _resort(sentences, titles, supported, first, False, repeats)
        if found:
            return found
    # Nothing else: the first sentence's clause (it repeats the body, but says the story).
    clause = headline_from_sentence(first) or " ".join(first.split()[:MAX_HEADLINE_WORDS])
    return clause.rstrip(".,;: ")


def _opens_with(headline: str, sentence: str) -> bool:
    """The sentence opens with the headline's words, word for word."""
    h = words(headline)
    return bool(h) and words(sentence)[: len(h)] == h


def _first_words(text: str) -> str:
    """At most MAX_HEADLINE_WORDS words, not ending on a function word or an open quote."""
    tokens = text.split()
    if len(tokens) > MAX_HEADLINE_WORDS:
        # Cut where a phrase ends, not after "a big" of "a big sigh of relief".
        ends = [k for k in range(MAX_HEADLINE_WORDS, 3, -1) if clean_cut(tokens, k, True)]
        tokens = tokens[: ends[0]] if ends else []
    while tokens and (
        tokens[-1].lower().strip("\"“”‘’'.,;:") in STOPWORDS | _BAD_LAST
        or tokens[-1][:1] in "\"“‘'"
        or not tokens[-1].strip("-–—")
    ):
        tokens.pop()
    return " ".join(tokens)


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
            if shaped and not _acceptable(form, titles):
                continue
            if _opening_word(form) in _BAD_FIRST or _personal(form) or framing_words(form):
                continue  # never a writer talking nor an outlet's framing, even as a last resort
            if not changed or supported(form, cites):
                return form
    return ""


def _opening_word(text: str) -> str:
    """The first word, lower case, without quotes, brackets or a contraction ("It’s" -> "it",
    "(These" -> "these"): what `_BAD_FIRST` is asked about."""
    first = text.split()[0].lower().strip("\"“‘'([") if text.split() else ""
    return first.replace("’", "'").split("'")[0]


# A clause that announces what comes after it ("posed the following question", "as follows").
_POINTS_AHEAD_RE = re.compile(r"\b(?:the following|as follows|these words|this question)\b", re.I)


_AUXILIARIES = frozenset(
    "is was are were be been has have had will would can could may might".split()
)


def _hangs(tokens: Sequence[str]) -> bool:
    """Ends where its verb still needs what was cut off: a perfect ("has violated"), a copula
    and an adverb ("is officially"), an adverb and a past form ("allegedly submitted"), or a
    verb of saying with its day or its listener but not what was said ("said Sunday", "told
    senators")."""
    if len(tokens) < 2:
        return False
    before, last = (t.lower().strip("\"“”‘’'.,;:") for t in tokens[-2:])
    if before in REPORTING_VERBS:
        return True
    if before in ("has", "have", "had") and last.endswith(("ed", "en")):
        return True
    if before in _AUXILIARIES and last.endswith("ly"):
        return True
    return before.endswith("ly") and before not in ("only", "early") and last.endswith("ed")


def _acceptable(h: str, titles: Sequence[str]) -> bool:
    """A headline's own form: 4-14 words with a verb, opening on its subject, ending on a
    complete phrase, no framing words, no outlet's title."""
    tokens = h.split()
    if not 4 <= len(tokens) <= MAX_HEADLINE_WORDS or fragment(h):
        return False
    first = _opening_word(h)
    last = tokens[-1].lower().strip("\"”’'.,;:")
    if first in _BAD_FIRST or last in _BAD_FIRST or last in _BAD_LAST or last in STOPWORDS:
        return False
    if h.count("“") != h.count("”") or h.count('"') % 2 or h.count("(") != h.count(")"):
        return False
    if "‘" in h and "’" not in h[h.index("‘") :]:
        return False  # a single-quoted quotation cut off (’ alone is an apostrophe)
    if h.endswith((",", ":", ";")):
        return False
    if framing_words(h) or _personal(h):
        return False  # an outlet's framing, or a writer or speaker talking (I, we, you)
    if needs_antecedent(h) or re.search(r",? (?:who|which|whose) ", h):
        return False  # leans on context, or a relative clause without its main verb
    if _POINTS_AHEAD_RE.search(h) or _hangs(tokens):
        return False  # "posed the following question", "has violated": the rest was cut off
    return not any(copies(h, t) for t in titles if t)


__all__ = [
    "HeadlineOption",
    "clip_headline",
    "closed_clause",
    "compose_headline",
    "condense",
    "copies",
    "fallback_headline",
    "headline_from_sentence",
    "last_resort",
    "repeats_opening",
]
