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
from dashboard.atlas.narrative import Chapter
from dashboard.config import YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.i18n import plural, t, type_name
from dashboard.model import Selection
from dashboard.text import number_text
from dashboard.vocab import TYPE_GROUP


@dataclass(frozen=True)
class Tally:
    """Events with their dead and injured; ``killed_high`` adds the upper figures of disputed tolls."""

    title: str
    events: int
    killed: int | None  # None: no event of the frame has the figure (a source that does not record it)
    killed_high: int | None
    injured: int | None


def known_sum(raw: np.ndarray, filled: np.ndarray) -> int | None:
    """The sum of a casualty column (``filled``: NaN as 0), or None when rows are there but none has the figure
    (``raw`` all NaN): unknown, not zero."""
    if len(raw) and np.isnan(raw).all():
        return None
    return int(filled.sum())


def tally(title: str, frame: pd.DataFrame, mask: np.ndarray | None = None, blank_is_unknown: bool = True) -> Tally:
    """The tally of ``frame``'s rows (those of ``mask`` when given), summed on the counted columns alone;
    a figure no counted row of an imported source has is unknown (None), not 0. The atlas's own events
    leave the toll blank where none was reported (an arrest, a policy): their blank counts as 0."""
    def column(name: str) -> np.ndarray:
        values = frame[name].to_numpy(dtype="float64", na_value=np.nan)
        return values if mask is None else values[mask]

    raw_killed, raw_injured = column("killed"), column("injured")
    killed = np.nan_to_num(raw_killed)
    high = np.where(np.isnan(high := column("killed_max")), killed, high) if "killed_max" in frame.columns else killed
    events = len(frame) if mask is None else int(np.count_nonzero(mask))
    if not blank_is_unknown:
        raw_killed, raw_injured = killed, np.nan_to_num(raw_injured)
    return Tally(title, events, known_sum(raw_killed, killed), known_sum(raw_killed, high),
                 known_sum(raw_injured, np.nan_to_num(raw_injured)))


def view_tallies(atlas: Atlas, sel: Selection, imported: Mapping[str, tuple[str, pd.DataFrame, np.ndarray]] = (),
                 lang: str = "en", chapter: Chapter | None = None) -> list[Tally]:
    """The curated events of the selection first, then each imported dataset (title, rows, mask) apart."""
    out = [tally(t("atlas_events", lang), atlas.events, filters.events_mask(atlas, sel, chapter),
                 blank_is_unknown=False)]
    for title, frame, mask in dict(imported).values():
        out.append(tally(title, frame, mask))
    return out


_number = number_text  # dashboard.text: one rule for numbers in the reader's language


def tally_parts(x: Tally, lang: str) -> tuple[str, str, str]:
    """("50 events", "1,412–1,416 killed", "120 injured") in the interface language ("1.412" in German)."""
    if x.killed is None:  # no counted event has the figure: unknown, not 0
        killed = f"{t('killed_lower', lang)}: {t('unknown', lang)}"
    else:
        high = f"–{_number(x.killed_high, lang)}" if x.killed_high not in (None, x.killed) else ""
        killed = f"{_number(x.killed, lang)}{high} {t('killed_lower', lang)}"
    injured = (f"{t('injured_lower', lang)}: {t('unknown', lang)}" if x.injured is None
               else f"{_number(x.injured, lang)} {t('injured_lower', lang)}")
    return plural("n_events", x.events, lang, n=_number(x.events, lang)), killed, injured


def tally_text(x: Tally, lang: str) -> str:
    """ "50 events · 1,412–1,416 killed · 120 injured" in the interface language."""
    return " · ".join(tally_parts(x, lang))


def count_line(atlas: Atlas, sel: Selection, x: Tally, lang: str, in_view: int | None = None) -> tuple[str, str]:
    """The count over the map as (its bold head, the rest): "50 events in 2006–2026", "1,565 killed · … · All
    cartels · 38 in this view". ``in_view``: how many of them the list beside the map shows (views.in_view)."""
    events, killed, injured = tally_parts(x, lang)
    years = str(sel.year_from) if sel.year_from == sel.year_to else f"{sel.year_from}–{sel.year_to}"
    head = f"{events} {t('count_period', lang, years=years)}"
    cartels = ", ".join(atlas.cartel_name(c, lang) for c in sel.cartels) or t("all_cartels", lang)
    types = ", ".join(type_name(k, lang) for k in sel.types)
    rest = [killed, injured, cartels, *([types] if types else [])]
    if in_view is not None:
        rest.append(t("count_in_view", lang, n=_number(in_view, lang)))
    return head, " · ".join(rest)


def scope_text(atlas: Atlas, sel: Selection, lang: str) -> str:
    """The period and the cartels the count covers."""
    cartels = ", ".join(atlas.cartel_name(c, lang) for c in sel.cartels) or t("all_cartels", lang)
    types = ", ".join(type_name(k, lang) for k in sel.types)
    return f"{sel.year_from}–{sel.year_to} · {cartels}" + (f" · {types}" if types else "")


# --- the timeline ---------------------------------------------------------------------------------

def _split_labels(ev: pd.DataFrame, by: str, atlas: Atlas, lang: str) -> list[str]:
    """Each event's group in the timeline: its type's colour class, or its cartel ("several cartels", "none named")."""
    if by == "type":
        names = {g: t(g, lang) for g in {*TYPE_GROUP.values(), "politics"}}
        return [names[TYPE_GROUP.get(kind, "politics")] for kind in ev["type"].tolist()]
    several, none = t("several_cartels", lang), t("no_cartel_named", lang)
    return [atlas.cartel_name(ids[0], lang) if len(ids) == 1 else several if ids else none
            for ids in map(tuple, ev["cartels"].tolist())]


def earliest_year(imported: Mapping[str, tuple[str, pd.DataFrame, np.ndarray]] = ()) -> int:
    """The first year the page offers: 2006, or earlier when an imported dataset reaches back (UCDP: 1989)."""
    years = [int(frame["year"].min()) for _, frame, _ in dict(imported).values() if len(frame)]
    return max(YEAR_FLOOR, min([YEAR_MIN, *years]))


def timeline_rows(atlas: Atlas, sel: Selection, by: str, lang: str,
                  imported: Mapping[str, tuple[str, pd.DataFrame, np.ndarray]] = (),
                  chapter: Chapter | None = None) -> pd.DataFrame:
    """Events and dead per year and group, over every year (the chart is where the reader picks years).

    Curated events split ``by`` "type" (the map's three colour classes) or "cartel" (events naming
    several cartels count once, as "several cartels"); each imported dataset is one group of its own.
    """
    every_year = sel.with_(year_from=earliest_year(imported), year_to=YEAR_MAX)
    ev = filters.events_for(atlas, every_year, chapter)
    parts = [pd.DataFrame({"year": ev["year"].astype(int), "group": _split_labels(ev, by, atlas, lang),
                           "killed": ev["killed"].fillna(0).astype(int)})]
    for title, frame, _ in dict(imported).values():
        keep = filters.imported_mask(atlas, frame, every_year)
        rows = frame[["year", "killed"]][keep]  # two columns, not a copy of every column of a million rows
        parts.append(pd.DataFrame({"year": rows["year"].astype(int), "group": title,
                                   "killed": rows["killed"].fillna(0).astype(int)}))
    rows = pd.concat(parts, ignore_index=True)
    out = rows.groupby(["year", "group"], as_index=False).agg(events=("killed", "size"), killed=("killed", "sum"))
    return out.sort_values(["year", "group"]).reset_index(drop=True)
