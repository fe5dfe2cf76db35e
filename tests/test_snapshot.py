"""Snapshots a user can send on: PNG, standalone HTML, GeoJSON and CSV (issue 5)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from dashboard.share import snapshot
from dashboard.cli import main as cli_main
from dashboard.share.tables import to_geojson as export_geojson
from dashboard.filters import layer_for
from dashboard.model import Selection
from dashboard.sharing import Snapshot

CDN_2019 = Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019))


def decode_png(data: bytes) -> np.ndarray:
    import matplotlib.image as mpimg

    return mpimg.imread(io.BytesIO(data), format="png")[:, :, :3]


def blended(hex_colour: str, alpha: float, base: str = "#f4f1ea") -> np.ndarray:
    def rgb(h: str) -> np.ndarray:
        return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) / 255

    return alpha * rgb(hex_colour) + (1 - alpha) * rgb(base)


def share_of_pixels_near(img: np.ndarray, colour: np.ndarray, tol: float = 0.03) -> float:
    return float((np.abs(img - colour).max(axis=2) < tol).mean())


@pytest.fixture(scope="module")
def cdn_png(atlas) -> bytes:  # noqa: ANN001
    return snapshot.render_png(atlas, CDN_2019, 1600, 1000)


def test_png_decodes_at_the_asked_size_and_is_not_blank(cdn_png: bytes) -> None:
    img = decode_png(cdn_png)
    assert img.shape[:2] == (1000, 1600)
    assert len(np.unique(img.reshape(-1, 3).round(2), axis=0)) > 50, "the image is (nearly) one colour"


def test_png_custom_size(atlas) -> None:  # noqa: ANN001
    assert decode_png(snapshot.render_png(atlas, Snapshot(), 1800, 1200)).shape[:2] == (1200, 1800)


def test_png_shows_the_selected_cartels_territory_colours(atlas, cdn_png: bytes) -> None:  # noqa: ANN001
    img = decode_png(cdn_png)
    cdn, cjng = atlas.cartel_color("cdn"), atlas.cartel_color("cjng")
    # CDN dominates Tamaulipas in 2019: its fill, blended over the land colour, covers part of the map.
    assert share_of_pixels_near(img, blended(cdn, 0.55)) > 0.0004  # Tamaulipas is ~0.1 % of the image
    # CJNG is not selected: neither its fill nor its stripes appear.
    assert share_of_pixels_near(img, blended(cjng, 0.55)) < 0.00005
    assert share_of_pixels_near(img, blended(cjng, 0.9, "#ffffff")) < 0.00005


def test_caption_lists_filters_period_version_and_sources(atlas) -> None:  # noqa: ANN001
    cap = snapshot.caption_for(atlas, Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019),
                                               chapter="villa-union-2019", lang="en"))
    text = "\n".join([cap.title, *cap.lines()])
    for expected in ("Cartel del Noreste", "2019–2019", "2019 snapshot", "Villa Unión", atlas.version, "Sources:"):
        assert expected in text
    german = snapshot.caption_for(atlas, Snapshot(chapter="villa-union-2019", lang="de"))
    assert "Kapitel" in german.chapter


@pytest.mark.parametrize("layer", ["events", "places", "crossings", "flows", "territories"])
def test_geojson_snapshot_matches_export_for_the_same_filters(atlas, layer: str) -> None:  # noqa: ANN001
    data = json.loads(snapshot.to_geojson(atlas, CDN_2019))
    ids = {f["id"] for f in data["features"] if f["properties"]["layer"] == layer}
    exported = json.loads(export_geojson(layer_for(atlas, layer, CDN_2019.selection), layer))
    assert ids == {f["id"] for f in exported["features"]}
    assert data["metadata"]["data_version"] == atlas.version
    assert "cartel=cdn" in data["metadata"]["query"]
    assert all(s["publisher"] for s in data["metadata"]["sources"])


def test_csv_snapshot_round_trips_and_is_formula_safe(atlas) -> None:  # noqa: ANN001
    rows = list(csv.DictReader(io.StringIO(snapshot.to_csv(atlas, CDN_2019))))
    geo = json.loads(snapshot.to_geojson(atlas, CDN_2019))
    assert {(r["layer"], r["id"]) for r in rows} == {(f["properties"]["layer"], f["id"]) for f in geo["features"]}
    for row in rows:
        assert not any(v.startswith(("=", "+", "@")) for v in row.values())
        if row["layer"] == "events":
            assert -180 <= float(row["lon"]) <= 180  # numbers stay numbers


def test_html_is_standalone_with_legend_and_credits(atlas) -> None:  # noqa: ANN001
    page = snapshot.render_html(atlas, CDN_2019)
    assert "<script src=" not in page and 'rel="stylesheet"' not in page, "assets must be inlined"
    assert "atlas-legend" in page and "atlas-caption" in page and atlas.version in page
    assert len(page.encode()) < 3_000_000


def test_html_keeps_template_syntax_in_data_as_text(atlas) -> None:  # noqa: ANN001
    """Jinja in an imported dataset's text must neither run on the server nor vanish from the page."""
    from dashboard.imports.importer import parse_upload

    payload = "{{ cycler.__init__.__globals__.os.getpid() }}{% if 1 %}x{% endif %}"
    upload = ("event_id_cnty,event_date,event_type,actor1,location,latitude,longitude,fatalities,notes\n"
              f"J1,2024-01-25,Battles,Sinaloa Cartel,\"{payload}\",20.57,-101.20,3,\"{payload}\"\n").encode()
    frame = parse_upload(upload, "jinja.csv").to_frame()
    page = snapshot.render_html(atlas, Snapshot(), imported={"jinja": frame})
    assert "J1" in page and payload in page


