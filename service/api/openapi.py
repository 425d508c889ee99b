"""OpenAPI document: bodies the routes parse themselves, and examples from the seed cluster.

Built lazily on the first /openapi.json (or /docs) request, never at import or startup. The
example summary is produced by the extractive engine from seeds/, so the docs show exactly
what the service answers for the owner's sample cluster.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from chorus.api.schemas import CheckRequest
from chorus.errors import ChorusError
from chorus.loaders import iter_clusters
from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.extractive import summarise_extractive
from chorus.pipeline.summarizer import Summarizer

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

_FALLBACK = Cluster(
    id="example",
    articles=[
        Article(id="a", source="Wire A", text="The council approved the budget on Monday."),
        Article(id="b", source="Wire B", text="On Monday the council passed the new budget."),
    ],
)


@lru_cache(maxsize=1)
def seed_examples() -> tuple[dict[str, Any], dict[str, Any]]:
    """(cluster, summary) as JSON-ready dicts, from seeds/ when present."""
    try:
        cluster = next(iter_clusters(SEEDS))
    except (ChorusError, StopIteration):
        cluster = _FALLBACK
    summarizer = Summarizer()
    prepared = summarizer.prepare(cluster)
    admitted = summarizer.admit(cluster, SummaryOptions(engine="extractive", max_words=60))
    draft = summarise_extractive(prepared.corpus, admitted.max_words, prepared.index)
    summary = summarizer.finish(draft, prepared, admitted, [])
    return cluster.model_dump(mode="json", exclude_none=True), summary.model_dump(mode="json")


def _add_model(schemas: dict[str, Any], model: type[BaseModel]) -> None:
    js = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in js.pop("$defs", {}).items():
        schemas.setdefault(name, sub)
    schemas[model.__name__] = js


def build_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    _add_model(schemas, Cluster)
    _add_model(schemas, CheckRequest)
    cluster, summary = seed_examples()
    paths = schema.get("paths", {})
    post = paths.get("/v1/summaries", {}).get("post")
    if post is not None:
        post["requestBody"]["content"]["application/json"]["examples"] = {
            "seeds": {"summary": "The seed cluster (2 articles)", "value": cluster}
        }
        ok = post["responses"]["200"]["content"]
        ok.setdefault("application/json", {})["example"] = summary
        ok.setdefault("text/markdown", {})["example"] = summary["markdown"]
    check = paths.get("/v1/checks", {}).get("post")
    if check is not None:
        check["requestBody"]["content"]["application/json"]["examples"] = {
            "seeds": {
                "summary": "Check a summary of the seed cluster",
                "value": {"cluster": cluster, "summary": summary["markdown"]},
            }
        }
    return schema


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


__all__ = ["build_openapi", "install", "seed_examples"]
