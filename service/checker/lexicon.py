"""Word senses from WordNet, shipped as a small derived table (`lexicon.json.gz`, built by
`python -m chorus_evals.lexicon_build` from Debian's `wordnet-base`; WordNet 3.0, Princeton
University, redistributable with its notice, which the table carries).

Keys are Chorus's `stem()` forms. The checker asks, by set intersection: do two words share
a sense among their most frequent ones (`synonyms`: "route" ~ "road", "large" ~ "big"), is
one a parent of the other's sense ("homicide" above "murder", via `parents`), and are they
WordNet's lexical antonyms (`opposite`: "rose" / "fell"); and, for headline clauses, whether a
stem has a verb sense at all (`may_be_verb`). Siblings under one parent ("green"
/ "yellow") are not asked: as a checker feature they got no weight, since no weak label
breaks a sentence that way.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("lexicon.json.gz")
_NONE: frozenset[int] = frozenset()


class Lexicon:
    def __init__(self, table: dict[str, object]) -> None:
        senses = table.get("senses", {})
        parents = table.get("parents", {})
        pairs = table.get("antonyms", [])
        assert isinstance(senses, dict) and isinstance(parents, dict)
        assert isinstance(pairs, list)
        self.version = str(table.get("version", ""))
        self._senses = {k: frozenset(v) for k, v in senses.items()}
        self._parents = {int(k): frozenset(v) for k, v in parents.items()}
        self._opposites = frozenset((a, b) for a, b in pairs) | frozenset((b, a) for a, b in pairs)
        verbs = table.get("verbs")
        assert verbs is None or isinstance(verbs, list)
        self._verbs = None if verbs is None else frozenset(verbs)
        self._up: dict[str, frozenset[int]] = {}
        self._related: dict[str, frozenset[int]] = {}

    def senses(self, word: str) -> frozenset[int]:
        return self._senses.get(word, _NONE)

    def parents(self, word: str) -> frozenset[int]:
        if word not in self._up:
            self._up[word] = frozenset().union(
                *(self._parents.get(s, _NONE) for s in self.senses(word))
            )
        return self._up[word]

    def related(self, word: str) -> frozenset[int]:
        """`senses` and `parents` together (cached per word the table knows)."""
        found = self._related.get(word)
        if found is None:
            if word not in self._senses:
                return _NONE
            found = self._related[word] = self.senses(word) | self.parents(word)
        return found

    def synonyms(self, a: str, b: str) -> bool:
        return a == b or bool(self.senses(a) & self.senses(b))

    def opposite(self, a: str, b: str) -> bool:
        return (a, b) in self._opposites

    def may_be_verb(self, word: str) -> bool:
        """Has the stem a verb sense ("restrict", not "agency")? Yes when the table does not
        say (an older table, or none)."""
        return self._verbs is None or word in self._verbs


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """The shipped lexicon (an empty one when the file is missing: every answer is no)."""
    if not path.is_file():
        return Lexicon({})
    return Lexicon(json.loads(gzip.decompress(path.read_bytes())))


__all__ = ["LEXICON_PATH", "Lexicon", "load_lexicon"]
