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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from crm.domain.compliance import local_date, local_today
from crm.domain.enums import PromiseStatus, TaskKind, TaskStatus
from crm.domain.errors import PermissionDenied
from crm.domain.views360 import PromiseSettlement
from crm.models import ContactRecord, Customer, FinancialSnapshot, Loan, Repayment, Task
from crm.persistence.uow import UnitOfWork
from crm.services.tasks import refresh_next_follow_ups

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


@dataclass(frozen=True, slots=True)
class _Figures:
    """What the last import says, for the promises of one batch whose date has passed."""
    customer_overdue: dict[int, Decimal]
    loan_overdue: dict[int, Decimal]
    snapshots: dict[int, list[tuple[date, Decimal]]]  # by customer, oldest first


def _figures(uow: UnitOfWork, due: Sequence[ContactRecord]) -> _Figures:
    s = uow.session
    customer_ids = {p.customer_id for p in due}
    loan_ids = {p.loan_id for p in due if p.loan_id is not None}
    customer_overdue = dict(s.execute(select(Customer.id, Customer.overdue_amount)
                                      .where(Customer.id.in_(customer_ids))).tuples().all())
    loan_overdue = dict(s.execute(select(Loan.id, Loan.overdue_amount)
                                  .where(Loan.id.in_(loan_ids))).tuples().all()) if loan_ids else {}
    snapshots: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    if due:
        latest_made = max(local_date(p.contacted_at) for p in due)
        rows = s.execute(
            select(FinancialSnapshot.customer_id, FinancialSnapshot.as_of,
                   FinancialSnapshot.overdue_amount)
            .where(FinancialSnapshot.customer_id.in_(customer_ids),
                   FinancialSnapshot.overdue_amount.is_not(None),
                   FinancialSnapshot.as_of <= latest_made)
            .order_by(FinancialSnapshot.customer_id, FinancialSnapshot.as_of,
                      FinancialSnapshot.id))
        for customer_id, as_of, overdue in rows:
            snapshots[customer_id].append((as_of, overdue))
    return _Figures(customer_overdue, loan_overdue, snapshots)


def _import_shows_payment(figures: _Figures, promise: ContactRecord) -> bool:
    assert promise.promise_amount is not None
    customer_overdue = figures.customer_overdue.get(promise.customer_id, ZERO)
    overdue_now = (figures.loan_overdue.get(promise.loan_id, ZERO)
                   if promise.loan_id is not None else customer_overdue)
    if overdue_now <= ZERO:
        return True
    made = local_date(promise.contacted_at)
    before = [overdue for as_of, overdue in figures.snapshots.get(promise.customer_id, [])
              if as_of <= made]
    # the latest snapshot on or before the day the promise was made (ties: the last written)
    return bool(before) and before[-1] - customer_overdue >= promise.promise_amount


def _broken_tasks(uow: UnitOfWork, broken: Sequence[ContactRecord], today: date) -> int:
    """One follow-up task per broken promise that has none yet; one flush for the batch."""
    if not broken:
        return 0
    s = uow.session
    have = set(s.scalars(select(Task.source_id).where(
        Task.source_type == BROKEN_SOURCE, Task.source_id.in_([p.id for p in broken]))))
    wanted = [p for p in broken if p.id not in have]
    customers = {c.id: c for c in s.scalars(
        select(Customer).where(Customer.id.in_({p.customer_id for p in wanted})))}
    for promise in wanted:
        customer = customers[promise.customer_id]
        s.add(Task(
            kind=TaskKind.FOLLOW_UP, title=f"承诺还款未履行：{customer.name}"[:255],
            customer_id=customer.id,
            owner_id=customer.owner_id or promise.user_id or uow.actor.user_id,
            due_on=today, status=TaskStatus.OPEN, source_type=BROKEN_SOURCE,
            source_id=promise.id, created_by=uow.actor.user_id,
            note=f"承诺于 {promise.promise_date:%Y-%m-%d} 前还款 ¥{promise.promise_amount:,.2f}，"
                 "到期未见还款，请联系客户了解原因。"))
    s.flush()
    refresh_next_follow_ups(s, customers)
    return len(wanted)


def settle_promises(uow: UnitOfWork, today: date | None = None) -> PromiseSettlement:
    """Mark pending promises kept or broken as of `today` (Asia/Shanghai by default).

    Set-based, 500 promises at a time: one query each for their payments, the imported
    figures, the existing tasks and the customers, and one flush.
    """
    if uow.actor.read_only:
        raise PermissionDenied("审计角色只能查看")
    today = today or local_today()
    uow.one_at_a_time("settle_promises")
    pending = uow.session.scalars(
        select(ContactRecord)
        .where(ContactRecord.promise_status == PromiseStatus.PENDING,
               ContactRecord.promise_amount.is_not(None), ContactRecord.promise_date.is_not(None))
        .order_by(ContactRecord.id)).all()
    kept = broken = tasks = 0
    for start in range(0, len(pending), BATCH):
        batch = pending[start:start + BATCH]
        payments = _payments(uow, batch)
        figures = _figures(uow, [p for p in batch if today > (p.promise_date or today)])
        broken_now: list[ContactRecord] = []
        for promise in batch:
            outcome = _settle_one(promise, payments[promise.customer_id], figures, today)
            if outcome is PromiseStatus.KEPT:
                kept += 1
            elif outcome is PromiseStatus.BROKEN:
                broken_now.append(promise)
        broken += len(broken_now)
        tasks += _broken_tasks(uow, broken_now, today)
        uow.flush()
    return PromiseSettlement(kept, broken, tasks)


def _settle_one(promise: ContactRecord, payments: list[Payment], figures: _Figures,
                today: date) -> PromiseStatus | None:
    assert promise.promise_amount is not None and promise.promise_date is not None
    due_passed = today > promise.promise_date
    if (_paid(promise, payments) >= promise.promise_amount
            or (due_passed and _import_shows_payment(figures, promise))):
        promise.promise_status = PromiseStatus.KEPT
    elif due_passed:
        promise.promise_status = PromiseStatus.BROKEN
    else:
        return None
    return promise.promise_status


__all__ = ["BROKEN_SOURCE", "settle_promises"]
