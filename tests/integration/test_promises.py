"""Promises to pay: kept by payments or an import, broken the day after, a task once."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.domain.compliance import SHANGHAI
from crm.domain.enums import (
    ContactChannel, ContactOutcome, PromiseStatus, RepaymentKind, Role, TaskKind, TaskStatus,
)
from crm.domain.errors import PermissionDenied
from crm.domain.views360 import PromiseSettlement
from crm.models import ContactRecord, Customer, FinancialSnapshot, Loan, Repayment, Task
from crm.services.contacts import ContactDraft, add_contact
from crm.services.promises import settle_promises
from tests import factories

MADE = datetime(2024, 6, 10, 10, 0, tzinfo=SHANGHAI)
DUE = date(2024, 6, 15)
NOTHING = PromiseSettlement(0, 0, 0)


def d(day: int) -> date:
    return date(2024, 6, day)


@pytest.fixture
def book(db):
    west = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, west, "王经理")
    boss = factories.user(db, "boss", Role.SUPERVISOR, west)
    cid = factories.customer(db, "王一", wang)
    with db.sessions() as s:
        loans = [Loan(loan_no=f"L-{i}", customer_id=cid, overdue_amount=Decimal("3000"),
                      overdue_days=40) for i in (1, 2)]
        s.add_all(loans)
        s.get(Customer, cid).overdue_amount = Decimal("3000")
        s.commit()
        loan_ids = [ln.id for ln in loans]
    return db, {"wang": wang, "boss": boss}, cid, loan_ids


def promise(db, actor, cid, amount="1000", due=DUE, loan_id=None):
    draft = ContactDraft(customer_id=cid, channel=ContactChannel.PHONE,
                         outcome=ContactOutcome.PROMISED, summary="客户承诺还款",
                         contacted_at=MADE, promise_amount=Decimal(amount), promise_date=due,
                         loan_id=loan_id)
    with db.uow(actor) as uow:
        view = add_contact(uow, actor, draft, now=MADE)
        uow.commit()
    return view.id


def pay(db, loan_id, day, amount):
    with db.sessions() as s:
        s.add(Repayment(loan_id=loan_id, kind=RepaymentKind.PAYMENT, paid_on=d(day),
                        amount_paid=Decimal(amount)))
        s.commit()


def settle(db, actor, day):
    with db.uow(actor) as uow:
        result = settle_promises(uow, d(day))
        uow.commit()
    return result


def status(db, contact_id):
    with db.sessions() as s:
        return s.get(ContactRecord, contact_id).promise_status


def broken_tasks(db, contact_id):
    with db.sessions() as s:
        return s.scalars(select(Task).where(Task.source_type == "promise_broken",
                                            Task.source_id == contact_id)).all()


def test_payments_by_the_date_keep_the_promise_as_soon_as_they_show(book):
    db, who, cid, loans = book
    pid = promise(db, who["wang"], cid)
    assert settle(db, who["wang"], 12) == NOTHING and status(db, pid) is PromiseStatus.PENDING
    pay(db, loans[0], 11, "600")
    assert settle(db, who["wang"], 12).kept == 0
    pay(db, loans[1], 14, "400.00")  # any of the customer's loans, when none was named
    result = settle(db, who["wang"], 14)
    assert (result.kept, result.broken) == (1, 0) and status(db, pid) is PromiseStatus.KEPT
    assert broken_tasks(db, pid) == []


def test_a_promise_is_broken_the_day_after_its_date_with_one_task(book):
    db, who, cid, loans = book
    pid = promise(db, who["boss"], cid)  # recorded by the supervisor
    pay(db, loans[0], 9, "5000")  # before the promise was made: does not count
    pay(db, loans[0], 16, "1000")  # after the date: too late
    assert settle(db, who["wang"], 15).broken == 0  # the date itself is still in time
    assert status(db, pid) is PromiseStatus.PENDING
    result = settle(db, who["wang"], 16)
    assert (result.kept, result.broken, result.tasks_created) == (0, 1, 1)
    assert status(db, pid) is PromiseStatus.BROKEN
    [task] = broken_tasks(db, pid)
    assert task.owner_id == who["wang"].user_id  # the customer's manager, not the recorder
    assert task.kind is TaskKind.FOLLOW_UP and task.status is TaskStatus.OPEN
    assert task.due_on == d(16) and "承诺还款未履行" in task.title
    with db.sessions() as s:
        assert s.get(Customer, cid).next_follow_up == d(16)
    # idempotent: settling again changes nothing and creates no second task
    assert settle(db, who["wang"], 16) == NOTHING
    assert settle(db, who["wang"], 20) == NOTHING
    assert len(broken_tasks(db, pid)) == 1 and status(db, pid) is PromiseStatus.BROKEN


def test_a_promise_on_one_loan_counts_that_loans_payments_only(book):
    db, who, cid, loans = book
    pid = promise(db, who["wang"], cid, loan_id=loans[0])
    pay(db, loans[1], 12, "1000")
    assert settle(db, who["wang"], 16).broken == 1 and status(db, pid) is PromiseStatus.BROKEN


def test_an_import_showing_no_overdue_keeps_the_promise_after_the_date(book):
    db, who, cid, loans = book
    pid = promise(db, who["wang"], cid, loan_id=loans[0])
    with db.sessions() as s:
        s.get(Loan, loans[0]).overdue_amount = Decimal("0")
        s.commit()
    # an import carries no payment date: judged only once the date has passed
    assert settle(db, who["wang"], 14).kept == 0
    assert settle(db, who["wang"], 16).kept == 1 and status(db, pid) is PromiseStatus.KEPT


def test_an_overdue_drop_since_the_last_snapshot_keeps_the_promise(book):
    db, who, cid, loans = book
    with db.sessions() as s:
        s.add(FinancialSnapshot(customer_id=cid, as_of=d(1), overdue_amount=Decimal("3000"),
                                source="import"))
        s.commit()
    big = promise(db, who["wang"], cid, amount="1500")
    small = promise(db, who["wang"], cid, amount="1000")
    with db.sessions() as s:
        s.get(Customer, cid).overdue_amount = Decimal("1800")  # dropped by 1,200
        s.commit()
    result = settle(db, who["wang"], 16)
    assert (result.kept, result.broken) == (1, 1)
    assert status(db, small) is PromiseStatus.KEPT and status(db, big) is PromiseStatus.BROKEN


def test_an_auditor_cannot_settle(book):
    db, _who, _cid, _loans = book
    auditor = factories.user(db, "audit", Role.AUDITOR)
    with db.uow(auditor) as uow, pytest.raises(PermissionDenied):
        settle_promises(uow, d(16))


def test_settling_in_batches_gives_each_customer_their_own_payments(book, monkeypatch):
    db, who, cid, loans = book
    other = factories.customer(db, "王二", who["wang"])
    with db.sessions() as s:
        loan = Loan(loan_no="L-OTHER", customer_id=other, overdue_amount=Decimal("900"))
        s.add(loan)
        s.commit()
        other_loan = loan.id
    first = promise(db, who["wang"], cid)
    second = promise(db, who["wang"], other, amount="900")
    pay(db, other_loan, 12, "900")
    monkeypatch.setattr("crm.services.promises.BATCH", 1)
    assert settle(db, who["wang"], 16) == PromiseSettlement(kept=1, broken=1, tasks_created=1)
    assert status(db, first) is PromiseStatus.BROKEN and status(db, second) is PromiseStatus.KEPT


def test_settling_in_batches_gives_every_customer_its_task_and_next_follow_up(db, monkeypatch):
    """Promises of many customers, settled a few at a time: each batch finds its own figures."""
    import crm.services.promises as promises

    monkeypatch.setattr(promises, "BATCH", 2)
    west = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, west, "王经理")
    customers = [factories.customer(db, f"客户{i}", wang) for i in range(5)]
    with db.sessions() as s:
        for i, cid in enumerate(customers):
            s.add(Loan(loan_no=f"B-{i}", customer_id=cid, overdue_amount=Decimal("500"),
                       overdue_days=20))
            s.get(Customer, cid).overdue_amount = Decimal("500")
        s.commit()
    ids = [promise(db, wang, cid, amount="100") for cid in customers]
    with db.sessions() as s:   # the last customer's overdue was cleared by a later import
        s.get(Customer, customers[-1]).overdue_amount = Decimal("0")
        s.commit()

    assert settle(db, wang, 16) == PromiseSettlement(kept=1, broken=4, tasks_created=4)
    assert [status(db, i) for i in ids] == [PromiseStatus.BROKEN] * 4 + [PromiseStatus.KEPT]
    with db.sessions() as s:
        follow_ups = [s.get(Customer, cid).next_follow_up for cid in customers]
    assert follow_ups[:4] == [d(16)] * 4
    assert all(len(broken_tasks(db, i)) == 1 for i in ids[:4]) and not broken_tasks(db, ids[4])
