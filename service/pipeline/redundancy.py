"""A summary says each thing once: a sentence another one of it says all over again goes.

A sentence restates another when most of its content words are the other's and it adds no
figure (`RESTATED_AT`; the eval report's `redundant_sentences` counts by the same rule). Selection
already refuses a candidate the picks mostly say; what is left is the converse, made by the
steps after it: a later pick, or a consensus form cut down to what the articles agree on,
that says an earlier sentence again in full and more. Then the fuller sentence takes the
earlier one's place and the other goes. A sentence another one leans on ("He added…") stays.
"""

from __future__ import annotations

from collections.abc import Sequence

from chorus.pipeline.context import needs_antecedent
from chorus.pipeline.schema import DraftSentence
from chorus.pipeline.text import content_terms

RESTATED_AT = 0.6  # share of a sentence's content words another sentence has: a restatement


def restates(terms: set[str], other: set[str]) -> bool:
    """A sentence with content words `terms` says little that `other` does not, and no
    figure of its own (a new count or amount is news, as selection holds too)."""
    if not terms or len(terms & other) < RESTATED_AT * len(terms):
        return False
    return not any(t[:1].isdigit() for t in terms - other)


def without_restatements(sentences: Sequence[DraftSentence]) -> list[DraftSentence]:
    """The sentences in order, each said once (see the module docstring)."""
    terms = [set(content_terms(s.text)) for s in sentences]
    leaned_on = {k - 1 for k, s in enumerate(sentences) if k and needs_antecedent(s.text)}
    slots: list[int] = []  # indices of kept sentences, in reading order
    for j in range(len(sentences)):
        if j in leaned_on or needs_antecedent(sentences[j].text):
            slots.append(j)
            continue
        said = next((i for i in slots if restates(terms[j], terms[i])), None)
        if said is not None:
            continue  # an earlier sentence says it
        fuller = next(
            (
                k
                for k, i in enumerate(slots)
                if i not in leaned_on and not needs_antecedent(sentences[i].text)
                and restates(terms[i], terms[j])
            ),
            None,
        )  # fmt: skip
        if fuller is not None:
            slots[fuller] = j  # it says an earlier one in full, and more: it takes its place
        else:
            slots.append(j)
    return [sentences[i] for i in slots]


__all__ = ["RESTATED_AT", "restates", "without_restatements"]
