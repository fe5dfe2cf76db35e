"""Checks of the cartel register, ``geodata/cartel_register.csv`` (see :mod:`dashboard.atlas.register`).

The importer trusts this file to attribute every imported event, so a mistake in it mislabels
data silently: a lineage pointing at a missing organisation, a year range reversed, a spelling
claimed by two organisations at once (the importer would pick one by chance of sort order), or a
parent chain that loops. Ids themselves (unique lowercase slugs) are checked by
:func:`dashboard.atlas.validate.geodata.check_ids`, as for every other table.
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.atlas.files import Problem, Row, problem_at, split_list
from dashboard.atlas.register import REGISTER_FILE
from dashboard.text import name_key

REGISTER_COLUMNS = ("id", "name", "atlas_id", "parent", "from", "to", "emerged_from", "continued_by", "aliases")
LINKS = ("parent", "emerged_from", "continued_by")
_OPEN = (-10**6, 10**6)  # an empty "from" or "to" is open-ended


def check_register(rows: list[Row], cartel_ids: set[str]) -> list[Problem]:
    """Every problem of the register's rows; ``cartel_ids`` are the map cartels of ``cartels.csv``."""
    ids = {r["id"] for r in rows}
    problems = _links(rows, ids) + _atlas_ids(rows, cartel_ids)
    years = {}
    for row in rows:
        span, found = _years(row)
        problems += found
        years[row["id"]] = span
    return problems + _shared_aliases(rows, years) + _parent_cycles(rows)


def _links(rows: list[Row], ids: set[str]) -> list[Problem]:
    return [problem_at(row, field, f"unknown organisation {row[field]!r} (not an id of {REGISTER_FILE})")
            for row in rows for field in LINKS if row[field] and row[field] not in ids]


def _atlas_ids(rows: list[Row], cartel_ids: set[str]) -> list[Problem]:
    return [problem_at(row, "atlas_id", f"unknown map cartel {row['atlas_id']!r} (not an id of cartels.csv)")
            for row in rows if row["atlas_id"] and row["atlas_id"] not in cartel_ids]


def _years(row: Row) -> tuple[tuple[int, int], list[Problem]]:
    """The organisation's years as (first, last), open ends widened; problems for unreadable or reversed years."""
    bounds, problems = list(_OPEN), []
    for n, field in enumerate(("from", "to")):
        text = row[field]
        if not text:
            continue
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            problems.append(problem_at(row, field, f"{text!r} is not a year"))
        else:
            bounds[n] = int(text)
    if bounds[0] > bounds[1]:
        problems.append(problem_at(row, "to", f"ends in {bounds[1]}, before it starts in {bounds[0]}"))
    return (bounds[0], bounds[1]), problems


def _spellings(row: Row) -> Iterable[tuple[str, str]]:
    """(normalised, as written) for the name and each alias, once per normalised spelling."""
    seen = {}
    for text in (row["name"], *split_list(row["aliases"])):
        seen.setdefault(name_key(text), text)
    return ((key, text) for key, text in seen.items() if key)


def _shared_aliases(rows: list[Row], years: dict[str, tuple[int, int]]) -> list[Problem]:
    """A spelling may name two organisations only in years that do not overlap (then the year decides)."""
    claimed: dict[str, list[tuple[Row, str]]] = {}
    problems = []
    for row in rows:
        for key, text in _spellings(row):
            for earlier, first_text in claimed.get(key, []):
                (a0, a1), (b0, b1) = years.get(earlier["id"], _OPEN), years.get(row["id"], _OPEN)
                if earlier["id"] != row["id"] and a0 <= b1 and b0 <= a1:
                    problems.append(problem_at(row, "aliases", (
                        f"{text!r} also names {earlier['id']!r} (line {earlier.line}, as {first_text!r}) in "
                        f"overlapping years; an imported event could go to either")))
            claimed.setdefault(key, []).append((row, text))
    return problems


def _parent_cycles(rows: list[Row]) -> list[Problem]:
    """A parent chain that comes back to where it started (a faction of its own faction) is refused."""
    parent = {r["id"]: r["parent"] for r in rows}
    problems = []
    for row in rows:
        seen, node = [row["id"]], parent.get(row["id"], "")
        while node and node in parent and node not in seen:
            seen.append(node)
            node = parent[node]
        if node == row["id"]:
            chain = " -> ".join([*seen, node])
            problems.append(problem_at(row, "parent", f"parents form a loop: {chain}"))
    return problems
