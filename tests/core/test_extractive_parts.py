"""The extractive engine's parts: compression, context-safe openers, selection, headline,
disagreements; and what the engine as a whole does with them."""

from __future__ import annotations

import pytest

from chorus.models import Article, Cluster, Summary, SummaryOptions
from chorus.pipeline.candidates import candidate_ok
from chorus.pipeline.compress import compress
from chorus.pipeline.context import (
    bare_surname,
    dependent_opener,
    full_mention,
    introduce,
    points_back,
)
from chorus.pipeline.disagree import find_conflict, rounded_alike, state_conflict
from chorus.pipeline.framing import drop_loaded_modifiers, framed, framing_words
from chorus.pipeline.headline import HeadlineOption, compose_headline
from chorus.pipeline.headline_clause import headline_from_sentence
from chorus.pipeline.schema import Sentence
from chorus.pipeline.selection import Concepts, Unit, select
from chorus.pipeline.summarizer import Summarizer
from chorus.pipeline.text import content_terms, words
from chorus.settings import Limits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JABIRU, Australia (AP) _ A crocodile killed a fisherman on Sunday.",
         "A crocodile killed a fisherman on Sunday."),
        ("CITY _ The mayor resigned on Friday.", "The mayor resigned on Friday."),
        ("BEIJING, August 21 (Xinhua ) -- Chinese exports rose 5 percent in July.",
         "Chinese exports rose 5 percent in July."),
        ("By JOHN SMITH WASHINGTON (AP) — The vote failed in the Senate.",
         "The vote failed in the Senate."),
        ("After all, he faced allegations of fraud.", "He faced allegations of fraud."),
        ("Yet Mr. Mueller did find actions by the president.",
         "Mr. Mueller did find actions by the president."),
        ("Actually administering the vaccines to all Americans could take longer.",
         "Administering the vaccines to all Americans could take longer."),
        ("Four people were arrested in connection with the protest, police said.",
         "Four people were arrested in connection with the protest."),
        ("Sen. Rand Paul (R-Ky.) said the bill would fail in the Senate.",
         "Sen. Rand Paul said the bill would fail in the Senate."),
        ("Why it matters: Virtually every national poll shows Sanders tied with Trump.",
         "Virtually every national poll shows Sanders tied with Trump."),
        ("The numbers: The economy added 136,000 new jobs in September.",
         "The economy added 136,000 new jobs in September."),
        ("The statement said: “We will not back down from this fight.”",
         "The statement said: “We will not back down from this fight.”"),
    ],
)  # fmt: skip
def test_compression_cuts_what_carries_no_fact(text: str, expected: str) -> None:
    assert compress(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "So far, nothing has happened in the talks.",
        "The World Health Organization (WHO) said 35 people died on Monday.",
        "Ticket sales rose (to 35,000) this year.",
        "The bill passed, Schumer said.",  # a named speaker keeps the attribution
        '"We will not back down," officials said.',  # a quotation keeps its speaker
        "Four people were arrested, police said on Thursday.",  # the day is a fact
        # the connector holds an inserted attribution in place
        "Now, Obama argued Wednesday, people were dying because of the record in office.",
    ],
)
def test_compression_keeps_meaning(text: str) -> None:
    assert compress(text) == text


def test_dependent_openers_are_recognised() -> None:
    assert dependent_opener("He added that the bill would fail.")
    assert dependent_opener("The move angered Democrats.")
    assert dependent_opener("When IBM rejected those proposals, Norris walked out.")
    assert not dependent_opener("This week the Senate voted on the bill.")
    assert not dependent_opener("The Senate voted on the bill.")
    # a part of a group named before
    assert dependent_opener("Fifty of them signed an open letter on Tuesday.")
    assert dependent_opener("“Many of those who voted stayed home,” she said.")
    assert not dependent_opener("Fifty of the senators signed an open letter on Tuesday.")


@pytest.mark.parametrize(
    ("text", "dependent"),
    [
        # a compound's first word is no reference back
        ("The three-week total for jobless claims now stands at 16.5 million.", False),
        ("The two-day summit ended without a deal.", False),
        ("The two met for ten minutes.", True),
        ("The three were charged on Monday.", True),
        # "Another" before a figure is one more of a series, not "another one of those"
        ("Another 6.6 million people filed for unemployment benefits last week.", False),
        ("Another $2 billion went to hospitals.", False),
        ("Another said the vote was rigged.", True),
        ("Another person died in hospital.", True),
        # "The additional doses…", "The remaining boys…": the ones named before
        ("The additional doses amount to a 50 percent increase in vaccine.", True),
        ("The remaining eight boys were brought out on Tuesday.", True),
        ("The other two cities were Portland and Seattle.", True),
    ],
)
def test_a_compound_or_another_figure_opens_on_its_own(text: str, dependent: bool) -> None:
    assert dependent_opener(text) is dependent


