"""Detectors: read a claim against its aligned evidence span and say what is opposite.

Each is a pure function over `Features` (the claim's, the span's) returning what it found in
words, or None/0: entity substitution (also a name in the slot of another), subject/object
role swap (two names that traded places), quote attribution, words standing where the
evidence has another word. Negation scope and antonyms live in `polarity.py`, numbers and
dates in `quantities.py`, aliases and near-copy edits in `names.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from chorus.checker.features import NEGATORS, REPORTING, Features, negated_terms
from chorus.checker.names import aliases, contains_run, initials_of
from chorus.checker.order import COORDINATION, run_order
from chorus.checker.polarity import antonyms, negation_mismatch
from chorus.pipeline.text import STOPWORDS, stem


def _near(seq: Sequence[str], k: int, span: int = 3) -> set[str]:
    near = list(seq[max(0, k - span) : k]) + list(seq[k + 1 : k + 1 + span])
    return {w for w in near if w not in STOPWORDS and len(w) > 2}


_WEAK = frozenset("the a an and or of in on to at for by as".split())


def _runs(seq: Sequence[str], names: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of name words in a stem sequence."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(seq):
        if seq[k] in names:
            j = k
            while j < len(seq) and seq[j] in names:
                j += 1
            out.append((k, j))
            k = j
        else:
            k += 1
    return out


def _anchors(seq: Sequence[str], a: int, b: int) -> tuple[str, str]:
    return (seq[a - 1] if a > 0 else "^", seq[b] if b < len(seq) else "$")


def _same_place(c: tuple[str, str], s: tuple[str, str]) -> bool:
    left, right = c[0] == s[0], c[1] == s[1]
    strong = (left and c[0] not in STOPWORDS and c[0] != "^") or (
        right and c[1] not in STOPWORDS and c[1] != "$"
    )
    return strong or (left and right)


def substitution(
    claim: Features,
    span: Features,
    missing: Iterable[str],
    names: frozenset[str],
    text: str = "",
) -> str | None:
    """A claim name absent from the evidence, where the evidence has another name in the same
    place (the same word before or after it, or a shared neighbour): "India joined Russia" vs
    "China joined Russia"; "Trump University said" vs "Hillary Clinton said"."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    others = [k for k, w in enumerate(s_seq) if w in names and w not in claim.term_set]
    s_runs = [(a, b) for a, b in _runs(s_seq, names) if not set(s_seq[a:b]) & claim.term_set]
    c_runs = _runs(c_seq, names)
    for m in missing:
        run = next((r for r in claim.name_runs if m in r), frozenset())
        if m not in c_seq or any(r & run and r <= run for r in span.name_runs):
            continue  # a longer form of a name the span has ("New York City", "New York")
        around = _near(c_seq, c_seq.index(m))
        for k in others:
            if around & _near(s_seq, k) and not aliases(m, s_seq[k], text):
                return f"source says {span.surface(s_seq[k]) or s_seq[k]}, not {m}"
        mine = next(((a, b) for a, b in c_runs if a <= c_seq.index(m) < b), None)
        if mine is None:
            continue
        for a, b in s_runs:
            if _same_place(_anchors(c_seq, *mine), _anchors(s_seq, a, b)) and not aliases(
                claim.tokens[mine[1] - 1], span.tokens[b - 1], text
            ):
                theirs = " ".join(span.tokens[a:b])
                return f"source says {theirs}, not {' '.join(claim.tokens[mine[0] : mine[1]])}"
    return borrowed_name(claim, span, names, s_runs)


