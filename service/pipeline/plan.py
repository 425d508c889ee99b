"""Stage 4: count tokens and decide: one *stuff* call, or sentence-aligned map-reduce chunks."""

from __future__ import annotations

from chorus.llm.tokens import TokenCounter
from chorus.pipeline.schema import Chunk, Corpus, Plan, Sentence

# Per-article framing in a prompt (<article n=.. source=..>, title line, closing tag).
ARTICLE_OVERHEAD_TOKENS = 24


def source_tokens(corpus: Corpus, counter: TokenCounter) -> int:
    return sum(
        counter.count(d.text) + counter.count(d.title or "") + ARTICLE_OVERHEAD_TOKENS
        for d in corpus.model_docs
    )


def _split_long(sentence: Sentence, counter: TokenCounter, budget: int) -> list[str]:
    """A single sentence over the budget is cut on token boundaries (no text is lost)."""
    tokens = counter.encoding.encode(sentence.text, disallowed_special=())
    return [counter.encoding.decode(tokens[i : i + budget]) for i in range(0, len(tokens), budget)]


def chunk(corpus: Corpus, counter: TokenCounter, budget: int) -> list[Chunk]:
    """Pack the model docs' sentences, in order, into chunks of at most `budget` tokens.

    Costs are upper bounds kept incrementally: a piece joined after another costs the tokens
    of " piece" plus one for a possible merge at the seam, so no chunk can exceed `budget`.
    Each sentence is tokenised once, as " sentence"; it is counted alone only where it
    opens an article's part of a chunk, or where it may be too long for one. That bound: the
    space changes how the first word is cut into tokens ("Supreme" is two, " Supreme" one),
    never what follows the first whitespace, and a word takes at most one token per byte.
    """
    chunks: list[Chunk] = []
    parts: dict[int, list[str]] = {}
    costs: dict[int, int] = {}
    overheads: dict[int, int] = {}

    def flush() -> None:
        nonlocal parts, costs
        if parts:
            docs = [
                corpus.doc(n).model_copy(update={"text": " ".join(texts)})
                for n, texts in parts.items()
            ]
            chunks.append(Chunk(index=len(chunks), parts=docs, tokens=sum(costs.values())))
        parts, costs = {}, {}

    def overhead(n: int) -> int:
        if n not in overheads:
            overheads[n] = counter.count(corpus.doc(n).title or "") + ARTICLE_OVERHEAD_TOKENS
        return overheads[n]

    model_ns = {d.n for d in corpus.model_docs}
    for s in corpus.sentences:
        if s.n not in model_ns:
            continue
        joined = counter.count(" " + s.text)
        pieces = [(s.text, joined)]
        first = (s.text.split(maxsplit=1) or [""])[0]
        at_most = joined + len(first.encode())  # the most tokens s.text alone can take
        if at_most + overhead(s.n) > budget and counter.count(s.text) + overhead(s.n) > budget:
            split = _split_long(s, counter, max(8, budget - overhead(s.n) - 2))
            pieces = [(piece, counter.count(" " + piece)) for piece in split]
        for piece, piece_joined in pieces:
            if s.n in parts:
                new_cost = costs[s.n] + piece_joined + 1
            else:
                new_cost = overhead(s.n) + counter.count(piece)
            if sum(costs.values()) - costs.get(s.n, 0) + new_cost > budget:
                flush()
                new_cost = overhead(s.n) + counter.count(piece)
            parts.setdefault(s.n, []).append(piece)
            costs[s.n] = new_cost
    flush()
    return chunks


def plan(corpus: Corpus, counter: TokenCounter, stuff_prompt_tokens: int, prompt_budget: int,
         chunk_budget: int) -> Plan:  # fmt: skip
    """Stuff when the whole rendered prompt fits the budget, else map-reduce.

    The stuff call uses the prompt already rendered, so nothing more is counted on that path.
    """
    if stuff_prompt_tokens <= prompt_budget:
        return Plan(mode="stuff", chunks=[])
    return Plan(mode="map_reduce", chunks=chunk(corpus, counter, chunk_budget))
