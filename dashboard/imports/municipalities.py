"""Mexico's municipalities, offline: INEGI codes and names -> one point (the seat) per municipality.

Reads ``geodata/municipalities.csv`` (made by ``geodata/scripts/build_municipalities.py`` from
INEGI's municipal framework and GeoNames). A municipality is found by its INEGI code (``CVEGEO``
"08037", or state and municipality codes "8" and "37", "08.0" and "037") or by its name within a
state: the official name ("Juárez", "Centro", "Zihuatanejo de Azueta") or the seat's common name
("Ciudad Juárez", "Villahermosa"). INEGI's long state names ("Michoacán de Ocampo") are
understood. A name is ambiguous only when state and municipality together still leave more than
one municipality; it is then reported with its candidates, never settled by taking the first.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from dashboard.config import GEODATA_DIR
from dashboard.imports.rejections import RowRejected
from dashboard.text import plain_words

MUNICIPALITIES_FILE = "municipalities.csv"
_PREFIXES = ("heroica ciudad de ", "heroica ", "h ", "ciudad ")


@dataclass(frozen=True)
class Municipality:
    cvegeo: str
    name: str  # INEGI's official name
    seat: str  # the largest GeoNames town inside it ("" when none)
    admin1: str  # state, as named across geodata/
    lat: float
    lon: float
    country: str = "MX"


def name_keys(text: str) -> set[str]:
    """Keys a municipality name is found by: 'Heroica Ciudad de Huajuapan' is also 'huajuapan'."""
    key = plain_words(text)
    keys = {key}
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            keys.add(key[len(prefix):])
    return keys


class Municipalities:
    def __init__(self, rows: list[Municipality]) -> None:
        self.by_code = {m.cvegeo: m for m in rows}
        self.official: dict[tuple[str, str], list[Municipality]] = {}
        self.common: dict[tuple[str, str], list[Municipality]] = {}
        self.anywhere: dict[str, list[Municipality]] = {}
        for m in rows:
            state = plain_words(m.admin1)
            for key in name_keys(m.name):
                self.official.setdefault((state, key), []).append(m)
                self.anywhere.setdefault(key, []).append(m)
            for key in name_keys(m.seat) if m.seat else ():
                self.common.setdefault((state, key), []).append(m)

    @classmethod
    def from_geodata(cls, root=GEODATA_DIR) -> Municipalities:
        with (root / MUNICIPALITIES_FILE).open(encoding="utf-8", newline="") as fh:
            return cls([Municipality(r["cvegeo"], r["name"], r["seat"], r["state"], float(r["lat"]), float(r["lon"]))
                        for r in csv.DictReader(fh)])

    def by_codes(self, mun_code: str, state_code: str = "") -> Municipality | None:
        """INEGI codes: a 5-digit CVEGEO, or state and municipality codes (numbers, '16.0' and '15.0' too)."""
        mun, state = _digits(mun_code), _digits(state_code)
        if mun is None:
            return None
        code = f"{mun:05d}" if state is None else f"{state:02d}{mun:03d}" if mun < 1000 else ""
        if mun >= 1000 and state is not None and f"{mun:05d}".startswith(f"{state:02d}"):
            code = f"{mun:05d}"  # SESNSP's "Cve. Municipio" is the whole CVEGEO beside its state code
        return self.by_code.get(code)

    def candidates(self, name: str, state: str) -> list[Municipality]:
        """Municipalities called ``name`` in ``state`` (official names first, then seats), or anywhere."""
        found: dict[str, Municipality] = {}
        keys = name_keys(name)
        if state:
            st = plain_words(state)
            for key in keys:
                found.update((m.cvegeo, m) for m in self.official.get((st, key), ()))
            if not found:
                for key in keys:
                    found.update((m.cvegeo, m) for m in self.common.get((st, key), ()))
        else:
            for key in keys:
                found.update((m.cvegeo, m) for m in self.anywhere.get(key, ()))
        return sorted(found.values(), key=lambda m: m.cvegeo)

    def resolve(self, name: str, state: str, mun_code: str = "", state_code: str = "") -> Municipality:
        """The one municipality meant, or :class:`RowRejected` with the candidates."""
        by_code = self.by_codes(mun_code, state_code) if mun_code else None
        if by_code is not None:
            return by_code
        if not name:
            raise RowRejected(f"unknown INEGI municipality code {mun_code!r}" + (f" in state {state_code!r}"
                                                                                  if state_code else ""))
        found = self.candidates(name, state)
        where = ", ".join(x for x in (name, state) if x)
        if len(found) > 1:
            hint = "" if state else "; add a state column to tell them apart"
            raise RowRejected(f"needs review: {len(found)} municipalities match {where!r}{hint}", tuple(found))
        if not found:
            raise RowRejected(f"unknown municipality {where!r} (not in geodata/municipalities.csv)")
        return found[0]


def _digits(text: str) -> int | None:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() else None


@cache
def default_municipalities() -> Municipalities:
    return Municipalities.from_geodata()
