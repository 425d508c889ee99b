"""A headline when the best-agreed sentence opens the summary: a condensed clause of it (no
appositive, weekday or hedge), never the first sentence's opening words again."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chorus.pipeline.headline import HeadlineOption, compose_headline, last_resort
from chorus.pipeline.headline_clause import condense, headline_from_sentence, source_last
from chorus.pipeline.text import content_terms
from chorus_evals.prose import headline_repeats_lead


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mecca and Medina, Islam’s two holiest cities, are both located in Saudi Arabia.",
         "Mecca and Medina are located in Saudi Arabia."),
        ("Speaker Nancy Pelosi asked President Trump on Wednesday to delay his address.",
         "Nancy Pelosi asked President Trump to delay his address."),
        ("On Monday, the justices hear a set of cases.", "The justices hear a set of cases."),
        ("President Trump pressured Congress Sunday to end the shutdown.",
         "President Trump pressured Congress to end the shutdown."),
        ("Carlos Montenegro, aka Mark Gonsalves, 53, allegedly filed 8,000 forms.",
         "Carlos Montenegro allegedly filed 8,000 forms."),
        ("John Smith, 45, was arrested at the border.", "John Smith was arrested at the border."),
        # An office of several words goes too, so the clause fits a headline's 14 words.
        ("House Speaker Nancy Pelosi on Wednesday asked President Trump to postpone his State "
         "of the Union address.",
         "Nancy Pelosi asked President Trump to postpone his State of the Union address."),
        ("Senate Minority Leader Mitch McConnell took sides in two battles.",
         "Mitch McConnell took sides in two battles."),
        ("Health and Human Services Secretary Alex Azar took aim at the report.",
         "Alex Azar took aim at the report."),
        # A relative aside after the subject goes, as an appositive does.
        ("Julie Swetnick, who has made allegations against the nominee, is facing questions.",
         "Julie Swetnick is facing questions."),
        # an appositive after a subordinate clause's subject goes too
        ("NASCAR was on alert after Bubba Wallace, its only Black driver, took on a role.",
         "NASCAR was on alert after Bubba Wallace took on a role."),
        # ...and after "that", with an acronym inside.
        ("A judge ruled that Ken Cuccinelli, who previously headed U.S. Citizenship and "
         "Immigration Services (USCIS), was unlawfully appointed.",
         "A judge ruled that Ken Cuccinelli was unlawfully appointed."),
        # ...and after a subordinate clause's subject that is a common noun; a list stays.
        ("The update came after the South Korean currency, the won, took a hit on Monday.",
         "The update came after the South Korean currency took a hit."),
        ("He left after the apples, the pears, and the plums were eaten.",
         "He left after the apples, the pears, and the plums were eaten."),
        # Where something was said goes from between the verb and its "that"; a relative
        # "that" after a place keeps it.
        ("Biden said in an interview with CNN on Sunday that he would run.",
         "Biden said that he would run."),
        ("Nancy Pelosi told House Democrats in a letter Sunday night to fellow Democrats that "
         "the vote is set.",
         "Nancy Pelosi told House Democrats that the vote is set."),
        ("The mayor spoke at a news conference that drew hundreds.",
         "The mayor spoke at a news conference that drew hundreds."),
        # A day stays after a verb that takes "on", where it ends the clause.
        ("The bill will be voted on Thursday.", "The bill will be voted on Thursday."),
        ("The Senate voted on Tuesday to approve the bill.",
         "The Senate voted to approve the bill."),
        # Not before a surname alone, and not a subject that is no title.
        ("President Trump said the talks resume.", "President Trump said the talks resume."),
        ("The Department of Justice filed a suit.", "The Department of Justice filed a suit."),
        # A day a participle carries before the verb stays: "a report released excoriates…"
        # would not read.
        ("A Justice Department report released Friday morning excoriates the police.",
         "A Justice Department report released Friday morning excoriates the police."),
        ("The report released on Friday found no evidence.",
         "The report released on Friday found no evidence."),
        ("The budget, released on Monday, recommends deep cuts.",
         "The budget, released on Monday, recommends deep cuts."),
        ("Officials announced Friday plans to reopen schools.",
         "Officials announced Friday plans to reopen schools."),
        ("Trump tweeted Friday that he would veto the bill.",
         "Trump tweeted that he would veto the bill."),
        # An office before a full name goes inside the sentence too, office words only, and
        # not after a capitalised word: a demonym ("Russian") or a name stays whole.
        ("The move angered House Speaker Nancy Pelosi and Senate Minority Leader Chuck Schumer.",
         "The move angered Nancy Pelosi and Chuck Schumer."),
        ("A school is being renamed to honor former President Barack Obama.",
         "A school is being renamed to honor Barack Obama."),
        ("Talks between Joe Biden and Russian Foreign Minister Sergei Lavrov stalled.",
         "Talks between Joe Biden and Russian Foreign Minister Sergei Lavrov stalled."),
    ],
)  # fmt: skip
def test_condense_keeps_subject_verb_object(sentence: str, expected: str) -> None:
    assert condense(sentence) == expected


def test_condense_leaves_a_plain_statement_alone() -> None:
    text = "The Senate passed the bill by 51 votes to 49."
    assert condense(text) == text


def test_headline_is_a_condensed_clause_when_the_sentence_opens_the_summary() -> None:
    first = "Mecca and Medina, Islam’s two holiest cities, are both located in Saudi Arabia."
    terms = set(content_terms(first))
    got = compose_headline(
        [HeadlineOption(text=first, citations=[1], weight=3.0)],
        ["Hajj begins"],
        first,
        lambda ns: terms,
        lambda h, ns: True,
    )
    assert got == "Mecca and Medina are located in Saudi Arabia"
    assert not headline_repeats_lead(got, first)


def test_headline_refuses_a_condensed_clause_the_checker_does_not_support() -> None:
    first = "Mecca and Medina, Islam’s two holiest cities, are both located in Saudi Arabia."
    terms = set(content_terms(first))
    got = compose_headline(
        [HeadlineOption(text=first, citations=[1], weight=3.0)],
        [],
        first,
        lambda ns: terms,
        lambda h, ns: False,
    )
    assert got is None


def _headline_among(
    first: str, options: list[tuple[str, float]], supported: Callable[[str], bool]
) -> str | None:
    """The headline of `options` (text, agreed weight), each cited to article 1, under a
    summary opening with `first`; every word is the articles'."""
    terms = set(content_terms(" ".join([first, *(text for text, _ in options)])))
    return compose_headline(
        [HeadlineOption(text=text, citations=[1], weight=w) for text, w in options],
        [],
        first,
        lambda ns: terms,
        lambda h, ns: supported(h),
    )


