"""The legend entries of :mod:`dashboard.map.legend` drawn with matplotlib, for the PNG.

The page and the standalone HTML render the same entries as HTML; here each becomes a
symbol and its label in a legend axes measured in pixels. Long labels wrap, never cut;
when the entries do not fit one column at a legible spacing they flow into two or three.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.i18n import t
from dashboard.map.legend import LegendEntry

FONT_PT = 9.5                 # never below 9 pt at the snapshot's size
TITLE_PT = 13
MAX_PITCH = 0.028             # spacing of the entries when there is room, as a share of the figure height
MIN_PITCH_FONTS = 1.45        # the closest spacing, in font heights, before a further column is opened
SYMBOL_PX = 40                # the symbol's column before a label
MIN_COLUMN_PX = 170           # a further column only while columns stay this wide
COLUMN_PX = 190               # the width asked for per column when one does not hold the entries
PANEL_MIN_PX = 330            # the legend's width when one column holds it
COMPACT_PX = (200, 260)       # narrower widths tried first: a few entries make a compact key (the social card)
TITLE_SPACE = 1.8             # the legend's title and the space below it, in title font heights
CHAR_EM = 0.6                 # a generous average character width, in font heights (wrapping never overflows)
LINE_SPACING = 1.2            # between the lines of one label, in font heights
PT_PER_PX = 0.72              # at the snapshot's 100 dpi
TEXT_ONLY = ("heading", "note")
FLOWING = ("ramp", "row")     # entries whose items flow across the key, as many to a line as fit


def dashes(dash: str | None, width: float) -> object:
    """A Leaflet ``dashArray`` ("10 6") as a matplotlib line style for a line ``width`` pixels wide."""
    if not dash:
        return "-"
    parts = [float(p) / max(width, 1.0) for p in dash.split()]
    return (0, tuple(parts))


@dataclass(frozen=True)
class _Block:
    """One entry laid out: its wrapped label lines and, for a ramp, its rows of step indices."""

    entry: LegendEntry
    lines: tuple[str, ...]
    rows: tuple[tuple[int, ...], ...] = ()

    @property
    def extra(self) -> int:
        """Text lines beyond the first."""
        return len([x for x in self.lines if x]) + len(self.rows) - 1


def _step_px(label: str, size: float, char_px: float) -> float:
    return size + 4 + len(label) * char_px + 10


def _item_labels(e: LegendEntry) -> list[str]:
    """The labels of the items a ramp (its steps) or a row (its symbols) flows across the key."""
    return [label for _, label in e.steps] if e.kind == "ramp" else [p.label for p in e.parts]


def _item_px(e: LegendEntry, i: int, char_px: float) -> float:
    if e.kind == "ramp":
        return _step_px(e.steps[i][1], e.size, char_px)
    part = e.parts[i]
    return _symbol_px(part) + 6 + len(part.label) * char_px + 12


def _symbol_px(e: LegendEntry) -> float:
    return 34 if e.kind == "line" else e.size


def _block(e: LegendEntry, col_w: float, char_px: float) -> _Block:
    text_w = col_w - 6 - (0 if e.kind in TEXT_ONLY else SYMBOL_PX)
    width = max(10, int(text_w / char_px))
    lines = tuple(textwrap.wrap(e.label, width, break_long_words=False, break_on_hyphens=False)) or ("",)
    if e.kind not in FLOWING:
        return _Block(e, lines)
    rows: list[list[int]] = [[]]
    used = 0.0
    for i in range(len(_item_labels(e))):
        need = _item_px(e, i, char_px)
        if rows[-1] and used + need > col_w:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += need
    return _Block(e, lines if e.label else (), tuple(tuple(r) for r in rows))


def _split(blocks: list[_Block], ncols: int) -> list[list[_Block]]:
    """Consecutive blocks into at most ``ncols`` columns of about equal height."""
    target = sum(1 + b.extra for b in blocks) / ncols
    cols: list[list[_Block]] = [[]]
    height = 0
    for b in blocks:
        weight = 1 + b.extra
        if cols[-1] and height + weight > target + 0.5 and len(cols) < ncols:
            cols.append([])
            height = 0
        cols[-1].append(b)
        height += weight
    return cols


def _layout(entries: Sequence[LegendEntry], w: float, avail: float, max_pitch: float,
            font_px: float, choices: tuple[int, ...] = (1, 2, 3)) -> tuple[list[list[_Block]], float, float]:
    """(columns of blocks, pitch between entries, column width) that fit ``w`` x ``avail`` pixels.

    One column if the entries fit at a legible spacing, else two or three as long as a column
    stays wide enough for a label; else the arrangement with the widest spacing.
    """
    best: tuple[list[list[_Block]], float, float] | None = None
    for ncols in choices:
        col_w = w / ncols
        if ncols > 1 and col_w < MIN_COLUMN_PX:
            break
        cols = _split([_block(e, col_w, CHAR_EM * font_px) for e in entries], ncols)
        line_px = LINE_SPACING * font_px
        pitch = min([max_pitch] + [(avail - sum(b.extra for b in col) * line_px) / max(len(col), 1) for col in cols])
        if best is None or pitch > best[1]:
            best = cols, pitch, col_w
        if pitch >= MIN_PITCH_FONTS * font_px:
            break
    cols, pitch, col_w = best
    return cols, max(pitch, LINE_SPACING * font_px), col_w


def legend_width(entries: Sequence[LegendEntry], height: float, max_pitch: float, limit: float) -> float:
    """The narrowest width, up to ``limit`` pixels, at which ``entries`` fit ``height`` pixels legibly."""
    font_px = FONT_PT / PT_PER_PX
    avail = height - TITLE_SPACE * TITLE_PT / PT_PER_PX
    for width in (*COMPACT_PX, PANEL_MIN_PX, 2 * COLUMN_PX, 3 * COLUMN_PX):
        if width > limit:
            break
        if _layout(entries, width, avail, max_pitch, font_px)[1] >= MIN_PITCH_FONTS * font_px:
            return width
    return limit


def _symbol(ax, e: LegendEntry, x: float, y: float) -> None:
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, Rectangle

    s = e.size
    if e.kind == "fill":
        ax.add_patch(Rectangle((x, y - s / 2), s, s, facecolor=to_rgba(e.colour, e.opacity), edgecolor=e.border,
                               linewidth=1.5 * PT_PER_PX))
    elif e.kind == "circle":
        ring = e.colour == "none"
        if e.edge:  # the highlight ring's dark outer edge, as on the map
            ax.add_patch(Circle((x + s / 2, y), s / 2 + 1.8, facecolor="none", edgecolor=e.edge,
                                linewidth=1 * PT_PER_PX))
        ax.add_patch(Circle((x + s / 2, y), s / 2, facecolor="none" if ring else e.colour, edgecolor=e.border,
                            linewidth=(2.5 if ring else 1.5) * PT_PER_PX, linestyle="--" if e.dash else "-"))
    elif e.kind == "line":
        ax.add_line(Line2D([x, x + 34], [y, y], color=e.colour, linewidth=e.size * PT_PER_PX,
                           linestyle=dashes(e.dash, e.size)))
    elif e.kind == "stripes":
        edge = e.border  # dashed marks a contested state; solid keeps light bands 3:1 off the white
        box = ax.add_patch(Rectangle((x, y - s / 2), s, s, facecolor="none", edgecolor=edge,
                                     linewidth=1.5 * PT_PER_PX, linestyle="--" if e.dash else "-", zorder=3))
        for i, offset in enumerate(range(-int(s), int(s) + 1, 3)):
            line = Line2D([x + offset, x + offset + s], [y + s / 2, y - s / 2], linewidth=3 * PT_PER_PX,
                          color=e.colours[i % len(e.colours)])
            ax.add_line(line)
            line.set_clip_path(box)


def _draw_block(ax, b: _Block, x: float, y: float, line_px: float, char_px: float) -> None:
    from matplotlib.patches import Rectangle

    e = b.entry
    text_x = x if e.kind in TEXT_ONLY else x + SYMBOL_PX
    if e.kind not in (*FLOWING, *TEXT_ONLY):
        _symbol(ax, e, x, y)
    if e.kind == "row":
        text_x = x
    label = "\n".join(x for x in b.lines if x)
    if label:
        ax.text(text_x, y + (len(b.lines) - 1) * line_px / 2, label, fontsize=FONT_PT, va="center",
                linespacing=LINE_SPACING, fontstyle="italic" if e.kind in ("heading", "row") else "normal",
                gid="legend-entry")
    row_y = y + (len(b.lines) * line_px if label else 0)
    for row in b.rows:
        sx = x
        for i in row:
            if e.kind == "ramp":
                colour, step = e.steps[i]
                ax.add_patch(Rectangle((sx, row_y - e.size / 2), e.size, e.size, facecolor=colour,
                                       edgecolor=e.border, linewidth=1.5 * PT_PER_PX))
                ax.text(sx + e.size + 4, row_y, step, fontsize=FONT_PT, va="center", gid="legend-entry")
            else:
                part = e.parts[i]
                _symbol(ax, part, sx, row_y)
                ax.text(sx + _symbol_px(part) + 6, row_y, part.label, fontsize=FONT_PT, va="center",
                        gid="legend-entry")
            sx += _item_px(e, i, char_px)
        row_y += line_px


def columns_across(width: float) -> int:
    """How many columns a legend laid out under the map takes across ``width`` pixels."""
    return max(1, min(3, int(width // (COLUMN_PX + 40))))


def legend_height(entries: Sequence[LegendEntry], width: float, titled: bool = True) -> float:
    """The height in pixels ``entries`` take under the map, in :func:`columns_across` columns at a legible spacing."""
    font_px = FONT_PT / PT_PER_PX
    ncols = columns_across(width)
    cols = _split([_block(e, width / ncols, CHAR_EM * font_px) for e in entries], ncols)
    pitch, line_px = MIN_PITCH_FONTS * font_px, LINE_SPACING * font_px
    body = max((sum(pitch + b.extra * line_px for b in col) for col in cols), default=0.0)
    return (TITLE_SPACE * TITLE_PT / PT_PER_PX if titled else 0.0) + body + 4


def draw_legend(ax, entries: Sequence[LegendEntry], lang: str, across: bool = False, titled: bool = True) -> None:
    """Draw the legend's title and ``entries`` into ``ax``, which becomes a pixel canvas.

    ``across``: the legend lies under the map, in :func:`columns_across` columns.
    """
    fig = ax.get_figure()
    w, h = ax.bbox.width, ax.bbox.height
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.set_axis_off()
    font_px = FONT_PT / PT_PER_PX
    title_px = TITLE_SPACE * TITLE_PT / PT_PER_PX if titled else 0.0
    if titled:   # a compact key over the map goes without: its white box reads as the key
        ax.text(0, 0, t("legend", lang), fontsize=TITLE_PT, weight="bold", va="top")
    choices = (columns_across(w),) if across else (1, 2, 3)
    cols, pitch, col_w = _layout(entries, w, h - title_px, MAX_PITCH * fig.bbox.height, font_px, choices)
    line_px = LINE_SPACING * font_px
    for c, col in enumerate(cols):
        y = title_px + pitch / 2
        for b in col:
            _draw_block(ax, b, c * col_w, y, line_px, CHAR_EM * font_px)
            y += pitch + b.extra * line_px
