"""Is a headline clause a whole statement? A headline is a clause cut from one sentence, and a
cut in the wrong place leaves a fragment: a subject with no verb of its own ("A suspected
Russian hack that is rippling across federal agencies", "A Syrian ceasefire brokered by Vice
President Mike Pence"), a clause opened and never finished ("ruled that Cuccinelli's
appointment", "The issue is whether a key provision of the Civil Rights Act of 1964"), a
fronted clause with no main clause ("Even though the vice president will be on the job", "The
morning after the House voted…").

Without a parser, verbs are told by form (`verbs.is_verb`).
The tests are one-sided on purpose: when a form might be a verb it counts as one, so a clause
is refused only when it surely lacks one; a refused clause makes way for the next option.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus.pipeline.reporting import REPORTING_VERBS
from chorus.pipeline.text import STOPWORDS
from chorus.pipeline.verbs import (
    AUXILIARIES,
    DETERMINERS,
    MODALS,
    bare,
    is_verb,
    verb_sense,
)

# Words that turn a sentence's meaning: a clause holding one never goes without the rest.
TURNS_RE = re.compile(
    r"\b(?:but|though|although|yet|except|unless|if|not|no|never|only|despite|instead|"
    r"rather|without)\b|n[’']t\b",
    re.IGNORECASE,
)

# Words that open a clause of their own, which then needs its own verb.
_OPENERS = frozenset("whether because although though while when if unless whereas".split())
_RELATIVES = frozenset("that which who whom whose".split())
# A fronted subordinate clause: "Even though …,", "Four years after …,", "After …,", or a
# participle phrase: "Standing by his contention …,", "Faced with …,".
FRONTED_RE = re.compile(
    r"^(?:(?:even|shortly|just|soon|long|right|only|immediately|moments|minutes|hours)\s+"
    r"(?:though|as|if|after|before|since|when|while|once|until)\b|(?:although|though|while|when|"
    r"if|because|since|once|until|unless|after|before|as|whether)\b|(?:the\s+)?(?:[\w-]+\s+)?"
    r"(?:years?|months?|weeks?|days?|hours?|decades?|morning|night|evening)\s+"
    r"(?:after|before|since|later|earlier)\b)",
    re.IGNORECASE,
)
_PARTICIPLE_RE = re.compile(r"^([A-Z][a-z]{2,}(?:ing|ed))\s+(?:by|with|on|to|for|from|at)\b")


def fronted(text: str) -> bool:
    """Does `text` open on a fronted clause? A participle counts only when WordNet knows its
    verb ("Standing by …", "Faced with …"; not "Beijing to host …")."""
    if FRONTED_RE.match(text):
        return True
    m = _PARTICIPLE_RE.match(text)
    return m is not None and verb_sense(m.group(1).lower())


def fragment(text: str) -> str | None:
    """Why `text` is not a whole statement (None when it may be one)."""
    tokens = text.split()
    if not tokens:
        return "empty"
    if fronted(text):
        return "a fronted clause with no main clause"
    verbs = [i for i in range(len(tokens)) if is_verb(tokens, i)]
    if not verbs:
        return "no verb"
    first = verbs[0]
    relative = [i for i in range(1, first) if bare(tokens[i]) in _RELATIVES and i - 1 not in verbs]
    # The one verb group ("was elected") sits right after the relative pronoun: it is the
    # relative clause's, and the main clause has none.
    groups = sum(1 for i in verbs if i - 1 not in verbs)
    near = relative and first - relative[-1] <= 2
    if relative and groups < 2 and (near or _own_subject(tokens, relative[-1])):
        return "a relative clause with no main verb"
    for i, token in enumerate(tokens):
        word = bare(token)
        opens = word in _OPENERS or (
            word == "that" and (_after_verb(tokens, i, verbs) or bare(tokens[i - 1]) in _DEMANDING)
        )
        if opens and not any(v > i for v in verbs):
            return f"a clause opened by {word!r} with no verb"
    for i in verbs:  # "Trump says his vision of a border wall": a claim with no verb
        if bare(tokens[i]) in _SAY and i + 1 < len(tokens) and not any(v > i for v in verbs):
            return "a claim with no verb"
    if _open_aside(tokens, verbs):
        return "an aside that does not close"
    between = [i for i, token in enumerate(tokens) if bare(token) == "between"]
    if between and not any(bare(t) in ("and", "&") for t in tokens[between[-1] + 1 :]):
        return "'between' with one side"  # "to decide between Roy S. Moore"
    return None


# When a verb's day stands between it and its "that": "ruled Sunday that", "said on
# Tuesday night that", "announced last week that".
_WHEN_WORDS = frozenset(
    """on late early last this next week month year night morning afternoon evening today
    yesterday monday tuesday wednesday thursday friday saturday sunday""".split()
)


def _own_subject(tokens: list[str], r: int) -> bool:
    """The relative clause at `tokens[r]` has a subject of its own before its verb ("a man
    who U.S. authorities have said is…", "the law which the court struck down"), so the one
    verb group after it is the clause's."""
    nxt = tokens[r + 1] if r + 1 < len(tokens) else ""
    return bare(tokens[r]) != "that" and (nxt[:1].isupper() or bare(nxt) in DETERMINERS)


_SAY = frozenset(("say", "says", "said"))
# "…from demanding that funding": after these, "that" opens a clause, which needs its verb.
_DEMANDING = frozenset(
    """demanding saying insisting arguing claiming warning noting suggesting asking requiring
    ordering stating announcing acknowledging admitting""".split()
)
_ASIDE_OPENERS = frozenset("first once now already also still recently newly".split())


def _open_aside(tokens: list[str], verbs: list[int]) -> bool:
    """A subject, then an aside that never closes: "The rule, first proposed last year",
    "Biden, speaking in Ohio" (one comma, no verb before it, a participle or adverb after)."""
    commas = [i for i, t in enumerate(tokens) if t.endswith(",")]
    if len(commas) != 1 or commas[0] + 1 >= len(tokens) or any(v <= commas[0] for v in verbs):
        return False
    nxt = tokens[commas[0] + 1]
    word = bare(nxt)
    return nxt[:1].islower() and (word in _ASIDE_OPENERS or word.endswith(("ed", "ing", "ly")))


def _after_verb(tokens: list[str], i: int, verbs: list[int]) -> bool:
    """`tokens[i]` follows a verb, or a verb and its day ("ruled Sunday that")."""
    j = i - 1
    while j >= 0 and j not in verbs and bare(tokens[j]).rstrip(",") in _WHEN_WORDS:
        j -= 1
    return j in verbs


# After a comma, what does not end a clause: a name's suffix or the "D.C." of "Washington,
# D.C." ("copies of Donald Trump, Jr.'s new book" is no "copies of Donald Trump").
COMMA_GOES_ON = r"(?!(?:Jr|Sr)\b|I{2,3}\b|IV\b|D\.C\.)"
# Where a clause ends: a comma (not of a name's suffix), semicolon, colon or dash. The
# headline's main clause ends at the first; a cut-off sentence's closed clause at the last.
CLAUSE_END_RE = re.compile(rf",\s{COMMA_GOES_ON}|;\s|\s[—–-]\s|:\s")


# Where a headline cut from a longer sentence may end.
CUT_WORDS = {
    "in", "on", "at", "with", "for", "after", "as", "while", "when", "amid", "which", "who",
    "and", "but", "because", "since", "despite", "following", "over", "by", "from",
    "during", "under", "against", "including", "although", "though", "before", "until",
    "that", "whether",
}  # fmt: skip


def clean_cut(tokens: Sequence[str], k: int, any_function_word: bool = False) -> bool:
    """Can a headline end before `tokens[k]`? At a preposition or conjunction (or, when
    `any_function_word`, any function word but a verb, a coordinator or one that opens a
    noun's complement: "… of interest" before "to Robert Mueller", not "… knew the riot by his
    followers" before "would turn violent", not "cost parties millions" before "of dollars")
    that leaves no verb without its complement, no statement without what was stated ("told
    the Supreme Court" before "that…", "found no evidence" before "that…") and does not split
    a name ("National Telecommunications and Information Administration", "Roy S. Moore and
    Doug Jones")."""
    word = tokens[k].lower()
    allowed = _ANY_FUNCTION_CUT if any_function_word else CUT_WORDS
    if word == "as" and k >= 2 and tokens[k - 2].lower() in ("as", "so"):
        return False  # "as long" of "as long as they wear masks", "so long" of "so long as"
    if _bare_verb(tokens[k - 1], tokens[k - 2] if k >= 2 else ""):
        return False
    if tokens[k - 1].lower() in _OPENS_WHAT_FOLLOWS:
        return False  # "…has provided clear evidence that" of "…that in 2017 a cabal…"
    following = tokens[k + 1] if k + 1 < len(tokens) else ""
    if word in ("and", "or", "to") and tokens[k - 1][-1:].isdigit() and following[:1].isdigit():
        return False  # a pair of figures: "in 2017 and 2018", "52 to 48"
    if word not in allowed:
        # Before a participle that qualifies the noun it follows and takes an object of its
        # own ("a theory linking the attacks…"): the noun phrase is whole without it.
        ends = _modifying_participle(word, tokens[k - 1], following.lower()) and (
            tokens[k - 1].lower() not in _CONTENT_NOUNS
        )
    elif word not in ("and", "of", "for", "&") or not tokens[k - 1][:1].isupper():
        ends = True
    else:
        after = tokens[k + 1 : k + 3]
        if after[:1] == ["the"]:
            after = after[1:]  # "State of the Union"
        ends = not (after and after[0][:1].isupper())
    # The clause scan last: most words are no place to cut at all.
    return ends and not _cuts_off_complement(tokens, k)


_VERB_WITH_PARTICLE = frozenset(
    "called calls call urged urges said says told tells asked asks set sets put puts took "
    "takes came comes went goes looked looks turned turns pointed points relied relies "
    "sworn swore swear swears shut shuts gave gives broke breaks".split()
)


def _modifying_participle(word: str, before: str, after: str) -> bool:
    """`word` is an -ing form after a singular lower-case noun-like word, opening its own
    object ("the", "a", "his"…). Not "social distancing measures" nor "bans on offshore
    drilling" (a compound), not "proposes cutting all…" (after a verb)."""
    return (
        word.endswith("ing") and len(word) > 5 and word not in ING_NOUNS
        and before.isalpha() and before.islower() and before not in STOPWORDS
        and not before.endswith(("ly", "ing", "s", "ed"))
        and after in _OBJECT_OPENERS
    )  # fmt: skip


# Words that open what follows them: a complement ("of"), a coordination ("and"), a noun
# phrase ("the", "his"). No cut ends on one, and a last-resort cut never stops before one.
_LINKS_FORWARD = frozenset(
    "of or and nor than a an the his her its their this these those every our my your".split()
)
# Function words a last-resort cut never stops before: they open a noun's complement
# ("millions" before "of dollars"), coordinate ("release" before "or grant hearings") or open
# a verb's object ("doesn't believe" before "the report"), so what is left says less than, or
# other than, the sentence.
_NEVER_CUT = _LINKS_FORWARD | frozenset("some any no him them it us me".split())
# Where a last-resort cut may end: any function word but a verb and those above.
_ANY_FUNCTION_CUT = STOPWORDS - MODALS - AUXILIARIES - _NEVER_CUT
_COMPLEMENTISERS = frozenset("that whether if".split())
# Words a cut never ends on: each opens what follows it.
# …and nouns that say nothing without theirs ("is under investigation for involvement" of
# "…involvement in an alleged plot").
_OPENS_WHAT_FOLLOWS = (
    _COMPLEMENTISERS
    | _LINKS_FORWARD
    | {"to", "involvement", "role", "participation", "complicity", "part", "share"}
)
# Verbs and nouns whose "that…" clause is what is said, found or decided: the news itself.
_STATING = REPORTING_VERBS | frozenset(
    """inform informs informed notify notifies notified find finds found conclude concludes
    concluded rule rules ruled decide decides decided believe believes believed think thinks
    thought know knows knew learn learns learned show shows showed shown reveal reveals
    revealed agree agrees agreed determine determines determined confirm confirms confirmed
    signal signals signaled indicate indicates indicated predict predicts predicted hope hopes
    hoped fear fears feared realize realizes realized allege alleges alleged assure assures
    assured remind reminds reminded promise promises promised vow vows vowed pledge pledges
    pledged demand demands demanded propose proposes proposed recommend recommends recommended
    estimate estimates estimated expect expects expected acknowledge acknowledges ensure
    ensures ensured question questions questioned ask wonder wonders wondered doubt doubts
    evidence claim claims warning warnings news concern concerns fact idea
    assertion allegation allegations finding findings conclusion belief suggestion argument
    notion assurance assurances statement announcement proof indication indications
    possibility speculation rumor rumors theory word projection projections prediction
    predictions forecast forecasts""".split()
)
# Verbs whose "to…" clause is what was asked, ordered or agreed: the news itself.
_ASKING = frozenset(
    """ask asks asked urge urges urged order orders ordered tell tells told push pushes pushed
    press presses pressed force forces forced allow allows allowed want wants wanted plan plans
    planned agree agrees agreed try tries tried seek seeks sought refuse refuses refused
    decline declines declined vow vows vowed call calls called""".split()
)
_STATING_REACH = 6  # words back from the cut where the verb or noun of stating may sit
_COMPLEMENT_REACH = 3  # words after the cut where its "that" or "to" may come ("on Wednesday to")


def _cuts_off_complement(tokens: Sequence[str], k: int) -> bool:
    """A cut before `tokens[k]` leaves out what a verb or noun of saying, finding, asking or
    deciding in the words before it states: its "that…", "whether…" or "to…" clause opens at
    the cut or just after ("asked President Trump" of "… on Wednesday to delay his address",
    "told the Supreme Court" of "… that…"). Only within the clause the cut is in."""
    ahead = [t.lower() for t in tokens[k : k + _COMPLEMENT_REACH]]
    opens_that = tokens[k].lower() in _COMPLEMENTISERS or "that" in ahead
    opens_to = "to" in ahead
    if not (opens_that or opens_to):
        return False
    for token in reversed(tokens[max(0, k - _STATING_REACH) : k]):
        if token.endswith((",", ";", ":")):
            return False  # a clause boundary: the verb before it is another clause's
        word = bare(token)
        if (opens_that and word in _STATING) or (opens_to and word in _ASKING):
            return True
    return False


# Nouns whose participle phrase is what they say or do: "a statement describing the 1915
# massacre as a genocide", "a bill banning…", "an order requiring…". Cut before it, the
# headline keeps the document and loses the news.
_CONTENT_NOUNS = frozenset(
    """statement report letter memo order bill law measure resolution rule policy proposal
    lawsuit suit complaint decision ruling legislation amendment decree petition motion tweet
    post video message plan ad study survey poll document documents""".split()
)
_OBJECT_OPENERS = frozenset(
    "the a an his her their its our them him it that this these those more new all".split()
)


def _bare_verb(token: str, before: str = "") -> bool:
    """A verb that a cut after it would leave without its complement ("Modi had earlier
    called" from "… called on all members to …", "The center is calling" from "… is calling
    for …")."""
    word = token.lower().strip("\"”’'.,;:")
    if word.endswith("ing") and (before.lower() in AUXILIARIES or word not in ING_NOUNS):
        return True  # "… is calling", "… of government officials working"
    if before.lower() in MODALS or before.lower() == "to":
        return True  # "… must consider" from "… must consider on a case-by-case basis whether"
    return word in _VERB_WITH_PARTICLE or (word.endswith("ed") and len(word) > 4)


ING_NOUNS = frozenset(
    """morning evening building thing nothing something everything anything meeting hearing
    ruling funding spending housing training warning briefing shooting bombing offering
    finding king spring wing ring ceiling during including following according""".split()
)


__all__ = [
    "CLAUSE_END_RE",
    "COMMA_GOES_ON",
    "CUT_WORDS",
    "FRONTED_RE",
    "ING_NOUNS",
    "TURNS_RE",
    "clean_cut",
    "fragment",
    "fronted",
]
