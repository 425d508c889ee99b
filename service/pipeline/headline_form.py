"""What a headline may be: its own form (a whole statement of 4-14 words, opening on its
subject, ending where its verb has what it needs, no outlet's framing, nobody talking) and no
copy of an outlet's title or of the summary's opening. Read by the headline's composition and,
for the copy and the repeat, by the eval report's scorers: one rule for both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus.pipeline.candidates import PERSON_WORDS
from chorus.pipeline.clause import ING_NOUNS, fragment
from chorus.pipeline.context import needs_antecedent
from chorus.pipeline.framing import framing_words
from chorus.pipeline.reporting import REPORTING_VERBS
from chorus.pipeline.text import STOPWORDS, words

MAX_HEADLINE_WORDS = 14
COPY_AT = 0.8  # share of words a headline and a title have in common (of the longer one)
REPEAT_AT = 0.8  # share of the headline's words the first sentence's opening repeats in order


def copies(headline: str, title: str) -> bool:
    """The headline is an outlet's title, or nearly: most words of the longer of the two in
    common, or the headline's words in a row in the title (its first clause, cut). A headline
    that states the agreed fact in the words a title also uses is not a copy."""
    h, t = words(headline), words(title)
    if not h or not t:
        return False
    hs, ts = set(h), set(t)
    if len(hs & ts) / max(len(hs), len(ts)) >= COPY_AT:
        return True
    return any(t[k : k + len(h)] == h for k in range(len(t) - len(h) + 1))


def repeats_opening(headline: str, sentence: str) -> bool:
    """The sentence opens by repeating the headline: its first words (a third more than the
    headline's, for a weekday or "late Monday" put in) hold most of the headline's words in
    order. A headline that states the same event in other words ("The Senate voted 52-48 to
    confirm…" over "In a narrow 52-48 vote, the Senate has officially confirmed…") does not."""
    h = words(headline)
    if not h:
        return False
    s = words(sentence)[: len(h) + len(h) // 3]
    return _in_order(h, s) >= REPEAT_AT * len(h)


def _in_order(a: list[str], b: list[str]) -> int:
    """How many words of `a` appear in `b` in the same order (longest common subsequence)."""
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b, start=1):
            prev, row[j] = row[j], prev + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def opens_with(headline: str, sentence: str) -> bool:
    """The sentence opens with the headline's words, word for word."""
    h = words(headline)
    return bool(h) and words(sentence)[: len(h)] == h


BAD_FIRST = frozenset(
    """it its he she they his her their this that these those there here now then after as
    when while if although though since because before until once in on at for by from with
    late early across during despite amid unlike like according but and so yet also still
    meanwhile however we i you our that to specifically indeed instead moreover furthermore
    additionally ultimately notably separately similarly likewise nonetheless
    nevertheless earlier later afterward afterwards previously subsequently eventually
    finally""".split()
)
BAD_LAST = REPORTING_VERBS | frozenset(
    """based familiar according including while than was were is are be been has have had
    will would could should can may might not along knew thought believed found showed
    revealed concluded""".split()
)


def personal(text: str) -> bool:
    """A writer or speaker talking (I, we, you); "US" is the country, not "us"."""
    tokens = re.findall(r"[\w’']+", re.sub(r"\b[A-Z]\.\s(?=[A-Z])", "", text))  # "I. Lewis"
    return not PERSON_WORDS.isdisjoint(
        t.lower().replace("’", "'") for t in tokens if len(t) == 1 or not t.isupper()
    )


def opening_word(text: str) -> str:
    """The first word, lower case, without quotes, brackets or a contraction ("It’s" -> "it",
    "(These" -> "these", "However," -> "however"): what `BAD_FIRST` is asked about."""
    first = text.split()[0].lower().strip("\"“‘'([").rstrip(",;:") if text.split() else ""
    return first.replace("’", "'").split("'")[0]


# A clause that announces what comes after it ("posed the following question", "as follows").
_POINTS_AHEAD_RE = re.compile(r"\b(?:the following|as follows|these words|this question)\b", re.I)


_AUXILIARIES = frozenset(
    "is was are were be been has have had will would can could may might".split()
)


# A participle that names what follows it: never the last word.
_NAMING = frozenset("known dubbed called named titled labeled labelled nicknamed".split())
_TOLD = frozenset(("told", "tells"))
_COUNTS = frozenset(
    """two three four five six seven eight nine ten eleven twelve dozen dozens hundred
    hundreds thousand thousands million millions""".split()
)


# Past participles that need no object ("…the 500,000 Americans who have died").
_WHOLE_ALONE = frozenset(
    """died arrived happened occurred collapsed emerged disappeared vanished expired resigned
    retired fallen risen soared plunged surged tumbled stalled failed prevailed erupted
    escalated ended""".split()
)


def _hangs(tokens: Sequence[str]) -> bool:
    """Ends where its verb still needs what was cut off: a perfect ("has violated"), a copula
    and an adverb ("is officially"), an adverb and a past form ("allegedly submitted"), a verb
    of saying with its day or its listener but not what was said ("said Sunday", "told
    senators", "told House Democrats"), a participle without the name it gives ("a theory
    known"), or a participle left hanging after its noun ("protesters chanting"; "during a
    shooting" and "stocks are falling" end whole; "who have died" too)."""
    if len(tokens) < 2:
        return False
    before, last = (t.lower().strip("\"“”‘’'.,;:") for t in tokens[-2:])
    if before in REPORTING_VERBS or last in _NAMING:
        return True  # "… the conspiracy theory known" of "… known as QAnon"
    told = [j for j in range(max(0, len(tokens) - 4), len(tokens) - 1) if tokens[j] in _TOLD]
    if told and all(t[:1].isupper() for t in tokens[told[-1] + 1 :]):
        return True  # "Nancy Pelosi told House Democrats" of "…told House Democrats that…"
    if last.endswith("ing") and last not in ING_NOUNS and before not in _AUXILIARIES:
        return before.isalpha() and before not in STOPWORDS
    counted = last in _COUNTS or last.replace(",", "").isdigit()
    if counted and before in ("least", "than", "about", "nearly", "almost", "roughly", "over"):
        return True  # "freed at least three" of "…three more boys"
    if before in ("has", "have", "had") and last.endswith(("ed", "en")):
        return last not in _WHOLE_ALONE  # "has violated", but "who have died" is whole
    if before in _AUXILIARIES and last.endswith("ly"):
        return True
    return before.endswith("ly") and before not in ("only", "early") and last.endswith("ed")


def acceptable(h: str, titles: Sequence[str]) -> bool:
    """A headline's own form: 4-14 words with a verb, opening on its subject, ending on a
    complete phrase, no framing words, no outlet's title."""
    tokens = h.split()
    if not 4 <= len(tokens) <= MAX_HEADLINE_WORDS or fragment(h):
        return False
    first = opening_word(h)
    last = tokens[-1].lower().strip("\"”’'.,;:")
    if first in BAD_FIRST or last in BAD_FIRST or last in BAD_LAST or last in STOPWORDS:
        return False
    if h.count("“") != h.count("”") or h.count('"') % 2 or h.count("(") != h.count(")"):
        return False
    if "‘" in h and "’" not in h[h.index("‘") :]:
        return False  # a single-quoted quotation cut off (’ alone is an apostrophe)
    if h.rstrip("\"”’'").endswith((",", ":", ";")):
        return False  # also a quotation cut at its comma: 'there “will be no changes,”'
    if framing_words(h) or personal(h):
        return False  # an outlet's framing, or a writer or speaker talking (I, we, you)
    if needs_antecedent(h) or re.search(r",? (?:who|which|whose) ", h):
        return False  # leans on context, or a relative clause without its main verb
    if _POINTS_AHEAD_RE.search(h) or _hangs(tokens):
        return False  # "posed the following question", "has violated": the rest was cut off
    return not any(copies(h, t) for t in titles if t)


def headline_problem(h: str, titles: Sequence[str], first_sentence: str) -> str | None:
    """Why a written headline (a model's) breaks the rules every headline keeps, or None: at
    most 14 words, no outlet's framing words, no outlet's title, not the first sentence's
    opening again. (Its form is the writer's: "Fed raises rates" is a headline too.)"""
    tokens = h.split()
    if not tokens:
        return "it is empty"
    if len(tokens) > MAX_HEADLINE_WORDS:
        return f"it has {len(tokens)} words, over {MAX_HEADLINE_WORDS}"
    loaded = framing_words(h)
    if loaded:
        return f"it uses an outlet's framing words ({', '.join(sorted(loaded))})"
    if any(copies(h, t) for t in titles if t):
        return "it copies an article's title"
    if repeats_opening(h, first_sentence):
        return "the first sentence opens by repeating it"
    return None


__all__ = [
    "BAD_FIRST",
    "BAD_LAST",
    "COPY_AT",
    "MAX_HEADLINE_WORDS",
    "REPEAT_AT",
    "acceptable",
    "copies",
    "headline_problem",
    "opening_word",
    "opens_with",
    "personal",
    "repeats_opening",
]
