"""The one Excel writer every export uses: title row, frozen filtered header, typed cells, 说明.

XlsxWriter in constant_memory mode: rows stream to disk, so memory stays flat however long
the list, and it is about twice as fast as openpyxl's write-only mode once every cell has a
number format (MEASURED.md; bench/export_100k.py). Column widths are measured from the values
as they pass and set when the file is closed. The file is written next to the target under a
temporary name and moved into place only when complete: a cancelled or failed export leaves
nothing at the target path.
"""
from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from crm.domain.compliance import to_local
from crm.domain.errors import UserError

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
Kind = Literal["text", "money", "date", "datetime", "int", "number"]

MONEY_FORMAT = '"¥"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
INT_FORMAT = "0"
NUMBER_FORMAT = "#,##0.00"
CANCELLED = "导出已取消，未生成文件。"
MASKED_NOTE = ("已脱敏：身份证号只显示前6位和后4位，手机号只显示前3位和后4位，地址只显示前6个字。"
               "需要完整信息时，由有权限的人员选择“不脱敏”导出；每次导出都记入审计日志。")
UNMASKED_NOTE = ("未脱敏：本文件含完整的身份证号、手机号和地址，属于客户个人信息。"
                 "请妥善保管，仅用于贷后管理工作，不得外传；本次导出已记入审计日志。")
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 0, 1, 2
MIN_WIDTH, MAX_WIDTH = 6.0, 60.0
_EXCEL_MAX_ROWS = 1_048_576


class ExportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__(CANCELLED)


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: float | None = None   # fixed width in characters; None = measured from the values


@dataclass(frozen=True)
class ExportSpec:
    """What one export writes: the list's name, whose data, who exports, columns, filter."""

    what: str                                   # 客户清单
    scope: str                                  # 杭州西湖支行全部客户
    by: str                                     # 王主管（主管）
    columns: Sequence[Column]
    filters: Sequence[tuple[str, str]] = ()     # (条件, 取值) for the 说明 sheet
    masked: bool = True
    at: datetime | None = None                  # export time; now if None
    notes: Sequence[str] = field(default_factory=tuple)   # extra lines for 说明

    def title(self, at: datetime) -> str:
        mode = "已脱敏" if self.masked else "未脱敏"
        return (f"{self.what}｜范围：{self.scope}｜导出时间：{at:%Y-%m-%d %H:%M}｜"
                f"导出人：{self.by}｜{mode}")


# --- helpers (pure, unit-tested) ---------------------------------------------------------------

def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK and full-width characters count double.

    UTF-8 gives it without a per-character lookup: ASCII is 1 byte, CJK 3, so (chars +
    bytes) / 2 is 1 and 2 respectively."""
    return (len(text) + len(text.encode("utf-8"))) // 2


def value_width(kind: Kind, value: Any) -> int:
    """The width a typed value shows with its number format."""
    if value is None or value == "":
        return 0
    if kind == "money":
        return len(f"{value:,.2f}") + 1   # the ¥ sign
    if kind == "number":
        return len(f"{value:,.2f}")
    if kind == "date":
        return 10
    if kind == "datetime":
        return 16
    if kind == "int":
        return len(str(int(value)))
    return display_width(str(value))


def column_width(header: str, widest_value: int) -> float:
    """Header plus room for the filter button, or the widest value, within sane bounds."""
    return min(max(display_width(header) + 3.0, widest_value + 2.0, MIN_WIDTH), MAX_WIDTH)


def local_naive(moment: datetime) -> datetime:
    """A stored (UTC) time as Shanghai wall-clock time; Excel has no time zones."""
    return to_local(moment).replace(tzinfo=None)


def sheet_name(text: str) -> str:
    """Excel refuses []:*?/\\ in sheet names and more than 31 characters."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in text).strip("'") or "Sheet1"
    return cleaned[:31]


# --- the writer ---------------------------------------------------------------------------------

