"""``python -m dashboard bench --viewers 10``: many readers on one server, measured in a real browser.

One offline server, one headless Chromium, one browser context per viewer. Every viewer
keeps changing what the map shows for ``seconds``: the next or previous chapter (filters
and view change), or, while no cartel is chosen, one cartel in the filter. Each change is timed from the click to
the map being redrawn: the script idle again and the map's drawn features (or view)
different from before. Errors are the app's exception boxes, page errors, console errors
and changes that did not redraw within the timeout.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time

from dashboard.bench import CHROMIUM, CHROMIUM_ARGS, PAGE_COMPLETE, offline_server

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']"
DRAWN = """() => { if (!window.map) return null; const ids = [];
  map.eachLayer(l => { if (l.feature) ids.push(l.feature.properties.layer + '/' + l.feature.properties.id); });
  ids.sort(); const c = map.getCenter();
  return ids.length + '|' + ids.join(',') + '|' + c.lat.toFixed(3) + ',' + c.lng.toFixed(3) + ',' + map.getZoom(); }"""
CARTELS = ("Sinaloa Cartel", "Jalisco New Generation Cartel", "Cartel del Noreste", "Gulf Cartel",
           "Santa Rosa de Lima Cartel", "La Nueva Familia Michoacana")
REDRAW_TIMEOUT = 30.0


class Viewer:
    def __init__(self, number: int, context, url: str) -> None:  # noqa: ANN001
        self.number, self.context, self.url = number, context, url
        self.times: list[float] = []
        self.errors: list[str] = []
        self.rng = random.Random(number)

    async def frame(self):  # noqa: ANN201
        page = self.page
        for _ in range(100):
            frame = next((f for f in page.frames if "streamlit_folium.st_folium" in f.url), None)
            if frame is not None:
                return frame
            await asyncio.sleep(0.05)
        raise RuntimeError("the map iframe is missing")

    async def drawn(self) -> str | None:
        try:
            return await (await self.frame()).evaluate(DRAWN)
        except Exception:  # noqa: BLE001 - the frame may be reloading; the caller polls again
            return None

    async def open(self) -> None:
        self.page = await self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"viewer {self.number}: page error {exc}"))
        self.page.on("console", lambda msg: self.errors.append(f"viewer {self.number}: console {msg.text}")
                     if msg.type == "error" else None)
        await self.page.goto(self.url)
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
        await options.nth(self.rng.randrange(await options.count())).click()
        await self.page.keyboard.press("Escape")
        return "cartel"

    async def change_and_time(self) -> None:
        before = await self.drawn()
        start = time.perf_counter()
        kind = await self.act()
        await asyncio.sleep(0.1)
        while time.perf_counter() - start < REDRAW_TIMEOUT:
            idle = await self.page.locator(APP_IDLE).count() == 1
            if idle and await self.page.get_by_test_id("stException").count():
                self.errors.append(f"viewer {self.number}: the app raised an exception after a {kind} change")
                return
            now = await self.drawn()
            if idle and now is not None and now != before:
                self.times.append(time.perf_counter() - start)
                return
            await asyncio.sleep(0.05)
        self.errors.append(f"viewer {self.number}: a {kind} change did not redraw the map in {REDRAW_TIMEOUT:.0f} s")

    async def run(self, deadline: float) -> None:
        try:
            await self.open()
            while time.monotonic() < deadline:
                await self.change_and_time()
                await asyncio.sleep(self.rng.uniform(0.5, 1.5))  # a reader looks before the next change
        except Exception as exc:  # noqa: BLE001 - reported, not raised: the others go on
            self.errors.append(f"viewer {self.number}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")


async def _viewers(url: str, count: int, seconds: float) -> list[Viewer]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        viewers = [Viewer(i + 1, await browser.new_context(viewport={"width": 1280, "height": 900}), url)
                   for i in range(count)]
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(v.run(deadline) for v in viewers))
        await browser.close()
    return viewers


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def run(count: int = 10, seconds: float = 60.0) -> int:
    with offline_server() as url:
        viewers = asyncio.run(_viewers(url, count, seconds))
    times = [t for v in viewers for t in v.times]
    errors = [e for v in viewers for e in v.errors]
    print(f"{count} viewers for {seconds:.0f} s against one offline server: {len(times)} changes timed")
    if times:
        print(f"change -> map redrawn: p50 {statistics.median(times):.2f} s, p95 {percentile(times, 95):.2f} s, "
              f"max {max(times):.2f} s   (target: p95 ≤ 3 s)")
    print(f"errors: {len(errors)}   (target: 0)")
    for line in errors[:20]:
        print("  " + line)
    return 0 if times and not errors else 1
