"""The standalone HTML map: assets inlined, legend and credits included, data text inert."""

from __future__ import annotations

from dashboard.model import Selection
from dashboard.share.html import render_html
from dashboard.share.link import Snapshot

CDN_2019 = Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019))


def test_html_is_standalone_with_legend_and_credits(tiny_atlas) -> None:
    page = render_html(tiny_atlas, CDN_2019)
    assert "<script src=" not in page and 'rel="stylesheet"' not in page, "assets must be inlined"
    assert "atlas-legend" in page and "atlas-caption" in page and tiny_atlas.version in page
    assert len(page.encode()) < 3_000_000


def test_html_keeps_template_syntax_in_data_as_text(tiny_atlas) -> None:
    """Jinja in an imported dataset's text must neither run on the server nor vanish from the page."""
    from dashboard.imports.upload import parse_upload

    payload = "{{ cycler.__init__.__globals__.os.getpid() }}{% if 1 %}x{% endif %}"
    upload = ("event_id_cnty,event_date,event_type,actor1,location,latitude,longitude,fatalities,notes\n"
              f"J1,2024-01-25,Battles,Sinaloa Cartel,\"{payload}\",20.57,-101.20,3,\"{payload}\"\n").encode()
    frame = parse_upload(upload, "jinja.csv", atlas=tiny_atlas).to_frame()
    page = render_html(tiny_atlas, Snapshot(), imported={"jinja": frame})
    assert "J1" in page and payload in page


def test_html_legend_lists_the_chapter_highlights_and_imported_datasets(tiny_atlas) -> None:
    from dashboard.testing import synthetic_events

    assert "the chapter's key events" not in render_html(tiny_atlas, CDN_2019)
    mine = synthetic_events(20, atlas=tiny_atlas)
    page = render_html(tiny_atlas, Snapshot(chapter="villa-union-2019"), imported={"mine": mine})
    # a chapter tells the atlas's own story: imported datasets do not join it; free exploration shows them
    assert "the chapter&#x27;s key events" in page and "mine (imported)" not in page
    assert "mine (imported)" in render_html(tiny_atlas, Snapshot(), imported={"mine": mine})


def test_html_carries_the_chapter_text_alt_text_and_the_users_words_escaped(tiny_atlas) -> None:
    from dashboard.share.caption import Words

    chapter = tiny_atlas.chapter("salamanca-sunday")
    page = render_html(tiny_atlas, Snapshot(chapter.selection, chapter.id, "de"),
                       words=Words(title="<script>alert(1)</script> $5", note="Stand: Januar"))
    assert "Binnen drei Tagen führten Razzien in Nachbarorten" in page   # the chapter's text, in German
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &#36;5" in page
    assert "Stand: Januar" in page
    assert "id='atlas-alt'" in page and "Karte: &lt;script&gt;" in page and "Celaya" in page
    assert "<details id='atlas-legend'" in page and "class='atlas-chapter'" in page   # both fold away
