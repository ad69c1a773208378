"""Negotiated repayment plans (协商还款计划): draft, approval, adherence, the agreement's data.

- Status: 拟定 → 待审批 → 生效 (a supervisor approves; a rejection sends it back to 拟定 with
  the comment in the note) → 已结清 when every instalment is paid, 已违约 when DEFAULT_AFTER
  instalments stand missed at once. A supervisor cannot approve a plan they drew up.
- The schedule comes from crm.domain.schedule (exact to the fen, remainder on the last).
- Adherence (check_adherence, a system job like settle_promises): what the customer has paid
  towards the plan is the largest of (a) what was recorded on its instalments
  (record_plan_payment), (b) payments in the repayment rows of the plan's loans since the
  plan took effect, and (c) how far the loans' overdue amount, as last imported, has fallen
  below what it was when the plan took effect. Taking the largest, never the sum, means a
  payment that shows in two sources is not counted twice (a second, separate payment then shows a little late,
  never too early). The amount is applied to instalments in order. An instalment unpaid
  after its due date is missed: once per instalment, a task for the customer's manager and
  a risk alert (rule "repayment_plan_missed") are raised.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import func, select

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import local_date, local_today
from crm.domain.enums import (
    AlertStatus, InstalmentStatus, LoanStatus, PlanMethod, PlanStatus, RepaymentKind, RiskLevel,
    TaskKind,
)
from crm.domain.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from crm.domain.identity import display_phone
from crm.domain.masking import mask_address, mask_id, mask_phone
from crm.domain.agreement import AgreementData, AgreementLoan, Instalment
from crm.domain.records import RepaymentInstalmentView, RepaymentPlanView
from crm.domain.schedule import build_schedule
from crm.models import (
    Branch, Customer, Loan, Repayment, RepaymentPlan, RepaymentPlanInstalment, RepaymentPlanLoan,
    RiskAlert, Task, User, VisitPlan,
)
from crm.paths import RESOURCES
from crm.persistence.uow import CONFLICT, UnitOfWork
from crm.queries.customers import scoped_customer
from crm.queries.scope import customer_scope
from crm.services.tasks import open_follow_up

NOT_FOUND = "还款计划不存在，或不在您的管辖范围内"
OPEN_PLANS = (PlanStatus.DRAFT, PlanStatus.PENDING_APPROVAL, PlanStatus.ACTIVE)
DEFAULT_AFTER = 2          # instalments missed at once that make the plan 已违约
MISSED_SOURCE = "repayment_instalment"
ALERT_RULE = "repayment_plan_missed"
RESPOND_WITHIN = timedelta(days=3)
ZERO = Decimal("0")


@dataclass(frozen=True, kw_only=True)
class PlanDraft:
    """The negotiated terms. Without `arrears_amount` the chosen loans' overdue total is used."""

    customer_id: int
    loan_ids: tuple[int, ...]
    instalment_count: int
    first_due_on: date
    method: PlanMethod = PlanMethod.EQUAL
    grace_months: int = 0
    arrears_amount: Decimal | None = None
    visit_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class AdherenceResult:
    plans: int
    paid: int          # instalments newly paid
    missed: int        # instalments newly missed
    tasks: int
    alerts: int
    settled: int
    defaulted: int


# ---- reading -------------------------------------------------------------------------------

def _scoped_plan(uow: UnitOfWork, actor: Actor, plan_id: int) -> RepaymentPlan:
    plan = uow.session.scalar(select(RepaymentPlan)
                              .join(Customer, Customer.id == RepaymentPlan.customer_id)
                              .where(RepaymentPlan.id == plan_id, customer_scope(actor)))
    if plan is None:
        raise NotFoundError(NOT_FOUND)
    return plan


def _instalments(uow: UnitOfWork, plan_id: int) -> list[RepaymentPlanInstalment]:
    return list(uow.session.scalars(select(RepaymentPlanInstalment)
                                    .where(RepaymentPlanInstalment.plan_id == plan_id)
                                    .order_by(RepaymentPlanInstalment.seq)))


