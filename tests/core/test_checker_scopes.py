"""Negation scope by scope, units of quantities and spelling variants, table-driven: each
catch beside the faithful counter-examples that must not fire."""

from __future__ import annotations

import pytest

from chorus.checker.features import features
from chorus.checker.polarity import negation_mismatch
from chorus.checker.quantities import compare_quantities, quantities, units_agree
from chorus.models import Cluster
from chorus.pipeline.text import canon, stem


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


SCOPES = [
    # text, each negation's (head, reach) as words
    pytest.param("Blinken and Lavrov did not speak at the G20.", [("speak", "speak g20")],
                 id="a-negated-verb-reaches-to-the-end-of-its-clause"),
    pytest.param("Bird flu was not deemed to be a threat to humans until 1997.",
                 [("deemed", "deemed threat humans 1997")],
                 id="the-head-stops-at-a-preposition-the-reach-does-not"),
    pytest.param("The lawyer denied paying any money to the aide.",
                 [("paying money", "paying money aide")], id="a-verb-of-denial-negates"),
    pytest.param("The talks failed to produce a deal, and Lavrov left.",
                 [("produce deal", "produce deal")], id="a-comma-ends-the-reach"),
    pytest.param('She has not "no fear whatsoever" of the virus.',
                 [("fear whatsoever", "fear whatsoever virus")] * 2,
                 id="two-negators-are-two-scopes"),
    pytest.param("Blinken had disabused Lavrov of any idea that support for Ukraine is wavering.",
                 [("wavering", "lavrov idea support ukraine wavering")],
                 id="a-clause-negator-negates-its-clauses-predicate"),
    pytest.param("Trump spoke to reporters on Monday.", [], id="no-negation-no-scope"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "scopes"), SCOPES)
def test_each_negation_has_a_head_and_a_reach(text: str, scopes: list[tuple[str, str]]) -> None:
    got = [(n.head, n.reach) for n in features(text).negation_scopes]
    assert got == [(_stems(head), _stems(reach)) for head, reach in scopes]


CAIN = (
    "Cain's nomination appeared in jeopardy after a fourth Republican senator voiced "
    "opposition, possibly denying Cain the support needed to be confirmed."
)
WHO = (
    "Trump threatened to halt funding if the body does not commit to major improvements within "
    "the next 30 days."
)
HOUSE = "The House passed the spending bill on Friday, but the Senate has not passed it."

NEGATION = [
    # claim, span, caught
    pytest.param("Blinken and Lavrov did not speak at the conference.",
                 "Blinken and Lavrov spoke at the conference.", True,
                 id="did-not-speak-vs-spoke"),
    pytest.param("Blinken and Lavrov spoke at the conference.",
                 "Blinken and Lavrov did not speak at the conference.", True,
                 id="spoke-vs-did-not-speak"),
    pytest.param('Ackison has not "no fear whatsoever" of contracting the virus, she said.',
                 'She has "no fear whatsoever" of contracting the virus, she said Thursday.', True,
                 id="one-negation-too-many"),
    pytest.param("The company did not say it would raise prices.",
                 "The company said it would raise prices.", True,
                 id="a-negated-report-of-a-plan"),
    pytest.param("Trump threatened to halt funding if the body does commit to major improvements "
                 "within the next 30 days.", WHO, True, id="a-condition-with-its-negation-dropped"),
    # faithful: the same negation in other words, or a negated clause the claim leaves out
    pytest.param("Bird flu was not classified as a threat to humans until 1997.",
                 "Bird flu was not deemed to be a threat to humans until 1997, after an outbreak "
                 "in Hong Kong.", False, id="not-classified-as-a-threat-vs-not-deemed-a-threat"),
    pytest.param("No money was paid to the former aide, the lawyer said.",
                 "The lawyer denied paying any money to the former aide.", False,
                 id="no-money-was-paid-vs-denied-paying-money"),
    pytest.param('She has "no fear whatsoever" of contracting the virus, she said.',
                 'She has "no fear whatsoever" of contracting the virus, she said Thursday.', False,
                 id="the-same-quoted-negation"),
    pytest.param("Cain's nomination appeared in jeopardy after a fourth Republican senator voiced "
                 "opposition.", CAIN, False, id="compression-drops-the-spans-negated-clause"),
    pytest.param("Cain's nomination appeared in jeopardy after a fourth Republican senator voiced "
                 "opposition to Cain.", CAIN, False,
                 id="a-name-is-never-the-negated-predicate"),
    pytest.param("Trump threatened to halt funding if reforms were not adopted within 30 days.",
                 WHO, False, id="not-adopted-within-30-days-vs-does-not-commit-within-30-days"),
    pytest.param("The talks ended without a deal.", "The talks ended with no deal.", False,
                 id="without-vs-with-no"),
    pytest.param("Officials refused to comment on the report.",
                 "Officials declined to comment on the report.", False,
                 id="refused-vs-declined"),
    pytest.param("No one was injured in the blast.", "Nobody was injured in the blast.", False,
                 id="no-one-vs-nobody"),
    pytest.param("He never said he would resign.", "He did not say he would resign.", False,
                 id="never-said-vs-did-not-say"),
    # bugs: a negation about another subject in the span's other clause
    pytest.param("The House passed the spending bill on Friday.", HOUSE, False,
                 id="compression-drops-a-negated-clause-about-another-subject"),
    pytest.param("The House did not pass the spending bill on Friday.", HOUSE, True,
                 id="a-negation-answered-by-one-about-another-subject"),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "span", "caught"), NEGATION)
