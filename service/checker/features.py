"""Lexical features of one sentence, for the support judge (computed lazily, cached).

Terms are computed up front (alignment needs them for every sentence of a cluster); bigrams,
numbers, names, quotes and negations only when a sentence is aligned as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar, cast

from chorus.checker.antonyms import degree_base, opposites_of
from chorus.checker.lexicon import Lexicon, load_lexicon
from chorus.checker.quantities import in_years, mend, spell_out_digits
from chorus.pipeline.reporting import REPORTING_VERBS
from chorus.pipeline.text import (
    QUOTED_RE,
    STOPWORDS,
    canon,
    canon_entities,
    canon_words,
    lead_word,
    negation_count,
    numbers,
    ordered_entity_runs,
    quotes,
    stem,
    terms_of,
    words,
)

T = TypeVar("T")
_PART_RE = re.compile(r"[,;:()\u2013\u2014]")  # what delimits a clause inside a sentence
_CLAUSE_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?|[,;:]")
PREFIX = 5  # shared prefix length for a partial term match ("clifftop" ~ "cliff")


class Features:
    """A sentence's lexical features. Terms are computed up front (alignment needs them for
    every sentence); the rest only when the sentence is aligned as evidence."""

    __slots__ = ("_cache", "term_set", "terms", "text", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        read = normal(text)
        canonical = canon(read)
        self.tokens = canon_words(canonical)
        self.terms = terms_of(self.tokens)
        self.term_set = frozenset(self.terms)
        self._cache: dict[str, object] = {}
        if read == text:  # `normal` changed nothing: the plain words are these
            self._cache["plain_tokens"] = self.tokens
            self._cache["canonical"] = canonical  # and `entities` reads the same spelling

    @property
    def plain_tokens(self) -> list[str]:
        """`words(text)`, without `normal`'s rewrites (what the extractive engine reads)."""
        return self._get("plain_tokens", lambda: words(self.text))

    def _get(self, key: str, make: Callable[[], T]) -> T:
        try:
            return cast(T, self._cache[key])
        except KeyError:
            value = self._cache[key] = make()
            return value

    @property
    def parts(self) -> list[tuple[str, list[str]]]:
        """Its comma-delimited parts (the empty ones left out), each with its distinct terms
        in order: where an added clause shows."""
        return self._get(
            "parts",
            lambda: [
                (p, list(dict.fromkeys(terms_of(words(normal(p))))))
                for p in _PART_RE.split(self.text)
                if p.strip()
            ],
        )

    @property
    def bigrams(self) -> frozenset[tuple[str, str]]:
        return self._get("bigrams", lambda: bigrams(self.terms))

    @property
    def senses(self) -> frozenset[int]:
        """WordNet senses of the content words (synonyms share one)."""
        return self._get("senses", lambda: _union(self.term_set, Lexicon.senses))

    @property
    def broader(self) -> frozenset[int]:
        """WordNet senses one step above the content words ("homicide" above "murder")."""
        return self._get("broader", lambda: _union(self.term_set, Lexicon.parents))

    @property
    def related(self) -> frozenset[int]:
        """`senses` and `broader` together: what a synonym or a narrower word may meet."""
        return self._get("related", lambda: _union(self.term_set, Lexicon.related))

    @property
    def prefixes(self) -> frozenset[str]:
        return self._get("prefixes", lambda: frozenset(prefix(t) for t in self.terms))

    @property
    def stem_seq(self) -> list[str]:
        """Stems of every token in order, stopwords included ("up", "more", "before")."""
        return self._get("stem_seq", lambda: [stem(w) for w in self.tokens])

    @property
    def stems(self) -> frozenset[str]:
        return self._get("stems", lambda: frozenset(self.stem_seq))

    @property
    def numbers(self) -> frozenset[str]:
        return self._get("numbers", lambda: frozenset(numbers(normal(self.text), self.tokens)))

    @property
    def entities(self) -> frozenset[str]:
        return self._get("entities", lambda: frozenset(canon_entities(self._canonical())))

    def _canonical(self) -> str:
        found = self._cache.get("canonical")
        return found if isinstance(found, str) else canon(self.text)

    @property
    def lead(self) -> str | None:
        return self._get("lead", lambda: lead_word(self.text))

    @property
    def negations(self) -> int:
        return self._get("negations", lambda: negation_count(self.text, self.tokens))

    @property
    def text_lower(self) -> str:
        return self._get("text_lower", lambda: " ".join(self.tokens))

    @property
    def quotes(self) -> list[str]:
        return self._get("quotes", lambda: quotes(self.text))

    @property
    def clause_tokens(self) -> list[str]:
        """Lower-cased words with the punctuation that ends a negation's scope."""
        return self._get("clause_tokens", lambda: clause_tokens(self.text))

    @property
    def negation_scopes(self) -> list[Negation]:
        """Each negation's scope, in order ("not no fear" has two)."""
        return self._get("scopes", lambda: negation_scopes(self))

    @property
    def negated(self) -> frozenset[str]:
        """Stems inside a negation's scope ("did not speak" -> {"speak"})."""
        return self._get("negated", lambda: negated_terms(self))

    @property
    def outside_quote_stems(self) -> list[str]:
        """Stems of the words outside quotation marks, in order (who speaks, not what)."""
        return self._get("outside", lambda: [stem(w) for w in words(QUOTED_RE.sub(" ", self.text))])

    def caps_at(self, k: int) -> bool:
        """Whether the k-th token (of `tokens`, stopwords included) was written capitalised."""
        return self._get("token_caps", lambda: token_caps(self.text, len(self.tokens)))[k]

    @property
    def caps(self) -> list[bool]:
        """For each term: whether it was written capitalised."""
        return self._get("caps", lambda: term_caps(self.text, len(self.terms)))

    @property
    def name_runs(self) -> list[frozenset[str]]:
        """Stems of each run of capitalised words ("New York City")."""
        return self._get("name_runs", lambda: [frozenset(r) for r in self.ordered_runs])

    @property
    def ordered_runs(self) -> list[tuple[str, ...]]:
        return self._get("ordered_runs", lambda: ordered_entity_runs(self.text))

    @property
    def acronyms(self) -> frozenset[str]:
        """Initials of capitalised runs ("United Nations" -> "un"), so "UN" finds them."""
        return self._get("acronyms", lambda: acronyms(self.text))

    @property
    def refers_back(self) -> bool:
        return self._get("refers_back", lambda: refers_back(self.text))

    def surface(self, term: str) -> str | None:
        """The word as written whose stem is `term` (for reasons), or None."""
        for w, s in zip(self.tokens, self.stem_seq, strict=True):
            if s == term:
                return w
        return None


