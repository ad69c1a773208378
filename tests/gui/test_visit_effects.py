"""效果评估 tab: the figures of seeded visits per manager and per month, in the table, the
summary and the chart; an empty period says why; export opens with the period's visits."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from crm.domain.enums import (
    ContactChannel, ContactDirection, ContactOutcome, ContactParty, PromiseStatus, Role,
    VisitPurpose, VisitStatus,
)
from crm.models import ContactRecord, FinancialSnapshot, VisitPlan, VisitStaff
from crm.persistence.engine import Database
from crm.domain.actors import Actor
from crm.ui.context import AppContext, AppSignals
from crm.ui.pages.visit_effects import VisitEffectsWidget
from tests import factories

WAIT = 20000
TODAY = date(2024, 9, 30)


def visit(db: Database, customer_id: int, lead: Actor, other: Actor, on: date,
          overdue: str, promise: PromiseStatus | None) -> None:
    with db.uow(Actor.cli()) as uow:
        v = VisitPlan(customer_id=customer_id, planned_on=on, window_start=time(9),
                      window_end=time(10), purpose=VisitPurpose.NEGOTIATE,
                      status=VisitStatus.REVIEWED, met_customer=True,
                      visited_at=datetime.combine(on, time(2), timezone.utc),
                      overdue_at_visit=Decimal(overdue), overdue_days_at_visit=60)
        uow.session.add(v)
        uow.session.flush()
        uow.session.add_all([VisitStaff(visit_id=v.id, user_id=lead.user_id, lead=True),
                             VisitStaff(visit_id=v.id, user_id=other.user_id, lead=False)])
        if promise is not None:
            uow.session.add(ContactRecord(
                customer_id=customer_id, user_id=lead.user_id, visit_id=v.id,
                channel=ContactChannel.VISIT, direction=ContactDirection.OUTBOUND,
                party=ContactParty.BORROWER, contacted_at=v.visited_at,
                outcome=ContactOutcome.PROMISED, promise_amount=Decimal(overdue),
                promise_date=on, promise_status=promise))
        uow.commit()


@pytest.fixture
def world(empty_db, settings, runner, zh):
    db = empty_db
    branch = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, branch, "王经理")
    zhao = factories.user(db, "zhao", Role.MANAGER, branch, "赵经理")
    boss = factories.user(db, "boss", Role.SUPERVISOR, branch, "李主管")
    a = factories.customer(db, "王一", wang)
    b = factories.customer(db, "赵二", zhao)
    visit(db, a, wang, zhao, date(2024, 6, 10), "9000.00", PromiseStatus.KEPT)
    visit(db, b, zhao, wang, date(2024, 6, 20), "4000.00", PromiseStatus.BROKEN)
    with db.uow(Actor.cli()) as uow:
        uow.session.add_all([
            FinancialSnapshot(customer_id=a, as_of=date(2024, 9, 1), overdue_amount=Decimal(0),
                              max_overdue_days=0),
            FinancialSnapshot(customer_id=b, as_of=date(2024, 9, 15),
                              overdue_amount=Decimal("3000.00"), max_overdue_days=80)])
        uow.commit()
    return AppContext(db, boss, settings, runner, AppSignals(), "西湖支行")


def idle(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: not ctx.runner.running, timeout=WAIT)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not ctx.runner.running, timeout=WAIT)


def table(model) -> list[dict[str, str]]:
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [{h: model.data(model.index(r, c)) for c, h in enumerate(heads)}
            for r in range(model.rowCount())]


def test_effects_show_the_seeded_visits(qtbot, world):
    ctx = world
    page = VisitEffectsWidget(ctx, today=TODAY)
    qtbot.addWidget(page)
    assert page.period() == (date(2024, 9, 1), TODAY)       # this month by default
    page.refresh()
    idle(qtbot, ctx)
    assert page.empty.isVisibleTo(page) and "所选期间没有已完成的走访" in page.empty.text()

    page.last_quarter.click()                               # 2 July .. 30 September: none
    idle(qtbot, ctx)
    assert page.empty.isVisibleTo(page)
    page.set_period(date(2024, 6, 1), date(2024, 6, 30))
    idle(qtbot, ctx)
    assert not page.empty.isVisibleTo(page)

    groups = {g["分组"]: g for g in table(page.groups)}
    assert set(groups) == {"王经理", "赵经理"}
    assert groups["王经理"]["走访时逾期"] == "9,000.00" and groups["王经理"]["90 天后逾期"] == "0.00"
    assert groups["王经理"]["压降率"] == "100.0%" and groups["王经理"]["承诺兑现率"] == "100.0%"
    assert groups["赵经理"]["压降率"] == "25.0%" and groups["赵经理"]["承诺兑现率"] == "0.0%"
    assert groups["赵经理"]["计划完成率"] == "—"               # no plan ended: no rate

    rows = {r["客户"]: r for r in table(page.rows)}
    assert rows["王一"]["走访日期"] == "2024-06-10" and rows["王一"]["90 天后"] == "0.00"
    assert rows["赵二"]["30 天后"] == "" and rows["赵二"]["90 天后"] == "3,000.00"
    assert rows["赵二"]["未兑现"] == "1"

    summary = page.summary.text()
    assert "走访 <b>2</b> 次" in summary and "承诺兑现率 <b>50.0%</b>" in summary
    assert "90 天后逾期压降 <b>76.9%</b>" in summary         # (13000 - 3000) / 13000
    bars = page.chart_values()
    assert bars["逾期压降率（90 天）"] == [100.0, 25.0] or bars["逾期压降率（90 天）"] == [25.0, 100.0]
    assert page.chart.title() == "各客户经理走访效果"
    assert "财务快照" in page.note.text()

    page.group_by.setCurrentIndex(page.group_by.findData("month"))
    assert [g["分组"] for g in table(page.groups)] == ["2024-06"]
    assert page.chart_values()["承诺兑现率"] == [50.0]

    dialog = page.export()
    assert dialog.current_kind() == "visits"
    assert (dialog.date_from.date().toPython(), dialog.date_to.date().toPython()) == \
        (date(2024, 6, 1), date(2024, 6, 30))
    dialog.close()
