"""How many, since when: the count beside the map and the timeline's numbers per year.

The count is what an export of the same filters holds (``python -m dashboard export events``):
the curated events of the selection, with imported datasets counted apart, never added in, since
they come from other sources with other rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.atlas import filters
from dashboard.atlas.data import Atlas
from dashboard.config import YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.i18n import plural, t, type_name
from dashboard.model import Selection
from dashboard.vocab import TYPE_GROUP


@dataclass(frozen=True)
class Tally:
    """Events with their dead and injured; ``killed_high`` adds the upper figures of disputed tolls."""

    title: str
    events: int
    killed: int | None  # None: no event of the frame has the figure (a source that does not record it)
    killed_high: int | None
    injured: int | None


def known_sum(values: pd.Series) -> int | None:
    """The sum of a casualty column, or None when events are there but none has the figure: unknown, not zero."""
    if len(values) and values.isna().all():
        return None
    return int(values.fillna(0).sum())


def tally(title: str, frame: pd.DataFrame) -> Tally:
    killed = frame["killed"]
    high = frame["killed_max"].fillna(killed) if "killed_max" in frame else killed
    return Tally(title, len(frame), known_sum(killed), known_sum(high), known_sum(frame["injured"]))


def view_tallies(atlas: Atlas, sel: Selection, imported: Mapping[str, tuple[str, pd.DataFrame, np.ndarray]] = (),
                 lang: str = "en") -> list[Tally]:
    """The curated events of the selection first, then each imported dataset (title, rows, mask) apart."""
    out = [tally(t("atlas_events", lang), filters.events_for(atlas, sel))]
    for title, frame, mask in dict(imported).values():
        out.append(tally(title, frame[mask]))
    return out


def _number(n: int, lang: str) -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "de" else text


def tally_text(x: Tally, lang: str) -> str:
    """ "50 events · 1,412–1,416 killed · 120 injured" in the interface language."""
    if x.killed is None:
        killed = f"{t('killed_lower', lang)}: {t('unknown', lang)}"
    else:
        high = f"–{_number(x.killed_high, lang)}" if x.killed_high not in (None, x.killed) else ""
        killed = f"{_number(x.killed, lang)}{high} {t('killed_lower', lang)}"
    injured = (f"{t('injured_lower', lang)}: {t('unknown', lang)}" if x.injured is None
               else f"{_number(x.injured, lang)} {t('injured_lower', lang)}")
    return f"{plural('n_events', x.events, lang, n=_number(x.events, lang))} · {killed} · {injured}"


def scope_text(atlas: Atlas, sel: Selection, lang: str) -> str:
    """The period and the cartels the count covers."""
    cartels = ", ".join(atlas.cartel_name(c, lang) for c in sel.cartels) or t("all_cartels", lang)
    types = ", ".join(type_name(k, lang) for k in sel.types)
    return f"{sel.year_from}–{sel.year_to} · {cartels}" + (f" · {types}" if types else "")


# --- the timeline ---------------------------------------------------------------------------------

def _split_label(row: pd.Series, by: str, atlas: Atlas, lang: str) -> str:
    if by == "type":
        return t(TYPE_GROUP.get(row["type"], "politics"), lang)
    cartels = tuple(row["cartels"])
    if not cartels:
        return t("no_cartel_named", lang)
    return atlas.cartel_name(cartels[0], lang) if len(cartels) == 1 else t("several_cartels", lang)


def earliest_year(imported: Mapping[str, tuple[str, pd.DataFrame, np.ndarray]] = ()) -> int:
    """The first year the page offers: 2006, or earlier when an imported dataset reaches back (UCDP: 1989)."""
    years = [int(frame["year"].min()) for _, frame, _ in dict(imported).values() if len(frame)]
    return max(YEAR_FLOOR, min([YEAR_MIN, *years]))


def timeline_rows(atlas: Atlas, sel: Selection, by: str, lang: str,
                  imported: Mapping[str, tuple[str, pd.DataFrame, np.ndarray]] = ()) -> pd.DataFrame:
    """Events and dead per year and group, over every year (the chart is where the reader picks years).

    Curated events split ``by`` "type" (the map's three colour classes) or "cartel" (events naming
    several cartels count once, as "several cartels"); each imported dataset is one group of its own.
    """
    every_year = sel.with_(year_from=earliest_year(imported), year_to=YEAR_MAX)
    ev = filters.events_for(atlas, every_year)
    parts = [pd.DataFrame({"year": ev["year"].astype(int),
                           "group": [_split_label(r, by, atlas, lang) for _, r in ev.iterrows()],
                           "killed": ev["killed"].fillna(0).astype(int)})]
    for title, frame, _ in dict(imported).values():
        keep = filters.imported_mask(atlas, frame, every_year)
        rows = frame[keep]
        parts.append(pd.DataFrame({"year": rows["year"].astype(int), "group": title,
                                   "killed": rows["killed"].fillna(0).astype(int)}))
    rows = pd.concat(parts, ignore_index=True)
    out = rows.groupby(["year", "group"], as_index=False).agg(events=("killed", "size"), killed=("killed", "sum"))
    return out.sort_values(["year", "group"]).reset_index(drop=True)
