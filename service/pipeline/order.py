"""The order of a summary's sentences: the main event first (the article lead that says most of
what the articles agree on, not in an outlet's loaded words; else the most-agreed event sentence),
then the rest by how much of what the articles agree on each says, background last; a
sentence that needs its antecedent comes right after it. Once cited, sentences more articles
support move ahead of single-source ones (`by_support`); then, where the dates say so, the
sentences that state their event's day are put in date order (`chronological`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from chorus.pipeline.context import needs_antecedent
from chorus.pipeline.framing import framed
from chorus.pipeline.reporting import REACTION_VERBS, quotes_or_reports
from chorus.pipeline.schema import DraftSentence

_REACTION_RE = re.compile(r"\b(?:" + "|".join(sorted(REACTION_VERBS)) + r")\b", re.IGNORECASE)
# What the story had done before: a sentence in the past perfect with "earlier", "already"…
_EARLIER = r"had (?:previously|already|earlier|long)|previously"
_EARLIER_RE = re.compile(rf"\b(?:{_EARLIER})\b", re.IGNORECASE)
_BACKGROUND_RE = re.compile(
    rf"\b(?:{_EARLIER}|had been|last (?:year|month|decade)|years? ago|earlier this "
    r"(?:year|month)|has long|for years|history|historically)\b",
    re.IGNORECASE,
)
_IN_YEAR_RE = re.compile(r"\b(?:in|since) ((?:19|20)\d\d)\b", re.IGNORECASE)


def told_as_earlier(text: str) -> bool:
    """The sentence tells what happened before the story ("Modi had earlier called on…",
    "The embassy had previously said…"): background, whatever else it says."""
    return _EARLIER_RE.search(text) is not None


def bucket(text: str, now: int | None = None) -> int:
    """1 = event or detail, 2 = reaction, 3 = background. A year ("in 2017", "since 2015")
    is background when it is before `now`, the story's year (`dates.story_year`): "will run
    again in 2020" in a 2020 story is the news. With no story year, any year is."""
    if _BACKGROUND_RE.search(text) or any(
        now is None or int(m.group(1)) < now for m in _IN_YEAR_RE.finditer(text)
    ):
        return 3
    if quotes_or_reports(text) or _REACTION_RE.search(text):
        return 2
    return 1


def order_picks(
    picked: Sequence[int],
    texts: Sequence[str],
    rel_pos: Sequence[float],
    centrality: Sequence[float],
    needs: Sequence[int | None],
    now: int | None = None,
) -> list[int]:
    """Picked candidate indices in reading order (see the module docstring)."""
    heads = [i for i in picked if needs[i] is None or needs[i] not in picked]
    if not heads:
        return list(picked)
    # The opening: an article's lead (news states the story there), the one saying most of
    # what the articles agree on; else the most-agreed event sentence. Never one in an
    # outlet's loaded words while a plain one can open: the story, not one outlet's take.
    leads = [i for i in heads if rel_pos[i] == 0]
    plain = {i for i in heads if not framed(texts[i])}
    if leads:
        first = max(leads, key=lambda i: (i in plain, centrality[i]))
    else:
        kind = {i: bucket(texts[i], now) for i in heads}
        first = max(heads, key=lambda i: (kind[i] == 1, i in plain, centrality[i], -rel_pos[i]))
    # Then by how much of what the articles agree on each says per word; background last.
    late = {i: bucket(texts[i], now) == 3 for i in heads if i != first}
    rest = sorted(late, key=lambda i: (late[i], -centrality[i], i))
    out: list[int] = []
    for i in [first, *rest]:
        out.append(i)
        chain = i
        while True:  # the sentences that lean on this one follow it directly
            nxt = [j for j in picked if needs[j] == chain and j not in out]
            if not nxt:
                break
            chain = nxt[0]
            out.append(chain)
    out += [i for i in picked if i not in out]
    return out


def _groups(sentences: Sequence[DraftSentence]) -> list[list[int]]:
    """Indices of each sentence with those that lean on it ("He added…") right after it."""
    groups: list[list[int]] = []
    for i, s in enumerate(sentences):
        if groups and needs_antecedent(s.text):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def by_support(sentences: Sequence[DraftSentence], now: int | None = None) -> list[DraftSentence]:
    """After the main event, what more articles support comes first (stable; background
    still last; a sentence that leans on the one before it stays right after it)."""
    groups = _groups(sentences)
    rest = sorted(
        groups[1:],
        key=lambda g: (bucket(sentences[g[0]].text, now) == 3, -len(sentences[g[0]].citations)),
    )
    return [sentences[i] for g in groups[:1] + rest for i in g]


def chronological(
    sentences: Sequence[DraftSentence], dates: Sequence[date | None], now: int | None = None
) -> list[DraftSentence]:
    """Where the dates say so: after the opening, the sentences that state their event's day
    (`dates`, from `pipeline.dates`) take the places such sentences hold in date order, with
    what leans on them; the background and the rest are ordered apart, and a sentence with no
    date keeps its place."""
    groups = _groups(sentences)
    when = [dates[g[0]] for g in groups]
    late = [bucket(sentences[g[0]].text, now) == 3 for g in groups]
    out = list(groups)
    for background in (False, True):
        slots = [k for k in range(1, len(groups)) if when[k] and late[k] == background]
        if len({when[k] for k in slots}) < 2:
            continue
        for slot, k in zip(slots, sorted(slots, key=lambda k: (when[k], k)), strict=True):
            out[slot] = groups[k]
    return [sentences[i] for g in out for i in g]


__all__ = ["bucket", "by_support", "chronological", "order_picks"]
