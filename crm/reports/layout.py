"""Fast flowables for plain text: a wrapped text block and a ruled grid.

reportlab's Paragraph parses markup and measures CJK text character by character, and its
Table pays a style lookup per cell; a briefing sheet has a hundred small cells and a dozen
lines of advice, so those two were most of the time of a pack. These draw plain strings
(no markup to escape, so user text can never be read as tags), find line breaks with a
binary search on the string width, and keep what they measured.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

# a line does not start with these (Chinese typesetting: closing punctuation stays behind)
_NO_START = set("，。、；：？！）》」』】,.;:?!)%")
_WORD = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,-_/¥*+:")


def break_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """Lines of at most `width` points. CJK breaks anywhere; a run of Latin letters or
    digits (a loan number, an amount) is kept whole when it fits a line."""
    out: list[str] = []
    for para in text.split("\n"):
        while para:
            if stringWidth(para, font, size) <= width:
                out.append(para)
                break
            lo, hi = 1, len(para)          # the longest prefix that fits: lo
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if stringWidth(para[:mid], font, size) <= width:
                    lo = mid
                else:
                    hi = mid - 1
            cut = lo
            if para[cut] in _WORD and para[cut - 1] in _WORD:
                start = cut
                while start > 0 and para[start - 1] in _WORD:
                    start -= 1
                if start > 0:
                    cut = start
            while cut > 1 and para[cut] in _NO_START:
                cut -= 1
            out.append(para[:cut].rstrip())
            para = para[cut:].lstrip(" ")
        else:
            if not para:
                out.append("")
    return out or [""]


class TextBlock(Flowable):
    """Plain text wrapped to the frame, optionally with a bullet; splits between lines."""

    def __init__(self, text: str, font: str, size: float = 9, leading: float = 11.8,
                 color: Color | None = None, bullet: str = "", indent: float = 0,
                 align: str = "left", space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.text, self.font, self.size, self.leading = text, font, size, leading
        self.color, self.bullet, self.indent, self.align = color, bullet, indent, align
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.lines: list[str] = []
        self._measured_for: float | None = None

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._measured_for != aw:
            self.lines = break_lines(self.text, aw - self.indent, self.font, self.size)
            self._measured_for = aw
        self.width, self.height = aw, len(self.lines) * self.leading
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self.wrap(aw, ah)
        n = int(ah // self.leading)
        if n < 1 or n >= len(self.lines):
            return []
        first = self._part(self.lines[:n], self.bullet)
        rest = self._part(self.lines[n:], "")
        return [first, rest]

    def _part(self, lines: list[str], bullet: str) -> "TextBlock":
        part = TextBlock("\n".join(lines), self.font, self.size, self.leading, self.color,
                         bullet, self.indent, self.align)
        part.lines, part._measured_for = lines, self._measured_for
        return part

    def draw(self) -> None:
        text = self.canv.beginText()
        text.setFont(self.font, self.size)
        if self.color is not None:
            text.setFillColor(self.color)
        y = self.height - self.size
        if self.bullet:
            text.setTextOrigin(1.4, y)
            text.textOut(self.bullet)
        for line in self.lines:
            x = self.indent
            if self.align != "left":
                spare = self.width - stringWidth(line, self.font, self.size)
                x = spare / 2 if self.align == "center" else spare
            text.setTextOrigin(x, y)
            text.textOut(line)
            y -= self.leading
        self.canv.drawText(text)


@dataclass(frozen=True)
class GridStyle:
    font: str
    size: float = 8.5
    leading: float = 10.5
    pad_x: float = 3.0
    pad_top: float = 1.6
    pad_bottom: float = 2.2
    ink: Color | None = None
    muted: Color | None = None
    shade: Color | None = None
    rule: Color | None = None     # None: no lines


Cell = Any   # a str, a Flowable, or None (covered by the span to its left)


class Grid(Flowable):
    """Rows of cells in fixed columns: text wraps, flowables are drawn in place, a cell
    may span to the right (`spans`), header rows repeat when the grid splits across pages,
    `shaded` cells are label-coloured. Rows are never cut."""

    def __init__(self, widths: Sequence[float], rows: Sequence[Sequence[Cell]],
                 style: GridStyle, *, header_rows: int = 0,
                 spans: dict[tuple[int, int], int] | None = None,
                 shaded: set[tuple[int, int]] | None = None,
                 aligns: Sequence[str] | None = None,
                 min_row_height: float = 0) -> None:
        super().__init__()
        self.widths, self.rows, self.style = list(widths), [list(r) for r in rows], style
        self.header_rows, self.spans = header_rows, dict(spans or {})
        self.shaded = set(shaded or ())
        self.aligns = list(aligns or ["LEFT"] * len(self.widths))
        self.min_row_height = min_row_height
        self.width = sum(self.widths)
        self._layout: list[tuple[float, list[Any]]] | None = None

    # -- measuring ----------------------------------------------------------------------------
    def _cell_width(self, r: int, c: int) -> float:
        n = self.spans.get((r, c), 1)
        return sum(self.widths[c:c + n])

    def _measure(self) -> list[tuple[float, list[Any]]]:
        if self._layout is not None:
            return self._layout
        st = self.style
        layout = []
        for r, row in enumerate(self.rows):
            height = self.min_row_height
            cells: list[Any] = []
            for c, value in enumerate(row):
                inner = self._cell_width(r, c) - 2 * st.pad_x
                if isinstance(value, Flowable):
                    _w, h = value.wrap(inner, 10_000)
                    cells.append(value)
                elif value is None:
                    cells.append(None)
                    continue
                else:
                    lines = break_lines(str(value), inner, st.font, st.size)
                    cells.append(lines)
                    h = len(lines) * st.leading
                height = max(height, h + st.pad_top + st.pad_bottom)
            layout.append((height, cells))
        self._layout = layout
        return layout

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.height = sum(h for h, _c in self._measure())
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        layout = self._measure()
        used, k = 0.0, 0
        for h, _cells in layout:
            if used + h > ah:
                break
            used += h
            k += 1
        if k <= self.header_rows or k >= len(self.rows):
            return []
        return [self._part(list(range(k))),
                self._part(list(range(self.header_rows)) + list(range(k, len(self.rows))))]

    def _part(self, keep: list[int]) -> "Grid":
        index = {old: new for new, old in enumerate(keep)}
        part = Grid(self.widths, [self.rows[i] for i in keep], self.style,
                    header_rows=self.header_rows,
                    spans={(index[r], c): n for (r, c), n in self.spans.items() if r in index},
                    shaded={(index[r], c) for r, c in self.shaded if r in index},
                    aligns=self.aligns, min_row_height=self.min_row_height)
        layout = self._measure()
        part._layout = [layout[i] for i in keep]
        return part

    # -- drawing ------------------------------------------------------------------------------
    def draw(self) -> None:
        """Backgrounds, then all the text as one PDF text object (a text object per string
        costs more than the string), then embedded flowables, then the rules."""
        c, st = self.canv, self.style
        layout = self._measure()
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        rows, y = [], self.height
        for r, (h, cells) in enumerate(layout):
            y -= h
            rows.append((r, y, h, cells))
        if st.shade is not None:
            c.setFillColor(st.shade)
            for r, y, h, cells in rows:
                for col, value in enumerate(cells):
                    if value is not None and (r < self.header_rows or (r, col) in self.shaded):
                        c.rect(xs[col], y, self._cell_width(r, col), h, stroke=0, fill=1)
        text = c.beginText()
        text.setFont(st.font, st.size)
        current = None
        for r, y, h, cells in rows:
            for col, value in enumerate(cells):
                if value is None or isinstance(value, Flowable):
                    continue
                muted = r < self.header_rows or (r, col) in self.shaded
                color = st.muted if muted and st.muted is not None else (st.ink or st.muted)
                if color is not None and color is not current:
                    text.setFillColor(color)
                    current = color
                self._text_cell(text, value, xs[col], self._cell_width(r, col), y, h,
                                self.aligns[col])
        c.drawText(text)
        for r, y, h, cells in rows:
            for col, value in enumerate(cells):
                if isinstance(value, Flowable):
                    value.drawOn(c, xs[col] + st.pad_x, y + (h - value.height) / 2)
        if st.rule is not None:
            self._draw_rules(layout, xs)

    def _text_cell(self, text: Any, lines: list[str], x: float, w: float, y: float, h: float,
                   align: str) -> None:
        st = self.style
        # lines centred in the padded box; the baseline sits a font size below the top of
        # each line's leading, less half the leading's extra
        block = len(lines) * st.leading
        top = y + h - st.pad_top - (h - st.pad_top - st.pad_bottom - block) / 2
        ty = top - st.size * 0.88 - (st.leading - st.size) / 2
        for line in lines:
            if align == "LEFT":
                tx = x + st.pad_x
            else:
                width = stringWidth(line, st.font, st.size)
                tx = x + w - st.pad_x - width if align == "RIGHT" else x + (w - width) / 2
            text.setTextOrigin(tx, ty)
            text.textOut(line)
            ty -= st.leading

    def _draw_rules(self, layout: list[tuple[float, list[Any]]], xs: list[float]) -> None:
        c, st = self.canv, self.style
        c.setStrokeColor(st.rule)
        c.setLineWidth(0.4)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        y = self.height
        for r, (h, cells) in enumerate(layout):
            if r:
                c.line(0, y, self.width, y)
            for col in range(1, len(self.widths)):
                if cells[col] is not None if col < len(cells) else False:
                    c.line(xs[col], y - h, xs[col], y)
            y -= h
