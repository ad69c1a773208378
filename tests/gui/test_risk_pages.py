"""风险预警 pages: the alert queue (filter, bulk acknowledge, detail), the segment matrix
(a cell opens the filtered customer list) and the rule admin (save makes a version)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from crm.domain.actors import Actor
from crm.domain.enums import AlertStatus, FiveTier, RiskLevel, Role
from crm.models import Loan
from crm.services.risk import recompute
from crm.ui.context import AppContext, AppSignals
from crm.ui.pages.risk import RiskPage
from tests import factories


def drain(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    for _ in range(6):
        runner.wait()
        qtbot.wait(20)


@pytest.fixture
def scored(empty_db):
    branch = factories.branch(empty_db)
    sup = factories.user(empty_db, "zhuguan", Role.SUPERVISOR, branch, "王芳")
    mgr = factories.user(empty_db, "jingli01", Role.MANAGER, branch, "陈静")
    admin = factories.user(empty_db, "admin", Role.ADMIN)
    for i, days in enumerate((200, 100, 0)):
        cid = factories.customer(empty_db, f"客户{i}", owner=mgr)
        with empty_db.uow(Actor.cli()) as uow:
            uow.session.add(Loan(loan_no=f"L{i}", customer_id=cid, balance=Decimal("50000"),
                                 overdue_days=days, overdue_amount=Decimal(days * 10),
                                 five_tier=FiveTier.NORMAL, collateral="抵押",
                                 disbursed_on=date(2024, 1, 1), maturity_on=date(2029, 1, 1)))
            uow.commit()
    recompute(empty_db, Actor.cli())
    return empty_db, sup, mgr, admin


def test_alert_queue_filters_acknowledges_and_shows_reasons(qtbot, zh, scored, settings,
                                                            runner):
    db, sup, mgr, _admin = scored
    page = RiskPage(AppContext(db, mgr, settings, runner, AppSignals(), ""))
    qtbot.addWidget(page)
    drain(qtbot, runner)
    queue = page.alerts
    assert queue.model.rowCount() >= 2
    assert {a.customer_name for a in queue.model.records} == {"客户0", "客户1"}
    queue.level.setCurrentIndex(queue.level.findData(RiskLevel.CRITICAL.value))
    drain(qtbot, runner)
    assert all(a.level is RiskLevel.CRITICAL for a in queue.model.records)
    queue.level.setCurrentIndex(0)
    drain(qtbot, runner)
    queue.view.selectAll()
    drain(qtbot, runner)
    assert queue.ack_button.isEnabled()
    qtbot.mouseClick(queue.ack_button, Qt.MouseButton.LeftButton)
    drain(qtbot, runner)
    queue.status.setCurrentIndex(queue.status.findData("new"))
    drain(qtbot, runner)
    assert queue.model.rowCount() == 0 and not queue.empty.isHidden()
    assert "风险重算" in queue.empty.text()
    queue.status.setCurrentIndex(queue.status.findData("in_progress"))
    drain(qtbot, runner)
    assert queue.model.rowCount() >= 2
    assert all(a.status is AlertStatus.ACKNOWLEDGED for a in queue.model.records)
    queue.view.selectRow(0)
    drain(qtbot, runner)
    assert "逾期" in queue.detail.toPlainText() and "已确认" in queue.detail.toPlainText()
    with qtbot.waitSignal(page.open_customer) as opened:
        qtbot.mouseClick(queue.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [queue.model.records[0].customer_id]


def test_segment_cell_opens_the_filtered_list(qtbot, zh, scored, settings, runner):
    db, sup, _mgr, _admin = scored
    page = RiskPage(AppContext(db, sup, settings, runner, AppSignals(), ""))
    qtbot.addWidget(page)
    drain(qtbot, runner)
    table = page.segments.table
    names = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert names[:2] == ["清收处置", "风险化解"]
    assert table.item(0, 5).text().startswith("2 户")  # 清收处置 (over 90 days), all levels
    assert table.item(0, 2).text().startswith("2 户")  # 清收处置 x 高
    with qtbot.waitSignal(page.open_customer_list) as opened:
        page.segments._on_cell_clicked(0, 2)
    assert opened.args == [{"filter": {"segment": "清收处置", "risk_level": "high"}}]


def test_rules_page_saves_a_new_version_and_flags_the_policy(qtbot, zh, scored, settings,
                                                             runner):
    db, _sup, _mgr, admin = scored
    page = RiskPage(AppContext(db, admin, settings, runner, AppSignals(), ""))
    qtbot.addWidget(page)
    drain(qtbot, runner)
    rules = page.rules
    assert "须按本行政策确认" in rules.policy.text() and "规则版本 1" in rules.version.text()
    rules.levels["critical"].setValue(80)
    edited = rules.edited()
    assert edited.levels["critical"] == 80
    from crm.services.risk import save_rule_set
    rules.ctx.run(lambda uow, _p: save_rule_set(uow, edited, "极高分界改为 80"),
                  rules._on_loaded)
    drain(qtbot, runner)
    assert "规则版本 2" in rules.version.text()


def test_rules_show_tiers_in_chinese(qtbot, zh, scored, settings, runner):
    from crm.ui.pages.risk_rules import THRESHOLD
    db, _sup, _mgr, admin = scored
    page = RiskPage(AppContext(db, admin, settings, runner, AppSignals(), ""))
    qtbot.addWidget(page)
    drain(qtbot, runner)
    rules = page.rules
    cells = {rules.table.item(r, 1).text(): rules.table.cellWidget(r, THRESHOLD).text()
             for r in range(rules.table.rowCount())}
    assert cells["逾期天数（账龄）"].startswith("1:10:中, 31:18:中, 61:24:高")
    assert cells["五级分类（本行认定）"] == "关注:5:中, 次级:15:高, 可疑:25:极高, 损失:35:极高"
    assert not any(word in text for text in cells.values()
                   for word in ("medium", "high", "critical", "substandard"))
    assert rules.edited().rule("five_tier") == rules.rs.rule("five_tier")  # reads back as is


def test_customer_360_shows_the_level_reasons_and_score_history(qtbot, zh, scored, settings,
                                                                 runner):
    from sqlalchemy import select

    from crm.models import Customer
    from crm.ui.pages.customer360 import Customer360
    db, _sup, mgr, _admin = scored
    with db.sessions() as s:
        cid = s.scalar(select(Customer.id).where(Customer.name == "客户0"))
        quiet = s.scalar(select(Customer.id).where(Customer.name == "客户2"))
    page = Customer360(AppContext(db, mgr, settings, runner, AppSignals(), ""), cid)
    qtbot.addWidget(page)
    drain(qtbot, runner)
    risk = page.risk
    assert risk.level.text() == "高风险 · 50 分"
    assert "逾期 200 天 (+40)" in risk.reasons.text()
    assert "清收处置" in risk.meta.text() and "上门催收" in risk.strategy.text()
    assert len(risk.points) == 1 and not risk.chart_view.isHidden()
    assert page.header.risk.text() == "高"
    other = Customer360(AppContext(db, mgr, settings, runner, AppSignals(), ""), quiet)
    qtbot.addWidget(other)
    drain(qtbot, runner)
    assert other.risk.reasons.text() == "该客户未触发任何风险规则。"
    assert other.risk.chart_view.isHidden() and "没有变化" in other.risk.empty.text()


def test_today_counts_escalated_alerts_and_opens_the_queue(qtbot, zh, scored, settings,
                                                           runner):
    from sqlalchemy import select, update

    from crm.models import RiskAlert
    from crm.ui.pages.today import TodayPage
    db, sup, mgr, _admin = scored
    with db.engine.begin() as conn:
        first = conn.execute(select(RiskAlert.id).order_by(RiskAlert.id)).scalars().first()
        conn.execute(update(RiskAlert).where(RiskAlert.id == first).values(escalated=True))
    page = TodayPage(AppContext(db, mgr, settings, runner, AppSignals(), ""))
    qtbot.addWidget(page)
    drain(qtbot, runner)
    assert page.missed_card.text().splitlines() == ["已升级或超时未响应的预警", "1"]
    with qtbot.waitSignal(page.open_missed_alerts):
        qtbot.mouseClick(page.missed_card, Qt.MouseButton.LeftButton)
    risk_page = RiskPage(AppContext(db, sup, settings, runner, AppSignals(), ""))
    qtbot.addWidget(risk_page)
    queue = risk_page.alerts
    queue.escalated.setChecked(True)
    drain(qtbot, runner)
    assert queue.model.rowCount() == 1 and queue.model.records[0].id == first
