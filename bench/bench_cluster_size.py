"""Story clustering and pool size, on the TUNE split only (allsides-val lines 1-200): figures.

Why recall falls as the pool grows (tune pool of 200 stories R 0.888, owner's 307-story pool
R 0.853), and the rules tried against it in issue 13d; none was shipped. Dev pools are random
subsets of lines 1-200 of 60 / 100 / 150 stories (6 seeds each) and all 200 stories; the
figures are the mean B-cubed P / R / F1 per size. It never reads lines 201-307.

Diagnosis (`diagnose` below), per pool size 60 -> 200 stories: the median TF-IDF similarity
(three views, no LSA) of two articles of one story stays at 0.295 -> 0.299, while an article's
3rd-5th nearest neighbours (mostly other stories of its topic) rise 0.115 -> 0.153; the LSA
cosine of story mates falls 0.904 -> 0.753 (k = n/3: with more stories on a topic, its
dimensions are shared by more of them). The mean scale r stays at 0.320-0.325 (the nearest,
mostly story mates, fall while the 3rd-5th rise), so the scale does not rise: story mates fall
below it. LSA's gain over no LSA shrinks from +0.027 F1 (60 stories) to +0.011 (200). Much of
the loss is inherent: the share of articles whose two story mates are their two nearest falls
0.856 -> 0.747 (more stories of one topic to confuse them with).

Tried on these pools (`table` below; mean F1 over the 19 pools, shipped 0.9455, per size
0.953 / 0.950 / 0.937 / 0.927 for 60 / 100 / 150 / 200 stories):
- a scale that skips the nearest (story mates) or reads neighbours 3..8: ranks 2-5 0.935,
  2-8 0.902, 3-8 0.886 (precision 0.82-0.94; 200 stories 0.919 / 0.883 / 0.867), and with the
  link bar raised to 0.06 to win precision back 0.935; the median of the 5 nearest 0.943;
- LSA rank at 60 % of the Gram trace 0.945; whitened LSA coordinates (S^0) 0.947, but its edge
  shrinks with the pool (+0.003 at 60 stories, -0.002 at 200); no LSA 0.922;
- a cluster-level merge pass on the finished stories (centroid cosine, mutual best, CSLS with the
  members' mean scale, bar 0 / 0.04): 0.924 / 0.933, precision at 200 stories 0.88 / 0.91 -
  most stories that are each other's closest after average linkage are different stories; with
  the centroid's own scale (its nearest non-members, not in the table) it merges far more:
  0.83-0.90;
- second-order similarity (cosine of the articles' 5 nearest-neighbour rows, weight 0.2): 0.942
  (k 10, weight 0.4: 0.939-0.941);
- CSLS per view (each view and LSA scaled by its own neighbours, then summed; not in the table):
  -0.001 to -0.002 F1 at every size;
- HDBSCAN (scikit-learn, min_cluster_size 2, "leaf", scaled distance): 0.937, precision falling
  with the pool (0.948 -> 0.927); on 1 - s or with "eom", worse;
- Louvain communities (networkx 3.6, graph of pairs at scaled similarity >= 0 or >= -0.03,
  resolution 0.5-50; not in the table, networkx is not a dependency): at best 0.935, precision
  0.957 -> 0.904 from 60 to 200 stories;
- as a precision guard to relax the bar (not in the table): a shared capitalised name or number
  seen in at most 2-4 articles, or a shared quotation (3 words): among near misses (scaled
  similarity -0.04..0 on the 200-story pool: 148 pairs, 38 true) the name guard holds for 0-3
  true pairs and 3-14 wrong ones, the quotation for none (leads are too short to share quotes);
- consensus clustering (evidence accumulation: the shipped rule run on 7 view mixes - the three
  views, each view alone, each pair - each with its own LSA; two articles co-clustered by >= 30 %
  or >= 50 % of the runs, average linkage on that co-association; not in the table): on 6 fresh
  subsets per size, +0.002 / +0.000 / +0.003 F1 (sd 0.002-0.003) at 100 / 150 / 180 stories at
  30 %, about nil at 50 %; with one shared LSA less. The size of gain that did not survive the
  held-out pools before, for 7 times the similarity work (the incremental step would pass 1 s);
- global centring of the Gram matrix (PCA in place of LSA, for LSA alone or for both parts):
  -0.000 to +0.001 mean F1 (not in the table);
- min_df 2 (words of one article only no longer dilute its norm; not in the table): +0.0003 F1
  (sd 0.0016) on ten 180-story subsets, -0.003 on ten 80-story ones.
The link bar at -0.03: 0.945, +0.006 at 200 stories; on 8 fresh subsets per size (`paired`
below) -0.02 / -0.03 give +0.003 F1 at 160 stories, +0.001 / +0.002 at 190 and nil at 80-120
(sd 0.003-0.009), always at 0.01-0.02 precision. Issue 13d judged it a trade and kept bar 0;
the last step of issue 13 shipped -0.03 (LINK_AT), the F1-best bar on the largest tune pools,
since a day of feeds is a large pool (README "Story clustering"). The figures above were taken
with bar 0 (the variants' `link` default); "shipped" is the -0.03 rule.

Run: .venv/bin/python -m bench.bench_cluster_size
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bench.bench_cluster_variants import _subset_pool, bcubed, tune_lines
from chorus.ingest import cluster as C
from chorus.ingest.cluster import Doc, Matrix

SIZES = (60, 100, 150, 200)
SEEDS = 6
Groups = list[list[int]]


@dataclass
class Pool:
    docs: list[Doc]
    truth: dict[str, str]
    gram: Matrix  # the three views' weighted Gram matrix (no LSA)
    sim: Matrix  # the shipped similarity (views + LSA)
    values: NDArray[np.float64]  # eigenvalues of `gram`, largest first
    vectors: Matrix


def build(docs: list[Doc], truth: dict[str, str]) -> Pool:
    from scipy.linalg import eigh

    texts = [C._doc_text(d) for d in docs]
    w_words, w_chars, w_lead = C.VIEW_WEIGHTS
    gram = (w_words * C._gram(texts, True, "word") + w_chars * C._gram(texts, True, "chars")
            + w_lead * C._gram([C._lead(d) for d in docs], True, "word"))  # fmt: skip
    values, vectors = eigh(gram.astype(np.float32), driver="evd")
    return Pool(docs, truth, gram, C.views_similarity(docs),
                values[::-1].astype(np.float64), vectors[:, ::-1].astype(np.float64))  # fmt: skip


def dev_pools() -> dict[int, list[Pool]]:
    rows = [json.loads(x) for x in tune_lines() if x.strip()]
    out: dict[int, list[Pool]] = {}
    for size in SIZES:
        seeds = range(SEEDS) if size < len(rows) else range(1)  # 200 = every story: one pool
        out[size] = [build(*_subset_pool(rows, 5000 + s, size)) for s in seeds]
    return out


def lsa(p: Pool, k: int, alpha: float = 1.0) -> Matrix:
    z = p.vectors[:, :k] * np.clip(p.values[:k], 0.0, None) ** (alpha / 2)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    z = z / np.where(norms > 0, norms, 1.0)
    return np.asarray(z @ z.T, dtype=np.float64)


def mixed(p: Pool, other: Matrix, share: float = C.STORY_LSA_SHARE) -> Matrix:
    s = (1.0 - share) * p.gram + share * other
    s = np.clip(s, 0.0, 1.0)
    np.fill_diagonal(s, 1.0)
    return s


def scale(sim: Matrix, lo: int = 0, hi: int = C.NEIGHBOURS, median: bool = False) -> Matrix:
    """Each article's scale from its lo-th..hi-th nearest others (0-based, hi excluded)."""
    others = sim.copy()
    np.fill_diagonal(others, -np.inf)
    near = -np.sort(-others, axis=1)[:, lo:hi]
    r = np.median(near, axis=1) if median else near.mean(axis=1)
    return np.asarray(np.clip(r, C.SCALE_FLOOR, C.SCALE_CAP), dtype=np.float64)


