"""Every detector, table-driven, with faithful counter-examples beside the catches."""

from __future__ import annotations

import pytest

from chorus.checker.align import SYNONYM_CREDIT, Weights, strengths
from chorus.checker.assess import clause_gap
from chorus.checker.claims import resolve, split_claims
from chorus.checker.detectors import (
    antonyms,
    displaced,
    negation_mismatch,
    quote_speaker,
    substitution,
    swapped_name,
    swapped_words,
    traded_places,
)
from chorus.checker.features import features
from chorus.checker.order import run_order
from chorus.checker.quantities import (
    compare_quantities,
    date_conflict,
    dates,
    in_years,
    ordinal_conflict,
    quantities,
)
from chorus.checker.stance import opposed_stance, replaced_opposites
from chorus.models import Article, Cluster
from chorus.pipeline.prepare import prepare
from chorus.pipeline.text import entities, stem
from chorus.settings import Limits

NEGATION = [
    # claim, evidence, caught
    ("Blinken and Lavrov did not speak at the G20.", "Blinken and Lavrov spoke at the G20.", True),
    ("Lavrov said Russia is feeling isolated.", "Lavrov said “we aren’t feeling isolated.”", True),
    ("Blinken told Lavrov that support for Ukraine is wavering.",
     "Blinken had “disabused” Lavrov of any idea that support for Ukraine is wavering.", True),
    # faithful: the same negation in other words, or nots about other things
    ("Blinken told Lavrov that support for Ukraine is not wavering.",
     "Blinken had “disabused” Lavrov of any idea that support for Ukraine is wavering.", False),
    ("The meeting ended without a consensus on the war.",
     "The meeting ended with no consensus on the Ukraine war.", False),
    ("Blinken did not get the impression Russia would change.",
     "Lavrov did not mention it; Blinken did not get the impression Russia would change.", False),
    ("The talks failed to produce a deal.", "The talks did not produce a deal.", False),
    ("The ministers could not agree on a final communiqué.",
     "The ministers were unable to agree to a final communiqué.", False),
    # the evidence negates another predicate: "can't find people" says nothing about people
    ("The rate stood at 6.1%, representing 9.8 million people looking for work.",
     "The rate was 6.1%, representing 9.8 million people looking for work, but employers "
     "can't find people to hire.", False),
    # an adverb between the negator and its predicate is not the predicate
    ("The president was urging voters to vote twice.",
     "The president was not specifically urging voters to vote twice.", True),
    ("The plant still works.", "The plant no longer works, officials said.", True),
    # "decided against firing" is "decided not to fire"; "protested against" is no negation
    ("Kim decided on Tuesday against firing missiles at Guam.",
     "Kim decided on Tuesday not to fire missiles at Guam.", False),
    ("Kim decided to fire missiles at Guam.", "Kim decided against firing missiles at Guam.",
     True),
    ("Crowds protested the plan.", "Crowds protested against the plan.", False),
    # "unable to" negates its verb like "failed to"
    ("The ministers agreed to a final communiqué.",
     "The ministers were unable to do so or agree to a final communiqué.", True),
    # a light verb lends its noun the predicate: what is denied is the consensus, the deal
    ("The conference ended with a consensus on the war in Ukraine.",
     "The conference ended without reaching a consensus on the war in Ukraine.", True),
    ("The two sides struck a deal on Friday.",
     "The two sides failed to strike a deal on Friday.", True),
    ("The conference ended without a consensus on the war in Ukraine.",
     "The conference ended without reaching a consensus on the war in Ukraine.", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "caught"), NEGATION)
def test_negation_scope_compares_the_aligned_predicate(
    claim: str, evidence: str, caught: bool
) -> None:
    assert (negation_mismatch(features(claim), features(evidence)) is not None) is caught


