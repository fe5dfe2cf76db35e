"""The text account of a view: what it counts and its deadliest events, for screen readers and the page."""

from __future__ import annotations

from dashboard.atlas import filters
from dashboard.atlas.data import Atlas, missing
from dashboard.atlas.narrative import Chapter
from dashboard.i18n import plural, t
from dashboard.model import Selection
from dashboard.text import number_text
from dashboard.views.details import cartels_text


def view_account(atlas: Atlas, sel: Selection, lang: str, imported: list[tuple[str, int, str]] | None = None,
                 chapter: Chapter | None = None) -> tuple[str, list[str]]:
    """A short text account of the view (for screen readers) and its deadliest events.

    ``imported``: (title, events shown, source) of each imported dataset on the map, told apart. With a
    ``chapter`` open, its own features only; without, the deadliest are Mexico's (the atlas is about Mexico).
    """
    ev = filters.events_for(atlas, sel, chapter)
    ev = ev if "events" in sel.layers else ev.iloc[0:0]
    year = filters.snapshot_year_for(sel)
    count = {k: (len(filters.layer_for(atlas, k, sel, chapter)) if k in sel.layers else 0)
             for k in ("places", "flows", "crossings", "territories")}
    cartels = cartels_text(atlas, sel.cartels, lang) if sel.cartels else t("all_cartels", lang)
    head = (f"{t('account_period', lang, a=sel.year_from, b=sel.year_to)}; {t('account_cartels', lang, c=cartels)}. "
            + t("account_counts", lang, e=plural("n_events", len(ev), lang), y=year or "—",
                p=plural("n_places", count["places"], lang), t=plural("n_territories", count["territories"], lang),
                f=plural("n_flow_legs", count["flows"], lang), x=plural("n_crossings", count["crossings"], lang)))
    for title, events, source in imported or []:
        head += " " + plural("account_imported", events, lang, title=title, n=f"{events:,}",
                        source=source or t("no_source_given", lang))
    if imported and sel.actors:
        head += " " + t("account_actors", lang, names=", ".join(sel.actors))
    if chapter is None:
        ev = ev[ev["place_id"].isin(atlas.places.loc[atlas.places["country"] == "MX", "id"])]
    deadly = ev[ev["killed"].fillna(0) > 0].sort_values(["killed", "date"], ascending=[False, True]).head(5)
    lines = [f"{r.date}: {getattr(r, 'title_' + lang)} — {t('killed', lang)} {number_text(int(r.killed), lang)}"
             + ("" if missing(r.killed_max) else f"–{number_text(int(r.killed_max), lang)}")
             for r in deadly.itertuples()]
    return head, lines
