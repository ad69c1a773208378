"""Negotiated repayment plans: schedule, approval, adherence (paid / missed), the agreement."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crm.domain.compliance import SHANGHAI
from crm.domain.enums import (
    InstalmentStatus, PlanMethod, PlanStatus, RepaymentKind, RiskLevel, Role, TaskStatus,
)
from crm.domain.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from crm.models import AuditEvent, Loan, Repayment, RiskAlert, Task
from crm.services.repayment_plans import (
    ALERT_RULE, PlanDraft, agreement_data, approve_plan, check_adherence, create_plan, get_plan,
    list_plans, record_plan_payment, submit_plan, update_plan,
)
from tests import factories

TODAY = date(2024, 6, 10)
NOW = datetime(2024, 6, 10, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def world(db):
    west = factories.branch(db, "0101", "西湖支行")
    east = factories.branch(db, "0202", "上城支行")
    people = {
        "wang": factories.user(db, "wang", Role.MANAGER, west, "王经理"),
        "boss": factories.user(db, "boss", Role.SUPERVISOR, west, "李主管"),
        "boss2": factories.user(db, "boss2", Role.SUPERVISOR, west, "周主管"),
        "east": factories.user(db, "east", Role.MANAGER, east, "钱经理"),
    }
    cid = factories.customer(db, "王一", people["wang"], overdue_days=75)
    loans = []
    with db.uow(people["wang"]) as uow:
        for i, overdue in enumerate((Decimal("6000.00"), Decimal("3000.00"))):
            loan = Loan(loan_no=f"JJ2023000{i}", customer_id=cid, product="个人经营贷",
                        balance=Decimal("50000.00"), overdue_amount=overdue, overdue_days=75)
            uow.session.add(loan)
            uow.session.flush()
            loans.append(loan.id)
        uow.commit()
    return db, people, cid, loans


def call(db, actor, fn, *args, **kw):
    with db.uow(actor) as uow:
        result = fn(uow, actor, *args, **kw)
        uow.commit()
    return result


def draft(cid, loans, **kw):
    fields = dict(customer_id=cid, loan_ids=tuple(loans), instalment_count=3,
                  first_due_on=date(2024, 7, 31), grace_months=0, method=PlanMethod.EQUAL)
    fields.update(kw)
    return PlanDraft(**fields)


def active_plan(db, people, cid, loans, **kw):
    plan = call(db, people["wang"], create_plan, draft(cid, loans, **kw), today=TODAY)
    plan = call(db, people["wang"], submit_plan, plan.id, plan.version)
    return call(db, people["boss"], approve_plan, plan.id, plan.version, True, now=NOW)


def test_a_plan_takes_the_loans_arrears_and_splits_them_exactly(world):
    db, people, cid, loans = world
    plan = call(db, people["wang"], create_plan, draft(cid, loans, instalment_count=7,
                                                       grace_months=2), today=TODAY)
    assert plan.status is PlanStatus.DRAFT and plan.arrears_amount == Decimal("9000.00")
    assert [i.amount for i in plan.instalments] == [Decimal("1285.71")] * 6 + [Decimal("1285.74")]
    assert plan.instalments[0].due_on == date(2024, 9, 30)   # 31 July + 2 months, month end
    assert plan.instalments[1].due_on == date(2024, 10, 31)
    assert plan.loan_nos == ("JJ20230000", "JJ20230001")


def test_terms_are_checked_and_loans_are_not_in_two_plans(world):
    db, people, cid, loans = world
    with pytest.raises(ValidationError) as err:
        call(db, people["wang"], create_plan, draft(cid, loans, first_due_on=date(2024, 1, 1)),
             today=TODAY)
    assert "不能早于今天" in err.value.fields["first_due_on"]
    with pytest.raises(ValidationError) as err:
        call(db, people["wang"], create_plan, draft(cid, loans, instalment_count=0), today=TODAY)
    assert "至少为 1 期" in err.value.fields["instalment_count"]
    call(db, people["wang"], create_plan, draft(cid, loans[:1]), today=TODAY)
    with pytest.raises(ValidationError, match="已在还款计划"):
        call(db, people["wang"], create_plan, draft(cid, loans), today=TODAY)


def test_approval_flow_and_permissions(world):
    db, people, cid, loans = world
    plan = call(db, people["wang"], create_plan, draft(cid, loans), today=TODAY)
    with pytest.raises(ValidationError, match="不能审批"):
        call(db, people["boss"], approve_plan, plan.id, plan.version, True)
    sent = call(db, people["wang"], submit_plan, plan.id, plan.version)
    assert sent.status is PlanStatus.PENDING_APPROVAL
    with pytest.raises(PermissionDenied):
        call(db, people["wang"], approve_plan, sent.id, sent.version, True)
    with pytest.raises(ValidationError, match="需要修改"):
        call(db, people["boss"], approve_plan, sent.id, sent.version, False)
    back = call(db, people["boss"], approve_plan, sent.id, sent.version, False, "期数过多",
                now=NOW)
    assert back.status is PlanStatus.DRAFT and "审批退回：期数过多" in back.note
    changed = call(db, people["wang"], update_plan, back.id, back.version,
                   draft(cid, loans, instalment_count=2, method=PlanMethod.STEP_UP), today=TODAY)
    first, second = changed.instalments
    assert second.amount > first.amount and first.amount + second.amount == Decimal("9000.00")
    with pytest.raises(ConflictError):
        call(db, people["wang"], submit_plan, back.id, back.version)
    sent = call(db, people["wang"], submit_plan, changed.id, changed.version)
    ok = call(db, people["boss"], approve_plan, sent.id, sent.version, True, now=NOW)
    assert ok.status is PlanStatus.ACTIVE and ok.approved_by_name == "李主管"
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.action == "plan_approval")) == 2


def test_a_supervisor_cannot_approve_their_own_plan(world):
    db, people, cid, loans = world
    plan = call(db, people["boss"], create_plan, draft(cid, loans), today=TODAY)
    plan = call(db, people["boss"], submit_plan, plan.id, plan.version)
    with pytest.raises(PermissionDenied, match="自己拟定"):
        call(db, people["boss"], approve_plan, plan.id, plan.version, True)
    assert call(db, people["boss2"], approve_plan, plan.id, plan.version, True,
                now=NOW).status is PlanStatus.ACTIVE


def test_scope(world):
    db, people, cid, loans = world
    with pytest.raises(NotFoundError):
        call(db, people["east"], create_plan, draft(cid, loans), today=TODAY)
    plan = call(db, people["wang"], create_plan, draft(cid, loans), today=TODAY)
    with pytest.raises(NotFoundError):
        call(db, people["east"], get_plan, plan.id)
    assert [p.id for p in call(db, people["boss"], list_plans, customer_id=cid)] == [plan.id]


def test_payments_mark_instalments_paid_and_settle_the_plan(world):
    db, people, cid, loans = world
    plan = active_plan(db, people, cid, loans)
    paid = call(db, people["wang"], record_plan_payment, plan.id, Decimal("3500.00"),
                date(2024, 6, 11), today=date(2024, 6, 11))
    assert [i.status for i in paid.instalments] == [InstalmentStatus.PAID, InstalmentStatus.DUE,
                                                    InstalmentStatus.DUE]
    assert paid.instalments[1].paid_amount == Decimal("500.00")
    # the rest shows in an import: the loans' overdue amount falls to zero
    with db.uow(people["wang"]) as uow:
        for loan in uow.session.scalars(select(Loan).where(Loan.customer_id == cid)):
            loan.overdue_amount = Decimal("0")
        uow.commit()
    with db.uow(people["boss"]) as uow:
        result = check_adherence(uow, today=date(2024, 6, 20), now=NOW)
        uow.commit()
    assert result.settled == 1 and result.missed == 0
    assert call(db, people["wang"], get_plan, plan.id).status is PlanStatus.SETTLED


def test_a_missed_instalment_raises_a_task_and_an_alert_once(world):
    db, people, cid, loans = world
    plan = active_plan(db, people, cid, loans)
    with db.uow(people["wang"]) as uow:  # a repayment row covers the first instalment only
        uow.session.add(Repayment(loan_id=loans[0], kind=RepaymentKind.PAYMENT,
                                  paid_on=date(2024, 7, 30), amount_paid=Decimal("3000.00")))
        uow.commit()
    for _ in range(2):
        with db.uow(people["boss"]) as uow:
            check_adherence(uow, today=date(2024, 9, 2), now=NOW)
            uow.commit()
    view = call(db, people["wang"], get_plan, plan.id)
    assert [i.status for i in view.instalments] == [InstalmentStatus.PAID,
                                                    InstalmentStatus.MISSED, InstalmentStatus.DUE]
    with db.sessions() as s:
        alerts = s.scalars(select(RiskAlert).where(RiskAlert.rule_code == ALERT_RULE)).all()
        tasks = s.scalars(select(Task).where(Task.title.like("还款计划逾期%"))).all()
    assert len(alerts) == 1 and alerts[0].level is RiskLevel.HIGH and "第 2 期" in alerts[0].reason
    assert len(tasks) == 1 and tasks[0].status is TaskStatus.OPEN
    assert tasks[0].owner_id == people["wang"].user_id
    # the third instalment missed too: two at once, the plan is in default
    with db.uow(people["boss"]) as uow:
        result = check_adherence(uow, today=date(2024, 10, 1), now=NOW)
        uow.commit()
    assert result.defaulted == 1
    assert call(db, people["wang"], get_plan, plan.id).status is PlanStatus.DEFAULTED


def test_the_agreement_data_is_masked_unless_revealed(world):
    db, people, cid, loans = world
    plan = active_plan(db, people, cid, loans, grace_months=1)
    data = call(db, people["wang"], agreement_data, plan.id)
    assert "*" in data.customer_id_number and data.branch_name == "西湖支行"
    assert data.scheduled_total == data.arrears_amount == Decimal("9000.00")
    assert data.grace_months == 1 and any("连续 2 期" in t for t in data.terms)
    assert [ln.loan_no for ln in data.loans] == ["JJ20230000", "JJ20230001"]
    assert data.title == "还款协议" and data.agreement_no.endswith(f"{plan.id:06d}")
    full = call(db, people["wang"], agreement_data, plan.id, reveal=True, pledge=True)
    assert "*" not in full.customer_id_number and full.title == "还款承诺书"
    from crm.reports.agreement import agreement_flowables
    assert agreement_flowables(data)  # the report takes the record as it is
    with db.sessions() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "reveal",
                                                 AuditEvent.entity == "repayment_plans"))


def test_a_plan_from_a_visit_keeps_the_link(world):
    db, people, cid, loans = world
    from crm.models import VisitPlan
    from crm.domain.enums import VisitPurpose
    with db.uow(people["wang"]) as uow:
        v = VisitPlan(customer_id=cid, planned_on=TODAY, purpose=VisitPurpose.NEGOTIATE,
                      checklist={}, reason_codes=[])
        uow.session.add(v)
        uow.commit()
        vid = v.id
    plan = call(db, people["wang"], create_plan, draft(cid, loans, visit_id=vid,
                                                       arrears_amount=Decimal("5000.00")),
                today=TODAY)
    assert plan.visit_id == vid and plan.arrears_amount == Decimal("5000.00")
    assert plan.instalments[-1].due_on == date(2024, 7, 31) + timedelta(days=61)
