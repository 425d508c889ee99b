"""Shared lexical tools: word tokens, a light stemmer, stopwords, numbers, entities.

Dedupe, the extractive engine and the support judge all see text through these.
"""

from __future__ import annotations

import re
from functools import lru_cache

from chorus.pipeline.spelling import canon as canon  # re-exported: one home, many readers
from chorus.pipeline.titles import TITLES_ALTERNATION

STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't could couldn't did didn't do does doesn't
doing don't down during each few for from further had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if
in into is isn't it it's its itself let's me more most mustn't my myself nor of off on once
only or other ought our ours ourselves out over own same shan't she she'd she'll she's should
shouldn't so some such than that that's the their theirs them themselves then there there's
these they they'd they'll they're they've this those through to too under until up very was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your
yours yourself yourselves said says say saying told tells according just will mr mrs ms its
one s t ve ll re d m""".split()
)

NEGATIONS = frozenset(
    """not no never none nobody nothing neither nor without n't cannot cant dont doesnt didnt
    isnt wasnt werent wont wouldnt shouldnt couldnt hasnt havent hadnt aint refused refuse
    refuses refusing denied denies deny denying declined declining fails failed failing""".split()
)

_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
    "half": "0.5",
    "dozen": "12",
}

_WORD_RE = re.compile(r"[^\W\d_]+\d*(?:['’][^\W\d_]+)?|\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?")
# The same tokens for ASCII text ([a-zA-Z], [0-9]: ~2x faster than Unicode categories).
_ASCII_WORD_RE = re.compile(
    r"[a-zA-Z]+[0-9]*(?:'[a-zA-Z]+)?|[0-9]+(?:[.,:][0-9]+)*(?:st|nd|rd|th)?"
)
_NUMBER_RE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|percent|per cent))?", re.IGNORECASE
)
# Capitalised word runs ("Antony Blinken", "New Delhi", "G20") that are not sentence-initial.
# A run of capitalised words. The capital comes first and the word boundary is a lookbehind
# after it ("[A-Z](?<!\w[A-Z])" = "\b[A-Z]"): the engine then skips to capitals instead of
# testing a boundary at every character (2x faster, the same matches).
_ENTITY_RE = re.compile(r"[A-Z](?<!\w[A-Z])[\w’'-]*(?:\s+(?:[A-Z][\w’'-]*))*")
# An opening mark and its own closing one: “…” or "…" (never the words between ” and “).
_QUOTE_RE = re.compile(r"“([^“”]{8,}?)”|\"([^\"“”]{8,}?)\"")
# A quotation in either style, mixed as scraped text mixes them ("…” or “…"): what is taken
# out to read a sentence's own words (the speaker tests, the claim splitter, the checker).
QUOTED_RE = re.compile(r"[\"“][^\"“”]*[\"”]")


# Irregular verb forms -> their base, so "rose"/"rises" and "won"/"wins" meet.
# A nation's adjective is the nation ("Russian invasion" = "Russia's invasion"): the same term.
_DEMONYMS = {
    "russian": "russia", "ukrainian": "ukraine", "chinese": "china", "indian": "india",
    "american": "usa", "america": "usa", "british": "britain", "french": "france",
    "german": "germany",
    "israeli": "israel", "palestinian": "palestine", "iranian": "iran", "iraqi": "iraq",
    "syrian": "syria", "afghan": "afghanistan", "mexican": "mexico", "canadian": "canada",
    "japanese": "japan", "korean": "korea", "turkish": "turkey",
    "european": "europe", "italian": "italy", "spanish": "spain", "polish": "poland",
    "egyptian": "egypt", "brazilian": "brazil", "australian": "australia",
    "pakistani": "pakistan", "venezuelan": "venezuela", "cuban": "cuba", "greek": "greece",
}  # fmt: skip
_IRREGULAR = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "won": "win",
    "lost": "lose", "spoke": "speak", "spoken": "speak", "met": "meet", "held": "hold",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "began": "begin",
    "begun": "begin", "sold": "sell", "bought": "buy", "paid": "pay", "made": "make",
    "brought": "bring", "thought": "think", "found": "find", "went": "go", "gone": "go",
    "saw": "see", "seen": "see", "chose": "choose", "chosen": "choose", "wrote": "write",
    "written": "write", "grew": "grow", "grown": "grow", "drove": "drive", "driven": "drive",
    "ran": "run", "struck": "strike", "fled": "flee", "caught": "catch", "sent": "send",
    "spent": "spend", "built": "build", "kept": "keep", "sought": "seek", "fought": "fight",
    "felt": "feel", "stood": "stand", "became": "become", "came": "come", "knew": "know",
    "known": "know", "shot": "shoot", "sank": "sink", "sunk": "sink", "hid": "hide",
    "hidden": "hide", "forbade": "forbid", "forbidden": "forbid", "withdrew": "withdraw",
    "withdrawn": "withdraw", "broke": "break", "broken": "break", "stole": "steal",
    "stolen": "steal", "froze": "freeze", "frozen": "freeze", "lent": "lend", "bore": "bear",
    "born": "bear", "dealt": "deal", "wore": "wear", "worn": "wear", "threw": "throw",
    "thrown": "throw", "flew": "fly", "flown": "fly", "swore": "swear", "sworn": "swear",
}  # fmt: skip
_UNDOUBLE = frozenset("bdgmnprt")


@lru_cache(maxsize=65536)
def demonym(word: str) -> bool:
    """A nation's adjective or people ("Spanish", "Russians"): capitalised wherever it is."""
    w = word.lower()
    return w in _DEMONYMS or (w.endswith("s") and w[:-1] in _DEMONYMS)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, fast suffix stripper: enough to match 'talks'/'talked'/'talk'/'talking',
    'increase'/'increased', 'ban'/'banned', 'rose'/'rise'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _NUMBER_WORDS:
        return _NUMBER_WORDS[w]
    nation = _DEMONYMS.get(w) or (_DEMONYMS.get(w[:-1]) if w.endswith("s") else None)
    if nation is not None:
        return stem(nation)
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    if len(w) <= 3 or w[0].isdigit():
        return w
    out = _strip_suffix(w)
    if (
        out != w
        and len(out) >= 4
        and out[-1] == out[-2]
        and out[-1] in _UNDOUBLE
        and w.endswith(("ing", "ed", "er", "ers"))
    ):
        return out[:-1]  # banned -> ban, winning -> win
    # A silent final e goes, so the bare form meets its inflections: increase -> increas.
    bare = out.rstrip("e")
    return bare if len(bare) >= 3 and bare != out else out


