"""Checks that every reader-visible data text is there in every language of ``config.LANGUAGES``.

Texts written for readers keep their English in the plain column (``dispute_note``, ``note``,
``name``: exports and scripts read it) and carry the other languages beside it as
``<column>_de``, ``<column>_es`` … (:func:`dashboard.config.language_column`). A row with the English
filled in and a translation missing would show English to a German or Spanish reader without a
word: that is a problem. The cartel register's names are proper names and stay as they are; its
notes are translated like the other texts.
"""

from __future__ import annotations

from dashboard import config
from dashboard.atlas.files import Problem, Row, problem_at

# file -> the English columns that have a version per language (dashboard.atlas.data shows them in the reader's
# language).
TRANSLATED_TEXTS = {"events.csv": ("dispute_note",), "territories.csv": ("note",), "places.csv": ("name",),
                    "cartel_register.csv": ("note",)}
# file -> texts written with a suffix in every language, English too (``label_en``, ``label_de`` …).
SUFFIXED_TEXTS = {"cartels.csv": ("note",), "flows.csv": ("label", "note"), "places.csv": ("description",)}


def _texts(name: str) -> list[tuple[str, bool]]:
    """(text, English in the plain column) of each translated text of file ``name``."""
    return [(c, True) for c in TRANSLATED_TEXTS.get(name, ())] + [(c, False) for c in SUFFIXED_TEXTS.get(name, ())]


def translated_columns(name: str) -> tuple[str, ...]:
    """Every language's column of each translated text of file ``name`` (English first)."""
    return tuple(c for text, plain in _texts(name) for c in config.language_columns(text, plain))


def check_translations(rows: list[Row], name: str) -> list[Problem]:
    """Each translated column of ``name`` filled wherever its English column is."""
    others = [lang for lang in config.LANGUAGES if lang != "en"]
    return [problem_at(row, config.language_column(text, lang, plain),
                       f"'{config.language_column(text, 'en', plain)}' is filled but its {lang} version is empty")
            for text, plain in _texts(name) for row in rows if row[config.language_column(text, "en", plain)]
            for lang in others if not row[config.language_column(text, lang, plain)]]
