"""Build the checker's shipped lexicon from WordNet's data files (`python -m
chorus_evals.lexicon_build [WORDNET_DIR]`, or `make lexicon`, which installs Debian's
`wordnet-base` first).

WordNet 3.0 (Princeton; its licence allows copying and redistribution with the notice kept,
see `LEXICON_NOTICE`) is read from its `index.*`/`data.*` files. For every single-word
lemma we keep its `SENSES` most frequent senses (WordNet lists them by frequency), keyed by
Chorus's own `stem()` (so "classified" finds "classify"), plus irregular forms from the
`.exc` files; for every kept sense its parents (hypernyms; for a satellite adjective its
head: "green" and "yellow" share "chromatic"); the lexical antonym pairs; and the stems that
have a verb sense at all (`verbs`: how a headline clause tells "restricts" from "agencies").
Deterministic.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from chorus.checker.lexicon import LEXICON_PATH
from chorus.pipeline.text import stem

SENSES = 5  # most frequent senses kept per lemma
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
LEMMA_RE = re.compile(r"[a-z]{3,}")
LEXICON_NOTICE = (
    "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. "
    "THIS SOFTWARE AND DATABASE IS PROVIDED 'AS IS' AND PRINCETON UNIVERSITY MAKES NO "
    "REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED."
)


def _index(wordnet: Path, pos: str) -> dict[str, list[int]]:
    """lemma -> offsets of its most frequent senses."""
    out: dict[str, list[int]] = {}
    for line in (wordnet / f"index.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith(" ") or not line:
            continue
        f = line.split()
        if not LEMMA_RE.fullmatch(f[0]):
            continue
        n_synsets, n_ptrs = int(f[2]), int(f[3])
        offsets = f[4 + n_ptrs + 2 : 4 + n_ptrs + 2 + n_synsets]
        out[f[0]] = [int(o) for o in offsets[:SENSES]]
    return out


Pointer = tuple[str, int, str, str]  # symbol, target offset, target pos, source/target words


def _synset(data: bytes, offset: int) -> tuple[str, list[str], list[Pointer]]:
    """The type ("s" for a satellite adjective), words and pointers of the synset at offset."""
    end = data.index(b"\n", offset)
    f = data[offset:end].decode("latin-1").split(" | ")[0].split()
    n_words = int(f[3], 16)
    words = [f[4 + 2 * k].lower() for k in range(n_words)]
    k = 4 + 2 * n_words
    n_ptrs = int(f[k])
    ptrs = [(f[k + 1 + 4 * j], int(f[k + 2 + 4 * j]), f[k + 3 + 4 * j], f[k + 4 + 4 * j])
            for j in range(n_ptrs)]  # fmt: skip
    return f[2], words, ptrs


def build(wordnet: Path) -> dict[str, object]:
    ids: dict[tuple[str, int], int] = {}
    senses: dict[str, set[int]] = {}
    parents: dict[int, set[int]] = {}
    antonyms: set[tuple[str, str]] = set()
    verbs: set[str] = set()  # stems with a verb sense: headline clauses tell verbs by them

    def sid(pos: str, offset: int) -> int:
        return ids.setdefault((pos, offset), len(ids))

    for name, pos in POS.items():
        data = (wordnet / f"data.{name}").read_bytes()
        index = _index(wordnet, name)
        for lemma in sorted(index):
            if pos == "v":
                verbs.add(stem(lemma))
            for offset in index[lemma]:
                s = sid(pos, offset)
                senses.setdefault(stem(lemma), set()).add(s)
                kind, words, ptrs = _synset(data, offset)
                ups = parents.setdefault(s, set())
                for symbol, target, tpos, st in ptrs:
                    if symbol in ("@", "@i") or (symbol == "&" and kind == "s"):
                        ups.add(sid(tpos if tpos != "s" else "a", target))
                    elif symbol == "!" and st != "0000":
                        src = int(st[:2], 16) - 1
                        if 0 <= src < len(words) and words[src] == lemma:
                            _k, twords, _p = _synset(data, target) if tpos == pos else ("", [], [])
                            tgt = int(st[2:], 16) - 1
                            if 0 <= tgt < len(twords) and LEMMA_RE.fullmatch(twords[tgt]):
                                pair = sorted((stem(lemma), stem(twords[tgt])))
                                antonyms.add((pair[0], pair[1]))
        for line in (wordnet / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            form, *bases = line.split()
            for base in bases:
                if LEMMA_RE.fullmatch(form) and stem(base) in senses:
                    senses.setdefault(stem(form), set()).update(senses[stem(base)])
                if pos == "v" and LEMMA_RE.fullmatch(form):
                    verbs.add(stem(form))  # "fled", "sought"
    used = sorted({s for ss in senses.values() for s in ss})
    return {
        "version": f"wordnet-3.0/senses-{SENSES}",
        "notice": LEXICON_NOTICE,
        "senses": {k: sorted(v) for k, v in sorted(senses.items())},
        "parents": {str(s): sorted(parents[s]) for s in used if parents.get(s)},
        "antonyms": sorted([a, b] for a, b in antonyms if a != b),
        "verbs": sorted(verbs),
    }


def main(argv: list[str]) -> int:
    wordnet = Path(argv[0] if argv else "/usr/share/wordnet")
    if not (wordnet / "data.noun").is_file():
        print(f"no WordNet data files in {wordnet} (apt-get install wordnet-base)")
        return 2
    table = build(wordnet)
    raw = json.dumps(table, separators=(",", ":"), sort_keys=True).encode()
    LEXICON_PATH.write_bytes(gzip.compress(raw, mtime=0))
    print(f"wrote {LEXICON_PATH} ({len(table['senses'])} stems)")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
