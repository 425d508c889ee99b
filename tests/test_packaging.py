"""An installed copy works outside the checkout: `pip install .` gives the `chorus` and
`chorus_evals` packages with their prompts, datasets and thresholds inside."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = """
import pathlib, sys
import chorus, chorus_evals
from chorus.llm.prompts import get_loader
from chorus_evals.thresholds import THRESHOLDS_FILE
target = pathlib.Path(sys.argv[1]).resolve()
assert pathlib.Path(chorus.__file__).resolve().is_relative_to(target), chorus.__file__
assert {"summarize", "map", "reduce", "judge"} <= set(get_loader().names())
assert THRESHOLDS_FILE.is_file()
from chorus.checker.lexicon import load_lexicon
assert load_lexicon().synonyms("larg", "big"), "the WordNet table is not in the wheel"
summary = chorus.summarize(
    {"id": "bridge", "articles": [
        {"id": "a", "text": "The mayor opened the new bridge on Monday. Traffic was light."},
        {"id": "b", "text": "On Monday the mayor opened a bridge over the river."},
    ]},
    engine="extractive",
)
assert summary.sentences and summary.engine == "extractive"
print("ok", summary.sentences[0].citations)
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, installed (without its dependencies) into a folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(work)],
        check=True, capture_output=True, cwd=work,
    )  # fmt: skip
    wheel = next(work.glob("chorus-*.whl"))
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


def test_the_installed_package_summarises_outside_the_checkout(installed: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "OPENAI_"))}
    env["PYTHONPATH"] = str(installed)
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(installed)],
        capture_output=True, text=True, cwd=installed.parent, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok [")
