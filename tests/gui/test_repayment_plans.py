"""还款计划 tab: draw up a plan in the dialog (schedule previewed), submit, a supervisor
approves, a payment is recorded against an instalment; bad terms are refused in Chinese;
the agreement previews as a PDF."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from PySide6.QtCore import Qt

from crm.domain.compliance import local_today
from crm.domain.enums import PlanMethod, PlanStatus, Role
from crm.models import AuditEvent, Loan
from crm.services.repayment_plans import list_plans
from crm.ui.context import AppContext, AppSignals
from crm.ui.pages import repayment_plans as page_module
from crm.ui.pages.repayment_plans import RepaymentPlansWidget
from tests import factories

WAIT = 20000


@pytest.fixture
def world(empty_db, settings, runner, zh):
    db = empty_db
    branch = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, branch, "王经理")
    boss = factories.user(db, "boss", Role.SUPERVISOR, branch, "李主管")
    cid = factories.customer(db, "王一", wang, overdue_days=75)
    with db.uow(wang) as uow:
        for i, overdue in enumerate((Decimal("6000.00"), Decimal("3000.00"))):
            uow.session.add(Loan(loan_no=f"JJ2023000{i}", customer_id=cid, product="个人经营贷",
                                 balance=Decimal("50000.00"), overdue_amount=overdue,
                                 overdue_days=75))
        uow.commit()
    signals = AppSignals()
    return {"db": db, "cid": cid, "runner": runner,
            "wang": AppContext(db, wang, settings, runner, signals, "西湖支行"),
            "boss": AppContext(db, boss, settings, runner, AppSignals(), "西湖支行")}


def idle(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: not ctx.runner.running, timeout=WAIT)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not ctx.runner.running, timeout=WAIT)


def rows(widget) -> list[list[str]]:
    m = widget.model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def column(widget, title: str) -> int:
    m = widget.model
    return next(c for c in range(m.columnCount())
                if m.headerData(c, Qt.Orientation.Horizontal) == title)


def plans(db, ctx):
    with db.uow(ctx.actor) as uow:
        return list_plans(uow, ctx.actor)


def test_draw_up_submit_approve_and_record_a_payment(qtbot, world, monkeypatch):
    db, wang = world["db"], world["wang"]
    page = RepaymentPlansWidget(wang)
    qtbot.addWidget(page)
    page.refresh()
    idle(qtbot, wang)
    assert page.empty.isVisibleTo(page) and "新建计划" in page.empty.text()
    assert page.status_buttons[None].text() == "全部 0"

    dialog = page.new_plan()
    assert dialog.windowTitle() == "新建还款计划"
    dialog.search.setText("王一")
    dialog.find_customers()
    idle(qtbot, wang)
    assert dialog.customer.count() == 1 and dialog.customer.currentText().startswith("王一")
    assert dialog.loan_list.count() == 2
    assert dialog.amount.text() == "9000.00"          # both loans' overdue, by default
    assert dialog.start.date().toPython() == local_today()
    dialog.count.setValue(4)
    dialog.grace.setValue(2)
    m = dialog.preview_model
    assert m.rowCount() == 4
    assert [m.data(m.index(r, 2)) for r in range(4)] == ["2,250.00"] * 4
    assert "合计 ¥9,000.00" in dialog.total.text()
    assert not dialog.problems.isVisible()
    dialog.save_button.click()
    idle(qtbot, wang)
    assert dialog.saved is not None and dialog.saved.status is PlanStatus.DRAFT
    idle(qtbot, wang)                      # the list reloads on data_changed
    assert len(rows(page)) == 1
    status = column(page, "状态")
    assert rows(page)[0][status] == "拟定"
    assert page.status_buttons[PlanStatus.DRAFT].text() == "拟定 1"
    assert page.current() is not None and page.current().id == dialog.saved.id
    assert page.instalment_model.rowCount() == 4
    assert "王一" in page.detail.toPlainText()

    page.submit_button.click()
    idle(qtbot, wang)
    assert rows(page)[0][status] == "待审批"
    assert not page.approve_button.isVisibleTo(page)       # managers do not approve

    boss = world["boss"]
    review = RepaymentPlansWidget(boss)
    qtbot.addWidget(review)
    review.refresh()
    idle(qtbot, boss)
    review.view.selectRow(0)
    assert review.approve_button.isEnabled()
    review.approve_button.click()
    idle(qtbot, boss)
    assert rows(review)[0][status] == "生效"
    assert not review.submit_button.isEnabled()

    page.refresh()
    idle(qtbot, wang)
    page.view.selectRow(0)
    assert rows(page)[0][status] == "生效"
    assert page.current_instalment().seq == 1           # the first open instalment
    assert page.pay_button.isEnabled()
    asked = []

    def pay(_parent, _title, note, amount, today):
        asked.append((note, amount))
        return "2,250.00", today
    monkeypatch.setattr(page_module, "ask_payment", pay)
    page.pay_button.click()
    idle(qtbot, wang)
    assert asked[0][1] == Decimal("2250.00")
    im = page.instalment_model
    assert [im.data(im.index(r, 5)) for r in range(4)] == ["已还", "待还", "待还", "待还"]
    assert im.data(im.index(0, 3)) == "2,250.00"
    assert rows(page)[0][column(page, "已还金额")] == "2,250.00"
    assert page.current_instalment().seq == 2


def test_bad_terms_show_chinese_errors_and_save_nothing(qtbot, world):
    db, wang = world["db"], world["wang"]
    page = RepaymentPlansWidget(wang)
    qtbot.addWidget(page)
    dialog = page.new_plan(customer_id=world["cid"], customer_name="王一")
    idle(qtbot, wang)
    assert dialog.customer_label.text() == "王一" and dialog.amount.text() == "9000.00"
    dialog.count.setValue(0)
    assert dialog.problems.isVisible() or dialog.problems.isVisibleTo(dialog)
    assert "分期期数至少为 1 期" in dialog.problems.text()
    assert dialog.preview_model.rowCount() == 0
    dialog.save_button.click()
    idle(qtbot, wang)
    assert dialog.saved is None and plans(db, wang) == []

    dialog.count.setValue(3)
    dialog.amount.setText("九千")
    dialog.amount.textEdited.emit("九千")
    assert "协商还款金额不是有效的数字" in dialog.problems.text()
    dialog.save_button.click()
    idle(qtbot, wang)
    assert dialog.saved is None and plans(db, wang) == []

    dialog.amount.setText("9000.005")
    dialog.amount.textEdited.emit("9000.005")
    assert "精确到分" in dialog.problems.text()
    for i in range(dialog.loan_list.count()):
        dialog.loan_list.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.amount.setText("100")
    dialog.amount.textEdited.emit("100")
    dialog.save_button.click()
    idle(qtbot, wang)
    assert "请至少选择一笔贷款" in dialog.problems.text()
    assert dialog.saved is None and plans(db, wang) == []


def test_the_agreement_previews_masked_and_is_audited(qtbot, world, monkeypatch):
    db, wang = world["db"], world["wang"]
    page = RepaymentPlansWidget(wang)
    qtbot.addWidget(page)
    dialog = page.new_plan(customer_id=world["cid"], customer_name="王一")
    idle(qtbot, wang)
    dialog.method.setCurrentIndex(1)
    assert dialog.method.currentText() == "递增分期"
    m = dialog.preview_model
    amounts = [Decimal(m.data(m.index(r, 2)).replace(",", "")) for r in range(m.rowCount())]
    assert amounts == sorted(amounts) and amounts[0] < amounts[-1] and sum(amounts) == 9000
    dialog.save_button.click()
    idle(qtbot, wang)
    idle(qtbot, wang)
    assert dialog.saved.method is PlanMethod.STEP_UP
    assert [i.amount for i in dialog.saved.instalments] == amounts
    assert page.current() is not None
    assert page.print_button.isEnabled() and page.reveal_action.isEnabled()
    job = page.print_agreement()
    qtbot.waitUntil(lambda: job.dialog is not None, timeout=WAIT)
    preview = job.dialog
    qtbot.addWidget(preview)
    assert preview.page_count() >= 1 and "还款协议" in preview.windowTitle()
    preview.reject()
    with db.sessions() as s:
        events = {e.action: e.summary for e in s.scalars(select(AuditEvent))}
    assert "还款协议" in events["export"] and "（王一，1 页，脱敏）" in events["export"]
    assert "reveal" not in events


def test_opening_today_marks_missed_instalments(qtbot, world):
    """今日工作 runs the daily adherence check with the promise settlement: an instalment
    past its due date unpaid is missed, with a task for the manager."""
    from datetime import date

    from crm.services.repayment_plans import (
        PlanDraft, approve_plan, create_plan, get_plan, submit_plan,
    )
    from crm.ui.pages.today import TodayPage
    db, wang, boss = world["db"], world["wang"], world["boss"]
    with db.uow(wang.actor) as uow:
        loans = [ln.id for ln in uow.session.scalars(select(Loan))]
        plan = create_plan(uow, wang.actor, PlanDraft(
            customer_id=world["cid"], loan_ids=tuple(loans), instalment_count=3,
            first_due_on=date(2024, 7, 31)), today=date(2024, 6, 10))
        plan = submit_plan(uow, wang.actor, plan.id, plan.version)
        uow.commit()
    with db.uow(boss.actor) as uow:
        approve_plan(uow, boss.actor, plan.id, plan.version, True)
        uow.commit()
    page = TodayPage(wang, today=date(2024, 9, 15))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: not wang.runner.running and page.summary is not None
                    and page._settled, timeout=WAIT)
    idle(qtbot, wang)
    with db.uow(wang.actor) as uow:
        view = get_plan(uow, wang.actor, plan.id)
    assert [i.status.label for i in view.instalments] == ["逾期未还", "逾期未还", "待还"]
    assert view.status is PlanStatus.DEFAULTED          # two missed at once
    m = page.model
    texts = [m.data(m.index(r, c)) or "" for r in range(m.rowCount())
             for c in range(m.columnCount())]
    assert any("还款计划逾期" in t for t in texts)
