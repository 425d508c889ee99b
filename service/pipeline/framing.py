"""An outlet's framing: the loaded words it uses to frame a story ("slams", "radical").

One table, read by the headline (it never carries them), the engine's selection prior (such a
sentence is picked only if it adds much), the opening (it never opens the summary while a plain
lead can), the framing rule (a single-source sentence in them is attributed to its report) and
the consensus forms (a cut that would state them as fact is refused).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from chorus.pipeline.context import mid_sentence
from chorus.pipeline.reporting import attributed
from chorus.pipeline.text import words

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
    controversial massive horrific terrifying alarming
    stunned shocked outrage outraged backfires backfire obliterate obliterates obliterated
    eviscerate eviscerates eviscerated skewer skewers skewered""".split()
)
# Loaded phrases, and words written with a hyphen: the word tokens split them ("far-left" is
# "far", "left"), so they are found in the text itself, whole. Not "so-called": in news text
# it mostly introduces a term ("so-called no-knock warrants", "the so-called interim analysis").
FRAMING_PHRASES = (
    "far-left", "far-right", "scandal-plagued", "double down", "doubles down", "doubled down",
    "doubling down",
)  # fmt: skip
_PHRASE_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(p) for p in FRAMING_PHRASES) + r")(?![\w-])"
)


def _lowered(text: str) -> str:
    return text.lower().replace("\u2010", "-")  # the Unicode hyphen too


def _phrases(low: str) -> Iterator[re.Match[str]]:
    """The loaded phrases in lower-cased text (every one holds a hyphen or " down")."""
    return _PHRASE_RE.finditer(low) if "-" in low or " down" in low else iter(())


def framing_words(text: str, tokens: Iterable[str] | None = None) -> set[str]:
    """The loaded words and phrases in `text` (`tokens`, when known, are `words(text)`)."""
    low = _lowered(text)
    found = {w for w in (words(low) if tokens is None else tokens) if w in FRAMING_WORDS}
    found.update(m.group(1) for m in _phrases(low))
    return found


def framed(text: str, tokens: Iterable[str] | None = None) -> bool:
    """The text uses an outlet's loaded words (the one test: headline, prior, opening,
    framing rule, consensus cut). `framing_words`, stopping at the first: the selection
    prior asks it of every candidate."""
    low = _lowered(text)
    if not FRAMING_WORDS.isdisjoint(words(low) if tokens is None else tokens):
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


__all__ = ["FRAMING_PHRASES", "FRAMING_WORDS", "attributed_form", "framed", "framing_words"]
