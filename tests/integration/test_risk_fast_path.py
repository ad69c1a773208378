"""The recompute's fast path (customers without a signal scored in SQL) agrees with running
every customer through the rules, on a mixed population, first time and after changes."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from crm.domain.actors import Actor
from crm.domain.enums import (
    ContactOutcome, FeedbackKind, FiveTier, RiskLevel, Role, TaskKind, TaskStatus,
)
from crm.models import Customer, FinancialSnapshot, Feedback, Loan, RiskAlert, RiskScore, Task
from crm.services.risk import ensure_rule_set, recompute, save_rule_set
from tests import factories
from tests.integration.test_risk import NOW, add_contact, add_loan


def _set(db, cid, **values):
    with db.uow(Actor.cli()) as uow:
        c = uow.session.get(Customer, cid)
        for k, v in values.items():
            setattr(c, k, v)
        uow.commit()


def population(db, owner, prefix):
    """One of each kind of customer; returns {label: customer id}."""
    ids = {}

    def new(label, **values):
        ids[label] = factories.customer(db, f"{prefix}{label}", owner=owner)
        if values:
            _set(db, ids[label], **values)
        return ids[label]

    def valued(label, tag, second, since, liabilities):
        """400,000 on a loan disbursed `since`, and a second loan (disbursed 2024): high value
        by balance, relationship and products."""
        cid = new(label, liabilities=Decimal(liabilities))
        add_loan(db, cid, balance="400000", no=f"{prefix}-{tag}1")
        add_loan(db, cid, balance=second, no=f"{prefix}-{tag}2")
        with db.uow(Actor.cli()) as uow:
            uow.session.get(Loan, uow.session.scalar(
                select(Loan.id).where(Loan.loan_no == f"{prefix}-{tag}1"))).disbursed_on = since
            uow.commit()
        return cid

    new("无贷款")
    add_loan(db, new("正常"), balance="50000", no=f"{prefix}-n")
    valued("优质", "v", "20000", date(2015, 3, 1), "10000")
    cid = valued("优质近期联系", "w", "30000", date(2016, 3, 1), "10000")
    add_contact(db, cid, NOW - timedelta(days=10))
    add_loan(db, new("逾期"), days=20, overdue="3000", no=f"{prefix}-o")
    cid = new("逾期久未联系")  # its reason counts the days since the contact: daily news
    add_loan(db, cid, days=40, overdue="2000", no=f"{prefix}-l")
    add_contact(db, cid, NOW - timedelta(days=35))
    cid = new("逾期近期联系")  # reached 25 days ago: news only once 30 days have passed
    add_loan(db, cid, days=20, overdue="2000", no=f"{prefix}-r")
    add_contact(db, cid, NOW - timedelta(days=25))
    add_loan(db, new("关注类"), five_tier=FiveTier.SPECIAL_MENTION, no=f"{prefix}-s")
    cid = new("违约承诺")
    add_loan(db, cid, no=f"{prefix}-b")
    add_contact(db, cid, NOW - timedelta(days=40), ContactOutcome.PROMISED,
                promise=(NOW - timedelta(days=30)).date())
    cid = new("失联")
    for days in (3, 5, 8):
        add_contact(db, cid, NOW - timedelta(days=days), ContactOutcome.NO_ANSWER)
    cid = new("一次未接")
    add_contact(db, cid, NOW - timedelta(days=3), ContactOutcome.NO_ANSWER)
    cid = new("投诉")
    with db.uow(Actor.cli()) as uow:
        uow.session.add(Feedback(customer_id=cid, kind=FeedbackKind.COMPLAINT, content="服务差",
                                 received_at=NOW - timedelta(days=5)))
        uow.commit()
    new("高负债", liabilities=Decimal("900000"))  # 8000 a month: 9.4 years of income
    new("边界负债", liabilities=Decimal("763000"))  # 7.95 years: rounds to 7.9, does not fire
    new("高风险地区", district="风险区")
    add_loan(db, new("临近到期"), balance="250000", no=f"{prefix}-m")
    with db.uow(Actor.cli()) as uow:
        uow.session.get(Loan, uow.session.scalar(
            select(Loan.id).where(Loan.loan_no == f"{prefix}-m"))).maturity_on = \
            NOW.date() + timedelta(days=20)
        uow.commit()
    cid = new("资金周转")
    add_loan(db, cid, no=f"{prefix}-p")
    with db.uow(Actor.cli()) as uow:
        uow.session.get(Loan, uow.session.scalar(
            select(Loan.id).where(Loan.loan_no == f"{prefix}-p"))).purpose = "资金周转"
        uow.commit()
    cid = new("收入下降")
    with db.uow(Actor.cli()) as uow:
        for as_of, income in ((date(2025, 10, 1), "10000"), (date(2026, 4, 1), "5000")):
            uow.session.add(FinancialSnapshot(customer_id=cid, as_of=as_of,
                                              monthly_income=Decimal(income)))
        uow.commit()
    # high value (balance, 11 years, two loans, clean record) and a rising risk (income down,
    # heavy debt: 23 points, 中): 重点关注, revisited every 30 days; not overdue, so a later day
    # reads the same of it and the rules can be skipped
    cid = valued("优质关注", "f", "20000", date(2015, 3, 1), "900000")
    with db.uow(Actor.cli()) as uow:
        for as_of, income in ((date(2025, 10, 1), "10000"), (date(2026, 4, 1), "6000")):
            uow.session.add(FinancialSnapshot(customer_id=cid, as_of=as_of,
                                              monthly_income=Decimal(income)))
        uow.commit()
    return ids


def state(db, ids):
    """What a manager would see of each customer, keyed by label."""
    out = {}
    with db.sessions() as s:
        for label, cid in ids.items():
            c = s.get(Customer, cid)
            history = [(h.score, h.level, h.reasons) for h in s.scalars(
                select(RiskScore).where(RiskScore.customer_id == cid).order_by(RiskScore.id))]
            alerts = sorted((a.rule_code, a.level, a.reason, a.status) for a in s.scalars(
                select(RiskAlert).where(RiskAlert.customer_id == cid)))
            tasks = sorted((t.title.replace(c.name, "*"), t.note, t.due_on, t.status)
                           for t in s.scalars(select(Task).where(
                               Task.customer_id == cid, Task.kind == TaskKind.REVISIT)))
            out[label] = (c.risk_score, c.risk_level, c.risk_rule_version, c.risk_reasons,
                          c.segment, c.total_balance, c.overdue_amount, c.max_overdue_days,
                          c.worst_class, c.last_contact_at, c.next_follow_up, history, alerts,
                          tasks)
    return out


def loan_id(db, no):
    with db.sessions() as s:
        return s.scalar(select(Loan.id).where(Loan.loan_no == no))


def test_fast_path_and_full_evaluation_agree(db):
    branch = factories.branch(db)
    owner = factories.user(db, "jingli01", Role.MANAGER, branch)
    admin = factories.user(db, "admin", Role.ADMIN)
    with db.uow(admin) as uow:
        rs = ensure_rule_set(uow)
        save_rule_set(uow, replace(rs, districts={"风险区": 6}), "地区权重")
        uow.commit()
    fast, full = population(db, owner, "甲"), population(db, owner, "乙")
    a = recompute(db, Actor.cli(), list(fast.values()), now=NOW)
    b = recompute(db, Actor.cli(), list(full.values()), now=NOW, fast=False)
    assert "quiet_scores" in a.phases and "quiet_scores" not in b.phases  # both paths ran
    assert (a.customers, a.changed, a.alerts, a.tasks, a.levels) == \
        (b.customers, b.changed, b.alerts, b.tasks, b.levels)
    first = state(db, fast)
    assert first == state(db, full)
    # the population covers both paths: quiet customers and ones the rules must see
    assert first["无贷款"][:5] == (0, first["无贷款"][1], 2, [], "常规维护")
    assert first["优质"][4] == "优质维护" and first["优质"][13]  # due for a revisit
    assert first["优质近期联系"][4] == "优质维护" and not first["优质近期联系"][13]
    assert first["一次未接"][0] == 0 and first["边界负债"][0] == 0
    for label in ("逾期", "关注类", "违约承诺", "失联", "投诉", "高负债", "高风险地区", "临近到期",
                  "资金周转", "收入下降"):
        assert first[label][0] > 0, label

    # changes: one pays up, one falls overdue, one gets a second product
    for ids, prefix in ((fast, "甲"), (full, "乙")):
        with db.uow(Actor.cli()) as uow:
            paid = uow.session.get(Loan, loan_id(db, f"{prefix}-o"))
            paid.overdue_days, paid.overdue_amount = 0, Decimal("0")
            late = uow.session.get(Loan, loan_id(db, f"{prefix}-n"))
            late.overdue_days, late.overdue_amount = 95, Decimal("9000")
            uow.commit()
        add_loan(db, ids["无贷款"], balance="1000", no=f"{prefix}-new")
    later = NOW + timedelta(days=1)
    a = recompute(db, Actor.cli(), list(fast.values()), now=later)
    b = recompute(db, Actor.cli(), list(full.values()), now=later, fast=False)
    assert (a.changed, a.alerts, a.tasks) == (b.changed, b.alerts, b.tasks)
    second = state(db, fast)
    assert second == state(db, full)
    assert second["逾期"][0] == 0 and len(second["逾期"][11]) == 2  # back to 0: charted
    assert second["正常"][1] is not first["正常"][1]
    assert "已 36 天未联系上客户" in str(second["逾期久未联系"][3])
    # a full fast recompute over both finds nothing left to write
    again = recompute(db, Actor.cli(), now=later)
    assert (again.changed, again.alerts, again.tasks, again.loans_suggested) == (0, 0, 0, 0)
    assert again.skipped >= 8  # read the same as last time: the rules were not run for them
    assert state(db, fast) == second and state(db, full) == second

    # 40 days on, every revisit task done: customers whose data did not move are skipped by
    # the rules, and still get their next revisit, as running the rules would give them
    with db.uow(Actor.cli()) as uow:
        for t in uow.session.scalars(select(Task).where(Task.kind == TaskKind.REVISIT)):
            t.status = TaskStatus.DONE
        uow.commit()
    later = NOW + timedelta(days=41)
    a = recompute(db, Actor.cli(), list(fast.values()), now=later)
    b = recompute(db, Actor.cli(), list(full.values()), now=later, fast=False)
    assert a.skipped >= 1 and b.skipped == 0
    assert (a.changed, a.alerts, a.tasks) == (b.changed, b.alerts, b.tasks)
    third = state(db, fast)
    assert third == state(db, full)
    assert third["优质关注"][4] == "重点关注" and third["优质关注"][1] is RiskLevel.MEDIUM
    assert "未联系上客户" not in str(second["逾期近期联系"][3])
    assert "已 66 天未联系上客户" in str(third["逾期近期联系"][3])
    assert [t[3] for t in third["优质关注"][13]] == [TaskStatus.DONE, TaskStatus.OPEN]