class _Sheet:
    """Typed cell writing and width tracking for the data sheet."""

    def __init__(self, wb: Any, ws: Any, columns: Sequence[Column]) -> None:
        self.ws = ws
        self.columns = list(columns)
        fmt = {"money": MONEY_FORMAT, "date": DATE_FORMAT, "datetime": DATETIME_FORMAT,
               "int": INT_FORMAT, "number": NUMBER_FORMAT}
        self.formats = [wb.add_format({"num_format": fmt[c.kind]}) if c.kind in fmt else None
                        for c in self.columns]
        self.widest = [0] * len(self.columns)
        self.peak = [0.0] * len(self.columns)
        self.row = FIRST_DATA_ROW

    def write(self, values: Sequence[Any]) -> None:
        ws, r, widest, peak = self.ws, self.row, self.widest, self.peak
        for c, (col, value) in enumerate(zip(self.columns, values)):
            if value is None or value == "":
                continue
            kind = col.kind
            if kind == "text":
                text = value if isinstance(value, str) else str(value)
                ws.write_string(r, c, text)   # never a formula or a link, whatever it starts with
                if len(text) * 2 > widest[c]:   # only a text that could widen it is measured
                    widest[c] = max(widest[c], display_width(text))
            elif kind in ("money", "number", "int"):
                number = int(value) if kind == "int" else float(value)
                ws.write_number(r, c, number, self.formats[c])
                if abs(number) > peak[c]:   # too narrow a number column shows ####
                    peak[c] = abs(number)
            elif kind == "datetime":
                ws.write_datetime(r, c, local_naive(value), self.formats[c])
            else:
                day = value.date() if isinstance(value, datetime) else value
                ws.write_datetime(r, c, day, self.formats[c])
        self.row += 1

    def finish(self, written: int) -> None:
        for c, col in enumerate(self.columns):
            if col.kind in ("date", "datetime"):
                self.widest[c] = value_width(col.kind, date.min)
            elif col.kind != "text" and self.peak[c]:
                self.widest[c] = value_width(col.kind, self.peak[c]) + 1   # room for a minus
            self.ws.set_column(c, c, col.width or column_width(col.header, self.widest[c]))
        last_row = FIRST_DATA_ROW + max(written, 1) - 1
        self.ws.autofilter(HEADER_ROW, 0, last_row, len(self.columns) - 1)


def _title_and_header(wb: Any, ws: Any, spec: ExportSpec, at: datetime) -> None:
    ws.write_string(TITLE_ROW, 0, spec.title(at), wb.add_format({"bold": True, "font_size": 12}))
    ws.set_row(TITLE_ROW, 22)
    head = wb.add_format({"bold": True, "bg_color": "#DDE5F0", "border": 1,
                          "valign": "vcenter"})
    for c, col in enumerate(spec.columns):
        ws.write_string(HEADER_ROW, c, col.header, head)
    ws.set_row(HEADER_ROW, 20)
    ws.freeze_panes(FIRST_DATA_ROW, 0)
    # printed: A4 landscape, all columns on the page width, the header on every page
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.set_header(f"&L内部资料 注意保密&R{spec.what}")
    ws.set_footer("&C第 &P 页，共 &N 页")


def _notes_sheet(wb: Any, spec: ExportSpec, at: datetime, written: int) -> None:
    ws = wb.add_worksheet("说明")
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    rows: list[tuple[str, str]] = [
        ("导出内容", spec.what), ("数据范围", spec.scope),
        *(spec.filters or [("筛选条件", "无（范围内全部记录）")]),
        ("行数", f"{written:,}"), ("导出时间", f"{at:%Y-%m-%d %H:%M}（北京时间）"),
        ("导出人", spec.by), ("脱敏", MASKED_NOTE if spec.masked else UNMASKED_NOTE),
        *(("说明", line) for line in spec.notes),
    ]
    ws.write_string(0, 0, "项目", bold)
    ws.write_string(0, 1, "内容", bold)
    for r, (key, value) in enumerate(rows, start=1):
        ws.write_string(r, 0, key, bold)
        ws.write_string(r, 1, value, wrap)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 90)


REPORT_SUFFIXES = (".pdf", ".xlsx")   # the reports that come as either


