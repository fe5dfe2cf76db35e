"""Details of a clicked feature: what the side panel shows for an event, place, flow, state or imported row."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.atlas import filters
from dashboard.atlas.data import Atlas, in_language, missing
from dashboard.atlas.narrative import Chapter, chapters_mentioning
from dashboard.i18n import STRINGS, plural, t, type_name
from dashboard.map import hexbins
from dashboard.model import Selection
from dashboard.text import number_text
from dashboard.vocab import SPOT_PREFIX


@dataclass(frozen=True)
class Details:
    """What the side panel shows for a clicked feature. Text is plain (rendered escaped)."""

    title: str
    facts: list[tuple[str, str]]
    body: str
    sources: list[str]
    chapters: list[Chapter] = field(default_factory=list)


def _source_lines(atlas: Atlas, ids: tuple[str, ...]) -> list[str]:
    src = atlas.sources.set_index("id")
    lines = []
    for sid in ids:
        if sid in src.index:
            row = src.loc[sid]
            lines.append(" · ".join(p for p in (row["publisher"], row["title"], row["date"], row["url"]) if p))
    return lines


def _num(value: object, lang: str) -> str:
    """A count in the reader's language ("1.400" in German), or "unknown"."""
    return t("unknown", lang) if missing(value) else number_text(value, lang)


def _sum_text(values: pd.Series, lang: str) -> str:
    """The sum of a casualty column, or "unknown" when no row has the figure (not 0)."""
    return t("unknown", lang) if values.isna().all() else f"{int(values.fillna(0).sum()):,}"


def cartels_text(atlas: Atlas, ids: tuple[str, ...], lang: str) -> str:
    """Cartel names in the interface language, or a dash for none."""
    return ", ".join(atlas.cartel_name(i, lang) for i in ids) or "—"


def details_for(atlas: Atlas, layer: str, fid: str, lang: str, sel: Selection | None = None) -> Details | None:
    """Details of one feature by layer and id, or None if it does not exist.

    ``sel`` is the view's selection: a spot of several events lists the ones the view shows, as its tooltip does.
    """
    if layer == "events" and fid.startswith(SPOT_PREFIX):
        return _spot_details(atlas, fid[len(SPOT_PREFIX):], lang, sel or Selection())
    builder = {"events": _event_details, "places": _place_details, "crossings": _place_details,
               "flows": _flow_details, "territories": _territory_details}.get(layer)
    return builder(atlas, fid, lang) if builder else None


def confidence_text(grade: str, claim: object, lang: str) -> str:
    """"H" or, where the sources grade the event and a claim about it apart, "H (the event) · M (the claim)"."""
    if not claim or missing(claim):
        return grade
    return f"{grade} ({t('grade_event', lang)}) · {claim} ({t('grade_claim', lang)})"


def _spot_details(atlas: Atlas, place_id: str, lang: str, sel: Selection) -> Details | None:
    """Several events at one place: each with its date, title and dead, oldest first (as the tooltip lists them)."""
    shown = filters.events_for(atlas, sel)
    rows = shown[shown["place_id"] == place_id].sort_values(["date", "id"])
    if rows.empty:
        return None
    place = atlas.place_name(place_id, lang)
    facts = [(r.date, f"{getattr(r, 'title_' + lang)} · {type_name(r.type, lang)} · {t('killed', lang)} "
              f"{_num(r.killed, lang)}") for r in rows.itertuples()]
    sources = tuple(dict.fromkeys(s for r in rows.itertuples() for s in r.sources))
    chapters = [c for c in atlas.chapters if any(c.mentions("events", e) for e in rows["id"])]
    heading = plural("events_here", len(rows), lang, place=place)
    return Details(heading, facts, "", _source_lines(atlas, sources), chapters)


