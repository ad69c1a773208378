"""走访管理 page: screen → plan two customers with two staff → appoint → record → submit →
the supervisor approves; the two-person refusal; the day's route reordered by hand.

Dialogs are driven by filling their fields and calling save() (never exec()). Call and visit
times are set to yesterday daytime so the compliance guard's quiet hours never depend on
when the test runs.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDateTime, QItemSelectionModel, Qt, QTime
from PySide6.QtWidgets import QDialog

from crm.domain.actors import Actor
from crm.domain.compliance import local_today
from crm.domain.enums import Role, VisitPurpose, VisitStatus
from crm.models import Customer, Loan
from crm.queries.visits import get_visit, staff_day
from crm.services.visits import VisitDraft, plan_visit
from crm.ui.context import AppContext, AppSignals
from crm.ui.pages.visits import VisitsPage
from crm.ui.visit_dialogs import AppointmentDialog, OutcomeDialog
from tests import factories


def drain(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    for _ in range(8):
        runner.wait()
        qtbot.wait(20)


@pytest.fixture
def branch_world(empty_db):
    branch = factories.branch(empty_db)
    sup = factories.user(empty_db, "zhuguan", Role.SUPERVISOR, branch, "王芳")
    mgr = factories.user(empty_db, "jingli01", Role.MANAGER, branch, "陈静")
    mate = factories.user(empty_db, "jingli02", Role.MANAGER, branch, "李强")
    ids = {}
    for name, days, amount in (("张一", 200, "80000"), ("张二", 120, "30000"),
                               ("张三", 40, "5000")):
        cid = factories.customer(empty_db, name, owner=mgr, overdue_days=days)
        with empty_db.uow(Actor.cli()) as uow:
            uow.session.get(Customer, cid).overdue_amount = Decimal(amount)
            uow.commit()
        ids[name] = cid
    with empty_db.uow(Actor.cli()) as uow:       # 张一's loan, for the repayment plan (step 6)
        uow.session.add(Loan(loan_no="JJ202300001", customer_id=ids["张一"], product="个人经营贷",
                             balance=Decimal("120000.00"), overdue_amount=Decimal("80000.00"),
                             overdue_days=200))
        uow.commit()
    return empty_db, sup, mgr, mate, ids


def make_page(qtbot, db, actor, settings, runner) -> VisitsPage:  # type: ignore[no-untyped-def]
    page = VisitsPage(AppContext(db, actor, settings, runner, AppSignals(), "西湖支行"))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    drain(qtbot, runner)
    return page


def yesterday_at(hour: int) -> QDateTime:
    day = local_today() - timedelta(days=1)
    return QDateTime(datetime.combine(day, time(hour, 0)))


def list_statuses(page: VisitsPage) -> dict[str, str]:
    model = page.calendar.model
    return {model.data(model.index(r, 2)): model.data(model.index(r, 4))
            for r in range(model.rowCount())}


def test_walk_screen_plan_appoint_record_submit_review(qtbot, zh, branch_world, settings,
                                                       runner):
    db, sup, mgr, mate, ids = branch_world
    page = make_page(qtbot, db, mgr, settings, runner)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == ["走访筛选", "走访计划", "今日路线", "还款计划", "效果评估"]  # no review tab
    assert page.title.text() == "走访管理"

    # 1. screening: the three overdue customers, the biggest arrears first
    screening = page.screening
    names = [r.name for r in screening.model.records]
    assert names == ["张一", "张二", "张三"]
    assert "3 位客户" in screening.count.text()
    assert not screening.plan_button.isEnabled()

    # 2. plan the top two with two staff
    sel = screening.view.selectionModel()
    for row in (0, 1):
        sel.select(screening.model.index(row, 0),
                   QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert screening.plan_button.text() == "为 2 位客户安排走访…"
    dialog = screening.plan_selected()
    assert dialog is not None and "张一" in dialog.count.text()
    dialog.staff1.setCurrentIndex(dialog.staff1.findData(mgr.user_id))
    dialog.staff2.setCurrentIndex(dialog.staff2.findData(mate.user_id))
    dialog.purpose.setCurrentIndex(dialog.purpose.findData(VisitPurpose.NEGOTIATE))
    dialog.start.setTime(QTime(9, 0))
    dialog.slot.setValue(60)
    dialog.save()
    drain(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "已安排 2 次走访" in screening.banner.text() and not screening.banner.isHidden()
    assert [r.name for r in screening.model.records] == ["张三"]  # planned ones drop out

    # the week: both visits as drafts, each with both staff in the grid
    page.tabs.setCurrentWidget(page.calendar)
    assert list_statuses(page) == {"张一": "草稿", "张二": "草稿"}
    assert "2 次走访" in page.calendar.count.text()
    grid = page.calendar.grid
    people = {grid.verticalHeaderItem(r).text() for r in range(grid.rowCount())}
    assert people == {"陈静", "李强"}
    cells = [grid.item(r, c).text() for r in range(grid.rowCount())
             for c in range(7) if grid.item(r, c)]
    assert all("09:00 张一·草稿" in text and "10:00 张二·草稿" in text for text in cells)

    # 3. appoint 张一 from the visit dialog
    row = [r.customer_name for r in page.calendar.model.records].index("张一")
    page.calendar._open_row(row)
    drain(qtbot, runner)
    visit = page.visit_dialog
    assert visit is not None and "张一" in visit.windowTitle()
    assert visit.appoint_button.isEnabled() and not visit.record_button.isEnabled()
    assert not visit.submit_button.isEnabled() and visit.cancel_button.isEnabled()
    visit.appoint_button.click()
    appoint = visit.child
    assert isinstance(appoint, AppointmentDialog)
    appoint.called_at.setDateTime(yesterday_at(10))
    appoint.summary.setPlainText("客户同意在家等候")
    appoint.save()
    drain(qtbot, runner)
    assert appoint.result() == QDialog.DialogCode.Accepted
    assert visit.visit.status is VisitStatus.APPOINTED
    assert "已预约" in visit.detail.toPlainText()
    assert visit.record_button.isEnabled()
    assert list_statuses(page)["张一"] == "已预约"

    # 4. record the visit (kept for now), then submit it
    visit.record_button.click()
    record = visit.child
    assert isinstance(record, OutcomeDialog)
    record.visited_at.setDateTime(yesterday_at(11))
    record.present.setText("借款人本人")
    record.situation.setPlainText("小店客流减少，资金紧张")
    record.reasons[next(iter(record.reasons))].setChecked(True)
    record.willingness.setValue(4)
    record.ability.setValue(2)
    record.promise.setChecked(True)
    record.promise_amount.setText("5000")
    record.submit.setChecked(False)
    record.save()
    drain(qtbot, runner)
    assert record.result() == QDialog.DialogCode.Accepted, record.message.text()
    assert visit.visit.status is VisitStatus.VISITED
    assert visit.submit_button.isEnabled()
    assert "承诺 5,000.00 元" in visit.detail.toPlainText()
    visit.submit_button.click()
    drain(qtbot, runner)
    assert visit.visit.status is VisitStatus.PENDING_REVIEW
    assert list_statuses(page) == {"张一": "待复核", "张二": "草稿"}
    visit.accept()

    # 5. the supervisor sees one report awaiting review and approves it
    boss = make_page(qtbot, db, sup, settings, runner)
    assert boss.tabs.tabText(3) == "主管复核 (1)"
    review = boss.review
    assert [r.visit.customer_name for r in review.model.records] == ["张一"]
    assert "1 份走访报告待复核" in review.count.text()
    review.view.selectRow(0)
    assert "小店客流减少" in review.detail.toPlainText()
    dialog = review.review_selected()
    assert dialog is not None and "张一" in dialog.report.toPlainText()
    dialog.send_back()   # returning needs a comment: refused, the dialog stays open
    drain(qtbot, runner)
    assert dialog.isVisible() and "请填写需要补充的内容" in dialog.message.text()
    dialog.comment.setPlainText("同意，跟进承诺还款")
    dialog.approve()
    drain(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert review.model.rowCount() == 0 and not review.empty.isHidden()
    assert "没有待复核" in review.empty.text()
    assert boss.tabs.tabText(3) == "主管复核"
    with db.sessions() as s:
        done = get_visit(s, sup, visit.visit.id)
    assert done.status is VisitStatus.REVIEWED and done.review_comment == "同意，跟进承诺还款"

    # 6. from the visit, the manager draws up the repayment plan agreed at the door; the
    # supervisor approves it
    page.open_visit(visit.visit.id)
    drain(qtbot, runner)
    again = page.visit_dialog
    assert again is not None and again.repayment_button.isEnabled()
    again.repayment_button.click()
    drain(qtbot, runner)
    assert page.tabs.currentWidget() is page.plans
    plan = page.plans.dialog
    assert plan is not None and plan.customer_id == ids["张一"]
    assert plan.customer_label.text() == "张一"
    assert plan.amount.text() == "80000.00"
    plan.count.setValue(8)
    plan.save_button.click()
    drain(qtbot, runner)
    assert plan.saved is not None and plan.saved.visit_id == visit.visit.id
    page.plans.select_plan(plan.saved.id)
    drain(qtbot, runner)
    page.plans.submit_button.click()
    drain(qtbot, runner)
    boss.plans.refresh()
    drain(qtbot, runner)
    boss.plans.select_plan(plan.saved.id)
    drain(qtbot, runner)
    assert boss.plans.approve_button.isEnabled()
    boss.plans.approve_button.click()
    drain(qtbot, runner)
    m = boss.plans.model
    status_col = next(c for c in range(m.columnCount())
                      if m.headerData(c, Qt.Orientation.Horizontal) == "状态")
    assert [m.data(m.index(r, status_col)) for r in range(m.rowCount())] == ["生效"]


def test_one_person_plan_is_refused_in_chinese_and_nothing_is_planned(qtbot, zh, branch_world,
                                                                      settings, runner):
    db, _sup, mgr, _mate, ids = branch_world
    page = make_page(qtbot, db, mgr, settings, runner)
    screening = page.screening
    screening.view.selectRow(0)
    dialog = screening.plan_selected()
    assert dialog is not None
    dialog.staff2.setCurrentIndex(dialog.staff2.findData(None))   # （无）
    assert dialog.staff_ids() == (mgr.user_id,)
    assert not dialog.form.isRowVisible(dialog.override)  # managers cannot override
    dialog.save()
    drain(qtbot, runner)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "张一" in dialog.message.text() and "至少两人同行" in dialog.message.text()
    assert screening.banner.isHidden()
    assert page.calendar.model.rowCount() == 0
    assert "本周没有走访安排" in page.calendar.empty.text()
    assert [r.name for r in screening.model.records] == ["张一", "张二", "张三"]
    dialog.reject()


def test_day_route_moves_a_stop_and_keeps_the_order(qtbot, zh, branch_world, settings, runner):
    db, _sup, mgr, mate, ids = branch_world
    today = local_today()
    for n, name in enumerate(("张一", "张二", "张三")):
        with db.uow(mgr) as uow:
            plan_visit(uow, mgr, VisitDraft(customer_id=ids[name], planned_on=today,
                                            purpose=VisitPurpose.COLLECT,
                                            staff_ids=(mgr.user_id, mate.user_id),
                                            window_start=time(9 + n), window_end=time(10 + n)))
            uow.commit()
    page = make_page(qtbot, db, mgr, settings, runner)
    route = page.route
    page.tabs.setCurrentWidget(route)
    assert [r.customer_name for r in route.model.records] == ["张一", "张二", "张三"]
    assert "共 3 个走访点" in route.summary.text()
    assert "杭州市西湖区****" in [r.address for r in route.model.records][0]  # masked
    assert route.pack_button.isEnabled()
    route.view.selectRow(2)
    assert route.up_button.isEnabled() and not route.down_button.isEnabled()
    route.move(-1)
    drain(qtbot, runner)
    assert [r.customer_name for r in route.model.records] == ["张一", "张三", "张二"]
    assert route.view.currentIndex().row() == 1
    with db.sessions() as s:
        kept = [v.customer_name for v in staff_day(s, mgr, mgr.user_id, today)]
    assert kept == ["张一", "张三", "张二"]
    assert route.customer_ids() == [ids["张一"], ids["张三"], ids["张二"]]
    assert route.pack_route() == ("jingli01", today)


def test_the_route_opens_on_the_business_day_not_the_pc_clock(qtbot, zh, branch_world,
                                                             settings, runner, monkeypatch):
    """A PC clock in another zone (or UTC after 16:00) must not move 今日路线 off the day the
    services plan in: Beijing time."""
    db, _sup, mgr, mate, ids = branch_world
    beijing = local_today() + timedelta(days=1)  # as if Beijing were already a day ahead
    monkeypatch.setattr("crm.ui.dates.local_today", lambda: beijing)
    with db.uow(mgr) as uow:
        plan_visit(uow, mgr, VisitDraft(customer_id=ids["张一"], planned_on=beijing,
                                        purpose=VisitPurpose.COLLECT,
                                        staff_ids=(mgr.user_id, mate.user_id)))
        uow.commit()
    page = make_page(qtbot, db, mgr, settings, runner)
    assert page.route.day.date().toPython() == beijing
    assert [r.customer_name for r in page.route.model.records] == ["张一"]


def test_drag_to_another_day_reschedules_and_the_past_is_refused(qtbot, zh, branch_world,
                                                                   settings, runner,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    db, _sup, mgr, mate, ids = branch_world
    today = local_today()
    with db.uow(mgr) as uow:
        view = plan_visit(uow, mgr, VisitDraft(customer_id=ids["张一"], planned_on=today,
                                               purpose=VisitPurpose.CARE,
                                               staff_ids=(mgr.user_id, mate.user_id),
                                               window_start=time(14), window_end=time(15)))
        uow.commit()
    page = make_page(qtbot, db, mgr, settings, runner)
    cal = page.calendar
    cal.set_week(today)
    drain(qtbot, runner)
    col = (today - cal.monday).days
    assert cal.cell_visits(0, col) == [view.id]
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text, *_a, **_k: warnings.append(text))
    cal.reschedule_to(view.id, today - timedelta(days=1))   # dropped on yesterday
    drain(qtbot, runner)
    assert warnings == ["走访日期不能早于今天"]
    later = today + timedelta(days=7)
    cal.reschedule_to(view.id, later)                        # dropped on next week's day
    drain(qtbot, runner)
    assert cal.model.rowCount() == 0                         # gone from this week
    cal.move_week(7)
    drain(qtbot, runner)
    [row] = cal.model.records
    assert (row.planned_on, row.window, row.status) == (later, "14:00–15:00", VisitStatus.DRAFT)
    assert cal.cell_visits(0, (later - cal.monday).days) == [view.id]


def test_a_supervisor_may_plan_one_person_with_a_reason(qtbot, zh, branch_world, settings,
                                                        runner):
    db, sup, mgr, _mate, ids = branch_world
    page = make_page(qtbot, db, sup, settings, runner)
    screening = page.screening
    screening.view.selectRow(2)
    dialog = screening.plan_selected()
    assert dialog is not None and dialog.form.isRowVisible(dialog.override)
    dialog.staff1.setCurrentIndex(dialog.staff1.findData(mgr.user_id))
    dialog.staff2.setCurrentIndex(dialog.staff2.findData(None))
    dialog.timed.setChecked(False)
    dialog.override.setText("客户为老人，仅需送达材料")
    dialog.save()
    drain(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "已安排 1 次走访" in screening.banner.text()
    [row] = page.calendar.model.records
    assert (row.customer_name, row.staff, row.window) == ("张三", "陈静（主）", "")
