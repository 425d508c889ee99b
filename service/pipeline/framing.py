"""An outlet's framing: the loaded words it uses to frame a story ("slams", "radical").

One table, read by the headline (it never carries them), the engine's selection prior (such a
sentence is picked only if it adds much), the opening (it never opens the summary while a plain
lead can), the framing rule (a single-source sentence in them is attributed to its report) and
the consensus forms (a cut that would state them as fact is refused).
"""

from __future__ import annotations

from chorus.pipeline.text import words

# Loaded words an outlet uses to frame a story; a neutral headline uses none of them (a
# sentence with them is still allowed in the body, where it is cited to its outlet).
FRAMING_WORDS = frozenset(
    """slam slams slammed blast blasts blasted rip rips ripped destroy destroys destroyed
    radical radicals extremist extremists far-left far-right scheme schemes disastrous
    shocking outrageous bombshell chaos chaotic meltdown panic doom fury furious rant rants
    scandal-plagued disgraced so-called stunning brazen reckless smear smears
    hoax sham lie lies lied crusade draconian devastating lash lashes mock mocks mocked
    blistering scathing explosive humiliating humiliation disgrace disgraceful
    unhinged bizarre absurd ridiculous pathetic corrupt crooked socialist
    socialists fascist thug thugs mob tirade spree blunder fiasco debacle embattled
    controversial massive horrific terrifying alarming
    stunned shocked outrage outraged backfires backfire obliterate obliterates obliterated
    eviscerate eviscerates eviscerated skewer skewers skewered""".split()
)


def framing_words(text: str) -> set[str]:
    low = text.lower()
    found = {w for w in words(low) if w in FRAMING_WORDS}
    found |= {p for p in ("double down", "doubles down", "so-called") if p in low}
    return found


def framed(text: str) -> bool:
    """The text uses an outlet's loaded words."""
    return bool(framing_words(text))


__all__ = ["FRAMING_WORDS", "framed", "framing_words"]
