"""文件 → 导出…: what a manager and a supervisor see, an export run in the background, Cancel."""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMenu
from sqlalchemy import func, select

from crm.app import build_main_window
from crm.domain.actors import Actor
from crm.domain.enums import ContactChannel, ContactDirection, ContactOutcome, ContactParty, Role
from crm.models import AuditEvent, ContactRecord, Customer
from crm.reports import exports
from crm.services.auth import sign_in
from crm.ui.context import AppContext, AppSignals
from crm.ui.export_dialog import ExportDialog
from tests import factories


@pytest.fixture
def people(empty_db):
    branch = factories.branch(empty_db)
    manager = factories.user(empty_db, "jingli01", Role.MANAGER, branch, "张经理")
    boss = factories.user(empty_db, "zhuguan", Role.SUPERVISOR, branch, "王主管")
    cid = factories.customer(empty_db, "王小明", owner=manager)
    with empty_db.uow(Actor.cli()) as uow:
        uow.session.add(ContactRecord(
            customer_id=cid, user_id=manager.user_id, channel=ContactChannel.PHONE,
            direction=ContactDirection.OUTBOUND, party=ContactParty.BORROWER,
            contacted_at=datetime(2026, 5, 1, 2, 0, tzinfo=timezone.utc),
            outcome=ContactOutcome.CONNECTED, summary="已提醒还款"))
        number = uow.session.get(Customer, cid).id_number
        uow.commit()
    return {"manager": manager, "boss": boss, "id_number": number}


def dialog(qtbot, db, actor, settings, runner, tmp_path):
    d = ExportDialog(AppContext(db, actor, settings, runner, AppSignals()), folder=str(tmp_path))
    qtbot.addWidget(d)
    d.show()
    return d


def choose(d, kind):
    d.kind.setCurrentIndex(d.kind.findData(kind))


def audit_count(db):
    with db.sessions() as s:
        return s.scalar(select(func.count()).where(AuditEvent.action == "export"))


def test_a_manager_exports_contacts_masked_and_never_sees_the_unmask_choice(
        qtbot, zh, empty_db, people, settings, runner, tmp_path):
    d = dialog(qtbot, empty_db, people["manager"], settings, runner, tmp_path)
    assert d.kind.itemText(0) == "客户清单" and d.kind.count() == 7
    assert d.kind.itemText(6) == "问卷结果"
    assert not d.unmasked.isVisible() and "脱敏" in d.mask_note.text()
    assert not d.range_row.isVisible()                      # customers have no date range
    choose(d, "contacts")
    assert d.range_row.isVisible() and not d.date_from.isEnabled()   # all dates by default
    assert d.path.text().endswith(".xlsx") and "联系记录" in d.path.text()
    d.export_button.click()
    qtbot.waitUntil(lambda: d.exported is not None, timeout=10000)
    assert "已导出 1 行" in d.status.text() and "已脱敏" in d.status.text()
    wb = load_workbook(d.exported.path)
    text = " ".join(str(c) for row in wb.worksheets[0].iter_rows(values_only=True) for c in row)
    assert "王小明" in text and people["id_number"] not in text
    assert d.close_button.text() == "关闭" and d.export_button.isEnabled()


def test_a_supervisor_exports_the_week_visit_plan_unmasked(qtbot, zh, empty_db, people,
                                                            settings, runner, tmp_path):
    d = dialog(qtbot, empty_db, people["boss"], settings, runner, tmp_path)
    assert d.unmasked.isVisible() and not d.unmasked.isChecked()
    choose(d, "visits")
    assert not d.use_range.isVisible() and d.date_from.isEnabled()   # a plan is always dated
    assert d.date_from.date().daysTo(d.date_to.date()) == 6
    d.unmasked.setChecked(True)
    assert "不脱敏" in d.mask_note.text()
    req = d.request()
    assert req.what == "visits" and req.unmasked and req.date_from is not None
    choose(d, "customers")
    d.export_button.click()
    qtbot.waitUntil(lambda: d.exported is not None, timeout=10000)
    assert d.exported.unmasked and "未脱敏" in d.status.text()
    text = " ".join(str(c) for row in load_workbook(d.exported.path).worksheets[0]
                    .iter_rows(values_only=True) for c in row)
    assert people["id_number"] in text


def test_cancel_stops_the_export_and_writes_no_file(qtbot, zh, empty_db, people, settings,
                                                     runner, tmp_path, monkeypatch):
    clicked = threading.Event()
    scope_text = exports._scope_text

    def held(session, actor):           # the worker waits here until Cancel has been pressed
        clicked.wait(10)
        return scope_text(session, actor)

    monkeypatch.setattr(exports, "_scope_text", held)
    d = dialog(qtbot, empty_db, people["manager"], settings, runner, tmp_path)
    d.export_button.click()
    assert d.close_button.text() == "取消" and not d.kind.isEnabled()
    d.close_button.click()
    clicked.set()
    qtbot.waitUntil(lambda: d.operation is None, timeout=10000)
    assert "已取消" in d.status.text() and d.exported is None
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("*.part"))
    assert audit_count(empty_db) == 0 and d.isVisible()


def test_a_bad_date_range_is_said_in_the_dialog(qtbot, zh, empty_db, people, settings, runner,
                                                tmp_path):
    d = dialog(qtbot, empty_db, people["manager"], settings, runner, tmp_path)
    choose(d, "contacts")
    d.use_range.setChecked(True)
    d.date_from.setDate(d.date_to.date().addDays(3))
    d.export_button.click()
    qtbot.waitUntil(lambda: d.operation is None, timeout=10000)
    assert "晚于" in d.status.text() and not list(tmp_path.glob("*.xlsx"))


def test_the_file_menu_opens_it(qtbot, zh, admin_db, settings, runner, monkeypatch):
    actor = sign_in(admin_db, "admin", factories.PASSWORD)
    win = build_main_window(admin_db, actor, settings, runner)
    qtbot.addWidget(win)
    action = win.actions_by_id["export"]
    assert action.text() == "导出(&E)…" and action.shortcut().toString() == "Ctrl+E"
    file_menu = win.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu) and action in file_menu.actions()
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    action.trigger()
    assert opened and opened[0].windowTitle() == "导出到 Excel"
    assert not opened[0].may_unmask                     # administrators export masked only
    assert date.today().strftime("%Y") in opened[0].path.text()
