"""Reporting verbs: the words that give what a sentence says to a speaker ("…, she said",
"according to", "told reporters"). One table, read by:
- the candidates (a sentence opening on a quotation must name who speaks);
- the framing rule (a sentence already given to a speaker is not re-attributed: `attributed`,
  the narrow forms);
- the order (reactions after the event);
- the headline (it never ends on one: "… officials said");
- the checker (a claim given as someone's words; who speaks a quotation).

Word forms as written, lower case, and only those that are seldom anything but a verb of
saying: "the United States", "his claims" and "a called strike" attribute nothing.
"""

from __future__ import annotations

import re

REPORTING_VERBS = frozenset(
    """said says say saying tell tells told added adds wrote writes tweeted posted asked asks
    explained argue argues argued noted warn warns warned insist insists insisted declared
    stated recalled according claimed replied responded testified acknowledged admitted
    conceded quipped announced described lamented reported suggest suggests suggested assert
    asserts asserted deny denies denied maintained contend contended""".split()
)  # not the forms that are nouns as often ("states", "reports", "claims", "charge", "notes")

# The forms that nearly always give the whole sentence to a speaker ("…, officials said",
# "according to"), where "announced the release" or "described" may sit in a side clause.
ATTRIBUTING = frozenset("said says told according".split())
# Verbs of response that are not speech verbs as such ("criticized the plan"): what makes a
# sentence a reaction to the event rather than the event.
REACTION_VERBS = frozenset(
    """criticized criticised praised accused urged called slammed blasted condemned
    welcomed""".split()
)
QUOTE_MARKS = '"“”'

SPEECH_RE = re.compile(r"\b(?:" + "|".join(sorted(REPORTING_VERBS)) + r")\b", re.IGNORECASE)
_ATTRIBUTING_RE = re.compile(r"\b(?:" + "|".join(sorted(ATTRIBUTING)) + r")\b", re.IGNORECASE)


def quotes_or_reports(text: str) -> bool:
    """The sentence quotes someone or reports what someone said, in any clause."""
    return any(map(text.__contains__, QUOTE_MARKS)) or SPEECH_RE.search(text) is not None


def attributed(text: str) -> bool:
    """The sentence quotes someone or is given to a speaker as a whole ("…, she said")."""
    return any(map(text.__contains__, QUOTE_MARKS)) or _ATTRIBUTING_RE.search(text) is not None


__all__ = [
    "ATTRIBUTING",
    "QUOTE_MARKS",
    "REACTION_VERBS",
    "REPORTING_VERBS",
    "SPEECH_RE",
    "attributed",
    "quotes_or_reports",
]
