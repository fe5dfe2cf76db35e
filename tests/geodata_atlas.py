"""The real ``geodata/`` as an atlas, validated and loaded once per test process.

The ``atlas`` fixture returns it; helpers that run outside a fixture (a sample parsed at import time, a
function shared by several tests) call :func:`geodata_atlas` for the same object.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

GEODATA = Path(__file__).resolve().parents[1] / "geodata"


@cache
def geodata_atlas():
    from dashboard.atlas.data import load_atlas

    return load_atlas(GEODATA)
