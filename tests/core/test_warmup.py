"""Serving processes load the checker's tables at start-up and freeze them out of the garbage
collector's full passes (`chorus.warmup`)."""

from __future__ import annotations

import gc

import pytest


def test_warm_up_loads_the_checker_tables_and_freezes_the_heap() -> None:
    from chorus.checker.lexicon import load_lexicon
    from chorus.checker.model import load_model
    from chorus.warmup import warm_up

    load_lexicon.cache_clear()
    load_model.cache_clear()
    try:
        warm_up()
        assert gc.get_freeze_count() > 100_000  # the WordNet table alone is more
        assert load_lexicon.cache_info().currsize == 1
        assert load_model.cache_info().currsize == 1
    finally:
        gc.unfreeze()


def test_each_server_process_warms_up_before_it_builds_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chorus.cli.serve import serve_app

    calls: list[str] = []
    monkeypatch.setattr("chorus.warmup.warm_up", lambda: calls.append("warm_up"))
    app = serve_app()
    assert calls == ["warm_up"] and app.title == "Chorus"
