"""The words around a snapshot's map: a header (title, subtitle) and a footer (note, credits).

Both are laid out for the image's size before the map gets its room: the title wraps to the
width, the credits wrap and are never cut. When the full list of sources would take more than
two lines, it gives the number of publishers, the most cited ones and
where the full list is (the live view's address when one is configured).
"""

from __future__ import annotations

from dashboard.i18n import t
from dashboard.share.caption import Caption
from dashboard.share.fit import MIN_PT, plain, wrap

SUBTITLE_PT = 12.5
NOTE_PT = 10.0
CREDIT_PT = MIN_PT            # the smallest text of the image: 9 pt at its size
CREDIT_COLOUR = "#333333"
GAP_PX = 6
SOURCE_LINES = 2              # the sources line's most lines in every size (the full list: data export and HTML)


def title_pt(width: int) -> float:
    return 22.0 if width >= 1400 else 20.0 if width >= 1000 else 17.0


def _height_px(text, renderer) -> float:
    return text.get_window_extent(renderer).height


def draw_header(fig, cap: Caption, width: int, height: int, margin: float, renderer) -> float:
    """Title and subtitle from the top; returns the pixel height (from the bottom) where they end."""
    y = height - margin
    size = title_pt(width)
    for text, pt, style in ((cap.title, size, {"weight": "bold", "color": "#111111", "gid": "title"}),
                            (cap.subtitle, SUBTITLE_PT, {"color": "#333333", "gid": "subtitle"})):
        if not text:
            continue
        lines = wrap(text, width - 2 * margin, pt, bold=style.get("weight") == "bold")
        artist = fig.text(margin / width, y / height, plain("\n".join(lines)), fontsize=pt, va="top",
                          linespacing=1.15, **style)
        y -= _height_px(artist, renderer) + GAP_PX
    return y - GAP_PX


def source_lines(cap: Caption, lang: str, width_px: float, height: int) -> list[str]:
    """The sources line wrapped to ``width_px``: in full when it fits two lines, else shortened to the most cited."""
    budget = SOURCE_LINES
    lines = wrap(cap.sources, width_px, CREDIT_PT)
    keep = min(8, len(cap.cited))
    while len(lines) > budget and keep >= 1:
        lines = wrap(cap.sources_short(lang, keep), width_px, CREDIT_PT)
        keep -= 1
    return lines


def footer_blocks(cap: Caption, lang: str, width_px: float, height: int,
                  filters: bool = True) -> list[tuple[list[str], dict]]:
    """The footer's blocks from the top: note, sources, imported data, filters (unless not ``filters``),
    version and map credit."""
    credit = {"fontsize": CREDIT_PT, "color": CREDIT_COLOUR}
    blocks: list[tuple[list[str], dict]] = []
    if cap.note:
        note = f"{t('note_label', lang)}: {cap.note}"
        blocks.append((wrap(note, width_px, NOTE_PT, italic=True), {"fontsize": NOTE_PT, "style": "italic",
                                                                    "color": "#222222", "gid": "note"}))
    blocks.append((source_lines(cap, lang, width_px, height), {**credit, "gid": "sources"}))
    blocks += [(wrap(line, width_px, CREDIT_PT), {**credit, "gid": "dataset-credit"}) for line in cap.dataset_lines()]
    if filters:
        blocks.append((wrap(cap.filters, width_px, CREDIT_PT), {**credit, "gid": "filters"}))
    last = " · ".join(x for x in (t("made_with", lang), cap.version, cap.attribution) if x)
    if cap.link:
        last += f" · {t('live_view', lang)}: {cap.link}"
    blocks.append((wrap(last, width_px, CREDIT_PT), {**credit, "gid": "credits"}))
    return blocks


def draw_footer(fig, cap: Caption, width: int, height: int, margin: float, renderer, filters: bool = True) -> float:
    """The footer from the bottom up; returns the pixel height (from the bottom) where it begins."""
    y = margin
    for lines, style in reversed(footer_blocks(cap, cap.lang, width - 2 * margin, height, filters)):
        artist = fig.text(margin / width, y / height, plain("\n".join(lines)), va="bottom", linespacing=1.2, **style)
        y += _height_px(artist, renderer) + 2
    return y + GAP_PX
