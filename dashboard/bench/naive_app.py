"""The naive map that ``bench --events`` compares against: a Streamlit app, run by AppTest.

One folium marker per event, the whole map rebuilt every run, stock folium rendering. It
draws the stored dataset ``synthetic`` (see :mod:`dashboard.bench.scale`), with the same
``cartels`` and ``years`` widgets as the real page, so the same filter steps drive both.
Not imported by anything: ``AppTest.from_file(NAIVE_APP)`` runs it as a script.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from dashboard.atlas.data import load_atlas
from dashboard.atlas.filters import imported_mask
from dashboard.bench.scale import DATASET
from dashboard.imports import store
from dashboard.map.vendor import patch_folium
from dashboard.model import Selection

patch_folium()
frame = st.cache_resource(lambda: store.load_dataset(DATASET))()
atlas = st.cache_resource(load_atlas)()
cartels = st.multiselect("Cartels", list(atlas.cartels["id"]), key="cartels")
years = st.slider("Years", 2006, 2026, (2006, 2026), key="years")
rows = frame[imported_mask(atlas, frame, Selection(cartels=tuple(cartels), year_from=years[0], year_to=years[1]))]
m = folium.Map(location=[23.5, -102], zoom_start=5)
for r in rows.itertuples():
    folium.CircleMarker([r.lat, r.lon], radius=4, tooltip=f"{r.date} {r.place}: {r.killed} killed").add_to(m)
st_folium(m, key="map", height=620, returned_objects=[])
