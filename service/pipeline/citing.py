"""Which articles a summary sentence cites, and its consensus form.

`Citer.cite`: every article that on its own supports the sentence, with its wire copies (a
cheap term screen first: an article whose best two sentences hold too few of its words
cannot reach the bar). `Citer.widen`: a sentence only its own article supports loses a
trailing side clause when the rest is what more articles say ("The Senate confirmed Judge
Amy Coney Barrett to the Supreme Court on Monday, providing President Trump with a
last-minute political victory" -> "… on Monday." [1][2]): what the outlets agree on, cited to
all of them, and one outlet's gloss left out. A clause goes only when it carries no figure,
no quotation, no reporting verb (the attribution would go with it), and nothing that turns
the meaning ("but", "unless", "not"…), and when what is left is a whole statement the
sentence's own article still supports, in none of an outlet's loaded words (those stay
attributed to their report).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus.checker.support import SupportIndex
from chorus.pipeline.clause import TURNS_RE, fragment
from chorus.pipeline.framing import framed
from chorus.pipeline.reporting import QUOTE_MARKS, SPEECH_RE
from chorus.pipeline.schema import Corpus
from chorus.pipeline.selection import Unit
from chorus.pipeline.text import content_terms

CITE_SCREEN = 0.55  # share of a sentence's terms an article must have before it is judged
CITE_AT = 0.5  # support needed to cite an extra article for a picked sentence
KEEP_AT = 0.6  # support a compressed or rewritten sentence must keep (the "supported" bar)
MIN_WIDE_WORDS = 8  # a consensus form keeps at least this many words

# Where a side clause starts: a comma, semicolon or dash before a participle, a relative
# pronoun, an appositive's article or a linking preposition.
_SIDE_CLAUSE_RE = re.compile(
    r"(?:,|;|\s[—–])\s+(?=(?:[a-z]+ing|which|who|whose|where|as|after|amid|with|while|"
    r"following|including|a|an|the)\b)"
)


class Support:
    """The engine's one door to the checker: is `text` supported by articles `ns`?"""

    def __init__(self, index: SupportIndex) -> None:
        self.index = index

    def reaches(self, text: str, ns: Sequence[int], at: float) -> bool:
        """`score(text, ns) >= at`, settled early where it cannot be (`SupportIndex.reaches`)."""
        return self.index.reaches(text, ns, at)

    def holds(self, text: str, ns: Sequence[int]) -> bool:
        """Do articles `ns` support `text` (the KEEP_AT bar every rewrite must clear)?"""
        return self.index.reaches(text, ns, KEEP_AT)


class Citer:
    """Which articles support a sentence: its own (and copies), plus every other article that
    on its own supports it."""

    def __init__(self, corpus: Corpus, units: Sequence[Unit], support: Support) -> None:
        self.corpus = corpus
        self.support = support
        self.ns = sorted({d.n for d in corpus.model_docs})
        self.units: dict[int, list[Unit]] = {n: [] for n in self.ns}
        for u in units:
            self.units.setdefault(u.n, []).append(u)
        self._terms: dict[int, set[str]] = {}
        self._extra: dict[int, set[str]] = {}

    def terms(self, n: int) -> set[str]:
        if n not in self._terms:
            self._terms[n] = set().union(*(u.terms for u in self.units.get(n, [])))
        return self._terms[n]

    def extra_terms(self, n: int, terms: Sequence[str]) -> None:
        """Terms of article `n` from a sentence that is not a candidate (headline options)."""
        self._extra.setdefault(n, set()).update(terms)

    def article_terms(self, ns: Sequence[int]) -> set[str]:
        return set().union(*(self.terms(n) | self._extra.get(n, set()) for n in ns))

    def _screen(self, mine: set[str], n: int) -> bool:
        """Cheap screen: the article's best two sentences must hold enough of its words (an
        article that does not cannot reach CITE_AT in the judge)."""
        if len(mine & self.terms(n)) < CITE_SCREEN * len(mine):
            return False
        best = sorted((len(mine.intersection(u.terms)) for u in self.units[n]), reverse=True)[:2]
        return sum(best) >= CITE_SCREEN * len(mine)

    def cite(self, text: str, own: int) -> list[int]:
        cites = set(self.corpus.copies_of(own))
        mine = set(content_terms(text))
        for n in self.ns:
            if n == own or not mine or not self._screen(mine, n):
                continue
            if self.support.reaches(text, [n], CITE_AT):
                cites.update(self.corpus.copies_of(n))
        return sorted(cites)

    def widen(self, text: str, own: int, cites: list[int]) -> tuple[str, list[int]]:
        """The sentence without a trailing side clause, when more articles support that (see
        the module docstring); else the sentence as it was, with its citations."""
        if set(cites) - set(self.corpus.copies_of(own)):
            return text, cites  # other articles support it already
        for head in side_clause_cuts(text):
            if framed(head):
                break  # one outlet's loaded words are not the articles' consensus
            mine = set(content_terms(head))
            if not any(self._screen(mine, n) for n in self.ns if n != own):
                continue  # no other article can reach the bar: no judge asked
            if not self.support.holds(head, [own]):
                continue
            wider = self.cite(head, own)
            if len(wider) > len(cites):
                return head, wider
        return text, cites


def side_clause_cuts(text: str) -> list[str]:
    """`text` cut before each trailing side clause that may go (longest first)."""
    out = []
    for m in reversed(list(_SIDE_CLAUSE_RE.finditer(text))):
        tail = text[m.start() :]
        if re.search(r"\d", tail) or any(map(tail.__contains__, QUOTE_MARKS)):
            break  # a figure or a quotation is a fact: no shorter cut keeps it either
        if TURNS_RE.search(tail) or SPEECH_RE.search(tail):
            break
        head = text[: m.start()].rstrip(" ,;—–")
        if len(head.split()) < MIN_WIDE_WORDS:
            break
        if head.count("(") != head.count(")"):
            continue
        head += "" if head.endswith(".") else "."  # "… in the U.S." keeps one stop
        if fragment(head) is None:
            out.append(head)
    return out


__all__ = ["CITE_AT", "CITE_SCREEN", "KEEP_AT", "Citer", "Support", "side_clause_cuts"]
