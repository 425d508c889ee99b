"""Perturbations: break a faithful summary sentence in one known way, and record how.

Kinds: an entity swapped for another name from the cluster, a number or date changed, a
negation added or removed, a quote given to another speaker, a citation moved to an article
that does not carry the sentence, and an added sentence that no article supports (built
from the cluster's own names so word overlap alone cannot spot it). Deterministic per seed.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Collection, Sequence
from typing import Literal

from pydantic import BaseModel

from chorus.checker.report import SentenceIn
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.text import content_terms
from chorus_evals.perturb_more import (
    antonym,
    invented_clause,
    invented_detail,
    ordinal_change,
    role_swap,
)

Kind = Literal[
    "entity_swap",
    "number_change",
    "negation",
    "quote_misattribution",
    "wrong_citation",
    "added_sentence",
    "antonym",
    "role_swap",
    "invented_clause",
    "invented_detail",
    "ordinal_change",
]
KINDS: tuple[Kind, ...] = (
    "entity_swap",
    "number_change",
    "negation",
    "quote_misattribution",
    "wrong_citation",
    "added_sentence",
    "antonym",
    "role_swap",
    "invented_clause",
    "invented_detail",
    "ordinal_change",
)


class Perturbation(BaseModel):
    cluster_id: str
    kind: Kind
    sentence: int
    original: str
    original_citations: list[int]
    text: str
    citations: list[int]
    broke: str


_NAME_RE = re.compile(r"(?<![\w’'-])[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*(?![\w’'])")
_NOT_NAMES = frozenset(
    """The A An In On At But And Or So Yet This That These Those There He She It They We I
    His Her Its Their Our If When While After Before As For However Meanwhile Still Then
    Some Many Most No Not One Two Three Mr Mrs Ms Dr January February March April May June
    July August September October November December Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday Last Next Earlier Later According Since Despite During Under Over With
    From By Of To What Who Why How Also Both Each Every Other Such Only Even Just Let Jan Feb
    Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Sen Rep Gov Gen Lt Col Sgt Capt Prof Rev Today
    Sales""".split()
)
_NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_NUMBER_WORDS = {
    "two": "five", "three": "seven", "four": "nine", "five": "two", "six": "eleven",
    "seven": "four", "eight": "three", "nine": "six", "ten": "twenty", "dozen": "hundred",
    "hundreds": "dozens", "thousands": "hundreds", "millions": "thousands",
}  # fmt: skip
_AUX_RE = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|can|could|should|did|does|do|must|may)\b"
    r"(?!\s+(?:not|n't|never)\b)"
)
_NEGATED_RE = re.compile(r"\b(\w+)\s+not\b|\b(\w+)n['’]t\b|\bnever\b")
_QUOTE_RE = re.compile(r"[\"“][^\"“”]{8,}[\"”]")
_TEMPLATES = (
    "{a} and {b} signed a separate agreement worth {n} million dollars on Friday.",
    "{a} announced that {b} would host a follow-up summit in {year}.",
    "Officials said {a} had paid {b} more than {n} million dollars last year.",
    "{a} confirmed on Sunday that {n} people had been arrested in connection with {b}.",
)


def _stable_rng(seed: int, *parts: str) -> random.Random:
    return random.Random(seed * 1_000_003 + zlib.crc32("|".join(parts).encode()))


def _names(text: str, known: Collection[str] = ()) -> list[tuple[int, int, str]]:
    """Capitalised runs that are names. A run opening the sentence counts only when it is a
    known name (used mid-sentence in the cluster): "Experts warn" is not a name."""
    out = []
    for m in _NAME_RE.finditer(text):
        words = m.group(0).split()
        start = m.start()
        while words and words[0] in _NOT_NAMES:
            start += len(words[0]) + 1
            words = words[1:]
        opening = not text[:start].strip(" “\"'")
        if not words or (opening and " ".join(words) not in known and words[0] not in known):
            continue
        out.append((start, m.end(), " ".join(words)))
    return out


def cluster_names(prepared: Prepared) -> list[str]:
    """Names used mid-sentence in the cluster's articles, most frequent first."""
    counts: dict[str, int] = {}
    for s in prepared.corpus.sentences:
        for _a, _b, name in _names(s.text):
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda n: (-counts[n], n))


