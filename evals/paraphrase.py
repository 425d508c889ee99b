"""Faithful rewrites of real sentences (the checker's positives besides verbatim copies), and
the human paraphrases of the AllSides roundups that align to their articles.

Kinds: `reordered` (attribution or an opening phrase moved), `compressed` (a trailing
clause dropped), `fused` (two adjacent sentences of one article joined), `reworded`
(common words swapped for synonyms), `human` (a roundup sentence whose content words an
article carries, found by plain overlap, not by the checker it will test), `human_adds` (such
a sentence naming a name or a number its article never gives: the writer added it from
another outlet or from what they knew, so it is no faithful paraphrase of that article and is
neither trained on as one nor counted in the false alarms on faithful text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from chorus.checker.features import features
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.schema import Sentence
from chorus.pipeline.segment import split_sentences
from chorus.pipeline.text import content_terms

Kind = Literal["verbatim", "reordered", "compressed", "fused", "reworded", "human", "human_adds"]
HUMAN_OVERLAP = 0.8  # share of a roundup sentence's content words one article span carries

_SAID_RE = re.compile(
    r"^(?P<who>[A-Z][\w.’' -]{2,60}?) (?P<verb>said|says|told reporters)(?: that)? "
    r"(?P<what>[a-z].+)\.$"
)
_OPENER_RE = re.compile(
    r"^(?P<lead>(?:On|In|At|After|During|Last|Earlier) [^,]{3,40}), (?P<rest>[A-Za-z].+)\.$"
)
_SYNONYMS = {
    "said": "stated", "about": "roughly", "roughly": "about", "people": "individuals",
    "percent": "per cent", "big": "large", "large": "big", "began": "started", "start": "begin",
    "also": "additionally", "help": "assist", "buy": "purchase", "show": "indicate",
    "shows": "indicates", "showed": "indicated", "tried": "attempted", "try": "attempt",
    "need": "require", "needs": "requires", "enough": "sufficient", "quickly": "rapidly",
}  # fmt: skip


class Paraphrase(BaseModel):
    cluster_id: str
    kind: Kind
    text: str
    citations: list[int]
    source: str  # the sentence(s) it rewrites


def reordered(text: str) -> str | None:
    m = _SAID_RE.match(text)
    if m and '"' not in text and "“" not in text:
        what = m.group("what")
        return f"{what[0].upper()}{what[1:]}, {m.group('who')} {m.group('verb')}."
    m = _OPENER_RE.match(text)
    if m:
        rest = m.group("rest")
        return f"{rest[0].upper()}{rest[1:]} {m.group('lead')[0].lower()}{m.group('lead')[1:]}."
    return None


def compressed(text: str) -> str | None:
    cut = text.rfind(", ")
    if cut <= 0 or text.count("“") != text.count("”") or '"' in text:
        return None
    head = text[:cut]
    if head.count("“") != head.count("”") or len(content_terms(head)) < 6:
        return None
    return head + "."


def fused(a: str, b: str) -> str | None:
    if not a.endswith(".") or len(a.split()) + len(b.split()) > 50 or not b[:1].isupper():
        return None
    first = b.split()[0]
    if first in ("I", "He", "She", "They", "It", "This", "That") or first[1:].lower() != first[1:]:
        return None
    if first.lower() in ("the", "a", "an", "but", "still", "however"):
        b = first.lower() + b[len(first) :]
    return a[:-1] + ", and " + b


def reworded(text: str) -> str | None:
    """Common words outside quotations swapped for synonyms (a quote stays verbatim)."""
    parts = re.split(r"([\"“][^\"“”]*[\"”])", text)
    n = 0
    for i in range(0, len(parts), 2):
        for w, new in _SYNONYMS.items():
            parts[i], k = re.subn(rf"\b{w}\b", new, parts[i], count=1)
            n += k
    return "".join(parts) if n else None


def rewrites(cluster_id: str, sentences: Sequence[Sentence]) -> list[Paraphrase]:
    """Every applicable faithful rewrite of the given article sentences."""
    out: list[Paraphrase] = []
    for k, s in enumerate(sentences):
        made = {
            "reordered": reordered(s.text),
            "compressed": compressed(s.text),
            "reworded": reworded(s.text),
        }
        nxt = sentences[k + 1] if k + 1 < len(sentences) else None
        if nxt is not None and nxt.n == s.n and nxt.index == s.index + 1:
            made["fused"] = fused(s.text, nxt.text)
        for kind, text in made.items():
            if text and text != s.text:
                out.append(
                    Paraphrase(cluster_id=cluster_id, kind=kind, text=text,
                               citations=[s.n], source=s.text)
                )  # fmt: skip
    return out


def human_paraphrases(cluster_id: str, reference: str, prepared: Prepared) -> list[Paraphrase]:
    """Roundup sentences that one article states nearly word for word in one sentence or two
    adjacent ones (plain content-word overlap, at least `HUMAN_OVERLAP`)."""
    out: list[Paraphrase] = []
    sents = prepared.corpus.sentences
    for s, e in split_sentences(reference):
        text = reference[s:e].strip()
        terms = set(content_terms(text))
        if len(terms) < 5:
            continue
        best: tuple[float, int, str] = (0.0, 0, "")
        for i, a in enumerate(sents):
            pair = [a] + ([sents[i + 1]] if i + 1 < len(sents) and sents[i + 1].n == a.n else [])
            have = set(content_terms(" ".join(x.text for x in pair)))
            share = len(terms & have) / len(terms)
            if share > best[0]:
                best = (share, a.n, " ".join(x.text for x in pair))
        if best[0] >= HUMAN_OVERLAP:
            kind: Kind = "human" if grounded(text, best[1], prepared) else "human_adds"
            out.append(
                Paraphrase(cluster_id=cluster_id, kind=kind, text=text, citations=[best[1]],
                           source=best[2])
            )  # fmt: skip
    return out


def grounded(text: str, n: int, prepared: Prepared) -> bool:
    """Whether every name and number of `text` occurs somewhere in article `n`."""
    index = prepared.index
    known = index.article_terms(n) | index.article_entities(n)
    f = features(text)
    names = f.entities | ({f.lead} if f.lead else set())  # a name opening the sentence too
    return names <= known and f.numbers <= index.article_numbers(n)


__all__ = ["Paraphrase", "grounded", "human_paraphrases", "rewrites"]
