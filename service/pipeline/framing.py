"""An outlet's framing: the loaded words it uses to frame a story ("slams", "radical").

One table, read by the headline (it never carries them), the engine's selection prior (such a
sentence is picked only if it adds much), the opening (it never opens the summary while a plain
lead can), the framing rule (a single-source sentence in them is attributed to its report) and
the consensus forms (a cut that would state them as fact is refused). Its modifiers of a noun
("a damning report") are dropped by compression first (`drop_loaded_modifiers`); weather and
explosions ("slammed by Hurricane Michael", "a frigid blast") are no framing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from chorus.pipeline.context import mid_sentence
from chorus.pipeline.reporting import attributed
from chorus.pipeline.text import QUOTED_RE, words

# Loaded words an outlet uses to frame a story; a neutral headline uses none of them (a
# sentence with them is still allowed in the body, where it is cited to its outlet).
FRAMING_WORDS = frozenset(
    """slam slams slammed blast blasts blasted rip rips ripped destroy destroys destroyed
    radical radicals extremist extremists scheme schemes disastrous
    shocking outrageous bombshell chaos chaotic meltdown panic doom fury furious rant rants
    disgraced stunning brazen reckless smear smears
    hoax sham lie lies lied crusade draconian devastating lash lashes mock mocks mocked
    blistering scathing explosive humiliating humiliation disgrace disgraceful
    unhinged bizarre absurd ridiculous pathetic corrupt crooked socialist
    socialists fascist thug thugs mob tirade spree blunder fiasco debacle embattled
    controversial massive horrific terrifying alarming damning
    stunned shocked outrage outraged backfires backfire obliterate obliterates obliterated
    eviscerate eviscerates eviscerated skewer skewers skewered vigilante vigilantes desperate
    infamous""".split()
)
# Loaded phrases, and words written with a hyphen: the word tokens split them ("far-left" is
# "far", "left"), so they are found in the text itself, whole. Not "so-called": in news text
# it mostly introduces a term ("so-called no-knock warrants", "the so-called interim analysis").
FRAMING_PHRASES = (
    "far-left", "far-right", "scandal-plagued", "double down", "doubles down", "doubled down",
    "doubling down", "virtue-signaling", "virtue signaling", "new low",
)  # fmt: skip
_PHRASE_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(p) for p in FRAMING_PHRASES) + r")(?![\w-])"
)


# The loaded words that qualify a noun and say only how the writer feels about it ("a
# damning report", "the horrific shooting", "a highly controversial member"): a neutral
# brief drops them. Not the ones that classify ("socialist", "far-right", "radical"): without
# them the sentence names something else.
LOADED_MODIFIERS = frozenset(
    """shocking outrageous bombshell chaotic stunning brazen reckless draconian devastating
    blistering scathing explosive humiliating disgraceful unhinged bizarre absurd ridiculous
    pathetic embattled controversial massive horrific terrifying alarming damning disastrous
    disgraced desperate infamous""".split()
)


def _either_case(words: Iterable[str]) -> str:
    """An alternation of `words` as written and capitalised (a case-blind pattern over this
    many words costs ten times as much)."""
    return "|".join(f"{w}|{w.capitalize()}" for w in sorted(words))


_INTENSIFIERS = _either_case(
    "highly very deeply most truly utterly so particularly especially".split()
)
_MODIFIER_RE = re.compile(
    rf"(?<![\w’'-])(?:(a|an|A|An)\s+)?(?:(?:{_INTENSIFIERS})\s+)?"
    rf"({_either_case(LOADED_MODIFIERS)})\s+(?=([\w$][\w’'.$-]*))"
)
# Words after which the modifier is no noun's: "was shocking and…", "controversial to some".
_NOT_A_NOUN = frozenset(
    """and or but to than as that which who when if for of in on at by with from is are was
    were be been""".split()
)


def _article_for(word: str) -> str | None:
    """The indefinite article `word` takes, when its letters tell ("an" before a vowel, "a"
    before a consonant or "U.S."); None for "u", "h", a figure or an acronym, which do not."""
    if word.startswith("U.S."):
        return "a"
    first, second = word[:1], word[1:2]
    if not first.isalpha() or first.lower() in "uh" or (first.isupper() and not second.islower()):
        return None
    return "an" if first.lower() in "aeio" else "a"


def drop_loaded_modifiers(text: str) -> str:
    """`text` without the loaded modifiers of its nouns (and an intensifier before one):
    "a damning report released Friday" -> "a report released Friday", "an utterly pathetic
    fit" -> "a fit". One is left in place inside a quotation (someone's words), before no noun
    ("the result was shocking") or where the noun's letters do not tell "a" from "an"."""
    # The common case, read off the plain words (compression asks it of every candidate);
    # a modifier of a noun always has a space after it.
    if LOADED_MODIFIERS.isdisjoint(text.lower().split()):
        return text
    quoted = [m.span() for m in QUOTED_RE.finditer(text)]

    def drop(m: re.Match[str]) -> str:
        article, noun = m.group(1), m.group(3)
        if noun.lower() in _NOT_A_NOUN or any(a <= m.start() < b for a, b in quoted):
            return m.group(0)
        if not article:
            return ""
        fitting = _article_for(noun)
        if fitting is None:
            return m.group(0)  # "a stunning upset": the letters do not tell "a" from "an"
        return (fitting.capitalize() if article[0].isupper() else fitting) + " "

    out = _MODIFIER_RE.sub(drop, text)
    return out[:1].upper() + out[1:] if out != text and text[:1].isupper() else out


