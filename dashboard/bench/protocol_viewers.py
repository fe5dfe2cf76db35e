"""``python -m dashboard bench --viewers 50 --client protocol``: many readers, no browser, one client core.

The browser bench (:mod:`dashboard.bench.viewers`) runs a Chromium page per reader on the
server's own cores, and the pages take most of them: it measures the browsers as much as the
server. Here each reader is a websocket speaking Streamlit's protocol as the browser does
(:class:`~dashboard.bench.protocol_page.Page`), and all of them run in this one asyncio process,
whose own CPU is reported with the servers', so the report shows that it left them their cores.

Each viewer opens the page as a browser does: ``GET /`` (through nginx this sets the
``atlas_route`` cookie that keeps it on one process), ``GET /_stcore/health`` (Streamlit's XSRF
cookie), then the websocket ``/_stcore/stream`` with those cookies, the ``streamlit``
subprotocol and the XSRF token. It asks for the first run, sends the map's first report, and
waits for the whole page. Then, for ``seconds``, it looks at the map for a random ``think``
time and makes the changes the browser bench makes: the next or previous chapter, or, while no
cartel is chosen, one cartel. A change is timed from sending its rerun to ``script_finished``:
the server's whole answer, not the drawing, which a reader's machine does. Browser figures end to
end stay with ``bench --viewers N`` (the default ``--client browser``).

Errors: the app's exception boxes, a change that did not rewrite the address (the page did not
take it), a run that did not finish within the timeout, a closed connection, and a websocket
that reached another process than its page.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
import urllib.request
from collections import Counter

from dashboard.bench.protocol_page import RUN_DONE, Page, subprotocols
from dashboard.bench.viewers import REDRAW_TIMEOUT, THINK, percentile, running_servers, tree_cpu_seconds
from dashboard.ui.state import K_CARTELS, K_CHAPTER_NEXT, K_CHAPTER_PREV

OPEN_TIMEOUT = 180.0  # seconds for the page, the websocket and the first two runs (all viewers open at once)
XSRF_COOKIE = "_streamlit_xsrf"
UPSTREAM_HEADER = "X-Atlas-Upstream"  # which process nginx sent a request to (server/nginx.conf.template)
TARGET_P95 = 1.0


def page_cookies(base_url: str) -> tuple[dict[str, str], str]:
    """The cookies a browser holds before it opens the websocket, and the process that answered.

    ``GET /`` is where nginx sets ``atlas_route``; the frontend's first health check is where
    Streamlit sets its XSRF cookie, whose value the frontend sends as the second subprotocol.
    """
    cookies: dict[str, str] = {}
    upstream = ""
    for path in ("", "_stcore/health"):
        request = urllib.request.Request(base_url + path, headers={"Cookie": cookie_header(cookies)})
        with urllib.request.urlopen(request, timeout=OPEN_TIMEOUT) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                cookies[name.strip()] = value.strip()
            upstream = upstream or response.headers.get(UPSTREAM_HEADER, "")
    return cookies, upstream


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since boot (Linux ``/proc/stat``): what is
    left after the servers, the balancer and this client is other work sharing the machine."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle, and waiting for input/output
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")  # user … steal; guest time is inside user


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class ProtocolViewer:
    """One reader. ``drawn_views`` (shared by all viewers) holds, per process, the addresses of the views
    it has drawn: the page's caches are by view, so a view's first drawing in a process costs more."""

    def __init__(self, number: int, url: str, think: tuple[float, float] = THINK,
                 drawn_views: dict[str, set[str]] | None = None) -> None:
        self.number, self.url, self.think = number, url, think
        self.drawn_views = {} if drawn_views is None else drawn_views
        self.first_drawings: list[bool] = []  # per change: the first time its process drew that view
        self.rng = random.Random(number)
        self.page = Page(url)
        self.times: list[float] = []          # rerun sent -> script_finished, per change
        self.change_bytes: list[int] = []     # what the server sent for each change
        self.kinds: Counter[str] = Counter()
        self.errors: list[str] = []
        self.load_time: float | None = None
        self.upstream = ""
        self.ws = None

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        cookies, self.upstream = await asyncio.to_thread(page_cookies, self.url)
        # A browser sends no pings of its own (the server's are answered), nor compresses unasked.
        self.ws = await connect(self.url.replace("http", "ws", 1) + "_stcore/stream",
                                subprotocols=subprotocols(cookies.get(XSRF_COOKIE)), origin=self.url.rstrip("/"),
                                additional_headers={"Cookie": cookie_header(cookies)}, max_size=None,
                                ping_interval=None, open_timeout=OPEN_TIMEOUT)
        reached = self.ws.response.headers.get(UPSTREAM_HEADER, "")
        if self.upstream and reached and reached != self.upstream:
            self.errors.append(f"viewer {self.number}: the page came from {self.upstream}, its websocket "
                               f"reached {reached}")
        await self.send_and_wait(self.page.rerun(), OPEN_TIMEOUT)
        report = self.page.map_reports()
        if report is None:
            raise RuntimeError("the first run drew no map")
        await self.send_and_wait(report, OPEN_TIMEOUT)

    async def send_and_wait(self, msg, timeout: float) -> tuple[float, int]:
        """Send a rerun; read until its ``script_finished``. Returns (seconds, bytes received)."""
        start, received = time.perf_counter(), 0
        await self.ws.send(msg.SerializeToString())
        async with asyncio.timeout(timeout):
            while self.page.finished not in RUN_DONE:
                data = await self.ws.recv()
                received += len(data)
                self.page.receive(data)
        return time.perf_counter() - start, received

    def next_change(self) -> tuple[str, object]:
        """The browser bench's reader: a chapter step mostly, one cartel while none is chosen."""
        page = self.page
        if self.rng.random() < 0.6 or "cartel=" in page.query_string:
            key = K_CHAPTER_PREV if page.element(K_CHAPTER_NEXT).disabled else K_CHAPTER_NEXT
            if self.rng.random() < 0.3 and not page.element(K_CHAPTER_PREV).disabled:
                key = K_CHAPTER_PREV
            return "chapter", page.rerun(pressed=key)
        page.choose(K_CARTELS, [self.rng.choice(list(page.element(K_CARTELS).options))])
        return "cartel", page.rerun()

    async def change(self) -> None:
        kind, msg = self.next_change()
        seen = len(self.page.errors)
        try:
            took, received = await self.send_and_wait(msg, REDRAW_TIMEOUT)
        except TimeoutError:
            raise RuntimeError(f"a {kind} change did not finish in {REDRAW_TIMEOUT:.0f} s") from None
        self.errors += [f"viewer {self.number}: after a {kind} change {e}" for e in self.page.errors[seen:]]
        if not self.page.url_changed:
            self.errors.append(f"viewer {self.number}: a {kind} change left the address as it was "
                               f"({self.page.query_string[:120]})")
        views = self.drawn_views.setdefault(self.upstream, set())
        self.first_drawings.append(self.page.query_string not in views)
        views.add(self.page.query_string)
        self.times.append(took)
        self.change_bytes.append(received)
        self.kinds[kind] += 1

    async def open_timed(self) -> None:
        start = time.perf_counter()
        try:
            await self.open()
            self.load_time = time.perf_counter() - start
            self.drawn_views.setdefault(self.upstream, set()).add(self.page.query_string)
            self.errors += [f"viewer {self.number}: on opening {e}" for e in self.page.errors]
        except Exception as exc:  # reported, not raised: the others go on
            self.errors.append(f"viewer {self.number}: opening failed: {type(exc).__name__}: {str(exc)[:200]}")

    async def run(self, deadline: float) -> None:
        if self.load_time is None:
            return
        try:
            while time.monotonic() < deadline:
                await asyncio.sleep(self.rng.uniform(*self.think))
                if time.monotonic() < deadline:  # no change starts after the time is up
                    await self.change()
        except Exception as exc:  # a closed connection, a timeout: reported, the others go on
            self.errors.append(f"viewer {self.number}: {type(exc).__name__}: {str(exc)[:200]}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def run_viewers(url: str, count: int, seconds: float, server_pids: list[int],
                      think: tuple[float, float]) -> tuple[list[ProtocolViewer], dict[str, float]]:
    """Open every viewer at once, let them change the page for ``seconds``; the viewers and the CPU
    seconds spent meanwhile by the servers, the balancer (nginx), this client and other work on the
    machine, with the seconds it took (``elapsed``: until the last change ended)."""
    drawn_views: dict[str, set[str]] = {}
    viewers = [ProtocolViewer(n, url, think, drawn_views) for n in range(1, count + 1)]
    await asyncio.gather(*(v.open_timed() for v in viewers))
    server_before = [tree_cpu_seconds(pid) for pid in server_pids]
    all_before, own_before = tree_cpu_seconds(os.getpid()), time.process_time()
    machine_before, start = machine_busy_seconds(), time.monotonic()
    await asyncio.gather(*(v.run(start + seconds) for v in viewers))
    elapsed = time.monotonic() - start  # the last changes end after the time is up
    servers = sum(tree_cpu_seconds(pid) - before for pid, before in zip(server_pids, server_before, strict=True))
    client = time.process_time() - own_before
    ours = tree_cpu_seconds(os.getpid()) - all_before
    others = max(0.0, machine_busy_seconds() - machine_before - ours)
    await asyncio.gather(*(v.close() for v in viewers), return_exceptions=True)
    return viewers, {"servers": servers, "balancer": max(0.0, ours - servers - client), "client": client,
                     "others": others, "elapsed": elapsed}


