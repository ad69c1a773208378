"""PDF building blocks shared by every printed report: the embedded CJK font, paragraph
styles, the A4 template (confidential header, "page x / y" footer), and the pieces of a
form a manager fills in by hand (key-value blocks, tables, tick boxes, ruled lines,
signature lines).

The font is WenQuanYi Micro Hei from resources/fonts, embedded as a subset: a CID font
such as STSong-Light is not embedded and prints as boxes on a PC without the Adobe Asian
font pack (MEASURED.md). Documents are built in chunks (`ReportDoc.build_stream`), so a
pack of a thousand sheets never holds more than one sheet's flowables.
"""
from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph, Spacer,
    Table, TableStyle,
)

from crm.domain.compliance import to_local
from crm.reports.layout import Grid, GridStyle, TextBlock
from crm.paths import RESOURCES

FONT = "WQYMicroHei"
FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"
CONFIDENTIAL = "内部资料 注意保密"
PAGE_W, PAGE_H = A4
MARGIN_X = 14 * mm
MARGIN_TOP = 17 * mm
MARGIN_BOTTOM = 15 * mm
BODY_W = PAGE_W - 2 * MARGIN_X
BODY_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9aa5b1")
BAND = colors.HexColor("#e8edf2")
LABEL_BG = colors.HexColor("#f3f5f7")
ALERT = colors.HexColor("#b00020")
GRID = colors.HexColor("#b8c2cc")


# streams are Flate-compressed binary; ASCII85 on top only makes them 25% bigger and slower
rl_config.useA85 = 0


@functools.cache
def register_font() -> str:
    """Register the CJK font once (as its own bold/italic too, so <b> never falls back to
    Helvetica, which is not embedded). Returns the font name."""
    if not FONT_FILE.is_file():
        raise FileNotFoundError(f"缺少字体文件：{FONT_FILE}")
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT


# --- text ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def clean(text: object) -> str:
    """Plain text safe to draw: control characters dropped, tabs as spaces, CRLF as LF."""
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", s)


def esc(text: object, newlines: bool = True) -> str:
    """Free text as Paragraph markup: reportlab parses <b>, <font>, &... in paragraphs, so
    what a user typed is escaped (a customer called "<b>" prints as <b>)."""
    s = escape(clean(text))
    return s.replace("\n", "<br/>") if newlines else s.replace("\n", " ")


def money(value: Decimal | None, blank: str = "—") -> str:
    return blank if value is None else f"¥{value:,.2f}"


def day(value: date | datetime | None, blank: str = "—") -> str:
    if value is None:
        return blank
    if isinstance(value, datetime):
        value = to_local(value).date()
    return f"{value:%Y-%m-%d}"


def moment(value: datetime | None, blank: str = "—") -> str:
    return blank if value is None else f"{to_local(value):%Y-%m-%d %H:%M}"


# --- styles ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    label: ParagraphStyle
    bullet: ParagraphStyle
    warn: ParagraphStyle


@functools.cache
def styles() -> Styles:
    f = register_font()

    def style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=f, bulletFontName=f, fontSize=size, leading=leading,
                              textColor=kw.pop("textColor", INK), wordWrap="CJK", **kw)
    return Styles(
        title=style("title", 16, 20, alignment=TA_CENTER, spaceAfter=1 * mm),
        subtitle=style("subtitle", 9, 12, alignment=TA_CENTER, textColor=MUTED),
        heading=style("heading", 10.5, 13.5),
        body=style("body", 9, 11.8),
        small=style("small", 7.5, 9.5, textColor=MUTED),
        cell=style("cell", 8.5, 10.5),
        cell_right=style("cell_right", 8.5, 10.5, alignment=TA_RIGHT),
        label=style("label", 8.5, 10.5, textColor=MUTED),
        bullet=style("bullet", 9, 11.8, leftIndent=4 * mm, bulletIndent=0.5 * mm),
        warn=style("warn", 9, 11.8, textColor=ALERT, leftIndent=4 * mm, bulletIndent=0.5 * mm),
    )


