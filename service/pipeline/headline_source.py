"""Who a headline's attribution names: a person, whose claim stays theirs ("Tayyip Erdogan
says…"), or a body, whose report reads as the news unless it is about itself ("The White
House says it would veto…"); and whether what follows the attribution is a claim at all
("Joe Biden officially announced his presidential bid" names its object, not a claim).
`headline_clause.py` writes the headline's clause with these.
"""

from __future__ import annotations

import re

from chorus.pipeline.context import NOT_NAMES
from chorus.pipeline.text import STOPWORDS

SAID_RE = re.compile(r"^(.*?)\s+(?:(?:has|have|had)\s+)?(?:said|says|announced|confirmed)\b")
# Words that make a speaker a body, not a person: its report is the news.
BODIES = frozenset(
    """department house ministry agency office administration committee court council
    commission service bureau police army military government campaign party company
    university center centre institute foundation organization organisation news times post
    journal radio media network officials authorities spokesman spokeswoman spokesperson
    reports report statement experts analysts sources data survey poll study""".split()
)


_SINGULAR_IN_S = frozenset("news times states us series".split())


def says_verb(subject: str) -> str:
    """The verb for a body's claim: "say" after a plural ("Democrats say", "Police say"),
    else "says"."""
    last = subject.split()[-1].lower()
    plural = last in ("police", "people") or (
        last.endswith("s") and not last.endswith("ss") and last not in _SINGULAR_IN_S
    )
    return "say" if plural else "says"


SUBJECT_PRONOUN_RE = re.compile(r"^(?:it|they|he|she)\b")


def body_for_pronoun(attribution: str, rest: str) -> str | None:
    """A body that said what follows about itself ("The Biden administration said Thursday it
    had secured…"): the claim stays its own, since "It had secured…" would name no one."""
    m = SAID_RE.match(attribution.strip())
    if not m or not SUBJECT_PRONOUN_RE.match(rest) or len(m.group(1).split()) > 5:
        return None
    return m.group(1)


# A verb that may take a plain object, at the end of an attribution without "that".
_TAKES_OBJECT_RE = re.compile(
    r"\b(?:announced|confirmed|reported|reports)(?:\s+(?:on\s+)?[A-Z][a-z]+day)?,?\s*$"
)


def states_claim(attribution: str, rest: str) -> bool:
    """What follows the attribution is a claim, not the verb's object: after "announced" or
    "reported" without "that", only a subject pronoun shows it ("Beijing has announced it
    will…"; not "Joe Biden officially announced his presidential bid this morning")."""
    return not _TAKES_OBJECT_RE.search(attribution) or bool(SUBJECT_PRONOUN_RE.match(rest.lower()))


def speaker(attribution: str) -> str | None:
    """The person an attribution that was cut from a headline names ("Former acting FBI
    Director Andrew McCabe said Sunday that " -> "Andrew McCabe"; "President Tayyip Erdogan
    said " -> "Tayyip Erdogan"), or None: a body ("The White House said", "The Labor
    Department reported"), an office without a name ("The FBI director said"), a group."""
    m = SAID_RE.match(attribution.strip())
    if not m:
        return None
    words = m.group(1).split()
    if any(re.sub(r"[’']s$", "", w.lower().rstrip(",.")) in BODIES for w in words):
        return None
    name: list[str] = []
    for w in reversed(words):
        low = w.lower().rstrip(".")
        if name and low in _NAME_PARTICLES:
            name.insert(0, w)  # "Bill de Blasio"
            continue
        if not w[:1].isupper() or low in STOPWORDS or TITLE_ONLY_RE.match(w):
            break
        if low in NOT_NAMES:
            return None  # a group ("Democrats said…"), not a person
        name.insert(0, w)
        if sum(part[:1].isupper() for part in name) == 2:
            break
    said = " ".join(name)
    return said[:1].upper() + said[1:] if said else None


_NAME_PARTICLES = frozenset("de van von da di del della la le du der ten ter bin al".split())

# An office's title word ("Senate Minority Leader", "Health and Human Services Secretary").
TITLE_WORDS = (
    r"President(?:-elect)?|Speaker|Leader|Secretary|Sen\.|Senator|Rep\.|Representative|Gov\.|"
    r"Governor|Mayor|Judge|Justice|Director|Chairman|Chairwoman|Chair|Minister|[Cc]ounsel|"
    r"General|Commissioner|Ambassador|Adviser|Advisor|Spokesman|Spokeswoman|Administrator|"
    r"Chancellor|Lt\. Col\.|Former"
)
TITLE_ONLY_RE = re.compile(rf"^(?:{TITLE_WORDS})$")


__all__ = [
    "BODIES",
    "SAID_RE",
    "SUBJECT_PRONOUN_RE",
    "TITLE_ONLY_RE",
    "TITLE_WORDS",
    "body_for_pronoun",
    "says_verb",
    "speaker",
    "states_claim",
]
