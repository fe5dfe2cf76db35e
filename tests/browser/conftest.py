"""Real-browser fixtures: the real server on a loopback port, Debian chromium driven by Playwright.

* one server per mode for the whole session (offline, online with stubbed tiles, XSS data copy);
* Playwright with ``executable_path=/usr/bin/chromium`` (never ``playwright install``);
* every request is routed: loopback goes through, OpenStreetMap tiles get a blank PNG made
  here, anything else is aborted and recorded so a test can assert nothing left the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.server.serve import free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SERVER_START_TIMEOUT = 90.0

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


# --- a blank tile, generated here (no file, no network) ----------------------------------------

def blank_png(width: int = 256, height: int = 256, rgb: tuple[int, int, int] = (236, 236, 236)) -> bytes:
    """A valid, uniformly coloured RGB PNG built with zlib only."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))


BLANK_TILE = blank_png()


# --- the real server ---------------------------------------------------------------------------

@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path
    geodata: Path

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server we started: its own process group (the CLI plus the streamlit child)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # The streamlit child may outlive the CLI process briefly; make sure the group is gone.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def running_server(logdir: Path, name: str, offline: bool, geodata: Path | None = None):
    port = free_port()
    env = dict(os.environ)
    env.pop("ATLAS_OFFLINE", None)
    env.pop("ATLAS_TILES", None)
    env["PYTHONUNBUFFERED"] = "1"
    if geodata is not None:
        env["ATLAS_GEODATA"] = str(geodata)
    else:
        env.pop("ATLAS_GEODATA", None)
    cmd = [sys.executable, "-m", "dashboard", "serve", "--port", str(port)] + (["--offline"] if offline else [])
    log = logdir / f"server-{name}.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}/", proc, log, geodata or ROOT / "geodata")
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"{name} server exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                with urllib.request.urlopen(f"{server.url}_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{name} server not healthy after {SERVER_START_TIMEOUT:.0f}s:\n{server.log_tail()}")
            time.sleep(0.3)
        yield server
    finally:
        _stop(proc)



