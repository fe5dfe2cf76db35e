"""The citable description of a shared view: title, chapter, filters, period, sources, data version, credits.

Every snapshot (PNG, standalone HTML, GeoJSON metadata) says what it shows with these lines,
in the snapshot's language, so it can be cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard import filters
from dashboard.config import TileProvider, tile_provider
from dashboard.data import Atlas
from dashboard.i18n import t
from dashboard.sharing import Snapshot


@dataclass(frozen=True)
class Caption:
    """The citable description of a snapshot, in the snapshot's language."""

    title: str
    chapter: str | None
    filters: str
    period: str
    territories: str
    sources: str
    version: str
    attribution: str

    def lines(self) -> list[str]:
        return [x for x in (self.chapter, self.filters, self.period, self.territories, self.sources,
                            self.version, self.attribution) if x]


def plain_attribution(provider: TileProvider) -> str:
    """The map credit as plain text (the provider's is HTML for Leaflet)."""
    if provider.url is None:
        return "boundaries INEGI and US Census via libpysal, Natural Earth"
    return re.sub(r"<[^>]+>", "", provider.attribution).replace("&copy;", "©")


def publishers(atlas: Atlas, snap: Snapshot) -> list[str]:
    """Publishers of every source behind the visible features and the open chapter, sorted."""
    sel, chapter = snap.selection, atlas.chapter(snap.chapter)
    source_ids = sorted({s for k in sel.layers for ids in filters.layer_for(atlas, k, sel)["sources"] for s in ids}
                        | set(chapter.sources if chapter else ()))
    raw = atlas.sources.set_index("id").loc[source_ids, "publisher"] if source_ids else []
    return sorted({p.strip() for value in raw for p in value.split(";") if p.strip()}, key=str.casefold)


def caption_for(atlas: Atlas, snap: Snapshot, provider: TileProvider | None = None) -> Caption:
    lang, sel = snap.lang, snap.selection
    chapter = atlas.chapter(snap.chapter)
    cartels = ", ".join(atlas.cartel_name(c, lang) for c in sel.cartels) if sel.cartels else t("all_cartels", lang)
    types = ", ".join(sel.types) if sel.types else t("all_types", lang)
    layers = ", ".join(t(k, lang) for k in sel.layers) or "—"
    year = filters.snapshot_year_for(sel)
    cited = publishers(atlas, snap)
    provider = provider or tile_provider()
    return Caption(
        title=f"{t('title', lang)} — {t('subtitle', lang)}",
        chapter=f"{t('chapter', lang)}: {chapter.title(lang)}" if chapter else None,
        filters=f"{t('cartels', lang)}: {cartels} · {t('event_types', lang)}: {types} · {t('layers', lang)}: {layers}",
        period=t("account_period", lang, a=sel.year_from, b=sel.year_to),
        territories=(t("territory_year", lang, year=year) if year else t("territory_none", lang))
        if "territories" in sel.layers else "",
        sources=f"{t('sources', lang)}: " + ("; ".join(cited) if cited else "—"),
        version=f"{t('data_version', lang)}: {atlas.version}",
        attribution=f"Map: {plain_attribution(provider)}",
    )
