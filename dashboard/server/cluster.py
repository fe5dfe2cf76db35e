"""``python -m dashboard cluster``: several ``serve`` processes on one machine behind nginx.

One Streamlit process holds every session in its memory and uses one core for their script runs.
This command starts ``processes`` of them on free loopback ports, writes an nginx configuration
from ``dashboard/server/nginx.conf.template`` into a run directory, and runs nginx in the
foreground in front of them (``nginx -p <run dir> -c nginx.conf -g 'daemon off;'``): no system
service, no root-owned path. Ctrl-C or SIGTERM stops nginx and every process.

What the processes must share so that any of them can serve any reader:

- the store: one ``ATLAS_DATA_DIR`` (a dataset imported through one process is listed by all);
- the editor sign-in: the operator's secret reaches all through the environment; without one, one
  local token for all, and the link printed here goes through nginx;
- Streamlit's cookie secret, so a cookie one process signed (the upload form's XSRF cookie, the
  identity provider's) is valid on another after a viewer moved there.

A viewer sticks to one process by the ``atlas_route`` cookie (see the template for why not by
address); when that process dies, nginx hashes the viewer to a live one, where Streamlit's page
reconnects and opens the view its URL holds.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import roles
from dashboard.config import data_dir
from dashboard.server.serve import free_port, streamlit_command

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = "nginx"
LOG_DIR = "logs"  # inside the run directory, 0700, its files 0600: the logs are the operator's alone
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"  # Streamlit reads server.cookieSecret from here
START_TIMEOUT = 120.0  # seconds for every process to answer its health check (2 cores, cold imports)


class ClusterError(RuntimeError):
    """The cluster could not start (nginx missing, a process died on start); one line."""


def max_upload_mb() -> int:
    """Streamlit's upload limit as ``serve`` sets it, in megabytes."""
    command = streamlit_command(0)
    return int(command[command.index("--server.maxUploadSize") + 1])


def body_limit_mb() -> int:
    """nginx's limit on a request body: Streamlit's, and a megabyte for the multipart form's own bytes,
    so a file Streamlit accepts is never refused by nginx first."""
    return max_upload_mb() + 1


