"""Structured log fields never overwrite a LogRecord attribute: `extra={"created": 3}` raises
KeyError inside logging as soon as the level is enabled (a crash only with -v or INFO)."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _extra_keys(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg == "extra" and isinstance(kw.value, ast.Dict):
                for key in kw.value.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        found.append((node.lineno, key.value))
    return found


def test_no_log_call_passes_a_reserved_logrecord_field() -> None:
    clashes = [
        f"{path.relative_to(ROOT)}:{line}: {key}"
        for folder in ("service", "evals")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line, key in _extra_keys(ast.parse(path.read_text(encoding="utf-8")))
        if key in RESERVED
    ]
    assert clashes == []