NUMBERS = [
    # claim, evidence, conflict, missing
    ("They spoke for about 10 hours.", "They spoke for roughly 10 minutes.", True, 0),
    ("They spoke for about 10 minutes.", "They spoke for roughly 10 minutes.", False, 0),
    ("More than 100 people died.", "The toll rose to 116 people.", False, 0),
    ("Nearly 100,000 people marched.", "Some 99,500 people marched.", False, 0),
    ("Thirty-five percent agreed.", "35% agreed.", False, 0),
    ("It cost 235, 000 dollars, or 98. 7 percent.", "It cost 235,000 dollars, or 98.7%.", False, 0),
    ("The age rises from 27 to 21.", "The age rises from 18 to 21.", True, 0),
    (
        "It would cost $30 trillion over ten years.",
        "It would cost $30 trillion over a decade.",
        False,
        0,
    ),
    (
        "It would cost $30 trillion over five years.",
        "It would cost $30 trillion over a decade.",
        True,
        0,
    ),  # "over" a span of time is no "more than"
    ("Two decades ago the law passed.", "Twenty years ago the law passed.", False, 0),
    # a value another claim quantity states is no rival ("4.4%" is the March rate)
    (
        "The rate went from 4.4% in March to 14.7% in April.",
        "The rate was 4.4 percent in March.",
        False,
        1,
    ),
    ("141 countries condemned Russia.", "151 countries condemned Russia.", True, 0),
    ("The vote was held in 2022.", "The vote was held in 2023.", True, 0),
    ("The vote was held in 2023.", "The vote was held in 2023.", False, 0),
    ("They sent $5B for the wall.", "They sent $5 billion for the wall.", False, 0),
    ("Officials counted 40 ballots.", "Officials counted the ballots.", False, 1),
]


@pytest.mark.parametrize(("claim", "evidence", "conflict", "missing"), NUMBERS)
def test_numbers_with_units_and_hedges(
    claim: str, evidence: str, conflict: bool, missing: int
) -> None:
    got = compare_quantities(quantities(claim), quantities(evidence))
    assert (got.conflict is not None) is conflict, got
    assert got.missing == missing, got


def test_a_conflict_says_what_the_source_says() -> None:
    got = compare_quantities(quantities("about 10 hours"), quantities("roughly 10 minutes"))
    assert got.conflict == "source says roughly 10 minutes"


@pytest.mark.parametrize(
    ("claim", "evidence", "caught"),
    [
        ("They met on Thursday.", "They met on Friday.", True),
        ("They met in March.", "They met in March and June.", False),
        ("They met on Thursday.", "They met on Thursday in New Delhi.", False),
        ("They met on Thursday.", "They met in New Delhi.", False),
        ("The tariffs took effect last week.", "The tariffs take effect next week.", True),
        ("Sales rose this year.", "Sales rose in the previous year.", True),
        ("Sales rose last year.", "Sales rose in the previous year.", False),
        ("Sales rose last year.", "Sales rose, and next week a report is due.", False),
        ("The rate jumped to 14.7% in May.", "The rate rose to 14.7% in April.", True),
        ("The rate may rise in April.", "The rate rose in April.", False),  # "may": the verb
    ],
)
def test_dates_and_weekdays(claim: str, evidence: str, caught: bool) -> None:
    assert (date_conflict(dates(claim), dates(evidence)) is not None) is caught


SUBSTITUTION = [
    ("India joined Russia in refusing to support the call.",
     "China joined Russia on Thursday in refusing to support the call.", ["india"], True),
    ("China's foreign minister said there were divergences.",
     "India’s Foreign Minister Subrahmanyam Jaishankar said there were “divergences”.",
     ["china"], True),
    ("Trump University said that is a racist attack on a judge.",
     "Hillary Clinton said that is a racist attack on a judge.", ["trump", "univers"], True),
    # faithful: a longer form of a name the evidence has, or a name the claim adds elsewhere
    ("The New York City mayoral candidate will launch a party.",
     "The New York mayoral candidate Andrew Yang will launch a party.", ["citi"], False),
    ("Blinken met Lavrov, Jaishankar said.", "Blinken met Lavrov on the sidelines.",
     ["jaishankar"], False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "missing", "caught"), SUBSTITUTION)
