"""``python -m dashboard bench --viewers 10``: many readers on one server, measured in a real browser.

One offline server, one headless Chromium, one browser context per viewer. All viewers open
the page at once (their load times are reported); then, for ``seconds``, every viewer looks
at the map for a random ``think`` time and changes what it shows: the next or previous
chapter (filters and view change), or, while no cartel is chosen, one cartel in the filter.

Each change is timed in the page, on the wall clock the browser and this script share: from
the reader's input (the click on the chapter button or on the cartel's option) to the map
drawing different features or a different view (polled in the map's frame every 50 ms), and
to the page being idle again (the script has finished and every element is up to date). The
time Playwright takes to find, scroll to and check a button before it clicks, and to open the
cartel list, is not the app's and is reported apart, as "bot's view".
The browsers stand in for readers' machines but share the server's cores here, and use about
nine tenths of them. They and Playwright run at nice 10, so the server gets the CPU it would have
to itself in a deployment; the renderers still compete with each other, which real readers do
not. ``--same-priority`` measures them at the server's priority. Either way Chromium is kept
from raising its own priority (see :func:`hold_browsers_at`).
Errors are the app's exception boxes, page errors, console errors and changes that did not
redraw within the timeout. The CPU time of the server and of the browsers is reported per
change: on one machine they share the same cores, and the browsers use most of them.

With ``processes`` the viewers go through nginx in front of that many serve processes
(:mod:`dashboard.server.cluster`); each viewer's process is read from the ``X-Atlas-Upstream`` header.
With ``kill_one`` as well, the first process is killed halfway through: the report says how many of
its viewers saw Streamlit's reconnect (the page's connection state, sampled in the page) and
counts their errors apart from the others'.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dashboard.bench.browser import CHROMIUM, CHROMIUM_ARGS, PAGE_COMPLETE, offline_server, require_playwright

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Frame

APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']"
DRAWN = """() => { if (!window.map) return null; const ids = [];
  map.eachLayer(l => { if (l.feature) ids.push(l.feature.properties.layer + '/' + l.feature.properties.id); });
  ids.sort(); const c = map.getCenter();
  return ids.length + '|' + ids.join(',') + '|' + c.lat.toFixed(3) + ',' + c.lng.toFixed(3) + ',' + map.getZoom(); }"""
# When the reader's last click happened, on the page's wall clock (the option click, for a cartel).
RECORD_INPUT = "document.addEventListener('click', () => { window.__atlasInputAt = Date.now(); }, true);"
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# Every connection state the page passes through, with the time (a reconnect can be brief).
RECORD_STATES = """window.__atlasStates = []; setInterval(() => {
  const app = document.querySelector("[data-testid='stApp']");
  const state = app ? app.getAttribute('data-test-connection-state') : '';
  const last = window.__atlasStates[window.__atlasStates.length - 1];
  if (!last || last[1] !== state) window.__atlasStates.push([Date.now(), state]); }, 20);"""
REDRAW_TIMEOUT = 30.0
THINK = (2.0, 5.0)  # default: seconds a viewer looks at the map before each change


class Viewer:
    def __init__(self, number: int, context: BrowserContext, url: str, think: tuple[float, float] = THINK) -> None:
        self.number, self.context, self.url, self.think = number, context, url, think
        self.times: list[float] = []       # input -> map redrawn (the target's measure)
        self.idle_times: list[float] = []  # input -> page idle
        self.bot_times: list[float] = []   # the bot starts to act -> page idle
        self.errors: list[str] = []
        self.rng = random.Random(number)
        self.load_time: float | None = None
        self.upstream = ""  # the process nginx sent this viewer to (behind the balancer)
        self.reconnected = False  # the page's connection was lost and came back after a process was killed
        self.done_at: list[float] = []  # when each timed change ended (wall clock, ms)

    async def frame(self) -> Frame:
        page = self.page
        for _ in range(100):
            frame = next((f for f in page.frames if "streamlit_folium.st_folium" in f.url), None)
            if frame is not None:
                return frame
            await asyncio.sleep(0.05)
        raise RuntimeError("the map iframe is missing")

    async def open(self) -> None:
        self.page = await self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"viewer {self.number}: page error {exc}"))
        self.page.on("console", lambda msg: self.errors.append(f"viewer {self.number}: console {msg.text}")
                     if msg.type == "error" else None)
        response = await self.page.goto(self.url)
        self.upstream = response.headers.get("x-atlas-upstream", "") if response else ""
        await self.page.locator(PAGE_COMPLETE).wait_for(timeout=60_000)
        await self.page.locator(APP_IDLE).wait_for(timeout=60_000)

    async def act(self) -> str:
        sidebar = self.page.get_by_test_id("stSidebar")
        # A cartel is added only while none is chosen, so the change always alters the map
        # (from all cartels to one); chapters set their own filters and view.
        if self.rng.random() < 0.6 or "cartel=" in self.page.url:
            nxt = sidebar.get_by_role("button", name="Next ▶")
            button = nxt if await nxt.is_enabled() else sidebar.get_by_role("button", name="◀ Previous")
            if self.rng.random() < 0.3 and await sidebar.get_by_role("button", name="◀ Previous").is_enabled():
                button = sidebar.get_by_role("button", name="◀ Previous")
            await button.click()
            return "chapter"
        await sidebar.get_by_role("combobox", name="Cartels").click()
        options = self.page.get_by_role("option")
        await options.first.wait_for(timeout=10_000)
        labels = await options.all_inner_texts()
        # By name, not position: the list is virtualised, and scrolling changes which options
        # exist. Scroll the option into view and let the page see the scroll before clicking, as
        # it does for a reader: the list lays its options out again when its scroll event
        # arrives, a frame after the scroll. Playwright's own scroll-and-click can press an
        # option in that frame; the press then ends on the list, and nothing is chosen.
        option = self.page.get_by_role("option", name=self.rng.choice(labels), exact=True)
        await option.scroll_into_view_if_needed()
        await self.page.evaluate(NEXT_FRAMES)
        await option.click()
        await self.page.keyboard.press("Escape")
        return "cartel"

    async def change_and_time(self) -> None:
        frame = await self.frame()
        before = await frame.evaluate(DRAWN)
        bot_start = time.time()
        kind = await self.act()
        try:
            # Both waits poll inside the browser, not over the wire: ten viewers polling from
            # Python would load the 2 cores that the server and the renderers share.
            drawn = await frame.wait_for_function(f"sig => ({DRAWN})() !== sig && Date.now()", arg=before,
                                                  polling=50, timeout=REDRAW_TIMEOUT * 1000)
            drawn_at = await drawn.json_value() / 1000
            await self.page.locator(APP_IDLE).wait_for(timeout=REDRAW_TIMEOUT * 1000)
            idle_at = time.time()
            input_at = await self.page.evaluate("() => window.__atlasInputAt") / 1000
        except Exception as exc:  # a timeout is a reported error
            chose_nothing = kind == "cartel" and not await self.page.get_by_test_id("stSidebar") \
                .get_by_test_id("stMultiSelect").first.locator("[data-tag]").count()
            self.errors.append(f"viewer {self.number}: a {kind} change did not redraw the map in "
                               f"{REDRAW_TIMEOUT:.0f} s ({type(exc).__name__}: {str(exc).splitlines()[0][:120]}; "
                               f"page {self.page.url.partition('?')[2][:120]}"
                               + ("; the cartel list shows no choice: the click chose nothing" if chose_nothing else "")
                               + ")")
            return
        self.times.append(drawn_at - input_at)
        self.done_at.append(time.time() * 1000)
        self.idle_times.append(max(drawn_at, idle_at) - input_at)
        self.bot_times.append(idle_at - bot_start)
        if await self.page.get_by_test_id("stException").count():
            self.errors.append(f"viewer {self.number}: the app raised an exception after a {kind} change")

    async def open_timed(self) -> None:
        start = time.perf_counter()
        try:
            await self.open()
            self.load_time = time.perf_counter() - start
        except Exception as exc:  # reported, not raised: the others go on
            self.errors.append(f"viewer {self.number}: opening failed: {type(exc).__name__}: "
                               f"{str(exc).splitlines()[0][:200]}")

    async def left_connected_since(self, at_ms: float) -> bool:
        """Whether the page's connection left CONNECTED after ``at_ms`` (page clock): a reconnect."""
        seen = await self.page.evaluate("() => window.__atlasStates")
        return any(t >= at_ms and state != "CONNECTED" for t, state in seen)

    async def run(self, deadline: float) -> None:
        if self.load_time is None:
            return
        try:
            while time.monotonic() < deadline:
                # A reader looks at the map before each change, the first one included, so the
                # viewers do not all click in the same instant after opening together.
                await asyncio.sleep(self.rng.uniform(*self.think))
                await self.change_and_time()
        except Exception as exc:  # reported, not raised: the others go on
            self.errors.append(f"viewer {self.number}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")