def link(sim: Matrix, r: Matrix, bar: float = 0.0) -> Groups:
    scaled = sim - 0.5 * (r[:, None] + r[None, :])
    return C.group(scaled, range(len(sim)), 1.0 - bar, linkage="average")


def relinked(sim: Matrix) -> Groups:
    return link(sim, scale(sim))


def centroid_pass(p: Pool, bar: float) -> Groups:
    """After the shipped rule, one round: merge mutually closest stories whose centroid cosine
    beats their members' mean scale by `bar`."""
    sim, groups, r = p.sim, C.cluster_docs(p.docs), scale(p.sim)
    h = np.zeros((len(groups), len(sim)))
    for a, members in enumerate(groups):
        h[a, members] = 1.0 / len(members)
    inner = h @ sim @ h.T
    norms = np.sqrt(np.clip(np.diag(inner), 1e-9, None))
    rg = h @ r
    s = inner / np.outer(norms, norms) - 0.5 * (rg[:, None] + rg[None, :])
    np.fill_diagonal(s, -np.inf)
    best = s.argmax(axis=1)
    taken: set[int] = set()
    merged = []
    for a in np.argsort(-s[np.arange(len(groups)), best]):
        b = int(best[a])
        if a in taken or b in taken or best[b] != a or s[a, b] < bar:
            continue
        merged.append(groups[a] + groups[b])
        taken |= {int(a), b}
    return [g for i, g in enumerate(groups) if i not in taken] + merged


