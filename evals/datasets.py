"""Eval datasets are data: `evals/datasets/<name>/dataset.toml` plus the files it names.

A dataset lists clusters (a path to a cluster .json / .jsonl / directory, relative to the
repository) with gold facts, or reads a shared .jsonl of clusters with human references from
the shared data directory (`<repo>/../shared/data`, or `CHORUS_EVAL_DATA_DIR`). Any cluster
file or directory given as PATH is a dataset too; .jsonl lines may carry `facts` and
`reference` / `references`.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from chorus.errors import InvalidInput
from chorus.loaders import (
    cluster_from_json,
    format_validation_error,
    iter_clusters,
    iter_json_lines,
)
from chorus.models import Cluster
from chorus.pipeline.segment import split_sentences

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
REPO_ROOT = Path(__file__).resolve().parent.parent


class DataMissing(InvalidInput):
    """Shared data a dataset needs is not on this machine."""

    code = "data_missing"
    title = "Evaluation data missing"


class GoldFact(BaseModel):
    id: str
    text: str = Field(min_length=1)
    articles: list[int] = Field(default_factory=list, description="Articles that state it.")
    weight: float = Field(default=1.0, gt=0)


class EvalItem(BaseModel):
    cluster: Cluster
    facts: list[GoldFact] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)


class Dataset(BaseModel):
    name: str
    description: str = ""
    items: list[EvalItem]


def shared_data_dir(override: Path | None = None) -> Path:
    return override if override is not None else REPO_ROOT.parent / "shared" / "data"


def dataset_names() -> list[str]:
    return sorted(p.parent.name for p in DATASETS_DIR.glob("*/dataset.toml"))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read dataset manifest ({exc})") from exc


def _facts(path: Path) -> list[GoldFact]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [GoldFact.model_validate(f) for f in raw]
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read gold facts ({exc})") from exc
    except ValidationError as exc:
        raise InvalidInput(f"{path}: bad gold fact: {format_validation_error(exc)}") from exc


def _facts_by_id(path: Path) -> dict[str, list[GoldFact]]:
    """Gold facts for some clusters of a shared file: {cluster id: [fact, ...]}."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): [GoldFact.model_validate(f) for f in v] for k, v in raw.items()}
    except (OSError, json.JSONDecodeError, AttributeError) as exc:
        raise InvalidInput(f"{path}: cannot read gold facts ({exc})") from exc
    except ValidationError as exc:
        raise InvalidInput(f"{path}: bad gold fact: {format_validation_error(exc)}") from exc


def reference_facts(reference: str, prefix: str = "ref") -> list[GoldFact]:
    """Each sentence of a human reference summary becomes a gold fact of weight 1."""
    spans = split_sentences(reference)
    texts = [reference[s:e].strip() for s, e in spans]
    return [
        GoldFact(id=f"{prefix}{k:02d}", text=t)
        for k, t in enumerate((t for t in texts if len(t.split()) >= 4), start=1)
    ]


def _item_from_line(data: dict[str, Any], where: str, facts_from_reference: bool) -> EvalItem:
    cluster = cluster_from_json(data, where)
    refs: list[str] = []
    ref = data.get("reference")
    if isinstance(ref, dict) and isinstance(ref.get("text"), str):
        refs.append(ref["text"])
    elif isinstance(ref, str):
        refs.append(ref)
    for r in data.get("references") or []:
        if isinstance(r, str):
            refs.append(r)
    try:
        facts = [GoldFact.model_validate(f) for f in data.get("facts") or []]
    except ValidationError as exc:
        raise InvalidInput(f"{where}: bad gold fact: {format_validation_error(exc)}") from exc
    if not facts and facts_from_reference and refs:
        facts = reference_facts(refs[0])
    return EvalItem(cluster=cluster, facts=facts, references=refs)


def iter_jsonl_items(path: Path, facts_from_reference: bool = True) -> Iterator[EvalItem]:
    if not path.is_file():
        raise DataMissing(f"{path}: not found")
    for where, data in iter_json_lines(path):
        if not isinstance(data, dict):
            raise InvalidInput(f"{where}: expected a JSON object")
        yield _item_from_line(data, where, facts_from_reference)


def load_dataset(
    name_or_path: str, data_dir: Path | None = None, limit: int | None = None
) -> Dataset:
    """A named dataset (evals/datasets/<name>), a dataset directory, or any cluster file."""
    manifest_dir = DATASETS_DIR / name_or_path
    path = Path(name_or_path)
    if not (manifest_dir / "dataset.toml").is_file():
        if path.is_dir() and (path / "dataset.toml").is_file():
            manifest_dir = path
        elif path.exists():
            return _dataset_from_path(path, limit)
        else:
            known = ", ".join(dataset_names())
            raise InvalidInput(
                f"{name_or_path!r} is neither a dataset ({known}, checker) nor an existing path"
            )
    manifest = _read_toml(manifest_dir / "dataset.toml")
    name = str(manifest.get("name") or manifest_dir.name)
    description = str(manifest.get("description") or "")
    items: list[EvalItem] = []
    source = manifest.get("source")
    if isinstance(source, dict) and "shared" in source:
        shared = shared_data_dir(data_dir) / str(source["shared"])
        if not shared.is_file():
            raise DataMissing(
                f"dataset {name!r} needs {shared}, which is not on this machine; put the shared "
                "data next to the repo (../shared/data) or set CHORUS_EVAL_DATA_DIR"
            )
        by_id = _facts_by_id(manifest_dir / str(source["facts_by_id"])) if source.get(
            "facts_by_id") else None  # fmt: skip
        for item in iter_jsonl_items(shared, bool(source.get("reference_facts", True))):
            if by_id is not None:
                if item.cluster.id not in by_id:
                    continue
                item = item.model_copy(update={"facts": by_id[item.cluster.id]})
            items.append(item)
            if limit is not None and len(items) >= limit:
                break
    for entry in manifest.get("clusters") or []:
        if limit is not None and len(items) >= limit:
            break
        cluster_path = REPO_ROOT / str(entry["path"])
        facts = _facts(manifest_dir / str(entry["facts"])) if entry.get("facts") else []
        refs = [
            (manifest_dir / str(r)).read_text(encoding="utf-8") for r in entry.get("references", [])
        ]
        for cluster in iter_clusters(cluster_path):
            items.append(EvalItem(cluster=cluster, facts=facts, references=refs))
    return Dataset(name=name, description=description, items=items)


def _dataset_from_path(path: Path, limit: int | None) -> Dataset:
    items: list[EvalItem] = []
    if path.suffix == ".jsonl":
        for item in iter_jsonl_items(path):
            items.append(item)
            if limit is not None and len(items) >= limit:
                break
    else:
        items = [EvalItem(cluster=c) for c in iter_clusters(path)][:limit]
    return Dataset(name=str(path), description=f"clusters read from {path}", items=items)
