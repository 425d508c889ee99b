"""The checker: is each sentence of a summary stated by the articles it cites?

`report.py` is the one check (sentences in, a `CheckReport` out) and its models, used by our
own summaries, `POST /v1/checks`, `chorus check` and the evals. The offline judge is
`support.py` (`SupportIndex.judge`): `claims.py` splits a sentence into claims, `align.py`
aligns each to its smallest evidence span per cited article, `detectors.py` and
`quantities.py` read the claim against the span, `assess.py` turns that into features,
`model.py` the shipped logistic model into P(supported), `verdict.py` claims into one
verdict with evidence and a reason. `llm_judge.py` is the MiniCheck-style LLM judge;
`judges.py` puts both behind one protocol; `batch.py` checks a .jsonl of pairs;
`markdown.py` renders a check.
"""
