"""Chorus: merged, cited summaries of news clusters.

Feature folders: `api/` (HTTP routes and the app), `cli/` (one module per command),
`pipeline/` (the summarisation stages), `checker/` (the one check of every sentence),
`llm/` (the only code that talks to a model), `jobs/` (stored jobs and their runner),
`slack/` (the daily brief). The Python API (`chorus.summarize`, `chorus.check` and their
async forms) is in `python_api.py`.
"""

import os as _os
import sys as _sys

# Our matrices are small (a few hundred sentences). Multi-threaded BLAS gains nothing on them,
# and waking its idle worker threads was measured at ~24 ms per product on a 2-core machine
# (vs ~1 ms single-threaded). Requests, not BLAS threads, use the cores. Set before numpy
# loads; an explicit OPENBLAS_NUM_THREADS in the environment still wins.
if "numpy" not in _sys.modules:
    _os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from importlib import import_module as _import_module
from typing import Any as _Any

# The public names, loaded on first use: `import chorus` stays cheap, and `chorus.models`
# etc. can be imported without the whole pipeline.
_EXPORTS = {
    "summarize": "chorus.python_api",
    "asummarize": "chorus.python_api",
    "check": "chorus.python_api",
    "acheck": "chorus.python_api",
    "astream": "chorus.python_api",
    "Article": "chorus.models",
    "Cluster": "chorus.models",
    "Summary": "chorus.models",
    "SummaryOptions": "chorus.models",
    "CheckReport": "chorus.checker.report",
    "Settings": "chorus.settings",
    "ChorusError": "chorus.errors",
}
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> _Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("chorus")
        except PackageNotFoundError:
            return "0+unknown"
    if name in _EXPORTS:
        return getattr(_import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'chorus' has no attribute {name!r}")