def second_order(sim: Matrix, k: int) -> Matrix:
    others = sim.copy()
    np.fill_diagonal(others, 0.0)
    kth = -np.partition(-others, k - 1, axis=1)[:, k - 1 : k]
    rows = np.where(others >= kth, others, 0.0) + np.eye(len(sim))
    rows = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return np.asarray(rows @ rows.T, dtype=np.float64)


def hdbscan(sim: Matrix) -> Groups:
    from sklearn.cluster import HDBSCAN

    r = scale(sim)
    dist = np.clip(0.5 - (sim - 0.5 * (r[:, None] + r[None, :])), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        labels = HDBSCAN(min_cluster_size=2, metric="precomputed",
                         cluster_selection_method="leaf").fit_predict(dist)  # fmt: skip
    found: dict[int, list[int]] = {}
    alone = []
    for i, label in enumerate(labels):
        (alone.append([i]) if label < 0 else found.setdefault(int(label), []).append(i))
    return alone + list(found.values())


def variance_rank(p: Pool, share: float) -> int:
    total = np.cumsum(np.clip(p.values, 0.0, None))
    return int(np.searchsorted(total, share * total[-1])) + 1


def second_mixed(p: Pool, k: int, w: float) -> Groups:
    s = (1.0 - w) * p.sim + w * second_order(p.sim, k)
    np.fill_diagonal(s, 1.0)
    return relinked(s)


VARIANTS: dict[str, Callable[[Pool], Groups]] = {
    "shipped": lambda p: C.cluster_docs(p.docs),
    "scale: ranks 2-5 (skip mates)": lambda p: link(p.sim, scale(p.sim, 2, 5)),
    "scale: ranks 2-8": lambda p: link(p.sim, scale(p.sim, 2, 8)),
    "scale: ranks 3-8": lambda p: link(p.sim, scale(p.sim, 3, 8)),
    "scale: ranks 2-8, bar 0.06": lambda p: link(p.sim, scale(p.sim, 2, 8), 0.06),
    "scale: median of 5": lambda p: link(p.sim, scale(p.sim, median=True)),
    "LSA k at 60% variance": lambda p: relinked(mixed(p, lsa(p, variance_rank(p, 0.6)))),
    "LSA whitened (S^0)": lambda p: relinked(mixed(p, lsa(p, len(p.docs) // 3, 0.0))),
    "no LSA": lambda p: relinked(mixed(p, p.gram, 0.0)),
    "centroid merge pass, bar 0": lambda p: centroid_pass(p, 0.0),
    "centroid merge pass, bar 0.04": lambda p: centroid_pass(p, 0.04),
    "second-order k5 w0.2": lambda p: second_mixed(p, 5, 0.2),
    "HDBSCAN leaf, scaled distance": lambda p: hdbscan(p.sim),
    "link bar 0 (shipped before)": lambda p: link(p.sim, scale(p.sim), 0.0),
}


def score(p: Pool, groups: Groups) -> tuple[float, float, float]:
    return bcubed(p.truth, {p.docs[m].id: i for i, g in enumerate(groups) for m in g})


def table(pools: dict[int, list[Pool]]) -> None:
    print(f"{'variant':<32}" + "".join(f"{f'{s} stories P/R/F1':>22}" for s in SIZES) + "  mean F1")
    for name, rule in VARIANTS.items():
        cells, f1s = [], []
        for size in SIZES:
            got = np.array([score(p, rule(p)) for p in pools[size]])
            cells.append(f"{got[:, 0].mean():.3f} {got[:, 1].mean():.3f} {got[:, 2].mean():.3f}")
            f1s.extend(got[:, 2])
        print(f"{name:<32}" + "".join(f"{c:>22}" for c in cells) + f"  {np.mean(f1s):.4f}")


def diagnose(pools: dict[int, list[Pool]]) -> None:
    """Per size: story mates' similarity in the views and in LSA, the background, the scale."""
    print("stories  mates TF-IDF  mates LSA  3rd-5th nearest (TF-IDF)  mean r  mates = 2 nearest")
    for size in SIZES:
        p = pools[size][0]
        n = len(p.docs)
        label = np.array([p.truth[d.id] for d in p.docs])
        same = label[:, None] == label[None, :]
        upper = np.triu_indices(n, 1)
        mates = same[upper]
        g = p.gram.copy()
        np.fill_diagonal(g, -np.inf)
        background = -np.sort(-g, axis=1)[:, 2:5].mean()
        others = p.sim.copy()
        np.fill_diagonal(others, -np.inf)
        top2 = np.argsort(-others, axis=1)[:, :2]
        first = np.mean([same[i, top2[i]].all() for i in range(n) if same[i].sum() == 3])
        print(f"{size:>7}  {np.median(p.gram[upper][mates]):>12.3f}  "
              f"{np.median(lsa(p, n // 3)[upper][mates]):>9.3f}  {background:>24.3f}  "
              f"{C.local_scale(p.sim).mean():>6.3f}  {first:>17.3f}")  # fmt: skip


def paired(rows: list[dict[str, object]]) -> None:
    """The link bar at -0.02 / -0.03 minus bar 0, on 8 random subsets per size."""
    for size in (80, 120, 160, 190):
        deltas: dict[float, list[tuple[float, float]]] = {-0.02: [], -0.03: []}
        for seed in range(8):
            p = build(*_subset_pool(rows, 7000 + size + seed, size))
            base = score(p, link(p.sim, scale(p.sim)))
            for bar, out in deltas.items():
                got = score(p, link(p.sim, scale(p.sim), bar))
                out.append((got[0] - base[0], got[2] - base[2]))
        for bar, out in deltas.items():
            d = np.array(out)
            print(f"link bar {bar:+.2f} minus 0, {size} stories: F1 {d[:, 1].mean():+.4f} "
                  f"(sd {d[:, 1].std():.4f}), precision {d[:, 0].mean():+.4f}")  # fmt: skip


def main() -> None:
    pools = dev_pools()
    diagnose(pools)
    table(pools)
    paired([json.loads(x) for x in tune_lines() if x.strip()])


if __name__ == "__main__":
    main()
