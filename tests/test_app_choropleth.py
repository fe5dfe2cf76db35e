"""AppTest: the official figures on the live map (a link opens them; a click on an area shows its months)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_app import reporting_map, run_ok  # noqa: E402  (the page's own AppTest helpers)

APP = "../dashboard/app.py"
DATA = ROOT / "tests" / "data" / "official"


@pytest.fixture
def tables(municipal_tables):
    return "sesnsp-municipal"


def _map_script(at: AppTest) -> str:
    found = [el for el in at.get("component_instance")
             if getattr(el.proto, "component_name", "") == "streamlit_folium.st_folium"]
    return json.loads(found[0].proto.json_args)["feature_group"]


def test_a_link_draws_the_table_under_the_layers_with_its_key(tables):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(counts=tables, measure="Homicidio doloso", rate="1", area="11")
    run_ok(at)
    script = _map_script(at)
    assert "layer:'choropleth'" in script
    assert script.index("layer:'choropleth'") < script.index('"layer":"events"')   # drawn first, under the events
    key = "\n".join(m.value for m in at.markdown)
    assert "case files per 100,000 people a year" in key and "the cartel filter does not" in key
    assert at.query_params["counts"] in (tables, [tables])   # the page writes it back into its address


def test_clicking_an_area_shows_its_months_and_figures(tables):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(counts=tables, measure="Homicidio doloso", rate="1", area="11")
    run_ok(at)
    with reporting_map(click=("choropleth", "area:11027")):
        at.run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "**Salamanca** (11027)" in text
    assert any("385 case files" in c.value for c in at.caption)   # 30 + 31 + … + 40, December not published
    specs = [el.proto.spec for el in at.get("vega_lite_chart")]
    assert any('"title": "case files"' in spec or '"title":"case files"' in spec for spec in specs)  # its months


def test_with_two_population_tables_the_reader_picks_the_denominator(tables, tmp_path):
    from dashboard.cli.main import main

    shutil.copy(DATA / "conapo_entidad.csv", tmp_path / "conapo_entidad.csv")
    assert main(["import", str(tmp_path / "conapo_entidad.csv")]) == 0
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(counts=tables, measure="Homicidio doloso", rate="1")
    run_ok(at)
    picker = at.selectbox(key="counts_population")
    assert set(picker.options) == {"conapo-entidad", "conapo-municipal"}
    picker.set_value("conapo-municipal").run()
    assert not at.exception
    assert "“conapo-municipal”" in "\n".join(m.value for m in at.markdown)
