"""Which sentences the extractive engine may lift, and how many it looks at.

A candidate is complete, self-contained prose: not page furniture (nor the page talking to its
reader: "Watch the full interview…"), not a bare quotation, not a question, not text addressed
to a model (planted instructions are never lifted).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from chorus.pipeline.clause import CLAUSE_END_RE, TURNS_RE, fragment
from chorus.pipeline.compress import strip_dateline
from chorus.pipeline.reporting import SPEECH_RE
from chorus.pipeline.schema import Sentence
from chorus.pipeline.text import QUOTED_RE, STOPWORDS
from chorus.pipeline.titles import PLURAL_TITLES, TITLE_ABBREVIATIONS

MAX_CANDIDATES = 250  # sentences ranked at most: 25 per article in a 10-article cluster
# A longer "sentence" is a run of text without a full stop (a list, a dump, a hostile
# string): never quoted whole, even when nothing else is left.
MAX_SENTENCE_CHARS = 1_000

_BOILERPLATE_MARKS = (
    "http://", "https://", "www.", "pic.twitter.com", "@", "©", "all rights reserved",
    "advertisement", "sign up", "subscribe", "click here", "read more", "related:", "watch:",
    "listen:", "follow us", "newsletter", "getty images", "photograph:", "photo:", "image:",
    "send this page",
)  # fmt: skip
# Text addressed to a model, not to readers (prompt injection planted in an article).
_INSTRUCTION_RE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|prompts?|rules|"
    r"directions)\b|\b(?:system prompt|as an ai|language model|you are now|new instructions)\b",
    re.IGNORECASE,
)
_INSTRUCTION_WORDS = ("ignore", "disregard", "forget", "override", "prompt", " ai", "model",
                      "you are now", "instructions")  # fmt: skip
_ENDS_LIKE_A_SENTENCE_RE = re.compile(r"[.!][\"”’')\]]*$")
# The page talking to its reader: "Watch the full 60 Minutes interview…", "Read the full
# statement here.", "Sign up for our newsletter." (the imperative of a page's links).
_TO_THE_READER_RE = re.compile(
    r"^[\"“]?(?:Watch|Read|Click|Listen|Subscribe|Sign up|Follow|Download|See|Share|Tap|"
    r"Scroll|Visit|Check out|Learn more|Find out|Don't miss|Don’t miss)\b(?![-’'])"
)
_CLOSERS = "\"”’')]"  # what may follow the stop: the pattern's test, without a scan


def prose_ok(text: str) -> bool:
    """Neither page furniture nor text addressed to a model: what may be quoted at all (a
    headline may also come from a cut-off sentence that passes this)."""
    stripped = text.strip()
    low = stripped.lower()
    if any(map(low.__contains__, _BOILERPLATE_MARKS)):
        return False
    # Never lift planted instructions into a summary.
    return not (any(map(low.__contains__, _INSTRUCTION_WORDS)) and _INSTRUCTION_RE.search(stripped))


def candidate_ok(s: Sentence, tokens: Collection[str] | None = None) -> bool:
    """A sentence worth lifting: complete, self-contained prose, not page furniture.
    `tokens`, when known (`words(s.text)`), spare the first-person test its scan."""
    n_words = len(s.text.split())
    if n_words < 6 or n_words > 70:
        return False
    stripped = s.text.strip()
    if stripped.rstrip(_CLOSERS)[-1:] not in (".", "!"):  # = _ENDS_LIKE_A_SENTENCE_RE
        return False  # headings, captions, embeds, questions
    if not prose_ok(stripped) or _TO_THE_READER_RE.match(stripped):
        return False
    # A sentence that is nothing but a quotation lacks its speaker.
    if stripped[:1] in "\"“'‘" and stripped.rstrip(".")[-1:] in "\"”'’":
        return False
    # A quotation left open runs on into the next sentence: lifted, it reads cut off. (Marks
    # are counted together: scraped text mixes “ with ".)
    if sum(map(stripped.count, '"“”')) % 2:
        return False
    # Opening on a quotation whose speaker it never names ('“And if the system is as good
    # as they say…” in person.'), or cut off after a title ("…including Sens.").
    if stripped[:1] in '"“' and not SPEECH_RE.search(QUOTED_RE.sub("", stripped)):
        return False
    if stripped.rpartition(" ")[2] in _TITLE_ENDS:
        return False
    # A bracket left open (a lead paragraph cut off at "(D-Md.") or an editor's note in
    # brackets ("(These are all opinion articles…)").
    if stripped.count("(") != stripped.count(")") or (
        stripped[:1] in "([" and strip_dateline(stripped)[:1] in "(["
    ):
        return False  # ("(CNN) The US…" opens on a wire tag, not a bracket)
    return not first_person(stripped, tokens)


_TITLE_ENDS = frozenset(f"{t}." for t in TITLE_ABBREVIATIONS + PLURAL_TITLES)


# "we", "our", "I think", "your": outside quotation marks, a writer or unnamed speaker talking
# (or the reader addressed). "US" is the country; "World War I" and "Title I" are names.
_PERSON_RE = re.compile(r"\b(?:we|our|ours|us|me|my|you|your|yours|We|Our|My|You|Your)\b")
PERSON_WORDS = frozenset(
    """we our ours us me my you your yours i i'm i've i'd i'll we're we've we'll we'd you're
    you've you'll you'd let's""".split()
)
_I_RE = re.compile(r"\bI\b(?=[’']|\s+[a-z])")


def first_person(text: str, tokens: Collection[str] | None = None) -> bool:
    """The sentence speaks in the first or second person outside quotation marks: an opinion
    writer's voice, a speaker the sentence does not name or the reader addressed, none of
    which a neutral brief lifts."""
    if tokens is not None and PERSON_WORDS.isdisjoint(tokens):
        return False  # the common case, read off the words ("US" is "usa" there)
    if not (_PERSON_RE.search(text) or _I_RE.search(text)):
        return False  # the common case, without taking the quotations out
    bare = QUOTED_RE.sub("", text)
    if _PERSON_RE.search(bare):
        return True
    # "I" after a capitalised word that is not a common one is a numeral in a name ("World
    # War I", "Title I").
    for m in _I_RE.finditer(bare):
        before = bare[: m.start()].split()
        if not (before and before[-1][:1].isupper() and before[-1].lower() not in STOPWORDS):
            return True
    return False


# A question's opening: an auxiliary or a question word put first ("Will the order…").
_QUESTION_RE = re.compile(
    r"^[\"“‘']?(?:Will|Is|Are|Was|Were|Do|Does|Did|Can|Could|Should|Would|Has|Have|Had|"
    r"Shall|May|Might|Must|What|Why|How|Who|Whom|Whose|Which)\b(?![’'-])"
)
MIN_CLOSED_WORDS = 8  # a cut-off sentence's closed clause the body may lift has this many


def closed_clause(text: str, min_words: int = 5) -> str | None:
    """A sentence whole when it ends like one; else (cut off, as lead paragraphs and feed
    summaries often are) up to its last clause boundary, with a stop, when `min_words` or
    more remain and the words cut off turn nothing ("…, but not…", "…, unless…"); else None.
    `Florida voters approved an amendment restoring voting rights, ending a system that` ->
    `Florida voters approved an amendment restoring voting rights.`"""
    text = text.strip()
    if _ENDS_LIKE_A_SENTENCE_RE.search(text):
        return text
    if _QUESTION_RE.match(text):
        return None  # a question cut off before its mark is still a question
    ends = [m.start() for m in CLAUSE_END_RE.finditer(text)]
    if not ends or len(text[: ends[-1]].split()) < min_words or TURNS_RE.search(text[ends[-1] :]):
        return None
    return text[: ends[-1]].rstrip() + "."


def closed_candidates(pool: Sequence[Sentence]) -> list[Sentence]:
    """The body's forms of articles cut off mid-sentence (a text whose last sentence has no
    stop): the closed clause, when it is a candidate in its own right and a whole statement.
    Without them a lead paragraph cut off at a word count leaves its outlet unheard. Only an
    article's last sentence: a line without a stop inside a text is a heading or a caption."""
    last: dict[int, Sentence] = {}
    for s in pool:
        if s.n not in last or s.index > last[s.n].index:
            last[s.n] = s
    out = []
    for s in last.values():
        if len(s.text) > MAX_SENTENCE_CHARS or _ENDS_LIKE_A_SENTENCE_RE.search(s.text.strip()):
            continue
        closed = closed_clause(s.text, MIN_CLOSED_WORDS)
        if closed is None:
            continue
        head = closed[:-1]  # the stop is ours; the span is the words the article wrote
        form = s.model_copy(update={"text": closed, "end": s.start + len(head)})
        if candidate_ok(form) and fragment(closed) is None:
            out.append(form)
    return out