def test_a_bare_surname_gets_the_articles_full_first_mention() -> None:
    article = "Vermont Sen. Bernie Sanders won. Sen. Rand Paul (R-Ky.) spoke. Paul added that."
    assert bare_surname("Paul added that he does not believe it.") == "Paul"
    assert bare_surname("Democrats said no.") is None
    assert full_mention("Paul", article) == "Sen. Rand Paul"
    assert full_mention("Sanders", article) == "Sen. Bernie Sanders"
    # the end of an office ("Secretary of State") is not the person's first name
    state = "US Secretary of State Antony Blinken met Russia's foreign minister."
    assert full_mention("Blinken", state) == "Antony Blinken"
    assert introduce("Paul added that.", "Paul", "Sen. Rand Paul") == "Sen. Rand Paul added that."


def test_a_bare_surname_after_a_fronted_phrase_is_introduced_and_a_past_title_stays_past() -> None:
    text = "In an interview on WABC 770 AM, Paterson discussed the task ahead for Hochul."
    article = "Former New York Gov. David Paterson (D) said Sunday that Hochul is ready."
    assert bare_surname(text) == "Paterson"
    mention = full_mention("Paterson", article)
    assert mention == "former Gov. David Paterson"
    assert introduce(text, "Paterson", mention) == (
        "In an interview on WABC 770 AM, former Gov. David Paterson discussed the task ahead "
        "for Hochul."
    )
    assert introduce("Paterson said no.", "Paterson", mention) == (
        "Former Gov. David Paterson said no."
    )
    # a common word after the phrase is no surname; a name the summary gives in full is kept
    assert bare_surname("In a statement, officials said the plan failed.") is None


def test_the_bare_speaker_of_an_opening_quotation_is_introduced() -> None:
    text = '"Zero chance of conviction," Paul said when asked about the trial.'
    assert bare_surname(text) == "Paul"
    assert introduce(text, "Paul", "Sen. Rand Paul") == (
        '"Zero chance of conviction," Sen. Rand Paul said when asked about the trial.'
    )
    assert introduce("“We will win,” Mr. Biden told reporters.", "Biden", "Joe Biden") == (
        "“We will win,” Joe Biden told reporters."
    )
    assert bare_surname("“We will win,” the senator said.") is None


def test_a_name_qualifying_a_noun_is_not_a_bare_surname() -> None:
    assert bare_surname("Biden administration officials are dismissing the claims.") is None
    assert bare_surname("Trump campaign aides said no.") is None


def test_a_common_word_opening_a_sentence_is_not_a_surname() -> None:
    source = "Job openings soared in April. The job market is tight."
    assert bare_surname("Job openings soared in April.", source) is None
    assert bare_surname("Paul added that.", "Sen. Rand Paul spoke. Paul added that.") == "Paul"


def test_a_possessive_is_not_part_of_a_full_mention() -> None:
    article = "The Bureau of Labor Statistics' Job Openings survey rose. Rep. Beto O'Rourke won."
    assert full_mention("Job", article) is None
    assert full_mention("O'Rourke", article) == "Rep. Beto O'Rourke"


def _sentence(text: str) -> Sentence:
    return Sentence(id="1:0", n=1, index=0, start=0, end=len(text), text=text)


