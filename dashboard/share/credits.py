"""Credits of imported datasets, and the public address of the live view, for every snapshot.

An imported dataset travels into a snapshot with its title, its source and its licence (and
citation when it has one). They are read from the stored dataset's record when there is one,
else from the frame's ``attrs``; every field is read defensively (``getattr``), so datasets
stored before they carried a licence still print, saying that none was given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.i18n import t

BASE_URL_ENV = "ATLAS_BASE_URL"


@dataclass(frozen=True)
class DatasetCredit:
    """What a snapshot says about one imported dataset it draws."""

    title: str
    source: str = ""
    licence: str = ""
    citation: str = ""

    def line(self, lang: str) -> str:
        parts = [f"{t('credit_imported', lang)}: {self.title}",
                 f"{t('credit_source', lang)}: {self.source or t('credit_none_given', lang)}",
                 f"{t('credit_licence', lang)}: {self.licence or t('credit_none_given', lang)}"]
        if self.citation:
            parts.append(f"{t('credit_citation', lang)}: {self.citation}")
        return " — ".join(parts)


def _text(value: object) -> str:
    return str(value).strip() if value not in (None, "") else ""


def _stored_info(name: str) -> object | None:
    """The store's record of dataset ``name``, or None (not stored, or the store cannot be read)."""
    from dashboard.imports import store

    try:
        return store.dataset_info(name)
    except (store.StoreError, OSError, ValueError, KeyError):
        return None


def dataset_credit(name: str, frame: object) -> DatasetCredit:
    """The credit of one imported dataset: its stored record first, then the frame's ``attrs``."""
    attrs = getattr(frame, "attrs", {}) or {}
    info = _stored_info(_text(attrs.get("dataset")) or name)

    def field(*keys: str) -> str:
        for key in keys:
            value = _text(getattr(info, key, None)) or _text(attrs.get(key))
            if value:
                return value
        return ""

    # who published the data (asked at import, prefilled for UCDP and ACLED) before the uploaded file's name
    return DatasetCredit(title=field("title") or name, source=field("data_source") or field("source", "source_name"),
                         licence=field("licence", "license"), citation=field("citation"))


def dataset_credits(imported: Mapping[str, object]) -> list[DatasetCredit]:
    """Credits of the imported datasets drawn, in the order the legend lists them."""
    return [dataset_credit(name, frame) for name, frame in sorted(imported.items())]


def base_url(given: str | None = None) -> str | None:
    """The live atlas's public address: as given (``--base-url``), else ``$ATLAS_BASE_URL``, else None."""
    url = (given or os.environ.get(BASE_URL_ENV, "")).strip()
    return url or None


def view_link(base: str | None, query: str) -> str | None:
    """The address of the live view: ``base`` with the view's URL parameters."""
    if not base:
        return None
    base = base.split("?")[0]
    return base + ("?" + query if query else "")
