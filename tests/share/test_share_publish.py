"""Snapshots a newsroom can print: every size laid out with all its words inside and apart, 9 pt at least,
the user's words, credits never cut, and PNG/SVG/PDF files of the asked size."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re

import matplotlib.pyplot as plt
import pytest

from dashboard.cli.main import main as cli_main
from dashboard.model import Selection
from dashboard.share import png
from dashboard.share.caption import Words, caption_for
from dashboard.share.link import Snapshot
from dashboard.share.png_caption import source_lines
from dashboard.testing import synthetic_events

VIEWS = {"default": lambda a: Snapshot(),
         "chapter": lambda a: Snapshot(a.chapter("salamanca-sunday").selection, "salamanca-sunday"),
         "change": lambda a: Snapshot(Selection(cartels=("cjng",), year_to=2025, compare=2019), lang="de")}


def drawn_texts(fig) -> list:
    """Every visible text the image carries: header, credits, legend, map labels, the scale bar's."""
    out = [t for t in fig.texts if t.get_text()]
    for ax in fig.axes:
        out += [t for t in ax.texts if t.get_visible() and t.get_text() and t.get_gid() != "map-label-halo"]
        out += [a.txt_label._text for a in ax.artists if a.get_gid() == "scale-bar"]
    return out


@pytest.mark.parametrize("size", list(png.SIZES))
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_text_is_complete_inside_the_canvas_apart_and_printable(tiny_atlas, view: str, size: str) -> None:
    width, height = png.SIZES[size]
    snap = VIEWS[view](tiny_atlas)
    words = Words(note="Figures for 2026 are provisional; the $ amounts are in US dollars.")
    fig = png.snapshot_figure(tiny_atlas, snap, width, height, words=words)
    try:
        fig.canvas.draw()   # as saved: every text in its place
        renderer = fig.canvas.get_renderer()
        texts = drawn_texts(fig)
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
        for text, box in boxes:
            assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, f"cut: {text!r}"
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"
        for t in texts:   # printed at 100 dpi x scale, the image keeps its points: none under 9
            assert t.get_fontsize() >= 9, (t.get_text(), t.get_fontsize())
        gids = {t.get_gid() for t in texts}
        assert {"title", "subtitle", "note", "sources", "filters", "credits", "legend-entry"} <= gids
        joined = "\n".join(t.get_text() for t in texts)
        cap = caption_for(tiny_atlas, snap, words=words)
        assert " ".join(cap.title.split()) in " ".join(joined.split())
        assert tiny_atlas.version in joined and "Natural Earth" in joined
        assert r"\$ amounts" in joined   # a dollar sign, not mathtext
        assert any(t.get_gid() == "map-label" for t in texts), "the map's labels are missing"
    finally:
        plt.close(fig)


def test_the_default_title_says_what_the_view_is_in_its_language(tiny_atlas) -> None:
    assert caption_for(tiny_atlas, Snapshot(chapter="salamanca-sunday")).title == "A Sunday match in Salamanca"
    german = caption_for(tiny_atlas, Snapshot(chapter="salamanca-sunday", lang="de"))
    assert german.title == "Ein Sonntagsspiel in Salamanca"
    cjng = caption_for(tiny_atlas, Snapshot(Selection(cartels=("cjng",), year_from=2019, year_to=2025)))
    assert cjng.title == "Jalisco New Generation Cartel, 2019–2025"
    change = caption_for(tiny_atlas, Snapshot(Selection(cartels=("cjng",), year_to=2025, compare=2019), lang="de"))
    assert "Gebietsgewinne und -verluste, 2019 → 2025" in change.title
    mine = caption_for(tiny_atlas, Snapshot(), words=Words(" My headline ", "", "A note"))
    assert (mine.title, mine.subtitle, mine.note) == ("My headline", "", "A note")


