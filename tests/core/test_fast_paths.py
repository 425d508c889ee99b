"""The speed-ups of the extractive path give what the plain forms they replace give.

Each fast form is checked against its plain definition on tricky and random text (seeded, so
deterministic): a change that made a shortcut diverge would change summaries silently.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from chorus.checker.features import Features, normal
from chorus.checker.lexicon import load_lexicon
from chorus.checker.quantities import _COMPOUND_RE, mend, spell_out_digits
from chorus.checker.support import SupportIndex
from chorus.models import Article, Cluster
from chorus.pipeline.dedupe import dedupe
from chorus.pipeline.normalise import normalise
from chorus.pipeline.prepare import doc_tokens, prepare
from chorus.pipeline.segment import _word_before, segment
from chorus.pipeline.selection import _unique
from chorus.pipeline.spelling import _DOTTED_HINT_RE, _DOTTED_RE
from chorus.pipeline.text import canon, stem, terms_of, words
from chorus.settings import Limits

TRICKY = [
    "U.S.-led talks in the U.K. and e.g. the E.U., a.b.c. x-5 -5 5-a G-20 COVID-19.",
    "Hello.\u00a0World -12 U.K.\n\nA.B. 3. 5 percent of 98. 7 percent, 235, 000 people.",
    "İstanbul. İ.İ. ok; Thirty-five percent, twenty one, NINETY-NINE and forty-two.",
    "“Quote.” “Next.” a. b ... . . a Mr. Smith. 3.5. 2,000, 4:30. $5bn and 3 M.",
    'O\'Neill’s ‘quote’ — the 1st and 22nd; Ph.D. holders (U.N.) said: "Yes."\nNew line',
]
ALPHABET = "aZ .-,’'\n\"“”3T0yY ty-fiveThirtyU.S.ibnBMK"


def random_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(n)]


@pytest.mark.parametrize("text", TRICKY + random_texts(300))
def test_canon_looks_for_dotted_abbreviations_wherever_the_full_scan_finds_one(text: str) -> None:
    if _DOTTED_RE.search(text):
        assert _DOTTED_HINT_RE.search(text)
    assert canon("U.K.-led G-20 talks in the E.U.") == "UK-led G20 talks in the EU"


@pytest.mark.parametrize("text", TRICKY + random_texts(300, seed=8))
def test_number_rewrites_match_their_regexes_without_the_pre_tests(text: str) -> None:
    from chorus.checker import quantities as q

    assert spell_out_digits(text) == _COMPOUND_RE.sub(q._compound_value, text)
    full = q._SPLIT_THOUSANDS_RE.sub(r"\1,\2", text)
    full = q._SHORT_SCALE_RE.sub(lambda m: f"{m.group(1)} {q._SHORT[m.group(2).lower()]}", full)
    assert mend(text) == q._SPLIT_DECIMAL_RE.sub(r"\1.\2", full)


def test_word_before_a_stop_matches_the_end_anchored_search() -> None:
    anchored = re.compile(r"([\w.’'-]+)$")  # `$` also matches before a final newline
    rng = random.Random(3)
    for _ in range(20000):
        s = "".join(rng.choice("ab.’'-\n 1_é,") for _ in range(rng.randint(0, 8)))
        m = anchored.search(s)
        assert _word_before(s) == (m.group(1) if m else "")


def test_unique_by_sort_is_numpys_unique() -> None:
    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 50, 3000):
        values = rng.integers(0, max(1, size // 3), size=size, dtype=np.int64)
        assert np.array_equal(_unique(values), np.unique(values))


def test_terms_of_is_stems_of_the_non_stopwords() -> None:
    from chorus.pipeline.text import STOPWORDS, normalise_number

    tokens = words(" ".join(TRICKY))
    expected = [
        normalise_number(w) if w[0].isdigit() else stem(w) for w in tokens if w not in STOPWORDS
    ]
    assert terms_of(tokens) == expected


def test_plain_tokens_are_the_words_of_the_text_as_written() -> None:
    for text in TRICKY:
        f = Features(text)
        assert f.plain_tokens == words(text)
        assert f.tokens == words(normal(text))


def test_a_sentences_related_senses_are_its_senses_and_broader_ones() -> None:
    lexicon = load_lexicon()
    f = Features("The murder of the driver on the road shocked the large town.")
    assert f.related == f.senses | f.broader
    assert lexicon.related("zzzz-not-a-word") == frozenset()


def test_doc_tokens_joined_from_sentences_are_the_docs_words() -> None:
    cluster = Cluster(id="c", articles=[Article(id=f"a{i}", text=t) for i, t in enumerate(TRICKY)])
    corpus = segment(normalise(cluster, Limits()))
    index = SupportIndex(corpus.sentences)
    joined = doc_tokens(corpus, index)
    assert all(joined[d.n] == words(d.text) for d in corpus.docs)


def test_prepare_finds_the_same_copies_as_dedupe_on_the_docs() -> None:
    base = " ".join(TRICKY[:3])
    cluster = Cluster(
        id="c",
        articles=[
            Article(id="a", text=base),
            Article(id="b", text=base + " One more line."),
            Article(id="c", text=TRICKY[4]),
        ],
    )
    prepared = prepare(cluster, Limits())
    plain = dedupe(normalise(cluster, Limits()))
    assert prepared.corpus.representative == plain.representative == {1: 1, 2: 1, 3: 3}


def test_compound_number_words_become_figures_including_twenty_one() -> None:
    assert spell_out_digits("Twenty-one people and thirty five cars") == "21 people and 35 cars"
    assert "21" in Features("Twenty one people died.").terms


def test_ascii_words_are_the_unicode_pattern_s_words() -> None:
    from chorus.pipeline.text import _ASCII_WORD_RE, _WORD_RE

    rng = random.Random(11)
    chars = "aZq09_ .,:'-$%\n\t(stndrh)"
    for _ in range(20000):
        s = "".join(rng.choice(chars) for _ in range(rng.randint(0, 30)))
        assert _ASCII_WORD_RE.findall(s) == _WORD_RE.findall(s)
    assert words("Ünïcode café, 1st and 3.5% of E.U. ‘x’") == [
        "ünïcode",
        "café",
        "1st",
        "and",
        "3.5",
        "of",
        "eu",
        "x",
    ]


def test_ascii_entity_runs_are_the_unicode_pattern_s_runs() -> None:
    from chorus.pipeline.text import _ASCII_ENTITY_RE, _ENTITY_RE

    rng = random.Random(13)
    chars = "AZab09_ '-.\n\t\x1c\x1fUSNew"
    for _ in range(20000):
        s = "".join(rng.choice(chars) for _ in range(rng.randint(0, 30)))
        assert _ASCII_ENTITY_RE.findall(s) == _ENTITY_RE.findall(s)


def test_a_candidate_ends_like_a_sentence_as_the_pattern_says() -> None:
    from chorus.pipeline.candidates import _CLOSERS, _ENDS_LIKE_A_SENTENCE_RE

    rng = random.Random(17)
    for _ in range(20000):
        s = "".join(rng.choice("a.!?\"”’')] ") for _ in range(rng.randint(0, 8))).strip()
        assert bool(_ENDS_LIKE_A_SENTENCE_RE.search(s)) == (s.rstrip(_CLOSERS)[-1:] in (".", "!"))