def _union(terms: frozenset[str], ask: Callable[[Lexicon, str], frozenset[int]]) -> frozenset[int]:
    """The union of a WordNet question over terms (the table loads on first use, not at
    import: CLI start-up stays quick)."""
    lexicon = load_lexicon()
    return frozenset().union(*(ask(lexicon, t) for t in terms))


def prefix(term: str) -> str:
    return term[:PREFIX] if len(term) >= PREFIX and not term[0].isdigit() else term


def bigrams(terms: Sequence[str], window: int = 3) -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for gap in range(1, window + 1):
        pairs.update(zip(terms, terms[gap:], strict=False))
    return frozenset(pairs)


REFERS_BACK = (
    "he ", "she ", "they ", "it ", "his ", "her ", "their ", "the official", "the two ", "both ",
)  # fmt: skip


def refers_back(text: str) -> bool:
    low = text.lstrip(" “\"'").lower()
    return low.startswith(REFERS_BACK) or " he said" in low or " she said" in low


_RUN_RE = re.compile(r"(?:[A-Z][a-z]+\s+(?:of\s+|for\s+|the\s+|and\s+)?)+[A-Z][a-z]+")


_CASED_WORD_RE = re.compile(r"[^\W\d_]+\d*(?:['’][^\W\d_]+)?|\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?")


