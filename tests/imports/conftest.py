"""Shared fixtures of the imports tests.

- ``load(name, **kwargs)``: parse the sample file ``tests/data/import/<name>`` with ``parse_upload``.
- ``acled``, ``places``, ``payloads``: three samples, parsed once per test module.
- ``kept(result)`` / ``by_line(result)``: kept rows by id, rejected rows by line.
- ``no_gdal``: fail the test if anything hands data to GDAL.
- ``data_dir``: an empty store for the test (``ATLAS_DATA_DIR``); ``cli(*args)``: the command line
  run against it, failing on any traceback.
- ``backend``: the same empty store in each backend in turn, ``"gpkg"`` (files in ``data_dir``) and
  ``"postgis"`` (``ATLAS_STORE`` set to a fresh schema of the session's throwaway server);
  ``pg_url``: such a fresh, empty database store on its own.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def _parse_sample(name: str, **kwargs):
    return parse_upload((DATA / name).read_bytes(), name, **kwargs, atlas=geodata_atlas())


def _kept(result) -> dict:
    return {r.id: r for r in result.rows}


def _by_line(result) -> dict:
    return {r.line: r for r in result.rejected}


@pytest.fixture
def load():
    return _parse_sample


@pytest.fixture
def kept():
    return _kept


@pytest.fixture
def by_line():
    return _by_line


@pytest.fixture(scope="module")
def acled():
    return _parse_sample("acled_sample.csv")


@pytest.fixture(scope="module")
def places():
    return _parse_sample("places_ambiguous.csv")


@pytest.fixture(scope="module")
def payloads():
    return _parse_sample("payloads.csv")


@pytest.fixture
def no_gdal(monkeypatch):
    """Fail the test if anything hands data to GDAL (pyogrio / geopandas readers)."""
    import geopandas as gpd
    import pyogrio

    def boom(*args, **kwargs):
        raise AssertionError("an upload reached GDAL")

    for mod, name in ((gpd, "read_file"), (pyogrio, "read_dataframe"), (pyogrio, "read_info"),
                      (pyogrio, "open_arrow"), (pyogrio, "list_layers")):
        monkeypatch.setattr(mod, name, boom)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "store"
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    monkeypatch.delenv("ATLAS_STORE", raising=False)  # the GeoPackage store unless a test asks for another
    return folder


@pytest.fixture
def cli(run_cli, data_dir):
    def run(*args: str):
        proc = run_cli(*args, env={"ATLAS_DATA_DIR": str(data_dir)}, timeout=120)
        assert "Traceback" not in proc.stderr + proc.stdout
        return proc

    return run


_schemas = itertools.count(1)


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of an empty PostGIS store: a schema of its own on the session's server (first on the path)."""
    import psycopg

    from dashboard.imports import store_pg

    schema = f"test_{next(_schemas)}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield pg_server.url(options=f"-csearch_path%3D{schema}%2Cpublic")
    store_pg.close_pools()  # idle connections of this test's store go with it


@pytest.fixture(params=["gpkg", "postgis"])
def backend(request, data_dir, monkeypatch) -> str:
    """Run the test against each store backend; returns its name."""
    if request.param == "postgis":
        monkeypatch.setenv("ATLAS_STORE", request.getfixturevalue("pg_url"))
    else:
        monkeypatch.delenv("ATLAS_STORE", raising=False)
    return request.param
