"""The error report: rejected and warned rows as they were in the file, plus 行号 and 原因.

The original headers come first, so the user can fix the rows in Excel and import the
report itself; 行号 and 原因 match no field and are ignored on the way back in.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from crm.domain.errors import UserError
from crm.importing.values import CellProblem

EXCEL_CELL_LIMIT = 32_767
ROW_HEADER = "行号"
REASON_HEADER = "原因"


def _cell(value: Any) -> Any:
    if isinstance(value, CellProblem):
        return value.text
    if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
        return value[:EXCEL_CELL_LIMIT - 20] + f"…（原有 {len(value)} 个字符）"
    if isinstance(value, time | timedelta):
        return str(value)
    return value


def _reasons(issues: list[Any]) -> str:
    parts = []
    for i in issues:
        tag = "错误" if i.severity == "error" else "提示"
        col = f"【{i.column}】" if i.column else ""
        parts.append(f"[{tag}]{col}{i.reason}")
    return "；".join(parts)


def write_error_report(report: Any, source: Any, path: str | Path) -> int:
    """Write the rows with issues to an .xlsx at path; returns how many rows were written."""
    by_row = report.issues_by_row()
    by_row.pop(0, None)
    path = Path(path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误报告")
    ws.freeze_panes = "A2"
    headers = list(source.headers)
    bold = Font(bold=True)
    head = []
    for text in [*headers, ROW_HEADER, REASON_HEADER]:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    width = len(headers)
    ws.column_dimensions[get_column_letter(width + 2)].width = 60
    written = 0
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, cells in source.rows():
        issues = by_row.get(row)
        if not issues:
            continue
        values = [_cell(c) for c in cells[:width]] + [None] * max(0, width - len(cells))
        out: list[Any] = []
        for v in values:
            if isinstance(v, date | datetime):
                c = WriteOnlyCell(ws, value=v)
                c.number_format = "yyyy-mm-dd"
                out.append(c)
            else:
                out.append(v)
        reason = WriteOnlyCell(ws, value=_reasons(issues))
        reason.alignment = wrap
        ws.append([*out, row, reason])
        written += 1
    try:
        wb.save(path)
    except PermissionError:
        raise UserError(f"无法写入“{path.name}”：文件可能正在 Excel 中打开，请关闭后重试。") from None
    except OSError as exc:
        raise UserError(f"无法写入“{path}”：{exc.strerror or exc}") from None
    return written
