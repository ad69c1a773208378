"""今日工作 and tasks: what each role sees, complete / snooze / reassign, the badge."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from crm.domain.compliance import SHANGHAI
from crm.domain.enums import (
    AlertStatus, ContactChannel, ContactOutcome, PromiseStatus, RiskLevel, Role, TaskKind,
    TaskStatus, VisitPurpose, VisitStatus,
)
from crm.domain.errors import NotFoundError, PermissionDenied, ValidationError
from crm.models import (
    ContactRecord, Customer, RemediationCase, RiskAlert, Task, VisitPlan, VisitStaff,
)
from crm.services.tasks import (
    complete_task, due_count, list_tasks, reassign_task, snooze_task, today_summary,
)
from tests import factories

TODAY = date(2024, 6, 10)
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def office(db):
    west = factories.branch(db, "0101", "西湖支行")
    east = factories.branch(db, "0202", "滨江支行")
    who = {
        "wang": factories.user(db, "wang", Role.MANAGER, west, "王经理"),
        "zhao": factories.user(db, "zhao", Role.MANAGER, west, "赵经理"),
        "boss": factories.user(db, "boss", Role.SUPERVISOR, west, "李主管"),
        "far": factories.user(db, "far", Role.MANAGER, east, "钱经理"),
        "audit": factories.user(db, "audit", Role.AUDITOR),
    }
    ids = {"wang": factories.customer(db, "王一", who["wang"]),
           "zhao": factories.customer(db, "赵二", who["zhao"]),
           "far": factories.customer(db, "钱三", who["far"])}
    return db, who, ids


def task(db, owner, customer_id, due, title="回访", snoozed=None, kind=TaskKind.FOLLOW_UP):
    with db.sessions() as s:
        t = Task(kind=kind, title=title, customer_id=customer_id, owner_id=owner.user_id,
                 due_on=due, snoozed_until=snoozed)
        s.add(t)
        s.commit()
        return t.id


def promise_row(db, customer_id, due, status=PromiseStatus.PENDING):
    with db.sessions() as s:
        c = ContactRecord(customer_id=customer_id, channel=ContactChannel.PHONE,
                          direction="outbound", party="borrower",
                          contacted_at=datetime(2024, 6, 1, 2, 0, tzinfo=timezone.utc),
                          outcome=ContactOutcome.PROMISED, promise_amount=Decimal("800"),
                          promise_date=due, promise_status=status)
        s.add(c)
        s.commit()
        return c.id


def summary(db, actor):
    with db.uow(actor) as uow:
        return today_summary(uow, actor, TODAY)


def test_today_lists_each_kind_of_work_with_counts(office):
    db, who, ids = office
    wang, cid = who["wang"], ids["wang"]
    due_today = task(db, wang, cid, TODAY, "今天回访")
    late = task(db, wang, cid, TODAY - timedelta(days=3), "逾期回访")
    task(db, wang, cid, TODAY + timedelta(days=2), "后天回访")
    snoozed_in = task(db, wang, cid, TODAY - timedelta(days=5), "推迟到今天", snoozed=TODAY)
    task(db, wang, cid, TODAY - timedelta(days=5), "推迟到下周", snoozed=TODAY + timedelta(days=7))
    due_promise = promise_row(db, cid, TODAY)
    promise_row(db, cid, TODAY, PromiseStatus.KEPT)
    broke = promise_row(db, cid, YESTERDAY, PromiseStatus.BROKEN)
    with db.sessions() as s:
        visit = VisitPlan(customer_id=cid, planned_on=TODAY, purpose=VisitPurpose.COLLECT,
                          status=VisitStatus.APPOINTED)
        s.add_all([visit,
                   VisitPlan(customer_id=cid, planned_on=TODAY, purpose=VisitPurpose.CARE,
                             status=VisitStatus.CANCELLED),
                   RiskAlert(customer_id=cid, rule_code="overdue_60", level=RiskLevel.HIGH,
                             reason="逾期超过60天", raised_at=datetime.now(timezone.utc)),
                   RiskAlert(customer_id=cid, rule_code="old", level=RiskLevel.LOW,
                             status=AlertStatus.RESOLVED, raised_at=datetime.now(timezone.utc)),
                   RemediationCase(customer_id=cid, due_on=TODAY, trigger="满意度 2 分")])
        s.flush()
        s.add(VisitStaff(visit_id=visit.id, user_id=wang.user_id, lead=True))
        s.commit()
    today = summary(db, wang)
    assert [r.task_id for r in today.follow_ups_due.rows] == [due_today, snoozed_in]
    assert today.follow_ups_due.count == 2
    assert [r.task_id for r in today.follow_ups_overdue.rows] == [late]
    assert today.follow_ups_overdue.rows[0].customer_name == "王一"
    assert [r.ref_id for r in today.promises_due.rows] == [due_promise]
    assert "800.00" in today.promises_due.rows[0].what
    assert [r.ref_id for r in today.promises_broken.rows] == [broke]
    assert today.visits_today.count == 1 and "催收走访" in today.visits_today.rows[0].what
    assert today.open_alerts.count == 1 and today.open_alerts.rows[0].customer_id == cid
    assert today.surveys_due.count == 1
    with db.uow(wang) as uow:
        assert due_count(uow, wang, TODAY) == 3 + 1 == today.due_count


def test_a_manager_sees_only_their_own_work_and_a_supervisor_the_branch(office):
    db, who, ids = office
    mine = task(db, who["wang"], ids["wang"], TODAY)
    theirs = task(db, who["zhao"], ids["zhao"], TODAY)
    far = task(db, who["far"], ids["far"], TODAY)
    promise_row(db, ids["zhao"], TODAY)
    with db.sessions() as s:
        s.add(RiskAlert(customer_id=ids["zhao"], rule_code="x", level=RiskLevel.HIGH,
                        raised_at=datetime.now(timezone.utc)))
        s.commit()
    wang = summary(db, who["wang"])
    assert [r.task_id for r in wang.follow_ups_due.rows] == [mine]
    assert wang.promises_due.count == 0 and wang.open_alerts.count == 0
    boss = summary(db, who["boss"])
    assert {r.task_id for r in boss.follow_ups_due.rows} == {mine, theirs}
    assert boss.promises_due.count == 1 and boss.open_alerts.count == 1
    assert {r.task_id for r in summary(db, who["audit"]).follow_ups_due.rows} == {mine, theirs,
                                                                                  far}
    assert far not in {r.task_id for r in boss.follow_ups_due.rows}
    with db.uow(who["wang"]) as uow:
        assert due_count(uow, who["wang"], TODAY) == 1
        assert [t.id for t in list_tasks(uow, who["wang"])] == [mine]


def test_visits_today_are_the_ones_a_manager_is_staffed_on(office):
    db, who, ids = office
    with db.sessions() as s:
        on_zhaos = VisitPlan(customer_id=ids["zhao"], planned_on=TODAY,
                             purpose=VisitPurpose.NEGOTIATE, status=VisitStatus.APPOINTED)
        alone = VisitPlan(customer_id=ids["zhao"], planned_on=TODAY,
                          purpose=VisitPurpose.CARE, status=VisitStatus.DRAFT)
        s.add_all([on_zhaos, alone])
        s.flush()
        s.add_all([VisitStaff(visit_id=on_zhaos.id, user_id=who["zhao"].user_id, lead=True),
                   VisitStaff(visit_id=on_zhaos.id, user_id=who["wang"].user_id),
                   VisitStaff(visit_id=alone.id, user_id=who["zhao"].user_id, lead=True)])
        s.commit()
        ids_ = on_zhaos.id, alone.id
    assert [r.ref_id for r in summary(db, who["wang"]).visits_today.rows] == [ids_[0]]
    assert summary(db, who["zhao"]).visits_today.count == 2
    assert summary(db, who["boss"]).visits_today.count == 2
    assert summary(db, who["far"]).visits_today.count == 0


def test_complete_and_snooze_keep_next_follow_up_in_step(office):
    db, who, ids = office
    wang = who["wang"]
    first = task(db, wang, ids["wang"], TODAY)
    task(db, wang, ids["wang"], TODAY + timedelta(days=4))
    with db.uow(wang) as uow:
        view = complete_task(uow, wang, first, note="已电话联系")
        uow.commit()
    assert view.status is TaskStatus.DONE and view.done_at is not None
    assert "已电话联系" in view.note
    with db.sessions() as s:
        assert s.get(Customer, ids["wang"]).next_follow_up == TODAY + timedelta(days=4)
    with db.uow(wang) as uow, pytest.raises(ValidationError):
        complete_task(uow, wang, first)
    second = task(db, wang, ids["wang"], TODAY)
    with db.uow(wang) as uow:
        with pytest.raises(ValidationError) as exc:
            snooze_task(uow, wang, second, TODAY, today=TODAY)
        assert "until" in exc.value.fields
        view = snooze_task(uow, wang, second, TODAY + timedelta(days=2), today=TODAY)
        uow.commit()
    assert view.effective_due == TODAY + timedelta(days=2)
    with db.sessions() as s:
        assert s.get(Customer, ids["wang"]).next_follow_up == TODAY + timedelta(days=2)
    assert summary(db, wang).follow_ups_due.count == 0


def test_nobody_acts_on_tasks_outside_their_scope(office):
    db, who, ids = office
    zhaos = task(db, who["zhao"], ids["zhao"], TODAY)
    with db.uow(who["wang"]) as uow:
        with pytest.raises(NotFoundError):
            complete_task(uow, who["wang"], zhaos)
        with pytest.raises(NotFoundError):
            snooze_task(uow, who["wang"], zhaos, TODAY + timedelta(days=1), today=TODAY)
    with db.uow(who["audit"]) as uow, pytest.raises(PermissionDenied):
        complete_task(uow, who["audit"], zhaos)


def test_only_a_supervisor_reassigns_and_only_within_the_branch(office):
    db, who, ids = office
    t = task(db, who["wang"], ids["wang"], TODAY)
    fars = task(db, who["far"], ids["far"], TODAY)
    with db.uow(who["wang"]) as uow, pytest.raises(PermissionDenied):
        reassign_task(uow, who["wang"], t, who["zhao"].user_id)
    with db.uow(who["boss"]) as uow:
        with pytest.raises(ValidationError) as exc:
            reassign_task(uow, who["boss"], t, who["far"].user_id)
        assert "本支行" in exc.value.fields["owner"]
        with pytest.raises(NotFoundError):
            reassign_task(uow, who["boss"], fars, who["zhao"].user_id)
        view = reassign_task(uow, who["boss"], t, who["zhao"].user_id)
        uow.commit()
    assert view.owner_name == "赵经理"
    assert [r.task_id for r in summary(db, who["zhao"]).follow_ups_due.rows] == [t]
    assert summary(db, who["wang"]).follow_ups_due.count == 0


def test_the_default_day_is_the_branch_calendar_day(office):
    db, who, ids = office
    local_today = datetime.now(SHANGHAI).date()
    task(db, who["wang"], ids["wang"], local_today)
    with db.uow(who["wang"]) as uow:
        assert today_summary(uow, who["wang"]).today == local_today
        assert due_count(uow, who["wang"]) == 1


def test_a_supervisor_sees_their_own_tasks_first_when_the_list_is_cut(office):
    db, who, ids = office
    boss = who["boss"]
    for i in range(3):                     # the branch's older tasks, due today
        task(db, who["wang"], ids["wang"], TODAY, f"经理任务{i}")
    own = task(db, boss, ids["zhao"], TODAY, "主管知悉")
    with db.uow(boss) as uow:
        due = today_summary(uow, boss, TODAY, limit=2).follow_ups_due
    assert due.count == 4 and len(due.rows) == 2
    assert due.rows[0].ref_id == own and due.rows[0].what == "主管知悉"
