"""Story clustering on the locally scaled similarity: what links, what never does, and the
incremental path agreeing with the batch one."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from chorus.ingest.cluster import (
    MIN_SCALED_DOCS,
    Doc,
    _char_grams,
    cluster_docs,
    local_scale,
    scaled,
    similarity,
    story_groups,
    views_similarity,
)
from chorus.ingest.run import make_article
from chorus.ingest.store import SqliteArticleStore
from chorus.ingest.stories import update_stories
from tests.ingest.test_stories import STORIES, T0

MORE = {
    "wildfire": [
        ("Wildfire forces evacuations in California hills", "A fast-moving wildfire in the hills east of Sacramento forced thousands of residents to evacuate on Tuesday as firefighters battled gusty winds."),  # noqa: E501
        ("Thousands flee California wildfire", "Thousands of residents fled their homes east of Sacramento as a wildfire driven by gusty winds spread across the dry hills, fire officials said."),  # noqa: E501
        ("Firefighters battle wind-driven blaze near Sacramento", "Firefighters battled a wind-driven wildfire in the hills near Sacramento that forced evacuations of thousands of homes."),  # noqa: E501
    ],
    "vote": [
        ("Parliament approves pension reform after long debate", "Parliament approved the pension reform late on Thursday after a marathon debate, raising the retirement age by two years despite union protests."),  # noqa: E501
        ("Pension overhaul passes despite union anger", "Lawmakers passed the pension overhaul raising the retirement age by two years, as unions vowed more strikes after the parliament vote."),  # noqa: E501
        ("Unions vow strikes as retirement age rises", "Unions promised new strikes after parliament voted to raise the retirement age by two years in the contested pension reform."),  # noqa: E501
    ],
}  # fmt: skip
ALL = STORIES | MORE


def docs_and_truth() -> tuple[list[Doc], list[str]]:
    docs, truth = [], []
    for story, arts in ALL.items():
        for i, (title, text) in enumerate(arts):
            docs.append(Doc(f"{story}-{i}", title, text))
            truth.append(story)
    return docs, truth


def partition(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def test_the_same_similarity_links_isolated_articles_but_not_ones_on_a_crowded_topic() -> None:
    n = 16
    sim = np.full((n, n), 0.05)
    sim[0, 1] = sim[1, 0] = 0.25  # two articles close to nothing else
    for a, others in ((2, range(4, 9)), (3, range(9, 14))):  # two close to a crowd each
        sim[a, list(others)] = sim[list(others), a] = 0.3
    sim[2, 3] = sim[3, 2] = 0.25
    np.fill_diagonal(sim, 1.0)
    s = scaled(sim)
    assert s[0, 1] > 0 > s[2, 3]
    assert [0, 1] in story_groups(s, range(n))


def test_the_stories_of_a_pool_are_found_and_pools_too_small_use_the_fixed_scale() -> None:
    docs, truth = docs_and_truth()
    assert len(docs) >= MIN_SCALED_DOCS
    found = partition([[truth[i] + str(i) for i in g] for g in cluster_docs(docs)])
    want = partition([[truth[i] + str(i) for i in range(len(docs)) if truth[i] == s] for s in ALL])
    assert found == want
    small = docs[:3]
    assert np.all(local_scale(np.eye(3)) == local_scale(np.eye(MIN_SCALED_DOCS - 1))[0])
    assert cluster_docs(small) == [[0, 1, 2]]


def test_wire_copies_always_share_a_story_however_crowded_the_pool() -> None:
    docs, _ = docs_and_truth()
    title, text = STORIES["quake"][0]
    copies = [Doc(f"copy-{i}", title, text) for i in range(8)]
    groups = cluster_docs(docs + copies)
    base = len(docs)
    (with_copies,) = [g for g in groups if base in g]
    assert set(range(base, base + 8)) <= set(with_copies)


def test_articles_close_to_nothing_stay_apart() -> None:
    words = ["alpha", "bravo", "cobalt", "delta", "ember", "fjord", "garnet", "harbor",
             "indigo", "jasper", "kelvin", "lumen", "mortar", "nectar", "onyx"]  # fmt: skip
    docs = [Doc(str(i), "", f"{w} {w}s {w}ed") for i, w in enumerate(words)]
    assert sorted(cluster_docs(docs)) == [[i] for i in range(len(words))]


def test_char_grams_are_scikit_learns_char_wb_4_grams() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    text = "Biden's  $1.9T plan:\tSenate OKs it. A an I impeachment!"
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4)).build_analyzer()
    assert _char_grams(text) == reference(text)


def test_inflected_forms_link_in_the_story_views_but_not_in_plain_words() -> None:
    filler = [Doc(str(i), "", f"{w} {w}s {w}ed") for i, w in enumerate(
        ["alpha", "bravo", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "indigo",
         "jasper", "kelvin", "lumen"])]  # fmt: skip
    pair = [
        Doc("a", "Lawmakers impeached governor", "Lawmakers impeached the governor."),
        Doc("b", "Impeachment of governorship", "The governorship impeachment trial."),
    ]
    docs = pair + filler
    assert len(docs) >= MIN_SCALED_DOCS
    assert similarity(docs)[0, 1] == 0.0 < 0.1 < views_similarity(docs)[0, 1]
    assert np.array_equal(views_similarity(docs[:3]), similarity(docs[:3]))


def add_article(store: SqliteArticleStore, story: str, i: int) -> str:
    title, text = ALL[story][i]
    when = T0 + timedelta(minutes=10 * i)
    article = make_article(
        url=f"https://p{i}.example/{story}/{i}", publisher=f"Publisher {i}", side=None,
        key=f"{story}-{i}", title=title, text=text, published_at=when, feed=None, now=when,
    )  # fmt: skip
    assert store.add(article)
    return article.id


def test_incremental_stories_match_the_batch_clustering(store: SqliteArticleStore) -> None:
    docs, _ = docs_and_truth()
    batch = partition([[docs[i].id for i in g] for g in cluster_docs(docs)])
    ids: dict[str, str] = {}
    for round_ in (0, 1):  # the first article of each story, then the rest join them
        for story, arts in ALL.items():
            for i in range(len(arts)):
                if (i == 0) == (round_ == 0):
                    ids[add_article(store, story, i)] = f"{story}-{i}"
        update = update_stories(store, window_h=48, now=T0 + timedelta(hours=round_))
        assert update.created if round_ == 0 else not update.created
    stories = store.stories_since(T0 - timedelta(days=1))
    incremental = partition([[ids[a] for a in s.article_ids] for s in stories])
    assert incremental == batch
    assert len(stories) == len(ALL)