async def _kill_later(pid: int, after: float, killed_at: list[float]) -> None:
    import os
    import signal

    await asyncio.sleep(after)
    killed_at.append(time.time() * 1000)  # the pages' clock: the same wall clock
    os.kill(pid, signal.SIGKILL)  # serve becomes Streamlit: this is the server itself


async def _viewers(url: str, count: int, seconds: float, server_pids: list[int], think: tuple[float, float],
                   kill_pid: int | None = None) -> tuple[list[Viewer], float, float, float | None]:
    """Open every viewer (all at once), then let them change the map for ``seconds``.

    Returns the viewers, the CPU seconds the servers and the browser (with Playwright) spent
    during the changing phase (on one machine they share the same cores), and when ``kill_pid``
    was killed (halfway through; milliseconds on the pages' clock), if it was.
    """
    import os

    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        viewers = []
        for number in range(1, count + 1):
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            await context.add_init_script(RECORD_INPUT)
            await context.add_init_script(RECORD_STATES)
            viewers.append(Viewer(number, context, url, think))
        await asyncio.gather(*(v.open_timed() for v in viewers))
        server_before = [tree_cpu_seconds(pid) for pid in server_pids]
        all_before = tree_cpu_seconds(os.getpid())
        deadline, killed_at = time.monotonic() + seconds, []
        killer = [_kill_later(kill_pid, seconds / 2, killed_at)] if kill_pid else []
        await asyncio.gather(*(v.run(deadline) for v in viewers), *killer)
        # A killed process's CPU is lost with it: the servers' figure is then the survivors'.
        server_cpu = sum(max(0.0, tree_cpu_seconds(pid) - before) for pid, before in zip(server_pids, server_before,
                                                                                          strict=True))
        client_cpu = tree_cpu_seconds(os.getpid()) - all_before - server_cpu
        for v in viewers:
            v.reconnected = bool(killed_at) and v.load_time is not None and await v.left_connected_since(killed_at[0])
        await browser.close()
    return viewers, server_cpu, client_cpu, killed_at[0] if killed_at else None


