"""Settings shared by the core and the UI: where data lives, tiles, limits.

Everything here can be overridden by environment variables so the same code runs
on a laptop, in CI and behind a newsroom proxy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
GEODATA_DIR = Path(os.environ.get("ATLAS_GEODATA", PACKAGE_DIR.parent / "geodata"))

# The years the data covers: the drug war is dated from late 2006 (facts E01).
YEAR_MIN = 2006
# Imported data may reach further back (UCDP GED starts in 1989): links and the command line take
# any year from here on, and the page's year slider reaches back to the earliest year stored.
YEAR_FLOOR = 1989
YEAR_MAX = 2026
# Territory snapshots available in geodata/territories.csv (checked by validate).
SNAPSHOT_YEARS = (2019, 2023, 2025)
COMPARE_YEARS = SNAPSHOT_YEARS[:-1]  # what the map compares the latest snapshot with (the page offers these)

# The languages of the page, the data's texts and the links, in one list: every per-language column
# name (``title_de``, ``name_es`` …) is derived from it with the two helpers below.
LANGUAGES = ("en", "de", "es")


def language_column(base: str, lang: str, plain_english: bool = False) -> str:
    """The column of data text ``base`` in ``lang``: ``title_de``; with ``plain_english`` English is ``base`` itself
    (``name``, ``note``, ``dispute_note``: the column exports and scripts have always read)."""
    return base if plain_english and lang == "en" else f"{base}_{lang}"


def language_columns(base: str, plain_english: bool = False) -> tuple[str, ...]:
    """Every language's column of data text ``base``, English first (read at call time, so a test may add one)."""
    return tuple(language_column(base, lang, plain_english) for lang in LANGUAGES)

DEFAULT_VIEW = (24.0, -102.5, 5)  # lat, lon, zoom: all of Mexico and the border (a phone opens one zoom out)


@dataclass(frozen=True)
class TileProvider:
    """A raster tile source; ``url=None`` means no tiles (bundled boundaries only)."""

    name: str
    url: str | None
    attribution: str


TILE_PROVIDERS = {
    "openstreetmap": TileProvider(
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
    "none": TileProvider("No tiles", None, "Boundaries: INEGI via libpysal, US Census via libpysal, Natural Earth"),
}


def offline_mode() -> bool:
    """True when the dashboard must not contact any host but its own."""
    return os.environ.get("ATLAS_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def tile_provider() -> TileProvider:
    """The configured tile provider; offline mode always means no tiles."""
    if offline_mode():
        return TILE_PROVIDERS["none"]
    return TILE_PROVIDERS.get(os.environ.get("ATLAS_TILES", "openstreetmap").lower(), TILE_PROVIDERS["openstreetmap"])


def data_dir() -> Path:
    """Where imported datasets live: ``$ATLAS_DATA_DIR`` or ``~/.local/share/frontera-atlas``.

    Read on every call (not at import) so tests and the CLI can point it elsewhere.
    """
    configured = os.environ.get("ATLAS_DATA_DIR", "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".local" / "share" / "frontera-atlas"