_SPEECH = r"(?:said|says|told|added|noted|lamented|wrote|warned|argued|claimed|declared)"
_SPEAKER_RE = re.compile(
    rf"([A-Z][a-z]+(?: [A-Z][a-z]+)*),? {_SPEECH}\b|\b{_SPEECH} ([A-Z][a-z]+(?: [A-Z][a-z]+)*)"
)


def cluster_speakers(prepared: Prepared) -> list[str]:
    """Names the articles quote or report as speaking ("Blinken said", "said Modi")."""
    found: dict[str, int] = {}
    for s in prepared.corpus.sentences:
        for m in _SPEAKER_RE.finditer(s.text):
            name = m.group(1) or m.group(2)
            if name.split()[0] not in _NOT_NAMES:
                found[name] = found.get(name, 0) + 1
    return sorted(found, key=lambda n: (-found[n], n))


def entity_swap(text: str, names: Sequence[str], rng: random.Random) -> tuple[str, str] | None:
    found = [(a, b, n) for a, b, n in _names(text, names) if not _QUOTE_RE.search(text[a:b])]
    if not found:
        return None
    a, b, name = rng.choice(found)
    pool = [n for n in names if n not in text and n.split()[-1] not in name and name not in n]
    same_len = [n for n in pool if len(n.split()) == len(name.split())]
    pool = same_len or pool
    if not pool:
        return None
    new = rng.choice(pool[:12])
    return text[:a] + new + text[b:], f"{name} -> {new}"


def number_change(text: str, rng: random.Random) -> tuple[str, str] | None:
    found = list(_NUMBER_RE.finditer(text))
    if found:
        m = rng.choice(found)
        raw = m.group(1)
        value = float(raw.replace(",", ""))
        if raw.isdigit() and 1900 <= value <= 2100:
            new_value = value + rng.choice((-3, -2, -1, 1, 2))
        else:
            new_value = value + max(1.0, round(value * rng.choice((0.3, 0.5, 1.0))))
        new = f"{new_value:,.0f}" if "," in raw else (
            f"{new_value:g}" if "." in raw else str(int(new_value))
        )  # fmt: skip
        return text[: m.start(1)] + new + text[m.end(1) :], f"{raw} -> {new}"
    for word, new in _NUMBER_WORDS.items():
        w = re.search(rf"\b{word}\b", text, re.IGNORECASE)
        if w:
            repl = new.capitalize() if w.group(0)[0].isupper() else new
            return text[: w.start()] + repl + text[w.end() :], f"{w.group(0)} -> {repl}"
    return None


def negation(text: str) -> tuple[str, str] | None:
    m = _NEGATED_RE.search(text)
    if m:
        if m.group(1):
            out = text[: m.start()] + m.group(1) + text[m.end() :]
        elif m.group(2):
            aux = m.group(2)
            aux = {"wo": "will", "ca": "can", "do": "do", "does": "does"}.get(aux.lower(), aux)
            out = text[: m.start()] + aux + text[m.end() :]
        else:
            out = text[: m.start()] + "always" + text[m.end() :]
        return out, f"removed negation '{m.group(0)}'"
    aux = _AUX_RE.search(text)
    if aux:
        return text[: aux.end()] + " not" + text[aux.end() :], f"added 'not' after '{aux.group(0)}'"
    return None


def quote_misattribution(
    text: str, names: Sequence[str], rng: random.Random
) -> tuple[str, str] | None:
    q = _QUOTE_RE.search(text)
    if not q:
        return None
    speakers = [(a, b, n) for a, b, n in _names(text, names) if b <= q.start() or a >= q.end()]
    if not speakers:
        return None
    a, b, name = speakers[0] if speakers[0][1] <= q.start() else speakers[-1]
    # someone else: not a longer or shorter form of the speaker's name ("President Tayyip
    # Erdogan" / "Turkish President Recep Tayyip Erdogan"), as in entity_swap
    pool = [n for n in names if n not in text and n.split()[-1] not in name and name not in n]
    if not pool:
        return None
    new = rng.choice(pool[:8])
    return text[:a] + new + text[b:], f"quote speaker {name} -> {new}"