def _loans(uow: UnitOfWork, plan_id: int) -> list[Loan]:
    return list(uow.session.scalars(
        select(Loan).join(RepaymentPlanLoan, RepaymentPlanLoan.loan_id == Loan.id)
        .where(RepaymentPlanLoan.plan_id == plan_id).order_by(Loan.loan_no)))


def _name(uow: UnitOfWork, user_id: int | None) -> str:
    user = uow.session.get(User, user_id) if user_id else None
    return user.display_name if user else ""


def plan_view(uow: UnitOfWork, plan: RepaymentPlan) -> RepaymentPlanView:
    customer = uow.session.get(Customer, plan.customer_id)
    loans = _loans(uow, plan.id)
    return RepaymentPlanView(
        plan.id, plan.customer_id, customer.name if customer else "", plan.visit_id,
        tuple(ln.id for ln in loans), tuple(ln.loan_no for ln in loans), plan.arrears_amount,
        plan.grace_months, plan.instalment_count, plan.method, plan.first_due_on, plan.status,
        plan.signed_on, _name(uow, plan.approved_by), plan.approved_at,
        _name(uow, plan.created_by), plan.note or "",
        tuple(RepaymentInstalmentView(i.id, i.seq, i.due_on, i.amount, i.paid_amount, i.paid_on,
                                      i.status) for i in _instalments(uow, plan.id)),
        plan.version)


def get_plan(uow: UnitOfWork, actor: Actor, plan_id: int) -> RepaymentPlanView:
    return plan_view(uow, _scoped_plan(uow, actor, plan_id))


def list_plans(uow: UnitOfWork, actor: Actor, customer_id: int | None = None,
               status: PlanStatus | None = None, limit: int = 500) -> list[RepaymentPlanView]:
    """Newest first, within scope (one customer's plans for the customer page)."""
    stmt = (select(RepaymentPlan).join(Customer, Customer.id == RepaymentPlan.customer_id)
            .where(customer_scope(actor)))
    if customer_id is not None:
        stmt = stmt.where(RepaymentPlan.customer_id == customer_id)
    if status is not None:
        stmt = stmt.where(RepaymentPlan.status == status)
    stmt = stmt.order_by(RepaymentPlan.id.desc()).limit(limit)
    return [plan_view(uow, p) for p in uow.session.scalars(stmt)]


# ---- drawing up ----------------------------------------------------------------------------

def _writer(actor: Actor) -> None:
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")


def _checked_loans(uow: UnitOfWork, customer: Customer, d: PlanDraft,
                   exclude_plan: int | None) -> list[Loan]:
    ids = list(dict.fromkeys(d.loan_ids))
    if not ids:
        raise ValidationError({"loan_ids": "请至少选择一笔贷款"})
    loans = list(uow.session.scalars(select(Loan).where(Loan.id.in_(ids))))
    if len(loans) != len(ids) or any(ln.customer_id != customer.id for ln in loans):
        raise ValidationError({"loan_ids": "所选贷款不属于该客户"})
    closed = [ln.loan_no for ln in loans if ln.status is not LoanStatus.ACTIVE]
    if closed:
        raise ValidationError({"loan_ids": f"贷款 {closed[0]} 已结清或核销，不能纳入还款计划"})
    stmt = (select(RepaymentPlan.id, Loan.loan_no)
            .join(RepaymentPlanLoan, RepaymentPlanLoan.plan_id == RepaymentPlan.id)
            .join(Loan, Loan.id == RepaymentPlanLoan.loan_id)
            .where(RepaymentPlanLoan.loan_id.in_(ids), RepaymentPlan.status.in_(OPEN_PLANS)))
    if exclude_plan is not None:
        stmt = stmt.where(RepaymentPlan.id != exclude_plan)
    taken = uow.session.execute(stmt.limit(1)).first()
    if taken is not None:
        raise ValidationError({"loan_ids": f"贷款 {taken[1]} 已在还款计划 #{taken[0]} 中"
                                           "（拟定、待审批或生效），请先处理该计划"})
    return loans