def _event_details(atlas: Atlas, fid: str, lang: str) -> Details | None:
    rows = atlas.events[atlas.events["id"] == fid]
    if rows.empty:
        return None
    e = rows.iloc[0]
    killed = _num(e["killed"], lang)
    if not missing(e["killed_max"]):
        killed += f"–{_num(e['killed_max'], lang)} ({t('disputed', lang)})"
    place = atlas.place_name(e["place_id"], lang)
    facts = [(t("date", lang), e["date"]), (t("type", lang), type_name(e["type"], lang)), (t("places", lang), place),
             (t("killed", lang), killed), (t("injured", lang), _num(e["injured"], lang)),
             (t("cartels", lang), cartels_text(atlas, e["cartels"], lang)),
             (t("confidence_label", lang), confidence_text(e["confidence"], e.get("confidence_claim"), lang))]
    if e["disputed"] and in_language(e, "dispute_note", lang):
        facts.append((t("disputed", lang), in_language(e, "dispute_note", lang)))
    return Details(e[f"title_{lang}"], facts, e[f"summary_{lang}"], _source_lines(atlas, e["sources"]),
                   chapters_mentioning(atlas.chapters, "events", fid))


def _place_details(atlas: Atlas, fid: str, lang: str) -> Details | None:
    rows = atlas.places[atlas.places["id"] == fid]
    if rows.empty:
        return None
    p = rows.iloc[0]
    facts = [(t("state", lang), f"{p['admin1']}, {p['country']}".strip(", ")),
             (t("precision", lang), t(p["precision"], lang)), (t("lat_lon", lang), f"{p['lat']:.4f}, {p['lon']:.4f}"),
             (t("confidence_label", lang), p["confidence"])]
    events = atlas.events[atlas.events["place_id"] == fid]
    if not events.empty:
        facts.append((t("events", lang), "; ".join(f"{r.date} {getattr(r, 'title_' + lang)}"
                                                    for r in events.itertuples())))
    return Details(in_language(p, "name", lang), facts, p[f"description_{lang}"], _source_lines(atlas, p["sources"]),
                   chapters_mentioning(atlas.chapters, "places", fid))


def _flow_details(atlas: Atlas, fid: str, lang: str) -> Details | None:
    rows = atlas.flows[atlas.flows["id"] == fid]
    if rows.empty:
        return None
    f = rows.iloc[0]
    names = {key: atlas.place_name(f[key], lang) for key in ("from_place", "to_place")}
    volume = "—" if missing(f["volume"]) else f"{f['volume']:,.0f} {f['volume_unit']}"
    facts = [("→", f"{names['from_place']} → {names['to_place']}"), (t("kind", lang), t(f["kind"], lang)),
             (t("evidence", lang), t(f["evidence"], lang)), (t("volume", lang), volume),
             (t("years", lang), f"{f['year_from']}–{f['year_to']}"),
             (t("cartels", lang), cartels_text(atlas, f["cartels"], lang)),
             (t("confidence_label", lang), f["confidence"])]
    note = f.get(f"note_{lang}", "") or ""
    return Details(f[f"label_{lang}"], facts, note, _source_lines(atlas, f["sources"]),
                   chapters_mentioning(atlas.chapters, "flows", f["route"]))


def _territory_details(atlas: Atlas, fid: str, lang: str) -> Details | None:
    year_text, _, state = fid.partition(":")
    if not year_text.isdigit():
        return None
    rows = atlas.territories[(atlas.territories["year"] == int(year_text)) & (atlas.territories["state"] == state)]
    if rows.empty:
        return None
    facts = [(atlas.cartel_name(r.cartel, lang), " · ".join(x for x in (
        t(r.status, lang), f"{t('confidence_label', lang)} {r.confidence}", in_language(r, "note", lang)) if x))
        for r in rows.itertuples()]
    sources = tuple(dict.fromkeys(s for r in rows.itertuples() for s in r.sources))
    return Details(f"{state} · {year_text}", facts, "", _source_lines(atlas, sources),
                   chapters_mentioning(atlas.chapters, "territories", state))


