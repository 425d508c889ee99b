"""The `chorus` command line: `main.py` builds the Typer app and registers one module per
command (`summarize`, `check`, `eval`, `serve`, `brief`); `common.py` holds what they share
(settings, the summarizer, one-line failures with exit code 2 for bad input, 1 for a failed
LLM or a bug). The CLI imports the pipeline, the job store, Slack and evals; nothing imports
the CLI.
"""
