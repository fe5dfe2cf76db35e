"""The actors an imported dataset names, as written: counted for the filter, and the rows naming the chosen ones.

Every imported row carries ``actor_names``: each actor name of the file as written, coalitions
split, ";"-joined (:mod:`dashboard.atlas.register`). Most actors of a real file are outside the
map's eleven cartels ("Los Ardillos", "Cartel Independiente de Acapulco", police forces,
civilians), and the cartel filter can only call them "other"; this filter lets a reader pick them by
name. A dataset holds few distinct combinations of actors even in a million rows, so both the
count and the match work once per combination and are looked up by code, never per row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence

import numpy as np
import pandas as pd

MAX_NAME_CHARS = 200  # a longer value in a link or a command is no actor name the importer kept
ActorCounts = list[tuple[str, int]]


def names_of(joined: object) -> list[str]:
    """The actor names of one row's ``actor_names`` text ("" or missing: none)."""
    text = joined if isinstance(joined, str) else ""
    return [name for name in (part.strip() for part in text.split(";")) if name]


def _combinations(column: pd.Series) -> tuple[np.ndarray, list[object]]:
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return codes, list(uniques)


def actor_counts(column: pd.Series) -> ActorCounts:
    """(name, rows naming it) for an ``actor_names`` column: most frequent first, then by name."""
    codes, uniques = _combinations(column)
    per_combination = np.bincount(codes, minlength=len(uniques)) if len(codes) else np.zeros(0, dtype=int)
    total: Counter[str] = Counter()
    for joined, n in zip(uniques, per_combination, strict=True):
        for name in set(names_of(joined)):
            total[name] += int(n)
    return ranked(total)


def ranked(total: Counter[str]) -> ActorCounts:
    return sorted(total.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))


def merged(counts: Iterable[ActorCounts]) -> ActorCounts:
    """The counts of several datasets added up, name by name (the filter applies to all of them)."""
    total: Counter[str] = Counter()
    for one in counts:
        for name, n in one:
            total[name] += n
    return ranked(total)


def rows_naming(column: pd.Series, chosen: Collection[str]) -> np.ndarray:
    """Which rows name any of the ``chosen`` actors (a boolean array aligned with ``column``)."""
    wanted = set(chosen)
    codes, uniques = _combinations(column)
    hit = np.fromiter((bool(wanted.intersection(names_of(u))) for u in uniques), dtype=bool, count=len(uniques))
    return hit[codes] if len(codes) else np.zeros(0, dtype=bool)


def options(counts: ActorCounts, chosen: Sequence[str], limit: int) -> list[str]:
    """The names a reader can pick: the ``limit`` most frequent, then any chosen name not among them.

    A chosen name stays pickable (and removable) when the dataset naming it is no longer shown.
    """
    names = [name for name, _ in counts[:limit]]
    listed = set(names)
    return names + [name for name in chosen if name not in listed]


def label(name: str, counts: dict[str, int]) -> str:
    """An option's label: the name as written and how many rows name it ("Los Ardillos (12)")."""
    return f"{name} ({counts.get(name, 0):,})"


def well_formed(name: str) -> bool:
    """Could ``name`` be an actor name the importer kept? (Not empty, not too long, no ";" or control characters.)"""
    return (0 < len(name) <= MAX_NAME_CHARS and name == name.strip() and ";" not in name
            and all(ch.isprintable() for ch in name))
