"""Who did what to whom, read around a shared verb: "Trump asked Pelosi to delay the address"
where the source says "Pelosi ... asked President Trump to postpone his address".

For each content word both texts use (the predicate), the nearest name before it (its
subject) and after it (its object) are read in each text, among the names both texts have,
written capitalised (so "(D-Calif.)" or "Wednesday" between a name and its verb is skipped,
and "the southern border" is no "Border Patrol"). A claim that has the
source's subject as object and its object as subject has reversed the roles. The rewording
around the names may differ; the detector needs no near copy. Not a reversal: a passive on
either side ("was punched by"), a symmetric verb ("met", "spoke with"), a word in a
hyphenated compound ("Trump-loyal Republicans" ~ "Republicans loyal to Trump"), a figure
word ("trillion"), names joined by "and"/"or" around the word, or a name that is both
subject and object of it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from chorus.checker.features import Features
from chorus.pipeline.text import STOPWORDS, stem

SUBJECT_REACH = 8  # words before the predicate in which its subject is looked for
OBJECT_REACH = 5  # words after it for its object
_PASSIVE = frozenset("was were been be being is are by".split())
_NOT_PREDICATES = frozenset(
    stem(w) for w in "million millions billion billions trillion trillions percent".split()
)
_SYMMETRIC = frozenset(
    stem(w)
    for w in """meet met meets meeting talk talked talks speak spoke spoken chat chatted confer
    conferred negotiate negotiated debate debated clash clashed tie tied compete competed marry
    married join joined versus vs v""".split()
)


def _roles(seq: Sequence[str], k: int, at: list[int]) -> tuple[str, str] | None:
    """(subject, object) names of the predicate at k (`at`: the positions of shared names, in
    order), or None for a passive, no pair, or two names joined by "and"/"or" around it
    ("Biden's $3.5 trillion package and the Senate's")."""
    i = bisect_left(at, k)
    if i == 0 or i >= len(at) or k - at[i - 1] > SUBJECT_REACH:
        return None
    a, b = at[i - 1], at[i] if at[i] != k else (at[i + 1] if i + 1 < len(at) else len(seq))
    if b - k > OBJECT_REACH or seq[a] == seq[b]:
        return None
    if _PASSIVE & set(seq[max(0, k - 2) : k]) or "by" in seq[k + 1 : b]:
        return None
    return None if {"and", "or"} & set(seq[a:b]) else (seq[a], seq[b])


def reversed_roles(claim: Features, span: Features, names: frozenset[str]) -> str | None:
    """ "X <verb> Y" in the claim where the span has "Y <verb> X"; None when no such pair."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    shared = frozenset(w for w in c_seq if w in names and w in span.term_set)
    if len(shared) < 2:
        return None
    places: dict[str, list[int]] = {}
    for j, w in enumerate(s_seq):
        places.setdefault(w, []).append(j)
    # names as written, capitalised ("the southern border" is no "Border Patrol")
    c_at = [j for j, w in enumerate(c_seq) if w in shared and claim.caps_at(j)]
    s_at = [j for j, w in enumerate(s_seq) if w in shared and span.caps_at(j)]
    compounds = ""
    for k, v in enumerate(c_seq):
        if v not in places or v in shared or v in STOPWORDS or len(v) < 3 or v[0].isdigit():
            continue
        if v in _SYMMETRIC or v in _NOT_PREDICATES:
            continue
        ours = _roles(c_seq, k, c_at)
        if ours is None:
            continue
        compounds = compounds or f"{claim.text} {span.text}".lower()
        if f"-{(claim.surface(v) or v).lower()}" in compounds:
            continue  # "Trump-loyal Republicans" ~ "Republicans loyal to Trump"
        if any(_roles(s_seq, j, s_at) == (ours[1], ours[0]) for j in places[v]):
            mine = claim.surface(ours[0]) or ours[0]
            other = claim.surface(ours[1]) or ours[1]
            verb = claim.surface(v) or v
            return f"in the source {other} {verb} {mine}, not the other way round"
    return None


__all__ = ["reversed_roles"]
