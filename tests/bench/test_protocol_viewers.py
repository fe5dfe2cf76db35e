"""``bench --viewers N --client protocol``: readers without browsers, against a real server behind nginx."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.bench.protocol_viewers import XSRF_COOKIE, page_cookies, run_viewers
from dashboard.bench.viewers import running_servers
from dashboard.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def test_protocol_viewers_behind_the_balancer_stay_on_one_process_change_the_page_and_read_every_run() -> None:
    with running_servers(2) as (url, pids, upstreams):
        cookies, upstream = page_cookies(url)
        viewers, cpu = asyncio.run(run_viewers(url, 4, 6.0, pids, (0.3, 0.8)))
    assert {"atlas_route", XSRF_COOKIE} <= set(cookies), "the balancer's route and Streamlit's XSRF cookie"
    assert upstream in upstreams
    for viewer in viewers:
        # No error includes: the websocket reached the process its page came from (the route cookie went
        # with it; without it, nginx hashes a fresh route and half the websockets land elsewhere).
        assert viewer.errors == []
        assert viewer.load_time is not None
        assert viewer.upstream in upstreams
        assert viewer.times, "the viewer made changes"
        assert viewer.page.finished == ForwardMsg.FINISHED_SUCCESSFULLY, "it read the last run to script_finished"
        assert "chapter=" in viewer.page.query_string or "cartel=" in viewer.page.query_string
        assert viewer.page.map_reported
    assert cpu["servers"] > 0


def test_kill_one_is_refused_with_the_protocol_client_before_any_server_starts(capsys) -> None:
    code = main(["bench", "--viewers", "2", "--client", "protocol", "--processes", "2", "--kill-one"])
    assert code == 2
    assert "--kill-one is measured with browsers" in capsys.readouterr().err


def test_the_protocol_client_needs_no_playwright() -> None:
    code = ("import sys; sys.modules['playwright'] = None\n"
            "import dashboard.bench.protocol_viewers\n"
            "from dashboard.cli.main import build_parser\n"
            "args = build_parser().parse_args('bench --viewers 50 --client protocol --processes 2'.split())\n"
            "print(args.client, args.viewers, args.processes)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["protocol", "50", "2"]