def test_entity_substitution_needs_another_name_in_the_same_place(
    claim: str, evidence: str, missing: list[str], caught: bool
) -> None:
    names = frozenset(entities(claim) | entities(evidence) | {"india", "china", "trump", "hillary"})
    got = substitution(features(claim), features(evidence), missing, names)
    assert (got is not None) is caught, got


ROLES = [
    ("The Justice Department told the House Ways that it must turn over the returns to the "
     "Treasury Department and Means Committee.",
     "The Justice Department told the Treasury Department that it must turn over the returns to "
     "the House Ways and Means Committee.", True),
    ("The opinion came from the Office's Justice Department of Legal Counsel.",
     "The opinion came from the Justice Department's Office of Legal Counsel.", True),
    ("Such a vote would be rejected by Republicans, who control the majority, and some moderate "
     "Democrats.", "Such a vote would be rejected by Democrats, who control the majority, and "
     "some moderate Republicans.", True),
    # faithful: an attribution moved to the end, or the same order
    ("He will call on Russian President Vladimir Putin to respect human rights in Geneva, "
     "President Biden said.", "President Biden said he will call on Russian President Vladimir "
     "Putin to respect human rights in Geneva.", False),
    ("Blinken told Lavrov that Russia should release Paul Whelan.",
     "The official said Blinken had told Lavrov that Russia should release Paul Whelan.", False),
    # faithful: synonyms that changed places beside a name that stayed in its place
    ("Pelosi said House Democrats had reached a deal with the White House on the USMCA trade "
     "agreement.", "Pelosi announced that House Democrats had reached an agreement with the "
     "White House over the landmark USMCA trade deal.", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "caught"), ROLES)
def test_role_swaps_on_near_copies(claim: str, evidence: str, caught: bool) -> None:
    c, e = features(claim), features(evidence)
    names = frozenset(entities(claim) | entities(evidence) | c.entities | e.entities)
    found = run_order(c, e) is not None or bool(displaced(c, e, names, names))
    assert found is caught


LAVROV = features("Lavrov, who did not mention speaking with Blinken, told reporters that Moscow "
                  "will continue to press its action in Ukraine.")  # fmt: skip
QUOTING = features("He shrugged off Western claims of Russia’s isolation, saying “we aren’t "
                   "feeling isolated. It’s the West that has isolated itself.”")  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "caught"),
    [
        ('Blinken said "we aren\'t feeling isolated".', True),
        ('Lavrov said "we aren\'t feeling isolated".', False),
        ('Russia, Lavrov said, is "not feeling isolated at all" now.', False),  # no such quote
    ],
)
def test_a_quote_belongs_to_its_speaker(claim: str, caught: bool) -> None:
    names = frozenset({"lavrov", "blinken", "moscow", "ukrain", "russia", "west"})
    mine = frozenset(entities(claim)) | {"blinken", "lavrov"} & features(claim).term_set
    got = quote_speaker(features(claim), QUOTING, [LAVROV], names, mine)
    assert (got is not None) is caught, got


