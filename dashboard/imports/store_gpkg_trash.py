"""The GeoPackage store's trash: deleted datasets kept for a day, listed and restored.

:func:`dashboard.imports.store_gpkg.delete_dataset` moves ``<slug>.gpkg`` to
``<data_dir>/.trash/<slug>.<deleted at, ns>.gpkg``; :func:`restore_dataset` moves the newest copy
of a name back (never over a dataset of that name unless told to), and anything a day old is
removed whenever the trash is listed or restored from.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from dashboard.imports import store_base, store_gpkg
from dashboard.imports.store_base import DatasetInfo, StoreError, Trashed
from dashboard.text import slugify


def _trash(directory: Path | None) -> Path:
    return store_gpkg._dir(directory) / store_gpkg.TRASH_DIR


def _parse(path: Path) -> tuple[str, int] | None:
    slug, _, stamp = path.name[: -len(store_gpkg.SUFFIX)].rpartition(".")
    return (slug, int(stamp)) if slug and stamp.isdigit() else None


def list_trash(*, directory: Path | None = None) -> list[Trashed]:
    """Deleted datasets that can still be restored, newest first; older ones are removed."""
    folder = _trash(directory)
    if not folder.is_dir():
        return []
    cutoff = time.time_ns() - store_base.TRASH_SECONDS * 10**9
    found = []
    for path in folder.glob(f"*{store_gpkg.SUFFIX}"):
        parsed = _parse(path)
        if parsed is None:
            continue
        slug, stamp = parsed
        if stamp < cutoff:
            with contextlib.suppress(OSError):
                path.unlink()
            continue
        info = store_gpkg._read_info(path, expect=slug)
        if info is not None:
            found.append(Trashed(info, stamp))
    return sorted(found, key=lambda t: -t.deleted_ns)


def restore_dataset(name: str, *, directory: Path | None = None, replace: bool = False) -> DatasetInfo:
    """Bring back the newest deleted copy of ``name``; :class:`StoreError` if none, or if the name is taken."""
    slug = slugify(name or "")
    entries = [t for t in list_trash(directory=directory) if t.name == slug]
    if not entries:
        raise StoreError(f"no deleted dataset named {name!r} (deleted datasets are kept for a day)")
    source = entries[0].info.path
    target = store_gpkg._path(slug, directory)
    folder = target.parent
    with store_gpkg.store_lock(folder):
        if replace:
            os.replace(source, target)
        else:
            try:
                os.link(source, target)
            except FileExistsError:
                raise StoreError(f"a dataset named {slug!r} exists; delete or rename it first") from None
            source.unlink()
        store_gpkg._fsync(folder)
    return store_gpkg.dataset_info(slug, directory=directory)
