"""A check as Markdown: the verdict table that `chorus check` prints and eval reports embed."""

from __future__ import annotations

from collections.abc import Sequence

from chorus.checker.report import CheckedSentence, CheckReport


def cell(text: str, limit: int = 240) -> str:
    """Text fit for one Markdown table cell: one line, pipes escaped, cut at `limit`."""
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sentence_table(sentences: Sequence[CheckedSentence]) -> list[str]:
    """One row per sentence: its citations, verdict, support, best evidence and why."""
    out = ["| # | sentence | cites | verdict | support | best evidence | why |",
           "|---:|---|---|---|---:|---|---|"]  # fmt: skip
    for r in sentences:
        ev = " ".join(f"[{e.n}] {e.text}" for e in r.evidence[:2])
        cites = ",".join(str(n) for n in r.citations) or "–"
        out.append(
            f"| {r.index + 1} | {cell(r.text, 300)} | {cites} | {r.verdict} | "
            f"{r.support:.2f} | {cell(ev, 300)} | {cell('; '.join(_why(r)), 300)} |"
        )
    return out


def _why(r: CheckedSentence) -> list[str]:
    return ([r.reason] if r.reason and r.verdict != "supported" else []) + r.issues


def check_markdown(report: CheckReport) -> str:
    c = report.counts
    verdict = "passed" if report.passed else "FAILED"
    lines = [f"## {cell(report.cluster_id, 200)}", "", f"**{cell(report.headline, 200)}**", ""]
    lines += sentence_table(report.sentences)
    lines += [
        "",
        f"{verdict}: {c.supported}/{c.sentences} supported, {c.partial} partial, "
        f"{c.unsupported} unsupported, {c.contradicted} contradicted, {c.uncited} uncited, "
        f"{c.invalid_citations} invalid citation(s)",
    ]
    if report.warnings:
        lines += ["", "Warnings: " + "; ".join(cell(w, 200) for w in report.warnings)]
    return "\n".join(lines) + "\n"


__all__ = ["cell", "check_markdown", "sentence_table"]
