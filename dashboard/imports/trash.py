"""Deleted datasets, kept for a day: list them, restore one, forget the old ones.

:func:`dashboard.imports.store.delete_dataset` moves ``<slug>.gpkg`` to
``<data_dir>/.trash/<slug>.<deleted at, ns>.gpkg``; :func:`restore_dataset` moves the newest copy
of a name back (never over a dataset of that name unless told to), and anything a day old is
removed whenever the trash is listed or restored from.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dashboard.imports import store
from dashboard.text import slugify


@dataclass(frozen=True)
class Trashed:
    """A deleted dataset: its metadata, when it was deleted, and until when it can be restored."""

    info: store.DatasetInfo
    deleted_ns: int

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def deleted_at(self) -> str:
        return datetime.fromtimestamp(self.deleted_ns / 1e9, UTC).isoformat(timespec="seconds")

    @property
    def restorable_until(self) -> str:
        until = self.deleted_ns / 1e9 + store.TRASH_SECONDS
        return datetime.fromtimestamp(until, UTC).isoformat(timespec="seconds")


def _trash(directory: Path | None) -> Path:
    return store._dir(directory) / store.TRASH_DIR


def _parse(path: Path) -> tuple[str, int] | None:
    slug, _, stamp = path.name[: -len(store.SUFFIX)].rpartition(".")
    return (slug, int(stamp)) if slug and stamp.isdigit() else None


def list_trash(*, directory: Path | None = None) -> list[Trashed]:
    """Deleted datasets that can still be restored, newest first; older ones are removed."""
    folder = _trash(directory)
    if not folder.is_dir():
        return []
    cutoff = time.time_ns() - store.TRASH_SECONDS * 10**9
    found = []
    for path in folder.glob(f"*{store.SUFFIX}"):
        parsed = _parse(path)
        if parsed is None:
            continue
        slug, stamp = parsed
        if stamp < cutoff:
            with contextlib.suppress(OSError):
                path.unlink()
            continue
        info = store._read_info(path, expect=slug)
        if info is not None:
            found.append(Trashed(info, stamp))
    return sorted(found, key=lambda t: -t.deleted_ns)


def restore_dataset(name: str, *, directory: Path | None = None, replace: bool = False) -> store.DatasetInfo:
    """Bring back the newest deleted copy of ``name``; :class:`StoreError` if none, or if the name is taken."""
    slug = slugify(name or "")
    entries = [t for t in list_trash(directory=directory) if t.name == slug]
    if not entries:
        raise store.StoreError(f"no deleted dataset named {name!r} (deleted datasets are kept for a day)")
    source = entries[0].info.path
    target = store._path(slug, directory)
    folder = target.parent
    with store.store_lock(folder):
        if replace:
            os.replace(source, target)
        else:
            try:
                os.link(source, target)
            except FileExistsError:
                raise store.StoreError(f"a dataset named {slug!r} exists; delete or rename it first") from None
            source.unlink()
        store._fsync(folder)
    return store.dataset_info(slug, directory=directory)
