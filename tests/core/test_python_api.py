"""The Python API: `chorus.summarize`/`check` and their async forms, and `chorus.astream`."""

from __future__ import annotations

from pathlib import Path

import pytest

import chorus
from chorus.errors import InvalidInput
from chorus.pipeline.events import SummaryEvent
from chorus.python_api import as_cluster
from chorus.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def offline(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "db.sqlite3")  # env: no LLM in tests (conftest)


def test_a_cluster_may_be_a_path_a_dict_or_a_cluster(offline: Settings) -> None:
    by_path = chorus.summarize(SEEDS, engine="extractive", settings=offline)
    cluster = as_cluster(SEEDS)
    by_model = chorus.summarize(cluster, engine="extractive", settings=offline)
    by_dict = chorus.summarize(cluster.model_dump(), engine="extractive", settings=offline)
    assert by_path.sentences and by_path == by_model == by_dict


def test_check_takes_text_or_a_summary(offline: Settings) -> None:
    summary = chorus.summarize(SEEDS, engine="extractive", settings=offline)
    assert chorus.check(SEEDS, summary, settings=offline).passed
    invented = "The ministers agreed a ceasefire in Geneva [1]."
    report = chorus.check(SEEDS, invented, settings=offline)
    assert not report.passed and report.sentences[0].verdict == "unsupported"


@pytest.mark.parametrize("text", ["[1][2]", "# Headline", "Summary: [1]"])
def test_a_summary_with_no_sentence_is_bad_input_not_a_pass(offline: Settings, text: str) -> None:
    with pytest.raises(chorus.ChorusError) as err:
        chorus.check(SEEDS, text, settings=offline)
    assert err.value.code == "invalid_input" and "no sentences" in err.value.detail


def test_bad_input_raises_a_chorus_error_with_a_detail(offline: Settings) -> None:
    with pytest.raises(chorus.ChorusError) as err:
        chorus.summarize({"articles": []}, settings=offline)
    assert isinstance(err.value, InvalidInput) and "id" in err.value.detail
    with pytest.raises(InvalidInput):
        chorus.summarize(SEEDS, max_words=5, settings=offline)


async def test_the_sync_forms_refuse_to_run_inside_an_event_loop(offline: Settings) -> None:
    with pytest.raises(RuntimeError, match="asummarize"):
        chorus.summarize(SEEDS, settings=offline)
    summary = await chorus.asummarize(SEEDS, engine="extractive", settings=offline)
    assert (await chorus.acheck(SEEDS, summary, settings=offline)).passed


async def test_astream_ends_with_the_authoritative_summary(offline: Settings) -> None:
    events = [e async for e in chorus.astream(SEEDS, engine="extractive", settings=offline)]
    assert isinstance(events[-1], SummaryEvent) and events[-1].summary.sentences
    with pytest.raises(chorus.ChorusError):
        async for _ in chorus.astream(SEEDS, engine="llm", settings=offline):
            pass  # no LLM configured: refused before any event