def _terms(uow: UnitOfWork, customer: Customer, d: PlanDraft, today: date,
           exclude_plan: int | None = None) -> tuple[list[Loan], Decimal, str]:
    loans = _checked_loans(uow, customer, d, exclude_plan)
    amount = d.arrears_amount
    if amount is None:
        amount = sum((ln.overdue_amount for ln in loans), ZERO)
        if amount <= 0:
            raise ValidationError({"arrears_amount": "所选贷款当前没有逾期金额，请填写协商还款金额"})
    errors: dict[str, str] = {}
    if d.first_due_on < today:
        errors["first_due_on"] = "首期还款日不能早于今天"
    if d.visit_id is not None:
        visit = uow.session.get(VisitPlan, d.visit_id)
        if visit is None or visit.customer_id != customer.id:
            errors["visit_id"] = "所选走访不属于该客户"
    note = (d.note or "").strip()
    if len(note) > 2000:
        errors["note"] = "备注不能超过 2000 个字"
    if errors:
        raise ValidationError(errors)
    return loans, amount, note


def _write_schedule(uow: UnitOfWork, plan: RepaymentPlan) -> None:
    rows = build_schedule(plan.arrears_amount, plan.instalment_count, plan.method,
                          plan.first_due_on, plan.grace_months)
    for old in _instalments(uow, plan.id):
        uow.session.delete(old)
    uow.session.flush()
    for r in rows:
        uow.session.add(RepaymentPlanInstalment(plan_id=plan.id, seq=r.seq, due_on=r.due_on,
                                                amount=r.amount, paid_amount=ZERO,
                                                status=InstalmentStatus.DUE))


def _link_loans(uow: UnitOfWork, plan: RepaymentPlan, loans: Sequence[Loan]) -> None:
    for old in uow.session.scalars(select(RepaymentPlanLoan)
                                   .where(RepaymentPlanLoan.plan_id == plan.id)):
        uow.session.delete(old)
    uow.session.flush()
    for ln in loans:
        uow.session.add(RepaymentPlanLoan(plan_id=plan.id, loan_id=ln.id))


def create_plan(uow: UnitOfWork, actor: Actor, draft: PlanDraft,
                today: date | None = None) -> RepaymentPlanView:
    """A plan in 拟定 with its schedule, from a visit or from the customer page."""
    _writer(actor)
    customer = scoped_customer(uow.session, actor, draft.customer_id)
    loans, amount, note = _terms(uow, customer, draft, today or local_today())
    build_schedule(amount, draft.instalment_count, draft.method, draft.first_due_on,
                   draft.grace_months)  # refuses bad terms before anything is written
    plan = RepaymentPlan(customer_id=customer.id, visit_id=draft.visit_id, arrears_amount=amount,
                         grace_months=draft.grace_months,
                         instalment_count=draft.instalment_count, method=draft.method,
                         first_due_on=draft.first_due_on, status=PlanStatus.DRAFT,
                         created_by=actor.user_id, note=note or None)
    uow.session.add(plan)
    uow.session.flush()
    _link_loans(uow, plan, loans)
    _write_schedule(uow, plan)
    uow.flush()
    return plan_view(uow, plan)


def _writable(uow: UnitOfWork, actor: Actor, plan_id: int,
              expected_version: int) -> RepaymentPlan:
    _writer(actor)
    plan = _scoped_plan(uow, actor, plan_id)
    if plan.version != expected_version:
        raise ConflictError(CONFLICT)
    return plan


def _status_error(plan: RepaymentPlan, action: str) -> ValidationError:
    return ValidationError({"status": f"还款计划当前为“{plan.status.label}”，不能{action}"})


def update_plan(uow: UnitOfWork, actor: Actor, plan_id: int, expected_version: int,
                draft: PlanDraft, today: date | None = None) -> RepaymentPlanView:
    """Change the terms of a plan still in 拟定; the schedule is generated again."""
    plan = _writable(uow, actor, plan_id, expected_version)
    if plan.status is not PlanStatus.DRAFT:
        raise _status_error(plan, "修改条款")
    customer = scoped_customer(uow.session, actor, plan.customer_id)
    if draft.customer_id != plan.customer_id:
        raise ValidationError({"customer_id": "不能更换还款计划的客户"})
    loans, amount, note = _terms(uow, customer, draft, today or local_today(), plan.id)
    build_schedule(amount, draft.instalment_count, draft.method, draft.first_due_on,
                   draft.grace_months)
    plan.visit_id, plan.arrears_amount = draft.visit_id, amount
    plan.grace_months = draft.grace_months
    plan.instalment_count, plan.method = draft.instalment_count, draft.method
    plan.first_due_on, plan.note = draft.first_due_on, note or None
    _link_loans(uow, plan, loans)
    _write_schedule(uow, plan)
    uow.flush()
    return plan_view(uow, plan)