def borrowed_name(
    claim: Features, span: Features, names: frozenset[str], s_runs: list[tuple[int, int]]
) -> str | None:
    """A name the span has elsewhere, put where the span has another ("racism on President
    Trump history" vs "racism on American history"): the claim's name, as written, is no
    run of the span, and a span name the claim lacks stands in its place."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    for a, b in _runs(c_seq, names):
        run = c_seq[a:b]
        if not claim.caps_at(a) or not all(w in span.term_set for w in run):
            continue
        left, right = _anchors(c_seq, a, b)
        if any(
            contains_run(s_seq, [w for w in side if w not in ("^", "$")])
            for side in ((left, *run, right), (*run, right), (left, *run))
            if len([w for w in side if w not in ("^", "$")]) > len(run)
        ):
            continue  # the span has the name in this very place ("NASCAR driver", "the US")
        for x, y in s_runs:
            near = s_seq[max(0, x - 4) : y + 4]
            if _same_place((left, right), _anchors(s_seq, x, y)) and not contains_run(near, run):
                theirs, mine = " ".join(span.tokens[x:y]), " ".join(claim.tokens[a:b])
                return f"source says {theirs}, not {mine}"
    return None


def role_swap(
    claim: Features,
    span: Features,
    names: frozenset[str],
    near_copy: bool = False,
    mine: frozenset[str] | None = None,
) -> str | None:
    """Two names (or salient words) on either side of a shared predicate, in the opposite
    order in the evidence: "Blinken told Lavrov" vs "Lavrov told Blinken". Passives skipped."""
    traded = traded_places(claim, span, names if mine is None else names & mine, names)
    if traded:
        return traded
    if not near_copy:
        return None
    order = run_order(claim, span)
    if order:
        return order
    moved = displaced(claim, span, names, mine)
    if moved:
        return f"{span.surface(moved[0]) or moved[0]} has another role in the source"
    return None


def _lower(f: Features) -> frozenset[str]:
    return frozenset(t for t, c in zip(f.terms, f.caps, strict=True) if not c)


def _sides(f: Features, names: frozenset[str], other: Features) -> dict[str, list[tuple[str, str]]]:
    """For each name word (written capitalised here, and not lower-cased in the other text:
    "Director" vs "director"), the nearest other word before and after each of its uses."""
    out: dict[str, list[tuple[str, str]]] = {}
    terms = f.terms
    plain_there = _lower(other)
    is_name = [
        t in names and c and t not in plain_there for t, c in zip(terms, f.caps, strict=True)
    ]
    plain = [(k, t) for k, t in enumerate(terms) if not is_name[k]]
    for k, t in enumerate(terms):
        if not is_name[k]:
            continue
        left = next((w for j, w in reversed(plain) if j < k), "")
        right = next((w for j, w in plain if j > k), "")
        out.setdefault(t, []).append((left, right))
    return out


def displaced(
    claim: Features, span: Features, names: frozenset[str], mine: frozenset[str] | None = None
) -> list[str]:
    """Name runs that changed places: in the claim the name stands between words the span has
    elsewhere, and where the span has the name, the claim has its neighbours but not beside it
    ("a Trump inspector general investigation ... the Justice Department campaign", swapped).
    A name with any use in a matching place has not moved; the claim's own ends match
    anything, so a moved attribution ("..., Lavrov said") is no swap. One entry per run."""
    ours = _sides(claim, names if mine is None else names & mine, span)
    theirs = _sides(span, names, claim)
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for w, uses in ours.items():
        if w not in theirs or any(not a or not b for a, b in uses) or initials_of(w, span.text):
            continue
        if any({a, b} & {c, d} for a, b in uses for c, d in theirs[w]):
            continue  # some use in the same place ("X's Y" ~ "Y of X" too)
        # moved into a place where the span has another name ("Trump" where it has "Justice
        # Department"), not merely beside other words after a rewording
        taken = {side for v, sides in theirs.items() if v != w for side in sides}
        moved = [
            (a, b) for a, b in uses if a in span.term_set and b in span.term_set and (a, b) in taken
        ]
        came_from = [(c, d) for c, d in theirs[w] if c in claim.term_set or d in claim.term_set]
        key = moved[0] if moved else ("", "")
        if moved and came_from and key not in seen:
            seen.add(key)
            out.append(w)
    return out


def _run_places(
    seq: Sequence[str], names: frozenset[str]
) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    out: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for a, b in _runs(seq, names):
        out.setdefault(tuple(seq[a:b]), []).append((a, b))
    return out


def traded_places(
    claim: Features, span: Features, mine: frozenset[str], names: frozenset[str]
) -> str | None:
    """Two names of the evidence that exchanged places in the claim: each stands where the
    evidence has the other (the same words around it) and nowhere where the evidence has it
    ("Trump attacked Democrats" vs "Democrats attacked Trump"; "the Department of Labor" vs
    "the Labor of Department"). Names joined by "and"/"or" may come in any order."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    ours, theirs = _run_places(c_seq, mine), _run_places(s_seq, names)
    shared = [r for r in ours if r in theirs]
    for i, x in enumerate(shared):
        for y in shared[i + 1 :]:
            if set(x) & set(y) or not _exchanged(c_seq, s_seq, ours, theirs, x, y):
                continue
            return f"{' '.join(x)} and {' '.join(y)} have each other's roles in the source"
    return None


