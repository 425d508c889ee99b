"""Words in opposite classes, for a word put in place of the source's.

The antonym list pairs words that are each other's opposite (rose/fell). Reporting verbs are
more often swapped for a word of the other camp that is no dictionary antonym: "141 countries
had *supported* Russia" where the source says "had *condemned* Russia", "China and Russia
*proposed* two paragraphs" where it says "*opposed*". Three axes: stance (FOR / AGAINST),
direction of a change (UP / DOWN, and STEADY against both: "rose to 3.7%" vs "stayed at"),
and how much of a group ("all" / "most"). A claim word and a source word from opposite
classes say opposite things when they stand in the very same slot (`detectors.swapped_words`)
or when one replaces the other in a near copy (`replaced_opposites`); the classes are never
read as a bag of words. Words whose stance flips with their object ("lift", "ease" a ban)
are in no class, so "lifted the ban" ~ "ended the ban" is no finding. The direction classes
also credit a change the same way in alignment ("rise 81%" for "increase by 81%").
"""

from __future__ import annotations

from chorus.checker.features import Features
from chorus.checker.names import copy_diff
from chorus.pipeline.text import stem

NEAR_COPY_SHARE = 0.7  # of the claim's words, copied from the span in order
MAX_STRETCH = 3  # words either side of a changed stretch: longer is a reworded clause
MIN_WORDS = 5

_FOR = """
support supports supported supporting back backs backed backing endorse endorsed approve
approved approves praise praised praises welcome welcomed welcomes accept accepted accepts agree
agreed agrees propose proposed proposes favor favored favour favoured defend defended applaud
applauded commend commended celebrate celebrated embrace embraced champion championed adopt
adopted allow allowed allows permit permitted authorize authorized grant granted confirm
confirmed win won wins gain gained gains rise rose risen rises increase increased increases grow
grew grown improve improved boost boosted expand expanded strengthen strengthened succeed
succeeded help helped protect protected restore restored raise raised acquit
acquitted hire hired build built create created open opened join joined continue continued
pass passed passes keep keeps kept retain retained maintain maintained uphold upheld
"""
_AGAINST = """
oppose opposes opposed opposing reject rejected rejects condemn condemned condemns criticize
criticized criticizes criticise criticised denounce denounced slam slammed attack attacked blast
blasted veto vetoed block blocked blocks ban banned bans prohibit prohibited forbid forbade bar
barred deny denied denies refuse refused refuses resist resisted fight fought dispute disputed
abandon abandoned quit withdraw withdrew withdrawn suspend suspended cancel canceled cancelled
halt halted stop stopped end ended close closed cut cuts reduce reduced lower lowered fall fell
fallen falls drop dropped decrease decreased shrink shrank lose lost loses fail failed fails
weaken weakened worsen worsened hurt harm harmed damage damaged threaten threatened punish
punished sanction sanctioned fire fired convict convicted impose imposed tighten tightened
destroy destroyed leave left overturn overturned overturns scrap scrapped repeal repealed
rescind rescinded
"""
# Direction of a change, a second axis: "rose to 3.7%" vs "stayed at 3.7%" vs "fell to".
_UP = """
rise rose risen rises rising increase increased increases grow grew grown gain gained gains jump
jumped jumps soar soared soars climb climbed climbs surge surged surges double doubled triple
tripled spike spiked rebound rebounded skyrocket skyrocketed skyrocketing
"""
_DOWN = """
fall fell fallen falls falling decrease decreased decreases decline declined declines drop
dropped drops shrink shrank shrunk plunge plunged plunges plummet plummeted tumble tumbled slump
slumped sink sank sunk dip dipped slide slid halve halved
"""
_STEADY = "stay stayed stays remain remained remains unchanged steady flat hold held holds"


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


FOR = _stems(_FOR)
AGAINST = _stems(_AGAINST) - FOR
UP, DOWN, STEADY = _stems(_UP), _stems(_DOWN), _stems(_STEADY)
DIRECTION_OF = {w: UP for w in UP} | {w: DOWN for w in DOWN}  # a word's direction class


# How much of a group, a third axis: "all students" vs "most students", "every state" vs
# "some states" (read only where one replaces the other in a near copy or a slot).
_ALL = "all every each entire whole everyone everybody everything always"
_SOME = "some many several most few part certain sometimes often one two"
ALL_OF, SOME_OF = _stems(_ALL), _stems(_SOME)


def opposed_stance(a: str, b: str) -> bool:
    """Whether two stems belong to opposite classes ("support" / "condemn", "rose" / "fell",
    "rose" / "stayed", "all" / "most")."""
    if (a in FOR and b in AGAINST) or (a in AGAINST and b in FOR):
        return True
    if (a in UP and b in DOWN) or (a in DOWN and b in UP):
        return True
    if (a in ALL_OF and b in SOME_OF) or (a in SOME_OF and b in ALL_OF):
        return True
    moving = UP | DOWN
    return (a in STEADY and b in moving) or (a in moving and b in STEADY)


def replaced_opposites(claim: Features, span: Features) -> list[tuple[str, str]]:
    """In a near copy of the span (NEAR_COPY_SHARE of the claim's words copied in order),
    (claim word, span word) pairs where a short changed stretch puts a word of the other
    class in place of the span's: "The unemployment rate *rose to* 3.7 percent" vs "*stayed
    at* 3.7 percent", "Job openings *fell* by nearly a million" vs "*soared* by"."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    if len(c_seq) < MIN_WORDS:
        return []
    copied, opcodes = copy_diff(tuple(s_seq), tuple(c_seq))
    if copied < NEAR_COPY_SHARE * len(c_seq):
        return []
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op != "replace" or j2 - j1 > MAX_STRETCH or i2 - i1 > MAX_STRETCH:
            continue
        pair = next(
            (
                (claim.tokens[j], span.tokens[i])
                for j in range(j1, j2)
                for i in range(i1, i2)
                if opposed_stance(c_seq[j], s_seq[i])
            ),
            None,
        )
        if pair is not None:
            out.append(pair)
    return out


__all__ = ["AGAINST", "DIRECTION_OF", "FOR", "opposed_stance", "replaced_opposites"]