def test_the_best_agreed_sentence_gives_the_headline_in_its_condensed_form() -> None:
    """A condensed clause of the sentence the articles agree on most beats a plain clause of
    a lesser one: the headline says the main event."""
    main = "Labor Secretary Eugene Scalia, 62, announced new guidance for laid-off workers."
    got = _headline_among(
        "The number of jobless claims rose again, bringing the total to 17 million.",
        [(main, 5.0), ("Claims for the previous week were revised upward to 6.8 million.", 2.0)],
        lambda h: h != main.rstrip("."),
    )
    assert got == "Eugene Scalia announced new guidance for laid-off workers"


def test_what_came_before_the_story_gives_no_headline_while_the_event_can() -> None:
    event = "Blinken and Lavrov spoke for about 10 minutes on stage at the conference."
    got = _headline_among(
        "US and Russian diplomats spoke briefly on Thursday in New Delhi.",
        [("Prime Minister Narendra Modi had earlier called on all members to agree.", 3.1),
         (event, 2.9)],
        lambda h: True,
    )  # fmt: skip
    assert got == event.rstrip(".")


def test_last_resort_avoids_the_first_sentence_opening() -> None:
    sentences = [
        ("A vote for me is a vote for jobs, safety and freedom.", [1]),
        ("Democratic and Republican staff in Congress are drafting language for a bill.", [2]),
    ]
    got = last_resort(sentences, [], lambda h, ns: True)
    assert got and not headline_repeats_lead(got, sentences[0][0])


