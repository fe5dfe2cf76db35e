"""One legend for every form of a view: computed once as data, then rendered.

:func:`legend_entries` lists what the view draws (layers, hexagon classes, chapter
highlights, imported datasets), in the interface language. :func:`legend_html` renders
the entries for the page and the standalone HTML; the PNG draws the same entries with
matplotlib (``dashboard.share.png``). So the page, the HTML and the PNG cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.atlas import filters, holdings
from dashboard.atlas.data import Atlas
from dashboard.atlas.narrative import Chapter
from dashboard.i18n import plural, t
from dashboard.map import hexbins, symbology, territories
from dashboard.map.features import IMPORTED_OUTLINE, Binned
from dashboard.model import Selection
from dashboard.text import safe
from dashboard.vocab import FLOW_EVIDENCE, FLOW_KINDS, PLACE_PRECISIONS, TYPE_GROUPS

KINDS = ("heading", "note", "fill", "stripes", "circle", "line", "ramp", "row")
STRIPE_COLOURS = ("#0072B2", "#D55E00")  # the legend's example of a shared or contested state
# The legend is set in near-black on white (the page, the HTML's white box, the PNG's margin): its texts
# need 4.5:1 there, its symbols 3:1 (WCAG 1.4.3, 1.4.11; tests/map/test_map_contrast.py).
LEGEND_INK, LEGEND_BACKGROUND = "#1a1a1a", "#FFFFFF"


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a symbol and its plain-text label (renderers escape it).

    ``kind`` is one of :data:`KINDS`: ``heading`` and ``note`` are text only; ``fill`` a
    square swatch; ``stripes`` a square of diagonal ``colours``; ``circle`` a round marker
    (``colour`` "none" for a ring); ``line`` a line of width ``size`` and Leaflet ``dash``;
    ``ramp`` a row of colour classes, ``steps`` = (colour, label) pairs; ``row`` one line of symbols of
    one kind (``parts``, entries of the other kinds) after its ``label`` (map.key). ``edge``: a second,
    outer outline (a highlight ring's dark edge, so the amber ring reaches 3:1 on a light ground).
    """

    kind: str
    label: str
    colour: str = ""
    border: str = "#000000"
    dash: str | None = None
    size: float = 12
    opacity: float = 1.0
    colours: tuple[str, ...] = ()
    steps: tuple[tuple[str, str], ...] = ()
    edge: str = ""
    parts: tuple[LegendEntry, ...] = ()

    @property
    def texts(self) -> list[str]:
        """Every text the entry shows, in reading order."""
        return [x for x in (self.label, *(label for _, label in self.steps), *(p.label for p in self.parts)) if x]


def ramp_steps() -> tuple[tuple[str, str], ...]:
    """The hexagon count classes as (colour, "1–4", …, "1000+")."""
    bounds = [*hexbins.COUNT_BREAKS[1:], None]
    return tuple(
        (colour, f"{low}+" if high is None else (str(low) if high - 1 == low else f"{low}–{high - 1}"))
        for low, high, colour in zip(hexbins.COUNT_BREAKS, bounds, hexbins.COUNT_COLOURS, strict=True))


def _binned_entries(binned: Iterable[Binned], lang: str) -> list[LegendEntry]:
    binned = list(binned)
    if not binned:
        return []
    out = [LegendEntry("heading", plural("binned_legend", b.events, lang, title=b.title, n=f"{b.events:,}"))
           for b in binned]
    return [*out, LegendEntry("ramp", "", border=IMPORTED_OUTLINE, steps=ramp_steps())]


def _territory_entries(atlas: Atlas, sel: Selection, lang: str) -> list[LegendEntry]:
    """The territories' entries for the reading the view shows: only what is drawn."""
    reading = filters.territory_reading(atlas, sel)
    if reading.year is None:
        return [LegendEntry("heading", t("territory_none", lang))]
    if reading.mode == "cartel":
        return _cartel_entries(atlas, reading, lang)
    if reading.mode == "change":
        return _change_entries(atlas, reading, lang)
    out = [LegendEntry("heading", t("territory_overview", lang, year=reading.year))]
    if sel.compare is not None:
        out.append(LegendEntry("note", t("change_needs_cartel", lang)))
    kinds = {s.kind for s in reading.standings}
    if "held" in kinds:
        out.append(LegendEntry("note", t("holder_colour", lang)))
    drawn = sorted({c for s in reading.standings for c in s.cartels if s.kind != "present"},
                   key=lambda c: atlas.cartel_name(c, lang))
    out += [LegendEntry("fill", atlas.cartel_name(c, lang), atlas.cartel_color(c), opacity=territories.HELD_OPACITY)
            for c in drawn]
    example = _example_bands(reading, atlas)
    if "shared" in kinds:
        out.append(LegendEntry("stripes", t("legend_shared", lang), border=BAND_EDGE, colours=example))
    if "contested" in kinds:
        out.append(LegendEntry("stripes", t("legend_contested", lang), border=CONTESTED_EDGE, dash="6 4",
                               colours=(example[0], "#FFFFFF")))
    if "present" in kinds:
        out.append(LegendEntry("fill", t("legend_present_only", lang), territories.PRESENT_ONLY, opacity=0.35))
    return out