def _lowered(text: str) -> str:
    return text.lower().replace("\u2010", "-")  # the Unicode hyphen too


def _phrases(low: str) -> Iterator[re.Match[str]]:
    """The loaded phrases in lower-cased text (every one holds a hyphen or " down")."""
    return _PHRASE_RE.finditer(low) if "-" in low or " down" in low else iter(())


# The literal senses of loaded verbs: weather or an explosion ("a frigid blast of winter
# weather", "the blast killed", "counties slammed by Hurricane Michael", "a car slammed into").
_LITERAL = frozenset("slam slams slammed blast blasts blasted".split())
_LITERAL_RE = re.compile(
    r"\b(?:(?:a|an|the|this|that|second|first|frigid|arctic|icy|cold|powerful|huge|deadly|"
    r"bomb|car|truck)\s+blasts?|blasts?\s+of|slam(?:s|med)?\s+into|slam(?:s|med)?\s+by\s+"
    r"(?:the\s+)?(?:hurricane|storm|tropical|tornado|winds?|floods?|snow|blizzard|typhoon|"
    r"cyclone|quake|earthquake|waves?|rain|heat))\b"
)


def _loaded(low: str, tokens: Iterable[str]) -> set[str]:
    found = {w for w in tokens if w in FRAMING_WORDS}
    if found and found <= _LITERAL and _LITERAL_RE.search(low):
        return set()  # weather or an explosion, not an outlet's verdict
    return found


def framing_words(text: str, tokens: Collection[str] | None = None) -> set[str]:
    """The loaded words and phrases in `text` (`tokens`, when known, are `words(text)`)."""
    low = _lowered(text)
    found = _loaded(low, words(low) if tokens is None else tokens)
    found.update(m.group(1) for m in _phrases(low))
    return found


def framed(text: str, tokens: Collection[str] | None = None) -> bool:
    """The text uses an outlet's loaded words (the one test: headline, prior, opening,
    framing rule, consensus cut). `framing_words`, stopping at the first: the selection
    prior asks it of every candidate."""
    low = _lowered(text)
    seq = words(low) if tokens is None else tokens
    if not FRAMING_WORDS.isdisjoint(seq) and _loaded(low, seq):
        return True
    return next(_phrases(low), None) is not None


def attributed_form(text: str, names: frozenset[str], source: str) -> str | None:
    """A sentence in an outlet's loaded words as its report's words ("According to one
    report, …", its first word in the case the articles write it mid-sentence), or None when
    it needs none: no loaded word, or already someone's attributed words. The caller keeps it
    only for a sentence one article states, and only when the checker still supports it."""
    if not framed(text) or attributed(text):
        return None
    first, _, rest = text.partition(" ")
    return f"According to one report, {mid_sentence(first, source, names, rest)} {rest}".rstrip()


__all__ = [
    "FRAMING_PHRASES",
    "FRAMING_WORDS",
    "LOADED_MODIFIERS",
    "attributed_form",
    "drop_loaded_modifiers",
    "framed",
    "framing_words",
]