def test_last_resort_falls_back_to_the_first_clause_when_nothing_else_exists() -> None:
    sentences = [("There is some ambiguity in this formulation.", [1])]
    assert last_resort(sentences, [], lambda h, ns: False) == (
        "There is some ambiguity in this formulation"
    )


def test_a_sentence_cut_to_its_first_words_never_stops_inside_an_aside() -> None:
    from chorus.pipeline.headline import _first_words

    aside = (
        "A small group of lawmakers, led by Rep. Karen Bass, D-Calif., along with Senators "
        "Tim Scott, R-S.C., and Cory Booker, D-N.Y. -- all of whom introduced bills -- are "
        "looking at reforms both parties can get on board with."
    )
    assert _first_words(aside) == ""  # not "A small group of lawmakers, led by …, D-Calif"
    closed = (
        "Representative Alexandria Ocasio-Cortez, D-N.Y., is set to release her much-touted "
        "Green New Deal on Thursday in Washington with her allies."
    )
    assert _first_words(closed).startswith("Representative Alexandria Ocasio-Cortez, D-N.Y., is")
    opening = "The first sentence opens on the cut clause of the main event today."
    sentences = [
        ("Democratic and Republican staff in Congress are drafting language for a bill.", [1]),
        (aside, [2]),
    ]
    got = last_resort([(opening, [3]), *sentences], [], lambda h, ns: True)
    assert "D-Calif" not in got


def test_a_cut_headline_is_a_whole_statement_or_nothing() -> None:
    from chorus.pipeline.clause import fragment
    from chorus.pipeline.headline import _first_words

    # The cut used to stop before "is" and drop "that…": "The upshot".
    upshot = (
        "The upshot is that the government’s disease-fighting agency is overstating the "
        "country’s ability to test people who are sick."
    )
    got = _first_words(upshot)
    assert got != "The upshot" and (got == "" or fragment(got) is None)
    # Nor on "of": "…cost parties millions" of "millions of dollars".
    election = (
        "A special election that tested President Donald Trump's clout and cost parties "
        "millions of dollars in battleground Ohio was too close to call."
    )
    assert not _first_words(election).endswith(("millions", "of"))


def test_a_quotation_cut_at_its_comma_is_no_headline() -> None:
    from chorus.pipeline.headline_form import acceptable

    assert not acceptable("Dunford wrote, there “will be no modifications to the policy,”", [])
    assert acceptable("The Pentagon said there will be “no modifications to the policy”", [])


def _last_fallback(first_sentence: str) -> str:
    """The last resort's clause when the checker supports no condensed form."""
    return last_resort([(first_sentence, [1])], [], lambda h, ns: False)