@pytest.mark.parametrize(
    ("text", "lifted"),
    [
        ("Now we again fail to provide clear rules for future elections.", False),
        ("I think the plan will work for the city and its people.", False),
        ("We're still looking into some of the claims, so this is not complete.", False),
        ("Across our nation today, there are empty chairs at dining tables.", False),
        ("The new budget means that your federal tax dollars may go to new places.", False),
        ('“We will win this fight in the courts," the governor said on Monday.', True),
        ("World War I ended in 1918 with an armistice in a railway carriage.", True),
        ("The US economy added 943,000 jobs in July, the government said.", True),
        # a quotation that runs on into the next sentence reads cut off
        ("\"This resulted in a first strike on the channel, which means it can't upload.", False),
        ('“In 30 years of politics, I have never seen this," said one Democrat.', True),
        # a quotation whose speaker the sentence never names; a sentence cut off at a title
        ("“And if the system is as good as they say it is they won't vote” in person.", False),
        ("Some GOP senators are locked in highly competitive contests, including Sens.", False),
        ("The House Democrats, led by lead manager Jamie B. Raskin (D-Md.", False),
        ("(These are all opinion articles and do not align with the outlet's rating.)", False),
        ("(CNN) The US announced major new restrictions on travel to Cuba on Tuesday.", True),
        # the page talking to its reader
        ("Watch the full 60 Minutes interview with Andrew McCabe (video).", False),
        ("Read the full statement from the White House here.", False),
        ("Follow-up talks are set for next week in Geneva, officials said.", True),
        ("Seeing the damage, the governor declared a state of emergency on Monday.", True),
    ],
)
def test_first_person_voices_and_open_quotations_are_not_lifted(text: str, lifted: bool) -> None:
    assert candidate_ok(_sentence(text)) is lifted
    assert candidate_ok(_sentence(text), words(text)) is lifted  # as the engine calls it


def test_a_place_after_a_fronted_clause_does_not_open_the_headline() -> None:
    sentence = (
        "After the mass shooting at a high school in Parkland, Florida, many survivors "
        "became outspoken advocates of gun control."
    )
    assert not headline_from_sentence(sentence, 14).startswith("Florida")


def test_a_headline_is_not_cut_after_a_progressive_verb_nor_opened_by_an_infinitive() -> None:
    assert not headline_from_sentence(
        "The Brennan Center for Justice is calling for Democrats to spend $250 million to "
        "educate voters about the changes.",
        14,
    ).endswith("is calling")
    option = HeadlineOption(
        text="To have a governing majority next year in Washington, Democrats need the Senate.",
        citations=[1],
        weight=1.0,
    )
    terms = set(content_terms(option.text))
    # The fronted infinitive is dropped; its main clause is a headline.
    found = compose_headline([option], [], "", lambda ns: terms, lambda h, ns: True)
    assert found == "Democrats need the Senate"


def test_a_headline_never_addresses_the_reader_whatever_the_apostrophe() -> None:
    from chorus.pipeline.headline import last_resort

    sentences = [("The vote passed on Monday.", [1]), ("You’re not alone in this.", [1])]
    assert "You" not in last_resort(sentences, [], lambda h, ns: True)
    # Every contraction of the first person, curly or straight (the candidates' one list).
    sentences = [("The vote passed on Monday.", [1]), ("I’ll mount an aggressive approach.", [1])]
    assert not last_resort(sentences, [], lambda h, ns: True).startswith("I")


def test_a_headline_never_opens_on_a_contracted_or_bracketed_pointer() -> None:
    from chorus.pipeline.headline import last_resort

    for opener in ("It’s no secret that the vote was close.", "There's a reason the vote failed.",
                   "(These are all opinion articles and do not align with the vote."):  # fmt: skip
        sentences = [("The vote passed on Monday.", [1]), (opener, [1])]
        assert last_resort(sentences, [], lambda h, ns: True).startswith("The vote")
    option = HeadlineOption(
        "It’s no secret that Twitter is the president’s favourite stage.", [1], 1.0
    )
    terms = set(content_terms(option.text))
    assert compose_headline([option], [], "", lambda ns: terms, lambda h, ns: True) is None


def test_a_last_resort_headline_has_no_framing_and_at_most_14_words() -> None:
    from chorus.pipeline.headline import MAX_HEADLINE_WORDS, last_resort

    sentences = [
        ("The vote passed on Monday.", [1]),
        ("McConnell delivered a scathing rebuke of the former president's conduct.", [1]),
        (
            "President Trump should pay attention to what happened after former President "
            "Barack Obama's hasty 2011 withdrawal from the country.",
            [1],
        ),
    ]
    found = last_resort(sentences, [], lambda h, ns: True)
    assert "scathing" not in found
    assert len(found.split()) <= MAX_HEADLINE_WORDS


