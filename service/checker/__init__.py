"""The checker: is each sentence of a summary stated by the articles it cites?

`report.py` is the one check (sentences in, a `CheckReport` out) and its models, used by our
own summaries, `POST /v1/checks`, `chorus check` and the evals; `judges.py` holds the judges
behind one protocol (the offline judge, and an LLM judge); `support.py` and `features.py`
are the offline judge (alignment to evidence sentences, then penalties for what the evidence
does not carry); `batch.py` checks a .jsonl of pairs; `markdown.py` renders a check.
"""
