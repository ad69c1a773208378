"""Risk recompute, alerts and their workflow, segments and revisit tasks, overrides, scope."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from crm.domain.actors import Actor
from crm.domain.enums import (
    AlertAction, AlertStatus, ContactChannel, ContactDirection, ContactOutcome, ContactParty,
    FiveTier, PromiseStatus, RiskLevel, Role, TaskKind, TaskStatus,
)
from crm.domain.errors import NotFoundError, PermissionDenied, ValidationError
from crm.domain.identity import make_id_number
from crm.domain.risk import LEVEL_UP
from crm.importing import engine, fields, reader
from crm.models import (
    AuditEvent, ContactRecord, Customer, Loan, RiskAlert, RiskRuleSetVersion,
    RiskScore, Task,
)
from crm.queries.risk import AlertFilter, alert_detail, alert_page, customer_risk, \
    loan_classes, score_history, segment_matrix
from crm.services import alerts
from crm.services.risk import current_rule_set, ensure_rule_set, recompute, save_rule_set
from crm.services.tasks import refresh_next_follow_ups
from tests import factories

# Friday 2026-05-08, 10:00 in Beijing
NOW = datetime(2026, 5, 8, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def branch(db):
    return factories.branch(db)


@pytest.fixture
def manager(db, branch):
    return factories.user(db, "jingli01", Role.MANAGER, branch, display_name="陈静")


@pytest.fixture
def other(db, branch):
    return factories.user(db, "jingli02", Role.MANAGER, branch, display_name="张伟")


@pytest.fixture
def supervisor(db, branch):
    return factories.user(db, "zhuguan", Role.SUPERVISOR, branch, display_name="王芳")


def add_loan(db, customer_id, days=0, overdue="0", balance="100000", five_tier=FiveTier.NORMAL,
             no=None, collateral="住房抵押"):
    with db.uow(Actor.cli()) as uow:
        loan = Loan(loan_no=no or f"JJ{customer_id}-{days}-{balance}", customer_id=customer_id,
                    balance=Decimal(balance), overdue_days=days, overdue_amount=Decimal(overdue),
                    five_tier=five_tier, collateral=collateral,
                    disbursed_on=date(2024, 1, 1), maturity_on=date(2028, 1, 1))
        uow.session.add(loan)
        uow.commit()
        return loan.id


def add_contact(db, customer_id, at, outcome=ContactOutcome.CONNECTED, promise=None):
    with db.uow(Actor.cli()) as uow:
        uow.session.add(ContactRecord(
            customer_id=customer_id, channel=ContactChannel.PHONE,
            direction=ContactDirection.OUTBOUND, party=ContactParty.BORROWER, contacted_at=at,
            outcome=outcome, summary="", promise_amount=Decimal("1000") if promise else None,
            promise_date=promise, promise_status=PromiseStatus.BROKEN if promise else None))
        uow.commit()


def get(db, model, ident):
    with db.sessions() as s:
        return s.get(model, ident)


def count(db, stmt):
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(stmt.subquery()))


@pytest.fixture
def overdue_customer(db, manager):
    """95 days overdue, two broken promises this quarter, last reached 35 days ago."""
    cid = factories.customer(db, "赵六", owner=manager)
    add_loan(db, cid, days=95, overdue="60000", balance="100000", five_tier=FiveTier.SPECIAL_MENTION)
    for ago in (20, 50):
        add_contact(db, cid, NOW - timedelta(days=ago + 15), ContactOutcome.PROMISED,
                    promise=(NOW - timedelta(days=ago)).date())
    return cid


def test_recompute_scores_explains_and_keeps_the_summary_in_step(db, manager, overdue_customer):
    clean = factories.customer(db, "钱七", owner=manager)
    add_loan(db, clean, balance="50000")
    result = recompute(db, Actor.cli(), now=NOW)
    assert result.customers == 2 and result.version == 1
    c = get(db, Customer, overdue_customer)
    texts = [r["text"] for r in c.risk_reasons]
    assert texts[:2] == ["逾期 95 天", "近 90 天承诺还款两次未履行"]
    assert "已 35 天未联系上客户" in texts and "逾期金额 60,000 元" in texts
    assert c.risk_level is RiskLevel.CRITICAL and c.risk_score == 85 and c.risk_rule_version == 1
    assert c.segment == "清收处置" and c.max_overdue_days == 95
    assert c.overdue_amount == Decimal("60000.00") and c.worst_class is FiveTier.SPECIAL_MENTION
    assert c.version == 1  # derived columns do not bump the row's version
    loan = loan_classes(db_session := db.sessions(), Actor.cli(), overdue_customer)[0]
    db_session.close()
    assert loan.suggested is FiveTier.SUBSTANDARD and loan.disagrees
    assert loan.next_class is FiveTier.DOUBTFUL and loan.days_to_next == 176
    quiet = get(db, Customer, clean)
    assert quiet.risk_score == 0 and quiet.risk_level is RiskLevel.LOW
    assert quiet.segment == "常规维护" and quiet.risk_reasons == []
    with db.sessions() as s:
        history = score_history(s, Actor.cli(), overdue_customer)
        assert [(p.score, p.version) for p in history] == [(85, 1)]
        assert score_history(s, Actor.cli(), clean) == []  # nothing to chart for a clean one
        risk = customer_risk(s, Actor.cli(), overdue_customer)
        assert risk.reasons[0].reason == "逾期 95 天 (+30)" and "上门催收" in risk.strategy
    with db.sessions() as s:
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "risk_recompute")).all()
    assert len(audit) == 1 and "2 位客户" in audit[0].summary


def test_recompute_is_deterministic_and_writes_nothing_the_second_time(db, manager,
                                                                      overdue_customer):
    first = recompute(db, Actor.cli(), now=NOW)
    before = get(db, Customer, overdue_customer)
    second = recompute(db, Actor.cli(), now=NOW)
    after = get(db, Customer, overdue_customer)
    assert (second.changed, second.alerts, second.tasks, second.loans_suggested) == (0, 0, 0, 0)
    assert (after.risk_score, after.risk_reasons, after.segment) == \
        (before.risk_score, before.risk_reasons, before.segment)
    assert count(db, select(RiskScore)) == first.history_rows == 1


def test_alerts_are_raised_once_and_again_only_after_closing(db, manager, overdue_customer):
    recompute(db, Actor.cli(), now=NOW)
    with db.sessions() as s:
        raised = {a.rule_code: a for a in s.scalars(select(RiskAlert))}
    assert set(raised) == {"overdue_days", "broken_promises"}
    a = raised["overdue_days"]
    assert a.status is AlertStatus.NEW and a.assignee_id == manager.user_id
    assert a.reason == "逾期 95 天 (+30)" and a.level is RiskLevel.HIGH
    assert a.respond_by == datetime(2026, 5, 13, 16, 0, tzinfo=timezone.utc)  # 3 working days
    # the rule stops firing and fires again while its alert is still open: no duplicate
    # (as a recompute that found it not firing would have left the customer)
    stopped = {"risk_reasons": [], "risk_inputs": None}
    with db.uow(Actor.cli()) as uow:
        for k, v in stopped.items():
            setattr(uow.session.get(Customer, overdue_customer), k, v)
        uow.commit()
    recompute(db, Actor.cli(), now=NOW)
    assert count(db, select(RiskAlert)) == 2
    with db.uow(manager) as uow:
        alerts.close_alert(uow, a.id, AlertStatus.RESOLVED, "已上门，客户已还清", now=NOW)
        uow.commit()
    with db.uow(Actor.cli()) as uow:
        for k, v in stopped.items():
            setattr(uow.session.get(Customer, overdue_customer), k, v)
        uow.commit()
    recompute(db, Actor.cli(), now=NOW)
    assert count(db, select(RiskAlert).where(RiskAlert.rule_code == "overdue_days")) == 2


def test_a_rising_level_raises_an_alert(db, manager):
    cid = factories.customer(db, "孙八", owner=manager)
    loan = add_loan(db, cid, days=65, overdue="1000", balance="100000")
    recompute(db, Actor.cli(), now=NOW)
    with db.uow(Actor.cli()) as uow:
        uow.session.get(Loan, loan).overdue_days = 200
        uow.commit()
    recompute(db, Actor.cli(), now=NOW + timedelta(days=1))
    with db.sessions() as s:
        up = s.scalar(select(RiskAlert).where(RiskAlert.rule_code == LEVEL_UP))
    assert up is not None and "升至" in up.reason and up.level in (RiskLevel.HIGH,
                                                                  RiskLevel.CRITICAL)


def test_workflow_steps_record_who_when_and_the_note(db, manager, supervisor, overdue_customer):
    recompute(db, Actor.cli(), now=NOW)
    with db.sessions() as s:
        alert_id = s.scalar(select(RiskAlert.id).where(RiskAlert.rule_code == "overdue_days"))
    with db.uow(manager) as uow:
        alerts.acknowledge(uow, alert_id, "已收到", now=NOW)
        view = alerts.take_action(uow, alert_id, AlertAction.VISIT, "周一上门", now=NOW)
        assert view.status is AlertStatus.IN_PROGRESS and view.action is AlertAction.VISIT
        with pytest.raises(ValidationError, match="说明"):
            alerts.close_alert(uow, alert_id, AlertStatus.RESOLVED, " ", now=NOW)
        alerts.close_alert(uow, alert_id, AlertStatus.RESOLVED, "已签还款计划", now=NOW)
        uow.commit()
    with db.sessions() as s:
        detail = alert_detail(s, manager, alert_id, NOW)
        tasks = s.scalars(select(Task).where(Task.kind == TaskKind.VISIT)).all()
    steps = [(e.status, e.action, e.user_name, e.note) for e in detail.events]
    assert steps[0][2] == "系统" and steps[1:] == [
        (AlertStatus.ACKNOWLEDGED, None, "陈静", "已收到"),
        (AlertStatus.IN_PROGRESS, AlertAction.VISIT, "陈静", "周一上门"),
        (AlertStatus.RESOLVED, None, "陈静", "已签还款计划")]
    assert len(tasks) == 1 and tasks[0].owner_id == manager.user_id
    with db.uow(manager) as uow, pytest.raises(ValidationError, match="不能改为"):
        alerts.acknowledge(uow, alert_id, now=NOW)
    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity == "risk_alerts")).all()
    assert len(events) >= 3  # each step is in the audit trail


def test_missed_response_times_escalate_with_a_fake_clock(db, manager, supervisor,
                                                          overdue_customer):
    recompute(db, Actor.cli(), now=NOW)
    with db.sessions() as s:
        ids = dict(s.execute(select(RiskAlert.rule_code, RiskAlert.id)).tuples().all())
    with db.uow(manager) as uow:
        alerts.acknowledge(uow, ids["broken_promises"], now=NOW)
        uow.commit()
    wednesday_evening = datetime(2026, 5, 13, 15, 0, tzinfo=timezone.utc)  # 23:00 Beijing
    with db.uow(Actor.cli()) as uow:
        assert alerts.escalate_overdue(uow, wednesday_evening) == 0
        uow.commit()
    thursday = datetime(2026, 5, 13, 16, 30, tzinfo=timezone.utc)
    with db.uow(Actor.cli()) as uow:
        assert alerts.escalate_overdue(uow, thursday) == 1
        assert alerts.escalate_overdue(uow, thursday) == 0  # once
        uow.commit()
    with db.sessions() as s:
        total, rows = alert_page(s, supervisor, AlertFilter(escalated_only=True), thursday)
        assert total == 1 and rows[0].rule_code == "overdue_days" and rows[0].overdue(thursday)
        detail = alert_detail(s, supervisor, rows[0].id, thursday)
    assert detail.events[-1].action is AlertAction.ESCALATE
    assert get(db, RiskAlert, ids["broken_promises"]).escalated is False


def test_bulk_acknowledge_and_scope(db, manager, other, supervisor, overdue_customer):
    theirs = factories.customer(db, "周九", owner=other)
    add_loan(db, theirs, days=200, overdue="5000")
    recompute(db, Actor.cli(), now=NOW)
    with db.sessions() as s:
        mine_total, mine = alert_page(s, manager, AlertFilter(), NOW)
        branch_total, everything = alert_page(s, supervisor, AlertFilter(), NOW)
        others = [a.id for a in everything if a.customer_id == theirs]
        assert {a.customer_id for a in mine} == {overdue_customer}
        assert branch_total > mine_total
        with pytest.raises(NotFoundError):
            alert_detail(s, manager, others[0], NOW)
        cells = {r.name: r.total.count for r in segment_matrix(s, manager)}
        assert sum(cells.values()) == 1
    with db.uow(manager) as uow:
        assert alerts.bulk_acknowledge(uow, [a.id for a in everything], now=NOW) == mine_total
        uow.commit()
    with db.uow(factories.user(db, "shenji", Role.AUDITOR)) as uow, \
            pytest.raises(PermissionDenied):
        alerts.bulk_acknowledge(uow, others, now=NOW)
    with db.sessions() as s:
        high = alert_page(s, supervisor, AlertFilter(levels=(RiskLevel.CRITICAL,)), NOW)[1]
        assert high and all(a.level is RiskLevel.CRITICAL for a in high)


def test_cadence_tasks_are_created_once(db, manager):
    cid = factories.customer(db, "吴十", owner=manager)
    add_loan(db, cid, days=20, overdue="3000")
    add_contact(db, cid, NOW - timedelta(days=30))
    recompute(db, Actor.cli(), now=NOW)
    recompute(db, Actor.cli(), now=NOW + timedelta(days=1))
    with db.sessions() as s:
        tasks = s.scalars(select(Task).where(Task.kind == TaskKind.REVISIT)).all()
        c = s.get(Customer, cid)
    assert len(tasks) == 1 and tasks[0].owner_id == manager.user_id
    assert tasks[0].title == "定期回访 吴十（风险化解，每 14 天）"
    assert c.next_follow_up == tasks[0].due_on == date(2026, 5, 8)
    with db.uow(manager) as uow:
        uow.session.get(Task, tasks[0].id).status = TaskStatus.DONE
        uow.commit()
    add_contact(db, cid, NOW + timedelta(days=1))  # the revisit happened
    recompute(db, Actor.cli(), now=NOW + timedelta(days=2))
    assert count(db, select(Task).where(Task.kind == TaskKind.REVISIT)) == 1


def test_a_revisit_task_brings_the_next_follow_up_forward_only(db, manager):
    today = date(2026, 5, 8)                   # NOW's day in Beijing
    sooner, later = (factories.customer(db, n, owner=manager) for n in ("早跟进", "晚跟进"))
    for cid, due in ((sooner, today - timedelta(days=2)), (later, today + timedelta(days=10))):
        add_loan(db, cid, days=20, overdue="3000")
        add_contact(db, cid, NOW - timedelta(days=30))
        with db.uow(manager) as uow:
            uow.session.add(Task(kind=TaskKind.FOLLOW_UP, title="回访", customer_id=cid,
                                 owner_id=manager.user_id, due_on=due))
            uow.session.flush()
            refresh_next_follow_ups(uow.session, [cid])
            uow.commit()
    recompute(db, Actor.cli(), now=NOW)
    with db.sessions() as s:
        assert count(db, select(Task).where(Task.kind == TaskKind.REVISIT)) == 2
        assert s.get(Customer, sooner).next_follow_up == today - timedelta(days=2)
        assert s.get(Customer, later).next_follow_up == today


def test_incremental_recompute_runs_after_an_import(db, manager, tmp_path):
    number = make_id_number("330106", date(1981, 2, 3), 12)
    wb = Workbook()
    wb.active.append(["客户名称", "证件号码", "借据号", "贷款余额", "逾期天数", "逾期金额"])
    wb.active.append(["甲", number, "L1", 80000, 120, 80000])
    wb.save(tmp_path / "q.xlsx")
    src = reader.open_source(tmp_path / "q.xlsx")
    engine.run_import(db, Actor.cli(), src, fields.detect_mapping(src.headers))
    with db.sessions() as s:
        c = s.scalar(select(Customer).where(Customer.id_number == number))
        loan = s.scalar(select(Loan).where(Loan.loan_no == "L1"))
    assert c.risk_level is RiskLevel.HIGH or c.risk_level is RiskLevel.CRITICAL
    assert c.segment == "清收处置" and loan.suggested_class is FiveTier.SUBSTANDARD
    assert count(db, select(RiskAlert).where(RiskAlert.customer_id == c.id)) >= 1


def test_rule_edits_make_a_new_audited_version(db, manager, overdue_customer):
    from dataclasses import replace

    admin = factories.user(db, "admin", Role.ADMIN)
    with db.uow(admin) as uow:
        rs = ensure_rule_set(uow)
        rule = replace(rs.rule("overdue_days"), enabled=False)
        saved = save_rule_set(uow, replace(rs.with_rule(rule), districts={"西湖区": 7}),
                              "停用逾期天数规则")
        uow.commit()
    assert saved.version == 2
    with db.uow(manager) as uow, pytest.raises(PermissionDenied):
        save_rule_set(uow, saved)
    with db.uow(admin) as uow, pytest.raises(ValidationError, match="等级分界"):
        save_rule_set(uow, replace(saved, levels={"medium": 90, "high": 40, "critical": 70}))
    result = recompute(db, Actor.cli(), now=NOW)
    c = get(db, Customer, overdue_customer)
    codes = {r["code"] for r in c.risk_reasons}
    assert result.version == 2 and c.risk_rule_version == 2
    assert "overdue_days" not in codes and "district_risk" in codes
    with db.sessions() as s:
        assert current_rule_set(s).version == 2
        assert s.scalar(select(func.count()).select_from(RiskRuleSetVersion)) == 2
        edits = s.scalars(select(AuditEvent).where(AuditEvent.entity == "risk_rules",
                                                   AuditEvent.action == "update")).all()
    assert edits and edits[0].after == {"enabled": False}


def test_class_override_needs_a_reason_and_a_supervisor(db, manager, supervisor,
                                                       overdue_customer):
    recompute(db, Actor.cli(), now=NOW)
    with db.sessions() as s:
        loan_id = s.scalar(select(Loan.id).where(Loan.customer_id == overdue_customer))
    with db.uow(manager) as uow:
        with pytest.raises(ValidationError, match="理由"):
            alerts.propose_class_override(uow, loan_id, FiveTier.SPECIAL_MENTION, "")
        alerts.propose_class_override(uow, loan_id, FiveTier.SPECIAL_MENTION, "已签展期协议")
        uow.commit()
    with db.uow(manager) as uow, pytest.raises(PermissionDenied):
        alerts.confirm_class_override(uow, loan_id)
    with db.uow(supervisor) as uow:
        alerts.confirm_class_override(uow, loan_id)
        uow.commit()
    loan = get(db, Loan, loan_id)
    assert loan.class_override is FiveTier.SPECIAL_MENTION
    assert loan.class_override_confirmed_by == supervisor.user_id
    assert loan.suggested_class is FiveTier.SUBSTANDARD  # the suggestion stays as it was
    with db.sessions() as s:
        trail = s.scalars(select(AuditEvent).where(AuditEvent.entity == "loans",
                                                   AuditEvent.action == "update")).all()
    assert [set(e.after) for e in trail] == [
        {"class_override", "class_override_reason", "class_override_by"},
        {"class_override_confirmed_by"}]


def test_cancel_keeps_finished_batches_whole(db, manager):
    ids = [factories.customer(db, f"客户{i}", owner=manager) for i in range(4)]
    for cid in ids:
        add_loan(db, cid, days=40, overdue="100")
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1
    result = recompute(db, Actor.cli(), now=NOW, batch=2, cancel=cancel)
    assert result.cancelled and result.customers == 2
    with db.sessions() as s:
        scored = s.scalars(select(Customer.id).where(Customer.risk_level.is_not(None))).all()
    assert sorted(scored) == sorted(ids)[:2]