def run(count: int = 50, seconds: float = 60.0, think: tuple[float, float] = THINK, processes: int = 0) -> int:
    with running_servers(processes) as (url, pids, _):
        viewers, cpu = asyncio.run(run_viewers(url, count, seconds, pids, think))
    where = f"nginx in front of {processes} offline processes" if processes else "one offline server"
    print(f"{count} protocol viewers (no browser; one client process) against {where}; all open at once, "
          f"then {seconds:.0f} s of changes (each viewer looks {think[0]:g}–{think[1]:g} s at the map first)")
    if processes:
        per = Counter(v.upstream or "unknown" for v in viewers)
        print("viewers per process: " + ", ".join(f"{u} {n}" for u, n in sorted(per.items())))
    errors = report(viewers, cpu, max(processes, 1))
    return 0 if any(v.times for v in viewers) and not errors else 1


def spread(times: list[float]) -> str:
    return (f"p50 {statistics.median(times):.2f} s, p95 {percentile(times, 95):.2f} s, "
            f"max {max(times):.2f} s")


def report(viewers: list[ProtocolViewer], cpu: dict[str, float], processes: int) -> list[str]:
    """Print opening, changes, times, bytes, CPU and errors; return the errors."""
    loads = [v.load_time for v in viewers if v.load_time is not None]
    times = [t for v in viewers for t in v.times]
    errors = [e for v in viewers for e in v.errors]
    if loads:
        print(f"opening (page, websocket, first run, the map's report, whole page): "
              f"p50 {statistics.median(loads):.2f} s, max {max(loads):.2f} s")
    seconds = cpu["elapsed"]
    kinds = sum((v.kinds for v in viewers), Counter())
    print(f"changes: {len(times)} in {seconds:.0f} s ({len(times) / seconds:.2f} per second; "
          + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())) + ")")
    if times:
        print(f"rerun sent -> script_finished: {spread(times)}   (target: p95 ≤ {TARGET_P95:g} s)")
        for first, what in ((False, "a view its process had drawn before"), (True, "its first drawing there")):
            some = [t for v in viewers for t, f in zip(v.times, v.first_drawings, strict=True) if f == first]
            if some:
                print(f"  of which {len(some)} to {what}: {spread(some)}")
        sent = [b for v in viewers for b in v.change_bytes]
        print(f"received per change: median {statistics.median(sent) / 1024:.0f} kB")
        share = cpu["servers"] / (seconds * processes) * 100
        print(f"CPU while changing: servers {cpu['servers']:.1f} s "
              f"({cpu['servers'] / len(times) * 1000:.0f} ms per change; {share:.0f}% of {processes} "
              f"core{'s' if processes > 1 else ''}), balancer {cpu['balancer']:.1f} s, this client "
              f"{cpu['client']:.1f} s ({cpu['client'] / seconds * 100:.0f}% of one core)")
        print(f"other work on the machine meanwhile: {cpu['others']:.0f} CPU seconds "
              f"({cpu['others'] / seconds:.1f} of its {os.cpu_count()} cores)")
    unsent = set().union(*(v.page.not_modelled for v in viewers))
    if unsent:
        print("widgets drawn that this client never sends (a reader of this bench does not use them): "
              + ", ".join(sorted(unsent)))
    print(f"errors: {len(errors)}   (target: 0)")
    for line in errors[:20]:
        print("  " + line)
    return errors