def submit_plan(uow: UnitOfWork, actor: Actor, plan_id: int,
                expected_version: int) -> RepaymentPlanView:
    """拟定 → 待审批."""
    plan = _writable(uow, actor, plan_id, expected_version)
    if plan.status is not PlanStatus.DRAFT:
        raise _status_error(plan, "提交审批")
    plan.status = PlanStatus.PENDING_APPROVAL
    uow.flush()
    return plan_view(uow, plan)


def approve_plan(uow: UnitOfWork, actor: Actor, plan_id: int, expected_version: int,
                 approve: bool, comment: str = "", signed_on: date | None = None,
                 now: datetime | None = None) -> RepaymentPlanView:
    """A supervisor approves (→ 生效) or rejects (→ 拟定, the comment added to the note)."""
    actor.require(Permission.REVIEW)
    plan = _writable(uow, actor, plan_id, expected_version)
    if plan.status is not PlanStatus.PENDING_APPROVAL:
        raise _status_error(plan, "审批")
    if plan.created_by is not None and plan.created_by == actor.user_id:
        raise PermissionDenied("不能审批自己拟定的还款计划，请由其他主管审批")
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": "退回时请填写需要修改的内容"})
    now = now or datetime.now(timezone.utc)
    customer = uow.session.get(Customer, plan.customer_id)
    if approve:
        plan.status, plan.approved_by, plan.approved_at = PlanStatus.ACTIVE, actor.user_id, now
        plan.signed_on = signed_on or plan.signed_on
        plan.overdue_at_start = sum((ln.overdue_amount for ln in _loans(uow, plan.id)), ZERO)
    else:
        plan.status = PlanStatus.DRAFT
        stamp = f"{local_date(now):%Y-%m-%d} 审批退回：{comment}"
        plan.note = f"{plan.note}\n{stamp}" if plan.note else stamp
    uow.flush()
    uow.audit("plan_approval", f"{'批准' if approve else '退回'}还款计划 #{plan.id}"
              f"（{customer.name if customer else ''}）" + (f"：{comment}" if comment else ""),
              entity="repayment_plans", entity_id=str(plan.id), customer_id=plan.customer_id,
              after={"decision": "approved" if approve else "returned", "comment": comment})
    return plan_view(uow, plan)


def set_signed(uow: UnitOfWork, actor: Actor, plan_id: int, expected_version: int,
               signed_on: date) -> RepaymentPlanView:
    """The date the customer signed the printed agreement."""
    plan = _writable(uow, actor, plan_id, expected_version)
    if plan.status not in (PlanStatus.PENDING_APPROVAL, PlanStatus.ACTIVE):
        raise _status_error(plan, "登记签署日期")
    plan.signed_on = signed_on
    uow.flush()
    return plan_view(uow, plan)


# ---- adherence -----------------------------------------------------------------------------

def record_plan_payment(uow: UnitOfWork, actor: Actor, plan_id: int, amount: Decimal,
                        paid_on: date, today: date | None = None) -> RepaymentPlanView:
    """A payment the manager saw (receipt, counter): applied to instalments in order."""
    _writer(actor)
    plan = _scoped_plan(uow, actor, plan_id)
    if plan.status is not PlanStatus.ACTIVE:
        raise _status_error(plan, "登记还款")
    errors: dict[str, str] = {}
    if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = "还款金额须大于 0，最多两位小数"
    if paid_on > (today or local_today()):
        errors["paid_on"] = "还款日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    instalments = _instalments(uow, plan.id)
    outstanding = sum((i.amount - i.paid_amount for i in instalments), ZERO)
    if amount > outstanding:
        raise ValidationError({"amount": f"还款金额超过计划剩余应还 ¥{outstanding:,.2f}"})
    _apply(instalments, sum((i.paid_amount for i in instalments), ZERO) + amount, paid_on)
    _settle_plan(uow, plan, instalments, today or local_today())
    uow.flush()
    return plan_view(uow, plan)