def normal(text: str) -> str:
    """The text words are read from: "per cent" as "percent", "Thirty-five" as "35", "five
    decades" as "50 years", tokenised figures ("235, 000") mended."""
    if "per cent" in text:
        text = text.replace("per cent", "percent")
    if "decade" in text:
        text = in_years(text)
    return mend(spell_out_digits(text))


def token_caps(text: str, n_tokens: int) -> list[bool]:
    out = [w[0].isupper() for w in _CASED_WORD_RE.findall(canon(normal(text)))]
    return out if len(out) == n_tokens else [False] * n_tokens


def term_caps(text: str, n_terms: int) -> list[bool]:
    out: list[bool] = []
    for w in _CASED_WORD_RE.findall(canon(normal(text))):
        if w.lower().replace("’", "'") in STOPWORDS:
            continue
        out.append(w[0].isupper())  # a name only if the cluster uses it as one
    return out if len(out) == n_terms else [False] * n_terms


def acronyms(text: str) -> frozenset[str]:
    out = set()
    for m in _RUN_RE.finditer(text):
        words = m.group(0).split()
        # from the run's start, and from each capitalised word after a linking word
        # ("Department of Health and Human Services": "dhhs", and "hhs" from "Health")
        starts = [0] + [k for k in range(1, len(words)) if words[k - 1][0].islower()]
        for ws in (words[k:] for k in starts):
            ws = ws[1:] if ws[0] == "The" and len(ws) > 1 else ws
            # and every stretch of it that ends on a capitalised word: "Centers for Disease
            # Control and Prevention" gives "cdc" as well as "cdcp"
            for part in (ws[:n] for n in range(2, len(ws) + 1) if ws[n - 1][0].isupper()):
                out.add("".join(w[0] for w in part if w[0].isupper()).lower())
                out.add("".join(w[0] for w in part).lower())  # "Department of Justice": "doj"
    return frozenset(out)


def clause_tokens(text: str) -> list[str]:
    return _CLAUSE_RE.findall(canon(text).lower().replace("’", "'"))


# Reporting verbs (as written): words that put a statement in someone's mouth ("said", "told",
# "according to"). The one list: the quote check reads who a claim has speak through them,
# and modality reads them as attribution.
REPORTING = REPORTING_VERBS  # the one table (pipeline/reporting.py)
# Words that negate what follows them ("did not speak", "refused to support", "without").
NEGATORS = frozenset(
    """not no never none nobody nothing neither nor without cannot n't refuse refused refuses
    refusing decline declined declines declining fail failed fails failing deny denied denies
    denying lack lacked lacking unable unwilling""".split()
)
# "decided against firing" is "decided not to fire" ("protested against" is no negation)
_CHOOSE = frozenset("decide decided decides decision opt opted opts chose choose chooses".split())
# Words that negate the whole rest of their clause ("disabused Lavrov of any idea that ...").
CLAUSE_NEGATORS = frozenset("disabused dispelled".split())
_SCOPE_STOP = frozenset(", ; : but and while although though whereas because".split())
_PREPOSITIONS = frozenset(
    """on of in at for to with from by about over after before within without since across
    among toward towards despite amid via per onto upon beyond behind near until during""".split()
)
# verbs that negate only with an infinitive ("failed to pass"; "sales declined" is a fall)
_NEGATES_WITH_TO = frozenset(
    "decline declined declines declining fail failed fails failing unable unwilling".split()
)
SCOPE_TERMS = 2  # content words after a negator that it negates
# adverbs between a negator and its predicate ("not yet decided", "no longer works")
_NO_PREDICATE = frozenset("yet even still always ever really quite much longer".split())