CONTESTED_EDGE = territories.CONTESTED_OUTLINE["color"]
BAND_EDGE = "#555555"  # the grey edge the map draws round a banded state (territories.territory_style)


def _example_bands(reading: holdings.Reading, atlas: Atlas) -> tuple[str, ...]:
    """Two colours for the legend's band swatches: the first shared state's, else a neutral pair."""
    for s in reading.standings:
        if s.kind in ("shared", "contested") and len(s.cartels) > 1:
            return tuple(atlas.cartel_color(c) for c in s.cartels[:2])
    return STRIPE_COLOURS


def _cartel_entries(atlas: Atlas, reading: holdings.Reading, lang: str) -> list[LegendEntry]:
    name, colour = atlas.cartel_name(reading.cartel or "", lang), atlas.cartel_color(reading.cartel or "")
    drawn = {s.kind for s in reading.standings}
    out = [LegendEntry("heading", t("territory_cartel", lang, name=name, year=reading.year))]
    out += [LegendEntry("fill", t(status, lang), colour, opacity=territories.CARTEL_OPACITY[status])
            for status in ("dominant", "significant", "present") if status in drawn]
    if "contested" in drawn:
        out.append(LegendEntry("stripes", t("contested", lang), border=CONTESTED_EDGE, dash="6 4",
                               colours=(colour, "#FFFFFF")))
    return out


def _change_entries(atlas: Atlas, reading: holdings.Reading, lang: str) -> list[LegendEntry]:
    name = atlas.cartel_name(reading.cartel or "", lang)
    drawn = {s.kind for s in reading.standings}
    out = [LegendEntry("heading", t("territory_change", lang, name=name, a=reading.compare, b=reading.year))]
    for kind in holdings.CHANGE_KINDS:
        if kind not in drawn:
            continue
        label, colour = t("change_" + kind.replace("-", "_"), lang), territories.CHANGE_COLOUR[kind]
        look = territories.change_look(kind)
        out.append(LegendEntry("stripes", label, border=CONTESTED_EDGE, dash="6 4", colours=(colour, "#FFFFFF"))
                   if look.contested else LegendEntry("fill", label, colour, opacity=look.opacity))
    return out


def _event_entries(lang: str) -> list[LegendEntry]:
    out = [LegendEntry("circle", t(g, lang), symbology.GROUP_COLOR[g]) for g in TYPE_GROUPS]
    note = "; ".join(t(k, lang) for k in ("size_casualties", "disputed_outline", "confidence"))
    return [*out, LegendEntry("note", note)]


def _flow_entries(lang: str) -> list[LegendEntry]:
    out = [LegendEntry("line", f"{t(k, lang)} ➜", symbology.FLOW_COLOR[k], size=3) for k in FLOW_KINDS]
    out += [LegendEntry("line", t(k, lang), "#555555", dash=symbology.FLOW_DASH[k], size=2) for k in FLOW_EVIDENCE]
    return [*out, LegendEntry("note", t("width_volume", lang))]


def imported_label(item: str | tuple[str, int, str], lang: str) -> str:
    """An imported dataset's legend line: its title, and where known how many events the view shows and its source.

    ``item`` is a title, or (title, events shown, source) — the source with its licence, or "" when none was given.
    """
    if isinstance(item, str):
        return f"{item} ({t('imported', lang)})"
    title, events, source = item
    return (f"{title} ({t('imported', lang)}) · {plural('n_events', events, lang, n=f'{events:,}')} · "
            f"{t('source', lang)}: {source or t('no_source_given', lang)}")


