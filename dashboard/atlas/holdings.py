"""Who holds each state: the territory rows of a snapshot year read as answers a reader needs.

Three readings of the same rows (``geodata/territories.csv``, see its README):
- the **overview** (:func:`standings`): one answer per state — held by one cartel (the one a
  source names as dominant), shared (several with significant presence), contested (fought over),
  or presence only. A leader is never invented: without a ``dominant`` row no state is "held".
- the **one-cartel view** (:func:`cartel_statuses`): the chosen cartel's own status per state,
  its factions' rows counted as its own (Chapitos and Mayiza are Sinaloa).
- the **change view** (:func:`changes`): what the chosen cartel gained, lost, held or newly
  fights over between two snapshot years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# How much ground a status means; contested ranks with significant (the cartel fights there in force).
STRENGTH = {"dominant": 3, "significant": 2, "contested": 2, "present": 1}
STRONG = ("dominant", "significant")
STANDING_KINDS = ("held", "shared", "contested", "present")
# Change categories, in the legend's order: gains first, then what stayed, then losses.
CHANGE_KINDS = ("gained", "entered", "newly-contested", "still-contested", "held", "still-present", "withdrew", "lost")


@dataclass(frozen=True)
class TerritoryRow:
    """One cartel in one state and year, as the sources grade it."""

    cartel: str
    status: str
    confidence: str = ""
    note: str = ""


@dataclass(frozen=True)
class Standing:
    """One state's answer to "who holds it?" in one snapshot year."""

    state: str
    year: int
    kind: str                    # overview: one of STANDING_KINDS; one cartel: its status; change: CHANGE_KINDS
    cartels: tuple[str, ...]     # held: the holder; shared/contested: the parties; present: who is present
    rows: tuple[TerritoryRow, ...]
    before: str | None = None    # change view: the cartel's status in the earlier year (None: absent)
    after: str | None = None     # change view: its status in the later year


@dataclass(frozen=True)
class Reading:
    """The territories of a view, read one way: "overview", "cartel" (one cartel's ground) or "change"."""

    mode: str
    year: int | None
    standings: tuple[Standing, ...]
    cartel: str | None = None
    compare: int | None = None   # change view: the earlier snapshot year


def _parties(rows: Iterable[TerritoryRow], statuses: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({r.cartel for r in rows if r.status in statuses}))


def standing_of(state: str, year: int, rows: tuple[TerritoryRow, ...]) -> Standing:
    """The overview answer for one state from its rows (any order)."""
    rows = tuple(sorted(rows, key=lambda r: (-STRENGTH.get(r.status, 0), r.cartel)))
    if any(r.status == "contested" for r in rows):
        return Standing(state, year, "contested", _parties(rows, ("contested", *STRONG)), rows)
    holders = _parties(rows, ("dominant",))
    if len(holders) == 1:
        return Standing(state, year, "held", holders, rows)
    sharers = _parties(rows, STRONG)
    if sharers:
        return Standing(state, year, "shared", sharers, rows)
    return Standing(state, year, "present", _parties(rows, ("present",)), rows)


def rows_by_state(records: Iterable[object]) -> dict[tuple[str, int], tuple[TerritoryRow, ...]]:
    """Group territory records (objects with cartel, year, state, status, confidence, note) by state and year."""
    out: dict[tuple[str, int], list[TerritoryRow]] = {}
    for r in records:
        row = TerritoryRow(r.cartel, r.status, getattr(r, "confidence", "") or "", getattr(r, "note", "") or "")
        out.setdefault((r.state, int(r.year)), []).append(row)
    return {key: tuple(rows) for key, rows in out.items()}


def standings(records: Iterable[object]) -> list[Standing]:
    """The overview answer for every state that has rows, sorted by state."""
    return [standing_of(state, year, rows) for (state, year), rows in sorted(rows_by_state(records).items())]


def family(cartel: str, parents: Mapping[str, str]) -> str:
    """A faction's parent organisation, or the cartel itself."""
    return parents.get(cartel) or cartel


def strongest(rows: Iterable[TerritoryRow]) -> str | None:
    """The strongest status among ``rows`` (contested wins a tie with significant: it is the news)."""
    best = None
    for r in rows:
        rank = (STRENGTH.get(r.status, 0), r.status == "contested")
        if best is None or rank > best[0]:
            best = (rank, r.status)
    return best[1] if best else None


def cartel_statuses(records: Iterable[object], cartel: str, parents: Mapping[str, str]) -> dict[str, str]:
    """state -> the status of ``cartel`` (with its factions) there; states where it is absent are left out."""
    wanted = {cartel} | {c for c, parent in parents.items() if parent == cartel}
    out = {}
    for (state, _), rows in rows_by_state(records).items():
        status = strongest(r for r in rows if r.cartel in wanted)
        if status is not None:
            out[state] = status
    return out


def change(before: str | None, after: str | None) -> str | None:
    """The change category for a state from a cartel's status before and after (None: absent both times).

    Ground is dominant or significant presence; a contested state is a foothold being fought for.
    """
    if after == "contested":
        return "still-contested" if before == "contested" else "newly-contested"
    if after in STRONG:
        return "held" if before in STRONG else "gained"
    if before in STRONG or before == "contested":
        return "lost"  # whether still present or gone
    if after == "present":
        return "still-present" if before == "present" else "entered"
    return "withdrew" if before == "present" else None


def changes(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, str]:
    """state -> change category between two of :func:`cartel_statuses` (states absent both times left out)."""
    out = {}
    for state in sorted(set(before) | set(after)):
        kind = change(before.get(state), after.get(state))
        if kind is not None:
            out[state] = kind
    return out


def overview(records: Iterable[object], year: int | None) -> Reading:
    return Reading("overview", year, tuple(standings(records)))


def one_cartel(records: Iterable[object], year: int | None, cartel: str, parents: Mapping[str, str]) -> Reading:
    """The chosen cartel's own status in each state where it is present (with its factions)."""
    records = list(records)
    statuses = cartel_statuses(records, cartel, parents)
    by_state = {state: rows for (state, _), rows in rows_by_state(records).items()}
    items = tuple(Standing(state, year or 0, status, (cartel,), by_state[state])
                  for state, status in sorted(statuses.items()))
    return Reading("cartel", year, items, cartel)


def change_between(earlier: Iterable[object], later: Iterable[object], years: tuple[int, int], cartel: str,
                   parents: Mapping[str, str]) -> Reading:
    """What ``cartel`` gained, lost, held or newly fights over between two snapshot years."""
    later = list(later)
    before, after = cartel_statuses(earlier, cartel, parents), cartel_statuses(later, cartel, parents)
    by_state = {state: rows for (state, _), rows in rows_by_state(later).items()}
    items = tuple(Standing(state, years[1], kind, (cartel,), by_state.get(state, ()), before.get(state),
                           after.get(state)) for state, kind in changes(before, after).items())
    return Reading("change", years[1], items, cartel, years[0])
