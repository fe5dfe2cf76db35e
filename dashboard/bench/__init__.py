"""Benchmarks behind ``python -m dashboard bench``: outside the product code path.

:func:`run` dispatches the verb's arguments to one benchmark, imported only when it runs:

- :mod:`~dashboard.bench.page`: the figures on the built-in data (``bench [--browser]``);
- :mod:`~dashboard.bench.scale`: the page with N synthetic events beside the naive map
  (:mod:`~dashboard.bench.naive_app`) (``bench --events N``);
- :mod:`~dashboard.bench.viewers`: N concurrent browser sessions (``bench --viewers N``), also
  through nginx in front of several processes (``--processes``, ``--kill-one``);
- :mod:`~dashboard.bench.protocol_viewers`: N readers speaking Streamlit's websocket protocol from
  one process, no browser (``bench --viewers N --client protocol [--processes N]``);
- :mod:`~dashboard.bench.import_speed`: imports of synthetic CSV files (also ``python -m``).
- :mod:`~dashboard.bench.store_speed`: the PostgreSQL store beside GeoPackage files (``bench --store [URL]``).
- :mod:`~dashboard.bench.check`: the guard of the test command, ratios and budgets (``bench --check``).

Playwright is imported only inside the functions of :mod:`~dashboard.bench.browser` and
:mod:`~dashboard.bench.viewers` that drive a browser, so the plain ``bench`` runs without it.
"""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Run the benchmark the ``bench`` verb's arguments ask for; print its report, return the exit code."""
    if getattr(args, "check", False):
        from dashboard.bench.check import run as run_check

        return run_check()
    if args.viewers and getattr(args, "client", "browser") == "protocol":
        if args.kill_one:
            raise RuntimeError("--kill-one is measured with browsers (--client browser), which reconnect")
        from dashboard.bench.protocol_viewers import run as run_protocol

        return run_protocol(args.viewers, args.seconds, tuple(args.think), args.processes)
    if args.viewers:
        from dashboard.bench.viewers import run as run_viewers

        return run_viewers(args.viewers, args.seconds, tuple(args.think), args.same_priority,
                           args.processes, args.kill_one)
    if getattr(args, "store", None) is not None:
        from dashboard.bench.store_speed import run_from_cli

        return run_from_cli(args.store)
    if args.events:
        from dashboard.bench.scale import run as run_scale

        return run_scale(args.events)
    from dashboard.bench.page import run as run_page

    return run_page(browser=args.browser)
