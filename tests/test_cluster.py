"""``python -m dashboard cluster``: the nginx configuration it writes, and the command itself with real nginx."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.server import cluster

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def rendered(tmp_path: Path, ports=(40001, 40002)) -> str:
    return cluster.render_config(cluster.TEMPLATE.read_text(encoding="utf-8"), "127.0.0.1:8080", list(ports),
                                 tmp_path, cluster.body_limit_mb())


def test_the_config_names_every_process_and_keeps_nginx_in_the_run_directory(tmp_path: Path) -> None:
    text = rendered(tmp_path, (40001, 40002, 40003))
    assert re.findall(r"server 127\.0\.0\.1:(\d+)", text) == ["40001", "40002", "40003"]
    assert "listen 127.0.0.1:8080;" in text
    assert "@" not in text
    # Every path nginx writes is inside the run directory (none under /var or /run).
    paths = re.findall(r"^\s*(?:pid|error_log|access_log|\w+_temp_path)\s+(\S+)", text, re.MULTILINE)
    assert len(paths) == 8 and all(p.rstrip(";").startswith(str(tmp_path)) for p in paths), paths


def test_stickiness_is_by_cookie_with_websockets_and_streamlits_upload_limit(tmp_path: Path) -> None:
    text = rendered(tmp_path)
    assert "ip_hash" not in text.split("#")[0] and "hash $atlas_route consistent;" in text
    assert "map $cookie_atlas_route $atlas_route" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text and "proxy_http_version 1.1;" in text
    # Streamlit's limit (serve's --server.maxUploadSize 20) plus room for the multipart form around the file.
    assert cluster.max_upload_mb() == 20 and "client_max_body_size 21m;" in text
    # The sign-in limiter counts a client's address: nginx sets it, a forged X-Forwarded-For is not appended to.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text and "$proxy_add_x_forwarded_for" not in text


def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make test` installs Debian's nginx-light")
    (tmp_path / "nginx.conf").write_text(rendered(tmp_path), encoding="utf-8")
    (tmp_path / cluster.LOG_DIR).mkdir()  # the cluster makes it (0700) before it starts nginx
    check = subprocess.run([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-t"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_every_process_gets_the_same_store_cookie_secret_and_sign_in(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    env, token = cluster.shared_env({"HOME": str(tmp_path)}, offline=True)
    assert env["ATLAS_DATA_DIR"] == str(tmp_path) and env["ATLAS_OFFLINE"] == "1"
    assert token and env["ATLAS_LOCAL_TOKEN"] == token and len(env[cluster.COOKIE_SECRET_ENV]) >= 32
    # An operator's secret is the sign-in: no local token then, and the secret passes through.
    env, token = cluster.shared_env({"ATLAS_EDITOR_SECRET": "s3cret"}, offline=False)
    assert token is None and env["ATLAS_EDITOR_SECRET"] == "s3cret" and "ATLAS_LOCAL_TOKEN" not in env


def _get(url: str, cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as resp:
        return resp.headers


def _wait_for_line(proc: subprocess.Popen, pattern: str, timeout: float = 150.0) -> re.Match:
    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
        if not line and proc.poll() is not None:
            break
    raise AssertionError("".join(seen))


def _logs_are_private_and_hold_no_token(log_dir: Path, token: str) -> None:
    assert log_dir.stat().st_mode & 0o777 == 0o700
    logs = sorted(log_dir.iterdir())
    assert {p.name for p in logs} >= {"access.log", "error.log", "nginx.out"} and len(logs) >= 5, logs
    for path in logs:
        assert path.stat().st_mode & 0o777 == 0o600, path
    for path in log_dir.parent.rglob("*"):
        if path.is_file():
            assert token not in path.read_text(errors="replace"), path


def test_the_command_starts_nginx_before_two_processes_sticks_by_cookie_and_stops_on_sigterm(tmp_path) -> None:
    port = cluster.free_port()
    env = {**os.environ, "ATLAS_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "cluster", "--processes", "2", "--port", str(port),
                             "--offline"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        ports = _wait_for_line(proc, r"nginx in front of 2 processes \(ports (\d+), (\d+)\)").groups()
        log_dir = Path(_wait_for_line(proc, r"logs: (\S+)").group(1))
        run_dir = log_dir.parent
        link = proc.stdout.readline().strip().split(": ", 1)[1]
        assert link.startswith(f"http://127.0.0.1:{port}/?token=")
        _get(link)  # the sign-in link's page, through nginx
        _get(f"http://127.0.0.1:{port}/?x=" + "a" * 120_000)  # a long link reaches the page (README "Limits")
        _logs_are_private_and_hold_no_token(log_dir, link.split("=", 1)[1])
        url = f"http://127.0.0.1:{port}/_stcore/health"
        first = _get(url)
        route = next(re.match(r"atlas_route=(\w+);", c).group(1) for c in first.get_all("Set-Cookie")
                     if c.startswith("atlas_route="))
        answers = {_get(url, f"atlas_route={route}")["X-Atlas-Upstream"] for _ in range(5)}
        assert answers == {first["X-Atlas-Upstream"]}  # the same cookie, the same process
        again = _get(url, f"atlas_route={route}").get_all("Set-Cookie") or []
        assert not [c for c in again if c.startswith("atlas_route=")]  # set once, not on every answer
        spread = {_get(url, f"atlas_route=r{i}")["X-Atlas-Upstream"] for i in range(40)}
        assert spread == {f"127.0.0.1:{p}" for p in ports}  # different readers reach both
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "stopped" in out
    with pytest.raises(OSError):
        _get(url)
    for p in ports:
        with pytest.raises(OSError):
            _get(f"http://127.0.0.1:{p}/_stcore/health")
    assert not run_dir.exists()  # its own temporary run directory is removed