def _exchanged(
    c_seq: Sequence[str],
    s_seq: Sequence[str],
    ours: dict[tuple[str, ...], list[tuple[int, int]]],
    theirs: dict[tuple[str, ...], list[tuple[int, int]]],
    x: tuple[str, ...],
    y: tuple[str, ...],
) -> bool:
    def places(seq: Sequence[str], at: list[tuple[int, int]]) -> list[tuple[str, str]]:
        return [_anchors(seq, a, b) for a, b in at]

    def fits(ps: list[tuple[str, str]], qs: list[tuple[str, str]]) -> bool:
        return any(_same_place(p, q) for p in ps for q in qs)

    cx, cy = places(c_seq, ours[x]), places(c_seq, ours[y])
    sx, sy = places(s_seq, theirs[x]), places(s_seq, theirs[y])
    moved_x = [p for p in cx if not fits([p], sx)]  # uses with no match among the span's
    moved_y = [p for p in cy if not fits([p], sy)]
    if not (fits(moved_x, sy) and fits(moved_y, sx)):
        return False
    for seq, at_x, at_y in ((c_seq, ours[x], ours[y]), (s_seq, theirs[x], theirs[y])):
        for a, b in at_x:
            for c, d in at_y:
                between = seq[b:c] if b <= c else seq[d:a]
                if len(between) <= 2 and set(between) <= COORDINATION:
                    return False  # "Mexico and Canada" ~ "Canada and Mexico"
    return True


def swapped_words(claim: Features, span: Features) -> list[tuple[str, str]]:
    """Content words of the claim that the span lacks, where the span has another word in
    the very same slot (the same word before and after): "the council approved the plan" vs
    "the council rejected the plan". (claim word, span word) pairs, in claim order."""
    c_seq, s_seq = claim.stem_seq, span.stem_seq
    slots: dict[tuple[str, str], list[int]] = {}
    for j in range(1, len(s_seq) - 1):
        slots.setdefault((s_seq[j - 1], s_seq[j + 1]), []).append(j)
    out: list[tuple[str, str]] = []
    for k in range(1, len(c_seq) - 1):
        t = c_seq[k]
        if t in span.stems or t in STOPWORDS or len(t) < 3 or t[0].isdigit():
            continue
        for j in slots.get((c_seq[k - 1], c_seq[k + 1]), []):
            if s_seq[j] not in claim.stems and s_seq[j] not in STOPWORDS:
                out.append((claim.tokens[k], span.tokens[j]))
                break
    return out


def swapped_name(
    claim: Features, span: Features, mine: frozenset[str], names: frozenset[str], text: str = ""
) -> str | None:
    """A name of the claim standing in the very slot where the span has another name ("the
    Department of Americans" vs "the Department of Labor"), even when the claim's name occurs
    elsewhere in the span. A short form of the same word ("Sen." for "Senator") is no swap."""
    for ours, theirs in swapped_words(claim, span):
        a, b = stem(ours.lower()), stem(theirs.lower())
        if (
            a in mine
            and b in names
            and len(b) >= 3
            and not (a.startswith(b) or b.startswith(a))
            and not aliases(ours, theirs, text)
        ):
            return f"source says {theirs}, not {ours}"
    return None


_SPEECH = REPORTING | {"claimed"}  # "claimed" says who spoke, too


def speakers_of(quoting: Features, before: Sequence[Features], names: frozenset[str]) -> set[str]:
    """Who says a quote: names outside the quote in its sentence, or, when that sentence
    refers back ("he said"), the first name of the sentences before it."""
    own = {w for w in quoting.outside_quote_stems if w in names}
    if own and not quoting.refers_back:
        return own
    for f in reversed(before):
        lead = [w for w in f.outside_quote_stems if w in names]
        if lead:
            return own | {lead[0]}
    return own


def quote_speaker(
    claim: Features,
    quoting: Features,
    before: Sequence[Features],
    names: frozenset[str],
    mine: frozenset[str] | None = None,
) -> str | None:
    """The claim gives a quote the sources carry to a speaker they do not (a quoted
    statement, four words or more, that the claim has someone say)."""
    if not any(len(q.split()) >= 4 for q in claim.quotes) or _SPEECH.isdisjoint(claim.plain_tokens):
        return None
    claimed = {w for w in claim.outside_quote_stems if w in (names if mine is None else mine)}
    if not claimed:
        return None
    said_by = speakers_of(quoting, before, names)
    if said_by and not claimed & said_by:
        who = sorted(said_by)[0]
        return f"the quote is {quoting.surface(who) or who}'s"
    return None


__all__ = [
    "NEGATORS",
    "antonyms",
    "displaced",
    "negated_terms",
    "negation_mismatch",
    "quote_speaker",
    "role_swap",
    "speakers_of",
    "substitution",
    "swapped_name",
    "swapped_words",
    "traded_places",
]
