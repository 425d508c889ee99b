"""Stage 4: count tokens and decide: one *stuff* call, or sentence-aligned map-reduce chunks."""

from __future__ import annotations

from service.pipeline.schema import Chunk, Corpus, Doc, Plan, Sentence
from service.tokens import TokenCounter

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
    """Pack the model docs' sentences, in order, into chunks of at most `budget` tokens."""
    chunks: list[Chunk] = []
    parts: dict[int, list[str]] = {}
    used = 0

    def flush() -> None:
        nonlocal parts, used
        if parts:
            docs = [
                corpus.doc(n).model_copy(update={"text": " ".join(texts)})
                for n, texts in parts.items()
            ]
            chunks.append(Chunk(index=len(chunks), parts=docs, tokens=used))
        parts, used = {}, 0

    model_ns = {d.n for d in corpus.model_docs}
    for s in corpus.sentences:
        if s.n not in model_ns:
            continue
        header = 0 if s.n in parts else ARTICLE_OVERHEAD_TOKENS + counter.count(
            corpus.doc(s.n).title or ""
        )
        cost = counter.count(s.text) + 1
        pieces = [s.text]
        if header + cost > budget:
            flush()
            header = ARTICLE_OVERHEAD_TOKENS + counter.count(corpus.doc(s.n).title or "")
            pieces = _split_long(s, counter, max(16, budget - header - 1))
        for piece in pieces:
            piece_cost = counter.count(piece) + 1
            head = 0 if s.n in parts else header
            if used + head + piece_cost > budget:
                flush()
                head = header
            parts.setdefault(s.n, []).append(piece)
            used += head + piece_cost
    flush()
    return chunks


def plan(corpus: Corpus, counter: TokenCounter, stuff_prompt_tokens: int, prompt_budget: int,
         chunk_budget: int) -> Plan:  # fmt: skip
    """Stuff when the whole rendered prompt fits the budget, else map-reduce."""
    total = source_tokens(corpus, counter)
    if stuff_prompt_tokens <= prompt_budget:
        whole = [Doc.model_validate(d.model_dump()) for d in corpus.model_docs]
        return Plan(mode="stuff", source_tokens=total,
                    chunks=[Chunk(index=0, parts=whole, tokens=total)])  # fmt: skip
    return Plan(mode="map_reduce", source_tokens=total,
                chunks=chunk(corpus, counter, chunk_budget))  # fmt: skip
