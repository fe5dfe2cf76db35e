"""The share panel: link, words, image (PNG, SVG, PDF) in a chosen size, standalone HTML, data, embed snippet."""

from __future__ import annotations

import functools
import html
from dataclasses import replace

import streamlit as st

from dashboard.atlas.data import Atlas
from dashboard.i18n import t
from dashboard.map.compose import Imported
from dashboard.share import png, tables
from dashboard.share.caption import Words
from dashboard.share.html import render_html
from dashboard.share.link import Snapshot, to_query_string


def share_url(snap: Snapshot) -> str:
    base = (st.context.url or "http://localhost:8501/").split("?")[0]
    query = to_query_string(snap)
    return base + ("?" + query if query else "")


def file_stem(snap: Snapshot) -> str:
    sel = snap.selection
    parts = ["frontera-atlas", snap.chapter or "", "-".join(sel.cartels), f"{sel.year_from}-{sel.year_to}"]
    return "_".join(p for p in parts if p)


K_SHARE_OPEN = "share_open"


def show_share_panel(atlas: Atlas, snap: Snapshot, lang: str, imported: Imported | None = None) -> None:
    # The panel's content is built only while it is open: a closed panel costs the browser
    # nothing on the first load, which is what the map's time to first draw is measured on.
    panel = st.expander(t("share", lang), key=K_SHARE_OPEN, on_change="rerun")
    if panel.open:
        with panel:
            _share_content(atlas, snap, lang, imported)


K_WORDS = {"title": "share_title", "subtitle": "share_subtitle", "note": "share_note"}
K_SIZE, K_SCALE = "share_size", "share_scale"
IMAGE_FORMATS = (("png", "share_png", "image/png", ":material/image:"),
                 ("svg", "share_svg", "image/svg+xml", ":material/draw:"),
                 ("pdf", "share_pdf", "application/pdf", ":material/print:"))


def _words(snap: Snapshot, lang: str) -> Words:
    """The title, subtitle and note the user typed (empty: the default), and the link to this view."""
    st.markdown(f"**{t('share_words', lang)}**")
    typed = {k: st.text_input(t(f"share_{k}", lang), key=key, placeholder=t("share_words_help", lang))
             for k, key in K_WORDS.items()}
    return Words(typed["title"] or None, typed["subtitle"] or None, typed["note"] or None, share_url(snap))


def _share_content(atlas: Atlas, snap: Snapshot, lang: str, imported: Imported | None) -> None:
    st.markdown(f"**{t('share_link', lang)}**")
    st.code(share_url(snap), language=None, wrap_lines=True)
    stem = file_stem(snap)
    words = _words(snap, lang)
    size_col, scale_col = st.columns([3, 2])
    size = size_col.selectbox(t("share_size", lang), tuple(png.SIZES), key=K_SIZE,
                              format_func=lambda k: t(f"size_{k}", lang))
    scale = 2 if scale_col.checkbox(t("share_scale", lang), key=K_SCALE) else 1
    width, height = png.SIZES[size]
    cols = st.columns(3)
    # Files are made only when clicked (callables run on demand), and a click does not rerun the page.
    for col, (fmt, label, mime, icon) in zip(cols, IMAGE_FORMATS, strict=True):
        col.download_button(t(label, lang), functools.partial(png.render, atlas, snap, fmt, width, height, scale,
                                                              imported, words),
                            f"{stem}_{size}.{fmt}", mime, key=f"dl_{fmt}", on_click="ignore", icon=icon)
    cols = st.columns(3)
    cols[0].download_button(t("share_html", lang), lambda: render_html(atlas, snap, imported=imported, words=words),
                            f"{stem}.html", "text/html", key="dl_html", on_click="ignore", icon=":material/map:")
    cols[1].download_button("GeoJSON", lambda: tables.view_geojson(atlas, snap, imported), f"{stem}.geojson",
                            "application/geo+json", key="dl_geojson", on_click="ignore", icon=":material/data_object:")
    cols[2].download_button("CSV", lambda: tables.view_csv(atlas, snap, imported), f"{stem}.csv", "text/csv",
                            key="dl_csv", on_click="ignore", icon=":material/table_chart:")
    st.markdown(f"**{t('share_embed', lang)}**")
    embed = share_url(replace(snap, embed=True))
    st.code(f'<iframe src="{html.escape(embed, quote=True)}" width="100%" height="720" '
            f'style="border:0" title="Frontera Atlas" loading="lazy"></iframe>', language="html", wrap_lines=True)
