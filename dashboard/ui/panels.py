"""Side panel, chapter card, legend and the text account. Data text is never rendered as HTML."""

from __future__ import annotations

import re

import streamlit as st

from dashboard.atlas.data import Atlas
from dashboard.atlas.narrative import Chapter, neighbours
from dashboard.i18n import plural, t
from dashboard.map.hexbins import parse_hex_id
from dashboard.map.legend import LEGEND_INK, entry_html, legend_entries
from dashboard.model import Selection
from dashboard.share.link import Notice
from dashboard.text import safe
from dashboard.ui import state
from dashboard.ui.cache import account_for, imported_frame, imported_mask, in_view_for, key_for
from dashboard.views.details import (
    Details,
    details_for,
    imported_cell_details,
    imported_details,
    imported_spot_details,
)
from dashboard.views.in_view import IN_VIEW_LIMIT
from dashboard.vocab import SPOT_PREFIX, imported_dataset

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def md(text: object) -> str:
    """Escape data text for st.markdown so it shows literally (no links, HTML or LaTeX)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def show_notices(notices: list[Notice], lang: str) -> None:
    """What the page's link asked for and did not get, in the reader's language."""
    if notices:
        st.warning(f"**{t('notice', lang)}:** " + " ".join(md(n.text(lang)) for n in notices), icon="⚠️")


def show_chapter(chapter: Chapter, atlas: Atlas, lang: str) -> None:
    """The chapter's title, text and sources, with its own Previous/Next above and below the text: on a phone
    the sidebar (and its chapter controls) is hidden, so the story must be readable from here alone."""
    with st.container(key="atlas_chapter"):
        st.subheader(chapter.title(lang), anchor=False)
        _chapter_nav(chapter, atlas, lang, "top")
        for para in chapter.body(lang).split("\n\n"):
            st.markdown(md(para.strip()))
        if chapter.sources:
            src = atlas.sources.set_index("id")
            names = [src.loc[s, "publisher"] for s in chapter.sources if s in src.index]
            st.caption(f"{t('sources', lang)}: " + md("; ".join(names)))
        _chapter_nav(chapter, atlas, lang, "end")


def _chapter_nav(chapter: Chapter, atlas: Atlas, lang: str, where: str) -> None:
    ids = [c.id for c in atlas.chapters]
    prev_id, next_id = neighbours(atlas.chapters, chapter.id)
    st.caption(t("chapter_of", lang, n=ids.index(chapter.id) + 1, total=len(ids)))
    left, right = st.columns(2)
    for col, target, label in ((left, prev_id, "previous"), (right, next_id, "next")):
        # The page's full run follows (sidebar, URL, timeline), as after the sidebar's own buttons.
        if col.button(t(label, lang), key=state.chapter_nav_key(label, where), disabled=target is None,
                      width="stretch", on_click=state.open_chapter, args=(atlas, target)):
            st.rerun()


def show_in_view(atlas: Atlas, sel: Selection, lang: str, chapter: Chapter | None = None) -> None:
    """What the map shows in this view as a list of buttons: Enter (or a click) opens one's details and rings it
    on the map. The keyboard's and the screen reader's way to the map's features (the map's shapes take no Tab)."""
    view = st.session_state.get(state.K_VIEW_NOW) or st.session_state[state.K_VIEW]
    every = in_view_for(atlas.version, sel, view, lang, chapter.id if chapter else None)
    items, more = every[:IN_VIEW_LIMIT], max(0, len(every) - IN_VIEW_LIMIT)
    events, places = (sum(i.layer == kind for i in every) for kind in ("events", "places"))
    counted = " · ".join([plural("n_events", events, lang), *([plural("n_places", places, lang)] if places else [])])
    st.markdown(f"<p id='atlas-in-view' tabindex='-1'><b>{safe(t('in_view', lang))}</b>: {safe(counted)}</p>",
                unsafe_allow_html=True)
    if not items:
        st.caption(t("in_view_none", lang))
    with st.container(key="atlas_in_view"):
        for item in items:
            st.button(md(item.label), key=f"in_view_{item.layer}_{item.id}", on_click=_select,
                      args=((item.layer, item.id),), type="tertiary")
    if more:
        st.caption(t("in_view_more", lang, n=more))


def _select(feature: tuple[str, str]) -> None:
    st.session_state[state.K_SELECTED] = feature


def show_skip_links(lang: str, where: str = "sidebar") -> None:
    """Links past the map: to the list of what it shows, and to the view told in words.

    Drawn in the sidebar (first in the Tab order on a desktop) and over the map (a phone hides the sidebar);
    only one of them shows at a time (map_view.MAP_ROOM_CSS), so a reader meets one set.
    """
    st.markdown(f"<nav class='atlas-skip atlas-skip-{where}'>"
                f"<a href='#atlas-in-view'>{safe(t('skip_to_list', lang))}</a> · "
                f"<a href='#atlas-words'>{safe(t('skip_to_words', lang))}</a></nav>", unsafe_allow_html=True)


def show_details(details: Details | None, lang: str, on_open) -> None:
    """The clicked feature's facts, sources and the chapters it belongs to (each opens with one click)."""
    with st.container(border=True):
        st.markdown(f"**{t('details', lang)}**")
        if details is None:
            st.caption(t("click_hint", lang))
            return
        st.markdown(f"#### {md(details.title)}")
        for label, value in details.facts:
            st.markdown(f"**{md(label)}:** {md(value)}")
        if details.body:
            st.markdown(md(details.body))
        if details.sources:
            st.caption(f"{t('sources', lang)}: " + md(" | ".join(details.sources)))
        st.markdown(f"**{t('in_chapters', lang)}**")
        if not details.chapters:
            st.caption(t("no_chapters", lang))
        for chapter in details.chapters:
            if st.button(f"{t('open_chapter', lang)}: {chapter.title(lang)}", key=state.open_chapter_key(chapter.id),
                         on_click=on_open, args=(chapter.id,)):
                st.rerun()


