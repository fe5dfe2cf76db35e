"""Shared fixtures for every test layer (unit, AppTest, browser).

- ``tiny_atlas``: the small atlas written for the tests (``tests/data/atlas/``, the ``geodata/``
  formats), loaded once per session. Unit tests of the code run on it, so a corrected fact in
  ``geodata/`` breaks no test of code that did not change.
- ``atlas``: the real ``geodata/`` loaded once per session, for the tests of that data itself
  (``tests/test_geodata.py``) and of the whole page.
- ``make_tiny_atlas`` (``make_geodata`` for the real ``geodata/``): a factory that copies the tiny
  atlas into the test's tmp dir so one test can break one file; the returned :class:`GeodataCopy`
  edits CSV rows and text. ``tiny_atlas_root`` is the tiny atlas's directory.
- ``cli_on_tiny_atlas``: in-process ``python -m dashboard`` calls read the tiny atlas.
- ``run_cli``: run ``python -m dashboard ...`` in a subprocess (real exit code and stderr).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GEODATA = REPO / "geodata"
TINY_ATLAS = REPO / "tests" / "data" / "atlas"
if str(REPO) not in sys.path:  # the tests import ``dashboard`` from this checkout, installed or not
    sys.path.insert(0, str(REPO))


class GeodataCopy:
    """A writable copy of ``geodata/``; ``os.fspath(copy)`` is its directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __fspath__(self) -> str:
        return str(self.root)

    def __truediv__(self, name: str) -> Path:
        return self.root / name

    # -- CSV editing (the files have one record per physical line) ----------------------
    def read(self, name: str) -> tuple[list[str], list[dict[str, str]]]:
        with (self.root / name).open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            return list(reader.fieldnames or []), list(reader)

    def write(self, name: str, header: list[str], rows: list[dict[str, str]]) -> None:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        (self.root / name).write_text(out.getvalue(), encoding="utf-8")

    def _index(self, rows: list[dict[str, str]], where: str | int) -> int:
        """Row index for an id (first column ``id``) or a physical line number (header = 1)."""
        if isinstance(where, int):
            assert 2 <= where <= len(rows) + 1, f"no data row on line {where}"
            return where - 2
        matches = [i for i, r in enumerate(rows) if r.get("id") == where]
        assert len(matches) == 1, f"expected one row with id {where!r}, found {len(matches)}"
        return matches[0]

    def edit(self, name: str, where: str | int, **changes: str) -> int:
        """Change fields of one row (by id or line); return that row's line number."""
        header, rows = self.read(name)
        i = self._index(rows, where)
        for key, value in changes.items():
            assert key in header, f"{name} has no column {key!r}"
            rows[i][key] = value
        self.write(name, header, rows)
        return i + 2

    def append(self, name: str, row: dict[str, str]) -> int:
        """Add a row at the end; return its line number."""
        header, rows = self.read(name)
        rows.append({k: row.get(k, "") for k in header})
        self.write(name, header, rows)
        return len(rows) + 1

    def row(self, name: str, where: str | int) -> dict[str, str]:
        _, rows = self.read(name)
        return dict(rows[self._index(rows, where)])

    def drop_column(self, name: str, column: str) -> None:
        header, rows = self.read(name)
        assert column in header
        self.write(name, [c for c in header if c != column], rows)

    def line_of(self, name: str, row_id: str) -> int:
        """Physical line of the row whose first field is ``row_id`` (independent of the loader)."""
        lines = (self.root / name).read_text(encoding="utf-8").splitlines()
        found = [n for n, text in enumerate(lines, start=1) if text.split(",", 1)[0] == row_id]
        assert len(found) == 1, f"{row_id!r} on lines {found} of {name}"
        return found[0]

    # -- plain text -----------------------------------------------------------------------
    def replace_text(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Imported datasets of a test run live in a temporary store, never in the user's own."""
    path = tmp_path_factory.mktemp("atlas-data")
    previous = os.environ.get("ATLAS_DATA_DIR")
    os.environ["ATLAS_DATA_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("ATLAS_DATA_DIR", None)
    else:
        os.environ["ATLAS_DATA_DIR"] = previous


@pytest.fixture(scope="session")
def atlas():
    """The real geodata, validated and loaded once per test session."""
    from tests.geodata_atlas import geodata_atlas

    return geodata_atlas()


@pytest.fixture(scope="session")
def tiny_atlas():
    """The test atlas of ``tests/data/atlas/`` (its README lists what it holds), validated and loaded once."""
    from dashboard.atlas.data import load_atlas

    return load_atlas(TINY_ATLAS)


@pytest.fixture(scope="session")
def tiny_atlas_root() -> Path:
    """The tiny test atlas's directory, for ``run_cli(..., geodata=tiny_atlas_root)`` and ``validate_geodata``."""
    return TINY_ATLAS


@pytest.fixture
def make_tiny_atlas(make_geodata) -> Callable[..., GeodataCopy]:
    """``make_tiny_atlas()``: a writable copy of the tiny test atlas in the test's tmp dir (a :class:`GeodataCopy`)."""
    return lambda name="atlas": make_geodata(name, source=TINY_ATLAS)


@pytest.fixture
def municipal_tables(tmp_path, monkeypatch) -> Path:
    """SESNSP's municipal counts ("sesnsp-municipal") and CONAPO's municipal population fixtures, imported
    with the CLI into an empty store in ``tmp_path / "data"``; returns ``tmp_path``."""
    from dashboard.cli.main import main

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    for name in ("sesnsp_municipal.csv", "conapo_municipal.csv"):
        shutil.copy(Path(__file__).parent / "data" / "official" / name, tmp_path / name)
        assert main(["import", str(tmp_path / name)]) == 0
    return tmp_path


@pytest.fixture
def cli_on_tiny_atlas(tiny_atlas, monkeypatch):
    """In-process CLI calls (``dashboard.cli.main.main``) load the tiny atlas instead of ``geodata/``."""
    monkeypatch.setattr("dashboard.atlas.data.load_atlas", lambda root=None: tiny_atlas)
    return tiny_atlas


@pytest.fixture
def make_geodata(tmp_path: Path) -> Callable[..., GeodataCopy]:
    """``make_geodata()`` copies the real ``geodata/`` (or ``source``) into ``tmp_path`` as a :class:`GeodataCopy`."""
    made: list[int] = []

    def make(name: str = "geodata", source: Path = GEODATA) -> GeodataCopy:
        target = tmp_path / (name if not made else f"{name}-{len(made)}")
        made.append(1)
        shutil.copytree(source, target)
        return GeodataCopy(target)

    return make


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess]:
    """``run_cli("validate", geodata=path)``: run the CLI in a fresh interpreter, capture text output."""

    def run(*args: str, geodata: os.PathLike | str | None = None, timeout: float = 60,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        environ = {k: v for k, v in os.environ.items() if k != "ATLAS_GEODATA"}
        environ.update(env or {})
        if geodata is not None:
            environ["ATLAS_GEODATA"] = os.fspath(geodata)
        return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO, env=environ,
                              capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False)

    return run


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL + PostGIS server for the session (``tests/pg_cluster.py``), stopped at the end.

    Fails (never skips) when PostgreSQL, PostGIS or psycopg is missing: ``make test`` installs them.
    """
    import pg_cluster

    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.fail("psycopg is not installed: pip install -e '.[test]' (make test does)", pytrace=False)
    try:
        cluster = pg_cluster.Cluster().start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield cluster
    cluster.stop()
