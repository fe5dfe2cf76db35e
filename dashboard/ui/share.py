"""The share panel: link, PNG, standalone HTML, data and an embed snippet for the current view."""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

from dashboard.data import Atlas
from dashboard.i18n import t
from dashboard.map.compose import Imported
from dashboard.share import png, tables
from dashboard.share.html import render_html
from dashboard.sharing import Snapshot, to_query_string


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


def _share_content(atlas: Atlas, snap: Snapshot, lang: str, imported: Imported | None) -> None:
    st.markdown(f"**{t('share_link', lang)}**")
    st.code(share_url(snap), language=None, wrap_lines=True)
    stem = file_stem(snap)
    cols = st.columns(4)
    # Files are made only when clicked (callables run on demand), and a click does not rerun the page.
    cols[0].download_button(t("share_png", lang), lambda: png.render_png(atlas, snap, imported=imported), f"{stem}.png",
                            "image/png", key="dl_png", on_click="ignore", icon=":material/image:")
    cols[1].download_button(t("share_html", lang), lambda: render_html(atlas, snap, imported=imported), f"{stem}.html",
                            "text/html", key="dl_html", on_click="ignore", icon=":material/map:")
    cols[2].download_button("GeoJSON", lambda: tables.view_geojson(atlas, snap, imported), f"{stem}.geojson",
                            "application/geo+json", key="dl_geojson", on_click="ignore", icon=":material/data_object:")
    cols[3].download_button("CSV", lambda: tables.view_csv(atlas, snap, imported), f"{stem}.csv", "text/csv",
                            key="dl_csv", on_click="ignore", icon=":material/table_chart:")
    st.markdown(f"**{t('share_embed', lang)}**")
    embed = share_url(replace(snap, embed=True))
    st.code(f'<iframe src="{html.escape(embed, quote=True)}" width="100%" height="720" '
            f'style="border:0" title="Frontera Atlas" loading="lazy"></iframe>', language="html", wrap_lines=True)