@pytest.mark.parametrize(
    ("claim", "evidence", "caught"),
    [
        ("Sales rose sharply in May.", "Sales fell sharply in May.", True),
        ("17 Republicans supported it.", "17 Republicans opposed it.", True),
        ("Treasuries had their smallest yield jump.", "Treasuries had their biggest jump.", True),
        ("Sales rose sharply in May.", "Sales increased sharply in May.", False),
        ("Sales rose, then fell, in May.", "Sales rose, then fell, in May.", False),
        # a superlative meets a comparative of its opposite ("fastest" / "slower")
        ("The population grew 7.4%, the fastest rate in a century.",
         "The population grew 7.4%, a slower rate than in any decade in a century.", True),
        ("The population grew 7.4%, the slowest rate in a century.",
         "The population grew 7.4%, a slower rate than in any decade in a century.", False),
        # pairs the news uses: a ruling upheld or overturned, a bill signed or vetoed
        ("The ruling upheld the limits on gatherings.",
         "The ruling overturned the limits on gatherings.", True),
        ("Trump signed the defense spending bill on Wednesday.",
         "Trump vetoed the defense spending bill on Wednesday.", True),
        # a word ending in "-est" that is no superlative stays itself
        ("Protesters gathered at the capitol.", "Protesters gathered at the capitol.", False),
    ],
)  # fmt: skip
def test_antonyms_in_the_same_place(claim: str, evidence: str, caught: bool) -> None:
    assert (antonyms(features(claim), features(evidence)) is not None) is caught


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("Lavrov said Moscow will press on; he said Russia remains open to talks.",
         ["Lavrov said Moscow will press on", "he said Russia remains open to talks."]),
        ("Blinken and Lavrov spoke for about 10 minutes in New Delhi.",
         ["Blinken and Lavrov spoke for about 10 minutes in New Delhi."]),
        ('Blinken said "we must continue; we will support Ukraine for as long as it takes."',
         ['Blinken said "we must continue; we will support Ukraine for as long as it takes."']),
    ],
)  # fmt: skip
def test_claims_split_at_clause_joints_never_inside_quotes(text: str, claims: list[str]) -> None:
    assert split_claims(text) == claims


def test_a_reference_is_resolved_against_the_previous_sentence() -> None:
    previous = "Blinken and Lavrov spoke for about 10 minutes."
    assert resolve("The two countries ended their meeting.", previous) == (
        "Blinken and Lavrov ended their meeting."
    )
    assert resolve("He said talks were over.", "Lavrov spoke to reporters.") == (
        "Lavrov said talks were over."
    )
    assert resolve("The meeting ended.", previous) == "The meeting ended."


@pytest.mark.parametrize(
    ("claim", "previous", "resolved"),
    [
        ("Since then, 870 infections have been reported.", "Bird flu was no threat until 1997.",
         "870 infections have been reported."),
        ("Previously, they had to fly around.", "Blinken and Lavrov flew.",
         "Blinken and Lavrov had to fly around."),
        ("Prior to this, the airlines flew around.", None, "The airlines flew around."),
        # faithful counter-examples: the opener is the fact, or no opener at all
        ("Since 2019, 870 infections have been reported.", None,
         "Since 2019, 870 infections have been reported."),
        ("Previously unknown files were found.", None, "Previously unknown files were found."),
    ],
)  # fmt: skip
def test_an_opener_that_only_points_back_is_left_out_of_the_claim(
    claim: str, previous: str | None, resolved: str
) -> None:
    assert resolve(claim, previous) == resolved


TRADED = [
    ("Democrats attacked President Trump for rejecting his proposals.",
     "President Trump attacked Democrats for rejecting his proposals.", True),
    ("If the House win a majority in the Democrats, it will be Democrats who chair committees.",
     "If the Democrats win a majority in the House, it will be Democrats who chair committees.",
     True),
    ("Canada will receive 2.5 million doses and Mexico is to receive 1.5 million.",
     "Mexico will receive 2.5 million doses and Canada is to receive 1.5 million.", True),
    # faithful: names joined by "and" in another order, the same order, or one name moved
    ("Blinken and Lavrov spoke in New Delhi.", "Lavrov and Blinken spoke in New Delhi.", False),
    ("Canada and Mexico will each receive doses.", "Mexico and Canada will each receive doses.",
     False),
    ("Trump attacked Democrats on Friday.", "On Friday, Trump attacked Democrats.", False),
    ("Lavrov met Blinken, Jaishankar said.", "Jaishankar said Lavrov met Blinken.", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "caught"), TRADED)
