"""Attaching areas to the rows of an official table: state codes or names, municipal codes or names.

Each distinct value is looked up once (a national monthly table repeats 2,500 municipalities
hundreds of times). Nothing is dropped: a name that is no area ("Nacional", "No especificado",
"Otros municipios") becomes an aggregate, and a municipal name that cannot be told apart stays an
aggregate named after it, listed in the notes, so the national total still adds up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.imports.municipalities import Municipalities
from dashboard.official.areas import (
    AGGREGATE,
    MUNICIPALITY,
    STATE,
    STATE_NAMES,
    Area,
    aggregate_kind,
    municipal_code,
    state_area,
    unplaced_area,
)

AREA_COLUMNS = ("area", "level", "area_name")


def _frame(keys: pd.Series, areas: dict) -> pd.DataFrame:
    """Area columns for every row, from the areas of its distinct keys (factorised: one lookup each)."""
    codes, uniques = pd.factorize(keys, use_na_sentinel=False)
    looked_up = [areas[k] for k in uniques]
    return pd.DataFrame({column: np.array([getattr(a, attr) for a in looked_up], dtype=object)[codes]
                         for column, attr in zip(AREA_COLUMNS, ("code", "level", "name"), strict=True)},
                        index=keys.index)


def place_states(values: pd.Series) -> tuple[pd.DataFrame, list[str]]:
    """Areas for a column of state codes or names; notes name the values that are no state."""
    lookup = {v: state_area(str(v)) for v in values.unique()}
    unknown = sorted(str(v) for v, a in lookup.items() if a is None)
    lookup = {v: a or Area(f"unknown-{v}", AGGREGATE, f"unknown state {v!r}") for v, a in lookup.items()}
    notes = [f"{len(unknown)} state value(s) are no Mexican state and are kept apart: {', '.join(unknown[:8])}"
             ] if unknown else []
    return _frame(values, lookup), notes


def place_municipal_codes(codes: pd.Series, names: pd.Series | None, towns: Municipalities
                          ) -> tuple[pd.DataFrame, list[str]]:
    """Areas for 5-digit codes (or state*1000+mun integers); unknown codes keep the file's name."""
    keys = codes.astype(str) if names is None else codes.astype(str) + "\x1f" + names.astype(str)
    lookup, unknown = {}, []
    for key in keys.unique():
        code_text, _, name = key.partition("\x1f")
        lookup[key] = area = _municipality_by_code(code_text, name, towns)
        if area.level == MUNICIPALITY and area.code not in towns.by_code:
            unknown.append(f"{area.code} {name}".strip())
    notes = [f"{len(set(unknown))} municipal code(s) are not in geodata/municipalities.csv (newer municipalities): "
             f"{', '.join(sorted(set(unknown))[:10])}; kept with the file's name"] if unknown else []
    return _frame(keys, lookup), notes


def _municipality_by_code(code_text: str, name: str, towns: Municipalities) -> Area:
    code = municipal_code(code_text)
    if code is None:
        kind = aggregate_kind(name) or aggregate_kind(code_text) or "national"
        return unplaced_area(None, kind)
    if int(code[:2]) > 32 or int(code[:2]) == 0:  # 33, 34: deaths of Mexicans abroad; 00: national
        return unplaced_area(None, "abroad" if int(code[:2]) else "national")
    if code.endswith(("999", "998")) or aggregate_kind(name):
        return unplaced_area(state_area(code[:2]), aggregate_kind(name) or "not specified")
    if code.endswith("000"):  # a state subtotal written as a municipal code
        return state_area(code[:2]) or unplaced_area(None, "abroad")
    town = towns.by_code.get(code)
    return Area(code, MUNICIPALITY, town.name if town else name.strip())


def place_municipal_names(states: pd.Series, names: pd.Series, towns: Municipalities
                          ) -> tuple[pd.DataFrame, list[str]]:
    """Areas for municipality names within their state (a table with no codes)."""
    keys = states.astype(str) + "\x1f" + names.astype(str)
    lookup, unresolved = {}, []
    for key in keys.unique():
        state, _, name = key.partition("\x1f")
        lookup[key] = area = _municipality_by_name(state, name, towns)
        if area.level == AGGREGATE and area.code.startswith("unresolved"):
            unresolved.append(f"{name} ({state})")
    notes = [f"{len(unresolved)} municipality name(s) could not be told apart or found within their state and "
             f"are kept apart (counted in national totals, on no municipality): {', '.join(unresolved[:10])}"
             ] if unresolved else []
    return _frame(keys, lookup), notes


def _municipality_by_name(state_text: str, name: str, towns: Municipalities) -> Area:
    state = state_area(state_text)
    if (kind := aggregate_kind(name)) is not None:
        return unplaced_area(state, kind)
    if state is None or state.level != STATE:
        return Area(f"unresolved-{name}", AGGREGATE, f"{name} (state {state_text!r} unknown)")
    found = towns.candidates(name, STATE_NAMES[state.code])
    found = [m for m in found if m.cvegeo.startswith(state.code)]
    if len(found) != 1:
        return Area(f"unresolved-{state.code}-{name}", AGGREGATE, f"{name} ({state.name})")
    return Area(found[0].cvegeo, MUNICIPALITY, found[0].name)
