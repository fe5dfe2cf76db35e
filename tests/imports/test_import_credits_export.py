"""Who published an imported dataset travels with it: credits, the PNG's dashed rings, export --dataset."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from tests.imports.conftest import DATA


def test_the_credit_names_the_publisher_before_the_file(monkeypatch):
    from dashboard.imports.store_base import DatasetInfo
    from dashboard.share import credits

    info = DatasetInfo("agresiones", "Agresiones", "2026-01-01T00:00:00Z", 55, 11, "agresiones.csv", "csv", Path(),
                       data_source="Artículo 19 México", licence="none stated")
    monkeypatch.setattr(credits, "_stored_info", lambda name: info)
    credit = credits.dataset_credit("agresiones", None)
    assert credit.source == "Artículo 19 México" and "agresiones.csv" not in credit.line("en")
    bare = DatasetInfo("agresiones", "Agresiones", "2026-01-01T00:00:00Z", 55, 11, "agresiones.csv", "csv", Path())
    monkeypatch.setattr(credits, "_stored_info", lambda name: bare)
    assert credits.dataset_credit("agresiones", None).source == "agresiones.csv"  # only when none was given


def test_png_draws_dashed_rings_as_the_key_says():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dashboard.share.png_map import _draw_points

    solid = {"radius": 6, "color": "#333", "fillColor": "#c00", "fillOpacity": 0.8, "weight": 1.5}
    points = gpd.GeoDataFrame({"style": [json.dumps(solid), json.dumps({**solid, "dashArray": "4 3"})]},
                              geometry=[Point(0, 0), Point(1, 1)])
    fig, ax = plt.subplots()
    _draw_points(ax, points, 1.0)
    styles = {c.get_gid(): c.get_linestyle()[0] for c in ax.collections}
    plt.close(fig)
    assert styles[None][1] is None  # solid
    assert styles["dashed-points"][1] is not None and len(styles["dashed-points"][1]) == 2


def test_export_events_dataset_writes_that_dataset_alone(cli, tmp_path):
    source = "Artículo 19 México"
    done = cli("import", str(DATA / "press_layout.csv"), "--name", "press", "--year", "2018", "--source", source)
    assert done.returncode == 0, done.stderr
    assert f"credit: {source}" in done.stdout
    out = tmp_path / "press.csv"
    done = cli("export", "events", "--dataset", "press", "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 8 and {r["layer"] for r in rows} == {"imported:press"}
    assert {"date_end", "precision_code", "lat", "lon"} <= set(rows[0])
    geo = cli("export", "events", "--dataset", "press")
    collection = json.loads(geo.stdout)
    assert len(collection["features"]) == 8 and collection["metadata"]["datasets"][0]["source"] == source
    assert cli("export", "places", "--dataset", "press").returncode != 0


@pytest.mark.parametrize("flag", ["--dayfirst", "--monthfirst"])
def test_cli_date_order_flags(cli, tmp_path, flag):
    path = tmp_path / "dates.csv"
    path.write_text("fecha,estado,municipio\n05/09/09,Sinaloa,Culiacán\n", encoding="utf-8")
    done = cli("import", str(path), "--name", "d", flag)
    assert done.returncode == 0 and "as asked" in done.stdout


def test_the_upload_form_passes_year_order_sheet_and_trust(monkeypatch):
    from dashboard.ui import datasets

    monkeypatch.setattr(datasets.st, "session_state", {datasets.K_YEAR: "2018", datasets.K_ORDER: "dmy",
                                                       datasets.K_SHEET: "Datos", datasets.K_TRUST: True})
    options = datasets._form_options()
    assert (options["year"], options["date_order"], options["sheet"], options["trust"]) == (2018, "dmy", "Datos",
                                                                                            "coordinates")
    monkeypatch.setattr(datasets.st, "session_state", {datasets.K_YEAR: "18"})
    assert datasets._form_options()["year"] == 0 and datasets._form_options()["trust"] == "names"
    assert {"xlsx", "xls", "ods"} <= set(datasets.UPLOAD_TYPES)


def test_cli_reads_the_sheet_asked_for(cli, tmp_path):
    from tests.imports.sheet_files import xlsx

    path = tmp_path / "agresiones.xlsx"
    path.write_bytes(xlsx({"Portada": [["Agresiones 2018"]],
                           "Datos": [["fecha", "estado", "municipio"], ["9 de enero", "Sinaloa", "Culiacán"]]}))
    done = cli("import", str(path), "--name", "a", "--sheet", "Datos", "--year", "2018")
    assert done.returncode == 0, done.stderr
    assert "read sheet 'Datos' of the xlsx file" in done.stdout and "kept 1 row(s)" in done.stdout
    assert cli("import", str(path), "--name", "b", "--year", "18").returncode == 2
