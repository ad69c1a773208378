"""The export writer's helpers and its file handling, without a database."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from crm.domain.errors import UserError
from crm.reports.excel import (
    DATE_FORMAT, MAX_WIDTH, MONEY_FORMAT, Column, ExportCancelled, ExportSpec, column_width,
    display_width, local_naive, sheet_name, value_width, write_export,
)

SPEC = ExportSpec("客户清单", "西湖支行全部客户", "王主管（主管）",
                  [Column("客户名称"), Column("贷款余额", "money"), Column("逾期天数", "int"),
                   Column("到期日期", "date"), Column("联系时间", "datetime")],
                  filters=[("搜索", "王")], at=datetime(2026, 5, 1, 9, 30))


def test_cjk_characters_count_double():
    assert display_width("abc") == 3
    assert display_width("王小明") == 6
    assert display_width("JJ2024 王") == 9
    assert display_width("，（）") == 6          # full-width punctuation too
    assert display_width("") == 0


def test_values_are_measured_as_they_will_show():
    assert value_width("money", Decimal("1234567.5")) == len("¥1,234,567.50")
    assert value_width("int", 40.0) == 2
    assert value_width("date", date(2026, 5, 1)) == 10
    assert value_width("text", "王小明") == 6
    assert value_width("text", None) == 0


def test_column_width_leaves_room_for_the_filter_button_and_is_bounded():
    assert column_width("客户名称", 0) == 11              # 8 + the filter button
    assert column_width("ID", 30) == 32
    assert column_width("摘要", 500) == MAX_WIDTH
    assert column_width("", 0) >= 6


def test_times_are_shown_in_shanghai_without_a_zone():
    moment = datetime(2026, 5, 1, 16, 30, tzinfo=timezone.utc)
    assert local_naive(moment) == datetime(2026, 5, 2, 0, 30)


def test_sheet_names_excel_accepts():
    assert sheet_name("走访计划 2026/05/01") == "走访计划 2026_05_01"
    assert len(sheet_name("长" * 40)) == 31


def test_title_says_what_for_whom_when_and_by_whom():
    title = SPEC.title(SPEC.at)
    assert title == "客户清单｜范围：西湖支行全部客户｜导出时间：2026-05-01 09:30｜导出人：王主管（主管）｜已脱敏"


def test_written_cells_have_their_types_and_formats(tmp_path):
    rows = [["王小明", Decimal("1234.5"), 40, date(2026, 5, 1),
             datetime(2026, 5, 1, 2, 30, tzinfo=timezone.utc)],
            ["=HYPERLINK(\"http://x\")", None, 0, None, None]]
    progress = []
    n = write_export(tmp_path / "a.xlsx", SPEC, [rows], 2,
                     progress=lambda d, t, label: progress.append((d, t)))
    assert n == 2 and (2, 2) in progress
    wb = load_workbook(tmp_path / "a.xlsx")
    ws = wb["客户清单"]
    assert ws["B3"].value == 1234.5 and ws["B3"].number_format == MONEY_FORMAT
    assert ws["C3"].value == 40 and ws["D3"].number_format == DATE_FORMAT
    assert ws["E3"].value == datetime(2026, 5, 1, 10, 30)
    assert ws["A4"].data_type == "s" and ws["A4"].value.startswith("=HYPERLINK")  # not a formula
    assert ws["B4"].value is None
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:E4"
    assert ws.column_dimensions["A"].width > column_width("客户名称", 0)   # the long text
    assert wb["说明"]["A2"].value == "导出内容"


@pytest.mark.parametrize("when", ["first page", "after the last page"])
def test_cancel_leaves_an_existing_file_alone_and_no_temporary_file(tmp_path, when):
    target = tmp_path / "客户.xlsx"
    target.write_bytes(b"old")
    pages = [[["甲", 1, 1, None, None]], [["乙", 2, 2, None, None]]]
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return when == "first page" or len(calls) > len(pages)

    with pytest.raises(ExportCancelled):
        write_export(target, SPEC, pages, 2, cancel=cancel)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["客户.xlsx"]


def test_a_failing_source_or_audit_leaves_nothing(tmp_path):
    def broken():
        yield [["甲", 1, 1, None, None]]
        raise RuntimeError("数据库断开")

    with pytest.raises(RuntimeError):
        write_export(tmp_path / "a.xlsx", SPEC, broken(), 2)

    def refuse(rows: int) -> None:
        raise UserError("审计写入失败")

    with pytest.raises(UserError):
        write_export(tmp_path / "a.xlsx", SPEC, [[["甲", 1, 1, None, None]]], 1,
                     before_replace=refuse)
    assert list(tmp_path.iterdir()) == []


def test_bad_targets_are_refused_in_chinese(tmp_path):
    with pytest.raises(UserError, match="须以 .xlsx 结尾"):
        write_export(tmp_path / "a.xls", SPEC, [], 0)
    with pytest.raises(UserError, match="不存在"):
        write_export(tmp_path / "no" / "a.xlsx", SPEC, [], 0)
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(UserError, match="文件夹"):
        write_export(tmp_path / "dir.xlsx", SPEC, [], 0)


@pytest.mark.parametrize("phone", ["+8613800138000", "+8619912345678", "+8657187654321",
                                   "+862112345678", "+86105555666", "+864008123456",
                                   "+85221234567", "0571-8765432", "+861380013800",
                                   "138 0013 8000"])
def test_the_exports_fast_phone_masking_matches_the_domain_rules(phone):
    from crm.domain.identity import display_phone
    from crm.domain.masking import mask_phone
    from crm.reports.exports import _Masker

    assert _Masker(unmasked=False).phone(phone) == mask_phone(phone)
    assert _Masker(unmasked=True).phone(phone) == display_phone(phone)


@given(st.sampled_from(["571", "21", "755", "898", "10", "20", "311", "400", "139", "186"]),
       st.text("0123456789", min_size=4, max_size=8))
def test_fast_masking_matches_for_any_stored_number(area, rest):
    from crm.domain.identity import display_phone, parse_phone
    from crm.domain.masking import mask_phone
    from crm.reports.exports import _Masker

    mobile = len(area) == 3 and area.startswith("1")
    stored = parse_phone(("" if mobile else "0") + area + rest).value
    assert _Masker(unmasked=False).phone(stored) == mask_phone(stored)
    assert _Masker(unmasked=True).phone(stored) == display_phone(stored)
