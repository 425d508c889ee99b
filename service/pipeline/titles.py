"""Titles abbreviated before a name ("Sen. Rand Paul", "Gov. Newsom", "Mr. Lavrov"): one
table for every reader that must know a title's full stop ends no sentence: the segmenter
(`segment.ABBREVIATIONS`), the entity reader (`text`), the candidate rule for a sentence cut
off at a title (`candidates`) and the name context (`context`)."""

from __future__ import annotations

TITLE_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Adm", "Sgt", "Capt",
    "Cmdr", "Prof", "Rev", "Atty", "Supt", "Pres",
)  # fmt: skip
PLURAL_TITLES = ("Sens", "Reps", "Govs", "Gens", "Drs", "Messrs")
TITLES_ALTERNATION = "|".join(TITLE_ABBREVIATIONS)  # for regular expressions: (?:Mr|Mrs|…)

__all__ = ["PLURAL_TITLES", "TITLES_ALTERNATION", "TITLE_ABBREVIATIONS"]
