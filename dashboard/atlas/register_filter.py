"""The cartel filter over the whole register: every organisation imported data names can be chosen.

The atlas draws 11 map cartels; the register (``geodata/cartel_register.csv``) knows 45
organisations, and an imported row carries the register ids its actors name in its year
(``organisations``, ";"-joined). With imported data on the map the cartel filter also offers the
register organisations those rows name that are no map cartel (the Tijuana and Juárez cartels, Los
Zetas, La Familia, the Caballeros Templarios …), each with a note on its lineage; choosing one keeps
the imported rows that name it or one of its factions. The atlas's own events name only map cartels,
so such a choice leaves them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from dashboard.atlas.register import Register


def register_only_ids(register: Register, atlas_ids: Iterable[str]) -> list[str]:
    """Register organisations that are not map cartels, in register order."""
    known = set(atlas_ids)
    return [oid for oid in register.orgs if oid not in known]


def known_cartel_ids(atlas) -> list[str]:  # atlas: dashboard.atlas.data.Atlas
    """What the cartel filter accepts (sidebar, ``?cartel=``, ``--cartel``): map cartels, then the register's others."""
    atlas_ids = list(atlas.cartels["id"])
    return atlas_ids + register_only_ids(atlas.register, atlas_ids)


def organisations_named(frames: Iterable[pd.DataFrame], register: Register, atlas_ids: Iterable[str]) -> list[str]:
    """Register organisations (not map cartels) that rows of ``frames`` name, in register order."""
    found: set[str] = set()
    for frame in frames:
        if "organisations" in frame:
            for joined in pd.unique(frame["organisations"].astype(str)):
                found.update(o for o in joined.split(";") if o)
    return [oid for oid in register_only_ids(register, atlas_ids) if oid in found]


def with_factions(register: Register, ids: Iterable[str]) -> set[str]:
    """``ids`` and the register organisations whose parent is one of them (a cartel's factions)."""
    wanted = set(ids)
    for _ in range(3):  # factions of factions; the file's chains are short
        wanted |= {o.id for o in register.orgs.values() if o.parent in wanted}
    return wanted


def rows_naming_organisations(frame: pd.DataFrame, ids: Iterable[str]) -> np.ndarray:
    """Which rows' ``organisations`` name one of ``ids`` (decided once per distinct value)."""
    wanted = set(ids)
    if "organisations" not in frame or not wanted:
        return np.zeros(len(frame), dtype=bool)
    codes, uniques = pd.factorize(frame["organisations"].astype(str), use_na_sentinel=False)
    hit = np.array([bool(wanted.intersection(u.split(";"))) for u in uniques] + [False], dtype=bool)
    return hit[codes]


def lineage_note(register: Register, oid: str) -> str:
    """One line on an organisation: its years, what it emerged from and what continued it, and the register's note."""
    org = register.orgs[oid]
    years = f"{org.start or '…'}–{org.end or ''}" if org.start or org.end else ""
    parts = [f"**{org.name}**" + (f" ({years})" if years else "")]
    if org.parent in register.orgs:
        parts.append(f"faction of {register.orgs[org.parent].name}")
    if org.emerged_from in register.orgs:
        parts.append(f"emerged from {register.orgs[org.emerged_from].name}")
    if org.continued_by in register.orgs:
        parts.append(f"continued by {register.orgs[org.continued_by].name} from {(org.end or 0) + 1}; its rows "
                     "after that year go to it")
    note = _register_note(oid)
    return "; ".join(parts) + (f". {note}" if note else "")


def _register_note(oid: str) -> str:
    return _register_notes().get(oid, "").strip()


@cache
def _register_notes() -> dict[str, str]:
    """The register's own notes on its organisations (the file's ``note`` column)."""
    from dashboard.atlas.files import read_rows
    from dashboard.config import GEODATA_DIR

    return {r["id"]: r["note"] for r in read_rows(GEODATA_DIR, "cartel_register.csv")}
