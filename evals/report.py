"""Render an eval run: report.json (everything), report.md and report.html (for a person), and
the terminal summary.

Both documents lead with the dataset figures against their thresholds and the Lead baseline,
then a legend, then the clusters worst first (most problems, then lowest fact recall / ROUGE),
then each cluster's detail. The terminal prints the summary table only.
"""

from __future__ import annotations

from pathlib import Path

from chorus.checker.markdown import cell, sentence_table
from chorus_evals.report_data import columns, fmt, problems, summary_rows, worst_first
from chorus_evals.report_html import anchor, render_html
from chorus_evals.runner import ClusterReport, EvalReport


def render_table(report: EvalReport) -> str:
    """The terminal summary: dataset figures vs thresholds and the Lead baseline."""
    lines = [
        f"{report.dataset}: {len(report.clusters)} clusters · engine {report.engine} · judge "
        f"{report.judge} · {report.seconds:.1f}s",
        f"{'metric':<24}{'value':>9}{'lead':>9}  {'bound':<10}result",
    ]
    for _label, metric, value, lead, bound, result in summary_rows(report):
        lines.append(f"{metric:<24}{value:>9}{lead:>9}  {bound:<10}{result}")
    missing = [t for t in report.thresholds if t.value is None]
    lines += [f"FAIL {t.metric} = missing" for t in missing]
    for t in report.thresholds:
        if not t.passed and t.value is not None:
            sign = ">=" if t.kind == "min" else "<="
            lines.append(f"FAIL {t.metric} = {t.value:.4g} (needs {sign} {t.limit:g})")
    flagged = sum(1 for c in report.clusters if problems(c))
    lines.append(f"clusters with a per-cluster problem: {flagged} (worst first in the reports)")
    lines.append(
        f"{'PASSED' if report.passed else 'FAILED'}: {report.dataset} · engine {report.engine}"
        f" · judge {report.judge} · {report.seconds:.1f}s"
    )
    return "\n".join(lines) + "\n"


def render_markdown(report: EvalReport) -> str:
    cols = columns(report.clusters)
    out = [
        f"# Eval report: {report.dataset}",
        "",
        report.description,
        "",
        f"- engine: `{report.engine}` · judge: `{report.judge}` · clusters: "
        f"{len(report.clusters)} · {report.seconds:.1f}s · {report.created_at}",
        f"- result: **{'PASSED' if report.passed else 'FAILED'}**",
        "",
        "## Figures against thresholds and the Lead baseline",
        "",
        "| metric | value | Lead baseline | bound | result |",
        "|---|---:|---:|---|---|",
    ]
    for _label, metric, value, lead, bound, result in summary_rows(report):
        mark = {"ok": "✅", "FAIL": "❌"}.get(result, "")
        out.append(f"| {metric} | {value} | {lead} | {bound} | {mark} |")
    out += ["", "Lead = the articles' first sentences, round-robin, to the same word budget.", ""]
    out += ["## Legend", "", "| column | metric | meaning |", "|---|---|---|"]
    out += [f"| {label} | {metric} | {meaning} |" for metric, label, _, meaning, _ in cols]
    out += ["", "## Clusters, worst first", ""]
    out.append("| cluster | problems | " + " | ".join(label for _, label, *_ in cols) + " |")
    out.append("|---|---|" + "---:|" * len(cols))
    for c in worst_first(report.clusters):
        cells = [fmt(c.metrics.get(k), spec) for k, _, spec, *_ in cols]
        out.append(
            f"| [{cell(c.cluster_id, 60)}](#{anchor(c.cluster_id)}) | "
            f"{', '.join(problems(c)) or '–'} | " + " | ".join(cells) + " |"
        )
    cells = [fmt(report.metrics.get(k), spec) for k, _, spec, *_ in cols]
    out.append("| **all** | | " + " | ".join(f"**{x}**" for x in cells) + " |")
    for c in worst_first(report.clusters):
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


def write_reports(report: EvalReport, out_dir: Path) -> tuple[Path, Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "report.json"
    md_path = out_dir / "report.md"
    html_path = out_dir / "report.html"
    json_path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    html_path.write_text(render_html(report), encoding="utf-8")
    return json_path, md_path, html_path
