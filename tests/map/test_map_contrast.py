"""Every text at least 4.5:1 against what it is read on, every symbol at least 3:1 (WCAG 2 AA, issue 20).

Texts: the legend's, the page's own text colours (captions, the theme's red), the map's labels on
their halo. Symbols (WCAG 1.4.11): each legend swatch on the legend's white, each map symbol on every
colour of the offline base map. A light fill passes by its outline: a symbol is seen where either
its fill or its outline stands out, as drawn (with its opacity).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from dashboard.config import SNAPSHOT_YEARS
from dashboard.map import hexbins, symbology
from dashboard.map.colour_vision import contrast_ratio, over
from dashboard.map.features import IMPORTED_OUTLINE, Binned
from dashboard.map.labels import LABEL_HALO, LABEL_INK
from dashboard.map.legend import LEGEND_BACKGROUND, LEGEND_INK, LegendEntry, legend_entries
from dashboard.model import Selection
from dashboard.vocab import FLOW_EVIDENCE, FLOW_KINDS, PLACE_PRECISIONS, TYPE_GROUP

ROOT = Path(__file__).resolve().parents[2]
TEXT, SYMBOL = 4.5, 3.0
SIDEBAR = "#F8F8F7"  # Streamlit's light sidebar, where captions are read too


def test_the_contrast_ratio_is_wcags() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#fff", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey on white
    assert contrast_ratio("#FFFFFF", "#767676") == contrast_ratio("#767676", "#FFFFFF")
    assert contrast_ratio("#9d9d9b", "#FFFFFF") == pytest.approx(2.71, abs=0.01)  # a faded caption axe reported
    assert over("#000000", 0.5, "#FFFFFF") == "#808080"


# --- texts ------------------------------------------------------------------------------------

def page_css() -> str:
    from dashboard.ui.map_view import MAP_ROOM_CSS

    return MAP_ROOM_CSS


def test_the_pages_own_text_colours_read_on_white_and_on_the_sidebar() -> None:
    colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", page_css())
    assert "#5c5b59" in colours  # the captions' grey
    for colour in colours:
        for ground in ("#FFFFFF", SIDEBAR):
            assert contrast_ratio(colour, ground) >= TEXT, (colour, ground)
    assert re.search(r"stCaptionContainer\"\]\s*\{[^}]*opacity:\s*1\b", page_css()), "captions faded by opacity"


def test_the_themes_red_reads_as_text_on_white_and_on_its_own_tint() -> None:
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    red = theme["primaryColor"]
    # Streamlit marks a chosen pill or option with the red on a 10 % tint of itself.
    for ground in ("#FFFFFF", SIDEBAR, over(red, 0.1, "#FFFFFF")):
        assert contrast_ratio(red, ground) >= TEXT, (red, ground)


@pytest.mark.parametrize("kind", sorted(LABEL_INK))
def test_map_labels_read_on_their_halo(kind: str) -> None:
    assert contrast_ratio(LABEL_INK[kind], LABEL_HALO[kind]) >= TEXT


def test_the_legend_text_reads_on_the_legend() -> None:
    assert contrast_ratio(LEGEND_INK, LEGEND_BACKGROUND) >= TEXT


# --- symbols ----------------------------------------------------------------------------------

def legend_views(atlas) -> list[list[LegendEntry]]:
    """The legends of the views a reader meets: overview every year, one cartel, its change, a chapter, imports."""
    views = [legend_entries(atlas, Selection(year_from=y, year_to=y), "en") for y in SNAPSHOT_YEARS]
    views += [legend_entries(atlas, Selection(cartels=(c,), year_from=2025), "en") for c in atlas.cartels["id"]]
    views += [legend_entries(atlas, Selection(cartels=(c,), year_from=2025, compare=2019), "en")
              for c in atlas.cartels["id"]]
    chapter = atlas.chapters[0]
    binned = [Binned("imported:x", "X", 500, 40, 4)]
    views.append(legend_entries(atlas, Selection(), "en", binned, chapter, [("X", 3, "")]))
    return views


def swatch_contrast(e: LegendEntry, ground: str) -> float:
    """How far the swatch stands out from ``ground``: by its fill (as drawn, with opacity), its edge or its outline."""
    fills = {"fill": lambda: [over(e.colour, e.opacity, ground)], "circle": lambda: [e.colour] * (e.colour != "none"),
             "line": lambda: [e.colour], "stripes": lambda: list(e.colours)}[e.kind]()
    edges = [] if e.kind == "line" else [e.border, *([e.edge] if e.edge else [])]
    if e.kind == "stripes":  # the bands together stand out only as well as their edge or the weaker band
        return max([contrast_ratio(b, ground) for b in edges] + [min(contrast_ratio(f, ground) for f in fills)])
    return max(contrast_ratio(c, ground) for c in fills + edges)


def test_every_legend_swatch_stands_out_from_the_legend(atlas) -> None:
    seen = set()
    for entries in legend_views(atlas):
        for e in entries:
            if e.kind in ("heading", "note"):
                continue
            if e.kind == "ramp":
                assert all(contrast_ratio(e.border, LEGEND_BACKGROUND) >= SYMBOL for _ in e.steps), e
                continue
            seen.add(e.kind)
            assert swatch_contrast(e, LEGEND_BACKGROUND) >= SYMBOL, (e.kind, e.label, round(
                swatch_contrast(e, LEGEND_BACKGROUND), 2))
    assert seen == {"fill", "circle", "line", "stripes"}


def map_symbols() -> list[tuple[str, dict]]:
    """Every point and line style the map draws, with its confidence levels."""
    out = [(f"event {group} {c} {d}", symbology.event_style(t, 4, c, d))
           for t, group in TYPE_GROUP.items() for c in symbology.CONFIDENCE_OPACITY for d in (False, True)]
    out += [(f"spot {g}", symbology.spot_style([t], 3)) for t, g in TYPE_GROUP.items()]
    out += [(f"place {p}", symbology.place_style(p)) for p in PLACE_PRECISIONS]
    out += [("crossing", symbology.crossing_style())]
    out += [(f"flow {k} {e} {c}", symbology.flow_style(k, e, None, c))
            for k in FLOW_KINDS for e in FLOW_EVIDENCE for c in symbology.CONFIDENCE_OPACITY]
    out += [("key event ring", symbology.KEY_EVENT_RING), ("key event edge", symbology.KEY_EVENT_EDGE),
            ("context place ring", symbology.CONTEXT_PLACE_RING), ("context place edge", symbology.CONTEXT_PLACE_EDGE),
            ("route highlight", symbology.ROUTE_HIGHLIGHT), ("route highlight edge", symbology.ROUTE_HIGHLIGHT_EDGE),
            ("state highlight", symbology.STATE_HIGHLIGHT), ("state highlight edge", symbology.STATE_HIGHLIGHT_EDGE)]
    out += [(f"hexagon {c}", {"color": "#111111", "weight": 1, "opacity": 0.8, "fillColor": c, "fillOpacity": 0.75})
            for c in hexbins.COUNT_COLOURS]
    out += [(f"imported {t} {p}", {**symbology.event_style(t, 4, "M", False), "color": IMPORTED_OUTLINE,
                                   "opacity": 0.9, **symbology.COARSE_PLACE.get(p, {})})
            for t in TYPE_GROUP for p in ("exact", *symbology.COARSE_PLACE)]
    return out


def symbol_contrast(style: dict, ground: str) -> float:
    outline = over(style["color"], style.get("opacity", 1.0), ground)
    fill = over(style["fillColor"], style.get("fillOpacity", 0.2), ground) if "fillColor" in style else ground
    return max(contrast_ratio(outline, ground), contrast_ratio(fill, ground))


@pytest.mark.parametrize("ground", sorted(symbology.BASEMAP_COLOURS))
def test_every_map_symbol_stands_out_from_the_base_map(ground: str) -> None:
    colour = symbology.BASEMAP_COLOURS[ground]
    symbols = dict(map_symbols())
    # Amber highlights are seen by the dark edge drawn with each (an entry of its own, checked like any symbol).
    amber = {name for name, s in symbols.items() if s["color"] == symbology.HIGHLIGHT_COLOR}
    assert amber and all(f"{name.removesuffix(' ring')} edge" in symbols or f"{name} edge" in symbols for name in amber)
    weak = [(name, round(symbol_contrast(s, colour), 2)) for name, s in symbols.items()
            if name not in amber and symbol_contrast(s, colour) < SYMBOL]
    assert not weak, weak
