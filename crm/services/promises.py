"""Settling promises to pay (承诺还款): kept, or broken the day after their date.

A promise is kept when:
- payments: repayment rows of the promised loan (or of any of the customer's loans when the
  promise names none) paid on or after the day the promise was made and on or before the
  promised date add up to at least the promised amount. This is checked every run, so a
  promise is marked kept as soon as the money shows, even before its date.
- an import shows it: from the day after the promised date, when no payment rows prove it,
  the overdue amount as last imported is zero (the loan's, or the customer's when the
  promise names no loan), or the customer's overdue amount has dropped by at least the
  promised amount below the latest financial snapshot taken on or before the day the
  promise was made. Imports carry no payment date, so this evidence is only weighed once
  the date has passed, with the figures known at settlement.

Otherwise the promise is broken the day after its date, and a follow-up task due that day
goes to the customer's manager (once: a task is only created for a pending promise, and
never twice for the same promise).

Settling is a system job over the whole database, idempotent: only pending promises are
looked at, and a settled one is never settled again (a payment after the date does not
turn a broken promise into a kept one). Run it before showing 今日工作.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from crm.domain.compliance import local_date, local_today
from crm.domain.enums import PromiseStatus, TaskKind
from crm.domain.errors import PermissionDenied
from crm.domain.views360 import PromiseSettlement
from crm.models import ContactRecord, Customer, FinancialSnapshot, Loan, Repayment, Task
from crm.persistence.uow import UnitOfWork
from crm.services.tasks import open_follow_up

BROKEN_SOURCE = "promise_broken"
ZERO = Decimal("0")
BATCH = 500  # promises per payment query (bounded IN lists on SQLite)
Payment = tuple[int, date, Decimal]  # loan id, paid on, amount


def _payments(uow: UnitOfWork, batch: Sequence[ContactRecord]) -> dict[int, list[Payment]]:
    """The payments of a batch's customers in the span its promises cover, by customer."""
    low = min(local_date(p.contacted_at) for p in batch)
    high = max(p.promise_date for p in batch if p.promise_date is not None)
    rows = uow.session.execute(
        select(Loan.customer_id, Repayment.loan_id, Repayment.paid_on, Repayment.amount_paid)
        .join(Loan, Loan.id == Repayment.loan_id)
        .where(Loan.customer_id.in_({p.customer_id for p in batch}),
               Repayment.amount_paid.is_not(None), Repayment.paid_on.is_not(None),
               Repayment.paid_on >= low, Repayment.paid_on <= high))
    found: dict[int, list[Payment]] = defaultdict(list)
    for customer_id, loan_id, paid_on, amount in rows:
        found[customer_id].append((loan_id, paid_on, amount))
    return found


def _paid(promise: ContactRecord, payments: list[Payment]) -> Decimal:
    """Paid on the promised loan (any of the customer's when none is named) in time.

    Summed in Python: SQLite would add the amounts as floats.
    """
    assert promise.promise_date is not None
    made = local_date(promise.contacted_at)
    return sum((amount for loan_id, paid_on, amount in payments
                if made <= paid_on <= promise.promise_date
                and (promise.loan_id is None or loan_id == promise.loan_id)), ZERO)


def _import_shows_payment(uow: UnitOfWork, promise: ContactRecord) -> bool:
    s = uow.session
    customer = s.get(Customer, promise.customer_id)
    assert customer is not None
    loan = s.get(Loan, promise.loan_id) if promise.loan_id is not None else None
    overdue_now = loan.overdue_amount if loan is not None else customer.overdue_amount
    if overdue_now <= ZERO:
        return True
    baseline = s.scalar(
        select(FinancialSnapshot.overdue_amount)
        .where(FinancialSnapshot.customer_id == customer.id,
               FinancialSnapshot.overdue_amount.is_not(None),
               FinancialSnapshot.as_of <= local_date(promise.contacted_at))
        .order_by(FinancialSnapshot.as_of.desc(), FinancialSnapshot.id.desc()).limit(1))
    assert promise.promise_amount is not None
    return baseline is not None and baseline - customer.overdue_amount >= promise.promise_amount


def _broken_task(uow: UnitOfWork, promise: ContactRecord, today: date) -> bool:
    customer = uow.session.get(Customer, promise.customer_id)
    assert customer is not None
    exists = uow.session.scalar(select(Task.id).where(Task.source_type == BROKEN_SOURCE,
                                                      Task.source_id == promise.id))
    if exists is not None:
        return False
    open_follow_up(
        uow.session, customer, today, f"承诺还款未履行：{customer.name}",
        kind=TaskKind.FOLLOW_UP, created_by=uow.actor.user_id,
        owner_id=customer.owner_id or promise.user_id, source_type=BROKEN_SOURCE,
        source_id=promise.id,
        note=f"承诺于 {promise.promise_date:%Y-%m-%d} 前还款 ¥{promise.promise_amount:,.2f}，"
             "到期未见还款，请联系客户了解原因。")
    return True


def settle_promises(uow: UnitOfWork, today: date | None = None) -> PromiseSettlement:
    """Mark pending promises kept or broken as of `today` (Asia/Shanghai by default)."""
    if uow.actor.read_only:
        raise PermissionDenied("审计角色只能查看")
    today = today or local_today()
    pending = uow.session.scalars(
        select(ContactRecord)
        .where(ContactRecord.promise_status == PromiseStatus.PENDING,
               ContactRecord.promise_amount.is_not(None), ContactRecord.promise_date.is_not(None))
        .order_by(ContactRecord.id)).all()
    kept = broken = tasks = 0
    for start in range(0, len(pending), BATCH):
        batch = pending[start:start + BATCH]
        payments = _payments(uow, batch)
        for promise in batch:
            outcome = _settle_one(uow, promise, payments[promise.customer_id], today)
            if outcome is PromiseStatus.KEPT:
                kept += 1
            elif outcome is PromiseStatus.BROKEN:
                broken += 1
                tasks += _broken_task(uow, promise, today)
    uow.flush()
    return PromiseSettlement(kept, broken, tasks)


def _settle_one(uow: UnitOfWork, promise: ContactRecord, payments: list[Payment],
                today: date) -> PromiseStatus | None:
    assert promise.promise_amount is not None and promise.promise_date is not None
    due_passed = today > promise.promise_date
    if (_paid(promise, payments) >= promise.promise_amount
            or (due_passed and _import_shows_payment(uow, promise))):
        promise.promise_status = PromiseStatus.KEPT
    elif due_passed:
        promise.promise_status = PromiseStatus.BROKEN
    else:
        return None
    return promise.promise_status


__all__ = ["BROKEN_SOURCE", "settle_promises"]