def test_two_names_that_traded_places_are_a_role_swap(
    claim: str, evidence: str, caught: bool
) -> None:
    c, e = features(claim), features(evidence)
    names = frozenset(c.entities | e.entities)
    assert (traded_places(c, e, names, names) is not None) is caught


SLOTS = [
    # claim, evidence, swapped word pairs, a name swapped
    ("The council rejected the plan on Monday.", "The council approved the plan on Monday.",
     [("rejected", "approved")], False),
    ("It began when the Department of Americans started tracking.",
     "It began when the Department of Labor started tracking.",
     [("americans", "labor")], True),
    # faithful: the same words, a short form of the same title, a word added, a function
    # word in other words
    ("The council approved the plan.", "The council approved the plan.", [], False),
    ("Then Sen. Rand Paul voted no.", "Then Senator Rand Paul voted no.", [("sen", "senator")],
     False),
    ("The council quickly approved the plan.", "The council approved the plan.", [], False),
    ("Trump stated on Friday that he won.", "Trump said on Friday that he won.",
     [], False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "pairs", "name"), SLOTS)
def test_a_word_in_the_slot_of_another(
    claim: str, evidence: str, pairs: list[tuple[str, str]], name: bool
) -> None:
    c, e = features(claim), features(evidence)
    assert swapped_words(c, e) == pairs
    names = frozenset(c.entities | e.entities)
    assert (swapped_name(c, e, c.entities, names) is not None) is name


def _gap(claim: str, carried: str) -> float:
    c = features(claim)
    w = Weights(c, {}, 1.0)
    return clause_gap(c, w, {t: 1.0 for t in w.w if t in features(carried).term_set})


def test_an_added_clause_is_a_part_the_span_does_not_carry() -> None:
    source = (
        "Another 6.6 million people filed for unemployment benefits, the Labor Department said."
    )
    added = source[:-1] + ", a move the Labor Department had secretly funded."
    assert _gap(added, source) > 0.5
    # faithful: the sentence itself, or one word of a part in other words
    assert _gap(source, source) == 0.0
    assert _gap(source.replace("said", "stated"), source) == 0.0


ORDINALS = [
    ("the third high-level meeting in a week", "the first high-level meeting in months",
     "source says first high-level"),
    ("in the 20th century", "in the 21st century", "source says 21st century"),
    ("he won a second term", "he won a third term", "source says third term"),
    # faithful: the same ordinal, one the evidence lacks, or ordinals of different things
    ("the first high-level meeting", "the first high-level meeting in months", None),
    ("the first lady spoke", "Melania Trump spoke", None),
    ("his second term began", "his first term ended and his second term began", None),
    ("the first time in a decade", "the third quarter was the best in a decade", None),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "reason"), ORDINALS)
def test_ordinals_conflict_only_with_another_ordinal_of_the_same_thing(
    claim: str, evidence: str, reason: str | None
) -> None:
    assert ordinal_conflict(claim, evidence) == reason


STANCE = [
    # claim, evidence, caught (a word of the other camp in the very same slot)
    ("Blinken said 141 countries had supported Russia at the UN.",
     "He noted that 141 countries had condemned Russia at the UN.", True),
    ("China and Russia proposed two paragraphs of the statement.",
     "China and Russia opposed two paragraphs of the statement.", True),
    ("The Senate rejected the bill on Tuesday.", "The Senate passed the bill on Tuesday.", True),
    # faithful: the same camp, or words that share no slot
    ("The Senate backed the bill on Tuesday.", "The Senate supported the bill on Tuesday.", False),
    ("Critics slammed the plan on Monday.", "Critics criticized the plan on Monday.", False),
    ("The governor lifted the ban on Friday.", "The governor ended the ban on Friday.", False),
    ("Sales fell sharply in May.", "Sales dropped sharply in May.", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "caught"), STANCE)
