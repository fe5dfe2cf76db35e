"""A throwaway PostgreSQL + PostGIS cluster for the tests: a temporary directory, a loopback port.

``Cluster.start()`` runs ``initdb`` and ``pg_ctl start`` (never a system service); ``stop()`` stops it
and removes the directory. initdb and pg_ctl refuse to run as root, so as root (as in CI) they run as
the ``postgres`` user on a directory it owns. Connections use trust authentication on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.server.serve import free_port

PG_ROOT = Path("/usr/lib/postgresql")
POSTGIS_CONTROL = "/usr/share/postgresql/{major}/extension/postgis.control"
MISSING = ("PostgreSQL with PostGIS is not installed ({what}); `make test` installs the Debian package "
           "postgresql-15-postgis-3, or run: apt-get install postgresql-15-postgis-3")


def find_bin() -> Path:
    """The newest PostgreSQL server's bin directory that has PostGIS; RuntimeError naming what is missing."""
    versions = sorted((p for p in PG_ROOT.glob("*/bin") if (p / "initdb").exists()),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    if not versions:
        raise RuntimeError(MISSING.format(what=f"no initdb under {PG_ROOT}"))
    for bin_dir in versions:
        if Path(POSTGIS_CONTROL.format(major=bin_dir.parent.name)).exists():
            return bin_dir
    raise RuntimeError(MISSING.format(what=f"no postgis.control for PostgreSQL {versions[0].parent.name}"))


@dataclass
class Cluster:
    """One running server; :attr:`url` reaches database ``atlas`` (PostGIS installed) as ``postgres``."""

    durable: bool = False  # False: fsync off, for speed (tests); True: the server's defaults (benchmarks)
    port: int = 0
    root: Path = field(default_factory=Path)
    bin_dir: Path = field(default_factory=Path)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "atlas", **options: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in options.items())
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}" + (f"?{query}" if query else "")

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb/pg_ctl refuse root: run them as the postgres user
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def _checked(self, *args: str) -> None:
        proc = self._run(*args)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({proc.returncode}): {proc.stderr.strip()}\n{tail}")

    def start(self) -> Cluster:
        self.bin_dir = find_bin()
        self.root = Path(tempfile.mkdtemp(prefix="atlas-pg-"))  # in /tmp: the postgres user can reach it
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.port = free_port()
        self._checked("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--locale=C", "--no-sync")
        self.resume()
        self._create_database()
        return self

    def pause(self) -> None:
        """Stop the server as a crash or an operator would (``-m immediate``), keeping its data for :meth:`resume`."""
        self._checked("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def resume(self) -> None:
        """Start the server on its port (again)."""
        settings = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c max_connections=200"
        if not self.durable:
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._checked("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60",
                      "-o", settings, "start")

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE atlas")
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")

    def stop(self) -> None:
        if self.data.is_dir():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        with contextlib.suppress(OSError):
            shutil.rmtree(self.root)