def show_legend(atlas: Atlas, sel: Selection, lang: str, binned: list | None = None, chapter: Chapter | None = None,
                shown: dict | None = None) -> None:
    """The key in sight: only what the map draws inside its frame (map.key), laid over the map's lower left
    corner on a desktop and right under the map on a phone (map_view.MAP_ROOM_CSS), foldable.

    Hexagons and imported datasets come first, each with its title, how many of its events the view shows
    and its source. Built from escaped pieces only (map.legend.entry_html); no data text enters unescaped.
    """
    imported = [(info.title, int(imported_mask(name, info.imported_at, sel).sum()), dataset_credit(info))
                for name, info in (shown or {}).items()]
    view = st.session_state.get(state.K_VIEW_NOW) or st.session_state[state.K_VIEW]
    entries = [*legend_entries(atlas, sel, lang, binned or (), None, imported, layers=False),
               *key_for(atlas.version, sel, lang, chapter.id if chapter else None, view)]
    body = "".join(entry_html(e) for e in entries)
    with st.container(key="atlas_legend"):
        st.markdown(f"<details open class='atlas-legend-box'><summary>{safe(t('legend', lang))}</summary>"
                    f"<div class='atlas-legend' style='font-size:12px;line-height:1.35;color:{LEGEND_INK}'>{body}"
                    "</div></details>", unsafe_allow_html=True)


def dataset_credit(info: object) -> str:
    """Who published a stored dataset, with its licence; "" when the importer gave none."""
    source = getattr(info, "data_source", "")
    licence = getattr(info, "licence", "")
    return f"{source} ({licence})" if source and licence else source


def show_account(atlas: Atlas, sel: Selection, lang: str, shown: dict | None = None,
                 chapter: Chapter | None = None) -> None:
    imported = [(info.title, int(imported_mask(name, info.imported_at, sel).sum()), dataset_credit(info))
                for name, info in (shown or {}).items()]
    head, deadliest = account_for(atlas.version, sel, lang, tuple(imported), chapter.id if chapter else None)
    st.markdown(f"<h3 id='atlas-words' tabindex='-1'>{safe(t('view_account', lang))}</h3>", unsafe_allow_html=True)
    st.markdown(md(head))
    if deadliest:
        st.markdown(f"**{t('deadliest_chapter' if chapter is not None else 'deadliest_mexico', lang)}:**")
        st.markdown("\n".join(f"- {md(line)}" for line in deadliest))


def selected_details(atlas: Atlas, sel: Selection, lang: str, shown: dict) -> Details | None:
    """Details of the feature last clicked: a curated one, an imported row, or a hexagon of imported rows."""
    selected = st.session_state.get(state.K_SELECTED)
    if not selected:
        return None
    dataset = imported_dataset(selected[0])
    if dataset is None:
        return details_for(atlas, selected[0], selected[1], lang, sel)
    info = shown.get(dataset)
    if info is None:
        return None  # the dataset is no longer shown
    frame = imported_frame(info.name, info.imported_at)
    if parse_hex_id(selected[1]):
        mask = imported_mask(info.name, info.imported_at, sel)
        return imported_cell_details(frame, mask, selected[1], info.title, lang)
    if selected[1].startswith(SPOT_PREFIX):
        mask = imported_mask(info.name, info.imported_at, sel)
        return imported_spot_details(frame, mask, selected[1], info.title, lang)
    return imported_details(frame, selected[1], info.title, lang)