def test_a_reporting_subject_is_not_taken_for_an_attribution() -> None:
    sentence = "Earlier reports said that the US had been billed $2m for the student's care."
    assert headline_from_sentence(sentence, 14).startswith("Earlier reports said that")


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("There is some ambiguity in this formulation.", True),
        ("There is zero evidence for this.", True),
        ("The evidence doesn't back those doomsday warnings.", True),
        ("One such cause is playing out across the Pacific.", True),
        ("China will target American goods such as liquefied natural gas.", False),
        ("For those suffering from depression, the lockdown is hard.", False),
        ("The Senate voted on the bill this week.", False),
        ("He had not been invited to the White House during this administration.", False),
        ('“I have never seen this level of doom," said one Democrat.', False),
        ('"Michigan, I\'m counting on you," he told the crowd of about 1,000 people.', True),
    ],
)
def test_a_demonstrative_past_the_opening_points_back(text: str, leans: bool) -> None:
    assert points_back(text) is leans


async def test_a_sentence_pointing_back_is_not_lifted_without_its_antecedent() -> None:
    a = Article(
        id="a",
        text="The governor signed the state budget bill on Monday after a long debate in the "
        "state senate. Schools and hospitals will get less money under the state budget bill.",
    )
    b = Article(
        id="b",
        text="Critics said this state budget bill leaves schools and hospitals with less money "
        "than last year. The governor signed the budget bill on Monday.",
    )
    summary = await Summarizer(limits=Limits()).summarize(
        Cluster(id="c", articles=[a, b]), SummaryOptions(max_words=80)
    )
    assert summary.sentences
    assert not any("this state budget bill" in s.text for s in summary.sentences)


def _units(texts: list[tuple[int, int, str]]) -> list[Unit]:
    return [Unit(n=n, index=i, words=len(t.split()), terms=content_terms(t)) for n, i, t in texts]


def test_selection_fills_the_budget_and_prefers_what_several_articles_state() -> None:
    texts = [
        (1, 0, "The council approved the new stadium budget on Monday night."),
        (2, 0, "The city council approved the stadium budget on Monday."),
        (3, 0, "Council members approved the stadium budget after a long debate."),
        (1, 1, "A local bakery won a prize for its bread."),
        (2, 1, "Construction of the stadium starts in March and costs 90 million."),
        (3, 1, "The stadium will cost 90 million dollars, officials estimate."),
    ]
    units = _units(texts)
    picked = select(units, Concepts(units, 3), max_words=30)
    assert picked[0] in {0, 1, 2}  # the fact all three articles state comes first
    assert len({0, 1, 2} & set(picked)) == 1  # and is not repeated
    assert any(i in picked for i in (4, 5))  # the figure two articles give is covered
    assert sum(units[i].words for i in picked) >= 20  # no floor leaves the budget unused


def test_selection_goes_on_from_picks_with_the_words_they_take_now() -> None:
    texts = [
        (1, 0, "The council approved the new stadium budget on Monday night after a long debate."),
        (2, 0, "Construction of the stadium starts in March and costs 90 million dollars."),
        (1, 1, "Opponents said the project would raise property taxes for families."),
    ]
    units = _units(texts)
    concepts = Concepts(units, 2)
    first = select(units, concepts, max_words=28)
    assert sorted(first) == [0, 1]  # 14 + 12 words: the third (10) does not fit
    counted = float(sum(units[i].words for i in first))
    # Going on from the same picks with the words they count changes nothing...
    assert select(units, concepts, 28, start=first, used=counted) == first
    # ...but words a pick has since freed (a side clause cut) go to what now fits.
    assert select(units, concepts, 28, start=first, used=counted - 8) == [*first, 2]


def test_a_sentence_that_needs_its_antecedent_waits_for_it() -> None:
    units = [
        Unit(n=1, index=0, words=8, terms=content_terms("Rand Paul opposed the spending bill.")),
        Unit(n=1, index=1, words=8, terms=content_terms("He said the spending bill costs too much"),
             needs=0),
    ]  # fmt: skip
    assert select(units, Concepts(units, 1), max_words=9) == [0]


def test_headline_avoids_framing_titles_and_the_first_sentence() -> None:
    options = [
        HeadlineOption("Democrats slam the radical spending bill passed on Monday.", [1], 9.0),
        HeadlineOption("The Senate passed the spending bill by 52 votes to 48.", [2], 8.0),
        HeadlineOption("The House approved the spending bill after a long debate.", [3], 7.0),
    ]
    titles = ["The Senate passed the spending bill by 52 votes to 48"]
    first = "The House approved the spending bill after a long debate on Monday."
    headline = compose_headline(
        options, titles, first, lambda ns: set(content_terms(" ".join(o.text for o in options))),
        lambda h, ns: True,
    )  # fmt: skip
    assert headline is None  # framed, a title copy, and the first sentence: none qualifies
    assert framing_words("Democrats slam the radical bill") == {"slam", "radical"}
    ok = HeadlineOption("Lawmakers approved the budget for the new stadium.", [1], 1.0)
    terms = set(content_terms(ok.text))
    got = compose_headline([*options, ok], titles, first, lambda ns: terms, lambda h, ns: True)
    assert got == "Lawmakers approved the budget for the new stadium"


