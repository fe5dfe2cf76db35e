"""Files a graphics desk can edit: every word of an SVG is a <text> element, a PDF's fonts are TrueType,
and the labels' halos are a separate stroke under the text (they look as before in every format)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from dashboard.share import png
from dashboard.share.caption import Words
from dashboard.share.link import Snapshot

SVG = "{http://www.w3.org/2000/svg}"


def snapshot_texts(atlas, fmt: str, **words) -> bytes:
    snap = Snapshot(chapter="iron-river")
    return png.render(atlas, snap, fmt, width=1600, height=1000, words=Words(**words) if words else None)


def test_every_word_of_an_svg_is_a_text_element_with_a_font_fallback(tiny_atlas):
    root = ET.fromstring(snapshot_texts(tiny_atlas, "svg", title="Guns <south>", note="A note & more"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Guns <south>" in texts and "Note: A note & more" in texts    # title and note, escaped as XML
    assert "Legend" in texts or "Key" in texts                             # the key
    assert any(t.startswith("Frontera Atlas") for t in texts)              # the credits
    assert any(t.isupper() and len(t) > 4 for t in texts)                  # state labels
    styles = [t.get("style", "") for t in root.iter(f"{SVG}text")]
    assert all("sans-serif" in s and "DejaVu Sans" in s for s in styles)   # a named font with a generic fallback
    # no glyph was outlined: matplotlib writes outlined text as <use xlink:href="#DejaVuSans-…"> glyph paths
    assert not re.search(rb'href="#DejaVuSans', snapshot_texts(tiny_atlas, "svg"))


def test_a_pdfs_text_is_real_truetype_font_text(tiny_atlas):
    pdf = snapshot_texts(tiny_atlas, "pdf")
    assert b"/Type3" not in pdf and b"/Subtype /Type3" not in pdf
    assert b"/FontFile2" in pdf  # an embedded TrueType font program


def test_label_halos_are_a_stroke_only_copy_hidden_with_their_label(tiny_atlas):
    fig, _ = png._figure(tiny_atlas, Snapshot(chapter="iron-river"), 1600, 1000, None, None)
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_gid() == "map-label"]
    assert labels and all(getattr(t, "atlas_halo", None) is not None for t in labels)
    assert all(not t.get_path_effects() for t in labels)  # the word itself stays text
    assert all(t.get_visible() == t.atlas_halo.get_visible() for t in labels)
    assert all(t.atlas_halo.get_zorder() < t.get_zorder() for t in labels)