class Negation(NamedTuple):
    """One negation: the words it most likely negates (`head`: the first content words after
    the negator, or a clause negator's predicate) and every content word up to the end of its
    clause (`reach`), which another text's negation may name instead ("not deemed to be a
    threat" reaches "threat")."""

    head: frozenset[str]
    reach: frozenset[str]
    subject: frozenset[str] = frozenset()  # content words of its clause before the negator
    first: str = ""  # the head's first word: the predicate ("can't find people": "find")


def negation_scopes(f: Features) -> list[Negation]:
    """Each negation of the text, in order."""
    toks = f.clause_tokens
    out: list[Negation] = []
    for i, t in enumerate(toks):
        bare = t.replace("'", "")
        clause = bare in CLAUSE_NEGATORS
        chose_against = t == "against" and bool(_CHOOSE & set(toks[max(0, i - 3) : i]))
        if not (clause or chose_against or bare in NEGATORS or t.endswith("n't")):
            continue
        if bare in _NEGATES_WITH_TO and (i + 1 >= len(toks) or toks[i + 1] != "to"):
            continue  # "declined to comment" negates; "a decline in sales" does not
        tail = []
        for w in toks[i + 1 :]:
            if w in _SCOPE_STOP:
                break
            if w not in STOPWORDS and w not in NEGATORS and len(w) > 1:
                tail.append(w)
        reach = frozenset(stem(w) for w in tail)
        start = max((j for j in range(i) if toks[j] in _SCOPE_STOP), default=-1) + 1
        subject = frozenset(
            stem(w)
            for w in toks[start:i]
            if w not in STOPWORDS and w not in NEGATORS and len(w) > 1
        )
        if clause:  # "disabused him of any idea that support is wavering": the predicate
            out.append(Negation(frozenset(stem(w) for w in tail[-1:]), reach, subject))
            continue
        head: list[str] = []
        first = ""  # the predicate: the first head word that is no -ly adverb ("specifically")
        for w in toks[i + 1 :]:
            if w in _SCOPE_STOP or (head and w in _PREPOSITIONS):
                break
            if w in STOPWORDS or w in NEGATORS or len(w) < 2:
                continue
            if stem(w) not in head:
                head.append(stem(w))
            first = first or ("" if w.endswith("ly") or w in _NO_PREDICATE else stem(w))
            if len(head) >= SCOPE_TERMS:
                break
        out.append(Negation(frozenset(head), reach, subject, first))
    return out


def negated_terms(f: Features) -> frozenset[str]:
    """Stems of the content words inside a negation's scope."""
    return frozenset().union(*(n.head for n in f.negation_scopes))


def features(text: str) -> Features:
    return Features(text)


def neighbours(seq: list[str], k: int, span: int = 2) -> set[str]:
    """The nearest `span` content words on each side of position k."""

    def content(ws: list[str]) -> list[str]:
        return [w for w in ws if w not in STOPWORDS and len(w) > 2]

    return set(content(seq[:k])[-span:] + content(seq[k + 1 :])[:span])


def antonym_flips(claim: Features, evidence: Sequence[Features]) -> list[str]:
    """Claim words whose opposite the evidence uses in the same place: the word is absent
    from the evidence, its antonym present, and the two share a neighbouring content word
    ("continue to support Ukraine" vs "continue to oppose Ukraine")."""
    flips: set[str] = set()
    seq = claim.stem_seq
    bases: set[str] | None = None
    for k, t in enumerate(seq):
        opposites = opposites_of(t)
        if not opposites:
            continue
        bases = bases if bases is not None else {degree_base(w) for w in claim.stems}
        if opposites & bases:
            continue  # the claim uses both ("rose, then fell"): no flip to read
        for ev in evidence:
            if t in ev.stems:
                break
            for m, e in enumerate(ev.stem_seq):
                if degree_base(e) in opposites and neighbours(seq, k) & neighbours(ev.stem_seq, m):
                    flips.add(t)
    return sorted(flips)
