"""The cartel register: actor text and a year -> the organisations it names, as they existed then.

``geodata/cartel_register.csv`` lists the organisations of the war (their spellings in UCDP, ACLED,
InSight Crime and the Mexican press), each with its parent (a faction's organisation), the map
cartel of ``geodata/cartels.csv`` it is drawn as (``atlas_id``), the years it existed and its
lineage: before its first year an event goes to the organisation it ``emerged_from``, after its last
year to the one it was ``continued_by`` ("Los Zetas" in 2010 is Los Zetas, in 2020 the Cártel del
Noreste).

An actor text is first split into names: coalitions ("Gulf Cartel, La Familia, Sinaloa Cartel"),
ACLED's associated actors ("A; B"), and "X - Y" factions, which name both X and Y. Matching is on
whole words, longest alias first ("La Nueva Familia" is not also "La Familia"), ignoring case,
accents and articles. Names outside the register are kept as written, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.atlas.files import Row, split_list
from dashboard.text import name_key

REGISTER_FILE = "cartel_register.csv"
_SPLIT = re.compile(r"\s*[;,]\s+|\s*;\s*")
_FACTION = re.compile(r"\s+[-–]\s+")


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    atlas_id: str  # the map cartel it is drawn as ("" when none of the 11 map cartels)
    parent: str
    start: int | None
    end: int | None
    emerged_from: str
    continued_by: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Attribution:
    """What an event's actor texts name: map cartel ids, register ids, and every actor name as written."""

    cartels: tuple[str, ...]
    organisations: tuple[str, ...]
    names: tuple[str, ...]


def split_names(text: str) -> list[str]:
    """'Gulf Cartel, La Familia; Sinaloa Cartel - Los Mayos' -> its actor names (factions stay whole)."""
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


class Register:
    """The organisations of ``cartel_register.csv``; :func:`~dashboard.atlas.data.load_atlas` makes ``atlas.register``.

    It remembers which register ids each actor name it was asked about mentions (a file repeats its actors).
    """

    def __init__(self, organisations: list[Organisation]) -> None:
        self.orgs = {o.id: o for o in organisations}
        patterns = {(f" {name_key(a)} ", o.id) for o in organisations for a in (o.name, *o.aliases) if name_key(a)}
        self.patterns = sorted(patterns, key=lambda p: (-len(p[0]), p[0]))
        self.order = {oid: n for n, oid in enumerate(self.orgs)}
        self._memo: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_rows(cls, rows: list[Row]) -> Register:
        """The register of the (validated) rows of ``cartel_register.csv``."""
        return cls([Organisation(r["id"], r["name"], r["atlas_id"], r["parent"], _year(r["from"]), _year(r["to"]),
                                 r["emerged_from"], r["continued_by"], tuple(split_list(r["aliases"])))
                    for r in rows])

    def names_in(self, name: str) -> tuple[str, ...]:
        """Register ids one actor name mentions (undated), longest alias first, in register order."""
        found = self._memo.get(name)
        if found is None:
            text = f" {name_key(name)} "
            hits = set()
            for pat, oid in self.patterns:
                if pat in text:
                    hits.add(oid)
                    text = text.replace(pat, "  ")
            found = tuple(sorted(hits, key=self.order.__getitem__))
            self._memo[name] = found
        return found

    def at(self, oid: str, year: int | None) -> str:
        """The organisation ``oid`` was in ``year``: its predecessor before it existed, its successor after."""
        for _ in range(5):  # lineage chains are short; a loop in the file cannot hang
            org = self.orgs[oid]
            if year is not None and org.start is not None and year < org.start and org.emerged_from in self.orgs:
                oid = org.emerged_from
            elif year is not None and org.end is not None and year > org.end and org.continued_by in self.orgs:
                oid = org.continued_by
            else:
                break
        return oid

    def predecessors(self, atlas_id: str) -> list[tuple[Organisation, Organisation]]:
        """(successor, predecessor) for the map cartel ``atlas_id``: the organisations whose history the register
        says it ``continued_by`` (Los Zetas → CDN), earlier ones first. An imported event is attributed to the
        organisation of its year, so the cartel filter leaves a predecessor's events out and says so."""
        found: list[tuple[Organisation, Organisation]] = []
        todo = [o for o in self.orgs.values() if o.atlas_id == atlas_id]
        for _ in range(5):  # lineage chains are short; a loop in the file cannot hang
            todo = [(org, prev) for org in todo for prev in self.orgs.values() if prev.continued_by == org.id]
            found[:0] = todo
            todo = [prev for _, prev in todo]
        return found

    def atlas_cartel(self, oid: str) -> str:
        """The map cartel an organisation is drawn as: its own, else its parent's."""
        for _ in range(5):
            org = self.orgs[oid]
            if org.atlas_id or not org.parent or org.parent not in self.orgs:
                return org.atlas_id
            oid = org.parent
        return ""

    def attribute(self, texts: list[str], year: int | None, atlas_order: tuple[str, ...]) -> Attribution:
        """Every actor name in ``texts``, the organisations they name in ``year`` and their map cartels."""
        names: list[str] = []
        orgs: set[str] = set()
        for text in texts:
            for name in split_names(text):
                names.append(name)
                for part in (name, *_FACTION.split(name)) if _FACTION.search(name) else (name,):
                    orgs.update(self.at(oid, year) for oid in self.names_in(part))
        cartels = {self.atlas_cartel(o) for o in orgs} - {""}
        rank = {c: n for n, c in enumerate(atlas_order)}
        return Attribution(tuple(sorted(cartels, key=lambda c: rank.get(c, len(rank)))),
                           tuple(sorted(orgs, key=self.order.__getitem__)), tuple(dict.fromkeys(names)))


def _year(text: str) -> int | None:
    return int(text) if text.strip() else None