def _apply(instalments: Sequence[RepaymentPlanInstalment], total: Decimal, on: date) -> int:
    """Spread `total` over the instalments in order; returns how many became paid."""
    newly = 0
    for i in instalments:
        share = min(i.amount, max(ZERO, total))
        total -= share
        if share != i.paid_amount:
            i.paid_amount = share
        if share >= i.amount and i.status is not InstalmentStatus.PAID:
            i.status, i.paid_on, newly = InstalmentStatus.PAID, on, newly + 1
    return newly


def _evidence(uow: UnitOfWork, plan: RepaymentPlan, since: date) -> Decimal:
    """What repayment rows and the imported overdue figures show was paid towards the plan."""
    loan_ids = [ln.id for ln in _loans(uow, plan.id)]
    paid = [a for (a,) in uow.session.execute(
        select(Repayment.amount_paid).where(
            Repayment.loan_id.in_(loan_ids), Repayment.kind == RepaymentKind.PAYMENT,
            Repayment.amount_paid.is_not(None), Repayment.paid_on >= since))]
    by_rows = sum(paid, ZERO)  # summed in Python: SQLite would add floats
    overdue_now = sum((ln.overdue_amount for ln in _loans(uow, plan.id)), ZERO)
    start = plan.overdue_at_start if plan.overdue_at_start is not None else plan.arrears_amount
    return max(by_rows, start - overdue_now, ZERO)


def _missed(uow: UnitOfWork, plan: RepaymentPlan, inst: RepaymentPlanInstalment,
            customer: Customer, today: date, now: datetime) -> tuple[int, int]:
    inst.status = InstalmentStatus.MISSED
    if uow.session.scalar(select(Task.id).where(Task.source_type == MISSED_SOURCE,
                                                Task.source_id == inst.id)) is not None:
        return 0, 0
    left = inst.amount - inst.paid_amount
    text = (f"还款计划 #{plan.id} 第 {inst.seq} 期（{inst.due_on:%Y-%m-%d} 应还 "
            f"¥{inst.amount:,.2f}）逾期未还，尚欠 ¥{left:,.2f}")
    open_follow_up(uow.session, customer, today, f"还款计划逾期：{customer.name}",
                   kind=TaskKind.FOLLOW_UP, created_by=uow.actor.user_id,
                   source_type=MISSED_SOURCE, source_id=inst.id,
                   note=text + "，请联系客户了解原因。")
    uow.session.add(RiskAlert(customer_id=customer.id, rule_code=ALERT_RULE,
                              level=RiskLevel.HIGH, status=AlertStatus.NEW, reason=text,
                              raised_at=now, respond_by=now + RESPOND_WITHIN,
                              assignee_id=customer.owner_id))
    return 1, 1


def _settle_plan(uow: UnitOfWork, plan: RepaymentPlan,
                 instalments: Sequence[RepaymentPlanInstalment], today: date) -> None:
    if all(i.status is InstalmentStatus.PAID for i in instalments):
        plan.status = PlanStatus.SETTLED
    elif sum(i.status is InstalmentStatus.MISSED for i in instalments) >= DEFAULT_AFTER:
        plan.status = PlanStatus.DEFAULTED


def check_adherence(uow: UnitOfWork, today: date | None = None,
                    now: datetime | None = None) -> AdherenceResult:
    """Mark the instalments of every active plan paid or missed (idempotent; run daily)."""
    if uow.actor.read_only:
        raise PermissionDenied("审计角色只能查看")
    today, now = today or local_today(), now or datetime.now(timezone.utc)
    uow.one_at_a_time("check_adherence")
    plans = uow.session.scalars(select(RepaymentPlan)
                                .where(RepaymentPlan.status == PlanStatus.ACTIVE)
                                .order_by(RepaymentPlan.id)).all()
    paid = missed = tasks = alerts = settled = defaulted = 0
    for plan in plans:
        customer = uow.session.get(Customer, plan.customer_id)
        assert customer is not None
        instalments = _instalments(uow, plan.id)
        since = local_date(plan.approved_at) if plan.approved_at else plan.first_due_on
        recorded = sum((i.paid_amount for i in instalments), ZERO)
        total = min(max(recorded, _evidence(uow, plan, since)), plan.arrears_amount)
        paid += _apply(instalments, total, today)
        for inst in instalments:
            if inst.status is InstalmentStatus.DUE and inst.due_on < today:
                missed += 1
                t, a = _missed(uow, plan, inst, customer, today, now)
                tasks, alerts = tasks + t, alerts + a
        before = plan.status
        _settle_plan(uow, plan, instalments, today)
        settled += before != plan.status and plan.status is PlanStatus.SETTLED
        defaulted += before != plan.status and plan.status is PlanStatus.DEFAULTED
    uow.flush()
    return AdherenceResult(len(plans), paid, missed, tasks, alerts, settled, defaulted)


