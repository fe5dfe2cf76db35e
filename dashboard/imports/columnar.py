"""A file's records as columns, and work done once per distinct value instead of once per row.

An import of 200,000 rows names a few thousand dates, a few dozen actor pairs and places, so
:class:`RoleTexts` keeps each role's column as codes into its distinct texts (``pandas.factorize``,
in C), and the row builder checks a date, a count or an actor text once per distinct value
(:func:`per_distinct`) and spreads the outcome back over the rows with numpy. A check may fail:
its outcome is then the :class:`RowRejected` it raised, and :class:`Outcome` tells which rows it hits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from dashboard.imports.rejections import RowRejected
from dashboard.imports.values import clean_text, is_missing


def factorize(values: Sequence) -> tuple[np.ndarray, list]:
    """(code per value, the distinct values in order of first appearance)."""
    if not len(values):
        return np.zeros(0, dtype=np.int64), []
    array = np.empty(len(values), dtype=object)
    array[:] = values
    codes, uniques = pd.factorize(array, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), list(uniques)


def cell_text(text: str) -> str:
    """A cell as the builder reads it: stripped, without control characters or bidi overrides; "" for a
    cell that says it has no value ('na', 'N/D', 'Se reserva' …, :func:`~dashboard.imports.values.is_missing`)."""
    text = text.strip() if text.isprintable() else clean_text(text)
    return "" if is_missing(text) else text


def combine(*codes: np.ndarray) -> np.ndarray:
    """One code per distinct combination of several code columns (0, 1, … in order of first appearance)."""
    key = codes[0]
    for more in codes[1:]:
        key = key * (int(more.max()) + 1 if len(more) else 1) + more
        key, _ = pd.factorize(key)  # compact again, so the next product cannot overflow
    return np.asarray(key, dtype=np.int64)


def first_rows(codes: np.ndarray) -> np.ndarray:
    """The first row of each code (codes are 0 … k-1 in order of first appearance)."""
    _, first = np.unique(codes, return_index=True)
    return first


def attempt(check: Callable, *args) -> object:
    """``check(*args)``, or the :class:`RowRejected` it raised."""
    try:
        return check(*args)
    except RowRejected as exc:
        return exc


class Outcome:
    """What a check gave for each distinct input, spread over the rows (``None`` for rows not checked)."""

    def __init__(self, outcomes: list, codes: np.ndarray) -> None:
        self.outcomes = [*outcomes, None]  # code -1: a row that was not checked
        self.codes = codes

    def field(self, index: int | None, filler: object) -> np.ndarray:
        """Element ``index`` of each row's outcome (the outcome itself for None); ``filler`` where it failed."""
        table = np.empty(len(self.outcomes), dtype=object)
        table[:] = [filler if o is None or isinstance(o, RowRejected) else o if index is None else o[index]
                    for o in self.outcomes]
        column = table[self.codes]
        if isinstance(filler, bool | int | float):  # a numeric column (years): a numpy dtype, not objects
            return column.astype(type(filler))
        return column

    @property
    def rows(self) -> np.ndarray:
        """Each row's outcome (object array)."""
        table = np.empty(len(self.outcomes), dtype=object)
        table[:] = self.outcomes
        return table[self.codes]

    @property
    def failed(self) -> np.ndarray:
        """Which rows' outcome is a :class:`RowRejected`."""
        failed = np.fromiter((isinstance(o, RowRejected) for o in self.outcomes), dtype=bool,
                             count=len(self.outcomes))
        return failed[self.codes]


class RoleTexts:
    """Each role's text for every record, held as codes into its distinct (cleaned) texts.

    ``raw`` maps a role (or an actor column's key) to the raw text of every record; a role the
    file lacks reads as "" everywhere.
    """

    def __init__(self, n: int, raw: dict[object, Sequence[str]]) -> None:
        self.n = n
        self.raw = raw  # role -> raw texts, factorized when first asked for (ids and coordinates may never be)
        self.codes: dict[object, np.ndarray] = {}
        self.uniques: dict[object, list[str]] = {}

    def _factorize(self, role: object) -> bool:
        """Whether the file has ``role``; its codes and cleaned distinct texts are made on first use."""
        if role not in self.codes:
            if role not in self.raw:
                return False
            codes, uniques = factorize(self.raw[role])
            self.codes[role] = codes
            self.uniques[role] = [cell_text(u) for u in uniques]
        return True

    def code(self, role: object) -> np.ndarray:
        return self.codes[role] if self._factorize(role) else np.zeros(self.n, dtype=np.int64)

    def distinct_texts(self, role: object) -> list[str]:
        """The cleaned distinct texts of ``role`` ([""] when the file lacks it)."""
        return self.uniques[role] if self._factorize(role) else [""]

    def text(self, role: object, row: int) -> str:
        """The cleaned text of ``role`` in record ``row``."""
        return self.uniques[role][self.codes[role][row]] if self._factorize(role) else ""

    def column(self, role: object) -> np.ndarray:
        """The cleaned text of ``role`` for every record (an object array)."""
        if not self._factorize(role):
            return np.full(self.n, "", dtype=object)
        table = np.empty(len(self.uniques[role]), dtype=object)
        table[:] = self.uniques[role]
        return table[self.codes[role]]

    def distinct(self, *roles: object) -> tuple[np.ndarray, np.ndarray]:
        """(code per record of its combination of ``roles``' texts, the first record of each combination)."""
        codes = combine(*(self.code(r) for r in roles)) if roles else np.zeros(self.n, dtype=np.int64)
        return codes, first_rows(codes)

    def derive(self, name: object, values: np.ndarray) -> None:
        """Add a column of values worked out from others (an ISO date, a year), to key later checks by."""
        self.raw[name] = values
        self.codes[name], self.uniques[name] = factorize(values)

    def per_distinct(self, roles: Sequence[object], check: Callable[..., object],
                     rows: np.ndarray | None = None) -> Outcome:
        """``check(text, …)`` once per distinct combination of ``roles`` (among ``rows`` only, when given)."""
        codes, firsts = self.distinct(*roles)
        if rows is not None and not rows.all():  # renumber the combinations that occur in ``rows``
            subset, firsts = factorize(codes[rows])
            firsts = np.flatnonzero(rows)[first_rows(subset)]
            codes = np.full(self.n, -1, dtype=np.int64)
            codes[rows] = subset
        return Outcome([attempt(check, *(self.text(r, i) for r in roles)) for i in firsts], codes)
