"""Shared fixtures of the imports tests.

- ``load(name, **kwargs)``: parse the sample file ``tests/data/import/<name>`` with ``parse_upload``.
- ``acled``, ``places``, ``payloads``: three samples, parsed once per test module.
- ``kept(result)`` / ``by_line(result)``: kept rows by id, rejected rows by line.
- ``no_gdal``: fail the test if anything hands data to GDAL.
- ``data_dir``: an empty store for the test (``ATLAS_DATA_DIR``); ``cli(*args)``: the command line
  run against it, failing on any traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.imports.upload import parse_upload

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def _parse_sample(name: str, **kwargs):
    return parse_upload((DATA / name).read_bytes(), name, **kwargs)


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
    return folder


@pytest.fixture
def cli(run_cli, data_dir):
    def run(*args: str):
        proc = run_cli(*args, env={"ATLAS_DATA_DIR": str(data_dir)}, timeout=120)
        assert "Traceback" not in proc.stderr + proc.stdout
        return proc

    return run
