"""Run every benchmark under bench/ in turn; each prints its own figures."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def main() -> None:
    here = Path(__file__).resolve().parent
    for mod in sorted(m.name for m in pkgutil.iter_modules([str(here)])):
        if not mod.startswith("bench_"):
            continue
        print(f"=== {mod} ===", flush=True)
        module = importlib.import_module(f"bench.{mod}")
        entry = getattr(module, "main", None)
        if callable(entry):
            entry()


if __name__ == "__main__":
    main()