def wrong_citation(
    text: str, citations: Sequence[int], prepared: Prepared, rng: random.Random
) -> tuple[list[int], str] | None:
    """Cite an article none of whose sentences shares even half the claim's content words
    (plain overlap, so the judge does not pick its own test)."""
    terms = set(content_terms(text))
    if not terms:
        return None

    def best_overlap(n: int) -> float:
        return max(
            (
                len(terms & set(content_terms(s.text))) / len(terms)
                for s in prepared.corpus.sentences_of(n)
            ),
            default=0.0,
        )

    others = [
        d.n for d in prepared.corpus.model_docs if d.n not in citations and best_overlap(d.n) < 0.5
    ]
    if not others:
        return None
    new = rng.choice(others)
    return [new], f"cites [{new}] instead of {list(citations)}"


def added_sentence(names: Sequence[str], rng: random.Random) -> tuple[str, str] | None:
    if len(names) < 2:
        return None
    a, b = rng.sample(list(names[:10]), 2)
    text = rng.choice(_TEMPLATES).format(
        a=a, b=b, n=rng.choice((3, 12, 45, 250)), year=rng.choice((2027, 2031))
    )
    return text, "added a sentence no article states"


def perturb_summary(
    cluster_id: str,
    sentences: Sequence[SentenceIn],
    prepared: Prepared,
    seed: int = 0,
) -> list[Perturbation]:
    """Every applicable perturbation of every sentence (one per kind and sentence), plus one
    added unsupported sentence per summary."""
    names = cluster_names(prepared)
    out: list[Perturbation] = []
    for k, s in enumerate(sentences):
        if not s.citations:
            continue
        rng = _stable_rng(seed, cluster_id, str(k))

        def add(kind: Kind, made: tuple[str, str] | None, sentence: SentenceIn, k: int = k) -> None:
            if made is not None and made[0] != sentence.text:
                out.append(
                    Perturbation(
                        cluster_id=cluster_id, kind=kind, sentence=k, original=sentence.text,
                        original_citations=sentence.citations, text=made[0],
                        citations=sentence.citations, broke=made[1],
                    )
                )  # fmt: skip

        add("entity_swap", entity_swap(s.text, names, rng), s)
        add("number_change", number_change(s.text, rng), s)
        add("negation", negation(s.text), s)
        speakers = cluster_speakers(prepared) or names
        add("quote_misattribution", quote_misattribution(s.text, speakers, rng), s)
        add("antonym", antonym(s.text), s)
        add("role_swap", role_swap(s.text, names), s)
        add("invented_clause", invented_clause(s.text, names, rng), s)
        add("invented_detail", invented_detail(s.text, rng), s)
        add("ordinal_change", ordinal_change(s.text), s)
        moved = wrong_citation(s.text, s.citations, prepared, rng)
        if moved is not None:
            out.append(
                Perturbation(
                    cluster_id=cluster_id, kind="wrong_citation", sentence=k, original=s.text,
                    original_citations=s.citations, text=s.text, citations=moved[0],
                    broke=moved[1],
                )
            )  # fmt: skip
    cited = [s for s in sentences if s.citations]
    if cited:
        rng = _stable_rng(seed, cluster_id, "added")
        made = added_sentence(names, rng)
        if made is not None:
            anchor = rng.randrange(len(cited))
            out.append(
                Perturbation(
                    cluster_id=cluster_id, kind="added_sentence", sentence=anchor,
                    original=cited[anchor].text, original_citations=cited[anchor].citations,
                    text=made[0], citations=cited[anchor].citations, broke=made[1],
                )
            )  # fmt: skip
    return out
