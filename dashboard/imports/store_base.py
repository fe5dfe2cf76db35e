"""What both store backends share: the interface, the names, the metadata record, the same-name rule, the trash window.

:mod:`dashboard.imports.store` picks a backend once per configuration (GeoPackage files,
:class:`dashboard.imports.store_gpkg.GeoPackageStore`, or PostgreSQL/PostGIS,
:class:`dashboard.imports.store_pg.PostgresStore`); both answer :class:`DatasetStore` and build their
answers from these types, so a caller cannot tell them apart except by :attr:`DatasetInfo.path` (empty
for the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from dashboard.text import slugify
from dashboard.vocab import LAYERS

STORE_ENV = "ATLAS_STORE"  # unset: GeoPackage files; postgresql://…: the shared database
MAX_NAME = 60
# names a dataset may not take: the built-in layers and other words the app uses for them
RESERVED_NAMES = frozenset({*LAYERS, "chapters", "cartels", "sources", "states", "countries", "boundaries",
                            "flows", "imports", "datasets"})
TRASH_SECONDS = 24 * 3600  # how long a deleted dataset can be restored


class StoreError(ValueError):
    """A store operation was refused (bad name, unknown dataset, nothing to save); one line."""


@dataclass(frozen=True)
class DatasetInfo:
    name: str  # slug, also the file name
    title: str  # the name as the user typed it
    imported_at: str  # ISO 8601, UTC
    rows_kept: int
    rows_rejected: int
    source: str  # uploaded file name (label only)
    format: str  # "csv" or "geojson"
    path: Path  # the GeoPackage file; Path() in the database store
    data_source: str = ""  # who published the data ("UCDP Georeferenced Event Dataset …"), asked at import
    licence: str = ""  # its licence or terms of use ("CC BY 4.0")
    citation: str = ""  # how to cite it
    layout: str = ""  # "UCDP GED", "ACLED" or ""
    editor: str = ""  # who imported it, where known ("cli:ana", an editor's e-mail address)

    @property
    def attribution(self) -> dict[str, str]:
        """Source, licence and citation, for the legend, the details and every snapshot's credits."""
        return {"source": self.data_source, "licence": self.licence, "citation": self.citation}

    def credit(self) -> str:
        """One line for credits: 'UCDP … (CC BY 4.0)', or the file name when no source was given."""
        who = self.data_source or self.source
        return f"{who} ({self.licence})" if self.licence else who

    def as_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "imported_at": self.imported_at,
                "rows_kept": self.rows_kept, "rows_rejected": self.rows_rejected, "source": self.source,
                "format": self.format, "data_source": self.data_source, "licence": self.licence,
                "citation": self.citation, "layout": self.layout, "editor": self.editor}


@dataclass(frozen=True)
class Trashed:
    """A deleted dataset: its metadata, when it was deleted, and until when it can be restored."""

    info: DatasetInfo
    deleted_ns: int

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def deleted_at(self) -> str:
        return datetime.fromtimestamp(self.deleted_ns / 1e9, UTC).isoformat(timespec="seconds")

    @property
    def restorable_until(self) -> str:
        until = self.deleted_ns / 1e9 + TRASH_SECONDS
        return datetime.fromtimestamp(until, UTC).isoformat(timespec="seconds")


class DatasetStore(Protocol):
    """One store of imported datasets; names are the user's (slugged here), ``frame`` is the stored form."""

    def location(self) -> str:
        """Where the datasets are, for messages: the folder, or the database URL without its password."""

    def write(self, slug: str, title: str, frame, rejected: int, source: str, fmt: str, notices: list[str],
              attribution: dict[str, str] | None = None, replace: bool | str = False,
              editor: str = "") -> DatasetInfo:
        """Store ``frame`` (:func:`frame_for_store`) as dataset ``slug``: all of it or nothing."""

    def list_datasets(self) -> list[DatasetInfo]:
        """Complete datasets, by name."""

    def dataset_info(self, name: str) -> DatasetInfo:
        """Metadata of dataset ``name``; :class:`StoreError` if there is none."""

    def load_dataset(self, name: str, points: bool = True):  # -> GeoDataFrame (DataFrame without points)
        """Dataset ``name`` as a frame with the columns of :data:`dashboard.imports.rows.ROW_COLUMNS`."""

    def delete_dataset(self, name: str) -> DatasetInfo:
        """Move dataset ``name`` to the trash (restorable for a day)."""

    def list_trash(self) -> list[Trashed]:
        """Deleted datasets that can still be restored, newest first; older ones are forgotten."""

    def restore_dataset(self, name: str, replace: bool = False) -> DatasetInfo:
        """Bring back the newest deleted copy of ``name``, never over a live dataset unless ``replace``."""


def dataset_slug(name: str) -> str:
    """The store name for ``name``; :class:`StoreError` if empty, too long or a built-in layer's name."""
    slug = slugify(name or "")
    if not slug:
        raise StoreError(f"dataset name {name!r} needs at least one letter or digit")
    if len(slug) > MAX_NAME:
        raise StoreError(f"dataset name is longer than {MAX_NAME} characters")
    if slug in RESERVED_NAMES:
        raise StoreError(f"dataset name {slug!r} is taken by a built-in layer; choose another")
    return slug


def frame_for_store(frame):  # GeoDataFrame in, GeoDataFrame out
    """The stored form: ``cartels`` as ";"-joined text (neither store has a list type)."""
    frame = frame.copy()
    frame["cartels"] = frame["cartels"].map(";".join).astype("str")
    return frame


def now_iso() -> str:
    """The ``imported_at`` of a write made now (whole seconds, UTC)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_replace(slug: str, current_imported_at: str | None, replace: bool | str) -> None:
    """The same-name rule, under the writer's lock: refuse to overwrite unless the caller said so.

    Called only when the name is taken; ``current_imported_at`` is the stored version's (None: unreadable).
    ``replace=True`` replaces whatever is there; ``replace=<imported_at>`` only that version.
    """
    if replace is True:
        return
    if isinstance(replace, str) and replace:
        if current_imported_at is not None and current_imported_at == replace:
            return
        raise StoreError(f"dataset {slug!r} changed since you chose to replace it; nothing was written")
    raise StoreError(f"a dataset named {slug!r} exists; choose another name or replace it (--replace)")
