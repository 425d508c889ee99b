"""Ask a local server what it runs: context window, model name, parallel slots.

- llama.cpp server: `GET /props` -> `default_generation_settings.n_ctx` (or `n_ctx`),
  `total_slots`, `model_path`; its `/v1/models` also lists `meta.n_ctx_train`.
- vLLM: `GET /v1/models` -> `data[0].max_model_len`, `data[0].id`.
- Ollama: `GET /v1/models` -> `data[0].id`; `POST /api/show {"model": id}` ->
  `model_info["<arch>.context_length"]`, or `num_ctx` in `parameters`.

Each probe is best effort with a short timeout: a hosted API answers none of them (or 404s),
and then nothing changes.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
from pydantic import BaseModel

log = logging.getLogger("chorus.llm")
PROBE_TIMEOUT_S = 3.0


class ServerInfo(BaseModel):
    context_window: int | None = None  # tokens, prompt + output
    model: str | None = None
    slots: int | None = None  # requests the server runs in parallel
    kind: str | None = None  # llama.cpp | vllm | ollama


async def _get(http: httpx.AsyncClient, url: str) -> Any:
    try:
        r = await http.get(url, timeout=PROBE_TIMEOUT_S)
        return r.json() if r.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None


def _llama_props(props: Any) -> ServerInfo | None:
    if not isinstance(props, dict):
        return None
    gen = props.get("default_generation_settings") or {}
    n_ctx = gen.get("n_ctx") if isinstance(gen, dict) else None
    n_ctx = n_ctx or props.get("n_ctx")
    if not isinstance(n_ctx, int):
        return None
    slots = props.get("total_slots")
    path = props.get("model_path") or props.get("model_alias")
    model = str(path).rsplit("/", 1)[-1] if path else None
    return ServerInfo(
        context_window=n_ctx, model=model, slots=slots if isinstance(slots, int) else None,
        kind="llama.cpp",
    )  # fmt: skip


async def _ollama_context(http: httpx.AsyncClient, root: str, model: str) -> int | None:
    try:
        r = await http.post(f"{root}/api/show", json={"model": model}, timeout=PROBE_TIMEOUT_S)
        data = r.json() if r.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    m = re.search(r"num_ctx\s+(\d+)", str(data.get("parameters") or ""))
    if m:
        return int(m.group(1))
    info = data.get("model_info") or {}
    for key, value in info.items() if isinstance(info, dict) else []:
        if key.endswith(".context_length") and isinstance(value, int):
            return value
    return None


async def discover(base_url: str, http: httpx.AsyncClient) -> ServerInfo:
    """What the endpoint at `base_url` (…/v1) says about itself; empty when it says nothing."""
    root = re.sub(r"/v1/?$", "", base_url.rstrip("/"))
    found = _llama_props(await _get(http, f"{root}/props"))
    if found is not None:
        return found
    models = await _get(http, f"{base_url.rstrip('/')}/models")
    data = models.get("data") if isinstance(models, dict) else None
    first = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else None
    if first is None:
        return ServerInfo()
    model = first.get("id") if isinstance(first.get("id"), str) else None
    if isinstance(first.get("max_model_len"), int):
        return ServerInfo(context_window=first["max_model_len"], model=model, kind="vllm")
    meta = first.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("n_ctx_train"), int):
        return ServerInfo(context_window=meta["n_ctx_train"], model=model, kind="llama.cpp")
    if first.get("owned_by") == "library" and model:  # Ollama's OpenAI-compatible listing
        return ServerInfo(
            context_window=await _ollama_context(http, root, model), model=model, kind="ollama"
        )
    return ServerInfo(model=model)


def prompt_budget(configured: int, info: ServerInfo, max_output_tokens: int) -> int:
    """The prompt budget to plan against: the configured one, lowered to what fits the
    server's window once the answer's tokens are set aside."""
    if info.context_window is None:
        return configured
    return max(256, min(configured, info.context_window - max_output_tokens))


__all__ = ["ServerInfo", "discover", "prompt_budget"]
