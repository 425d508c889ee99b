"""What an eval report shows, shared by the Markdown, HTML and terminal renderings: the
columns and their legend, the per-cluster problems, the worst-first order and the summary
rows (dataset figures against thresholds and the Lead baseline)."""

from __future__ import annotations

from collections.abc import Sequence

from chorus_evals.runner import ClusterReport, EvalReport
from chorus_evals.thresholds import ThresholdResult

# metric, short label, format, what it means (the legend), higher is better?
COLUMNS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("sentences", "sents", "{:.0f}", "sentences in the summary", True),
    ("words", "words", "{:.0f}", "words in the summary", True),
    ("citation_validity", "valid", "{:.0%}",
     "sentences citing at least one existing article and no other", True),
    ("supported", "supp", "{:.0%}", "sentences the checker finds supported by what they cite",
     True),
    ("partial", "part", "{:.0%}", "sentences only partly supported", False),
    ("unsupported", "unsup", "{:.0%}", "sentences not supported by what they cite", False),
    ("contradicted", "contra", "{:.0%}",
     "sentences a detector finds contradicted by what they cite", False),
    ("citation_precision", "c.prec", "{:.0%}",
     "(sentence, cited article) pairs where that article alone at least partly supports it",
     True),
    ("unsupported_specifics", "specif", "{:.0%}",
     "sentences with a number, name or quote none of their cited articles contains", False),
    ("fact_recall", "facts", "{:.0%}",
     "weighted share of the gold facts the summary states (checker run fact -> summary)", True),
    ("rouge1", "R-1", "{:.3f}", "ROUGE-1 F1 against the human reference (stemmed)", True),
    ("rouge2", "R-2", "{:.3f}", "ROUGE-2 F1 against the human reference", True),
    ("rougeL", "R-L", "{:.3f}", "ROUGE-L F1 against the human reference", True),
    ("multi_source", "multi", "{:.0%}",
     "sentences citing two articles or more (what the outlets agree on)", True),
    ("sources_heard", "heard", "{:.0%}", "the cluster's articles cited at least once", True),
    ("redundancy", "redund", "{:.2f}",
     "highest content-word Jaccard overlap between two summary sentences", False),
    ("redundant_sentences", "repeat", "{:.1%}",
     "sentences most of whose content words an earlier sentence already states", False),
    ("datelines", "dateln", "{:.1%}", "sentences still carrying a wire dateline or byline", False),
    ("unresolved_openers", "opener", "{:.1%}",
     "sentences opening with a connector, an unresolved pronoun or an unintroduced surname",
     False),
    ("headline_copied", "h.copy", "{:.1%}", "headline is an outlet's title (or nearly)", False),
    ("headline_repeats_lead", "h.lead", "{:.1%}",
     "the first sentence opens with the headline's words", False),
)  # fmt: skip
FLAG_CHECKS: tuple[tuple[str, float, bool], ...] = (
    ("citation_validity", 1.0, True),
    ("supported", 1.0, True),
    ("unsupported_specifics", 0.0, False),
    ("datelines", 0.0, False),
    ("unresolved_openers", 0.0, False),
    ("headline_copied", 0.0, False),
    ("headline_repeats_lead", 0.0, False),
    ("redundant_sentences", 0.0, False),
)


def fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else spec.format(value)


def columns(clusters: Sequence[ClusterReport]) -> list[tuple[str, str, str, str, bool]]:
    present = {k for c in clusters for k, v in c.metrics.items() if v is not None}
    return [c for c in COLUMNS if c[0] in present]


def problems(c: ClusterReport) -> list[str]:
    """The cluster's failed per-cluster checks (what puts it near the top of the list)."""
    out = []
    for metric, bound, higher in FLAG_CHECKS:
        v = c.metrics.get(metric)
        if v is not None and ((v < bound - 1e-9) if higher else (v > bound + 1e-9)):
            out.append(metric)
    return out


def worst_first(clusters: Sequence[ClusterReport]) -> list[ClusterReport]:
    def key(c: ClusterReport) -> tuple[int, float, float, str]:
        recall = c.metrics.get("fact_recall")
        rouge1 = c.metrics.get("rouge1")
        return (-len(problems(c)), recall if recall is not None else 1.0,
                rouge1 if rouge1 is not None else 1.0, c.cluster_id)  # fmt: skip

    return sorted(clusters, key=key)


def _bound(metric: str, thresholds: Sequence[ThresholdResult]) -> tuple[str, str]:
    found = [t for t in thresholds if t.metric == metric]
    if not found:
        return "", ""
    bound = ", ".join(f"{'≥' if t.kind == 'min' else '≤'} {t.limit:g}" for t in found)
    return bound, "ok" if all(t.passed for t in found) else "FAIL"


def summary_rows(report: EvalReport) -> list[tuple[str, str, str, str, str, str]]:
    """(label, metric, value, lead baseline, bound, result) for each metric the run has."""
    rows = []
    for metric, label, spec, _meaning, _ in columns(report.clusters):
        bound, result = _bound(metric, report.thresholds)
        rows.append((label, metric, fmt(report.metrics.get(metric), spec),
                     fmt(report.baseline.get(metric), spec) if report.baseline else "–",
                     bound, result))  # fmt: skip
    return rows