def legend_entries(atlas: Atlas, selection: Selection, lang: str, binned: Iterable[Binned] = (),
                   chapter: Chapter | None = None, imported: Iterable[str | tuple[str, int, str]] = (),
                   layers: bool = True) -> list[LegendEntry]:
    """What the view draws, as legend entries: hexagon counts, imported datasets, then each layer.

    ``binned`` are the layers drawn as hexagons, ``imported`` the titles of the imported
    datasets shown; the chapter's highlights are listed only when a chapter is open. Without
    ``layers``, only the hexagons and imported datasets (the page adds the key of its frame: map.key).
    """
    out = _binned_entries(binned, lang)
    imported = list(imported)
    out += [LegendEntry("circle", imported_label(item, lang), "none", IMPORTED_OUTLINE) for item in imported]
    if imported:
        out.append(LegendEntry("circle", t("legend_coarse", lang), "none", IMPORTED_OUTLINE, dash="2 4"))
    if not layers:
        return out
    layers = selection.layers
    if "territories" in layers:
        out += _territory_entries(atlas, selection, lang)
    if "events" in layers:
        out += _event_entries(lang)
    if "flows" in layers:
        out += _flow_entries(lang)
    if "places" in layers:
        out += [LegendEntry("circle", t(p, lang), symbology.PRECISION_FILL[p], dash="2 2" if p == "proxy" else None,
                            size=9) for p in PLACE_PRECISIONS]
    if "crossings" in layers:
        out.append(LegendEntry("circle", t("crossings", lang), symbology.CROSSING_COLOR))
    if chapter is not None:
        ring, place = symbology.KEY_EVENT_RING, symbology.CONTEXT_PLACE_RING
        if chapter.events:
            out.append(LegendEntry("circle", t("highlight_events", lang), "none", ring["color"], size=14,
                                   edge=symbology.HIGHLIGHT_EDGE))
        if chapter.places:
            out.append(LegendEntry("circle", t("highlight_places", lang), "none", place["color"], size=9,
                                   edge=symbology.HIGHLIGHT_EDGE))
    return out


# --- HTML (the page and the standalone HTML) ------------------------------------------------

def _rgba(colour: str, opacity: float) -> str:
    if opacity >= 1 or not colour.startswith("#") or len(colour) != 7:
        return colour
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{opacity:g})"


def _swatch(fill: str, border: str, radius: str, size: float, dash: bool = False, edge: str = "") -> str:
    ring = f"box-shadow:0 0 0 1px {safe(edge)};" if edge else ""
    style = (f"display:inline-block;width:{size:g}px;height:{size:g}px;background:{safe(fill)};border:1.5px "
             f"{'dashed' if dash else 'solid'} {safe(border)};border-radius:{radius};vertical-align:middle;"
             f"{ring}margin-right:6px")
    return f'<span style="{style}"></span>'


def _symbol_html(e: LegendEntry) -> str:
    if e.kind == "fill":
        return _swatch(_rgba(e.colour, e.opacity), e.border, "2px", e.size)
    if e.kind == "circle":
        return _swatch(e.colour, e.border, "50%", e.size, dash=bool(e.dash), edge=e.edge)
    if e.kind == "line":
        style = (f"display:inline-block;width:34px;border-top:{e.size:g}px {'dashed' if e.dash else 'solid'} "
                 f"{safe(e.colour)};vertical-align:middle;margin-right:6px")
        return f'<span style="{style}"></span>'
    if e.kind == "stripes":
        bands = ",".join(f"{safe(c)} {3 * i}px {3 * (i + 1)}px" for i, c in enumerate(e.colours))
        # Always edged: two light cartel colours alone can fall under 3:1 on the legend's white.
        edge = f"border:1.5px {'dashed' if e.dash else 'solid'} {safe(e.border)};"
        return ("<span style='display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:6px;"
                f"{edge}background:repeating-linear-gradient(45deg,{bands})'></span>")
    return ""


def entry_html(e: LegendEntry) -> str:
    """One entry as a ``<div>`` built from escaped pieces only."""
    if e.kind == "heading":
        return f"<div class='atlas-legend-item'><i>{safe(e.label)}</i></div>"
    if e.kind == "row":
        parts = "".join(f"<span class='atlas-key-part'>{_symbol_html(p)}{safe(p.label)}</span> " for p in e.parts)
        return f"<div class='atlas-legend-item atlas-key-row'><b>{safe(e.label)}</b> {parts}</div>"
    if e.kind == "ramp":
        steps = "".join(f"<span style='white-space:nowrap'>{_swatch(c, e.border, '2px', e.size)}{safe(s)}</span> "
                        for c, s in e.steps)
        return f"<div class='atlas-legend-item'>{safe(e.label)}{steps}</div>"
    return f"<div class='atlas-legend-item'>{_symbol_html(e)}{safe(e.label)}</div>"


def legend_html(entries: Iterable[LegendEntry], lang: str = "en") -> str:
    """The legend as HTML (class ``atlas-legend``) for the page and the standalone HTML."""
    body = "".join(entry_html(e) for e in entries)
    return (f"<div class='atlas-legend' style='font-size:13px;line-height:1.6;color:{LEGEND_INK}'>"
            f"<b>{safe(t('legend', lang))}</b>"
            f"{body}</div>")


def view_legend_html(atlas: Atlas, selection: Selection, lang: str, binned: Iterable[Binned] = (),
                     chapter: Chapter | None = None, imported: Iterable[str | tuple[str, int, str]] = ()) -> str:
    """:func:`legend_entries` of a view rendered by :func:`legend_html` (what the page shows)."""
    return legend_html(legend_entries(atlas, selection, lang, binned, chapter, imported), lang)