def test_figures_two_articles_put_differently_are_a_conflict() -> None:
    a = "A poll released on Monday found 35% of voters in Ohio back the gas tax plan."
    b = "The poll released on Monday found 36% of voters in Ohio back the gas tax plan."
    conflict = find_conflict(a, 1, [(b, 2, frozenset(content_terms(b)))], {1: a, 2: b})
    assert conflict is not None and conflict.other == "36%" and conflict.other_n == 2
    assert "35% or 36% (reports differ)" in state_conflict(a, conflict)
    assert rounded_alike("15300", "15000") and not rounded_alike("35", "36")


async def test_the_engine_surfaces_a_disagreement_it_cannot_state_in_a_warning() -> None:
    a = "A poll released on Monday found 35% of voters in Ohio back the gas tax plan."
    b = "The poll released on Monday found 36% of voters in Ohio back the gas tax plan."
    cluster = Cluster(id="c", articles=[Article(id="a", text=a), Article(id="b", text=b)])
    summary = await Summarizer(limits=Limits()).summarize(cluster)
    said = " ".join(s.text for s in summary.sentences) + " ".join(summary.warnings)
    assert "36%" in said and "35%" in said


async def test_the_engine_introduces_a_surname_and_drops_a_dateline() -> None:
    a = Article(
        id="a",
        text=(
            "WASHINGTON (AP) — Sen. Rand Paul of Kentucky voted against the spending bill on "
            "Tuesday. Paul added that he does not believe the bill will reduce the deficit at all."
        ),
    )
    b = Article(id="b", text=(
        "Paul added that he does not believe the bill will reduce the deficit at all. "
        "The Senate passed the spending bill on Tuesday by a vote of 60 to 38."))  # fmt: skip
    summary = await Summarizer(limits=Limits()).summarize(
        Cluster(id="c", articles=[a, b]), SummaryOptions(max_words=60)
    )
    texts = [s.text for s in summary.sentences]
    assert not any("(AP)" in t or t.startswith("WASHINGTON") for t in texts)
    for t in texts:
        if "does not believe" in t:
            earlier = " ".join(texts[: texts.index(t)])
            assert t.startswith("Sen. Rand Paul") or "Rand Paul" in earlier
    assert all(s.support >= 0.6 for s in summary.sentences)


@pytest.mark.parametrize(
    "texts",
    [
        ["It was what it was and it is what it is.", "He said that they were there."],
        ["He went there. She said it was fine. They agreed with it all."],
        ["北京是中国的首都。上海是一个大城市。"],
        ["WASHINGTON (AP) — ", "CITY _ The mayor resigned on Friday after a dispute."],
    ],
)
async def test_degenerate_clusters_still_summarise_without_warnings_raised(
    texts: list[str],
) -> None:
    cluster = Cluster(id="d", articles=[Article(id=str(i), text=t) for i, t in enumerate(texts)])
    summary = await Summarizer(limits=Limits()).summarize(cluster, SummaryOptions(max_words=40))
    assert summary.sentences and summary.headline
    assert all(s.citations for s in summary.sentences)


_PASSED = "The Senate passed the spending plan on Monday by a vote of 52 to 48 after a long debate."


async def _beside_the_vote(a: str) -> Summary:
    """The summary of article `a` and a plain report of the vote (_PASSED)."""
    cluster = Cluster(id="f", articles=[Article(id="a", text=a), Article(id="b", text=_PASSED)])
    return await Summarizer(limits=Limits()).summarize(cluster)


async def test_one_outlets_framing_is_attributed_not_stated_as_fact() -> None:
    summary = await _beside_the_vote(
        "Democrats slammed the radical spending plan on Monday, calling it a reckless scheme "
        "that will bankrupt the country."
    )
    framed = [s for s in summary.sentences if "slammed" in s.text]
    assert framed and framed[0].text.startswith("According to one report, Democrats slammed")
    assert framed[0].citations == [1] and framed[0].support >= 0.6
    assert not framing_words(summary.headline)