def test_the_last_fallback_never_ends_on_a_function_word() -> None:
    got = _last_fallback(
        "Preparing to withdraw U.S. ground forces from Syria, President Trump should pay "
        "attention to the generals who warned him."
    )
    assert got and got.split()[-1].lower() not in {"to", "of", "the", "a"}


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        # a person's claim stays theirs
        ("President Tayyip Erdogan said on Tuesday Turkey could go as far as breaking off ties "
         "with Israel.",
         "Tayyip Erdogan says Turkey could go as far as breaking off ties with Israel"),
        # a body's report or a group's statement reads as the news, as before
        ("The Labor Department reported Thursday that another 6.6 million people filed claims.",
         "Another 6.6 million people filed claims"),
        ("Democrats said Tuesday that the bill would pass the House next week.",
         "The bill would pass the House next week"),
        ("The White House said that the president would sign the bill on Friday.",
         "The president would sign the bill"),
        # ...but a body's claim about itself stays its own: "It had secured…" names no one
        ("The Biden administration said Thursday it had secured 200 million more doses of "
         "coronavirus vaccines.",
         "The Biden administration says it had secured 200 million more doses of coronavirus "
         "vaccines"),
        ("Democrats said they would pass the bill in the House next week.",
         "Democrats say they would pass the bill in the House next week"),
        # "has announced" too, and a name with a particle stays whole
        ("Beijing has announced it will take control of Hong Kong by imposing a law.",
         "Beijing says it will take control of Hong Kong by imposing a law"),
        ("New York Mayor Bill de Blasio announced on Wednesday that the city has recorded its "
         "lowest positive testing rate.",
         "Bill de Blasio says the city has recorded its lowest positive testing rate"),
        # ...but what follows "announced" without "that" may be its object: no claim to keep
        ("Joe Biden officially announced his presidential bid this morning.",
         "Joe Biden officially announced his presidential bid this morning"),
    ],
)  # fmt: skip
def test_a_persons_claim_keeps_its_speaker_in_the_headline(sentence: str, headline: str) -> None:
    assert headline_from_sentence(sentence) == headline


def test_a_participle_that_names_what_follows_never_ends_a_headline() -> None:
    from chorus.pipeline.headline_form import acceptable

    assert not acceptable("The House voted to condemn the conspiracy theory known", [])
    assert not acceptable("Police arrested a man dubbed", [])
    assert acceptable("The House voted to condemn the conspiracy theory known as QAnon", [])


def test_the_last_fallback_stops_before_a_coordinator_rather_than_inside_its_second_half() -> None:
    got = _last_fallback(
        "There are 30 million Americans feeling the sting of a lost job or lost wages — 10 "
        "million who’ve had the peace of mind of health coverage taken away."
    )
    assert got == "There are 30 million Americans feeling the sting of a lost job"


def test_a_names_suffix_is_no_clause_boundary() -> None:
    got = headline_from_sentence(
        "A pair of comedians swapped out the jackets on copies of Donald Trump, Jr.'s new book "
        'with ones that read, "Daddy, Please Love Me."'
    )
    assert not got.endswith("Donald Trump")  # the book is his son's
    assert headline_from_sentence("Martin Luther King, Jr. led the march on Washington.") == (
        "Martin Luther King, Jr. led the march on Washington"
    )


def test_a_headline_opening_on_a_bare_surname_names_the_person_in_full() -> None:
    from chorus.pipeline.headline_clause import name_in_full

    articles = [
        "Rep. John Ratcliffe was nominated for the post. Ratcliffe has served since 2015.",
        "President Donald Trump picked him. Former Gov. David Paterson said no.",
    ]
    assert name_in_full("Ratcliffe was nominated earlier this week", articles) == (
        "John Ratcliffe was nominated earlier this week"
    )
    assert name_in_full("Paterson said no to the plan", articles) == (
        "David Paterson said no to the plan"
    )  # no office, past or present, in a headline
    assert name_in_full("The Senate voted on the nomination", articles) == (
        "The Senate voted on the nomination"
    )
    long = "Ratcliffe was nominated earlier this week to lead the nation's spy agencies once again"
    assert name_in_full(long, articles) == long  # 15 words would break the headline's form
    # two surnames joined stay alike: one in full and one bare reads worse
    pair = "Ratcliffe and Paterson spoke on Tuesday"
    assert name_in_full(pair, articles) == pair


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        ("U.S. intelligence indicates that North Korean leader Kim Jong Un recently had "
         "cardiovascular surgery, NBC News reported Tuesday.",
         "North Korean leader Kim Jong Un recently had cardiovascular surgery, U.S. intelligence "
         "indicates"),
        # a person by name, without the office; a day goes; the verb in the present
        ("Energy Secretary Jennifer Granholm said Sunday the administration will push for a "
         "bipartisan deal.",
         "The administration will push for a bipartisan deal, Jennifer Granholm says"),
        ("Trump administration officials say Vice President Mike Pence will be at the White "
         "House today despite an earlier report.",
         "Mike Pence will be at the White House today, Trump administration officials say"),
        ("Officials said Sunday that the bridge will reopen to traffic next month.",
         "The bridge will reopen to traffic next month, officials say"),
        # a claim about the source itself, or no whole claim: no such form
        ("The governor said that he would sign the bill.", ""),
        ("A new poll shows President Biden leading in Pennsylvania by 8 points.", ""),
        ("Trump's lawyers argued the case and said the ruling was wrong.", ""),
    ],
)  # fmt: skip
def test_a_claim_can_come_before_its_source(sentence: str, headline: str) -> None:
    """The form headlines give a sourced claim: the claim, then who says it."""
    assert source_last(sentence) == headline


