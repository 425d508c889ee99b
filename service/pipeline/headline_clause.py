"""A headline clause from one sentence: its attribution, weekday and trailing clauses dropped,
cut to at most 14 words where a phrase ends (`headline_from_sentence`), or first condensed to
subject, verb and object (`condense`: appositives, asides, an alias or an age, days, hedges and
offices before full names go). A person's claim keeps its speaker ("Tayyip Erdogan says…");
a body's report reads as the news. `headline.py` composes the headline from these clauses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus.checker.quantities import WEEKDAYS
from chorus.pipeline.clause import CLAUSE_END_RE, clean_cut, fragment, fronted
from chorus.pipeline.context import bare_surname, first_full_mention, introduce
from chorus.pipeline.headline_form import BAD_FIRST, MAX_HEADLINE_WORDS
from chorus.pipeline.headline_source import (
    BODIES,
    SUBJECT_PRONOUN_RE,
    TITLE_ONLY_RE,
    TITLE_WORDS,
    body_for_pronoun,
    says_verb,
    speaker,
    states_claim,
)
from chorus.pipeline.reporting import SPEECH_RE
from chorus.pipeline.text import STOPWORDS
from chorus.pipeline.verbs import is_verb

_ATTRIBUTION_RE = re.compile(
    r"^(?:[A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,5}?)\s+(?:said|says|reported|reports|announced|"
    r"confirmed|told reporters)(?:\s+(?:on\s+)?[A-Z][a-z]+day)?(?:\s+that)?,?\s+"
)
_ATTRIBUTION_VERB_RE = re.compile(r"(?:said|says|reported|announced|confirmed|told)\b")


_DAYS = "|".join(day.capitalize() for day in WEEKDAYS)  # as a weekday is written in text
_PLACE_GOES_ON_RE = re.compile(r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?,\s")
_WEEKDAY_RE = re.compile(
    rf"\s+(?:on|late|early)\s+(?:{_DAYS})"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
)
# A subject that names someone or something: capitalised words, "of" and "and" among them
# ("Mecca and Medina", "Department of Justice"), before its aside.
_NAMED = r"(?:(?:[A-Z][\w.’'-]*|and|of)\s+){0,5}[A-Z][\w.’'-]*"
# What a headline can do without: an appositive after the subject (", a top adviser, "), a
# bare weekday or "Tuesday's", and adverbs that only qualify the claim.
# The same after a subordinate clause's subject ("…on heightened alert after Bubba Wallace,
# its only Black driver, took on an active role…"): after a conjunction and a name.
_APPOSITIVE_RE = re.compile(
    rf"^((?:^|.*?\b(?:after|before|when|while|because|as|since|that)\s+){_NAMED}),\s+"
    r"(?:a|an|the|his|her|its|their|[A-Z][\w.-]*[’']s)\s[^,;:“”\"()]{2,80}?,\s+(?=[a-z])"
)
# The same after a subordinate clause's subject that is a common noun ("…came after the South
# Korean currency, the won, took a hit…"); never before "and" or "or", where it is a list.
_INNER_APPOSITIVE_RE = re.compile(
    r"^(.*?\b(?:after|before|when|while|because|as|since|that|if)\s+the\s+"
    r"(?:[A-Z][\w.’'-]*\s+){0,4}[a-z][\w’'-]*),\s+(?:a|an|the)\s[^,;:“”\"()]{2,40}?,\s+"
    r"(?=(?!(?:and|or|but|nor|the|a|an)\b)[a-z])"
)
# A verb that is finite whatever its subject: it marks where a clause's own verb is.
_FINITE = frozenset(
    """is are was were has have had will would can could should may might must does did""".split()
)
# A short aside between commas right before the clause's finite verb ("House Democrats, in
# fact, are planning…"; "…the currency, the won, has fallen…"): the first comma ends nothing.
# Not a name ("Trump's former adviser, Michael Flynn, is…": the name is who it is).
_ASIDE_BEFORE_VERB_RE = re.compile(
    r",\s+((?:[a-z]|(?:A|An|The)\s)[^,;:“”\"()]{0,60}?),\s+"
    rf"(?=(?:{'|'.join(sorted(_FINITE))})\b)"
)


def _without_aside_before_verb(text: str) -> str:
    """`text` without such an aside, unless it says who said what ("…, he said, will…")."""

    def drop(m: re.Match[str]) -> str:
        return m.group(0) if SPEECH_RE.search(m.group(1)) else " "

    return _ASIDE_BEFORE_VERB_RE.sub(drop, text, count=1)


# "Roy Moore, who lost the 2017 race after being accused of misconduct, announced…" -> "Roy
# Moore announced…": a non-restrictive relative clause (no comma inside) after the subject.
# The same after "that" ("ruled that Ken Cuccinelli, who previously headed U.S. Citizenship
# and Immigration Services (USCIS), was unlawfully appointed"); an acronym may stand inside.
_RELATIVE_ASIDE_RE = re.compile(
    rf"^((?:^|.*?\bthat\s+){_NAMED}),\s+"
    r"(?:who|which)\s(?:[^,;:“”\"()]|\([A-Z]{2,8}\)){2,140}?,\s+(?=[a-z])"
)
# Where and how something was said, between the verb and its "that" ("told House Democrats
# in a letter Sunday night to fellow Democrats that…" -> "told House Democrats that…").
_MEDIUM_RE = re.compile(
    r"\b((?:told|tells|said|says|wrote|writes|argued|warned|insisted|claimed|added|noted)"
    r"(?:\s+(?!(?:in|on|during|at)\b)[\w.’'-]+){0,3}?)"
    r"\s+(?:in|on|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:letter|statement|interview|tweet|memo|post|speech|video|op-ed|conference|briefing|"
    r"hall|podcast|appearance)(?:\s+(?!that\b)[^\s,;:“”\"]+){0,6}?(?=\s+that\s)"
)
# "Carlos Montenegro, aka Mark Gonsalves, 53, allegedly submitted…" -> "Carlos Montenegro
# allegedly submitted…": an alias, then an age, between the subject and its verb.
_ALIAS_RE = re.compile(r",\s+(?:aka|a\.k\.a\.|also known as)\s+[^,;:“”\"()]{2,60}?(?=,)")
_AGE_RE = re.compile(r"^((?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w.’'-]*),\s+\d{1,3},\s+(?=[a-z])")
_BARE_DAY_RE = re.compile(
    rf"(?:^On\s+(?:{_DAYS}),\s+|(?<=\s)(?:{_DAYS})(?:[’']s)?\s+"
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
_LEAD_RE = re.compile(
    rf"^(?:[Ff]ormer\s+)?(?:(?:[A-Z][\w.’'-]*|of|the|and|for)\s+){{0,6}}?(?:{TITLE_WORDS})\s+"
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
    rf"{{0,4}}?)?(?:{TITLE_WORDS})\s+(?=[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+\b)"
)


def _without_offices(text: str) -> str:
    """`text` without an office before a full name after its first word (see _MID_TITLE_RE)."""

    def drop(m: re.Match[str]) -> str:
        before = m.string[: m.start()].split()[-1:]
        named = before and before[0][:1].isupper() and before[0].lower() not in STOPWORDS
        return m.group(0) if named else ""

    return _MID_TITLE_RE.sub(drop, text)


# A headline has no stop, not even inside a closing quotation (`…a “pointless show vote”`).
_END_STOP_RE = re.compile(r"[.!]([”\"’']+)$")
# ...but an abbreviation keeps its point (`…downloads in the U.S.`, `…Donald Trump Jr.`).
_ENDS_ABBREVIATED_RE = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:Jr|Sr|Inc|Corp|Co|Ltd)\.)$")


def headline_from_sentence(sentence: str, max_words: int = MAX_HEADLINE_WORDS) -> str:
    """A headline from a lead sentence: drop the attribution and weekday, keep the main clause."""
    text = sentence.strip()
    text = text if _ENDS_ABBREVIATED_RE.search(text) else text.rstrip(".!")
    text = _END_STOP_RE.sub(r"\1", text)
    stripped = _ATTRIBUTION_RE.sub("", text, count=1)
    # "Earlier reports said that …": "reports" was the subject, not the attribution's verb;
    # "Eugene Scalia announced new guidance…": what follows is its object, no statement.
    if (
        stripped != text
        and len(stripped.split()) >= 5
        and not _ATTRIBUTION_VERB_RE.match(stripped)
        and not fragment(stripped)
        and states_claim(text[: len(text) - len(stripped)], stripped)
    ):
        # A person's claim stays theirs ("Andrew McCabe says Rod Rosenstein was…"); an
        # institution's report reads as the news ("Another 6.6 million people filed…"), unless
        # it is about itself ("The White House says it would veto…").
        attribution = text[: len(text) - len(stripped)]
        person = speaker(attribution)
        body = None if person else body_for_pronoun(attribution, stripped)
        if person:
            text = f"{person} says {stripped}"
        elif body:
            text = f"{body} {says_verb(body)} {stripped}"
        else:
            text = stripped[0].upper() + stripped[1:]
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
    # The comma that opens an aside inside the clause ends nothing: "…came after the South
    # Korean currency, the won, took a hit" is no "…came after the South Korean currency".
    text = _INNER_APPOSITIVE_RE.sub(r"\1 ", text, count=1)
    text = _without_aside_before_verb(text)
    clause = CLAUSE_END_RE.split(text)[0]
    if len(clause.split()) >= 5 and not _verb_after_aside(clause, text[len(clause) :]):
        text = clause
    tokens = text.split()
    if len(tokens) <= max_words:
        return text
    # Cut before the last preposition that keeps the headline within bounds.
    for k in range(max_words, 5, -1):
        if clean_cut(tokens, k) and not _cuts_main_verb(tokens, k):
            return " ".join(tokens[:k]).rstrip(",;:")
    return ""  # no clean cut: not a headline


_CLAUSE_MARKS = frozenset("that which who whose where when while because although".split())


def _cuts_main_verb(tokens: list[str], k: int) -> bool:
    """A cut at `k` leaves the clause's verb behind: the words kept have no finite verb but a
    participle ("A COVID-19 vaccine developed with its partner" of "…its partner BioNTech was
    more than 90% effective"), and a finite verb follows in the same clause."""
    head = [t.lower().strip(",;:") for t in tokens[:k]]
    if any(w in _FINITE for w in head) or not any(w.endswith("ed") for w in head[1:]):
        return False
    for token in tokens[k:]:
        word = token.lower().strip(',;:"“”')
        if word in _FINITE:
            return True
        if word in _CLAUSE_MARKS or token.endswith((",", ";", ":")):
            return False
    return False


def _verb_after_aside(clause: str, rest: str) -> bool:
    """The clause's verb comes after the aside its comma opens: "A COVID-19 vaccine developed
    with its partner" of "…its partner, BioNTech, has proved…" has only a participle, "Donald
    Trump's former national security adviser" of "…, Michael Flynn, is…" no verb at all."""
    if any(w.lower() in _FINITE for w in clause.split()):
        return False
    after = rest.lstrip(" ,").split()
    for j, token in enumerate(after[:10]):
        if token.endswith(","):
            return j + 1 < len(after) and after[j + 1].lower() in _FINITE
    return False


def condense(sentence: str) -> str:
    """The sentence without what a headline can do without (appositives and relative asides
    after the subject, an alias or an age among them, weekdays, hedging adverbs, an office
    before a full name): a shorter subject-verb-object statement of the same fact."""
    text = _without_days(_WEEKDAY_RE, sentence.strip())
    text = _ALIAS_RE.sub("", text, count=1)
    text = _AGE_RE.sub(r"\1 ", text, count=1)
    text = _APPOSITIVE_RE.sub(r"\1 ", text, count=1)
    text = _INNER_APPOSITIVE_RE.sub(r"\1 ", text, count=1)
    text = _without_aside_before_verb(text)
    text = _RELATIVE_ASIDE_RE.sub(r"\1 ", text, count=1)
    text = _without_days(_BARE_DAY_RE, text)
    text = _HEDGE_RE.sub("", text)
    text = _MEDIUM_RE.sub(r"\1", text, count=1)
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = _LEAD_RE.sub("", text, count=1)
    text = _without_offices(text)
    return text[:1].upper() + text[1:]


# A source, then what it says: "U.S. intelligence indicates that Kim Jong Un recently had…".
_SOURCE_FIRST_RE = re.compile(
    r"^(?P<who>[A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,5}?)\s+"
    r"(?P<verb>said|says|say|indicates|indicated|suggests|suggested|reported|reports|shows|showed)"
    r"(?:\s+(?:on\s+)?[A-Z][a-z]+day)?(?:\s+that)?,?\s+(?P<rest>\w.*)$"
)
_PRESENT = {"said": "says", "indicated": "indicates", "suggested": "suggests",
            "reported": "reports", "showed": "shows"}  # fmt: skip


def source_last(sentence: str, max_words: int = MAX_HEADLINE_WORDS) -> str:
    """The claim of a sentence that names its source first, with the source after it, as
    headlines put it: "U.S. intelligence indicates that Kim Jong Un recently had
    cardiovascular surgery, NBC News reported" -> "Kim Jong Un recently had cardiovascular
    surgery, U.S. intelligence indicates". The claim keeps its source and its words; "" when
    the sentence does not open on a source or its claim is no whole statement."""
    m = _SOURCE_FIRST_RE.match(sentence.strip())
    if not m or SUBJECT_PRONOUN_RE.match(m["rest"].lower()):
        return ""
    who = m["who"]
    if len(who.split()) > 5 or fragment(who) is None or who.split()[0].lower() in BAD_FIRST:
        return ""  # no source but a clause ("Trump's lawyers argued the case and said…")
    person = speaker(f"{who} said")
    head = who.split()[0].lower()
    common = head in ("the", "a", "an") or head in BODIES  # "the agency", "officials"
    who = person or (who[0].lower() + who[1:] if common else who)
    verb = _PRESENT.get(m["verb"], m["verb"])
    if verb in ("says", "say") and not person:
        verb = says_verb(who)
    room = max_words - len(who.split()) - 1
    rest = m["rest"]
    claim = headline_from_sentence(condense(rest[:1].upper() + rest[1:]), room) if room >= 5 else ""
    if not claim or len(claim.split()) < 4 or fragment(claim):
        return ""
    return f"{claim.rstrip(',;:')}, {who} {verb}"


def name_in_full(headline: str, articles: Sequence[str]) -> str:
    """A headline that opens with a bare surname gives the person's name in full, as the
    articles first write it and without the office ("Ratcliffe was nominated…" -> "John
    Ratcliffe was nominated…"), when that still fits 14 words; a name the articles never
    give with a first name ("Trump") stays as it is."""
    surname = bare_surname(headline)
    if surname is None or headline.split()[1:2] in (["and"], ["or"]):
        return headline  # "Blinken and Lavrov spoke…": one name in full, one not, reads worse
    found = first_full_mention(surname, enumerate(articles))
    parts = found[1].split() if found else []
    while parts and (parts[0].lower() == "former" or parts[0].endswith(".") or (
        TITLE_ONLY_RE.match(parts[0]))):  # fmt: skip
        parts = parts[1:]
    if len(parts) < 2:
        return headline
    out = introduce(headline, surname, " ".join(parts))
    return out if len(out.split()) <= MAX_HEADLINE_WORDS else headline


_ON_VERBS = frozenset(("voted", "decided", "agreed"))  # a verb that takes "on" ("voted on")


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
        # "…will be voted on Thursday." would end "…will be voted."
        ends = not after or not after[0][:1].isalnum()
        keep = keep or bool(before and before[-1] in _ON_VERBS and ends)
        return m.group(0) if keep else ""

    return pattern.sub(drop, text)


__all__ = ["condense", "headline_from_sentence", "name_in_full", "source_last"]
