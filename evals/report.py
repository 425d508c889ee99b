"""Render an eval run: report.json (everything), report.md (for a person), a terminal table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from chorus.checker.markdown import cell, sentence_table
from chorus_evals.runner import ClusterReport, EvalReport

COLUMNS = (
    ("sentences", "sents", "{:.0f}"),
    ("citation_validity", "valid", "{:.0%}"),
    ("supported", "supp", "{:.0%}"),
    ("partial", "part", "{:.0%}"),
    ("unsupported", "unsup", "{:.0%}"),
    ("contradicted", "contra", "{:.0%}"),
    ("citation_precision", "c.prec", "{:.0%}"),
    ("unsupported_specifics", "specif", "{:.0%}"),
    ("fact_recall", "facts", "{:.0%}"),
    ("rouge1", "R-1", "{:.3f}"),
    ("rouge2", "R-2", "{:.3f}"),
    ("rougeL", "R-L", "{:.3f}"),
    ("words", "words", "{:.0f}"),
    ("redundancy", "redund", "{:.2f}"),
)


def _fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else spec.format(value)


def _columns(clusters: Sequence[ClusterReport]) -> list[tuple[str, str, str]]:
    present = {k for c in clusters for k, v in c.metrics.items() if v is not None}
    return [c for c in COLUMNS if c[0] in present]


def render_table(report: EvalReport, max_id: int = 28) -> str:
    """Fixed-width per-cluster table plus the dataset row and the threshold verdicts."""
    cols = _columns(report.clusters)
    head = ["cluster".ljust(max_id)] + [label.rjust(6) for _, label, _ in cols]
    lines = ["  ".join(head)]
    for c in report.clusters:
        cells = [c.cluster_id[:max_id].ljust(max_id)]
        cells += [_fmt(c.metrics.get(k), spec).rjust(6) for k, _, spec in cols]
        lines.append("  ".join(cells))
    lines.append("-" * len(lines[0]))
    total = [f"ALL ({len(report.clusters)})"[:max_id].ljust(max_id)]
    total += [_fmt(report.metrics.get(k), spec).rjust(6) for k, _, spec in cols]
    lines.append("  ".join(total))
    if report.baseline:
        lead = ["Lead baseline".ljust(max_id)]
        lead += [_fmt(report.baseline.get(k), spec).rjust(6) for k, _, spec in cols]
        lines.append("  ".join(lead))
    lines.append("")
    for t in report.thresholds:
        mark = "ok  " if t.passed else "FAIL"
        sign = ">=" if t.kind == "min" else "<="
        value = "missing" if t.value is None else f"{t.value:.4g}"
        lines.append(f"{mark} {t.metric} = {value} (needs {sign} {t.limit:g})")
    lines.append(
        f"{'PASSED' if report.passed else 'FAILED'}: {report.dataset} · engine {report.engine}"
        f" · judge {report.judge} · {report.seconds:.1f}s"
    )
    return "\n".join(lines) + "\n"


def render_markdown(report: EvalReport) -> str:
    cols = _columns(report.clusters)
    out = [
        f"# Eval report: {report.dataset}",
        "",
        f"{report.description}" if report.description else "",
        "",
        f"- engine: `{report.engine}` · judge: `{report.judge}` · clusters: "
        f"{len(report.clusters)} · {report.seconds:.1f}s · {report.created_at}",
        f"- result: **{'PASSED' if report.passed else 'FAILED'}**",
        "",
        "## Thresholds",
        "",
        "| metric | value | bound | result |",
        "|---|---|---|---|",
    ]
    for t in report.thresholds:
        sign = "≥" if t.kind == "min" else "≤"
        value = "missing" if t.value is None else f"{t.value:.4g}"
        out.append(f"| {t.metric} | {value} | {sign} {t.limit:g} | {'✅' if t.passed else '❌'} |")
    out += ["", "## Per cluster", ""]
    out.append("| cluster | " + " | ".join(label for _, label, _ in cols) + " |")
    out.append("|---|" + "---:|" * len(cols))
    for c in report.clusters:
        cells = [_fmt(c.metrics.get(k), spec) for k, _, spec in cols]
        out.append(
            f"| [{cell(c.cluster_id, 60)}](#{_anchor(c.cluster_id)}) | " + " | ".join(cells) + " |"
        )
    cells = [_fmt(report.metrics.get(k), spec) for k, _, spec in cols]
    out.append("| **all** | " + " | ".join(f"**{x}**" for x in cells) + " |")
    if report.baseline:
        lead = [_fmt(report.baseline.get(k), spec) for k, _, spec in cols]
        out.append("| *Lead baseline* | " + " | ".join(lead) + " |")
    for c in report.clusters:
        out += render_cluster_markdown(c)
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def render_cluster_markdown(c: ClusterReport) -> list[str]:
    """One cluster's section: the summary, each sentence's verdict and evidence, facts."""
    out = ["", f"## {c.cluster_id}", ""]
    if c.headline:
        out += [f"**{cell(c.headline, 200)}**", ""]
    out += [f"> {cell(c.summary, 4000)}", ""]
    out += sentence_table(c.sentences)
    if c.facts:
        out += ["", "| fact | weight | credit | stated by |", "|---|---:|---:|---|"]
        for f in c.facts:
            by = "–" if f.stated_by is None else f"sentence {f.stated_by + 1}"
            if f.cites_a_source is False:
                by += " (cites none of the fact's articles)"
            out.append(f"| {cell(f.text, 200)} | {f.weight:g} | {f.credit:g} | {by} |")
    if c.specifics:
        out += ["", "Unsupported specifics: " + "; ".join(
            f"sentence {s.sentence + 1}: {s.kind} `{cell(s.value, 80)}`" for s in c.specifics
        )]  # fmt: skip
    if c.warnings:
        out += ["", "Warnings: " + "; ".join(cell(w, 200) for w in c.warnings)]
    return out


def _anchor(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isalnum() or ch in "-_")


def write_reports(report: EvalReport, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "report.json"
    md_path = out_dir / "report.md"
    json_path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return json_path, md_path