async def test_an_attributed_sentence_reads_on_in_lower_case_after_the_lead_in() -> None:
    a = ("Whether it is a radical scheme or a gamble, critics slammed the spending "
         "plan on Monday as a threat to the country.")  # fmt: skip
    summary = await _beside_the_vote(a)
    framed = [s.text for s in summary.sentences if s.text.startswith("According to one report")]
    assert framed == [f"According to one report, w{a[1:]}"]


@pytest.mark.parametrize(
    ("word", "names", "expected"),
    [
        ("Tensions", frozenset(), "tensions"),  # a common word the lexicon knows
        ("Lots", frozenset(), "lots"),
        ("Spanish", frozenset(), "Spanish"),  # a nation's word
        ("Trump", frozenset({"trump"}), "Trump"),  # a name the articles use mid-sentence
        ("NATO", frozenset(), "NATO"),
        # the first word of a run of capitals is part of a name: "Senate Minority Leader …"
        ("Senate Minority Leader Mitch McConnell said", frozenset(), "Senate"),
        ("Tensions rose", frozenset(), "tensions"),
    ],
)
def test_a_sentence_read_after_a_lead_in_keeps_only_names_capitalised(
    word: str, names: frozenset[str], expected: str
) -> None:
    from chorus.pipeline.context import mid_sentence

    first, _, rest = word.partition(" ")
    assert mid_sentence(first, "", names, rest) == expected


def test_framing_lexicon_holds_loaded_words_not_their_parts() -> None:
    assert framing_words("Trump doubles down on tariffs") == {"doubles down"}
    assert not framing_words("Iran shot down a passenger plane; the price went down.")


def test_hyphenated_loaded_words_are_framing_for_every_reader_of_the_table() -> None:
    from chorus.pipeline.extractive import FRAMING_PRIOR, _prior
    from chorus.pipeline.framing import framed
    from chorus.pipeline.text import words

    loaded = "The hopefuls took aim at Ms. Warren’s far-left agenda on Tuesday."
    plain = "The hopefuls took aim at Ms. Warren’s tax agenda on Tuesday."
    assert framing_words(loaded) == {"far-left"}
    assert framed("A far\u2010right group wrote to the Speaker on Friday.")
    # the selection prior reads the word tokens, which split "far-left" into "far", "left"
    assert _prior(loaded, words(loaded)) == _prior(plain, words(plain)) * FRAMING_PRIOR
    # "so-called" introduces a term in news text; "left" and "far" alone are no framing
    assert not framed("Police may not use so-called no-knock warrants.")
    assert not framed("She left early; the farm is far-flung and the left-wing paper said so.")
    for text in (loaded, plain, "They Doubled Down.", "A far‐right mob, so-called.", "Down-ballot"):
        assert framed(text) == bool(framing_words(text)) == framed(text, words(text))


def test_the_headline_states_the_agreed_event_though_a_title_uses_the_same_words() -> None:
    options = [
        HeadlineOption("More than 4.4 million Americans filed for unemployment benefits last week.",
                       [1, 2], 9.0),
        HeadlineOption("Economists had forecast 4.25 million new claims for this week.", [2], 5.0),
    ]  # fmt: skip
    titles = ["4.4 million Americans sought jobless benefits last week, as economic pain spread."]
    first = (
        "The coronavirus continued to ravish the U.S. economy last week, with 4.4 million "
        "Americans filing first-time unemployment claims, the Labor Department reported Thursday."
    )
    terms = set(content_terms(" ".join(o.text for o in options)))
    got = compose_headline(options, titles, first, lambda ns: terms, lambda h, ns: True)
    assert got == "More than 4.4 million Americans filed for unemployment benefits last week"


def test_a_headline_the_lead_repeats_is_taken_only_when_no_other_will_do() -> None:
    repeated = HeadlineOption(
        "A third woman came forward to accuse Gov. Andrew Cuomo of an unwanted advance.", [1], 9.0
    )
    other = HeadlineOption("Cuomo denied the new allegations in a statement on Tuesday.", [2], 5.0)
    first = (
        "A third woman came forward late Monday to accuse Gov. Andrew Cuomo of an unwanted "
        "advance, this time at a wedding in 2019."
    )
    terms = set(content_terms(repeated.text + " " + other.text))
    pick = lambda opts: compose_headline(opts, [], first, lambda ns: terms, lambda h, ns: True)  # noqa: E731
    assert pick([repeated, other]) == "Cuomo denied the new allegations in a statement"
    assert pick([repeated]) == (
        "A third woman came forward to accuse Gov. Andrew Cuomo of an unwanted advance"
    )


