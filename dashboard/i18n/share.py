"""Interface strings of snapshots (PNG, SVG, PDF, HTML): titles, credits, sizes. English and German."""

from __future__ import annotations

SHARE_STRINGS: dict[str, dict[str, str]] = {
}
