"""The import wizard as a customer manager uses it: file, sheet, mapping, dry run, import, undo."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QMessageBox, QWizard

from crm.domain.enums import Role
from crm.domain.identity import make_id_number
from crm.ui.context import AppContext, AppSignals
from crm.ui.import_wizard import ImportWizard
from tests import factories

GOOD1 = make_id_number("330106", date(1975, 3, 9), 12)
GOOD2 = make_id_number("330102", date(1988, 11, 30), 57)


@pytest.fixture
def sheet(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "贷款清单"
    ws.append(["杭州西湖支行 个人贷款客户清单（2026年三季度）"])
    ws.merge_cells("A1:F1")
    ws.append(["客户名称", "证件号码", "联系电话", "借据号", "贷款余额（万元）", "逾期天数"])
    ws.append(["王小明", GOOD1, "138-0013-8000", "JJ001", 12.5, "35天"])
    ws.append(["李 建国", GOOD2, "+86 139 0000 1111", "JJ002", 3, 0])
    ws.append(["张三", "330106198001011234", "13800000000", "JJ003", 1, 0])   # bad check digit
    ws.append(["合计", None, None, None, 16.5, None])
    path = tmp_path / "清单.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def wizard(qtbot, zh, empty_db, settings, runner, sheet):
    branch = factories.branch(empty_db)
    manager = factories.user(empty_db, "jingli01", Role.MANAGER, branch, "张经理")
    ctx = AppContext(empty_db, manager, settings, runner, AppSignals(), "西湖支行")
    w = ImportWizard(ctx, path=str(sheet))
    qtbot.addWidget(w)
    w.show()
    return w


def _next(qtbot, w, page):
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is page, timeout=15000)


def test_a_messy_sheet_goes_all_the_way_and_back(qtbot, wizard, monkeypatch):
    w = wizard
    _next(qtbot, w, w.source_page)
    assert w.source.header_row == 1                       # the title row is above it
    assert w.source_page.sheet.currentText() == "贷款清单"
    _next(qtbot, w, w.mapping_page)
    fields = [c.currentData() for c in w.mapping_page.combos]
    assert fields == ["name", "id_number", "phone", "loan_no", "balance", "overdue_days"]
    assert "万元" in w.mapping_page.columns.item(4, 2).text()
    # the preview shows parsed values: 12.5 万元 is ¥125,000.00, "35天" is 35
    row0 = [w.mapping_page.preview.item(0, c).text()
            for c in range(w.mapping_page.preview.columnCount())]
    assert any("125,000.00" in v for v in row0) and "35" in row0
    _next(qtbot, w, w.check_page)
    qtbot.waitUntil(lambda: w.check_page.report is not None, timeout=15000)
    counts = w.check_page.report.counts
    assert counts["rejected"] == 1 and counts["skipped"] == 1
    assert counts["customers_inserted"] == 2
    first_issue = [w.check_page.issues.item(0, c).text() for c in range(5)]
    assert first_issue[0] == "5" and "证件" in first_issue[1] + first_issue[3]
    assert first_issue[4] == "错误"
    _next(qtbot, w, w.result_page)
    qtbot.waitUntil(lambda: w.result_page.finished, timeout=15000)
    report = w.result_page.report
    assert report.counts["customers_inserted"] == 2 and report.batch_id is not None
    assert w.result_page.undo.isEnabled() and w.result_page.save_report.isEnabled()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    w.result_page.undo.click()
    qtbot.waitUntil(lambda: not w.result_page.undo.isEnabled(), timeout=15000)
    assert "撤销" in w.result_page.status.text()


def test_a_file_that_is_not_a_spreadsheet_stays_on_the_first_page(qtbot, wizard, tmp_path):
    w = wizard
    fake = tmp_path / "照片.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 200)
    w.file_page.path.setText(str(fake))
    w.next()
    qtbot.waitUntil(lambda: bool(w.file_page.message.text()), timeout=15000)
    assert w.currentPage() is w.file_page
    assert "Traceback" not in w.file_page.message.text()