@contextlib.contextmanager
def running_servers(processes: int) -> Iterator[tuple[str, list[int], list[str]]]:
    """(URL, server process ids, their names in nginx's ``$upstream_addr``): one offline server, or
    nginx in front of ``processes`` of them."""
    if not processes:
        pid: list[int] = []
        with offline_server(pid_out=pid) as url:
            yield url, pid, []
        return
    from dashboard.server.cluster import free_port, running_cluster

    with running_cluster(processes, free_port(), offline=True) as cluster:
        yield cluster.url, [p.pid for p in cluster.processes], [cluster.upstream(i) for i in range(processes)]


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants (Linux /proc)."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    tree, total = {pid}, 0.0
    for _ in range(8):  # a few generations: serve -> streamlit
        tree |= {p for p, (ppid, _) in stats.items() if ppid in tree}
    for p in tree:
        total += stats.get(p, (0, 0.0))[1]
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


BROWSER_NICE = 10  # the browsers' CPU priority below the server's (see the module's text)
_PR_CAPBSET_DROP, _CAP_SYS_NICE = 24, 23  # <linux/prctl.h>, <linux/capability.h>


def hold_browsers_at(nice: int) -> None:
    """Run what this process starts from now on (Playwright, Chromium) at ``nice``, and keep it there.

    Chromium sets its processes' priorities itself where it may: run as root, it raises its
    browser and GPU processes to nice -8, above the server, and puts the page renderers at 0.
    Without the CAP_SYS_NICE capability no process can raise its priority, so Chromium's
    processes stay at the priority they were started with. Dropping the capability from this
    process's bounding set takes it from every program started after this call; a user
    without it (not root) never had it.
    """
    import contextlib
    import ctypes
    import os

    if nice:
        os.nice(nice)
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the priorities are the platform's
        ctypes.CDLL(None, use_errno=True).prctl(_PR_CAPBSET_DROP, _CAP_SYS_NICE, 0, 0, 0)


