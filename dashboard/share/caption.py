"""The citable description of a shared view: title, subtitle, note, filters, period, credits.

Every snapshot (PNG, SVG, PDF, standalone HTML, GeoJSON metadata) says what it shows with these
lines, in the snapshot's language, so it can be cited. The title, subtitle and note are the
user's words when given (:class:`Words`); else the title says what the view is: the chapter's
title, or the cartels and the period.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from dashboard.atlas import filters
from dashboard.atlas.data import Atlas
from dashboard.config import TileProvider, tile_provider
from dashboard.i18n import plural, t, type_name
from dashboard.share.credits import DatasetCredit, dataset_credits
from dashboard.share.link import Snapshot


@dataclass(frozen=True)
class Words:
    """What a user typed for a snapshot (None: the default) and the public address of the live view."""

    title: str | None = None
    subtitle: str | None = None
    note: str | None = None
    link: str | None = None   # the live view's public address, where the full list of sources is


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
    subtitle: str = ""
    note: str = ""
    cited: tuple[tuple[str, int], ...] = ()      # (publisher, features citing it), most cited first
    datasets: tuple[DatasetCredit, ...] = ()
    link: str | None = None
    lang: str = "en"

    def lines(self) -> list[str]:
        return [x for x in (self.chapter, self.filters, self.period, self.territories, self.sources,
                            *self.dataset_lines(), self.version, self.attribution) if x]

    def dataset_lines(self) -> list[str]:
        return [d.line(self.lang) for d in self.datasets]

    def sources_short(self, lang: str, keep: int) -> str:
        """The count of publishers, the ``keep`` most cited, and where the full list is."""
        top = ", ".join(p for p, _ in self.cited[:keep])
        where = t("sources_full_at", lang, link=self.link) if self.link else t("sources_full_export", lang)
        return plural("sources_short", len(self.cited), lang, top=top) + " " + where


def plain_attribution(provider: TileProvider, lang: str = "en") -> str:
    """The map credit as plain text in ``lang`` (the provider's is HTML for Leaflet)."""
    if provider.url is None:
        return t("boundaries_credit", lang)
    text = re.sub(r"<[^>]+>", "", provider.attribution).replace("&copy;", "©")
    return text.replace("OpenStreetMap contributors", t("osm_contributors", lang))


def citations(atlas: Atlas, snap: Snapshot) -> Counter:
    """Publisher -> how many visible features (and the open chapter) cite it."""
    sel, chapter = snap.selection, atlas.chapter(snap.chapter)
    ids = Counter(s for k in sel.layers for row in filters.layer_for(atlas, k, sel)["sources"] for s in set(row))
    ids.update(chapter.sources if chapter else ())
    table = atlas.sources.set_index("id")["publisher"]
    out: Counter = Counter()
    for source_id, n in ids.items():
        if source_id in table.index:
            for p in {p.strip() for p in str(table[source_id]).split(";") if p.strip()}:
                out[p] += n
    return out


def publishers(atlas: Atlas, snap: Snapshot) -> list[str]:
    """Publishers of every source behind the visible features and the open chapter, sorted."""
    return sorted(citations(atlas, snap), key=str.casefold)


def default_title(atlas: Atlas, snap: Snapshot) -> str:
    """What the view is: the chapter's title, a cartel's change of ground, or the cartels and the period."""
    lang, sel = snap.lang, snap.selection
    chapter = atlas.chapter(snap.chapter)
    if chapter is not None:
        return chapter.title(lang)
    period = str(sel.year_from) if sel.year_from == sel.year_to else f"{sel.year_from}–{sel.year_to}"
    if "territories" in sel.layers and sel.compare is not None:
        reading = filters.territory_reading(atlas, sel)
        if reading.mode == "change":
            name = atlas.cartel_name(reading.cartel or "", lang)
            return t("territory_change", lang, name=name, a=reading.compare, b=reading.year)
    if not sel.cartels:
        return t("title_all", lang, period=period)
    names = ", ".join(atlas.cartel_name(c, lang) for c in sel.cartels)
    return t("title_cartels", lang, names=names, period=period)


def period_lines(atlas: Atlas, snap: Snapshot) -> tuple[str, str]:
    """(period, territories) for the subtitle; a change of ground names the title's years first, so the two agree."""
    lang, sel = snap.lang, snap.selection
    year = filters.snapshot_year_for(sel)
    changing = "territories" in sel.layers and sel.compare is not None and year is not None and sel.compare < year
    if changing and filters.territory_reading(atlas, sel).mode == "change":
        return t("change_period", lang, a=sel.compare, b=year, c=sel.year_from, d=sel.year_to), ""
    period = (t("account_period", lang, a=sel.year_from, b=sel.year_to) if sel.year_from != sel.year_to
              else t("period_year", lang, year=sel.year_from))
    territories = ((t("territory_year", lang, year=year) if year else t("territory_none", lang))
                   if "territories" in sel.layers else "")
    return period, territories


def filters_line(lang: str, cartels: str, types: str, layers: str, actors: tuple[str, ...] = ()) -> str:
    """The caption's filters: cartels, event types, layers, and the actors chosen in imported data (if any)."""
    parts = [f"{t('cartels', lang)}: {cartels}", f"{t('event_types', lang)}: {types}", f"{t('layers', lang)}: {layers}"]
    if actors:  # names as written in the files: plain text here, escaped by each format that draws it
        parts.append(f"{t('actors', lang)}: {', '.join(actors)}")
    return " · ".join(parts)


def caption_for(atlas: Atlas, snap: Snapshot, provider: TileProvider | None = None, words: Words | None = None,
                imported: dict | None = None) -> Caption:
    lang, sel, words = snap.lang, snap.selection, words or Words()
    chapter = atlas.chapter(snap.chapter)
    cartels = ", ".join(atlas.cartel_name(c, lang) for c in sel.cartels) if sel.cartels else t("all_cartels", lang)
    types = ", ".join(type_name(k, lang) for k in sel.types) if sel.types else t("all_types", lang)
    layers = ", ".join(t(k, lang) for k in sel.layers) or "—"
    counts = citations(atlas, snap)
    cited = sorted(counts, key=str.casefold)
    provider = provider or tile_provider()
    period, territories = period_lines(atlas, snap)
    subtitle = " · ".join(x for x in ((cartels if chapter else ""), period, territories) if x)
    return Caption(
        title=(words.title or "").strip() or default_title(atlas, snap),
        chapter=f"{t('chapter', lang)}: {chapter.title(lang)}" if chapter else None,
        filters=filters_line(lang, cartels, types, layers, sel.actors),
        period=period,
        territories=territories,
        sources=f"{t('sources', lang)}: " + ("; ".join(cited) if cited else "—"),
        version=f"{t('data_version', lang)}: {atlas.version}",
        attribution=f"{t('map_credit', lang)}: {plain_attribution(provider, lang)}",
        subtitle=subtitle if words.subtitle is None else words.subtitle.strip(),
        note=(words.note or "").strip(),
        cited=tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))),
        datasets=tuple(dataset_credits(imported or {})),
        link=words.link,
        lang=lang,
    )
