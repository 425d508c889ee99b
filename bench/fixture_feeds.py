"""Fixture feeds from allsides-val articles, with synthetic publishers, sides and dates.

    python -m bench.fixture_feeds OUT_DIR [--first 201 --last 307] [--copies 5] [--day 2026-11-30]

Each story's three articles (left / centre / right outlets in the data) go to two synthetic
publishers per side; `--copies` stories also get a wire copy under "Wire Service". One RSS 2.0
file per publisher (full text in content:encoded) and a feeds.toml that points at the files,
so `chorus ingest --feeds OUT_DIR/feeds.toml` runs offline. The data stays in ../shared/data:
the feeds are generated, not committed.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "allsides-roundups-val.jsonl"
SIDES = ("left", "center", "right")
PUBLISHERS = {
    "left": ("The Progressive Ledger", "Metro Daily"),
    "center": ("Central Wire", "The Midday Report"),
    "right": ("Liberty Review", "The Heartland Post"),
}
WIRE = "Wire Service"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _item(pub: str, key: str, title: str, text: str, when: datetime) -> str:
    link = f"https://{slug(pub)}.example/news/{key}"
    return (
        "<item>"
        f"<title>{escape(title)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="false">{escape(key)}</guid>'
        f"<pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(text[:200])}</description>"
        f"<content:encoded>{escape(escape(text))}</content:encoded>"
        "</item>"
    )


def build(src: Path, out: Path, first: int, last: int, copies: int, day: date) -> int:
    rows = [json.loads(x) for x in src.read_text().splitlines() if x.strip()][first - 1 : last]
    items: dict[str, list[str]] = {}
    start = datetime.combine(day, time(5), UTC)
    count = 0
    for k, row in enumerate(rows):
        when = start + timedelta(minutes=(k * 53) % (17 * 60))
        for j, art in enumerate(row["articles"][:3]):
            if not art.get("text", "").strip():
                continue
            side = SIDES[j]
            pub = PUBLISHERS[side][k % 2]
            key = f"{row['id']}-{art['id']}"
            posted = when + timedelta(minutes=7 * j)
            items.setdefault(pub, []).append(_item(pub, key, art["title"], art["text"], posted))
            count += 1
            if j == 1 and k < copies:
                items.setdefault(WIRE, []).append(
                    _item(WIRE, key + "-wire", art["title"], art["text"], posted)
                )
                count += 1
    out.mkdir(parents=True, exist_ok=True)
    toml = []
    for pub, entries in items.items():
        name = f"{slug(pub)}.xml"
        (out / name).write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{escape(pub)}</title><link>https://{slug(pub)}.example/</link>"
            f"<description>fixture</description>{''.join(entries)}</channel></rss>\n",
            encoding="utf-8",
        )
        side = next((s for s, names in PUBLISHERS.items() if pub in names), None)
        toml.append(f'[[feed]]\npath = "{name}"\npublisher = "{pub}"\n')
        if side:
            toml[-1] += f'side = "{side}"\n'
    (out / "feeds.toml").write_text("\n".join(toml), encoding="utf-8")
    return count


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--src", type=Path, default=DATA)
    ap.add_argument("--first", type=int, default=201)
    ap.add_argument("--last", type=int, default=230)
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 30))
    a = ap.parse_args()
    n = build(a.src, a.out, a.first, a.last, a.copies, a.day)
    print(f"{n} articles -> {a.out / 'feeds.toml'}")


if __name__ == "__main__":
    main()
