"""Stance and direction words in two classes, for word swaps in one slot.

The antonym list pairs words that are each other's opposite (rose/fell). Reporting verbs are
more often swapped for a word of the other camp that is no dictionary antonym: "141 countries
had *supported* Russia" where the source says "had *condemned* Russia", "China and Russia
*proposed* two paragraphs" where it says "*opposed*". A claim word and a source word standing
in the very same slot (the same word before and after, `detectors.swapped_words`) from
opposite classes say opposite things. The classes are read only for such same-slot swaps,
never as a bag of words; words whose stance flips with their object ("lift", "ease" a ban)
are left out, so "lifted the ban" ~ "ended the ban" is no finding.
"""

from __future__ import annotations

from chorus.pipeline.text import stem

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
pass passed passes
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
destroy destroyed leave left
"""
FOR = frozenset(stem(w) for w in _FOR.split())
AGAINST = frozenset(stem(w) for w in _AGAINST.split()) - FOR


def opposed_stance(a: str, b: str) -> bool:
    """Whether two stems belong to opposite classes ("support" / "condemn")."""
    return (a in FOR and b in AGAINST) or (a in AGAINST and b in FOR)


__all__ = ["AGAINST", "FOR", "opposed_stance"]