def test_sources_print_in_full_or_say_how_many_the_most_cited_and_where_the_list_is(tiny_atlas) -> None:
    few = caption_for(tiny_atlas, VIEWS["chapter"](tiny_atlas))
    assert " ".join(source_lines(few, "en", 1560, 1000)) == few.sources   # in full, wrapped
    # The tiny atlas cites four publishers, which always fit: the real data cites dozens.
    publishers = tuple((f"Publisher number {i}", 60 - i) for i in range(60))
    whole = caption_for(tiny_atlas, Snapshot())
    assert {p for p, _ in whole.cited} == {"Example Wire", "Example Daily", "Example Monitor", "Example Gazette"}
    assert " ".join(source_lines(whole, "en", 1160, 630)) == whole.sources
    whole = dataclasses.replace(whole, cited=publishers, sources="Sources: " + "; ".join(p for p, _ in publishers))
    many = dataclasses.replace(whole, link="https://atlas.example/?chapter=x")
    short = " ".join(source_lines(many, "en", 1160, 630))
    most_cited = many.cited[0][0]
    assert f"{len(many.cited)} publishers" in short and most_cited in short
    assert "https://atlas.example/?chapter=x" in short
    assert "data export" in " ".join(source_lines(whole, "en", 1160, 630))


def test_imported_data_is_credited_with_its_title_source_and_licence(tiny_atlas) -> None:
    plain = synthetic_events(20, atlas=tiny_atlas)
    cap = caption_for(tiny_atlas, Snapshot(), imported={"mine": plain})
    assert cap.dataset_lines() == ["Imported data: mine — source: none given — licence: none given"]
    given = synthetic_events(20, atlas=tiny_atlas)
    given.attrs.update(title="UCDP GED 24.1", source="Uppsala Conflict Data Program", licence="CC BY 4.0")
    line = caption_for(tiny_atlas, Snapshot(lang="de"), imported={"ged": given}).dataset_lines()[0]
    assert line == "Importierte Daten: UCDP GED 24.1 — Quelle: Uppsala Conflict Data Program — Lizenz: CC BY 4.0"
    fig = png.snapshot_figure(tiny_atlas, Snapshot(), 1200, 630, imported={"ged": given})
    try:
        assert any("CC BY 4.0" in t.get_text() for t in fig.texts if t.get_gid() == "dataset-credit")
    finally:
        plt.close(fig)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("size", list(png.SIZES))
def test_png_svg_and_pdf_open_at_the_asked_size(cli_on_tiny_atlas, tmp_path, size: str) -> None:
    width, height = png.SIZES[size]
    for fmt in ("png", "svg", "pdf"):
        out = tmp_path / f"view.{fmt}"
        assert cli_main(["snapshot", "--cartel", "cjng", "--to", "2025", "--size", size,
                         "--title", "Headline <b>$5</b>", "-o", str(out)]) == 0
        data = out.read_bytes()
        if fmt == "png":
            assert png_size(data) == (width, height)
            import matplotlib.image as mpimg

            assert mpimg.imread(io.BytesIO(data)).shape[:2] == (height, width)
        elif fmt == "svg":
            head = data[:2000].decode()
            assert f'width="{width}px" height="{height}px"' in head
            assert "Headline &lt;b&gt;$5&lt;/b&gt;" in data.decode()
        else:
            box = re.search(rb"/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]", data)
            assert data.startswith(b"%PDF") and box
            assert (float(box[1]), float(box[2])) == pytest.approx((width * 0.72, height * 0.72))


def test_scale_two_doubles_the_pixels_and_custom_sizes_work(cli_on_tiny_atlas, tmp_path) -> None:
    out = tmp_path / "print.png"
    assert cli_main(["snapshot", "--width", "900", "--height", "700", "--scale", "2", "-o", str(out)]) == 0
    assert png_size(out.read_bytes()) == (1800, 1400)


@pytest.mark.parametrize("args", [["--size", "wide", "--width", "900", "--height", "700"], ["--width", "900"],
                                  ["--scale", "9"], ["--size", "poster"]])
def test_snapshot_size_arguments_are_checked_in_one_line(cli_on_tiny_atlas, tmp_path, capsys, args) -> None:
    assert cli_main(["snapshot", *args, "-o", str(tmp_path / "x.png")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_the_link_to_the_full_sources_comes_from_the_base_url(cli_on_tiny_atlas, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_BASE_URL", "https://atlas.example.org/")
    out = tmp_path / "view.svg"
    assert cli_main(["snapshot", "--cartel", "cjng", "--size", "social", "-o", str(out)]) == 0
    assert "https://atlas.example.org/?cartel=cjng" in out.read_text(encoding="utf-8")
