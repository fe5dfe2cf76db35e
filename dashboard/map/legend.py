"""One legend for every form of a view: computed once as data, then rendered.

:func:`legend_entries` lists what the view draws (layers, hexagon classes, chapter
highlights, imported datasets), in the interface language. :func:`legend_html` renders
the entries for the page and the standalone HTML; the PNG draws the same entries with
matplotlib (``dashboard.share.png``). So the page, the HTML and the PNG cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dashboard import filters
from dashboard.data import Atlas
from dashboard.i18n import t
from dashboard.map import hexbins, symbology
from dashboard.map.features import IMPORTED_OUTLINE, Binned
from dashboard.model import Selection
from dashboard.narrative import Chapter
from dashboard.text import safe
from dashboard.vocab import FLOW_EVIDENCE, FLOW_KINDS, PLACE_PRECISIONS, TERRITORY_STATUSES, TYPE_GROUPS

KINDS = ("heading", "note", "fill", "stripes", "circle", "line", "ramp")
STRIPE_COLOURS = ("#0072B2", "#D55E00")  # the legend's example of a shared or contested state
STATUS_GREY = "#3C3C3C"
USUAL_STATUSES = ("dominant", "present")


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a symbol and its plain-text label (renderers escape it).

    ``kind`` is one of :data:`KINDS`: ``heading`` and ``note`` are text only; ``fill`` a
    square swatch; ``stripes`` a square of diagonal ``colours``; ``circle`` a round marker
    (``colour`` "none" for a ring); ``line`` a line of width ``size`` and Leaflet ``dash``;
    ``ramp`` a row of colour classes, ``steps`` = (colour, label) pairs.
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

    @property
    def texts(self) -> list[str]:
        """Every text the entry shows, in reading order."""
        return [x for x in (self.label, *(label for _, label in self.steps)) if x]


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
    out = [LegendEntry("heading", t("binned_legend", lang, title=b.title, n=f"{b.events:,}")) for b in binned]
    return [*out, LegendEntry("ramp", "", border=IMPORTED_OUTLINE, steps=ramp_steps())]


def _territory_entries(atlas: Atlas, sel: Selection, lang: str) -> list[LegendEntry]:
    year = filters.snapshot_year_for(sel)
    out = [LegendEntry("heading", t("territory_year", lang, year=year) if year else t("territory_none", lang))]
    frame = filters.territories_for(atlas, sel)
    out += [LegendEntry("fill", atlas.cartel_name(cid, lang), atlas.cartel_color(cid))
            for cid in sorted(set(frame["cartel"]))]
    # Contested states are striped (below); other statuses are shades: the usual two, and any other drawn.
    drawn = set(frame["status"])
    statuses = [s for s in TERRITORY_STATUSES if s != "contested" and (s in USUAL_STATUSES or s in drawn)]
    out += [LegendEntry("fill", t(s, lang), STATUS_GREY, "#555555", opacity=symbology.STATUS_OPACITY[s])
            for s in statuses]
    return [*out, LegendEntry("stripes", t("shared", lang), colours=STRIPE_COLOURS)]


def _event_entries(lang: str) -> list[LegendEntry]:
    out = [LegendEntry("circle", t(g, lang), symbology.GROUP_COLOR[g]) for g in TYPE_GROUPS]
    note = "; ".join(t(k, lang) for k in ("size_casualties", "disputed_outline", "confidence"))
    return [*out, LegendEntry("note", note)]


def _flow_entries(lang: str) -> list[LegendEntry]:
    out = [LegendEntry("line", f"{t(k, lang)} ➜", symbology.FLOW_COLOR[k], size=3) for k in FLOW_KINDS]
    out += [LegendEntry("line", t(k, lang), "#555555", dash=symbology.FLOW_DASH[k], size=2) for k in FLOW_EVIDENCE]
    return [*out, LegendEntry("note", t("width_volume", lang))]


def legend_entries(atlas: Atlas, selection: Selection, lang: str, binned: Iterable[Binned] = (),
                   chapter: Chapter | None = None, imported: Iterable[str] = ()) -> list[LegendEntry]:
    """What the view draws, as legend entries: hexagon counts, imported datasets, then each layer.

    ``binned`` are the layers drawn as hexagons, ``imported`` the titles of the imported
    datasets shown; the chapter's highlights are listed only when a chapter is open.
    """
    layers = selection.layers
    out = _binned_entries(binned, lang)
    out += [LegendEntry("circle", f"{title} ({t('imported', lang)})", "none", IMPORTED_OUTLINE) for title in imported]
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
        out.append(LegendEntry("circle", t("highlights", lang), "none", symbology.HIGHLIGHT_COLOR))
    return out


# --- HTML (the page and the standalone HTML) ------------------------------------------------

def _rgba(colour: str, opacity: float) -> str:
    if opacity >= 1 or not colour.startswith("#") or len(colour) != 7:
        return colour
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{opacity:g})"


def _swatch(fill: str, border: str, radius: str, size: float, dash: bool = False) -> str:
    style = (f"display:inline-block;width:{size:g}px;height:{size:g}px;background:{safe(fill)};border:1.5px "
             f"{'dashed' if dash else 'solid'} {safe(border)};border-radius:{radius};vertical-align:middle;"
             "margin-right:6px")
    return f'<span style="{style}"></span>'


def _symbol_html(e: LegendEntry) -> str:
    if e.kind == "fill":
        return _swatch(_rgba(e.colour, e.opacity), e.border, "2px", e.size)
    if e.kind == "circle":
        return _swatch(e.colour, e.border, "50%", e.size, dash=bool(e.dash))
    if e.kind == "line":
        style = (f"display:inline-block;width:34px;border-top:{e.size:g}px {'dashed' if e.dash else 'solid'} "
                 f"{safe(e.colour)};vertical-align:middle;margin-right:6px")
        return f'<span style="{style}"></span>'
    if e.kind == "stripes":
        bands = ",".join(f"{safe(c)} {3 * i}px {3 * (i + 1)}px" for i, c in enumerate(e.colours))
        return ("<span style='display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:6px;"
                f"background:repeating-linear-gradient(45deg,{bands})'></span>")
    return ""


def entry_html(e: LegendEntry) -> str:
    """One entry as a ``<div>`` built from escaped pieces only."""
    if e.kind == "heading":
        return f"<div class='atlas-legend-item'><i>{safe(e.label)}</i></div>"
    if e.kind == "ramp":
        steps = "".join(f"<span style='white-space:nowrap'>{_swatch(c, e.border, '2px', e.size)}{safe(s)}</span> "
                        for c, s in e.steps)
        return f"<div class='atlas-legend-item'>{safe(e.label)}{steps}</div>"
    return f"<div class='atlas-legend-item'>{_symbol_html(e)}{safe(e.label)}</div>"


def legend_html(entries: Iterable[LegendEntry], lang: str = "en") -> str:
    """The legend as HTML (class ``atlas-legend``) for the page and the standalone HTML."""
    body = "".join(entry_html(e) for e in entries)
    return (f"<div class='atlas-legend' style='font-size:13px;line-height:1.6'><b>{safe(t('legend', lang))}</b>"
            f"{body}</div>")


def view_legend_html(atlas: Atlas, selection: Selection, lang: str, binned: Iterable[Binned] = (),
                     chapter: Chapter | None = None, imported: Iterable[str] = ()) -> str:
    """:func:`legend_entries` of a view rendered by :func:`legend_html` (what the page shows)."""
    return legend_html(legend_entries(atlas, selection, lang, binned, chapter, imported), lang)