# ---- the agreement -------------------------------------------------------------------------

def _agreement_terms(plan: RepaymentPlan) -> tuple[str, ...]:
    raw = json.loads((RESOURCES / "visits" / "agreement_terms.json").read_text("utf-8"))
    values = {"grace_months": plan.grace_months, "count": plan.instalment_count,
              "method": plan.method.label, "amount": f"{plan.arrears_amount:,.2f}",
              "default_after": DEFAULT_AFTER}
    return tuple(t.format(**values) for t in raw["terms"])


def agreement_data(uow: UnitOfWork, actor: Actor, plan_id: int, reveal: bool = False,
                   pledge: bool = False) -> AgreementData:
    """The record crm.reports.agreement prints (还款协议, or with `pledge` 还款承诺书).

    Sensitive fields are masked unless revealed; a reveal needs the permission and is
    audited, as on the customer page. The standard terms are the report's; the extra terms
    come from resources/visits/agreement_terms.json (the bank's own wording).
    """
    plan = _scoped_plan(uow, actor, plan_id)
    customer = uow.session.get(Customer, plan.customer_id)
    assert customer is not None
    if reveal:
        actor.require(Permission.REVEAL)
        uow.audit("reveal", f"打印还款协议 #{plan.id}，显示 {customer.name} 的完整证件号码和联系方式",
                  entity="repayment_plans", entity_id=str(plan.id), customer_id=customer.id)
    branch = uow.session.get(Branch, customer.branch_id) if customer.branch_id else None
    loans = tuple(AgreementLoan(ln.loan_no, ln.product or "", ln.balance, ln.overdue_amount,
                                ln.overdue_days) for ln in _loans(uow, plan.id))
    made = local_date(plan.created_at)
    return AgreementData(
        bank_name=branch.bank_name if branch else "", branch_name=branch.name if branch else "",
        customer_name=customer.name,
        customer_id_number=customer.id_number if reveal else mask_id(customer.id_number),
        customer_phone=(display_phone(customer.phone or "") if reveal
                        else mask_phone(customer.phone)),
        customer_address=(customer.address or "") if reveal else mask_address(customer.address),
        loans=loans, arrears_amount=plan.arrears_amount, grace_months=plan.grace_months,
        method=plan.method,
        instalments=tuple(Instalment(i.seq, i.due_on, i.amount)
                          for i in _instalments(uow, plan.id)),
        pledge=pledge, agreement_no=f"HK{made:%Y}{plan.id:06d}", terms=_agreement_terms(plan),
        manager_name=_name(uow, customer.owner_id), made_on=plan.signed_on or made)


def plan_counts(uow: UnitOfWork, actor: Actor) -> dict[PlanStatus, int]:
    """How many plans stand in each status, within scope (for a badge or a dashboard)."""
    rows = uow.session.execute(select(RepaymentPlan.status, func.count())
                               .join(Customer, Customer.id == RepaymentPlan.customer_id)
                               .where(customer_scope(actor)).group_by(RepaymentPlan.status))
    return {status: n for status, n in rows}


__all__ = [
    "ALERT_RULE", "DEFAULT_AFTER", "AdherenceResult", "PlanDraft", "agreement_data",
    "approve_plan", "check_adherence", "create_plan", "get_plan", "list_plans", "plan_counts",
    "plan_view", "record_plan_payment", "set_signed", "submit_plan", "update_plan",
]
