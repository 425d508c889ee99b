"""Does a cluster someone sent hold several stories? The summariser's warning hook.

The cluster's articles are grouped with the story clusterer; the cluster is called mixed when
it has at least MIN_ARTICLES articles and no group holds more than half of them (nine unrelated
articles, or two stories of equal size). A cluster with one dominant story and a stray article
is not flagged (the summary follows the dominant story anyway).
"""

from __future__ import annotations

from chorus.ingest.cluster import Doc, cluster_docs, group, similarity
from chorus.models import Cluster

MIN_ARTICLES = 3
MAX_ARTICLES = 200  # above this, the check is skipped (it is quadratic)
# Looser than the story threshold (tuned on allsides-val 1-200: no false alarm on its 200 true
# clusters; 100/100 mixes of nine unrelated articles flagged): only clearly apart articles count.
MIXED_THRESHOLD = 0.95


def warm_up() -> None:
    """Load scikit-learn now (about a second), so the first summary does not pay for it."""
    cluster_docs([Doc("a", "", "warm up"), Doc("b", "", "warm up")])


def story_groups(cluster: Cluster) -> list[list[int]]:
    docs = [Doc(a.id, a.title or "", a.text) for a in cluster.articles if a.text.strip()]
    return group(similarity(docs, use_idf=True), range(len(docs)), MIXED_THRESHOLD)


def mixed_story_warning(cluster: Cluster) -> str | None:
    n = len(cluster.articles)
    if not MIN_ARTICLES <= n <= MAX_ARTICLES:
        return None
    groups = story_groups(cluster)
    if len(groups) < 2 or max(len(g) for g in groups) * 2 > sum(len(g) for g in groups):
        return None
    return (
        f"this cluster seems to hold {len(groups)} different stories (its articles share little "
        "vocabulary); the summary may mix them: send one story per cluster"
    )


__all__ = ["MIXED_THRESHOLD", "mixed_story_warning", "story_groups", "warm_up"]
