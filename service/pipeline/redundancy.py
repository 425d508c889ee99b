"""A summary says each thing once: of two sentences where one says the other again, one goes.

A sentence restates another when most of its content words are the other's, in the same
words or WordNet synonyms, and it adds no figure (`RESTATED_AT`; the eval report's
`redundant_sentences` counts by the same rule).
Selection already refuses a candidate the picks mostly say; what is left is made by the
steps after it: a later pick that says an earlier one in full and more, or a consensus form
cut down to what the articles agree on, which another pick already says. Of such a pair the
sentence cited to more articles stays (what the outlets agree on, cited to all of them), else
the fuller one; unless nothing else is left to say, when the fuller one stays (dropping it
would only leave the budget unspent). A sentence that leans on the one before it ("He
added…"), or that one leans on, stays. The engine then selects again without the one that
went, so that its words are spent on something the summary does not say yet, and names are
introduced where they now first appear.
"""

from __future__ import annotations

from collections.abc import Sequence

from chorus.checker.lexicon import load_lexicon
from chorus.pipeline.context import needs_antecedent
from chorus.pipeline.schema import DraftSentence
from chorus.pipeline.text import content_terms

RESTATED_AT = 0.6  # share of a sentence's content words another sentence has: a restatement
SYNONYMS_FROM = 0.3  # the same words' share from which synonyms are looked up too


def restates(terms: set[str], other: set[str]) -> bool:
    """A sentence with content words `terms` says little that `other` does not, and no
    figure of its own (a new count or amount is news, as selection holds too)."""
    if not terms:
        return False
    new = terms - other
    if len(terms) - len(new) < RESTATED_AT * len(terms):
        if len(terms) - len(new) < SYNONYMS_FROM * len(terms):
            return False  # too little in common for synonyms to make it a restatement
        # Words the other says with a WordNet synonym are said too ("officially announced
        # his bid" after "formally announced he is running").
        lex = load_lexicon()
        senses = frozenset().union(*(lex.senses(o) for o in other if not o[:1].isdigit()))
        new = {t for t in new if t[:1].isdigit() or senses.isdisjoint(lex.senses(t))}
        if len(terms) - len(new) < RESTATED_AT * len(terms):
            return False
    return not any(t[:1].isdigit() for t in new)


def restatements(sentences: Sequence[DraftSentence], keep_fuller: bool = False) -> set[int]:
    """Positions of the sentences that go (see the module docstring). With `keep_fuller`, of
    a pair the one with more content words stays whatever the citations: what the engine
    asks when the summary has nothing else to spend the words on."""
    terms = [set(content_terms(s.text)) for s in sentences]
    fixed = {k for k, s in enumerate(sentences) if needs_antecedent(s.text)}
    fixed |= {k - 1 for k in fixed}
    kept: list[int] = []
    gone: set[int] = set()

    def order(k: int) -> tuple[int, int]:
        cites, said = len(sentences[k].citations), len(terms[k])
        return (said, cites) if keep_fuller else (cites, said)

    for j in range(len(sentences)):
        for i in list(kept):
            if not (restates(terms[j], terms[i]) or restates(terms[i], terms[j])):
                continue
            loser = min((i, j), key=lambda k: (*order(k), -k))
            if loser in fixed:
                continue  # context a sentence needs is never taken away
            gone.add(loser)
            if loser == j:
                break
            kept.remove(i)  # and `j` is still weighed against the rest
        if j not in gone:
            kept.append(j)
    return gone


def without_restatements(sentences: Sequence[DraftSentence]) -> list[DraftSentence]:
    """The sentences in order, each thing said once."""
    gone = restatements(sentences)
    return [s for k, s in enumerate(sentences) if k not in gone]


__all__ = ["RESTATED_AT", "restatements", "restates", "without_restatements"]
