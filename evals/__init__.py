"""The eval harness (`chorus_evals`): datasets of clusters with gold facts and references
(`datasets.py`, `datasets/`), scorers as plain functions over the checker's output
(`scorers.py`, `metrics.py`), a runner that summarises and checks every cluster and gates on
`thresholds.toml` (`runner.py`, `thresholds.py`), reports (`report.py`), and the checker's own
benchmark on human labels and perturbations (`checker.py`, `summedits.py`, `perturb.py`).
The CLI imports this package; it never imports the CLI.
"""