def run(count: int = 10, seconds: float = 60.0, think: tuple[float, float] = THINK,
        same_priority: bool = False, processes: int = 0, kill_one: bool = False) -> int:
    require_playwright()
    if kill_one and processes < 2:
        raise RuntimeError("--kill-one needs --processes 2 or more: the viewers need a live process to move to")
    with running_servers(processes) as (url, pids, upstreams):
        hold_browsers_at(0 if same_priority else BROWSER_NICE)  # the servers are running: they keep nice 0
        viewers, server_cpu, client_cpu, killed_at = asyncio.run(
            _viewers(url, count, seconds, pids, think, pids[0] if kill_one else None))
    where = f"nginx in front of {processes} offline processes" if processes else "one offline server"
    print(f"{count} viewers against {where}; all open at once, then {seconds:.0f} s of changes "
          f"(each viewer looks {think[0]:g}–{think[1]:g} s at the map before each change); browsers at "
          + ("the server's CPU priority" if same_priority else f"nice {BROWSER_NICE}, the server at 0"))
    if processes:
        print("viewers per process: " + ", ".join(f"{u} {n}" for u, n in viewers_per_process(viewers).items()))
    errors = _report(viewers, seconds, server_cpu, client_cpu)
    if killed_at is not None:
        errors = _report_kill(viewers, upstreams[0], killed_at)
    return 0 if any(v.times for v in viewers) and not errors else 1


def viewers_per_process(viewers: list[Viewer]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in viewers:
        counts[v.upstream or "unknown"] = counts.get(v.upstream or "unknown", 0) + 1
    return dict(sorted(counts.items()))


def _report(viewers: list[Viewer], seconds: float, server_cpu: float, client_cpu: float) -> list[str]:
    """Print load times, change times, changes per second, CPU and errors; return the errors."""
    loads = [v.load_time for v in viewers if v.load_time is not None]
    times = [t for v in viewers for t in v.times]
    errors = [e for v in viewers for e in v.errors]
    if loads:
        print(f"opening, all at once: p50 {statistics.median(loads):.2f} s, max {max(loads):.2f} s")
    print(f"changes timed: {len(times)} ({len(times) / seconds:.2f} per second)")
    if times:
        for label, values, target in (("input -> map redrawn", times, "   (target: p95 ≤ 3 s)"),
                                      ("input -> page idle", [t for v in viewers for t in v.idle_times], ""),
                                      ("bot's view: it starts to act -> page idle",
                                       [t for v in viewers for t in v.bot_times], "")):
            print(f"{label}: p50 {statistics.median(values):.2f} s, p95 {percentile(values, 95):.2f} s, "
                  f"max {max(values):.2f} s{target}")
        for who, cpu in (("servers", server_cpu), ("browsers and Playwright", client_cpu)):
            print(f"CPU of the {who} while changing: {cpu:.1f} s in {seconds:.0f} s "
                  f"({cpu / len(times) * 1000:.0f} ms per change)")
    print(f"errors: {len(errors)}   (target: 0)")
    for line in errors[:20]:
        print("  " + line)
    return errors


def _report_kill(viewers: list[Viewer], killed: str, killed_at: float) -> list[str]:
    """The killed process's viewers apart from the others; return the others' errors (they must have none)."""
    moved = [v for v in viewers if v.upstream == killed]
    stayed = [v for v in viewers if v.upstream != killed]
    print(f"killed halfway: the process at {killed}, serving {len(moved)} viewers; "
          f"{sum(v.reconnected for v in moved)} of them saw the reconnect, "
          f"{sum(bool(v.errors) for v in moved)} had errors ({sum(len(v.errors) for v in moved)} in all); "
          f"after the kill they made {sum(t > killed_at for v in moved for t in v.done_at)} changes that redrew")
    others = [e for v in stayed for e in v.errors]
    print(f"the other {len(stayed)} viewers: {sum(v.reconnected for v in stayed)} saw a reconnect, "
          f"{len(others)} errors   (target: 0)")
    return others