def imported_details(frame: gpd.GeoDataFrame, fid: str, title: str, lang: str) -> Details | None:
    """Details of one row of an imported dataset (all text shown escaped by the UI).

    Shows what is uncertain: a date range, low–high deaths, and how precise the point is
    (site, town, municipality, state, country, with the source's own code).
    """

    rows = frame[frame["id"] == fid]
    if rows.empty:
        return None
    r = rows.iloc[0]
    get = r.get
    date = f"{r['date']} – {get('date_end')}" if get("date_end") else r["date"]
    if get("date_precision") and get("date_precision") != "day":
        date += f" ({_word('dated_', get('date_precision'), lang)})"
    killed = _num(r["killed"], lang)
    low, high = get("killed_low"), get("killed_high")
    if not (pd.isna(low) or pd.isna(high)) and (low, high) != (r["killed"], r["killed"]):
        killed += f" ({_num(low, lang)}–{_num(high, lang)})"
    facts = [(t("date", lang), date),
             (t("type", lang), f"{type_name(str(r['type']), lang)} ({r['type_original']})".strip()),
             (t("places", lang), ", ".join(p for p in (r["place"], r["admin1"], r["country"]) if p)),
             (t("killed", lang), killed), (t("injured", lang), _num(r["injured"], lang)),
             (t("cartels", lang), ", ".join(r["cartels"]) or "—"), (t("row_actors", lang), r["actors"] or "—"),
             (t("lat_lon", lang), _imported_where(r, lang))]
    if get("organisations"):
        facts.append((t("organisations", lang), get("organisations").replace(";", ", ")))
    return Details(f"{title}: {r['id']}", facts, r["notes"], [r["source"]] if r["source"] else [], [])


def _word(prefix: str, value: str, lang: str) -> str:
    """An imported row's level or date precision in ``lang``; a value the atlas has no word for, as it is."""
    key = prefix + str(value)
    return t(key, lang) if key in STRINGS else str(value)


def _imported_where(r, lang: str) -> str:
    """"lat, lon (geocoded) · precision: town (acled:1)" in the reader's language."""
    where = f"{r['lat']:.4f}, {r['lon']:.4f}" + (f" {t('geocoded', lang)}" if r["geocoded"] else "")
    if r.get("precision"):
        code = f" ({r.get('precision_code')})" if r.get("precision_code") else ""
        where += f" · {t('precision_short', lang)}: {_word('level_', r.get('precision'), lang)}{code}"
    return where


def imported_cell_details(frame: gpd.GeoDataFrame, mask: np.ndarray, fid: str, title: str,
                          lang: str) -> Details | None:
    """Details of one hexagon of an aggregated dataset: counts, casualties, years, deadliest rows."""
    cell = hexbins.parse_hex_id(fid)
    if cell is None:
        return None
    zoom, q, r = cell
    inside = mask & hexbins.in_cell(frame["lat"].to_numpy(), frame["lon"].to_numpy(), zoom, q, r)
    rows = frame[inside]
    if rows.empty:
        return None
    killed = rows["killed"].fillna(0)
    facts = [(t("events_in_cell", lang), f"{len(rows):,}"), (t("killed", lang), _sum_text(rows["killed"], lang)),
             (t("injured", lang), _sum_text(rows["injured"], lang)),
             (t("years_label", lang), f"{rows['year'].min()}–{rows['year'].max()}")]
    deadly = rows.assign(cell_killed=killed).sort_values(["cell_killed", "date"], ascending=[False, True]).head(5)
    lines = [f"{r.date} · {r.place or r.admin1} · {t('killed', lang)} {_num(r.killed, lang)}"
             for r in deadly.itertuples() if r.cell_killed > 0]
    body = (t("deadliest_here", lang) + ": " + "; ".join(lines)) if lines else ""
    return Details(f"{title}: {plural('n_events', len(rows), lang, n=f'{len(rows):,}')}", facts, body, [], [])


def imported_spot_details(frame: gpd.GeoDataFrame, mask: np.ndarray, fid: str, title: str,
                          lang: str) -> Details | None:
    """The imported rows at one point (a mark with their count): each with date, type, place and dead."""
    from dashboard.map.features import spot_key

    shown = frame[mask]
    keys = np.array([spot_key(lat, lon) for lat, lon in zip(shown["lat"].tolist(), shown["lon"].tolist(),
                                                                strict=True)])
    rows = shown[keys == fid].sort_values(["date", "id"]) if len(shown) else shown
    if rows.empty:
        return None
    facts = [(str(r.date), f"{type_name(str(r.type), lang)} · {r.place or r.admin1} · {t('killed', lang)} "
              f"{_num(r.killed, lang)} · {r.id}") for r in rows.itertuples()]
    return Details(f"{title}: {plural('n_events', len(rows), lang, n=f'{len(rows):,}')}", facts, "", [], [])
