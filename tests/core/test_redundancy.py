"""A summary says each thing once (`chorus.pipeline.redundancy`)."""

import pytest

from chorus.models import Article, Cluster
from chorus.pipeline.prepare import Prepared, prepare
from chorus.pipeline.redundancy import restatements, without_restatements
from chorus.pipeline.schema import DraftSentence
from chorus.settings import Limits


def s(text: str, *cites: int) -> DraftSentence:
    return DraftSentence(text=text, citations=list(cites or (1,)))


FULL = s(
    "Sen. Joe Manchin and Sen. Lisa Murkowski wrote a letter Monday calling on Congress to "
    "reauthorize the Voting Rights Act, seeking a bipartisan path to voting access.",
    2,
)
SHORT = s("Joe Manchin and Lisa Murkowski called on Congress Monday to reauthorize the act.", 3)
OTHER = s("State legislatures have passed new limits on voting by mail this year.", 1)


STADIUM = [
    "The city council approved the new stadium budget on Tuesday after a long debate.",
    "Construction of the stadium near the river will begin in the spring of next year.",
    "The mayor praised the council for a vote that she said would bring jobs to the city.",
    "Opponents said the stadium would raise property taxes for families across the city.",
    "The team has played in a rented arena outside the city for the past twelve seasons.",
    "Ticket prices at the new stadium will be set by the team and the city together.",
]


def _stadium(facts: list[str]) -> Prepared:
    """Two articles, each every other fact."""
    cluster = Cluster(
        id="stadium",
        articles=[Article(id=f"a{k}", text=" ".join(facts[k::2])) for k in range(2)],
    )
    return prepare(cluster, Limits())


def test_a_later_restatement_goes() -> None:
    assert without_restatements([FULL, OTHER, SHORT]) == [FULL, OTHER]


def test_of_two_alike_sentences_the_fuller_one_stays() -> None:
    assert without_restatements([SHORT, OTHER, FULL]) == [OTHER, FULL]


def test_of_two_alike_sentences_the_one_more_articles_support_stays() -> None:
    consensus = s(SHORT.text, 1, 2, 3)
    assert without_restatements([FULL, OTHER, consensus]) == [OTHER, consensus]


def test_a_restatement_with_a_figure_of_its_own_stays() -> None:
    figure = s("Joe Manchin and Lisa Murkowski called on Congress Monday to act, 51 senators.", 3)
    assert without_restatements([FULL, figure]) == [FULL, figure]


def test_a_sentence_another_leans_on_stays() -> None:
    leaning = s("He added that the letter had been months in the making.", 3)
    assert without_restatements([FULL, SHORT, leaning]) == [FULL, SHORT, leaning]


def test_distinct_sentences_all_stay_in_order() -> None:
    assert without_restatements([OTHER, FULL]) == [OTHER, FULL]


