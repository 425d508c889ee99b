"""The eval report as one self-contained HTML file: no CDN, no external asset.

Summary figures against thresholds and the Lead baseline, a legend, an inline SVG chart of the
per-cluster score distributions, and a cluster table (worst first) that sorts on a header click
and filters to the clusters with problems; each cluster's detail follows.
"""

from __future__ import annotations

from html import escape

from chorus_evals.report_data import columns, fmt, problems, summary_rows, worst_first
from chorus_evals.runner import ClusterReport, EvalReport

CHART_METRICS = ("fact_recall", "rouge1", "mean_support", "supported")
BINS = 10

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;
color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:2px 6px}
th{background:#f3f3f3;cursor:pointer}td.n{text-align:right}.fail{color:#b00;font-weight:600}
.ok{color:#070}tr.bad td:first-child{border-left:4px solid #b00}blockquote{color:#333;
border-left:3px solid #ccc;margin:.5rem 0;padding-left:.8rem}svg text{font:11px sans-serif}
"""
_SCRIPT = """
document.querySelectorAll('table.sortable th').forEach((th, col) => th.addEventListener('click',
 () => { const body = th.closest('table').tBodies[0]; const asc = th.dataset.asc !== '1';
 th.dataset.asc = asc ? '1' : '0';
 const val = r => { const t = r.cells[col].dataset.v ?? r.cells[col].textContent;
   const x = parseFloat(t); return isNaN(x) ? t : x; };
 [...body.rows].sort((a, b) => { const x = val(a), y = val(b);
   return (x > y ? 1 : x < y ? -1 : 0) * (asc ? 1 : -1); }).forEach(r => body.appendChild(r));
}));
document.getElementById('only-bad').addEventListener('change', e => {
 document.querySelectorAll('#clusters tbody tr').forEach(r => {
   r.style.display = e.target.checked && !r.classList.contains('bad') ? 'none' : ''; }); });
"""


def _summary(report: EvalReport) -> list[str]:
    out = ["<h2>Figures against thresholds and the Lead baseline</h2>",
           "<table><tr><th>metric</th><th>value</th><th>Lead baseline</th><th>bound</th>"
           "<th>result</th></tr>"]  # fmt: skip
    for _label, metric, value, lead, bound, result in summary_rows(report):
        css = {"ok": "ok", "FAIL": "fail"}.get(result, "")
        out.append(
            f"<tr><td>{escape(metric)}</td><td class=n>{value}</td><td class=n>{lead}</td>"
            f"<td>{escape(bound)}</td><td class={css}>{result}</td></tr>"
        )
    out.append("</table><p>Lead = the articles' first sentences, round-robin, to the same "
               "word budget.</p>")  # fmt: skip
    return out


def _legend(report: EvalReport) -> list[str]:
    out = ["<h2>Legend</h2><table><tr><th>column</th><th>metric</th><th>meaning</th></tr>"]
    for metric, label, _spec, meaning, higher in columns(report.clusters):
        better = "higher is better" if higher else "lower is better"
        out.append(f"<tr><td>{label}</td><td>{metric}</td><td>{escape(meaning)} ({better})</td>"
                   "</tr>")  # fmt: skip
    out.append("</table>")
    return out


def histogram_svg(clusters: list[ClusterReport], metric: str, width: int = 260) -> str:
    """A small inline SVG histogram of one metric over the clusters (values in [0, 1])."""
    values = [v for c in clusters if (v := c.metrics.get(metric)) is not None]
    if not values:
        return ""
    counts = [0] * BINS
    for v in values:
        counts[min(BINS - 1, max(0, int(v * BINS)))] += 1
    top = max(counts) or 1
    bar_w = width // BINS
    bars = []
    for k, n in enumerate(counts):
        h = round(80 * n / top)
        bars.append(
            f'<rect x="{k * bar_w}" y="{90 - h}" width="{bar_w - 2}" height="{h}" '
            f'fill="#4a7"><title>{k / BINS:.1f}–{(k + 1) / BINS:.1f}: {n}</title></rect>'
        )
    mean = sum(values) / len(values)
    return (
        f'<figure style="display:inline-block;margin:0 1rem 1rem 0"><svg width="{width}" '
        f'height="105" role="img" aria-label="{metric} histogram">{"".join(bars)}'
        f'<text x="0" y="103">0</text><text x="{width - 10}" y="103">1</text></svg>'
        f"<figcaption>{escape(metric)} (mean {mean:.3f}, {len(values)} clusters)</figcaption>"
        "</figure>"
    )


def _clusters_table(report: EvalReport) -> list[str]:
    cols = columns(report.clusters)
    out = [
        "<h2>Clusters, worst first</h2>",
        "<label><input type=checkbox id=only-bad> only clusters with problems</label>",
        "<table id=clusters class=sortable><thead><tr><th>cluster</th><th>problems</th>",
    ]
    out += [f"<th title='{escape(meaning)}'>{label}</th>" for _, label, _, meaning, _ in cols]
    out.append("</tr></thead><tbody>")
    for c in worst_first(report.clusters):
        bad = problems(c)
        cells = "".join(
            f"<td class=n data-v='{c.metrics.get(k) if c.metrics.get(k) is not None else ''}'>"
            f"{fmt(c.metrics.get(k), spec)}</td>"
            for k, _, spec, *_ in cols
        )
        out.append(
            f"<tr class='{'bad' if bad else ''}'><td><a href='#{anchor(c.cluster_id)}'>"
            f"{escape(c.cluster_id)}</a></td><td data-v='{len(bad)}'>{escape(', '.join(bad))}"
            f"</td>{cells}</tr>"
        )
    out.append("</tbody></table>")
    return out


def _detail(c: ClusterReport) -> list[str]:
    out = [f"<h3 id='{anchor(c.cluster_id)}'>{escape(c.cluster_id)}</h3>"]
    if c.headline:
        out.append(f"<p><b>{escape(c.headline)}</b></p>")
    out.append(f"<blockquote>{escape(c.summary)}</blockquote>")
    out.append("<table><tr><th>#</th><th>sentence</th><th>cites</th><th>verdict</th>"
               "<th>support</th></tr>")  # fmt: skip
    for s in c.sentences:
        css = "" if s.verdict == "supported" else " class=fail"
        out.append(
            f"<tr><td>{s.index + 1}</td><td>{escape(s.text)}</td><td>"
            f"{','.join(map(str, s.citations))}</td><td{css}>{s.verdict}</td>"
            f"<td class=n>{s.support:.2f}</td></tr>"
        )
    out.append("</table>")
    if c.facts:
        stated = sum(1 for f in c.facts if f.credit)
        out.append(f"<details><summary>gold facts: {stated} of {len(c.facts)} stated</summary><ul>")
        out += [f"<li>{'✅' if f.credit else '❌'} {escape(f.text)}</li>" for f in c.facts]
        out.append("</ul></details>")
    if c.warnings:
        out.append("<p>Warnings: " + escape("; ".join(c.warnings)) + "</p>")
    return out


def anchor(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isalnum() or ch in "-_")


def render_html(report: EvalReport) -> str:
    verdict = "PASSED" if report.passed else "FAILED"
    body = [
        f"<h1>Eval report: {escape(report.dataset)}</h1>",
        f"<p>{escape(report.description)}</p>",
        f"<p>engine <code>{escape(report.engine)}</code> · judge <code>{escape(report.judge)}"
        f"</code> · {len(report.clusters)} clusters · {report.seconds:.1f}s · "
        f"{escape(report.created_at)} · <b class={'ok' if report.passed else 'fail'}>{verdict}"
        "</b></p>",
        *_summary(report),
        *_legend(report),
        "<h2>Score distributions</h2>",
        *(histogram_svg(report.clusters, m) for m in CHART_METRICS),
        *_clusters_table(report),
        "<h2>Cluster detail</h2>",
    ]
    for c in worst_first(report.clusters):
        body += _detail(c)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>Eval report: {escape(report.dataset)}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(body)}<script>{_SCRIPT}</script></body></html>\n"
    )