def test_a_connective_with_its_comma_opens_no_headline() -> None:
    from chorus.pipeline.headline_form import acceptable

    assert not acceptable("Specifically, the question is whether employers may fire staff", [])
    assert not acceptable("However, the Senate passed the spending bill on time", [])
    assert acceptable("The Senate passed the spending bill on time", [])


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        # a comma that opens an aside before the clause's verb ends nothing
        ("House Democrats, in fact, are planning to formally rebuke Trump.",
         "House Democrats are planning to formally rebuke Trump"),
        ("The bill passed by the House, a sweeping measure, was signed by the president on "
         "Friday.",
         "The bill passed by the House was signed by the president"),
        # ...but a name stays (it is who is meant), and so does who said it
        ("Donald Trump's former national security adviser, Michael Flynn, is under "
         "investigation.",
         "Donald Trump's former national security adviser, Michael Flynn, is under investigation"),
        ("If it rains, the game, he said, will be postponed until evening.",
         "If it rains, the game, he said, will be postponed until evening"),
        ("Past perceived gaffes, such as Romney's '47 percent' comment in 2012, have drawn far "
         "more attention from the media than from voters.",
         "Past perceived gaffes have drawn far more attention from the media than from voters"),
        # a participle is no clause's verb: no cut before the verb that follows the aside
        ("A COVID-19 vaccine developed with its partner, BioNTech, has proved to be more than "
         "90% effective in a trial.", ""),
    ],
)  # fmt: skip
def test_an_aside_before_the_verb_is_no_clause_end(sentence: str, headline: str) -> None:
    assert headline_from_sentence(sentence) == headline


def test_the_last_resort_takes_no_clause_without_a_verb() -> None:
    from chorus.pipeline.headline import last_resort

    sentences = [
        ("We gathered in the capital on Monday to mark the occasion.", [1]),
        ("The battle over the separation of children from their parents.", [1]),
        ("Biden spoke.", [1]),
    ]
    assert last_resort(sentences, [], lambda text, ns: True) == "Biden spoke"


def test_time_words_open_no_headline_and_some_verbs_need_no_object() -> None:
    from chorus.pipeline.headline_form import acceptable

    assert not acceptable("Earlier Melania Trump made a rare statement on the policy", [])
    assert not acceptable("Afterward he hosted a candlelit outdoor commemoration", [])
    assert acceptable("Officials say more than 500,000 Americans have died", [])
    assert not acceptable("Officials say the senator has violated", [])
    # a count whose noun was cut off
    assert not acceptable("Rescuers in Thailand freed at least three", [])
    assert acceptable("Rescuers in Thailand freed three boys from the cave", [])
    # who was told, but not what
    assert not acceptable("House Speaker Nancy Pelosi told House Democrats", [])
    assert acceptable("Nancy Pelosi told House Democrats the vote is set", [])
