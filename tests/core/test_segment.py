from __future__ import annotations

import pytest

from chorus.pipeline.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. said so. The next one.", ["The U.S. said so.", "The next one."]),
        ("U.S. officials met. They left.", ["U.S. officials met.", "They left."]),
        ("It rose in the U.S. The dollar fell.", ["It rose in the U.S.", "The dollar fell."]),
        (
            'No country lost more than the U.S. "Today, we mourn," he said.',
            ["No country lost more than the U.S.", '"Today, we mourn," he said.'],
        ),
        ("He paid $3.50 for it. Then left.", ["He paid $3.50 for it.", "Then left."]),
        (
            "They flew El Al. Previously they had to fly around.",
            ["They flew El Al.", "Previously they had to fly around."],
        ),
        ("Smith et al. Found the same.", ["Smith et al. Found the same."]),
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("George W. Bush spoke. It rained.", ["George W. Bush spoke.", "It rained."]),
        ("Growth was 2.5 per cent. Rates held.", ["Growth was 2.5 per cent.", "Rates held."]),
        ("On Jan. 5 they met. Talks failed.", ["On Jan. 5 they met.", "Talks failed."]),
        ("Wait... what? Yes!", ["Wait... what?", "Yes!"]),
        ("“We aren’t isolated.” He said more.", ["“We aren’t isolated.”", "He said more."]),
        (
            'He said: "We won. They lost." Then he left.',
            ['He said: "We won. They lost."', "Then he left."],
        ),
        (
            "Headline without stop\nBody sentence here.",
            ["Headline without stop", "Body sentence here."],
        ),
        ("It could not be bridged. .", ["It could not be bridged. ."]),
        # a dateline runs on to its dash; a dash after a sentence's own stop does not join
        (
            "CHARLOTTE, N.C. — The election is Tuesday. It is close.",
            ["CHARLOTTE, N.C. — The election is Tuesday.", "It is close."],
        ),
        ("The vote failed. -- Reporters left.", ["The vote failed.", "-- Reporters left."]),
        # a quotation's speaker after its full stop stays with it; a new sentence does not
        (
            'It was a "dour atmosphere." Politico reported, citing aides. Then more.',
            ['It was a "dour atmosphere." Politico reported, citing aides.', "Then more."],
        ),
        (
            "“We will win.” Trump said he would veto the bill.",
            ["“We will win.”", "Trump said he would veto the bill."],
        ),
        # any verb of the reporting table (chorus.pipeline.reporting), not a list of its own
        (
            "“It is over.” Sen. Smith argued, adding more. “No.” Jones insisted. Then more.",
            [
                "“It is over.” Sen. Smith argued, adding more.",
                "“No.” Jones insisted.",
                "Then more.",
            ],
        ),
        (
            "“We won.” Trump told reporters. “We won.” Trump told Fox News he would stay.",
            ["“We won.” Trump told reporters.", "“We won.”", "Trump told Fox News he would stay."],
        ),
        # every title of the one table (chorus.pipeline.titles), plural ones too
        (
            "Sens. Joe Manchin and Lisa Murkowski spoke. Atty. Gen. Smith left.",
            ["Sens. Joe Manchin and Lisa Murkowski spoke.", "Atty. Gen. Smith left."],
        ),
        ("", []),
    ],
)
def test_splitter_table(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_point_into_the_original_text() -> None:
    text = "First one here.  Second one there.\n\nThird."
    for start, end in split_sentences(text):
        assert text[start:end].strip() == text[start:end]
        assert text[start:end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("G-20 and G20", "G20 and G20"),
        ("COVID-19 cases", "COVID19 cases"),
        ("a well-known 3-2 win, -5 degrees", "a well-known 3-2 win, -5 degrees"),
        ("no hyphen here", "no hyphen here"),
    ],
)
def test_canon_joins_letter_digit_hyphens_only(text: str, expected: str) -> None:
    from chorus.pipeline.text import canon

    assert canon(text) == expected


def test_one_title_table_for_every_reader() -> None:
    """The segmenter, the entity reader, the cut-off rule and the name context read the same
    titles: a sentence cut off at any of them is refused, and none of them makes a name
    sentence-initial."""
    from chorus.pipeline.candidates import _TITLE_ENDS
    from chorus.pipeline.segment import ABBREVIATIONS
    from chorus.pipeline.text import entities
    from chorus.pipeline.titles import PLURAL_TITLES, TITLE_ABBREVIATIONS

    for title in TITLE_ABBREVIATIONS + PLURAL_TITLES:
        assert title.lower() in ABBREVIATIONS
        assert f"{title}." in _TITLE_ENDS
    for title in TITLE_ABBREVIATIONS:
        # "… read by Supt. Garcia": after a title's stop, "Garcia" opens no sentence.
        assert "garcia" in entities(f"The report was read by {title}. Garcia today.")
