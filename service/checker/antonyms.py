"""The shipped antonym list: word pairs whose swap says the opposite (rose/fell, approved/
rejected, wavering/steady), matched by stem. Read by the checker's antonym detector.
"""

from __future__ import annotations

from chorus.pipeline.text import stem

_ANTONYM_PAIRS = """
increase:decrease increase:decline increase:cut increase:reduce increase:drop increase:fall
rise:fall rise:drop rise:decline rise:sink gain:loss gain:lose up:down higher:lower
high:low more:less more:fewer most:least majority:minority maximum:minimum above:below
win:lose win:defeat victory:defeat accept:reject approve:reject approve:veto approve:deny
allow:ban allow:forbid allow:prohibit allow:block permit:ban permit:prohibit legal:illegal
support:oppose agree:disagree accept:refuse admit:deny confirm:deny include:exclude
before:after first:last early:late earlier:later open:close open:shut begin:end start:end
start:stop start:finish buy:sell import:export hire:fire expand:shrink expand:contract
boost:cut boost:sink strengthen:weaken strong:weak success:failure succeed:fail
guilty:innocent convict:acquit arrest:release arrest:free detain:release enter:leave
enter:exit join:leave join:quit north:south east:west inside:outside public:private
domestic:foreign positive:negative rich:poor wealthy:poor profit:loss surplus:deficit
large:small big:small long:short old:new old:young true:false safe:dangerous safe:unsafe
easy:difficult easy:hard fast:slow quick:slow friend:enemy ally:enemy ally:rival peace:war
best:worst
better:worse raise:lower add:remove praise:criticize praise:condemn lift:impose
thriving:struggling thriving:troubled success:struggle cheap:expensive hot:cold
full:empty heavy:light wide:narrow strict:lenient optimistic:pessimistic possible:impossible
likely:unlikely able:unable legally:illegally present:absent survive:die alive:dead
live:die born:die father:mother son:daughter husband:wife man:woman male:female boy:girl
brother:sister king:queen morning:evening morning:night day:night past:future
import:export asleep:awake always:never everyone:nobody everything:nothing all:none
waver:steady waver:firm improve:plummet improve:worsen improve:deteriorate rise:plummet
soar:plummet soar:slump agree:refuse endorse:oppose endorse:reject endorse:condemn
increase:plummet gain:plummet rise:tumble approve:oppose acquit:convict
welcome:condemn welcome:reject praise:denounce biggest:smallest largest:smallest
highest:lowest best:worst most:least join:left greatest:least strongest:weakest
fall:soar fall:surge drop:soar drop:surge decline:soar decline:surge uphold:overturn
upheld:overturn uphold:reverse upheld:reverse uphold:strike upheld:strike sign:veto
block:advance keep:drop surplus:shortfall implicate:exonerate extend:end gentle:violent
gently:violently gentle:rough
""".split()


def _antonym_map() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for pair in _ANTONYM_PAIRS:
        a, b = (stem(x) for x in pair.split(":"))
        if a == b:
            continue
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in table.items()}


ANTONYMS = _antonym_map()


# "-est" words whose base in the table is another word ("closest" is near, "close" is shut).
_NOT_SUPERLATIVE = frozenset({"closest"})


def degree_base(stem_: str) -> str:
    """A superlative's stem as its base's, when the base is in the table ("fastest" ->
    "fast", "biggest" -> "big", "latest" -> "late"): the stemmer keeps superlatives whole but
    reads comparatives as their base ("slower" -> "slow"), so "the fastest rate" meets "a slower
    rate". Any other word as it is ("interest", "protest")."""
    if len(stem_) <= 5 or not stem_.endswith("est") or stem_ in _NOT_SUPERLATIVE:
        return stem_
    base = stem_[:-3]
    for form in (base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else ""):
        if form in ANTONYMS:
            return form
    return stem_


def opposites_of(stem_: str) -> frozenset[str]:
    """The stems that say the opposite of `stem_`, read at its base degree."""
    return ANTONYMS.get(degree_base(stem_), frozenset())


__all__ = ["ANTONYMS", "degree_base", "opposites_of"]
