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
    shown = filters.events_mask(atlas, sel, chapter) & ("events" in sel.layers)
    year = filters.snapshot_year_for(sel)
    count = {k: (filters.count_for(atlas, k, sel, chapter) if k in sel.layers else 0)
             for k in ("places", "flows", "crossings", "territories")}
    cartels = cartels_text(atlas, sel.cartels, lang) if sel.cartels else t("all_cartels", lang)
    head = (f"{t('account_period', lang, a=sel.year_from, b=sel.year_to)}; {t('account_cartels', lang, c=cartels)}. "
            + t("account_counts", lang, e=plural("n_events", int(shown.sum()), lang), y=year or "—",
                p=plural("n_places", count["places"], lang), t=plural("n_territories", count["territories"], lang),
                f=plural("n_flow_legs", count["flows"], lang), x=plural("n_crossings", count["crossings"], lang)))
    for title, events, source in imported or []:
        head += " " + plural("account_imported", events, lang, title=title, n=f"{events:,}",
                        source=source or t("no_source_given", lang))
    if imported and sel.actors:
        head += " " + t("account_actors", lang, names=", ".join(sel.actors))
    if chapter is None:
        in_mexico = atlas.places.loc[atlas.places["country"] == "MX", "id"]
        shown = shown & atlas.events["place_id"].isin(in_mexico).to_numpy()
    lines = [f"{date}: {title} — {t('killed', lang)} {number_text(killed, lang)}"
             + ("" if missing(high) else f"–{number_text(high, lang)}")
             for killed, date, title, high in _deadliest(atlas, shown, lang)]
    return head, lines


def _deadliest(atlas: Atlas, shown, lang: str, n: int = 5) -> list[tuple]:
    """(killed, date, title, upper figure) of the ``n`` deadliest events ``shown`` (a mask): most killed first,
    then the oldest; events with no one known killed are left out. Plain lists: the frame is small."""
    ev = atlas.events
    rows = zip(ev["killed"].tolist(), ev["date"].tolist(), ev[f"title_{lang}"].tolist(), ev["killed_max"].tolist(),
               strict=True)
    deadly = [row for row, keep in zip(rows, shown.tolist(), strict=True)
              if keep and not missing(row[0]) and row[0] > 0]
    return sorted(deadly, key=lambda row: (-row[0], row[1]))[:n]
