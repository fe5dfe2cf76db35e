"""What one view shows, computed without Streamlit: map layers, details, legend, text account."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard import filters
from dashboard.map import hexbins
from dashboard.map import features
from dashboard.map import symbology
from dashboard.data import Atlas, missing
from dashboard.i18n import t
from dashboard.model import Selection
from dashboard.narrative import Chapter, chapters_mentioning
from dashboard.text import safe


def map_collections(atlas: Atlas, sel: Selection, lang: str, chapter: Chapter | None, zoom: int = 4) -> dict[str, dict]:
    """GeoJSON feature collections per visible layer (plus chapter highlights).

    ``zoom`` sizes the symbols drawn as geometry (arrowheads, stripes) for the view.
    """
    out: dict[str, dict] = {}
    if "territories" in sel.layers:
        out["territories"] = features.territory_features(filters.territories_for(atlas, sel), atlas, lang, zoom)
    if "flows" in sel.layers:
        out["flows"] = features.flow_features(filters.flows_for(atlas, sel), atlas, lang, zoom)
    # A chapter's own places show even when no selected event or flow touches them.
    extra = atlas.places[atlas.places["id"].isin(chapter.places)] if chapter is not None else atlas.places.iloc[0:0]
    if "crossings" in sel.layers:
        frame = filters.crossings_for(atlas, sel)
        frame = pd.concat([frame, extra[(extra["kind"] == "crossing") & ~extra["id"].isin(frame["id"])]])
        out["crossings"] = features.crossing_features(frame, lang)
    if "places" in sel.layers:
        frame = filters.places_for(atlas, sel)
        frame = pd.concat([frame, extra[(extra["kind"] != "crossing") & ~extra["id"].isin(frame["id"])]])
        out["places"] = features.place_features(frame, lang)
    if "events" in sel.layers:
        out["events"] = features.event_layer(filters.events_for(atlas, sel), atlas, lang, zoom)[0]
    if chapter is not None:
        out["highlights"] = features.highlight_features(atlas, chapter.events, chapter.places, chapter.routes,
                                                      chapter.states)
    return out


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
    return t("unknown", lang) if missing(value) else str(value)


def _cartels_text(atlas: Atlas, ids: tuple[str, ...]) -> str:
    names = atlas.cartel_field("name")
    return ", ".join(names.get(i, i) for i in ids) or "—"


def details_for(atlas: Atlas, layer: str, fid: str, lang: str) -> Details | None:
    """Details of one feature by layer and id, or None if it does not exist."""
    builder = {"events": _event_details, "places": _place_details, "crossings": _place_details,
               "flows": _flow_details, "territories": _territory_details}.get(layer)
    return builder(atlas, fid, lang) if builder else None


def _event_details(atlas: Atlas, fid: str, lang: str) -> Details | None:
    rows = atlas.events[atlas.events["id"] == fid]
    if rows.empty:
        return None
    e = rows.iloc[0]
    killed = _num(e["killed"], lang)
    if not missing(e["killed_max"]):
        killed += f"–{e['killed_max']} ({t('disputed', lang)})"
    place = atlas.places.set_index("id").loc[e["place_id"], "name"]
    facts = [(t("date", lang), e["date"]), (t("type", lang), e["type"]), (t("places", lang), place),
             (t("killed", lang), killed), (t("injured", lang), _num(e["injured"], lang)),
             (t("cartels", lang), _cartels_text(atlas, e["cartels"])),
             (t("confidence_label", lang), e["confidence"])]
    if e["disputed"] and e.get("dispute_note"):
        facts.append((t("disputed", lang), e["dispute_note"]))
    return Details(e[f"title_{lang}"], facts, e[f"summary_{lang}"], _source_lines(atlas, e["sources"]),
                   chapters_mentioning(atlas.chapters, "events", fid))


def _place_details(atlas: Atlas, fid: str, lang: str) -> Details | None:
    rows = atlas.places[atlas.places["id"] == fid]
    if rows.empty:
        return None
    p = rows.iloc[0]
    facts = [(t("state", lang), f"{p['admin1']}, {p['country']}".strip(", ")),
             (t("precision", lang), t(p["precision"], lang)), ("lat, lon", f"{p['lat']:.4f}, {p['lon']:.4f}"),
             (t("confidence_label", lang), p["confidence"])]
    events = atlas.events[atlas.events["place_id"] == fid]
    if not events.empty:
        facts.append((t("events", lang), "; ".join(f"{r.date} {getattr(r, 'title_' + lang)}"
                                                    for r in events.itertuples())))
    return Details(p["name"], facts, p[f"description_{lang}"], _source_lines(atlas, p["sources"]),
                   chapters_mentioning(atlas.chapters, "places", fid))


def _flow_details(atlas: Atlas, fid: str, lang: str) -> Details | None:
    rows = atlas.flows[atlas.flows["id"] == fid]
    if rows.empty:
        return None
    f = rows.iloc[0]
    names = atlas.places.set_index("id")["name"]
    volume = "—" if missing(f["volume"]) else f"{f['volume']:,.0f} {f['volume_unit']}"
    facts = [("→", f"{names[f['from_place']]} → {names[f['to_place']]}"), (t("kind", lang), t(f["kind"], lang)),
             (t("evidence", lang), t(f["evidence"], lang)), (t("volume", lang), volume),
             (t("years", lang), f"{f['year_from']}–{f['year_to']}"),
             (t("cartels", lang), _cartels_text(atlas, f["cartels"])), (t("confidence_label", lang), f["confidence"])]
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
    names = dict(zip(atlas.cartels["id"], atlas.cartels["name"], strict=True))
    facts = [(names.get(r.cartel, r.cartel), f"{t(r.status, lang)} · {t('confidence_label', lang)} {r.confidence}"
              + (f" · {r.note}" if getattr(r, "note", "") else "")) for r in rows.itertuples()]
    sources = tuple(dict.fromkeys(s for r in rows.itertuples() for s in r.sources))
    return Details(f"{state} · {year_text}", facts, "", _source_lines(atlas, sources),
                   chapters_mentioning(atlas.chapters, "territories", state))


def imported_details(frame: gpd.GeoDataFrame, fid: str, title: str, lang: str) -> Details | None:
    """Details of one row of an imported dataset (all text shown escaped by the UI)."""
    rows = frame[frame["id"] == fid]
    if rows.empty:
        return None
    r = rows.iloc[0]
    facts = [(t("date", lang), r["date"]), (t("type", lang), f"{r['type']} ({r['type_original']})".strip()),
             (t("places", lang), ", ".join(p for p in (r["place"], r["admin1"], r["country"]) if p)),
             (t("killed", lang), _num(r["killed"], lang)), (t("injured", lang), _num(r["injured"], lang)),
             (t("cartels", lang), ", ".join(r["cartels"]) or "—"), ("Actors", r["actors"] or "—"),
             ("lat, lon", f"{r['lat']:.4f}, {r['lon']:.4f}" + (" (geocoded)" if r["geocoded"] else ""))]
    return Details(f"{title}: {r['id']}", facts, r["notes"], [r["source"]] if r["source"] else [], [])


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
    facts = [(t("events_in_cell", lang), f"{len(rows):,}"), (t("killed", lang), f"{int(killed.sum()):,}"),
             (t("injured", lang), f"{int(rows['injured'].fillna(0).sum()):,}"),
             (t("years_label", lang), f"{rows['year'].min()}–{rows['year'].max()}")]
    deadly = rows.assign(cell_killed=killed).sort_values(["cell_killed", "date"], ascending=[False, True]).head(5)
    lines = [f"{r.date} · {r.place or r.admin1} · {t('killed', lang)} {_num(r.killed, lang)}"
             for r in deadly.itertuples() if r.cell_killed > 0]
    body = (t("deadliest_here", lang) + ": " + "; ".join(lines)) if lines else ""
    return Details(f"{title}: {t('n_events', lang, n=f'{len(rows):,}')}", facts, body, [], [])


def view_account(atlas: Atlas, sel: Selection, lang: str) -> tuple[str, list[str]]:
    """A short text account of the view (for screen readers) and its deadliest events."""
    ev = filters.events_for(atlas, sel) if "events" in sel.layers else filters.events_for(atlas, sel).iloc[0:0]
    year = filters.snapshot_year_for(sel)
    count = {k: (len(filters.layer_for(atlas, k, sel)) if k in sel.layers else 0)
             for k in ("places", "flows", "crossings", "territories")}
    cartels = _cartels_text(atlas, sel.cartels) if sel.cartels else t("all_cartels", lang)
    head = (f"{t('account_period', lang, a=sel.year_from, b=sel.year_to)}; {t('account_cartels', lang, c=cartels)}. "
            + t("account_counts", lang, e=len(ev), p=count["places"], t=count["territories"], y=year or "—",
                f=count["flows"], x=count["crossings"]))
    deadly = ev[ev["killed"].fillna(0) > 0].sort_values(["killed", "date"], ascending=[False, True]).head(5)
    lines = [f"{r.date}: {getattr(r, 'title_' + lang)} — {t('killed', lang)} {r.killed}"
             + ("" if missing(r.killed_max) else f"–{r.killed_max}")
             for r in deadly.itertuples()]
    return head, lines


def _swatch(fill: str, border: str = "#000", radius: str = "50%", size: int = 12, dash: bool = False) -> str:
    style = (f"display:inline-block;width:{size}px;height:{size}px;background:{fill};border:1.5px "
             f"{'dashed' if dash else 'solid'} {border};border-radius:{radius};vertical-align:middle;margin-right:6px")
    return f'<span style="{style}"></span>'


def _line(colour: str, dash: str | None, width: float = 3) -> str:
    style = f"display:inline-block;width:34px;border-top:{width}px {'dashed' if dash else 'solid'} {colour};" \
            "vertical-align:middle;margin-right:6px"
    return f'<span style="{style}"></span>'


def builtin_binned(atlas: Atlas, sel: Selection, lang: str, zoom: int) -> list[features.Binned]:
    """The curated events layer, when it is drawn as hexagons (see :func:`features.event_layer`)."""
    if "events" not in sel.layers:
        return []
    frame = filters.events_for(atlas, sel)
    if hexbins.drawn_as_points(len(frame)):
        return []
    return [features.Binned("events", t("events", lang), len(frame), 0, zoom)]


def binned_legend(binned: Iterable[features.Binned], lang: str) -> list[str]:
    """Legend lines for layers drawn as hexagons: what is counted, and the colour classes."""
    binned = list(binned)
    if not binned:
        return []
    parts = [f"<div><i>{safe(t('binned_legend', lang, title=b.title, n=f'{b.events:,}'))}</i></div>" for b in binned]
    bounds = [*hexbins.COUNT_BREAKS[1:], None]
    ramp = "".join(
        f"<span style='white-space:nowrap'>{_swatch(colour, '#6A3D9A', radius='2px')}"
        f"{low if high is None or high - 1 == low else f'{low}–{high - 1}'}{'+' if high is None else ''}</span> "
        for low, high, colour in zip(hexbins.COUNT_BREAKS, bounds, hexbins.COUNT_COLOURS, strict=True))
    return [*parts, f"<div>{ramp}</div>"]


def legend_html(atlas: Atlas, sel: Selection, lang: str, binned: Iterable[features.Binned] = ()) -> str:
    """The legend as HTML built only from escaped pieces (shown in the panel and the exports)."""
    parts = [f"<div class='atlas-legend' style='font-size:13px;line-height:1.6'><b>{safe(t('legend', lang))}</b>"]
    parts += binned_legend(binned, lang)
    if "territories" in sel.layers:
        year = filters.snapshot_year_for(sel)
        label = t("territory_year", lang, year=year) if year else t("territory_none", lang)
        shown = sorted(set(filters.territories_for(atlas, sel)["cartel"]))
        parts.append(f"<div><i>{safe(label)}</i></div>")
        for cid in shown:
            name = atlas.cartels.set_index("id").loc[cid, "name"]
            parts.append(f"<div>{_swatch(atlas.cartel_color(cid), radius='2px')}{safe(name)}</div>")
        swatches = "".join(
            f"{_swatch(f'rgba(60,60,60,{symbology.STATUS_OPACITY[s]})', '#555', radius='2px')}{safe(t(s, lang))} "
            for s in ("dominant", "present"))
        stripe = ("<span style='display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:6px;"
                  "background:repeating-linear-gradient(45deg,#0072B2 0 3px,#D55E00 3px 6px)'></span>")
        parts.append(f"<div>{swatches}</div><div>{stripe}{safe(t('shared', lang))}</div>")
    if "events" in sel.layers:
        for group in ("violence", "enforcement", "politics"):
            parts.append(f"<div>{_swatch(symbology.GROUP_COLOR[group])}{safe(t(group, lang))}</div>")
        parts.append(f"<div>{safe(t('size_casualties', lang))}; {safe(t('disputed_outline', lang))}; "
                     f"{safe(t('confidence', lang))}</div>")
    if "flows" in sel.layers:
        for kind, colour in symbology.FLOW_COLOR.items():
            parts.append(f"<div>{_line(colour, None)}{safe(t(kind, lang))} ➜</div>")
        for ev_kind, dash in symbology.FLOW_DASH.items():
            parts.append(f"<div>{_line('#555', dash, 2)}{safe(t(ev_kind, lang))}</div>")
        parts.append(f"<div>{safe(t('width_volume', lang))}</div>")
    if "places" in sel.layers:
        for precision, fill in symbology.PRECISION_FILL.items():
            parts.append(f"<div>{_swatch(fill, dash=precision == 'proxy', size=9)}{safe(t(precision, lang))}</div>")
    if "crossings" in sel.layers:
        parts.append(f"<div>{_swatch(symbology.CROSSING_COLOR, size=12)}{safe(t('crossings', lang))}</div>")
    parts.append(f"<div>{_swatch('none', symbology.HIGHLIGHT_COLOR)}{safe(t('highlights', lang))}</div></div>")
    return "".join(parts)
