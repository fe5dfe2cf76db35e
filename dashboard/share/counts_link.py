"""The choropleth's fields of a view in a link: ``counts=NAME&measure=…&rate=1`` (and ``area=11``).

Self-contained so the view-field table (``dashboard/share/link.py``) takes them as one row group.
A table name is only checked for its form here; a name no table has is said on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COUNTS_PARAMS = ("counts", "measure", "rate", "area")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_MEASURE = re.compile(r"[^\x00-\x1f<>]{1,80}")
_STATE = re.compile(r"(0[1-9]|[12][0-9]|3[0-2])")


@dataclass(frozen=True)
class CountsView:
    """An official count table drawn as a choropleth: its name, a measure, rates or counts, one state."""

    table: str
    measure: str | None = None
    rate: bool = False
    population: str | None = None   # the population table; None: the only (or first) one stored
    state: str | None = None        # "11": only Guanajuato's municipalities


def counts_params(view: CountsView | None) -> dict[str, str]:
    if view is None:
        return {}
    params = {"counts": view.table}
    if view.measure:
        params["measure"] = view.measure
    if view.rate:
        params["rate"] = "1"
    if view.state:
        params["area"] = view.state
    return params


def counts_from_params(last, drop) -> CountsView | None:
    """The view's table from ``last(key)`` (the last value of a key); ``drop(key, value, why)`` says what is ignored
    (``why``: an interface string's key, dashboard.i18n.share)."""
    table, measure, state = last("counts"), last("measure"), last("area")
    if table is None:
        return None
    if not _NAME.fullmatch(table):
        drop("counts", table, "link_not_table")
        return None
    if measure is not None and not _MEASURE.fullmatch(measure):
        drop("measure", measure, "link_not_measure")
        measure = None
    if state is not None and not _STATE.fullmatch(state):
        drop("area", state, "link_not_state")
        state = None
    return CountsView(table, measure, last("rate") in ("1", "true"), state=state)
