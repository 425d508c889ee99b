"""SummEdits (news): human-labelled (document, one-sentence summary) pairs for the checker.

The split is by source document, never by row: all edits of one document's summary land on
the same side. Documents are ordered by the id of their original summary; the first
`TUNE_DOCUMENTS` are the tuning part, the rest is held out and is what we report.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from pydantic import BaseModel, Field

from chorus.errors import InvalidInput

TUNE_DOCUMENTS = 10  # of 25; the other 15 are held out


class LabelledClaim(BaseModel):
    id: str
    document: int = Field(description="Index of the source document (0-based, id order).")
    claim: str
    label: int = Field(description="1 = consistent with the document, 0 = inconsistent.")
    kinds: list[str] = Field(default_factory=list)


class LabelledSet(BaseModel):
    documents: list[str]
    claims: list[LabelledClaim]

    def part(self, documents: set[int]) -> LabelledSet:
        return LabelledSet(
            documents=self.documents, claims=[c for c in self.claims if c.document in documents]
        )


def load_summedits(path: Path) -> LabelledSet:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read SummEdits ({exc})") from exc
    by_doc: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_doc.setdefault(str(row["doc"]), []).append(row)
    order = sorted(by_doc, key=lambda d: min(str(r["id"]) for r in by_doc[d]))
    claims = [
        LabelledClaim(
            id=str(r["id"]),
            document=k,
            claim=str(r["summary"]),
            label=int(str(r["label"])),
            kinds=_edit_types(r.get("edit_types")),
        )
        for k, doc in enumerate(order)
        for r in by_doc[doc]
    ]
    return LabelledSet(documents=order, claims=claims)


def _edit_types(raw: object) -> list[str]:
    """The row's edit types: a list, or the list written as a string ("['antonym_swap']")."""
    if isinstance(raw, str):
        try:
            raw = ast.literal_eval(raw) if raw.strip() else []
        except (ValueError, SyntaxError):
            return []
    return [str(t) for t in raw] if isinstance(raw, list) else []


def split(
    data: LabelledSet, tune_documents: int = TUNE_DOCUMENTS
) -> tuple[LabelledSet, LabelledSet]:
    """(tune, held-out), by document."""
    tune = set(range(tune_documents))
    held = set(range(tune_documents, len(data.documents)))
    return data.part(tune), data.part(held)
