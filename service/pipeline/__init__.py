"""The summarisation pipeline, one module per stage, each a function from models to models:
normalise -> dedupe -> segment -> plan -> engine (`abstractive.py` through the LLM client,
`extractive.py` offline) -> verify (citations resolved, every sentence judged by the checker
in `support.py`). `summarizer.py` runs the stages end to end; `render.py` writes Markdown;
`output.py` is the one policy for bad LLM output; `stream.py` runs the pipeline as an async
iterator of `events.py` (progress, each checked sentence, the final Summary).
Stages never read settings or talk to the network: they get what they need as arguments.
"""