def check_target(path: Path, suffixes: tuple[str, ...] = (".xlsx",),
                 example: str = "客户清单.xlsx") -> None:
    """Refuse a target that can't be an export (or report) file, before any work is done."""
    if path.suffix.lower() not in suffixes:
        raise UserError(f"导出文件“{path.name}”须以 {' 或 '.join(suffixes)} 结尾。")
    if not path.parent.is_dir():
        raise UserError(f"文件夹“{path.parent}”不存在，请先创建或另选位置。")
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，请给出文件名，如 {example}。")


def _temp_target(path: Path) -> Path:
    """A new file beside the target (same file system, so the final move is atomic); created
    with open() rather than mkstemp so it gets the user's usual permissions."""
    tmp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.part")
    try:
        open(tmp, "xb").close()
    except OSError as exc:
        raise UserError(f"无法在文件夹“{path.parent}”中写入文件：{exc.strerror or exc}") from None
    return tmp


def _abandon(wb: Any) -> None:
    """Close the row files of a workbook that will never be saved (cancel or error)."""
    for ws in wb.worksheets():
        fh = getattr(ws, "row_data_fh", None)
        if fh is not None and not fh.closed:
            fh.close()


def write_export(path: str | Path, spec: ExportSpec, pages: Iterable[Sequence[Sequence[Any]]],
                 total: int, *, progress: Progress | None = None, cancel: Cancel | None = None,
                 before_replace: Callable[[int], None] | None = None) -> int:
    """Write the pages of rows to `path`; returns the number of data rows.

    `cancel()` is checked once per page and raises ExportCancelled. `before_replace(rows)`
    runs when the file is complete but not yet in place (the caller audits there), so a
    failure up to that point leaves the target path untouched."""
    path = Path(path)
    check_target(path)
    at = spec.at or local_naive(datetime.now().astimezone())
    label = f"正在导出{spec.what}…"
    tmp = _temp_target(path)
    try:
        with tempfile.TemporaryDirectory(prefix="crm-export-") as work:
            wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "tmpdir": work})
            try:
                written = _write_book(wb, spec, at, pages, total, progress, cancel, label)
                wb.close()
            except BaseException:
                _abandon(wb)
                raise
        if before_replace is not None:
            before_replace(written)
        os.replace(tmp, path)
    except FileCreateError as exc:
        raise _write_error(path, exc.__context__ or exc) from None
    except PermissionError as exc:
        raise _write_error(path, exc) from None
    finally:
        tmp.unlink(missing_ok=True)
        close = getattr(pages, "close", None)
        if close is not None:   # a source holding a database cursor lets go of it now
            close()
    return written


def _write_book(wb: Any, spec: ExportSpec, at: datetime, pages: Iterable[Sequence[Sequence[Any]]],
                total: int, progress: Progress | None, cancel: Cancel | None, label: str) -> int:
    ws = wb.add_worksheet(sheet_name(spec.what))
    _title_and_header(wb, ws, spec, at)
    sheet = _Sheet(wb, ws, spec.columns)
    written = 0
    if progress is not None:
        progress(0, total, label)
    for page in pages:
        if cancel is not None and cancel():
            raise ExportCancelled()
        if FIRST_DATA_ROW + written + len(page) > _EXCEL_MAX_ROWS:
            raise UserError(f"超过 Excel 单表上限（{_EXCEL_MAX_ROWS:,} 行），请缩小范围后分批导出。")
        for values in page:
            sheet.write(values)
        written += len(page)
        if progress is not None:
            progress(written, max(total, written), label)
    if cancel is not None and cancel():
        raise ExportCancelled()
    sheet.finish(written)
    _notes_sheet(wb, spec, at, written)
    if progress is not None:
        progress(written, max(total, written), "正在保存文件…")
    return written


def _write_error(path: Path, exc: BaseException) -> UserError:
    if isinstance(exc, PermissionError):
        return UserError(f"无法写入“{path.name}”：文件可能正在 Excel 中打开，或没有写入权限，"
                         "请关闭后重试。")
    reason = getattr(exc, "strerror", None) or str(exc)
    return UserError(f"无法写入“{path}”：{reason}")

