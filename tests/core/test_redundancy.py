"""A summary says each thing once (`chorus.pipeline.redundancy`)."""

from chorus.pipeline.redundancy import without_restatements
from chorus.pipeline.schema import DraftSentence


def s(text: str, *cites: int) -> DraftSentence:
    return DraftSentence(text=text, citations=list(cites or (1,)))


FULL = s(
    "Sen. Joe Manchin and Sen. Lisa Murkowski wrote a letter Monday calling on Congress to "
    "reauthorize the Voting Rights Act, seeking a bipartisan path to voting access.",
    2,
)
SHORT = s("Joe Manchin and Lisa Murkowski called on Congress Monday to reauthorize the act.", 3)
OTHER = s("State legislatures have passed new limits on voting by mail this year.", 1)


def test_a_later_restatement_goes() -> None:
    assert without_restatements([FULL, OTHER, SHORT]) == [FULL, OTHER]


def test_a_later_fuller_sentence_takes_the_earlier_ones_place() -> None:
    assert without_restatements([SHORT, OTHER, FULL]) == [FULL, OTHER]


def test_a_restatement_with_a_figure_of_its_own_stays() -> None:
    figure = s("Joe Manchin and Lisa Murkowski called on Congress Monday to act, 51 senators.", 3)
    assert without_restatements([FULL, figure]) == [FULL, figure]


def test_a_sentence_another_leans_on_stays() -> None:
    leaning = s("He added that the letter had been months in the making.", 3)
    assert without_restatements([FULL, SHORT, leaning]) == [FULL, SHORT, leaning]


def test_distinct_sentences_all_stay_in_order() -> None:
    assert without_restatements([OTHER, FULL]) == [OTHER, FULL]
