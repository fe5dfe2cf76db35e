"""The one legend model: entries of what the view draws, rendered as escaped HTML."""

from __future__ import annotations

from dashboard.map import features, hexbins
from dashboard.map.legend import LegendEntry, legend_entries, legend_html, ramp_steps, view_legend_html
from dashboard.model import Selection


def labels(entries: list[LegendEntry]) -> list[str]:
    return [e.label for e in entries]


def test_legend_says_the_view_is_aggregated_and_escapes_the_title(tiny_atlas) -> None:
    binned = features.Binned("imported:x", "<img src=x onerror=alert(1)>", 123_456, 80, 4)
    html = view_legend_html(tiny_atlas, Selection(), "en", [binned])
    assert "123,456 events in and around the view, counted in hexagons" in html
    assert "<img" not in html and "&lt;img" in html
    assert all(colour in html for colour in hexbins.COUNT_COLOURS)
    assert "hexagons" not in view_legend_html(tiny_atlas, Selection(), "en")
    assert "Sechsecken" in view_legend_html(tiny_atlas, Selection(), "de", [binned])


def test_the_legend_lists_only_the_layers_drawn(tiny_atlas) -> None:
    everything = labels(legend_entries(tiny_atlas, Selection(), "en"))
    for text in ("Who holds each state, 2025", "violence", "ammunition ➜", "reported", "exact site",
                 "Border crossings"):
        assert text in everything
    places_only = labels(legend_entries(tiny_atlas, Selection(layers=("places",)), "en"))
    assert places_only == ["exact site", "town centre", "proxy (nearest town)"]
    assert not set(places_only) & {"violence", "Border crossings", "Who holds each state, 2025"}


def test_territory_entries_name_the_cartels_drawn_in_the_interface_language(tiny_atlas) -> None:
    en = legend_entries(tiny_atlas, Selection(year_from=2025, layers=("territories",)), "en")
    assert en[0] == LegendEntry("heading", "Who holds each state, 2025")
    fills = {e.label: e.colour for e in en if e.kind == "fill"}
    assert fills[tiny_atlas.cartel_name("cjng", "en")] == tiny_atlas.cartel_color("cjng")
    assert {e.label for e in en if e.kind == "stripes"} == {
        "shared: several cartels with significant presence", "contested: fought over (dashed edge)"}
    de = labels(legend_entries(tiny_atlas, Selection(year_from=2025, layers=("territories",)), "de"))
    assert tiny_atlas.cartel_name("cjng", "de") in de and "Wer welchen Bundesstaat hält, 2025" in de


def test_one_cartel_legend_shades_its_own_colour_by_status(tiny_atlas) -> None:
    sel = Selection(cartels=("cdn",), year_from=2019, year_to=2019, layers=("territories",))
    en = legend_entries(tiny_atlas, sel, "en")
    assert en[0] == LegendEntry("heading", "Cartel del Noreste in 2019")
    fills = [e for e in en if e.kind == "fill"]
    assert {e.colour for e in fills} == {tiny_atlas.cartel_color("cdn")}
    assert [e.opacity for e in fills] == sorted((e.opacity for e in fills), reverse=True)
    assert any(e.kind == "stripes" and e.dash for e in en)  # CDN fought for Coahuila in 2019


def test_change_legend_names_the_years_and_only_the_changes_drawn(tiny_atlas) -> None:
    sel = Selection(cartels=("cjng",), year_from=2025, compare=2019, layers=("territories",))
    en = labels(legend_entries(tiny_atlas, sel, "en"))
    assert en[0] == "Jalisco New Generation Cartel: ground gained and lost, 2019 → 2025"
    assert "gained ground" in en and "lost ground" in en and "no longer present" not in en


def test_chapter_highlights_are_listed_only_with_a_chapter(tiny_atlas) -> None:
    assert "the chapter's key events" not in labels(legend_entries(tiny_atlas, Selection(), "en"))
    chapter = tiny_atlas.chapter("villa-union-2019")
    assert labels(legend_entries(tiny_atlas, Selection(), "en", chapter=chapter))[-2:] == [
        "the chapter's key events", "places in the chapter"]


def test_imported_datasets_are_listed_by_title(tiny_atlas) -> None:
    entries = legend_entries(tiny_atlas, Selection(layers=()), "en", imported=["acled-mx"])
    assert [(e.kind, e.label, e.border) for e in entries] == [
        ("circle", "acled-mx (imported)", features.IMPORTED_OUTLINE),
        ("circle", "dashed, faint: placed at a municipality's seat or a state's centre", features.IMPORTED_OUTLINE)]
    counted = legend_entries(tiny_atlas, Selection(layers=()), "en", imported=[("ACLED", 1234, "ACLED (terms of use)")])
    assert counted[0].label == "ACLED (imported) · 1,234 events · source: ACLED (terms of use)"


def test_the_count_ramp_names_every_class() -> None:
    assert [label for _, label in ramp_steps()] == ["1–4", "5–9", "10–49", "50–99", "100–499", "500–999", "1000+"]
    assert [colour for colour, _ in ramp_steps()] == list(hexbins.COUNT_COLOURS)


def test_html_escapes_every_text_and_colour() -> None:
    evil = '"><script>alert(1)</script>${x}`'
    html = legend_html([LegendEntry("fill", evil, evil), LegendEntry("heading", evil),
                        LegendEntry("ramp", "", steps=((evil, evil),)), LegendEntry("line", evil, evil, dash="3 3"),
                        LegendEntry("stripes", evil, colours=(evil,)), LegendEntry("circle", evil, evil, evil)])
    assert "<script" not in html and "${" not in html and "`" not in html
    assert html.count("&lt;script&gt;") == 12  # every label and colour, escaped
    assert html.startswith("<div class='atlas-legend'") and html.count("atlas-legend-item") == 6
