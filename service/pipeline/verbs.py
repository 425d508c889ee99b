"""Could a word be a finite verb? Told by form, without a parser: a closed list of auxiliaries
and common (mostly irregular) forms, a lower-case "-ed" word not after a determiner ("the
suspected hack"), a lower-case "-s" word that something follows ("Congress restricts
abortions", not "across federal agencies"), and a base form after a plural subject
("Republicans demand a vote"); each only when WordNet gives it a verb sense ("restrict", not
"supremacist"). Generous on purpose: `clause.fragment` refuses a clause only when it surely
lacks a verb.
"""

from __future__ import annotations

import re

from chorus.checker.lexicon import load_lexicon
from chorus.pipeline.text import stem

QUOTES = "\"“”‘’'.,;:!?()"
DETERMINERS = frozenset("the a an his her its their this these those".split())
# Finite forms a headline verb often takes (the irregular pasts and the common "-s" forms).
COMMON_VERBS = frozenset(
    """is are was were has have had will would can could may might must says say
    said met won lost made took gave got went came left held told sent set put cut hit led ran
    saw paid sold kept fell rose began became fled fought struck shot wins calls plans seeks
    urges backs warns asks gets takes makes signs vows leads cuts hits opens ends begins starts
    gives holds kills wants needs blocks bans rejects meets becomes remains returns admits
    denies expects claims shows finds does did do chose spoke wrote drove broke threw grew
    knew drew flew wore swore sought bought brought thought taught caught felt meant built
    spent lent stood understood sat rode froze stole hid dug hung slid swung stuck spun fed
    sped quit found heard bid cost spread hurt shut let tore ate drank sang sank swam shook
    woke forgot forgave withdrew overcame undertook overtook mistook oversaw underwent upheld
    withheld rang slept swept wept dealt bled bent knelt leapt sprang strode strove thrust laid
    arose awoke shone stung forbade rebuilt used""".split()
)
MODALS = frozenset("will would can could may might must should shall".split())
AUXILIARIES = frozenset("is are was were be been being am has have had get gets got".split())
# "she's entering", "they're", "it’ll": a pronoun with its verb.
_CONTRACTED_RE = re.compile(r"(?:i|you|he|she|it|we|they|that|there|who)['’](?:s|re|ve|ll|d|m)$")
_ABOUT = frozenset("about nearly almost roughly more less over some".split())
_LINKS = frozenset(
    """in on at to of for with by from over under into about across after before during
    against among and or but as than""".split()
)


def verb_sense(word: str) -> bool:
    """Has WordNet a verb for this word form? Read by its stem; by the stem of that stem too,
    since the lexicon's verbs are stems of the base form ("suffered" -> "suffer", whose stem is
    "suff"); and by its base where the stemmer keeps a short form whole ("died", "goes")."""
    lexicon = load_lexicon()
    stemmed = stem(word)
    return (
        lexicon.may_be_verb(stemmed)
        or lexicon.may_be_verb(stem(stemmed))
        or (word.endswith("ed") and lexicon.may_be_verb(word[:-1]))
        or (word.endswith("es") and lexicon.may_be_verb(word[:-2]))
    )


def bare(token: str) -> str:
    """The word, lower case, without the quotes and punctuation around it."""
    return token.lower().strip(QUOTES)


def is_verb(tokens: list[str], i: int) -> bool:
    """Could `tokens[i]` be a finite verb (or the auxiliary of one)? Generous by design."""
    raw = tokens[i].strip(QUOTES)
    word = raw.lower()
    if word in COMMON_VERBS or word.endswith(("n't", "n’t")) or _CONTRACTED_RE.match(word):
        return True
    if not raw[:1].islower() or "-" in raw or len(word) < 4:
        return False
    before = bare(tokens[i - 1]) if i else ""
    if before in DETERMINERS:
        return False  # "the suspected hack", "a ruling"
    after = bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
    if not verb_sense(word):
        return False  # "agencies", "supremacists": WordNet knows no such verb
    if word.endswith("ed"):
        # "A ceasefire brokered by …": a participle after its noun, not the clause's verb;
        # "Payrolls increased by 943,000" is a change by an amount.
        if after != "by" or before in AUXILIARIES or bare(tokens[i - 2]) in AUXILIARIES:
            return True
        amount = tokens[i + 2] if i + 2 < len(tokens) else ""
        return amount[:1].isdigit() or amount[:1] in "$€£" or bare(amount) in _ABOUT
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s")):
        return (
            bool(after)
            and (after not in _LINKS or after == "to")  # "appears to be working"
            and tokens[i][-1:] not in ",;:"
        )
    if word.endswith("ing"):
        return False  # "supremacists marching": a participle, no finite verb
    # A base form right after a plural subject: "Republicans demand a vote", "they want…".
    return bool(after) and (before in _PLURAL_PRONOUNS or _plural(tokens[i - 1] if i else ""))


_PLURAL_PRONOUNS = frozenset("they we".split())


def _plural(token: str) -> bool:
    """A plural noun, as a subject is written: "Republicans", "protesters" (not "news")."""
    word = token.strip("\"“”‘’'")
    low = word.lower()
    return (
        word.isalpha()
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is"))
        and low not in ("news", "series", "species", "politics", "economics", "its")
    )


__all__ = [
    "AUXILIARIES",
    "COMMON_VERBS",
    "DETERMINERS",
    "MODALS",
    "QUOTES",
    "bare",
    "is_verb",
    "verb_sense",
]
