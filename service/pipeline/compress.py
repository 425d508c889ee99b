"""Sentence compression for lifted sentences: cut what carries no fact, never what does.

Each rule deletes a span; nothing is reworded, so what is left is a sub-sequence of the
source sentence. The extractive engine still checks every compressed sentence against its
article and falls back to the lighter form when the check no longer supports it.

- datelines and wire bylines: "JABIRU, Australia (AP) _", "CITY _", "WASHINGTON (Reuters) -",
  "BEIJING, August 21 (Xinhua ) --", "(CNN) -", "By JOHN SMITH";
- leading connectors that only made sense after the previous sentence: "After all,", "But",
  "Meanwhile,", "However,";
- generic attribution heads and tails ("US officials said …", "…, officials said.") where
  the attribution is not the fact
  (a named speaker, or a sentence with a quotation, keeps its attribution);
- non-restrictive relative clauses without figures ("The Democrat, who served two terms as
  governor, vowed…" -> "The Democrat vowed…");
- short parentheticals without figures ("(R-Ky.)", "(pictured)"); acronym definitions and
  figures stay;
- an outlet's loaded modifiers of a noun ("a damning report", "a highly controversial
  member": `framing.drop_loaded_modifiers`), outside quotations.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from chorus.pipeline.context import dependent_opener
from chorus.pipeline.framing import LOADED_MODIFIERS, drop_loaded_modifiers

_WIRES = (
    r"AP|Reuters|Xinhua|AFP|CNN|UPI|Bloomberg|dpa|Kyodo|PTI|IANS|ANI|TASS|Yonhap|Sputnik|"
    r"RIA Novosti|Anadolu|EFE|ANSA|KUNA|WAM|SPA|BERNAMA|Fox News|NBC News|CBS News|ABC News"
)
_SEP = r"(?:--|—|–|-|_|:)"
# A wire tag "(AP)" / "(Xinhua )" close to the start: everything before it is the dateline.
_WIRE_TAG_RE = re.compile(
    r"^[^()]{0,60}?\(\s*(?:" + _WIRES + r")\s*\)\s*" + _SEP + r"?\s*", re.IGNORECASE
)
# "WASHINGTON —", "CHARLOTTE, N.C. —", "JABIRU, Australia _", "CITY _", "NEW YORK, May 3 —".
_CAPS_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?"
    r"(?:,\s*[A-Z][a-z]{2,9}\.?\s*\d{1,2})?\s+" + _SEP + r"\s+"
)
# "Beijing, August 21 --" (mixed-case city with a date and a wire dash).
_DATED_DATELINE_RE = re.compile(
    r"^[A-Z][\w.' -]{1,40},\s*(?:[A-Z][\w.' ]{1,30},\s*)?[A-Z][a-z]{2,9}\.?\s*\d{1,2}"
    r"(?:,\s*\d{4})?\s*" + _SEP + r"\s+"
)
_BYLINE_RE = re.compile(
    r"^By\s+(?:[A-Z][A-Za-z.'’-]+\s+){1,4}?(?:and\s+(?:[A-Z][A-Za-z.'’-]+\s+){1,4}?)?"
    r"(?:,\s*[A-Z][\w ]{2,30}\s+)?(?=[A-Z]{3,}|\()"
)
_CONNECTORS = (
    "After all", "But", "And", "So", "Still", "However", "Yet", "Also", "Meanwhile",
    "Moreover", "Furthermore", "Instead", "Indeed", "Nonetheless", "Nevertheless", "Then",
    "Thus", "Besides", "In addition", "Additionally", "In fact", "Even so", "That said",
    "Of course", "By contrast", "On the other hand", "As a result", "Separately", "Further",
    "Now", "Plus", "Likewise", "Similarly", "Hence", "Therefore", "Consequently", "Again",
    "Actually",
)  # fmt: skip
_CONNECTOR_RE = re.compile(
    r"^(?:" + "|".join(re.escape(c) for c in _CONNECTORS) + r")\b(?:,\s*|\s+)(?=\S)"
)
_NEEDS_COMMA = frozenset({"So", "Still", "Then", "Now", "Again", "Further", "Yet", "Plus"})
# The attribution patterns name their own few verbs, not `reporting.REPORTING_VERBS`: only a
# generic source's plain saying is dropped. "Officials warned…" or "Officials announced the
# release…" state a fact of their own, and cut there the rest would not read as a sentence.
_ATTRIBUTION_TAIL_RE = re.compile(
    r",\s+(?:(?:U\.S\.|US|state|local|federal|police|health|government|military|company|"
    r"election|senior|administration|White House|Pentagon)\s+)?"
    r"(?:officials?|authorities|police|the (?:ministry|agency|company|statement|report|"
    r"government|department|police|military|army|spokesperson|spokesman|spokeswoman)|"
    r"a (?:statement|spokesperson|spokesman|spokeswoman|report|source)|sources|reports|"
    r"analysts|experts|observers|witnesses|residents|state media|local media)\s+"
    r"(?:said|say|says|reported|reports|announced|added|confirmed|told reporters)"
    r"(?:\s+in\s+a\s+statement)?(?=[.!]?$)"
)
# "US officials said (that) …", "Police say …": a generic source opening a reported fact.
_ATTRIBUTION_HEAD_RE = re.compile(
    r"^(?:(?:U\.S\.|US|American|state|local|federal|senior|health|government|military|"
    r"administration|White House|Pentagon)\s+)*(?:officials?|authorities|police|sources|"
    r"analysts|experts|reports)\s+(?:said|say|says|reported|report|confirmed|told reporters)"
    r"(?:\s+(?:on\s+)?[A-Z][a-z]+day)?(?:\s+that)?,?\s+(?=[A-Z]|the\b|a\b|an\b)",
    re.IGNORECASE,
)
# A parenthetical of up to 8 words without a figure; "(WHO)"-style acronyms stay.
_PAREN_RE = re.compile(r"\s\((?![A-Z]{2,6}\))([^()\d]{1,60})\)")
_QUOTE_CHARS = '"“”'
_SAY_WORDS = ("said", "say", "report", "announced", "added", "confirmed", "told")  # their gate


# A newsletter's section label before the sentence ("Why it matters: ", "The big picture: ",
# "The numbers: "): furniture like a dateline. Labels are these set phrases, or "The" and
# one or two lower-case words that are not a speaker's ("The statement said: " stays).
_LABEL_RE = re.compile(
    r"^(?:Why it matters|The big picture|Driving the news|By the numbers|Between the lines|"
    r"What they(?:'|’)re saying|What(?:'|’)s next|What to watch|The bottom line|Go deeper|"
    r"Zoom (?:in|out)|Flashback|Reality check|State of play|Where it stands|Be smart|"
    r"Yes, but|Catch up quick|Our thought bubble|Worth noting|Of note|Key quote|"
    r"The (?!(?:\w+ )?(?:said|says|read|reads|stated|added|wrote)\b)[a-z]+(?: [a-z]+)?)"
    r":\s+(?=[A-Z\"“])"
)


def strip_dateline(text: str) -> str:
    """Remove a leading wire dateline, byline or newsletter label (and nothing else)."""
    out = _BYLINE_RE.sub("", text, count=1)
    for rx in (_WIRE_TAG_RE, _CAPS_DATELINE_RE, _DATED_DATELINE_RE, _LABEL_RE):
        out = rx.sub("", out, count=1)
    return out


# An attribution set between the connector and its clause: "Now, Obama argued Wednesday,
# people were dying…". Without the connector it reads "Obama argued Wednesday, people…".
_INSERTED_ATTRIBUTION_RE = re.compile(
    r"^(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*\s+(?:said|says|argued|argues|added|adds|"
    r"noted|notes|wrote|writes|insisted|insists|claimed|claims|warned|warns)"
    r"(?:\s+(?:on\s+)?[A-Z][a-z]+day)?,\s"
)


def strip_connector(text: str) -> str:
    """Remove an opening connective that only made sense after the previous sentence."""
    m = _CONNECTOR_RE.match(text)
    if not m:
        return text
    word = m.group(0).rstrip(", ")
    rest = text[m.end() :]
    if word in _NEEDS_COMMA and "," not in m.group(0) and not rest[:1].isupper():
        return text  # "So far…", "Still photos…", "Now is…": not a connective here
    if _INSERTED_ATTRIBUTION_RE.match(rest):
        return text  # "Now, Obama argued Wednesday, people were dying…" needs its "Now,"
    return rest


def strip_attribution_tail(text: str) -> str:
    """Drop a generic attribution tail ("…, officials said.") from a sentence without quotes."""
    if any(q in text for q in _QUOTE_CHARS):
        return text
    stop = text[-1] if text[-1:] in ".!" else ""
    body = text[:-1] if stop else text
    cut = _ATTRIBUTION_TAIL_RE.sub("", body)
    if cut == body or len(cut.split()) < 6:
        return text
    return cut + (stop or ".")


def strip_attribution_head(text: str) -> str:
    """Drop a generic attribution opening a sentence ("US officials said the two met…")."""
    if any(q in text for q in _QUOTE_CHARS):
        return text
    cut = _ATTRIBUTION_HEAD_RE.sub("", text, count=1)
    if cut == text or len(cut.split()) < 6 or dependent_opener(_capitalise(cut, text)):
        return text  # "Officials said the two met…": without them, "The two" leans back
    return cut


def strip_parentheticals(text: str) -> str:
    def drop(m: re.Match[str]) -> str:
        return "" if len(m.group(1).split()) <= 8 else m.group(0)

    return _PAREN_RE.sub(drop, text)


def _capitalise(text: str, original: str) -> str:
    if text and text != original and text[0].islower():
        return text[0].upper() + text[1:]
    return text


def clean_extract(text: str) -> str:
    """Drop a wire dateline and an opening connective (the light form of compression)."""
    out = strip_connector(strip_dateline(text).strip()).strip()
    return _capitalise(out, text) or text


# ", who served two terms as governor," / ", which was launched last week,": a non-restrictive
# relative clause between commas, without figures, followed by the main clause's verb (so a
# list or an appositive after the clause is never joined to the wrong noun).
_RELATIVE_RE = re.compile(
    r",\s+(?:who|which)\s+[^,;\"“”()\d]{3,90},\s+(?=(?:is|are|was|were|has|have|had|will|would|"
    r"can|could|may|might|must|should|does|did|do|said|says|told|also|reportedly)\b|[a-z]+ed\b|"
    r"[a-z]+[^s\W]s\b)"
)


def strip_relative_clauses(text: str) -> str:
    """Drop non-restrictive relative clauses ("X, who …, said" -> "X said")."""
    return _RELATIVE_RE.sub(" ", text)


_SPACES_RE = re.compile(r"\s{2,}")


def compress(text: str, tokens: Collection[str] | None = None) -> str:
    """The full compression: dateline, connector, relative clauses, parentheticals, loaded
    modifiers, attribution. `tokens`, when known (`words(text)`), spare the loaded-modifier
    rule its own reading of a sentence that has none."""
    out = clean_extract(text)
    if "," in out:
        out = strip_relative_clauses(out)
    if "(" in out:
        out = strip_parentheticals(out)
    if tokens is None or not LOADED_MODIFIERS.isdisjoint(tokens):
        out = drop_loaded_modifiers(out)
    low = out.lower()
    if any(map(low.__contains__, _SAY_WORDS)):
        out = strip_attribution_tail(out)
        out = strip_attribution_head(out)
    out = _SPACES_RE.sub(" ", out).strip()
    return _capitalise(out, text) or text


__all__ = [
    "clean_extract",
    "compress",
    "strip_attribution_head",
    "strip_attribution_tail",
    "strip_connector",
    "strip_dateline",
    "strip_parentheticals",
    "strip_relative_clauses",
]
