"""`chorus train-checker`: fit the offline checker's model from weak supervision (deterministic).

Reads the shared data (allsides-val lines 1-200 and the SummEdits tuning documents, never the
held-out parts) and writes the weights the package ships (`chorus/checker/checker_model.json`)
or `--out`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chorus.checker.model import MODEL_PATH
from chorus.cli.common import fail, load_settings
from chorus.errors import ChorusError


def train_checker_command(
    out: Annotated[Path, typer.Option(help="Where to write the model JSON.")] = MODEL_PATH,
) -> None:
    """Train the offline checker's model (< 1 minute on 2 cores) and write its weights.

    Example: chorus train-checker
    """
    settings = load_settings()
    from chorus_evals.datasets import DataMissing
    from chorus_evals.training import train

    try:
        result = train(settings.eval_data_dir, out)
    except DataMissing as exc:
        fail(exc.detail)
    except ChorusError as exc:
        fail(exc.detail)
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror})")
    typer.echo(
        f"trained on {result.rows} rows ({result.positives} supported) in {result.seconds}s; "
        f"wrote {result.path}"
    )


def register(app: typer.Typer) -> None:
    app.command("train-checker")(train_checker_command)