def render_config(template: str, listen: str, ports: list[int], run_dir: Path, upload_mb: int) -> str:
    """The nginx configuration: ``template`` with its ``@NAME@`` marks filled in."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    text = template
    for mark, value in (("@SERVERS@", servers), ("@RUN_DIR@", str(run_dir)), ("@LISTEN@", listen),
                        ("@MAX_UPLOAD_MB@", str(upload_mb))):
        text = text.replace(mark, value)
    if "@" in text:
        raise ClusterError("the nginx template has a mark this command does not fill in")
    return text


def shared_env(base: Mapping[str, str], offline: bool) -> tuple[dict[str, str], str | None]:
    """The environment every serve process gets, and the local sign-in token (None: sign-in configured)."""
    env = dict(base)
    env["ATLAS_DATA_DIR"] = str(data_dir())
    env.setdefault(COOKIE_SECRET_ENV, secrets.token_urlsafe(32))
    env["PYTHONUNBUFFERED"] = "1"
    if offline:
        env["ATLAS_OFFLINE"] = "1"
    token = roles.local_token(env, roles.read_secrets(roles.secrets_files()))
    if token:
        env[roles.LOCAL_TOKEN_ENV] = token
        env[roles.LINK_PRINTED_ENV] = "1"  # the cluster prints nginx's link; no process writes one to its log
    else:
        env.pop(roles.LOCAL_TOKEN_ENV, None)
    return env, token


@dataclass
class Cluster:
    """A running cluster: nginx's address and the serve processes behind it."""

    url: str
    run_dir: Path
    ports: list[int]
    processes: list[subprocess.Popen]
    nginx: subprocess.Popen | None = None
    editor_link: str | None = None
    data_dir: Path = field(default_factory=data_dir)

    def upstream(self, number: int) -> str:
        """How nginx names process ``number`` (0-based) in ``$upstream_addr``."""
        return f"127.0.0.1:{self.ports[number]}"

    @property
    def log_dir(self) -> Path:
        """Where nginx and the processes log: only the owner may read (the run directory stays open to nginx)."""
        return self.run_dir / LOG_DIR

    def access_log(self) -> str:
        return (self.log_dir / "access.log").read_text(errors="replace")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def _wait_until_healthy(procs: list[subprocess.Popen], urls: list[str], logs: list[Path], names: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    waiting = list(range(len(urls)))
    while waiting:
        for i in list(waiting):
            if procs[i].poll() is not None:
                tail = logs[i].read_text(errors="replace").strip().splitlines()[-1:] or ["(no output)"]
                raise ClusterError(f"{names[i]} exited with {procs[i].returncode}: {tail[0]}")
            if _healthy(urls[i]):
                waiting.remove(i)
        if waiting and time.monotonic() > deadline:
            raise ClusterError(f"{names[waiting[0]]} did not answer within {START_TIMEOUT:.0f} s")
        time.sleep(0.3)


def private_log(path: Path) -> Path:
    """An empty log file only its owner may read (created before anything writes to it)."""
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.parent.chmod(0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    path.chmod(0o600)
    return path


def _start_serve(port: int, offline: bool, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "dashboard", "serve", "--port", str(port)] + (["--offline"] if offline else [])
    with private_log(log).open("w") as out:
        # Its own process group: a Ctrl-C in the terminal reaches this command, which stops the
        # processes in order, rather than every process at once.
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate a process group this module started, then kill it if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


def _start_nginx(cluster: Cluster, listen: str) -> subprocess.Popen:
    if shutil.which(NGINX) is None and not Path("/usr/sbin/nginx").exists():
        raise ClusterError("nginx is not installed (Debian: apt-get install nginx-light; `make test` does it)")
    binary = shutil.which(NGINX) or "/usr/sbin/nginx"
    conf = cluster.run_dir / "nginx.conf"
    conf.write_text(render_config(TEMPLATE.read_text(encoding="utf-8"), listen, cluster.ports, cluster.run_dir,
                                  body_limit_mb()), encoding="utf-8")
    for name in ("error.log", "access.log"):  # nginx appends to them and keeps their mode
        private_log(cluster.log_dir / name)
    command = [binary, "-p", str(cluster.run_dir), "-c", str(conf), "-g", "daemon off;"]
    check = subprocess.run([*command[:-2], "-t", "-q"], capture_output=True, text=True)
    if check.returncode:
        raise ClusterError(f"nginx refused the configuration: {check.stderr.strip().splitlines()[-1:]}")
    with private_log(cluster.log_dir / "nginx.out").open("w") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


@contextlib.contextmanager
def running_cluster(processes: int = 2, port: int = 8080, offline: bool = False, address: str = "127.0.0.1",
                    run_dir: Path | None = None) -> Iterator[Cluster]:
    """Start the cluster, yield it once nginx and every process answer, stop everything on leaving."""
    if processes < 1:
        raise ClusterError("--processes must be at least 1")
    own_dir = run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="atlas-cluster-")) if own_dir else run_dir
    # When run as root, nginx's workers run as nobody and write request bodies into the run directory.
    run_dir.chmod(0o755)
    env, token = shared_env(os.environ, offline)
    host = "localhost" if address in ("", "0.0.0.0", "::") else address
    cluster = Cluster(f"http://{host}:{port}/", run_dir, [free_port() for _ in range(processes)], [],
                      data_dir=Path(env["ATLAS_DATA_DIR"]))
    cluster.editor_link = roles.local_link(address, port, token) if token else None
    logs = [cluster.log_dir / f"serve-{p}.log" for p in cluster.ports]
    try:
        cluster.processes = [_start_serve(p, offline, env, log) for p, log in zip(cluster.ports, logs, strict=True)]
        _wait_until_healthy(cluster.processes, [f"http://127.0.0.1:{p}/_stcore/health" for p in cluster.ports], logs,
                            [f"serve on port {p}" for p in cluster.ports])
        cluster.nginx = _start_nginx(cluster, f"{address}:{port}" if ":" not in address else f"[{address}]:{port}")
        _wait_until_healthy([cluster.nginx], [f"http://{host}:{port}/_stcore/health"], [cluster.log_dir / "error.log"],
                            ["nginx"])
        yield cluster
    finally:
        for proc in ([cluster.nginx] if cluster.nginx else []) + cluster.processes:
            stop(proc)
        if own_dir:
            shutil.rmtree(run_dir, ignore_errors=True)


def _watch(cluster: Cluster) -> int:
    """Until nginx exits or a signal arrives; a process that dies is reported, its viewers move on."""
    reported: set[int] = set()
    while cluster.nginx.poll() is None:
        for port, proc in zip(cluster.ports, cluster.processes, strict=True):
            if proc.poll() is not None and port not in reported:
                reported.add(port)
                print(f"process on port {port} exited ({proc.returncode}); nginx sends its viewers to the others",
                      flush=True)
        if len(reported) == len(cluster.processes):
            print("every process has exited; stopping", flush=True)
            return 1
        time.sleep(1.0)
    print(f"nginx exited with {cluster.nginx.returncode} (see {cluster.log_dir / 'error.log'})", flush=True)
    return 1


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def run(processes: int, port: int, offline: bool, address: str = "127.0.0.1") -> int:
    """The ``cluster`` verb: start, print where to go, run until Ctrl-C / SIGTERM."""
    # SIGTERM (a supervisor's stop) unwinds like Ctrl-C, through running_cluster's cleanup.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with running_cluster(processes, port, offline, address) as cluster:
            print(f"Frontera Atlas on {cluster.url} — nginx in front of {processes} processes "
                  f"(ports {', '.join(map(str, cluster.ports))})" + (" (offline)" if offline else ""), flush=True)
            store = "the database in ATLAS_STORE" if os.environ.get("ATLAS_STORE") else cluster.data_dir
            print(f"Datasets: {store}; logs: {cluster.log_dir}", flush=True)
            if cluster.editor_link:
                print(f"Editor sign-in (keep it to yourself): {cluster.editor_link}", flush=True)
            return _watch(cluster)
    except KeyboardInterrupt:
        print("stopped", flush=True)
        return 0
