"""Whether it happened: a claim that states as done what its source only threatens, plans,
proposes or expects ("Trump invoked the Insurrection Act" where the source says he
"threatened to invoke" it; "the tariffs went into effect" where they are "scheduled to go
into effect").

The source's verb governed by such a marker ("threatened to", "plans to", "could", "might",
"is expected to", "was going to") is unrealised there; the claim states it done when it uses
that verb with no marker of its own. A verb the source also states plainly elsewhere in the
span is no finding ("invoked the act and threatened to invoke it again").
"""

from __future__ import annotations

from collections.abc import Sequence

from chorus.checker.features import REPORTING, Features
from chorus.checker.quantities import dates
from chorus.pipeline.text import STOPWORDS, stem

# markers followed by "to" + verb
_TO_MARKERS = frozenset(
    stem(w)
    for w in """threaten threatened threatens threatening plan plans planned planning propose
    proposes proposed proposing seek seeks sought aim aims aimed want wants wanted hope hopes
    hoped vow vows vowed promise promises promised intend intends intended expect expected
    expects schedule scheduled set going consider considering try tried trying attempt
    attempted weigh weighing likely poised ready prepared pledge pledged""".split()
)
# modals of possibility, followed directly by the verb ("would", "will", "can" describe what a
# bill does or a plan will do, and summaries state those plainly: not read)
_MODALS = frozenset("could may might".split())
_LOOKBACK = 3  # words before a claim's verb in which its own marker may stand


def _governed(toks: Sequence[str], month: bool = False) -> dict[int, str]:
    """{index of a verb: its marker} for verbs under a marker (`month`: the text names the
    month May, so "may" is no modal)."""
    out: dict[int, str] = {}
    for i, t in enumerate(toks):
        if t in _MODALS and not (month and t == "may"):
            j = i + 1
            while j < len(toks) and toks[j] in ("not", "also", "still", "be", "have", "soon"):
                j += 1
            if j < len(toks):
                out[j] = t
        elif stem(t) in _TO_MARKERS and i + 2 < len(toks) and toks[i + 1] == "to":
            j = i + 2
            while j + 1 < len(toks) and toks[j].endswith("ly"):  # "to permanently shut"
                out[j] = t
                j += 1
            out[j] = t
    return out


def unrealised(claim: Features, span: Features) -> str | None:
    """A verb the span has only under a marker, stated by the claim with none."""
    s_toks, c_toks = span.clause_tokens, claim.clause_tokens
    governed = _governed(s_toks, "may" in dates(span.text))
    if not governed:
        return None
    plain = {stem(t) for i, t in enumerate(s_toks) if i not in governed}
    only_marked = {
        stem(s_toks[i]): f"{m} {s_toks[i]}" if m in _MODALS else f"{m} to {s_toks[i]}"
        for i, m in governed.items()
    }
    if {stem(m) for m in governed.values()} & {stem(t) for t in c_toks}:
        return None  # the claim reports the same threat or plan ("threatened on Monday to")
    mine = _governed(c_toks, "may" in dates(claim.text))
    for k, t in enumerate(c_toks):
        v = stem(t)
        if v not in only_marked or v in plain or t in STOPWORDS or len(t) < 3 or k in mine:
            continue
        before = c_toks[max(0, k - _LOOKBACK) : k]
        if any(w in _MODALS or stem(w) in _TO_MARKERS or w == "to" for w in before):
            continue
        return f"the source says only '{only_marked[v]}', not that it happened"
    return None


_ALLEGED = frozenset(
    """claim claims claimed claiming allege alleges alleged allegedly allegation allegations
    purportedly reportedly rumor rumors rumored rumour accuse accuses accused accusing""".split()
)  # words as written: "reportedly" is a claim, "reported" a report
_ATTRIBUTED = _ALLEGED | REPORTING
_ALLEGED_SHARE = 0.6  # of the claimed proposition's content words the claim states


def alleged_as_fact(claim: Features, span: Features) -> str | None:
    """What the span gives only as someone's claim or allegation ("social media posts claim
    Sanders is proposing a 52% rate"), stated by the claim as a fact with no attribution (a
    quotation or a reporting verb of its own is attribution)."""
    s_toks = span.clause_tokens
    if not _ALLEGED & set(s_toks):
        return None
    c_toks = claim.clause_tokens
    if _ATTRIBUTED & set(c_toks) or claim.quotes:
        return None
    mine = {stem(t) for t in c_toks}
    for i, t in enumerate(s_toks):
        if t not in _ALLEGED:
            continue
        told = [stem(w) for w in s_toks[i + 1 :] if w not in STOPWORDS and len(w) > 2]
        if len(told) >= 3 and sum(w in mine for w in told) >= _ALLEGED_SHARE * len(told):
            return f"the source gives it only as a claim ('{t}')"
    return None


__all__ = ["alleged_as_fact", "unrealised"]
