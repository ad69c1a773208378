"""Open a spreadsheet (.xlsx/.xlsm/.xls via python-calamine, .csv in UTF-8/GB18030), find the
sheet and its header row, and yield the data rows with their Excel row numbers.

Every way a file can be unreadable ends in a BadFileError with a Chinese message, before a
single row is imported. Files are sniffed by content, not by extension.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

from crm.domain.errors import BadFileError
from crm.importing.fields import known_field_count
from crm.importing.values import CellProblem

HEADER_SCAN_ROWS = 30
MIN_HEADER_FIELDS = 2
MAX_ROWS = 300_000  # data rows per file: memory stays bounded; split larger lists
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024  # a zip that unpacks to more is a zip bomb
MAX_RATIO = 200  # real sheets compress 5-30x; a zip bomb compresses thousands of times
MAX_PROBLEMS = 10_000
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030"]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_MAGIC = (
    (b"%PDF", "PDF 文档"), (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"), (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"), (b"{\\rtf", "RTF 文档"), (b"MZ", "程序文件"),
)
LOCKED = ("文件正被其他程序占用（例如 Excel 正打开着它），无法读取。"
          "请在 Excel 中关闭该文件后重试。")


@dataclass(frozen=True)
class SheetInfo:
    name: str
    hidden: bool


def _bad(message: str) -> BadFileError:
    return BadFileError(message)


# --- sniffing ----------------------------------------------------------------------------------

def _read_head(path: Path, n: int = 65536) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(n)
    except PermissionError:
        raise _bad(LOCKED) from None
    except IsADirectoryError:
        raise _bad(f"“{path.name}”是文件夹，不是文件。") from None
    except OSError as exc:
        raise _bad(f"无法读取文件“{path.name}”：{exc.strerror or exc}") from None


def sniff(path: Path, head: bytes) -> str:
    """'xlsx' | 'xls' | 'csv' from the content; BadFileError for anything else."""
    ext = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(_OLE):
        if _ENCRYPTED in head or _encrypted_ole(path):
            raise _bad("文件设置了打开密码（已加密），无法读取。请在 Excel 中取消密码"
                       "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，再导入。")
        return "xls"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _bad(f"“{path.name}”不是 Excel 或 CSV 文件，它的内容是{what}"
                       f"（可能是改了扩展名）。请选择核心系统导出的 .xlsx、.xls 或 .csv 文件。")
    lowered = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")):
        raise _bad("这是网页（HTML）格式的表格，只是扩展名为 Excel。请用 Excel 打开它，"
                   "另存为“Excel 工作簿 (*.xlsx)”后再导入。")
    if lowered.startswith(b"<?xml"):
        raise _bad("这是 XML 格式的表格（Excel 2003 XML），无法直接读取。请用 Excel 打开它，"
                   "另存为“Excel 工作簿 (*.xlsx)”后再导入。")
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        kind = "Excel 文件" if ext in (".xlsx", ".xlsm", ".xls") else "CSV 文本文件"
        raise _bad(f"“{path.name}”不是{kind}，无法识别它的内容（可能是改了扩展名或文件已损坏）。")
    return "csv"


def _encrypted_ole(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            data = fh.read(4 * 1024 * 1024)
    except OSError:
        return False
    return _ENCRYPTED in data


# --- xlsx guards: zip bomb, size, error cells, formulas without a saved value -----------------

@dataclass
class SheetScan:
    rows: int = 0
    problems: dict[tuple[int, int], CellProblem] = field(default_factory=dict)
    formulas_without_value: int = 0
    error_cells: int = 0


_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>')
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*\bt="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]*)</v>')
_TAIL = 4096
ERROR_TEXTS = {"#N/A": "#N/A（找不到值）", "#DIV/0!": "#DIV/0!（除数为零）"}


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _check_zip(path: Path) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _bad("文件已损坏（不是完整的 Excel 文件，可能没有下载完整）。") from None
    except PermissionError:
        raise _bad(LOCKED) from None
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:  # .xlsb is fine
        zf.close()
        what = "Word 文档" if "word/document.xml" in names else (
            "PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "压缩包")
        raise _bad(f"这是{what}，不是 Excel 工作簿（可能是改了扩展名）。")
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (info.file_size > 50 * 1024 * 1024 and ratio > MAX_RATIO):
            zf.close()
            raise _bad("文件解压后异常巨大（疑似“压缩炸弹”），为保护电脑已拒绝读取。"
                       "请使用核心系统直接导出的文件。")
    return zf


def _sheet_members(zf: zipfile.ZipFile) -> list[str]:
    """Worksheet XML paths in workbook order (the order calamine lists the sheets in)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    try:
        wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return []
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for sheet in wb.iterfind("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        out.append(path)
    return out


def scan_sheet(zf: zipfile.ZipFile, member: str) -> SheetScan:
    """Stream the sheet XML once: count rows (refuse too many before calamine loads them),
    and find error cells and formulas that have no saved result."""
    scan = SheetScan()
    unpacked = 0
    try:
        fh = zf.open(member)
    except KeyError:
        return scan
    with fh:
        pending = b""
        while True:
            chunk = fh.read(1 << 20)
            final = not chunk
            unpacked += len(chunk)
            if unpacked > MAX_UNPACKED_BYTES:
                raise _bad("工作表解压后异常巨大（疑似“压缩炸弹”），为保护电脑已拒绝读取。")
            buf = pending + chunk
            safe = len(buf) if final else max(0, len(buf) - _TAIL)
            region = buf[:safe + 4]
            scan.rows += region.count(b"<row ") + region.count(b"<row>")
            if scan.rows > MAX_ROWS + HEADER_SCAN_ROWS:
                raise too_many_rows()
            if b"<f" in buf or b't="e"' in buf:
                _find_problems(buf, safe, scan)
            pending = buf[safe:]
            if final:
                break
    return scan


def _find_problems(buf: bytes, safe: int, scan: SheetScan) -> None:
    for m in _FORMULA_NO_VALUE.finditer(buf):
        if m.start() >= safe:
            break
        scan.formulas_without_value += 1
        if len(scan.problems) < MAX_PROBLEMS:
            key = (int(m.group(2)), _col_index(m.group(1)))
            scan.problems[key] = CellProblem("", "公式没有保存计算结果。请在 Excel 中打开文件、"
                                                 "保存后再导入")
    for m in _ERROR_CELL.finditer(buf):
        if m.start() >= safe:
            break
        scan.error_cells += 1
        if len(scan.problems) < MAX_PROBLEMS:
            text = m.group(3).decode("utf-8", "replace")
            key = (int(m.group(2)), _col_index(m.group(1)))
            scan.problems[key] = CellProblem(text, f"单元格是错误值 {ERROR_TEXTS.get(text, text)}")


def too_many_rows(count: int | None = None) -> BadFileError:
    have = f"有 {count:,} 行，" if count else ""
    return _bad(f"文件{have}超过单次导入上限 {MAX_ROWS:,} 行。请按支行或客户经理拆分成几个文件，"
                "分批导入。")


# --- the source --------------------------------------------------------------------------------

class Source:
    """One sheet (or CSV) of one file, with its header row found."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        self.sheets: list[SheetInfo] = []
        self.sheet: str | None = None
        self.encoding: str | None = None
        self.encodings_offered: list[str] = list(ENCODINGS) if kind == "csv" else []
        self.header_row = 0
        self.headers: list[str] = []
        self.warnings: list[str] = []
        self.problems: dict[tuple[int, int], CellProblem] = {}
        self.total_rows = 0  # data rows after the header, an upper bound for progress
        self._sheet: Any = None
        self._col0 = 0
        self._delimiter = ","

    # raw rows, header included; row numbers are Excel's (1-based)
    def _raw(self) -> Iterator[tuple[int, list[Any]]]:
        if self.kind == "csv":
            yield from self._csv_rows()
            return
        by_row: dict[int, list[tuple[int, CellProblem]]] = {}
        for (prow, pcol), problem in self.problems.items():
            by_row.setdefault(prow, []).append((pcol - self._col0, problem))
        if self._sheet is None:
            self._reload()
        # calamine yields from Excel row 1 (leading blank rows included), so index + 1 is the
        # row number Excel shows; tests/unit/test_import_reader.py pins this down
        for i, cells in enumerate(self._sheet.iter_rows()):
            if by_row:
                for col, problem in by_row.get(i + 1, ()):
                    if 0 <= col < len(cells):
                        cells[col] = problem
            yield i + 1, cells

    def preview_raw(self, n: int = 50) -> list[tuple[int, list[Any]]]:
        out = []
        for item in self._raw():
            out.append(item)
            if len(out) >= n:
                break
        return out

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cells) of every row after the header, blank and total rows included."""
        skip = self.header_row + 1
        count = 0
        for index, item in enumerate(self._raw()):
            if index < skip:
                continue
            count += 1
            if count > MAX_ROWS:
                raise too_many_rows()
            yield item

    def close(self) -> None:
        """Free the decoded sheet (calamine holds all of it); rows() reads the file again."""
        self._sheet = None

    def _reload(self) -> None:
        try:
            wb = calamine.CalamineWorkbook.from_path(str(self.path))
            self._sheet = wb.get_sheet_by_name(self.sheet or "")
        except PermissionError:
            raise _bad(LOCKED) from None
        except (calamine.CalamineError, OSError, ValueError) as exc:
            raise _bad(f"重新读取文件失败（{_short(exc)}），文件可能已被修改或移走。") from None

    # --- csv ---
    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            fh = self.path.open("rb")
        except PermissionError:
            raise _bad(LOCKED) from None
        text = io.TextIOWrapper(fh, encoding=self.encoding or "utf-8", newline="")
        reader = csv.reader(text, delimiter=self._delimiter)
        row = 0
        try:
            for row, cells in enumerate(reader, start=1):
                yield row, [_csv_cell(c) for c in cells]
        except UnicodeDecodeError:
            raise _bad(f"第 {row + 1} 行附近有无法按 {self.encoding} 编码识别的字符。"
                       f"请换一种编码（可选：{'、'.join(ENCODINGS)}）。") from None
        except csv.Error as exc:
            raise _bad(f"第 {row + 1} 行不是有效的 CSV：{exc}（单元格过长或引号不配对）。") from None
        finally:
            text.close()


def _csv_cell(cell: str) -> str:
    # ="0123" and a leading ' keep long numbers as text in Excel; the value is inside
    if cell.startswith('="') and cell.endswith('"') and len(cell) >= 3:
        return cell[2:-1]
    if cell.startswith("'") and cell[1:2].isdigit():
        return cell[1:]
    return cell


def detect_encoding(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            sample = fh.read(4 * 1024 * 1024)
            more = bool(fh.read(1))
    except PermissionError:
        raise _bad(LOCKED) from None
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    cut = sample[:-4] if more else sample  # a character may straddle the end of the sample
    for enc in ("utf-8", "gb18030"):
        try:
            cut.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    raise _bad("无法识别文件的文字编码（既不是 UTF-8 也不是 GBK/GB18030）。"
               "请用 Excel 打开后另存为 .xlsx 再导入。")


def _delimiter(path: Path, encoding: str) -> str:
    try:
        with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
            lines = [fh.readline() for _ in range(HEADER_SCAN_ROWS)]
    except OSError:
        return ","
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_lines(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            n += chunk.count(b"\n")
    return n


# --- opening -----------------------------------------------------------------------------------

def open_source(path: str | Path, *, sheet: str | None = None, encoding: str | None = None,
                header_row: int | None = None) -> Source:
    """Open a file for import. BadFileError (Chinese message) for every unreadable file."""
    path = Path(path)
    if not path.exists():
        raise _bad(f"找不到文件：{path}")
    if path.is_dir():
        raise _bad(f"“{path.name}”是文件夹，不是文件。")
    size = path.stat().st_size
    if size == 0:
        raise _bad(f"文件“{path.name}”是空的（0 字节）。")
    if size > MAX_FILE_BYTES:
        raise _bad(f"文件过大（{size / 1024 / 1024:.0f} MB），超过上限 "
                   f"{MAX_FILE_BYTES // 1024 // 1024} MB。请拆分后分批导入。")
    head = _read_head(path)
    if path.name.startswith("~$") and size < 1024:
        raise _bad("这是 Excel 打开文件时生成的临时锁定文件（~$ 开头），不是清单本身。"
                   "请选择不带 ~$ 的原文件。")
    kind = sniff(path, head)
    source = Source(path, kind)
    if kind == "csv":
        _open_csv(source, encoding)
    else:
        _open_workbook(source, sheet)
    _place_header(source, header_row)
    return source


def _open_csv(source: Source, encoding: str | None) -> None:
    source.encoding = encoding or detect_encoding(source.path)
    if source.encoding not in source.encodings_offered:
        source.encodings_offered.append(source.encoding)
    try:
        codecs.lookup(source.encoding)
    except LookupError:
        raise _bad(f"不支持的编码：{source.encoding}") from None
    source._delimiter = _delimiter(source.path, source.encoding)
    lines = _count_lines(source.path)
    if lines > MAX_ROWS + HEADER_SCAN_ROWS:
        raise too_many_rows(lines)
    source.total_rows = lines


def _open_workbook(source: Source, wanted: str | None) -> None:
    members: list[str] = []
    zf: zipfile.ZipFile | None = None
    if source.kind == "xlsx":
        zf = _check_zip(source.path)
        members = _sheet_members(zf)
    try:
        wb = calamine.CalamineWorkbook.from_path(str(source.path))
    except calamine.PasswordError:
        raise _bad("文件设置了打开密码（已加密），无法读取。请在 Excel 中取消密码后另存，再导入。") from None
    except PermissionError:
        raise _bad(LOCKED) from None
    except (calamine.CalamineError, OSError, ValueError) as exc:
        raise _bad(f"文件已损坏或不是有效的 Excel 文件，无法读取（{_short(exc)}）。") from None
    try:
        metas = [m for m in wb.sheets_metadata
                 if m.typ == calamine.SheetTypeEnum.WorkSheet]
        source.sheets = [SheetInfo(m.name, m.visible != calamine.SheetVisibleEnum.Visible)
                         for m in metas]
        if not source.sheets:
            raise _bad("工作簿里没有工作表。")
        member_of = {name: members[i] for i, name in enumerate(wb.sheet_names) if i < len(members)}
        if wanted is not None:
            if wanted not in {s.name for s in source.sheets}:
                names = "、".join(s.name for s in source.sheets)
                raise _bad(f"工作表“{wanted}”不存在。可选的工作表：{names}")
            _load_sheet(source, wb, zf, member_of.get(wanted), wanted)
            return
        _choose_sheet(source, wb, zf, member_of)
    finally:
        if zf is not None:
            zf.close()


def _choose_sheet(source: Source, wb: Any, zf: zipfile.ZipFile | None,
                  member_of: dict[str, str]) -> None:
    """The first visible sheet with a recognisable header; hidden sheets are never guessed."""
    hidden_hit = None
    for info in source.sheets:
        _load_sheet(source, wb, zf, member_of.get(info.name), info.name)
        if _best_header(source)[1] >= MIN_HEADER_FIELDS:
            if not info.hidden:
                return
            hidden_hit = hidden_hit or info.name
    if hidden_hit:
        raise _bad(f"只在隐藏的工作表“{hidden_hit}”中找到了表头。隐藏的工作表不会自动导入："
                   f"如确需导入，请在 Excel 中取消隐藏，或在向导中选择该工作表"
                   f"（命令行：--sheet {hidden_hit}）。")
    first = next((s for s in source.sheets if not s.hidden), source.sheets[0])
    _load_sheet(source, wb, zf, member_of.get(first.name), first.name)


def _load_sheet(source: Source, wb: Any, zf: zipfile.ZipFile | None, member: str | None,
                name: str) -> None:
    source.problems = {}
    if zf is not None and member:
        scan = scan_sheet(zf, member)
        source.problems = scan.problems
        source.warnings = []
        if scan.formulas_without_value:
            source.warnings.append(f"工作表中有 {scan.formulas_without_value} 个公式没有保存计算结果，"
                                   "这些单元格按错误处理。请在 Excel 中打开并保存后再导入。")
        if scan.error_cells:
            source.warnings.append(f"工作表中有 {scan.error_cells} 个错误值单元格（如 #N/A、#DIV/0!）。")
    try:
        source._sheet = wb.get_sheet_by_name(name)
    except calamine.CalamineError as exc:
        raise _bad(f"工作表“{name}”已损坏，无法读取（{_short(exc)}）。") from None
    start = source._sheet.start
    source._col0 = start[1] if start else 0
    height = (source._sheet.end[0] + 1) if source._sheet.end else 0
    if height > MAX_ROWS + HEADER_SCAN_ROWS:
        source._sheet = None
        raise too_many_rows(height)
    source.sheet = name
    source.total_rows = height


def _best_header(source: Source) -> tuple[int, int]:
    best, best_score = 0, 0
    for index, (_row, cells) in enumerate(source.preview_raw(HEADER_SCAN_ROWS)):
        score = known_field_count(cells)
        if score > best_score:
            best, best_score = index, score
    return best, best_score


def _place_header(source: Source, header_row: int | None) -> None:
    preview = source.preview_raw(HEADER_SCAN_ROWS)
    if not preview or all(_blank(cells) for _r, cells in preview):
        where = f"工作表“{source.sheet}”" if source.sheet else "文件"
        raise _bad(f"{where}是空的，没有任何数据。")
    if header_row is None:
        header_row, score = _best_header(source)
        if score < MIN_HEADER_FIELDS:
            raise _bad(f"在前 {HEADER_SCAN_ROWS} 行中找不到可识别的表头（例如“客户名称”“证件号码”"
                       "“借据号”“贷款余额”）。请确认选择了正确的文件和工作表，或在向导中手动指定表头行。")
    if header_row < 0:
        raise _bad("表头行不能为负数。")
    source.header_row = header_row
    header_cells: list[Any] = []
    for index, (_row, cells) in enumerate(source.preview_raw(header_row + 1)):
        if index == header_row:
            header_cells = cells
    if not header_cells:
        raise _bad(f"表头行（第 {header_row + 1} 行）超出了文件的行数。")
    source.headers = ["" if c is None else str(c).strip() for c in header_cells]
    source.total_rows = max(0, source.total_rows - header_row - 1)
    for _row, cells in source.rows():
        if not _blank(cells):
            return
    raise _bad("文件只有表头，没有数据行。")


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"
