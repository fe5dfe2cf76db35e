"""Checks that every reader-visible data text is there in all three languages.

Texts written for readers keep their English in the plain column (``dispute_note``, ``note``,
``name``: exports and scripts read it) and carry German and Spanish beside it as ``<column>_de``
and ``<column>_es``. A row with the English filled in and a translation missing would show
English to a German or Spanish reader without a word: that is a problem.
"""

from __future__ import annotations

from dashboard.atlas.files import Problem, Row, problem_at

# file -> the English columns that have _de and _es versions (dashboard.atlas.data shows them in the reader's language).
TRANSLATED_TEXTS = {"events.csv": ("dispute_note",), "territories.csv": ("note",), "places.csv": ("name",)}
OTHER_LANGUAGES = ("de", "es")


def check_translations(rows: list[Row], name: str) -> list[Problem]:
    """Each translated column of ``name`` filled wherever its English column is."""
    return [problem_at(row, f"{column}_{lang}", f"'{column}' is filled but its {lang} version is empty")
            for column in TRANSLATED_TEXTS.get(name, ()) for row in rows if row[column]
            for lang in OTHER_LANGUAGES if not row[f"{column}_{lang}"]]
