"""The README is followed by newcomers: its Python example must run as written, offline, and its
table of contents must lead to its headings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(#([^)\s]+)\)")


def readme_lines() -> list[str]:
    return README.read_text(encoding="utf-8").splitlines()


def headings(lines: list[str]) -> list[tuple[int, str, int]]:
    """(level, text, line number) of every heading outside fenced code blocks."""
    out = []
    in_fence = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        m = None if in_fence else HEADING.match(line)
        if m:
            out.append((len(m.group(1)), m.group(2), i))
    return out


def slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors(lines: list[str]) -> list[str]:
    """Every heading's anchor, with GitHub's -1, -2 suffixes for repeated ones."""
    seen: dict[str, int] = {}
    out = []
    for _, text, _ in headings(lines):
        base = slug(text)
        n = seen.get(base, 0)
        out.append(base if n == 0 else f"{base}-{n}")
        seen[base] = n + 1
    return out


def section(lines: list[str], title: str) -> tuple[int, int]:
    """Line range [start, end) of the level-2 section `title` (to the next level-2 heading)."""
    hs = headings(lines)
    starts = [i for level, text, i in hs if level == 2 and text == title]
    assert starts, f"README has no '## {title}' section"
    start = starts[0]
    later = [i for level, _, i in hs if level <= 2 and i > start]
    return start, later[0] if later else len(lines)


def first_python_block(lines: list[str], start: int, end: int) -> str:
    for i in range(start, end):
        if lines[i].strip() == "```python":
            block = []
            for line in lines[i + 1 : end]:
                if line.strip() == "```":
                    return "\n".join(block) + "\n"
                block.append(line)
    raise AssertionError("no ```python block under '## Python API'")


def test_readme_python_api_example_runs_offline_outside_the_checkout(tmp_path: Path) -> None:
    lines = readme_lines()
    code = first_python_block(lines, *section(lines, "Python API"))
    env = {
        k: v
        for k, v in os.environ.items()
        # no keys or endpoints of the developer, and `chorus` from the install, not a path
        if not k.startswith(("OPENAI_", "CHORUS_", "SLACK_", "PYTHONPATH"))
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.strip().splitlines()
    assert len(out) >= 3, result.stdout
    headline, *sentences, verdict = out
    assert headline.strip() and "Blinken" in headline
    # one line per summary sentence: its text, then its citation list
    assert all(re.search(r"\[\d+(, \d+)*\]$", s) for s in sentences), sentences
    assert verdict == "True supported"


def test_readme_table_of_contents_matches_its_headings() -> None:
    lines = readme_lines()
    start, end = section(lines, "Contents")
    toc = [m.group(1) for line in lines[start:end] for m in LINK.finditer(line)]
    known = anchors(lines)
    assert toc, "the Contents section has no links"
    missing = [a for a in toc if a not in known]
    assert not missing, f"Contents links to no heading: {missing}"
    # every top-level section after Contents is listed, in the README's order
    sections = [slug(text) for level, text, i in headings(lines) if level == 2 and i > start]
    listed = [a for a in toc if a in sections]
    unlisted = [s for s in sections if s not in listed]
    assert not unlisted, f"sections missing from ## Contents: {unlisted}"
    assert listed == sections, "## Contents lists the sections in another order"


def test_readme_internal_links_lead_to_headings() -> None:
    lines = readme_lines()
    known = set(anchors(lines))
    in_fence = False
    broken = []
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            broken += [m.group(1) for m in LINK.finditer(line) if m.group(1) not in known]
    assert not broken, f"links to no heading: {broken}"


def test_readme_sample_output_is_what_make_demo_prints() -> None:
    from typer.testing import CliRunner

    from chorus.cli.main import app

    seeds = README.parent / "seeds"
    result = CliRunner().invoke(app, ["summarize", str(seeds), "--engine", "extractive"])
    assert result.exit_code == 0, result.output
    sample = README.read_text(encoding="utf-8").split("```\n", 2)[1]  # the first block
    assert sample.split() == result.stdout.split()  # the same text, wrapped for reading
