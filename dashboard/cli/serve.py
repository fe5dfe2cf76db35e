"""The verbs that run processes: ``serve``, ``cluster`` (several behind nginx) and ``bench``."""

from __future__ import annotations

import argparse

from dashboard.cli.common import CliError


def add_verbs(verbs) -> None:
    serve = verbs.add_parser("serve", help="start the dashboard")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--offline", action="store_true", help="no tiles, no request to any other host")
    cluster = verbs.add_parser("cluster", help="start several serve processes behind nginx (sticky by cookie)")
    cluster.add_argument("--processes", type=int, default=2, help="serve processes behind nginx (default 2)")
    cluster.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    cluster.add_argument("--address", default="127.0.0.1", help="nginx's address (default 127.0.0.1; "
                         "0.0.0.0 for every interface)")
    cluster.add_argument("--offline", action="store_true", help="no tiles, no request to any other host")
    _add_bench(verbs.add_parser("bench", help="measure speed and sizes on the built-in data"))


def _add_bench(bench: argparse.ArgumentParser) -> None:
    bench.add_argument("--browser", action="store_true", help="also time map loads in headless Chromium")
    bench.add_argument("--check", action="store_true", help="instead: fail when a speed ratio or memory budget slips")
    bench.add_argument("--events", type=int, action="append", metavar="N",
                       help="instead: the page with N synthetic events (repeat for several sizes), "
                            "beside the naive one-marker-per-event map at 5 000")
    bench.add_argument("--viewers", type=int, metavar="N",
                       help="instead: N concurrent readers changing filters and chapters (browsers, or see --client)")
    bench.add_argument("--client", choices=("browser", "protocol"), default="browser",
                       help="with --viewers: Chromium pages, or Streamlit's websocket protocol from one process")
    bench.add_argument("--store", nargs="?", const="", metavar="URL",
                       help="instead: the PostgreSQL dataset store (URL, default $ATLAS_STORE) beside GeoPackage files")
    bench.add_argument("--processes", type=int, default=0, metavar="N",
                       help="with --viewers: through nginx in front of N serve processes (see `cluster`)")
    bench.add_argument("--kill-one", action="store_true",
                       help="with --processes: kill one process halfway through and report its viewers' reconnect")
    bench.add_argument("--seconds", type=float, default=60.0, help="how long the viewers run (default 60)")
    bench.add_argument("--think", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"),
                       help="seconds each viewer looks at the map before a change, drawn uniformly (default 2 5)")
    bench.add_argument("--same-priority", action="store_true",
                       help="run the viewers' browsers at the server's CPU priority (default: nice 10)")


def cmd_bench(args: argparse.Namespace) -> int:
    import subprocess

    from dashboard.bench import run

    try:
        return run(args)
    except (subprocess.CalledProcessError, RuntimeError) as exc:
        detail = (getattr(exc, "stderr", "") or str(exc)).strip().splitlines()
        raise CliError(f"benchmark failed: {detail[-1] if detail else exc}") from None


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.server.serve import serve

    return serve(port=args.port, offline=args.offline)


def cmd_cluster(args: argparse.Namespace) -> int:
    from dashboard.server.cluster import ClusterError, run

    try:
        return run(args.processes, args.port, args.offline, args.address)
    except ClusterError as exc:
        raise CliError(str(exc)) from None


COMMANDS = {"serve": cmd_serve, "cluster": cmd_cluster, "bench": cmd_bench}