def test_the_words_a_restatement_freed_are_spent_on_something_new(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chorus.pipeline import extractive

    prepared = _stadium(STADIUM)
    first = extractive.summarise_extractive(prepared.corpus, 45, prepared.index)
    assert len(first.sentences) >= 2
    gone = first.sentences[-1].text
    calls: list[int] = []

    def drop_last_once(sentences: list[DraftSentence], keep_fuller: bool = False) -> set[int]:
        calls.append(len(sentences))  # the first pass pretends its last sentence is a repeat
        return set() if len(calls) > 1 else {k for k, x in enumerate(sentences) if x.text == gone}

    monkeypatch.setattr(extractive, "restatements", drop_last_once)
    again = extractive.summarise_extractive(prepared.corpus, 45, prepared.index)
    texts = [x.text for x in again.sentences]
    assert len(calls) == 2 and gone not in texts  # selected again, without the restatement
    assert set(texts) - {x.text for x in first.sentences}  # and something new in its words


def test_a_fuller_sentence_that_says_two_earlier_ones_replaces_both() -> None:
    letter = s("Joe Manchin and Lisa Murkowski wrote a letter on Monday.", 1)
    ask = s("Congress was asked to reauthorize the Voting Rights Act this year.", 2)
    both = s(
        "Joe Manchin and Lisa Murkowski wrote a letter on Monday asking Congress to "
        "reauthorize the Voting Rights Act this year.",
        3,
    )
    assert without_restatements([letter, ask, both]) == [both]


def test_a_restatement_in_synonyms_goes_too() -> None:
    bought = s("Jim Smith bought a car.", 1)  # two of four words the same: no restatement
    purchased = s("Jim Smith purchased an automobile.", 2)  # but the other two are synonyms
    assert without_restatements([bought, OTHER, purchased]) == [bought, OTHER]
    sold = s("Jim Smith sold a house.", 2)
    assert without_restatements([bought, sold]) == [bought, sold]


def test_with_nothing_else_to_say_the_fuller_one_stays_whatever_the_citations() -> None:
    consensus = s(SHORT.text, 1, 2, 3)
    assert restatements([FULL, OTHER, consensus]) == {0}
    assert restatements([FULL, OTHER, consensus], keep_fuller=True) == {2}


async def test_a_restatement_never_leaves_the_budget_unspent() -> None:
    """A short sentence two articles support restates one article's fuller account. Dropping
    the fuller one frees words for something new only when there is something new: here the
    third article's lead leans on what came before it, so the summary would shrink to the
    short sentence. The fuller one stays instead."""
    from chorus.models import SummaryOptions
    from chorus.pipeline.summarizer import Summarizer

    full = (
        "Marcus Hale, in his role as lawyer and spokesman for the mayor, has admitted misleading "
        "reporters, conceded he made false statements on local radio and generally caused "
        "trouble for editors who quoted him as a source."
    )
    cluster = Cluster(
        id="spokesman",
        articles=[
            Article(id="a", text=full),
            Article(
                id="b",
                text="Marcus Hale, who has worked in crisis communications for two decades, "
                "says he made a mistake.",
            ),
            Article(
                id="c",
                text="They are seasoned insiders, but the lawyers speaking for the mayor and his "
                "former aide have been getting the facts wrong lately.",
            ),
        ],
    )
    out = await Summarizer(limits=Limits()).summarize(cluster, SummaryOptions(max_words=120))
    assert [x.text for x in out.sentences] == [full]


def test_words_the_written_sentences_freed_are_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Selection counts a candidate's compressed words; writing it may take fewer (a side
    clause cut for the articles' consensus). What fits in the words left is picked too."""
    from chorus.pipeline import extractive

    prepared = _stadium(STADIUM[:4])
    first = extractive.summarise_extractive(prepared.corpus, 40, prepared.index)
    assert len(first.sentences) == 2  # two of the four fit 40 words
    written = extractive._sentences
    picks: list[int] = []

    def shorter_first(
        picked: list[int], c: object
    ) -> tuple[list[DraftSentence], list[int], list[str]]:
        sentences, of, warnings = written(picked, c)  # type: ignore[arg-type]
        picks.append(len(picked))
        cut = DraftSentence(
            text="The council approved the budget.", citations=sentences[0].citations
        )
        return [cut, *sentences[1:]], of, warnings

    monkeypatch.setattr(extractive, "_sentences", shorter_first)
    again = extractive.summarise_extractive(prepared.corpus, 40, prepared.index)
    assert picks[:2] == [2, 3] and len(again.sentences) == 3


def test_picks_that_writing_made_longer_still_fit_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Writing can lengthen a pick (one outlet's words attributed to its report, a name given
    in full). Over the budget, the last pick nothing leans on goes: the summary never says
    more words than asked for when a shorter set of sentences exists."""
    from chorus.pipeline import extractive

    prepared = _stadium(STADIUM[:4])
    first = extractive.summarise_extractive(prepared.corpus, 40, prepared.index)
    assert len(first.sentences) == 2
    written = extractive._sentences

    def attributed(
        picked: list[int], c: object
    ) -> tuple[list[DraftSentence], list[int], list[str]]:
        sentences, of, warnings = written(picked, c)  # type: ignore[arg-type]
        head = sentences[0]
        longer = DraftSentence(
            text="According to one report in a local paper on Tuesday and a radio station, "
            + head.text[0].lower()
            + head.text[1:],
            citations=head.citations,
        )
        return [longer, *sentences[1:]], of, warnings

    monkeypatch.setattr(extractive, "_sentences", attributed)
    again = extractive.summarise_extractive(prepared.corpus, 40, prepared.index)
    assert sum(len(s.text.split()) for s in first.sentences) + 14 > 40  # it would not fit
    assert sum(len(s.text.split()) for s in again.sentences) <= 40