def test_a_headline_never_announces_what_was_cut_off() -> None:
    option = HeadlineOption(
        "The CNN anchor posed the following question to the candidate.", [1], 1.0
    )
    terms = set(content_terms(option.text))
    assert compose_headline([option], [], "", lambda ns: terms, lambda h, ns: True) is None


@pytest.mark.parametrize(
    "cut",
    [
        "A federal judge ruled that the Department of Homeland Security has violated.",
        "The Green New Deal House resolution from the new congresswoman is officially.",
        "The candidate for mayor in Hawthorne allegedly submitted.",
        "Former acting FBI Director Andrew McCabe said Sunday.",
        "The Supreme Court nominee told senators, ‘The days of discriminating are.",
        "Sen. Ted Cruz was driven from the restaurant by a crowd of protesters chanting.",
    ],
)
def test_a_headline_never_stops_where_its_verb_still_needs_the_rest(cut: str) -> None:
    option = HeadlineOption(cut, [1], 1.0)
    terms = set(content_terms(cut))
    assert compose_headline([option], [], "", lambda ns: terms, lambda h, ns: True) is None


@pytest.mark.parametrize(
    "whole",
    ["Stock markets around the world are falling.", "Four people were killed in a shooting."],
)
def test_a_headline_may_end_on_a_progressive_or_an_ing_noun(whole: str) -> None:
    option = HeadlineOption(whole, [1], 1.0)
    terms = set(content_terms(whole))
    got = compose_headline([option], [], "", lambda ns: terms, lambda h, ns: True)
    assert got == whole.rstrip(".")


@pytest.mark.parametrize(
    ("text", "neutral"),
    [
        (
            "A damning U.S. Department of Justice report released Friday faults the police.",
            "A U.S. Department of Justice report released Friday faults the police.",
        ),
        (
            "Dr. Scott Atlas, a highly controversial member of the task force, has resigned.",
            "Dr. Scott Atlas, a member of the task force, has resigned.",
        ),
        ("The horrific mass shooting was live-streamed.", "The mass shooting was live-streamed."),
        ("Shocking footage shows the crash.", "Footage shows the crash."),
        # the article follows the noun now next to it
        (
            "He hit a new low with an utterly pathetic fit of drama.",
            "He hit a new low with a fit of drama.",
        ),
        ("An explosive report says the FBI knew.", "A report says the FBI knew."),
        # left alone: the letters do not tell "a" from "an", a predicate, someone's words
        ("It was a stunning upset victory.", "It was a stunning upset victory."),
        ("The results were shocking and unexpected.", "The results were shocking and unexpected."),
        (
            'He called it "a disgraceful attack" on Monday.',
            'He called it "a disgraceful attack" on Monday.',
        ),
        # a word that classifies is not a feeling: without it the sentence names another thing
        (
            "The socialist New Democratic Party gained seats.",
            "The socialist New Democratic Party gained seats.",
        ),
    ],
)
def test_an_outlets_loaded_modifier_of_a_noun_is_dropped(text: str, neutral: str) -> None:
    assert drop_loaded_modifiers(text) == neutral


def test_compression_drops_a_loaded_modifier() -> None:
    assert compress("A scathing report faulted the agency on Monday.") == (
        "A report faulted the agency on Monday."
    )


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        ("Counties slammed by Hurricane Michael have tallied their votes.", False),
        ("A frigid blast of winter weather plunged Texas into an emergency.", False),
        ("The blast killed 12 people at the port.", False),
        ("A car slammed into protesters on Saturday.", False),
        ("Pelosi slammed Trump over the delay.", True),
        ("Trump blasted McConnell on Twitter.", True),
        # a charged person called a vigilante is one outlet's verdict
        ("Kyle Rittenhouse, the teenage vigilante charged over the shootings, left school.", True),
        ("The senator's desperate attempts to win the base hit a new low on Thursday.", True),
        ("The county's virtue-signaling health director has turned the dial to 11.", True),
    ],
)
def test_weather_and_explosions_are_not_an_outlets_framing(text: str, loaded: bool) -> None:
    assert framed(text) is loaded
    assert bool(framing_words(text)) is loaded
