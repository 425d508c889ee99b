"""The words a summary has left are spent on a new fact trimmed of a side clause
(`chorus.pipeline.fill`), never on a repeat, a cut the articles do not support or a cut
that drops a figure."""

from __future__ import annotations

from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.fill import trim_to_fit
from chorus.pipeline.selection import Concepts, Unit
from chorus.pipeline.summarizer import Summarizer
from chorus.pipeline.text import content_terms
from chorus.settings import Limits

VOTE = "The Senate approved the infrastructure bill on Monday in a 69-30 vote."
FUNDS = (
    "The bill funds new bridges and railways across rural states, which lawmakers from both "
    "parties had sought for many years."
)
TRIMMED = "The bill funds new bridges and railways across rural states."


async def test_a_new_fact_too_long_by_a_clause_is_trimmed_to_the_words_left() -> None:
    cluster = Cluster(
        id="fill",
        articles=[
            Article(id="a", text="The Senate passed the infrastructure bill on Monday by a vote "
                    "of 69 to 30. The bill now goes to the House."),
            Article(id="b", text=f"{VOTE} {FUNDS}"),
        ],
    )  # fmt: skip
    summary = await Summarizer(limits=Limits()).summarize(cluster, SummaryOptions(max_words=30))
    texts = [s.text for s in summary.sentences]
    assert TRIMMED in texts and FUNDS not in texts
    assert sum(len(t.split()) for t in texts) <= 30
    trimmed = summary.sentences[texts.index(TRIMMED)]
    assert trimmed.citations == [2] and trimmed.verdict == "supported"


def _unit(n: int, index: int, text: str) -> Unit:
    return Unit(n=n, index=index, words=len(text.split()), terms=content_terms(text))


def _trims(texts: list[str], picked: list[int], max_words: int, ok: bool = True) -> dict[int, str]:
    units = [_unit(k + 1, 0, t) for k, t in enumerate(texts)]
    concepts = Concepts(units, len(units))
    return trim_to_fit(picked, units, texts, concepts, max_words, lambda t, n: ok)


def test_only_a_supported_cut_that_fits_and_says_something_new() -> None:
    assert _trims([VOTE, FUNDS], [0], 30) == {1: TRIMMED}
    assert _trims([VOTE, FUNDS], [0], 30, ok=False) == {}  # the article does not support it
    assert _trims([VOTE, FUNDS], [0], 20) == {}  # 8 words left: not worth a trim
    assert _trims([VOTE, FUNDS], [0], 40) == {}  # it fits whole: selection's call, not ours
    # a repeat of what is said, however short its cut
    again = "The Senate approved the infrastructure bill on Monday, which lawmakers had sought."
    assert _trims([VOTE, again], [0], 30) == {}
    # a side clause with a figure is a fact: no cut drops it
    figure = "The bill funds new bridges and railways across rural states, costing $550 billion."
    assert _trims([VOTE, figure], [0], 25) == {}