def _set_environ(values: dict[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@contextlib.contextmanager
def environment(**values: str | None):
    """Set (or, with None, remove) environment variables for the block: servers started in it copy them."""
    before = {key: os.environ.get(key) for key in values}
    _set_environ(values)
    try:
        yield
    finally:
        _set_environ(before)

@pytest.fixture(scope="session")
def server_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("server-logs")


@pytest.fixture(scope="session")
def offline_server(server_logs: Path):
    with running_server(server_logs, "offline", offline=True) as server:
        yield server


@pytest.fixture(scope="session")
def online_server(server_logs: Path):
    with running_server(server_logs, "online", offline=False) as server:
        yield server


# --- hostile data --------------------------------------------------------------------------------

XSS_PAYLOADS = [
    '<img src=x onerror="window.parent.__xss=1;window.__xss=1;alert(1)">',
    "${window.__xss=1}${alert(1)}",
    "`;window.__xss=1;alert(1);`",
    "\\`;window.__xss=1;//",
    "\\\\${window.__xss=1}\\",
    "</script><script>window.__xss=1;window.parent.__xss=1</script>",
    "'\"><svg onload=window.parent.__xss=1>",
    "{{7*7}}</div><img src=x onerror=window.parent.__xss=1>",
]


def _poison(text: str, i: int) -> str:
    return f"{text} {XSS_PAYLOADS[i % len(XSS_PAYLOADS)]}"


def _rewrite_csv(path: Path, fields: tuple[str, ...]) -> int:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    n = 0
    for i, row in enumerate(rows):
        for j, f in enumerate(fields):
            if f in row:
                row[f] = _poison(row[f], i + j)
                n += 1
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return n


@pytest.fixture(scope="session")
def xss_geodata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of geodata/ whose display texts carry script payloads; ids, numbers and coordinates stay valid."""
    target = tmp_path_factory.mktemp("xss") / "geodata"
    shutil.copytree(ROOT / "geodata", target)
    _rewrite_csv(target / "places.csv", ("name", "name_de", "name_es", "description_en", "description_de",
                                         "admin1_note"))
    _rewrite_csv(target / "events.csv", ("title_en", "title_de", "summary_en", "summary_de", "actors",
                                         "dispute_note", "dispute_note_de", "dispute_note_es"))
    _rewrite_csv(target / "cartels.csv", ("name", "name_de", "short", "note_en", "note_de"))
    _rewrite_csv(target / "flows.csv", ("label_en", "label_de", "note_en", "note_de", "volume_unit"))
    _rewrite_csv(target / "sources.csv", ("publisher", "title"))
    _rewrite_csv(target / "territories.csv", ("note", "note_de", "note_es"))
    check = subprocess.run([sys.executable, "-m", "dashboard", "validate"], cwd=ROOT, capture_output=True,
                           text=True, env={**os.environ, "ATLAS_GEODATA": str(target)}, timeout=120)
    assert check.returncode == 0, f"poisoned copy must still validate:\n{check.stdout}{check.stderr}"
    return target


@pytest.fixture(scope="session")
def xss_server(server_logs: Path, xss_geodata: Path):
    with running_server(server_logs, "xss", offline=True, geodata=xss_geodata) as server:
        yield server


# --- exports from the CLI, the reference the map is compared with -------------------------------

class Exporter:
    """``python -m dashboard export`` as the reference; results cached, several run at once."""

    def __init__(self) -> None:
        self.cache: dict[tuple, dict] = {}

    @staticmethod
    def _command(layer: str, cartels: tuple[str, ...], year_from: int | None, year_to: int | None) -> list[str]:
        cmd = [sys.executable, "-m", "dashboard", "export", layer]
        for c in cartels:
            cmd += ["--cartel", c]
        if year_from is not None:
            cmd += ["--from", str(year_from)]
        if year_to is not None:
            cmd += ["--to", str(year_to)]
        return cmd

    def prefetch(self, *keys: tuple) -> None:
        """Run the exports for ``keys`` = (layer, cartels, from, to, geodata) in parallel."""
        running = []
        for key in dict.fromkeys(keys):
            if key in self.cache:
                continue
            env = dict(os.environ)
            if key[4] is not None:
                env["ATLAS_GEODATA"] = str(key[4])
            running.append((key, subprocess.Popen(self._command(*key[:4]), cwd=ROOT, env=env, text=True,
                                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
        for key, proc in running:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, f"export {key} failed: {err}"
            self.cache[key] = json.loads(out)

    def __call__(self, layer: str, cartels: tuple[str, ...] = (), year_from: int | None = None,
                 year_to: int | None = None, geodata: Path | None = None) -> dict:
        key = (layer, tuple(cartels), year_from, year_to, geodata)
        self.prefetch(key)
        return self.cache[key]


@pytest.fixture(scope="session")
def export() -> Exporter:
    return Exporter()


# --- Playwright ----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (never `playwright install`)")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@dataclass
class Traffic:
    """Every request the browser made, and the ones the router refused."""

    requests: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def _router(traffic: Traffic):
    def route(route) -> None:
        url = route.request.url
        traffic.requests.append(url)
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme in ("data", "blob", "about", "file") or host in LOOPBACK:
            route.continue_()
        elif host == "tile.openstreetmap.org" or host.endswith(".tile.openstreetmap.org"):
            traffic.tiles.append(url)
            route.fulfill(status=200, body=BLANK_TILE, content_type="image/png")
        else:
            traffic.blocked.append(url)
            route.abort()

    return route


@pytest.fixture
def context(browser):
    traffic = Traffic()
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="en-GB")
    ctx.route("**/*", _router(traffic))
    ctx.traffic = traffic  # type: ignore[attr-defined]
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def window(browser):
    """``window(server, width, height, locale)``: the dashboard page in a browser window of that size.

    Each window gets a context of its own (no shared cookies or session), closed after the test.
    """
    from test_e2e import AtlasPage  # the page model lives with the end-to-end tests

    contexts = []

    def make(server: Server, width: int, height: int, locale: str = "en-GB") -> AtlasPage:
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(ctx)
        return AtlasPage(ctx.new_page(), server, None)

    yield make
    for ctx in contexts:
        ctx.close()