def quotable(pool: list[Sentence]) -> list[Sentence]:
    """The sentences short enough to quote at all (the fallback when no candidate is ok)."""
    return [s for s in pool if len(s.text) <= MAX_SENTENCE_CHARS]


def cap_candidates(candidates: list[Sentence], limit: int = MAX_CANDIDATES) -> list[Sentence]:
    """At most `limit` candidates, shared evenly by the articles, each keeping its earliest
    sentences (news puts the story first). The similarity graph is quadratic in this number:
    without a cap a few megabytes of text would take gigabytes and seconds."""
    if len(candidates) <= limit:
        return candidates
    by_article: dict[int, list[Sentence]] = {}
    for s in candidates:
        by_article.setdefault(s.n, []).append(s)
    quota = {n: 0 for n in by_article}
    left = limit
    while left > 0:  # water-filling: short articles give their unused share to long ones
        open_ = [n for n in by_article if quota[n] < len(by_article[n])]
        if not open_:
            break
        share = max(1, left // len(open_))
        for n in open_:
            take = min(share, len(by_article[n]) - quota[n], left)
            quota[n] += take
            left -= take
            if left == 0:
                break
    keep = {id(s) for n, ss in by_article.items() for s in ss[: quota[n]]}
    return [s for s in candidates if id(s) in keep]


__all__ = [
    "MAX_CANDIDATES",
    "MAX_SENTENCE_CHARS",
    "MIN_CLOSED_WORDS",
    "PERSON_WORDS",
    "candidate_ok",
    "cap_candidates",
    "closed_candidates",
    "closed_clause",
    "first_person",
    "prose_ok",
    "quotable",
]
