"""Story clustering: `chorus cluster`, incremental stories with stable ids, the time window,
summaries refreshed with what changed, and the multi-story warning on a sent cluster."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.cli.main import app
from chorus.ingest.mixed import mixed_story_warning
from chorus.ingest.run import make_article
from chorus.ingest.store import SqliteArticleStore
from chorus.ingest.stories import refresh_summaries, update_stories
from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings

runner = CliRunner()
T0 = datetime(2026, 11, 30, 8, tzinfo=UTC)

STORIES = {
    "quake": [
        ("Strong earthquake shakes Chile coast", "A magnitude 7.1 earthquake struck off the coast of northern Chile on Monday, shaking buildings in Antofagasta and prompting a brief tsunami warning."),  # noqa: E501
        ("Chile quake triggers tsunami alert", "Chilean authorities issued a tsunami alert after a 7.1 magnitude earthquake hit near Antofagasta; the warning was lifted hours later with no major damage."),  # noqa: E501
        ("Earthquake near Antofagasta rattles residents", "Residents of Antofagasta fled buildings when the magnitude 7.1 earthquake struck off Chile's coast, officials said, reporting minor damage."),  # noqa: E501
    ],
    "rates": [
        ("Central bank raises interest rates again", "The central bank raised its benchmark interest rate by a quarter point on Wednesday, citing stubborn inflation in services and wages."),  # noqa: E501
        ("Rate hike as inflation lingers", "The central bank lifted its benchmark interest rate a quarter point, saying services inflation and wage growth remain too high."),  # noqa: E501
        ("Borrowing costs climb after bank decision", "Borrowing costs will climb after the central bank raised its benchmark interest rate by a quarter point to fight inflation, lenders said."),  # noqa: E501
    ],
    "chess": [
        ("Teenager wins world chess championship", "A 17-year-old grandmaster won the world chess championship in a tiebreak of rapid games, becoming the youngest champion in history."),  # noqa: E501
        ("Youngest ever chess champion crowned", "The grandmaster, 17, clinched the world chess championship title after rapid tiebreak games, the youngest champion ever."),  # noqa: E501
    ],
}  # fmt: skip


def article_lines(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    truth, lines = {}, []
    for story, arts in STORIES.items():
        for i, (title, text) in enumerate(arts):
            aid = f"{story}-{i}"
            truth[aid] = story
            lines.append(json.dumps({"id": aid, "title": title, "text": text}))
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(reversed(lines)) + "\n")
    return path, truth


def test_cluster_cli_puts_every_article_in_exactly_one_story(tmp_path: Path) -> None:
    path, truth = article_lines(tmp_path)
    result = runner.invoke(app, ["cluster", str(path)])
    assert result.exit_code == 0, result.output
    clusters = [Cluster.model_validate_json(line) for line in result.stdout.splitlines()]
    seen = [a.id for c in clusters for a in c.articles]
    assert sorted(seen) == sorted(truth)
    assert sorted(sorted(truth[a.id] for a in c.articles) for c in clusters) == sorted(
        [[s] * len(arts) for s, arts in STORIES.items()]
    )
    again = runner.invoke(app, ["cluster", str(path)])
    assert [json.loads(x)["id"] for x in again.stdout.splitlines()] == [c.id for c in clusters]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "x"}\nnot json\n', ":2: not JSON"),
        ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "duplicate article id 'a'"),
        ('{"id": "a"}\n', "text"),
        (b"\xff\xfe".decode("latin-1"), "not UTF-8"),
    ],
)
def test_cluster_cli_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(content.encode("latin-1") if "ÿ" in content else content.encode())
    result = runner.invoke(app, ["cluster", str(path)])
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "x"}\n' + "9" * 5000 + "\n", ":2: not JSON (a number has too many"),
        ('{"id": "a", "text": "x"}\n' + "[" * 100_000 + "\n", ":2: not JSON (nested too deeply"),
        ('{"id": "a", "text": "x"}\n{"id": "b", "text": "\\ud800 y"}\n', ":2: not JSON (a string"),
    ],
)
def test_cluster_cli_hostile_json_is_one_line_and_exit_2_with_nothing_written(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(content)
    result = runner.invoke(app, ["cluster", str(path)])
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_cluster_cli_reads_only_regular_files(tmp_path: Path) -> None:
    link = tmp_path / "zero.jsonl"
    link.symlink_to("/dev/zero")
    for target, message in ((link, "not a regular file"), (tmp_path, "not a regular file")):
        result = runner.invoke(app, ["cluster", str(target)])
        assert result.exit_code == 2 and message in result.stderr, result.stderr


def add(store: SqliteArticleStore, story: str, i: int, when: datetime, publisher: str) -> str:
    title, text = STORIES[story][i]
    article = make_article(
        url=f"https://{publisher.lower()}.example/{story}/{i}", publisher=publisher,
        side="center", key=f"{story}-{i}", title=title, text=text, published_at=when,
        feed=None, now=when,
    )  # fmt: skip
    assert store.add(article)
    return article.id


async def test_new_articles_join_their_story_which_keeps_its_id_and_says_what_changed(
    store: SqliteArticleStore,
) -> None:
    add(store, "quake", 0, T0, "Reuters")
    add(store, "quake", 1, T0 + timedelta(hours=1), "AP")
    add(store, "rates", 0, T0, "Reuters")
    add(store, "rates", 1, T0 + timedelta(hours=2), "AFP")
    first = update_stories(store, window_h=48, now=T0)
    assert len(first.created) == 2 and not first.grown
    summarizer = Summarizer()
    options = SummaryOptions(engine="extractive")
    since = T0 - timedelta(days=1)
    assert len(await refresh_summaries(store, summarizer, options, since=since)) == 2
    quake_id = store.get_articles([add(store, "quake", 2, T0 + timedelta(hours=3), "BBC")])[0].id
    second = update_stories(store, window_h=48, now=T0 + timedelta(hours=3))
    assert second.created == [] and len(second.grown) == 1
    (sid,) = second.grown
    assert sid in first.created
    story = store.get_story(sid)
    assert story is not None and quake_id in story.article_ids and len(story.article_ids) == 3
    (refreshed,) = await refresh_summaries(store, summarizer, options, since=since)
    assert refreshed.id == sid and refreshed.changes == ["+1 article (BBC); new publishers: BBC"]
    assert refreshed.summary is not None and len(refreshed.summary.sources) == 3
    assert refreshed.evidence and refreshed.evidence[0].evidence


def test_an_article_outside_the_window_starts_a_new_story(store: SqliteArticleStore) -> None:
    add(store, "quake", 0, T0, "Reuters")
    update_stories(store, window_h=48, now=T0)
    add(store, "quake", 1, T0 + timedelta(days=5), "AP")
    later = update_stories(store, window_h=48, now=T0 + timedelta(days=5))
    assert len(later.created) == 1 and later.grown == []


def test_cluster_cli_keeps_articles_days_apart_in_different_stories(tmp_path: Path) -> None:
    lines = [
        {"id": f"q{i}", "title": t, "text": x, "published_at": (T0 + timedelta(days=4 * i)).isoformat()}  # noqa: E501
        for i, (t, x) in enumerate(STORIES["quake"][:2])
    ]  # fmt: skip
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines))
    result = runner.invoke(app, ["cluster", str(path)])
    assert len(result.stdout.splitlines()) == 2


async def test_a_sent_cluster_of_unrelated_stories_gets_a_warning(seed_cluster: Cluster) -> None:
    articles = [
        Article(id=f"{s}-{i}", title=t, text=x)
        for s, arts in STORIES.items()
        for i, (t, x) in enumerate(arts[:1])
    ]
    settings = Settings(db_path=Path("unused.sqlite3"))
    summarizer = Summarizer.from_settings(settings)
    summarizer.story_check = mixed_story_warning
    options = SummaryOptions(engine="extractive")
    mixed = await summarizer.summarize(Cluster(id="mixed", articles=articles), options)
    one = await summarizer.summarize(seed_cluster, options)
    assert any("different stories" in w for w in mixed.warnings)
    assert not any("different stories" in w for w in one.warnings)


async def test_a_posted_cluster_of_several_stories_says_so_in_warnings(tmp_path: Path) -> None:
    from chorus.api.app import create_app
    from tests.api.conftest import running

    articles = [
        {"id": f"{s}-{i}", "title": t, "text": x}
        for s, arts in STORIES.items()
        for i, (t, x) in enumerate(arts[:2])
    ]
    app = create_app(Settings(db_path=tmp_path / "db.sqlite3"))
    async with running(app) as client:
        r = await client.post(
            "/v1/summaries",
            json={"id": "mixed", "articles": articles},
            params={"engine": "extractive"},  # options are query parameters
        )
    assert r.status_code == 200, r.text
    assert any("3 different stories" in w for w in r.json()["warnings"])
