"""Who did what to whom, read around a shared verb: "Trump asked Pelosi to delay the address"
where the source says "Pelosi ... asked President Trump to postpone his address".

For each content word both texts use (the predicate), the nearest name before it (its
subject) and after it (its object) are read in each text, among the names both texts have
(so "(D-Calif.)" or "Wednesday" between a name and its verb is skipped). A claim that has the
source's subject as object and its object as subject has reversed the roles. The rewording
around the names may differ; the detector needs no near copy. Not a reversal: a passive on
either side ("was punched by"), a symmetric verb ("met", "spoke with"), a word in a
hyphenated compound ("Trump-loyal Republicans" ~ "Republicans loyal to Trump"), or a name
that is both subject and object of the word.
"""

from __future__ import annotations

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


def _nearest(seq: Sequence[str], k: int, shared: frozenset[str], step: int, reach: int) -> str:
    j = k + step
    while 0 <= j < len(seq) and abs(j - k) <= reach:
        if seq[j] in shared:
            return seq[j]
        j += step
    return ""


def _roles(seq: Sequence[str], k: int, shared: frozenset[str]) -> tuple[str, str] | None:
    """(subject, object) names of the predicate at k, or None for a passive, no pair, or two
    names joined by "and"/"or" around it ("Biden's $3.5 trillion package and the Senate's")."""
    before, after = seq[max(0, k - 2) : k], seq[k + 1 : k + 1 + OBJECT_REACH]
    if _PASSIVE & set(before) or "by" in after:
        return None
    subject = _nearest(seq, k, shared, -1, SUBJECT_REACH)
    obj = _nearest(seq, k, shared, 1, OBJECT_REACH)
    if not subject or not obj or subject == obj:
        return None
    a = max(j for j in range(k) if seq[j] == subject)
    b = min(j for j in range(k + 1, len(seq)) if seq[j] == obj)
    return None if {"and", "or"} & set(seq[a:b]) else (subject, obj)


def reversed_roles(claim: Features, span: Features, names: frozenset[str]) -> str | None:
    """ "X <verb> Y" in the claim where the span has "Y <verb> X"; None when no such pair."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    shared = frozenset(w for w in c_seq if w in names and w in span.term_set)
    if len(shared) < 2:
        return None
    compounds = f"{claim.text} {span.text}".lower()
    for k, v in enumerate(c_seq):
        if v in shared or v in STOPWORDS or len(v) < 3 or v in _SYMMETRIC or v[0].isdigit():
            continue
        if v in _NOT_PREDICATES:
            continue
        if f"-{(claim.surface(v) or v).lower()}" in compounds:
            continue  # "Trump-loyal Republicans" ~ "Republicans loyal to Trump"
        ours = _roles(c_seq, k, shared)
        if ours is None:
            continue
        for j, w in enumerate(s_seq):
            theirs = _roles(s_seq, j, shared) if w == v else None
            if theirs is not None and theirs == (ours[1], ours[0]):
                mine = claim.surface(ours[0]) or ours[0]
                other = claim.surface(ours[1]) or ours[1]
                verb = claim.surface(v) or v
                return f"in the source {other} {verb} {mine}, not the other way round"
    return None


__all__ = ["reversed_roles"]