def _strip_suffix(w: str) -> str:
    for suffix, repl, min_len in (
        ("ational", "ate", 8),
        ("ization", "ize", 8),
        ("iveness", "ive", 8),
        ("fulness", "ful", 8),
        ("ousness", "ous", 8),
        ("ements", "", 8),
        ("ement", "", 7),
        ("ments", "", 7),
        ("ment", "", 6),
        ("ingly", "", 7),
        ("edly", "", 6),
        ("ies", "y", 5),
        ("ied", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ers", "", 6),
        ("er", "", 6),
        ("ed", "", 5),
        ("ly", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if w.endswith(suffix) and len(w) >= min_len:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                continue
            return w[: len(w) - len(suffix)] + repl
    return w


def words(text: str) -> list[str]:
    """Lower-cased word tokens, numbers kept whole (10, 3.5, 1,000)."""
    return canon_words(canon(text))


def canon_words(canonical: str) -> list[str]:
    """`words` of a text already through `canon` (which `entities` reads too)."""
    low = canonical.lower().replace("’", "'")
    return (_ASCII_WORD_RE if low.isascii() else _WORD_RE).findall(low)


def content_terms(text: str) -> list[str]:
    """Stemmed non-stopword tokens in order (numbers normalised)."""
    return terms_of(words(text))


def terms_of(tokens: list[str]) -> list[str]:
    """content_terms() for already tokenised text."""
    return [t for t in map(_term, tokens) if t is not None]


@lru_cache(maxsize=65536)
def _term(token: str) -> str | None:
    """A token's term (its stem, or the number normalised); None for a stopword."""
    if token in STOPWORDS:
        return None
    return normalise_number(token) if token[0].isdigit() else stem(token)


def normalise_number(token: str) -> str:
    token = token.lower().replace(",", "")
    for suffix in ("st", "nd", "rd", "th"):
        if token.endswith(suffix) and token[: -len(suffix)].isdigit():
            return token
    if re.fullmatch(r"\d+\.0+", token):
        token = token.split(".")[0]
    return token


def numbers(text: str, tokens: list[str] | None = None) -> set[str]:
    """Numbers in text, normalised; spelled-out numbers ("ten") included."""
    found = {normalise_number(m.group(1)) for m in _NUMBER_RE.finditer(canon(text))}
    for w in words(text) if tokens is None else tokens:
        if w in _NUMBER_WORDS and w not in {"one", "first", "second", "half"}:
            found.add(_NUMBER_WORDS[w])
    return found


def negation_count(text: str, tokens: list[str] | None = None) -> int:
    low = text.lower().replace("’", "'")
    tokens = words(low) if tokens is None else tokens
    return low.count("n't") + sum(1 for w in tokens if w in NEGATIONS)


# "Mr. Lavrov", "Sen. Paul", "George W. Bush": the period does not end a sentence.
_TITLE_BEFORE_RE = re.compile(rf"(?:\b(?:{TITLES_ALTERNATION}|St|Jr|Sr)|\b[A-Z])\.$")


def lead_word(text: str) -> str | None:
    """The stem of a capitalised sentence-initial word that is not a common word: a name
    only if the sources use it as one (the judge checks)."""
    m = re.match(r"\W*([A-Z][\w’'-]+)", canon(text))
    if not m:
        return None
    low = m.group(1).lower().strip("’'")
    if low in STOPWORDS or low in _COMMON_CAPITALISED or len(low) < 2:
        return None
    return stem(low)


# The same runs in ASCII text (whose whitespace includes \x1c-\x1f for the Unicode pattern).
_ASCII_ENTITY_RE = re.compile(
    r"[A-Z](?<!\w[A-Z])[\w'-]*(?:[\s\x1c-\x1f]+(?:[A-Z][\w'-]*))*", re.ASCII
)


def entities(text: str) -> set[str]:
    """Capitalised names, skipping the sentence-initial word when it is a common word."""
    return canon_entities(canon(text))


def canon_entities(text: str) -> set[str]:
    """`entities` of a text already through `canon`."""
    found: set[str] = set()
    for m in (_ASCII_ENTITY_RE if text.isascii() else _ENTITY_RE).finditer(text):
        phrase = m.group(0)
        parts = phrase.split()
        before = text[max(0, m.start() - 40) : m.start()].rstrip()  # the tail is enough
        sentence_initial = m.start() == 0 or (
            before.endswith((".", "“", '"', ":")) and not _TITLE_BEFORE_RE.search(before)
        )
        # Sentence-initial capitals are not evidence of a name: "Host India" -> "India".
        # A lone capitalised opener is kept only when it is an acronym ("NATO", "G20").
        if (
            sentence_initial
            and (len(parts) > 1 or not (parts and parts[0].isupper() and len(parts[0]) > 1))
            and parts[0].lower() not in _ALWAYS_NAMES
        ):
            parts = parts[1:]
        for part in parts:
            name = _name_stem(part)
            if name is not None:
                found.add(name)
    return found


@lru_cache(maxsize=65536)
def _name_stem(part: str) -> str | None:
    """The stem of a capitalised word as a name, or None for a common or one-letter word."""
    low = part.lower().strip("’'")
    if low in STOPWORDS or low in _COMMON_CAPITALISED or len(low) < 2:
        return None
    return stem(low)


def entity_runs(text: str) -> list[frozenset[str]]:
    """The stems of each run of capitalised words, as runs ("New York City")."""
    return [frozenset(run) for run in ordered_entity_runs(text)]


def ordered_entity_runs(text: str) -> list[tuple[str, ...]]:
    """The stems of each run of capitalised words, in order, common words left out."""
    out = []
    for m in _ENTITY_RE.finditer(canon(text)):
        run = tuple(
            stem(low)
            for low in (p.lower().strip("’'") for p in m.group(0).split())
            if low not in STOPWORDS and low not in _COMMON_CAPITALISED
        )
        if run:
            out.append(run)
    return out


def entities_in_order(text: str) -> list[str]:
    """Names as written, in order of first mention (a run's last word: "Sergei Lavrov" ->
    "Lavrov"), skipping a sentence-initial common word."""
    out: list[str] = []
    text = canon(text)
    for m in _ENTITY_RE.finditer(text):
        parts = [
            p.strip("’'")
            for p in m.group(0).split()
            if p.lower().strip("’'") not in STOPWORDS
            and p.lower().strip("’'") not in _COMMON_CAPITALISED
            and p.lower().strip("’'") not in _TITLES
            and len(p) > 1
        ]
        if parts and parts[-1] not in out:
            out.append(parts[-1])
    return out


_TITLES = frozenset(
    """secretary minister president prime foreign state senator sen rep representative gov
    governor general chancellor premier leader chief director spokesman spokeswoman""".split()
)
TITLES = frozenset(stem(w) for w in _TITLES)  # stems: "the president" names someone
# Names even when they open a sentence: parties and their members ("Democrats say ...").
_ALWAYS_NAMES = frozenset(
    """democrat democrats democratic republican republicans gop conservatives labour tory
    tories""".split()
)
_COMMON_CAPITALISED = frozenset(
    """however but still yet meanwhile also while although though after before when then
    today yesterday monday tuesday wednesday thursday friday saturday sunday earlier later
    january february march april may june july august september october november december
    despite during since until under many several some most officials official the a an in on
    at for as with by from this that these those it its his her their our we he she they i
    """.split()
)


def quotes(text: str) -> list[str]:
    """Quoted passages (8+ chars) in text."""
    return [(m.group(1) or m.group(2)).strip() for m in _QUOTE_RE.finditer(text)]


# Opposites that flip a claim while keeping its words: "sales rose" vs "sales fell".
