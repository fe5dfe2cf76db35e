"""Deleted datasets, kept for a day: list them, restore one (the undo of a delete).

:func:`dashboard.imports.store.delete_dataset` moves a dataset to the trash of the store in use
(:func:`dashboard.imports.store.open_store`: GeoPackage files or PostgreSQL).
Restoring brings back the newest deleted copy of a name, never over a dataset of that name unless
told to; anything a day old is forgotten whenever the trash is listed or restored from.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.imports import store
from dashboard.imports.store_base import DatasetInfo, Trashed

__all__ = ["Trashed", "list_trash", "restore_dataset"]


def list_trash(*, directory: Path | None = None) -> list[Trashed]:
    """Deleted datasets that can still be restored, newest first; older ones are removed."""
    return store.open_store(directory).list_trash()


def restore_dataset(name: str, *, directory: Path | None = None, replace: bool = False) -> DatasetInfo:
    """Bring back the newest deleted copy of ``name``; :class:`StoreError` if none, or if the name is taken."""
    return store.open_store(directory).restore_dataset(name, replace=replace)