def test_negation_is_compared_scope_by_scope(claim: str, span: str, caught: bool) -> None:
    got = negation_mismatch(features(claim), features(span))
    assert (got is not None) is caught, got


def test_a_negation_mismatch_names_the_word_in_either_direction() -> None:
    spoke, silent = features("They spoke at the G20."), features("They did not speak at the G20.")
    assert negation_mismatch(silent, spoke) == "the claim negates 'spoke'; the source does not"
    assert negation_mismatch(spoke, silent) == "the source negates 'speak'"


QUANTITIES = [
    # claim, evidence, units agree, matched, conflict
    pytest.param("6.6 million people filed claims.", "6.6 million individuals filed claims.",
                 True, 1, False, id="people-and-individuals-are-both-counts"),
    pytest.param("They spoke for about 10 minutes.", "They spoke for a 10-minute stretch.",
                 True, 1, False, id="a-hyphenated-unit"),
    pytest.param("They spoke for ten minutes.", "They spoke for 10 minutes.", True, 1, False,
                 id="a-number-word"),
    pytest.param("Moore was accused during his 2017 run for Senate.",
                 "Moore was accused in 2017's election for Senate.", True, 1, False,
                 id="his-2017-run-vs-2017s-election"),
    pytest.param("They spoke for 10 minutes.", "They spoke for 10 hours.", False, 0, True,
                 id="minutes-vs-hours"),
    pytest.param("The walk took 5 days.", "The walk took 5 weeks.", False, 0, True,
                 id="days-vs-weeks"),
    pytest.param("The road runs 10 km.", "The road runs 10 miles.", False, 0, True,
                 id="km-vs-miles"),
    pytest.param("6.6 million people filed claims.", "6.8 million people filed claims.", True, 0,
                 True, id="the-same-unit-another-value"),
    pytest.param("Moore was accused during his 2017 run for Senate.",
                 "Moore was accused in 2018's election for Senate.", False, 0, False,
                 id="another-year-is-unmatched"),
    pytest.param("6.6 million people filed claims.", "6.6 million dollars were paid.", False, 0,
                 False, id="a-count-is-not-money"),
    pytest.param("The wall got $5 billion.", "The wall got 5 billion dollars.", True, 1, False,
                 id="a-dollar-sign-is-dollars"),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "agree", "matched", "conflict"), QUANTITIES)
def test_quantities_agree_on_count_nouns_and_conflict_on_measures(
    claim: str, evidence: str, agree: bool, matched: int, conflict: bool
) -> None:
    (q,), (e,) = quantities(claim), quantities(evidence)
    assert units_agree(q, e) is agree
    got = compare_quantities((q,), (e,))
    assert got.matched == matched, got
    assert (got.conflict is not None) is conflict, got


CANON = [
    ("U.K.", "UK"),
    ("U.S.", "USA"),
    ("The U.S. and the U.K. met at 9 a.m. at the G-20.",
     "The USA and the UK met at 9 am at the G20."),
    ("a.m.", "am"),
    ("G-20", "G20"),
    ("COVID-19", "COVID19"),
    ("the U.S.-led coalition", "the USA-led coalition"),
    ("Washington, D.C., said", "Washington, DC, said"),
    # unchanged: a single initial, an abbreviation, a hyphen between words, decimals
    ("A. Smith said", "A. Smith said"),
    ("Mr. Smith", "Mr. Smith"),
    ("J. K. Rowling", "J. K. Rowling"),
    ("a well-known 3.5 percent", "a well-known 3.5 percent"),
    ("ages 18-21", "ages 18-21"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "want"), CANON, ids=[t for t, _w in CANON])
def test_canon_reads_dotted_acronyms_and_hyphenated_numbers_as_one_word(
    text: str, want: str
) -> None:
    assert canon(text) == want


def test_a_dotted_acronym_and_its_plain_form_are_one_name() -> None:
    assert features("The U.K. and the U.S. agreed.").entities == (
        features("The UK and the US agreed.").entities
    )


def test_the_group_of_20_is_the_g20() -> None:
    assert canon("a meeting of the Group of 20 nations") == "a meeting of the G20 nations"
    assert canon("the Group of Seven and the Group of 8") == "the G7 and the G8"
    assert canon("a group of 20 students") == "a group of 20 students"  # no capital: no name


def test_a_g20_headline_is_not_contradicted_by_the_group_of_20(seed_cluster: Cluster) -> None:
    from chorus.pipeline.prepare import prepare
    from chorus.settings import Limits

    prepared = prepare(seed_cluster, Limits())
    ns = [d.n for d in prepared.corpus.model_docs]
    judged = prepared.index.judge("Top US and Russian diplomats meet briefly at G20", ns)
    assert judged.verdict == "supported", judged.reason  # was "source says sergei, not g20"