def test_a_word_of_the_opposite_stance_in_the_same_slot(
    claim: str, evidence: str, caught: bool
) -> None:
    pairs = swapped_words(features(claim), features(evidence))
    found = any(opposed_stance(stem(a.lower()), stem(b.lower())) for a, b in pairs)
    assert found is caught


REPLACED = [
    # claim, evidence, (claim word, evidence word) found in a near copy
    ("The unemployment rate rose to 3.7 percent.", "The unemployment rate stayed at 3.7 percent.",
     [("rose", "stayed")]),
    ("Job openings fell by nearly a million in April.",
     "Job openings soared by nearly a million in April, setting a record.", [("fell", "soared")]),
    ("The Justice Department kept the gag orders limiting disclosure in place.",
     "The Justice Department dropped the gag orders limiting disclosure.", [("kept", "dropped")]),
    ("All students must wear masks in class.", "Most students must wear masks in class.",
     [("all", "most")]),
    ("Every state reported new cases on Friday.", "Some states reported new cases on Friday.",
     [("every", "some")]),
    # faithful: same class, stance turned by its object, or no near copy
    ("Each state reported new cases on Friday.", "Every state reported new cases on Friday.", []),
    ("Job openings jumped by nearly a million in April.",
     "Job openings soared by nearly a million in April.", []),
    ("The governor lifted the ban on indoor dining on Friday.",
     "The governor ended the ban on indoor dining on Friday.", []),
    ("Prices rose.", "Prices fell sharply across the country last month.", []),
    ("Lawmakers held hearings while prices rose in every state last year.",
     "Prices fell in every state last year, officials said.", []),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "pairs"), REPLACED)
def test_a_word_of_the_other_class_put_in_a_near_copy(
    claim: str, evidence: str, pairs: list[tuple[str, str]]
) -> None:
    assert replaced_opposites(features(claim), features(evidence)) == pairs


@pytest.mark.parametrize(
    ("claim", "evidence", "word", "credit"),
    [
        ("The fee will rise 81%.", "It would increase the fee by 81%.", "rise", SYNONYM_CREDIT),
        ("Sales plunged in May.", "Sales dropped in May.", "plunged", SYNONYM_CREDIT),
        ("Sales rose in May.", "Sales dropped in May.", "rose", None),  # the other way
    ],
)
def test_a_change_the_same_way_counts_part_way(
    claim: str, evidence: str, word: str, credit: float | None
) -> None:
    got = strengths(Weights(features(claim), {}, 1.0), features(evidence))
    assert got.get(stem(word)) == credit


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Democrats say the supplement keeps people from work.", {"democrat"}),
        ("Republicans say the supplement keeps people from work.", {"republican"}),
        ("Experts say the supplement keeps people from work.", set()),  # a common opener
    ],
)
def test_a_party_opening_a_sentence_is_still_a_name(text: str, names: set[str]) -> None:
    assert entities(text) == names


def test_a_month_is_no_name() -> None:
    assert entities("The rate rose in May and March, Theresa May said.") == {"theresa"}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("for five decades", "for 50 years"),
        ("nearly a decade ago", "nearly 10 years ago"),
        ("over 3 decades", "over 30 years"),
        ("the decade's end", "the decade's end"),  # no count, no change
    ],
)
def test_decades_are_read_as_years(text: str, read: str) -> None:
    assert in_years(text) == read


def test_a_span_of_two_sentences_is_read_one_by_one_for_an_opposite() -> None:
    """The claim's word in one sentence of a fused span and its opposite in the other, beside
    the claim's own words, is a flip: the fused span does not say what the claim says."""
    article = (
        "But Trump is gaining in Arizona, where he could overtake Biden. "
        "The problem is Pennsylvania, where Trump has been losing ground fast."
    )
    cluster = Cluster(id="fused", articles=[Article(id="a", text=article)])
    index = prepare(cluster, Limits()).index
    judged = index.judge("Trump has been gaining ground fast in Pennsylvania.", [1])
    assert judged.verdict == "contradicted", judged