@pytest.mark.parametrize("suffix", [".png", ".html", ".geojson", ".csv"])
def test_cli_snapshot_writes_each_format(tmp_path, suffix: str) -> None:  # noqa: ANN001
    out = tmp_path / f"view{suffix}"
    assert cli_main(["snapshot", "--cartel", "cdn", "--from", "2019", "--to", "2019", "-o", str(out)]) == 0
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("args", [
    ["-o", "view.pdf"],
    ["--chapter", "no-such-chapter", "-o", "view.png"],
    ["--zoom", "40", "-o", "view.png"],
    ["--lat", "20", "-o", "view.png"],
    ["--width", "10", "-o", "view.png"],
    ["--cartel", "nobody", "-o", "view.png"],
])
def test_cli_snapshot_bad_arguments_give_one_line_and_exit_2(tmp_path, capsys, monkeypatch, args) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    assert cli_main(["snapshot", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and len(err.splitlines()) == 1
    assert not list(tmp_path.iterdir()), "nothing is written on bad input"


def test_imported_datasets_are_shared_with_the_view(atlas, tmp_path, capsys) -> None:  # noqa: ANN001
    from pathlib import Path

    from dashboard.imports.importer import parse_upload
    from dashboard.imports.store import save_dataset

    source = Path(__file__).parent / "data" / "import" / "acled_sample.csv"
    result = parse_upload(source.read_bytes(), source.name)
    frame = result.to_frame()
    snap = Snapshot(Selection(cartels=("cdn",)))
    wanted = {r.id for r in result.rows if "cdn" in r.cartels}
    data = json.loads(snapshot.to_geojson(atlas, snap, {"mine": frame}))
    assert {f["id"] for f in data["features"] if f["properties"]["layer"] == "imported:mine"} == wanted
    rows = list(csv.DictReader(io.StringIO(snapshot.to_csv(atlas, snap, {"mine": frame}))))
    assert {r["id"] for r in rows if r["layer"] == "imported:mine"} == wanted
    assert "imported:mine" in snapshot.render_html(atlas, snap, imported={"mine": frame})
    save_dataset("mine", result)
    out = tmp_path / "mine.geojson"
    assert cli_main(["snapshot", "--cartel", "cdn", "--dataset", "mine", "-o", str(out)]) == 0
    assert {f["id"] for f in json.loads(out.read_text())["features"]
            if f["properties"]["layer"] == "imported:mine"} == wanted
    assert cli_main(["snapshot", "--dataset", "nobody", "-o", str(tmp_path / "x.png")]) == 2
