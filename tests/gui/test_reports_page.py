"""报表 page: panels fill in from a small branch, a manager click filters the page, figures
drill down, a chart saves as PNG, satisfaction says when it has no data, the report button
writes the month's workbook."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from crm.domain.actors import Actor
from crm.domain.compliance import SHANGHAI
from crm.domain.enums import (
    ContactChannel, ContactDirection, ContactOutcome, ContactParty, FiveTier, PromiseStatus,
    Role,
)
from crm.models import ContactRecord, Customer, Loan
from crm.ui.context import AppContext, AppSignals
from crm.ui.pages.reports import ReportsPage
from tests import factories

WAIT = 20000
TODAY = date(2026, 12, 3)


@pytest.fixture
def ctx(empty_db, settings, runner, zh):
    db = empty_db
    branch = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, branch, "王经理")
    zhao = factories.user(db, "zhao", Role.MANAGER, branch, "赵经理")
    boss = factories.user(db, "boss", Role.SUPERVISOR, branch, "李主管")
    a = factories.customer(db, "王一", wang, overdue_days=45)
    b = factories.customer(db, "王二", wang)
    c = factories.customer(db, "赵三", zhao, overdue_days=200)
    with db.uow(Actor.cli()) as uow:
        s = uow.session
        for cid, no, bal, days, amt, tier in ((a, "L1", "10000", 45, "1000", FiveTier.SUBSTANDARD),
                                              (b, "L2", "20000", 0, "0", FiveTier.NORMAL),
                                              (c, "L3", "30000", 200, "5000", FiveTier.LOSS)):
            s.add(Loan(loan_no=no, customer_id=cid, balance=Decimal(bal), overdue_days=days,
                       overdue_amount=Decimal(amt), five_tier=tier))
            s.execute(update(Customer).where(Customer.id == cid)
                      .values(overdue_amount=Decimal(amt)))
        s.add(ContactRecord(customer_id=a, user_id=wang.user_id, channel=ContactChannel.PHONE,
                            direction=ContactDirection.OUTBOUND, party=ContactParty.BORROWER,
                            contacted_at=datetime(2026, 12, 1, 10, tzinfo=SHANGHAI),
                            outcome=ContactOutcome.PROMISED, promise_amount=Decimal("500"),
                            promise_date=date(2026, 12, 2), promise_status=PromiseStatus.KEPT))
        uow.commit()
    context = AppContext(db, boss, settings, runner, AppSignals(), "西湖支行")
    context.ids = {"wang": wang.user_id, "zhao": zhao.user_id}   # type: ignore[attr-defined]
    return context


def loaded(qtbot, page: ReportsPage) -> None:
    qtbot.waitUntil(lambda: page.loaded and not page.ctx.runner.running, timeout=WAIT)


def test_panels_fill_in_and_a_manager_click_filters_the_page(qtbot, ctx, tmp_path):
    page = ReportsPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    assert page.period.currentText() == "2026-12"
    assert page.tiles["customers"].text() == "客户数\n3"
    assert page.tiles["balance"].text() == "贷款余额\n60,000.00"
    assert page.tiles["overdueRate"].text() == "逾期率\n66.7%"
    assert page.tiles["keptRate"].text() == "承诺履约率\n100.0%"
    bars = page.charts["bucketChart"].values
    assert [(k, v) for k, _l, v in bars] == [("M0", 1), ("M1", 0), ("M2", 1), ("M3", 0),
                                              ("M4-M6", 0), ("M6+", 1)]
    assert page.charts["bucketChart"].chart.title() == "贷款逾期分档（笔数）"
    # no surveys yet: the panel says so instead of an empty chart
    assert page.empty.isVisibleTo(page) and page.empty.text() == "暂无满意度数据"
    assert not page.charts["trendChart"].isVisibleTo(page)

    model = page.manager_model
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names == ["赵经理", "王经理"]                      # most overdue first
    page.manager_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)   # by customers
    assert model.data(model.index(0, 0)) == "王经理"
    page.manager_view.clicked.emit(model.index(0, 0))
    loaded(qtbot, page)
    assert page.manager.currentText() == "王经理"
    assert page.tiles["customers"].text() == "客户数\n2"

    png = tmp_path / "buckets.png"
    assert page.charts["bucketChart"].save_png(str(png)) and png.stat().st_size > 1000


def test_figures_drill_down(qtbot, ctx):
    page = ReportsPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    with qtbot.waitSignal(page.open_customer_list, timeout=WAIT) as sig:
        page.tiles["customers"].click()
    assert sig.args == [{"filter": {}}]
    page.charts["bucketChart"].clicked.emit("M6+")          # a bar: loans in M6+
    qtbot.waitUntil(lambda: bool(page.dialogs), timeout=WAIT)
    dialog = page.dialogs[0]
    rows = dialog.model.records
    assert [r.name for r in rows] == ["赵三"]
    with qtbot.waitSignal(page.open_customer, timeout=WAIT) as opened:
        dialog.view.doubleClicked.emit(dialog.model.index(0, 0))
    assert opened.args == [rows[0].customer_id]
    dialog.close()


def test_the_report_button_writes_the_months_workbook(qtbot, ctx, tmp_path):
    page = ReportsPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    out = tmp_path / "月报.xlsx"
    done: list[object] = []
    page.make_report(str(out), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    assert out.exists() and out.stat().st_size > 5000
    assert "月报.xlsx" in page.status.text()