def table_style(*commands: Any) -> TableStyle:
    """A table style that starts from our font: reportlab's default cell font is Helvetica,
    which would be referenced (and not embedded) even by tables of paragraphs."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5, 10.5), *commands])


def fits(text: str, width: float, size: float = 8.5) -> bool:
    """Whether text fits on one line of `width` points (then a plain string cell will do:
    a Paragraph costs ten times as much to lay out)."""
    return "\n" not in text and pdfmetrics.stringWidth(text, FONT, size) <= width


def cell(text: object, width: float, style: ParagraphStyle | None = None) -> str | Paragraph:
    """A table cell value: one plain line when it fits `width`, else a wrapping paragraph."""
    s = clean(text)
    if fits(s, width):
        return s
    return Paragraph(esc(s), style or styles().cell)


def para(text: object, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(esc(text), style or styles().body)


def text(value: object, size: float = 9, leading: float = 11.8, color: Color = INK,
         align: str = "left", bullet: str = "", indent: float = 0) -> TextBlock:
    """Plain user text, wrapped (no markup: what was typed is what prints)."""
    register_font()
    return TextBlock(clean(value), FONT, size, leading, color, bullet, indent, align)


def title(value: object) -> TextBlock:
    block = text(value, 16, 20, align="center")
    block.spaceAfter = 1 * mm
    return block


def subtitle(value: object) -> TextBlock:
    return text(value, 9, 12, MUTED, align="center")


def body(value: object) -> TextBlock:
    return text(value)


def small(value: object) -> TextBlock:
    return text(value, 7.5, 9.5, MUTED)


def bullets(items: Iterable[str], color: Color = INK) -> list[Flowable]:
    return [text(t, color=color, bullet="•", indent=4 * mm) for t in items]


# --- blocks ----------------------------------------------------------------------------------

class SectionHeading(Flowable):
    """A shaded band with the section title: cheap to draw, obvious on paper."""

    def __init__(self, title: str, width: float = BODY_W, height: float = 5.2 * mm) -> None:
        super().__init__()
        self.title = clean(title)
        self.width, self.height = width, height
        self.spaceBefore = 1.4 * mm
        self.spaceAfter = 1.0 * mm

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(BAND)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        c.setFillColor(colors.HexColor("#2f3e4e"))
        c.rect(0, 0, 1.2 * mm, self.height, stroke=0, fill=1)
        c.setFillColor(INK)
        c.setFont(FONT, 10)
        c.drawString(3 * mm, 1.5 * mm, self.title)


class Titled(Flowable):
    """A section heading with its content as one flowable: the heading never ends a page
    alone. With `keep_all` the whole section moves to the next page rather than being cut
    (unless it is taller than a page); otherwise the content splits where it can.
    (reportlab's KeepTogether does the same by deep-copying the frame on every wrap, which
    cost more than drawing the section.)"""

    def __init__(self, heading: Flowable, content: Sequence[Flowable], keep_all: bool) -> None:
        super().__init__()
        self.heading, self.content, self.keep_all = heading, list(content), keep_all
        self.spaceBefore = heading.getSpaceBefore()
        self._sizes: list[float] = []

    def _gap(self, i: int) -> float:
        return (self.heading.getSpaceAfter() if i == 0
                else self.content[i - 1].getSpaceAfter()) + self.content[i].getSpaceBefore()

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _w, h = self.heading.wrap(aw, ah)
        self._sizes = []
        for i, f in enumerate(self.content):
            _fw, fh = f.wrap(aw, ah)
            self._sizes.append(fh)
            h += self._gap(i) + fh
        self.width, self.height = aw, h
        return aw, h

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self.wrap(aw, ah)
        if self.keep_all and ah < 0.8 * BODY_H:
            return []           # not at the top of a page: move whole
        used = self.heading.height
        for i, f in enumerate(self.content):
            room = ah - used - self._gap(i)
            if self._sizes[i] <= room:
                used += self._gap(i) + self._sizes[i]
                continue
            parts = f.split(aw, room) if room > 0 else []
            if not parts:
                if i == 0:
                    return []   # not even the first lines fit under the heading
                return [Titled(self.heading, self.content[:i], False), *self.content[i:]]
            return [Titled(self.heading, [*self.content[:i], parts[0]], False), *parts[1:],
                    *self.content[i + 1:]]
        return []

    def draw(self) -> None:
        c = self.canv
        y = self.height - self.heading.height
        self.heading.drawOn(c, 0, y)
        for i, f in enumerate(self.content):
            y -= self._gap(i) + self._sizes[i]
            f.drawOn(c, 0, y)


def section(title: str, *content: Flowable, keep_all: bool = False) -> list[Flowable]:
    """A heading that never ends a page alone: it is kept with the first piece of content
    (or with all of it, for short sections)."""
    head = SectionHeading(title)
    if not content:
        return [head]
    if keep_all:
        return [Titled(head, content, True)]
    return [Titled(head, content[:1], False), *content[1:]]


KV = tuple[str, object] | tuple[str, object, int]


def grid_style(size: float = 8.5, leading: float = 10.5, rules: bool = True) -> GridStyle:
    return GridStyle(register_font(), size, leading, pad_x=2.5, ink=INK, muted=MUTED,
                     shade=LABEL_BG, rule=GRID if rules else None)


def kv_table(items: Sequence[KV], pairs_per_row: int = 2, label_w: float = 19 * mm,
             width: float = BODY_W) -> Grid:
    """Label/value pairs, `pairs_per_row` to a row; an item (label, value, n) spans n pairs.
    Values wrap; labels are shaded."""
    value_w = (width - pairs_per_row * label_w) / pairs_per_row
    rows: list[list[Any]] = []
    spans: dict[tuple[int, int], int] = {}
    labels: set[tuple[int, int]] = set()
    row: list[Any] = []

    def close() -> None:
        nonlocal row
        pad = 2 * pairs_per_row - len(row)
        if pad:
            row += [""] + [None] * (pad - 1)
            if pad > 1:
                spans[(len(rows), len(row) - pad)] = pad
        rows.append(row)
        row = []
    for item in items:
        label, value = item[0], item[1]
        span = min(item[2] if len(item) > 2 else 1, pairs_per_row)  # type: ignore[misc]
        if len(row) // 2 + span > pairs_per_row:
            close()
        labels.add((len(rows), len(row)))
        if span > 1:
            spans[(len(rows), len(row) + 1)] = 2 * span - 1
        row += [clean(label), value if isinstance(value, Flowable) else (clean(value) or "—")]
        row += [None] * (2 * (span - 1))
    if row:
        close()
    return Grid([label_w, value_w] * pairs_per_row, rows, grid_style(), spans=spans,
                shaded=labels)


@dataclass(frozen=True)
class Column:
    title: str
    width: float            # in points; the widths of a table should add up to BODY_W
    align: str = "LEFT"     # LEFT, RIGHT, CENTER
    wrap: bool = False      # wrap long text (a Paragraph); otherwise one plain line


def data_table(columns: Sequence[Column], rows: Iterable[Sequence[object]],
               empty: str = "无", row_height: float | None = None) -> Grid:
    """A ruled table whose header row repeats when it splits across pages; rows are never
    cut. Text wraps in every column (`wrap` is kept for callers; all columns wrap)."""
    body: list[list[Any]] = [[v if isinstance(v, Flowable) else clean(v) for v in r]
                             for r in rows]
    spans: dict[tuple[int, int], int] = {}
    if not body:
        body = [[empty] + [None] * (len(columns) - 1)]
        spans[(1, 0)] = len(columns)
    return Grid([c.width for c in columns], [[clean(c.title) for c in columns], *body],
                grid_style(), header_rows=1, spans=spans, aligns=[c.align for c in columns],
                min_row_height=row_height or 0)


class TickBox(Flowable):
    """An empty square to tick by hand; `checked` draws the tick already made in the app."""

    def __init__(self, checked: bool = False, size: float = 3.4 * mm) -> None:
        super().__init__()
        self.checked, self.size = checked, size
        self.width = self.height = size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.setStrokeColor(INK)
        c.setLineWidth(0.7)
        c.rect(0, 0, s, s, stroke=1, fill=0)
        if self.checked:
            c.setLineWidth(1.1)
            p = c.beginPath()
            p.moveTo(0.2 * s, 0.52 * s)
            p.lineTo(0.42 * s, 0.25 * s)
            p.lineTo(0.82 * s, 0.8 * s)
            c.drawPath(p, stroke=1, fill=0)


def tick_list(items: Sequence[tuple[str, bool]], columns: int = 3,
              width: float = BODY_W) -> Grid:
    """Tick boxes with their labels, `columns` to a row."""
    box_w = 5 * mm
    text_w = width / columns - box_w
    rows: list[list[Any]] = []
    for i in range(0, len(items), columns):
        row: list[Any] = []
        for label, checked in items[i:i + columns]:
            row += [TickBox(checked), clean(label)]
        row += ["", ""] * (columns - len(items[i:i + columns]))
        rows.append(row)
    style = GridStyle(register_font(), 9, 11.5, pad_x=0, pad_top=1.5, pad_bottom=1.5, ink=INK)
    return Grid([box_w, text_w] * columns, rows, style)


class RuledLines(Flowable):
    """Lines to write on, `spacing` apart (7 mm suits handwriting)."""

    def __init__(self, count: int, spacing: float = 7 * mm, width: float = BODY_W) -> None:
        super().__init__()
        self.count, self.spacing, self.width = count, spacing, width
        self.height = count * spacing

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        for i in range(self.count):
            y = i * self.spacing
            c.line(0, y, self.width, y)


class FillLine(Flowable):
    """Caption followed by a line to write on, e.g. 走访日期：________ ."""

    def __init__(self, parts: Sequence[tuple[str, float]], height: float = 6.5 * mm,
                 size: float = 9) -> None:
        super().__init__()
        self.parts = [(clean(text), w) for text, w in parts]
        self.height, self.size = height, size
        self.width = sum(pdfmetrics.stringWidth(t, FONT, size) + w for t, w in self.parts)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return min(self.width, aw), self.height

    def draw(self) -> None:
        c = self.canv
        x = 0.0
        c.setFont(FONT, self.size)
        c.setStrokeColor(INK)
        c.setLineWidth(0.5)
        for text, line_w in self.parts:
            c.setFillColor(INK)
            c.drawString(x, 1.4 * mm, text)
            x += pdfmetrics.stringWidth(text, FONT, self.size)
            if line_w:
                c.line(x + 1, 0.8 * mm, x + line_w - 2 * mm, 0.8 * mm)
                x += line_w


def signature_lines(parties: Sequence[str], width: float = BODY_W) -> Table:
    """One row per party: '<party>（签字）：________    日期：____年___月___日'."""
    name_w = width * 0.58
    rows = [[FillLine([(f"{clean(p)}（签字）：", name_w - pdfmetrics.stringWidth(
                 f"{clean(p)}（签字）：", FONT, 9) - 2 * mm)]),
             FillLine([("日期：", 18 * mm), ("年", 11 * mm), ("月", 11 * mm), ("日", 0)])]
            for p in parties]
    return Table(rows, colWidths=[name_w, width - name_w], hAlign="LEFT", style=table_style(*[
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
    ]))


class NotesArea(Flowable):
    """The handwriting area at the foot of a form: a heading band, ruled lines and the
    signature lines, as one piece. It takes the room left on the page (between `min_lines`
    and `max_lines` lines), so a sheet ends on its first page when it can, and the whole
    area moves to the next page rather than being cut."""

    def __init__(self, title: str, signers: Sequence[str], min_lines: int = 3,
                 max_lines: int = 8, spacing: float = 7 * mm, width: float = BODY_W) -> None:
        super().__init__()
        self.title, self.signers = title, [clean(s) for s in signers]
        self.min_lines, self.max_lines, self.spacing = min_lines, max_lines, spacing
        self.width = width
        self.fixed = 5.2 * mm + 1 * mm + len(self.signers) * 7.5 * mm + 3 * mm
        self.lines = max_lines
        self.height = self.fixed + max_lines * spacing
        self.spaceBefore = 1.6 * mm

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        room = int((ah - self.fixed) // self.spacing)
        self.lines = max(self.min_lines, min(self.max_lines, room))
        self.height = self.fixed + self.lines * self.spacing
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return []   # never cut: moves to the next page whole

    def draw(self) -> None:
        c = self.canv
        top = self.height
        head = SectionHeading(self.title, self.width)
        c.saveState()
        c.translate(0, top - head.height)
        head.canv = c
        head.draw()
        c.restoreState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        y = top - head.height - 1 * mm
        for _ in range(self.lines):
            y -= self.spacing
            c.line(0, y, self.width, y)
        y -= 3 * mm
        name_w = self.width * 0.58
        for signer in self.signers:
            y -= 7.5 * mm
            for x, parts in ((0.0, [(f"{signer}（签字）：", name_w - pdfmetrics.stringWidth(
                    f"{signer}（签字）：", FONT, 9) - 2 * mm)]),
                    (name_w, [("日期：", 18 * mm), ("年", 11 * mm), ("月", 11 * mm), ("日", 0)])):
                line = FillLine(parts)
                line.canv = c
                c.saveState()
                c.translate(x, y)
                line.draw()
                c.restoreState()


class Bookmark(Flowable):
    """Zero-size: marks where it is drawn as an outline entry (the PDF's bookmarks)."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, clean(title), level
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


# --- the document ----------------------------------------------------------------------------

@dataclass(frozen=True)
class DocInfo:
    """What every page says about the document: whose it is and who made it when."""

    title: str
    bank_name: str
    branch_name: str
    generated_by: str
    generated_at: datetime
    subject: str = ""
    confidential: str = CONFIDENTIAL


class StreamingCanvas(Canvas):
    """Compresses each page's content as the page ends. reportlab keeps every page's text
    uncompressed until it saves (about 40 KB a page): a thousand-page pack would hold 40 MB
    for nothing. Compressed now, a page costs about 4 KB until the file is written."""

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        super().showPage()
        pages = self._doc.Pages.pages
        page = pages[-1] if pages else None
        if page is None or not isinstance(page.stream, str) or page.Contents:
            return
        stream = PDFStream(content=zlib.compress(page.stream.encode("utf-8")), filters=[])
        stream.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
        stream.__Comment__ = "page stream"
        page.Contents, page.stream = stream, None


def _canvas_maker(info: DocInfo) -> Callable[..., Canvas]:
    def make(*args: Any, **kwargs: Any) -> Canvas:
        canv = StreamingCanvas(*args, **kwargs)
        canv.setTitle(clean(info.title))
        canv.setAuthor(clean(info.generated_by))
        canv.setSubject(clean(info.subject or info.title))
        canv.setCreator("贷后管理 CRM")
        return canv
    return make


class ReportDoc(BaseDocTemplate):
    """A4 portrait: bank and branch with "内部资料 注意保密" on top, the current section's name
    on its later pages, and "generated by / at" and "第 x 页 / 共 y 页" at the bottom.

    The total page count is not known while pages stream out, so each page's number is a
    form XObject defined once the document ends (reportlab resolves forms by name at save).
    """

    def __init__(self, target: str | Path | Any, info: DocInfo) -> None:
        register_font()
        super().__init__(
            str(target) if isinstance(target, Path) else target, pagesize=A4,
            leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=clean(info.title),
            author=clean(info.generated_by), creator="贷后管理 CRM", invariant=False,
            # the initial font is ours, so no un-embedded Helvetica is referenced anywhere
            initialFontName=FONT, initialFontSize=9)
        self.info = info
        self.section = ""
        self._section_first_page: int | None = None
        self._pages = 0
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, BODY_W, BODY_H,
                      id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._on_page,
                                            pagesize=A4)])
        self._generated = f"{to_local(info.generated_at):%Y-%m-%d %H:%M}"

    # -- page furniture ---------------------------------------------------------------------
    def _on_page(self, canv: Canvas, _doc: Any) -> None:
        self._pages += 1
        page = canv.getPageNumber()
        if self._section_first_page is None:
            self._section_first_page = page
        top = PAGE_H - 10 * mm
        canv.saveState()
        canv.setFont(FONT, 9)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, top, clean(f"{self.info.bank_name} {self.info.branch_name}")
                        .strip()[:60])
        if self.section and page > self._section_first_page:
            canv.drawCentredString(PAGE_W / 2, top, f"{self.section[:30]}（续）")
        canv.setFont(FONT, 9.5)
        canv.setFillColor(ALERT)
        mark = self.info.confidential
        w = pdfmetrics.stringWidth(mark, FONT, 9.5)
        canv.drawRightString(PAGE_W - MARGIN_X - 1.5 * mm, top, mark)
        canv.setStrokeColor(ALERT)
        canv.setLineWidth(0.6)
        canv.rect(PAGE_W - MARGIN_X - w - 3 * mm, top - 1.6 * mm, w + 3 * mm, 5.2 * mm)
        canv.setStrokeColor(RULE)
        canv.line(MARGIN_X, top - 3 * mm, PAGE_W - MARGIN_X, top - 3 * mm)
        bottom = 8.5 * mm
        canv.line(MARGIN_X, bottom + 3.5 * mm, PAGE_W - MARGIN_X, bottom + 3.5 * mm)
        canv.setFont(FONT, 7.5)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, bottom, clean(
            f"生成人：{self.info.generated_by}　生成时间：{self._generated}")[:90])
        canv.translate(PAGE_W - MARGIN_X, bottom)
        canv.doForm(f"pageno{page}")
        canv.restoreState()

    def _endBuild(self) -> None:  # noqa: N802 - reportlab hook
        """End the last page, then define every page's "第 x 页 / 共 y 页" form, then save."""
        self._doSave = 0
        super()._endBuild()
        total = self._pages
        for page in range(1, total + 1):
            # the text ends at the form's origin: its box must reach left of it
            self.canv.beginForm(f"pageno{page}", lowerx=-120 * mm, lowery=-5 * mm,
                                upperx=1 * mm, uppery=5 * mm)
            self.canv.setFont(FONT, 7.5)
            self.canv.setFillColor(MUTED)
            self.canv.drawRightString(0, 0, f"第 {page} 页 / 共 {total} 页")
            self.canv.endForm()
        self.canv.save()

    # -- streaming build --------------------------------------------------------------------
    def build_stream(self, chunks: Iterable[tuple[str, list[Flowable]]],
                     outline: bool = False) -> int:
        """Lay out (section name, flowables) chunks one after another, each from a new page,
        consuming the iterable lazily; returns the page count. Only the chunk in hand is in
        memory, so a pack's size does not change how much memory this needs. `outline`
        opens the PDF with its bookmarks shown."""
        self._startBuild(None, _canvas_maker(self.info))
        canv = self.canv
        if outline:
            canv.showOutline()
        canv._doctemplate = self  # type: ignore[attr-defined]
        try:
            first = True
            for label, flowables in chunks:
                pending = list(flowables)
                if not first:
                    pending.insert(0, PageBreak())
                first = False
                self._begin_section(clean(label))
                while pending:
                    self.clean_hanging()
                    self.handle_flowable(pending)
        finally:
            del canv._doctemplate  # type: ignore[attr-defined]
        if self._pages == 0:     # nothing at all: still a valid one-page document
            self.handle_flowable([Spacer(1, 1)])
        self._endBuild()
        return self._pages

    def _begin_section(self, label: str) -> None:
        """The section's first page is the next one to begin (each chunk opens one)."""
        self.section = label
        self._section_first_page = None


def render(target: str | Path | Any, info: DocInfo, flowables: list[Flowable]) -> int:
    """One short document (an agreement, a single sheet); returns its page count."""
    doc = ReportDoc(target, info)
    return doc.build_stream([(info.title, flowables)])
