"""Context-safe sentences: a lifted sentence must read right where the summary puts it.

- `dependent_opener`: the sentence opens with a pronoun ("He added…"), a referring phrase
  ("The move…", "These…") or a clause that points back ("When IBM rejected those
  proposals, …"): it needs the sentence before it in its article. The engine either picks
  that antecedent too and puts it right before, or does not pick the sentence.
- `points_back`: past its opening, the sentence points back ("some ambiguity in this
  formulation", "those doomsday warnings", "One such cause"); `needs_antecedent` is either.
- `bare_surname` / `full_mention`: "Paul added…" when the summary never introduced him: the
  first mention is rewritten with the article's own full form ("Sen. Rand Paul added…").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from chorus.checker.lexicon import load_lexicon
from chorus.pipeline.text import QUOTED_RE, STOPWORDS, demonym, stem
from chorus.pipeline.titles import TITLES_ALTERNATION

# Not a compound's first word ("The three-week total", "The two-day summit"), and not
# "Another" before a figure ("Another 6.6 million people filed…": one more, of a series).
_PRONOUN_RE = re.compile(
    r"^[\"“‘']?(?:He|She|They|It|His|Her|Their|Its|Him|Them|We|Our|Us|I|My|You|Your|Such|"
    r"These|Those|Both|Neither|Either|Another|Others|The two|The three|The pair|The couple|"
    r"The move|The decision|The announcement|The comments?|The remarks|The statement|"
    r"The development|The incident|The episode|The measure|The proposal|The plan|The change|"
    r"The news|The report|The letter|The tweet|The post|The action|The effort|The step|"
    r"The same|The latter|The former|The additional|The extra|The remaining|The other|"
    r"The rest|The group|The company|The agency|The man|The woman|"
    r"The official|The lawmaker|The senator|The president)\b(?!-)(?<!Another(?=\s+\$?\d))"
)
# "This"/"That" open a dependent sentence, except before a time ("This week, …").
_DEMONSTRATIVE_RE = re.compile(
    r"^(?:This|That)\b(?!\s+(?:week|month|year|morning|afternoon|evening|night|weekend|"
    r"spring|summer|fall|autumn|winter|season|time|day)\b)"
)
# A fronted clause that points back: "When IBM rejected those proposals, Norris said…".
_BACK_CLAUSE_RE = re.compile(
    r"^(?:When|After|Since|Because|While|Although|Though|As|If|Before|Despite|Given)\b"
    r"[^,]{0,90}?\b(?:this|that|these|those|it|he|she|they|him|her|them|his|their|its|"
    r"the move|the decision)\b[^,]{0,60},"
)
_TITLES = rf"(?:{TITLES_ALTERNATION})\."
_HONORIFIC_OPENER_RE = re.compile(r"^(?:Mr|Mrs|Ms|Dr)\.\s+([A-Z][\w’'-]+)\s+(?=[a-z])")
_SURNAME_OPENER_RE = re.compile(r"^([A-Z][a-z’'-]+(?:-[A-Z][a-z]+)?)(?:['’]s)?\s+(?=[a-z])")
# The speaker after an opening quotation: "“Zero chance of conviction,” Paul said when…".
_QUOTED_SURNAME_RE = re.compile(
    r"^[\"“][^\"“”]{2,300}[\"”]\s+(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?([A-Z][a-z’'-]+(?:-[A-Z][a-z]+)?)\s+"
    r"(?=(?:said|says|added|adds|told|tells|wrote|writes|asked|asks|replied|argued|insisted)\b)"
)
# The subject after a fronted phrase: "In an interview with John Catsimatidis on WABC 770 AM,
# Paterson discussed…" (a preposition or a participle opens the phrase; one comma ends it).
_FRONTED_SURNAME_RE = re.compile(
    r"^(?:In|During|At|On|After|Before|Speaking|Asked|Earlier|Later)\s[^,;:“”\"]{3,90},\s+"
    r"([A-Z][a-z’'-]+(?:-[A-Z][a-z]+)?)\s+(?=[a-z])"
)
# Capitalised words that name no one: groups, days, months, common openers.
NOT_NAMES = frozenset(
    """democrats republicans officials police authorities critics supporters experts
    analysts investigators prosecutors lawmakers senators voters residents witnesses protesters
    americans congress parliament washington today yesterday tomorrow monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december according last next earlier later many most some
    several other others each every such what who why how where there here both either
    neither""".split()
)
# A name's word: "O'Rourke", "Ocasio-Cortez", "W."; not a possessive ("Statistics' Job").
_NAME_PART = r"(?:[A-Z][a-z]+(?:[’'-][A-Za-z]+)*(?![\w’'])|[A-Z]\.)"
# Nouns a name qualifies ("Trump administration officials…"): the name is not the subject.
ATTRIBUTIVE = frozenset(
    """administration campaign organization era supporters team officials aides allies family
    camp foundation presidency government voters loyalists critics""".split()
)


# A part of a group named before: "Fifty of them signed…", "Many of those who…", "Two of us".
_PART_OF_RE = re.compile(r"^[\"“‘']?(?:[A-Z][a-z]+|\d[\d,]*)\s+of\s+(?:them|those|these|us)\b")


def dependent_opener(text: str) -> bool:
    """True when the sentence opens with something that refers to an earlier sentence."""
    t = text.strip()
    return bool(
        _PRONOUN_RE.match(t)
        or _DEMONSTRATIVE_RE.match(t)
        or _BACK_CLAUSE_RE.match(t)
        or _PART_OF_RE.match(t)
    )


# Inside a sentence, a demonstrative before a noun points back ("this formulation", "those
# doomsday warnings", "One such cause"), except before a time or the speaker's own setting
# ("this week", "this administration") or as a pronoun ("those who…").
_NOT_POINTED = (
    r"(?:week|month|year|morning|afternoon|evening|night|weekend|spring|summer|fall|autumn|"
    r"winter|season|time|day|decade|century|past|coming|country|nation|administration|world|"
    r"who|whom|which|that|of|in|on|at|for|with|and|or|are|were|is|was|have|had|will|would|"
    r"can|could|include|includes)\b"
)
_POINTING_RE = re.compile(
    r"(?<=\s)(?:(?:this|these)\s+(?!"
    + _NOT_POINTED
    + r")|those\s+(?!"
    + _NOT_POINTED
    + r"|[a-z]+ing\b)|(?:one|another|a|an|One|Another)\s+such\s+)[a-z]"
)
_POINTING_HINTS = ("this ", "these ", "those ", "such ")


# A demonstrative closing the sentence: "There is zero evidence for this."
_POINTING_END_RE = re.compile(r"\b(?:this|these|those)[.!?\"”’']*$")
# A quotation's speaker given as a pronoun: '"Michigan, I'm counting on you," he told the crowd.'
_QUOTE_BY_PRONOUN_RE = re.compile(r"[”\"],?\s+(?:he|she|they)\b")


def points_back(text: str) -> bool:
    """True when the sentence refers, past its opening, to something said before it.
    (Substring tests first: this runs on every candidate, and most have none of it.)"""
    if _POINTING_END_RE.search(text.rstrip()[-20:]):
        return True
    if ("”" in text or '"' in text) and _QUOTE_BY_PRONOUN_RE.search(text):
        return True
    if not any(map(text.__contains__, _POINTING_HINTS)):
        return False
    return bool(_POINTING_RE.search(" " + QUOTED_RE.sub("", text)))


def needs_antecedent(text: str) -> bool:
    """The sentence leans on the one before it in its article, at its opening or past it."""
    return dependent_opener(text) or points_back(text)


def bare_surname(text: str, source: str = "") -> str | None:
    """The capitalised single name a sentence opens with ("Paul added…", "Mr. Norris said…"),
    or has for its subject after a fronted phrase ("In an interview…, Paterson discussed…")
    or for the speaker of an opening quotation ("“Zero chance,” Paul said…"), or None: not
    when it qualifies a noun ("Trump administration officials…") or when `source` (the
    articles) uses the word in lower case, so it is a common word opening the sentence ("Job
    openings soared…"). Whether a surname needs introducing is decided against the article."""
    t = text.strip()
    for rx in (_HONORIFIC_OPENER_RE, _SURNAME_OPENER_RE, _FRONTED_SURNAME_RE, _QUOTED_SURNAME_RE):
        m = rx.match(t)
        if m is None:
            continue
        name = m.group(1)
        low = name.lower()
        if low in STOPWORDS or low in NOT_NAMES or len(name) < 3:
            continue  # "In an interview…": a common word opens, the subject may come later
        if t[m.end() :].split(" ", 1)[0] in ATTRIBUTIVE:
            return None
        if source and _written_lower(low, source):
            return None
        return name
    return None


def full_mention(surname: str, article_text: str) -> str | None:
    """The article's first longer mention of `surname` ("Sen. Rand Paul", "Rick Bright")."""
    rx = re.compile(
        r"(?:" + _TITLES + r"\s+)?(?:" + _NAME_PART + r"\s+){1,2}" + re.escape(surname) + r"\b"
    )
    for m in rx.finditer(article_text):
        parts = m.group(0).split()
        # Drop capitalised common words picked up in front ("But Paul", "When Paul").
        while parts and parts[0].lower().rstrip(".") in STOPWORDS | NOT_NAMES:
            parts = parts[1:]
        if len(parts) > 2 and article_text[max(0, m.start() - 3) : m.start()] == "of ":
            parts = parts[1:]  # the end of an office: "Secretary of State Antony Blinken"
        if len(parts) >= 2:
            # A title once held stays past: "Former New York Gov. David Paterson" is
            # "former Gov. David Paterson", never "Gov. David Paterson".
            former = _FORMER_BEFORE_RE.search(article_text, max(0, m.start() - 40), m.start())
            return ("former " if former else "") + " ".join(parts)
    return None


def first_full_mention(surname: str, articles: Iterable[tuple[int, str]]) -> tuple[int, str] | None:
    """The first of `articles` (number, text) that names `surname` in full, and its mention."""
    for n, text in articles:
        mention = full_mention(surname, text)
        if mention:
            return n, mention
    return None


_FORMER_BEFORE_RE = re.compile(r"\b[Ff]ormer\s+(?:[A-Z][\w.’'-]*\s+){0,3}$")


def introduce(text: str, surname: str, mention: str) -> str:
    """The sentence with its bare surname (opening it, the subject after a fronted phrase or
    the speaker of an opening quotation) replaced by the full first mention."""
    t = text.strip()
    opening = mention[:1].upper() + mention[1:]
    m = _HONORIFIC_OPENER_RE.match(t)
    if m:
        return opening + t[m.end(1) :]
    if t.startswith(surname):
        return opening + t[len(surname) :]
    for rx in (_FRONTED_SURNAME_RE, _QUOTED_SURNAME_RE):
        m = rx.match(t)
        if m and m.group(1) == surname:
            start = m.start(1)
            honorific = _HONORIFIC_BEFORE_RE.search(t, 0, start)
            start = honorific.start() if honorific else start  # "Mr. Paul" is one mention
            return t[:start] + mention + t[m.end(1) :]
    return t


_HONORIFIC_BEFORE_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.\s+$")


def has_word(text: str, word: str) -> bool:
    """`word` stands in `text` as a whole word (case as written)."""
    return re.search(r"\b" + re.escape(word) + r"\b", text) is not None


def _written_lower(low: str, source: str) -> bool:
    """The articles write this word in lower case somewhere: a common word, not a name."""
    return has_word(source, low)


# Words that open a sentence without being names, beyond the stop words.
_OPENING_WORDS = frozenset(
    """whether although though despite unless whatever since amid among even perhaps upon
    instead either neither nearly almost several every many others hundreds thousands
    millions dozens""".split()
)


def mid_sentence(word: str, source: str, names: frozenset[str], after: str = "") -> str:
    """A sentence's first word as it reads after a lead-in: lower case for a common word (a
    stop word or opener, one the articles write in lower case, or one the lexicon knows that
    the articles never capitalise mid-sentence), else as written (a name, a nation's word, or
    the first word of a run of capitals: "Senate Minority Leader", "White House")."""
    low = word.lower()
    if low in STOPWORDS or low in _OPENING_WORDS:
        return low
    if not word[1:].islower() or demonym(word) or stem(low) in names or after[:1].isupper():
        return word
    if _written_lower(low, source) or load_lexicon().senses(stem(low)):
        return low
    return word


__all__ = [
    "ATTRIBUTIVE",
    "NOT_NAMES",
    "bare_surname",
    "dependent_opener",
    "first_full_mention",
    "full_mention",
    "has_word",
    "introduce",
    "mid_sentence",
    "needs_antecedent",
    "points_back",
]
