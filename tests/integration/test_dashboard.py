"""报表: every figure of every panel against a small hand-built branch, and its drill-down."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import text, update

from crm.domain.actors import Actor
from crm.domain.compliance import SHANGHAI
from crm.domain.enums import (
    Adoption, AlertStatus, ContactChannel as CC, ContactDirection, ContactOutcome as CO,
    ContactParty, FeedbackKind, FiveTier, LoanStatus, PlanMethod, PlanStatus, PromiseStatus,
    RiskLevel, Role, SurveyChannel, TaskKind, TaskStatus, VisitPurpose, VisitStatus,
)
from crm.models import (
    ContactRecord, Customer, Feedback, FinancialSnapshot, Loan, RepaymentPlan, RiskAlert, Task,
    VisitPlan, VisitStaff,
)
from crm.queries.dashboard import (
    DashboardFilter, dashboard, drill, drill_rows, filter_choices, manager_table, notable_cases,
    portfolio, risk_panel, satisfaction_panel, work_panel,
)
from crm.queries.surveys import loop_figures
from crm.services import surveys as sv
from tests import factories

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=timezone.utc)
NOV = DashboardFilter.month(2026, 11)
D = Decimal


def local(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


class W:
    pass


@pytest.fixture
def world(db):
    west = factories.branch(db, "0101", "西湖支行")
    east = factories.branch(db, "0202", "上城支行")
    w = W()
    w.db, w.west, w.east = db, west, east
    w.wang = factories.user(db, "wang", Role.MANAGER, west, "王经理")
    w.zhao = factories.user(db, "zhao", Role.MANAGER, west, "赵经理")
    w.qian = factories.user(db, "qian", Role.MANAGER, east, "钱经理")
    w.boss = factories.user(db, "boss", Role.SUPERVISOR, west, "李主管")
    w.admin = factories.user(db, "admin", Role.ADMIN)
    w.c1 = factories.customer(db, "王一", w.wang, overdue_days=45)
    w.c2 = factories.customer(db, "王二", w.wang)
    w.c3 = factories.customer(db, "赵三", w.zhao, overdue_days=200)
    w.c4 = factories.customer(db, "钱四", w.qian, overdue_days=10)
    with db.uow(Actor.cli()) as uow:
        s = uow.session
        for cid, amount, level in ((w.c1, "1000", RiskLevel.HIGH), (w.c2, "0", RiskLevel.LOW),
                                   (w.c3, "5000", RiskLevel.CRITICAL), (w.c4, "400", None)):
            s.execute(update(Customer).where(Customer.id == cid)
                      .values(overdue_amount=D(amount), risk_level=level))
        loans = [("L1", w.c1, "10000", 45, "1000", FiveTier.SPECIAL_MENTION, None, "active"),
                 ("L2", w.c2, "20000", 0, "0", FiveTier.NORMAL, None, "active"),
                 ("L3", w.c2, "5000", 0, "0", FiveTier.NORMAL, None, "settled"),
                 ("L4", w.c3, "30000", 200, "5000", FiveTier.DOUBTFUL, FiveTier.LOSS, "active"),
                 ("L5", w.c4, "40000", 10, "400", FiveTier.SPECIAL_MENTION, None, "active")]
        for no, cid, bal, days, amt, tier, override, status in loans:
            s.add(Loan(loan_no=no, customer_id=cid, balance=D(bal), overdue_days=days,
                       overdue_amount=D(amt), five_tier=tier, class_override=override,
                       status=LoanStatus(status)))
        for cid, day, days, amt in ((w.c1, date(2026, 10, 20), 20, "1500"),
                                    (w.c1, date(2026, 11, 25), 45, "1000"),
                                    (w.c2, date(2026, 10, 31), 0, "0"),
                                    (w.c2, date(2026, 11, 30), 0, "0"),
                                    (w.c4, date(2026, 10, 1), 0, "0"),
                                    (w.c4, date(2026, 11, 15), 10, "400")):
            s.add(FinancialSnapshot(customer_id=cid, as_of=day, max_overdue_days=days,
                                    overdue_amount=D(amt), source="import"))
        for cid, raised, status, level, respond in (
                (w.c1, local(2026, 11, 30), AlertStatus.NEW, RiskLevel.HIGH, local(2026, 12, 1)),
                (w.c3, local(2026, 11, 10), AlertStatus.IN_PROGRESS, RiskLevel.CRITICAL,
                 local(2026, 11, 11)),
                (w.c1, local(2026, 8, 1), AlertStatus.ACKNOWLEDGED, RiskLevel.MEDIUM, None),
                (w.c2, local(2026, 11, 5), AlertStatus.RESOLVED, RiskLevel.LOW, None),
                (w.c4, local(2026, 11, 20), AlertStatus.NEW, RiskLevel.HIGH, local(2026, 11, 21))):
            s.add(RiskAlert(customer_id=cid, rule_code="overdue", level=level, status=status,
                            raised_at=raised, respond_by=respond))
        contacts = [
            (w.c1, w.wang, CC.PHONE, CO.PROMISED, local(2026, 11, 5), PromiseStatus.KEPT, "500"),
            (w.c1, w.wang, CC.PHONE, CO.NO_ANSWER, local(2026, 11, 6), None, None),
            (w.c2, w.wang, CC.WECHAT, CO.PROMISED, local(2026, 11, 10), PromiseStatus.BROKEN, "300"),
            (w.c3, w.zhao, CC.VISIT, CO.CONNECTED, local(2026, 11, 12), None, None),
            (w.c3, w.zhao, CC.PHONE, CO.PROMISED, local(2026, 11, 20), PromiseStatus.PENDING, "200"),
            # the period's edges are Beijing days: 31 Oct 20:00 is out, 30 Nov 23:30 is in
            (w.c3, w.zhao, CC.SMS, CO.OTHER, local(2026, 10, 31, 20), None, None),
            (w.c3, w.zhao, CC.SMS, CO.OTHER, local(2026, 11, 30, 23, 30), None, None),
            (w.c4, w.qian, CC.PHONE, CO.COMPLAINT, local(2026, 11, 3), None, None),
        ]
        for cid, who, ch, out, at, promise, amt in contacts:
            s.add(ContactRecord(customer_id=cid, user_id=who.user_id, channel=ch,
                                direction=ContactDirection.OUTBOUND, party=ContactParty.BORROWER,
                                contacted_at=at, outcome=out, summary="客户表示不满" if out is CO.COMPLAINT else "",
                                promise_status=promise,
                                promise_amount=D(amt) if amt else None,
                                promise_date=date(2026, 11, 25) if amt else None))
        visits = [(w.c1, date(2026, 11, 8), VisitStatus.REVIEWED, True, "1000", False),
                  (w.c3, date(2026, 11, 12), VisitStatus.NOT_MET, False, None, True),
                  (w.c2, date(2026, 11, 28), VisitStatus.APPOINTED, None, None, False),
                  (w.c2, date(2026, 11, 15), VisitStatus.CANCELLED, None, None, False),
                  (w.c1, date(2026, 12, 5), VisitStatus.DRAFT, None, None, False),
                  (w.c1, date(2026, 10, 1), VisitStatus.REVIEWED, True, "2000", False),
                  (w.c4, date(2026, 11, 9), VisitStatus.VISITED, True, None, False)]
        for cid, day, status, met, at_visit, safety in visits:
            v = VisitPlan(customer_id=cid, planned_on=day, purpose=VisitPurpose.NEGOTIATE,
                          status=status, met_customer=met, safety_incident=safety,
                          safety_note="客户情绪激动，推搡走访人员" if safety else None,
                          visited_at=local(day.year, day.month, day.day) if met is not None else None,
                          overdue_at_visit=D(at_visit) if at_visit else None,
                          overdue_days_at_visit=30 if at_visit else None)
            s.add(v)
            s.flush()
            owner = {w.c1: w.wang, w.c2: w.wang, w.c3: w.zhao, w.c4: w.qian}[cid]
            s.add(VisitStaff(visit_id=v.id, user_id=owner.user_id, lead=True))
        for cid, status in ((w.c1, PlanStatus.ACTIVE), (w.c3, PlanStatus.DEFAULTED),
                            (w.c2, PlanStatus.SETTLED), (w.c2, PlanStatus.DRAFT),
                            (w.c4, PlanStatus.ACTIVE)):
            s.add(RepaymentPlan(customer_id=cid, arrears_amount=D("1000"), instalment_count=3,
                                method=PlanMethod.EQUAL, first_due_on=date(2026, 12, 1),
                                status=status))
        for who, due, status in ((w.wang, date(2026, 12, 1), TaskStatus.OPEN),
                                 (w.wang, date(2026, 12, 10), TaskStatus.OPEN),
                                 (w.wang, date(2026, 11, 1), TaskStatus.DONE),
                                 (w.zhao, date(2026, 11, 20), TaskStatus.OPEN),
                                 (w.qian, date(2026, 11, 20), TaskStatus.OPEN)):
            s.add(Task(kind=TaskKind.FOLLOW_UP, title="跟进", owner_id=who.user_id, due_on=due,
                       status=status))
        for cid, adoption in ((w.c1, Adoption.ADOPTED), (w.c2, Adoption.NOT_ADOPTED),
                              (w.c3, None), (w.c4, Adoption.IMPLEMENTED)):
            s.add(Feedback(customer_id=cid, kind=FeedbackKind.SUGGESTION, content="建议延长营业时间",
                           received_at=local(2026, 11, 2), adoption=adoption))
        s.add(Feedback(customer_id=w.c3, kind=FeedbackKind.COMPLAINT, content="催收电话过多",
                       received_at=local(2026, 11, 21)))
        uow.commit()
    with db.uow(w.admin) as uow:
        w.t = sv.ensure_default_template(uow)
        uow.commit()
    _survey(w, w.c1, w.wang, likert=5, nps=10, q1=4)
    _survey(w, w.c2, w.wang, likert=4, nps=3, q1=1)     # NPS detractor; q1 at 1 opens a case
    _survey(w, w.c3, w.zhao, likert=4, nps=8, q1=3)
    return w


def _survey(w, cid, who, likert, nps, **by_seq):
    from crm.domain.enums import QuestionKind as K
    from crm.domain.surveys import AnswerInput

    answers = []
    for q in w.t.questions:
        if q.kind is K.LIKERT5:
            answers.append(AnswerInput(q.id, score=by_seq.get(f"q{q.seq}", likert)))
        elif q.kind is K.SCALE10:
            answers.append(AnswerInput(q.id, score=nps))
    with w.db.uow(who) as uow:
        sv.record_response(uow, who, sv.ResponseDraft(
            cid, SurveyChannel.PHONE, tuple(answers), w.t.id,
            collected_at=local(2026, 11, 16)), now=NOW)
        uow.commit()


def ask(w, actor, fn, flt=NOV, *args, **kw):
    with w.db.uow(actor) as uow:
        return fn(uow.session, actor, flt, *args, today=TODAY, **kw)


# --- portfolio ---------------------------------------------------------------------------------

def test_portfolio_of_the_supervisors_branch(world):
    p = ask(world, world.boss, portfolio)
    assert (p.customers, p.loans) == (3, 3)              # the settled loan and the east branch out
    assert p.balance == D("60000.00") and p.overdue_amount == D("6000.00")
    assert p.overdue_loans == 2 and p.overdue_balance == D("40000.00")
    assert p.overdue_rate == pytest.approx(40000 / 60000 * 100)
    buckets = {b.key: (b.count, b.amount) for b in p.buckets}
    assert list(buckets) == ["M0", "M1", "M2", "M3", "M4-M6", "M6+"]
    assert buckets["M0"] == (1, D("20000.00")) and buckets["M2"] == (1, D("10000.00"))
    assert buckets["M6+"] == (1, D("30000.00")) and buckets["M1"] == (0, D("0"))
    tiers = {t.label: t.count for t in p.tiers}
    # the confirmed override (损失) counts, not the recorded 可疑
    assert tiers == {"正常": 1, "关注": 1, "次级": 0, "可疑": 0, "损失": 1}
    # roll: 王一 M1 → M2, 王二 M0 → M0; 赵三 has no snapshot before November
    assert p.roll == {("M1", "M2"): 1, ("M0", "M0"): 1} and p.roll_unknown == 1
    from crm.domain.enums import Bucket
    assert p.roll_rate(Bucket.M1, Bucket.M2) == pytest.approx(100.0)


def test_admin_sees_both_branches_and_filters_by_branch_and_manager(world):
    w = world
    everything = ask(w, w.admin, portfolio)
    assert everything.customers == 4 and everything.balance == D("100000.00")
    assert everything.roll[("M0", "M1")] == 1          # 钱四 became overdue in November
    east = ask(w, w.admin, portfolio, DashboardFilter.month(2026, 11, branch_id=w.east))
    assert (east.customers, east.balance) == (1, D("40000.00"))
    zhao = ask(w, w.boss, portfolio, DashboardFilter.month(2026, 11, manager_id=w.zhao.user_id))
    assert (zhao.customers, zhao.overdue_amount) == (1, D("5000.00"))
    # a manager asking for another branch's manager sees nothing of it
    other = ask(w, w.wang, portfolio, DashboardFilter.month(2026, 11, manager_id=w.qian.user_id))
    assert other.customers == 0 and other.loans == 0


# --- risk --------------------------------------------------------------------------------------

def test_risk_panel(world):
    r = ask(world, world.boss, risk_panel)
    assert {s.label: s.count for s in r.levels} == {"低": 1, "中": 0, "高": 1, "极高": 1}
    assert r.new_alerts == 3
    assert {s.key: s.count for s in r.new_by_level} == {"low": 1, "medium": 0, "high": 1,
                                                        "critical": 1}
    assert {s.key: s.count for s in r.open_by_age} == {"0-7": 1, "8-30": 1, "31-90": 0, "90+": 1}
    assert r.open_alerts == 3 and r.breaching == 1     # 王一's new alert, past its respond-by


# --- work --------------------------------------------------------------------------------------

def test_work_panel_contacts_visits_promises_plans(world):
    k = ask(world, world.boss, work_panel)
    assert k.contacts == 6
    channels = {s.key: s.count for s in k.by_channel if s.count}
    assert channels == {"phone": 3, "wechat": 1, "visit": 1, "sms": 1}
    outcomes = {s.key: s.count for s in k.by_outcome if s.count}
    assert outcomes == {"promised": 3, "no_answer": 1, "connected": 1, "other": 1}
    assert k.channel_outcome[("phone", "promised")] == 2
    assert (k.visits_planned, k.visits_done, k.visits_not_met, k.visits_reviewed) == (3, 2, 1, 1)
    assert (k.promises_made, k.promises_kept, k.promises_broken, k.promises_pending) == (3, 1, 1, 1)
    assert k.kept_rate == pytest.approx(50.0) and k.promised_amount == D("1000.00")
    assert (k.plans_active, k.plans_completed, k.plans_defaulted, k.plans_other) == (1, 1, 1, 1)
    # November's visits: 30 days after them is still ahead of today
    assert k.effects.visits == 2 and k.effects.compared == (0, 0, 0)


def test_visit_effects_come_from_the_visits_report(world):
    october = DashboardFilter.month(2026, 10)
    e = ask(world, world.boss, work_panel, october).effects
    # 王一 visited 1 Oct with 2000 overdue: 1500 by 31 Oct (snapshot 20 Oct), 1000 by 30 Nov
    assert e.visits == 1 and e.compared == (1, 1, 0)
    assert e.at_visit[:2] == (D("2000.00"), D("2000.00")) and e.after[:2] == (D("1500.00"),
                                                                               D("1000.00"))
    assert e.change_pct(0) == pytest.approx(-25.0) and e.change_pct(1) == pytest.approx(-50.0)
    assert e.change_pct(2) is None
    narrowed = ask(world, world.boss, work_panel,
                   DashboardFilter.month(2026, 10, manager_id=world.zhao.user_id)).effects
    assert narrowed.visits == 0


# --- satisfaction ------------------------------------------------------------------------------

def test_satisfaction_panel(world):
    w = world
    s = ask(w, w.boss, satisfaction_panel)
    assert s.responses == 3
    assert s.nps == pytest.approx(0.0)                 # one promoter, one passive, one detractor
    nov = [t for t in s.trend if t.month == 202611][0]
    assert len(s.trend) == 12 and nov.responses == 3 and nov.nps == pytest.approx(0.0)
    assert s.trend[0].month == 202512 and s.trend[0].nps is None
    assert s.weakest is not None and s.weakest[0] == "服务效率"
    assert s.weakest[1] == pytest.approx((4 + 1 + 3) / 3)
    with w.db.uow(w.boss) as uow:
        loop = loop_figures(uow.session, w.boss, TODAY)
    assert s.cases_open == loop.cases_open == 1
    assert s.cases_overdue == loop.cases_overdue
    # the east branch's implemented suggestion is out of scope: 1 adopted of 2 decided
    assert (s.suggestions_decided, s.suggestions_adopted) == (2, 1)
    assert s.adoption_rate == pytest.approx(50.0)
    assert s.by_manager_nps[w.wang.user_id] == pytest.approx(0.0)     # 10 and 3


def test_satisfaction_empty_period(world):
    s = ask(world, world.boss, satisfaction_panel, DashboardFilter.month(2025, 1))
    assert s.responses == 0 and s.nps is None and s.csat is None and s.weakest is None


# --- per manager -------------------------------------------------------------------------------

def test_manager_table(world):
    w = world
    rows = {r.name: r for r in ask(w, w.boss, manager_table)}
    assert set(rows) == {"王经理", "赵经理"}
    wang, zhao = rows["王经理"], rows["赵经理"]
    assert (wang.customers, wang.overdue_customers, wang.overdue_amount) == (2, 1, D("1000.00"))
    assert (zhao.customers, zhao.overdue_customers, zhao.overdue_amount) == (1, 1, D("5000.00"))
    assert (wang.contacts, zhao.contacts) == (3, 3)
    assert (wang.visits, zhao.visits) == (1, 1)
    assert wang.kept_rate == pytest.approx(50.0) and zhao.kept_rate is None
    assert wang.nps == pytest.approx(0.0) and zhao.nps == pytest.approx(0.0)
    assert (wang.overdue_tasks, zhao.overdue_tasks) == (1, 1)
    mine = ask(w, w.wang, manager_table)
    assert [r.name for r in mine] == ["王经理"]


def test_dashboard_and_choices(world):
    w = world
    with w.db.uow(w.boss) as uow:
        d = dashboard(uow.session, w.boss, NOV, TODAY)
        branches, managers = filter_choices(uow.session, w.boss)
    assert d.portfolio.customers == 3 and len(d.managers) == 2
    assert [b.name for b in branches] == ["西湖支行"]
    assert sorted(m.name for m in managers) == ["王经理", "赵经理"]


# --- drill-down --------------------------------------------------------------------------------

@pytest.mark.parametrize("figure,key,names", [
    ("customers", None, {"王一", "王二", "赵三"}),
    ("overdue", None, {"王一", "赵三"}),
    ("bucket", "M2", {"王一"}),
    ("tier", "loss", {"赵三"}),
    ("roll", "M1>M2", {"王一"}),
    ("risk_level", "critical", {"赵三"}),
    ("alerts_new", None, {"王一", "王二", "赵三"}),
    ("alerts_age", "90+", {"王一"}),
    ("alerts_breaching", None, {"王一"}),
    ("channel", "wechat", {"王二"}),
    ("outcome", "promised", {"王一", "王二", "赵三"}),
    ("promises", "broken", {"王二"}),
    ("promises", "made", {"王一", "王二", "赵三"}),
    ("visits", "planned", {"王一", "王二", "赵三"}),
    ("visits", "not_met", {"赵三"}),
    ("visits", "reviewed", {"王一"}),
    ("plans", "defaulted", {"赵三"}),
])
def test_every_figure_drills_down_to_its_customers(world, figure, key, names):
    w = world
    with w.db.uow(w.boss) as uow:
        found = drill(uow.session, w.boss, NOV, figure, key, today=TODAY)
        rows = drill_rows(uow.session, w.boss, found.customer_ids)
    assert {r.name for r in rows} == names


def test_drill_gives_the_customer_list_filter_when_it_can(world):
    w = world
    with w.db.uow(w.boss) as uow:
        by_level = drill(uow.session, w.boss, NOV, "risk_level", "high", today=TODAY)
        by_manager = drill(uow.session, w.boss, NOV, "manager", str(w.zhao.user_id), today=TODAY)
        by_bucket = drill(uow.session, w.boss, NOV, "bucket", "M2", today=TODAY)
    assert by_level.list_definition == {"filter": {"risk_level": "high", "owner_id": None}}
    assert by_manager.list_definition == {"filter": {"owner_id": w.zhao.user_id}}
    assert by_bucket.list_definition is None          # loans in a bucket: the id list instead


def test_notable_cases(world):
    w = world
    with w.db.uow(w.boss) as uow:
        cases = notable_cases(uow.session, w.boss, NOV)
    kinds = [(c.kind, c.customer_name) for c in cases]
    # 王一 (45 days) and 赵三 (200 days) became overdue before November: not new
    assert ("安全事件", "赵三") in kinds and ("投诉", "赵三") in kinds
    assert not [k for k in kinds if k[0] == "新增逾期"]
    with w.db.uow(w.admin) as uow:
        everything = notable_cases(uow.session, w.admin, NOV)
    assert ("新增逾期", "钱四") in [(c.kind, c.customer_name) for c in everything]
    assert ("投诉", "钱四") in [(c.kind, c.customer_name) for c in everything]


# --- speed (migration 0006 and the shortcuts it allows) -----------------------------------------

def test_the_whole_book_shortcut_gives_the_figures_of_the_join(world, monkeypatch):
    """The admin's filter holds every customer, so the panels skip the join to customers;
    made to join anyway, every figure is the same."""
    import crm.queries.dashboard as dash

    w = world
    with w.db.uow(w.admin) as uow:
        short = dashboard(uow.session, w.admin, NOV, today=TODAY)
    monkeypatch.setattr(dash, "_whole_book", lambda *a, **kw: False)
    with w.db.uow(w.admin) as uow:
        joined = dashboard(uow.session, w.admin, NOV, today=TODAY)
    assert short == joined
    assert short.portfolio.customers == 4 and short.work.contacts == 7


def test_the_whole_book_is_every_customer_in_the_filter(world):
    from crm.queries.dashboard import _whole_book, customer_where

    w = world

    def whole(actor, **kw):
        with w.db.uow(actor) as uow:
            return _whole_book(uow.session, customer_where(actor, DashboardFilter.month(
                2026, 11, **kw)))

    assert whole(w.admin)
    assert not whole(w.admin, branch_id=w.west)            # 钱四 is in the other branch
    assert not whole(w.boss) and not whole(w.wang)
    with w.db.uow(Actor.cli()) as uow:
        uow.session.execute(update(Customer).where(Customer.id == w.c4)
                            .values(branch_id=w.west, owner_id=w.zhao.user_id))
        uow.commit()
    assert whole(w.boss) and whole(w.admin, branch_id=w.west)
    assert not whole(w.boss, manager_id=w.zhao.user_id)
    factories.customer(w.db, "无主客户")                      # no branch, no manager
    assert not whole(w.boss) and whole(w.admin)


def _indexes(db, table: str) -> set[str]:
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        return {ix["name"] for ix in inspect(conn).get_indexes(table)}


def test_the_dashboard_indexes_migration_downgrades_and_upgrades(world):
    from alembic import command
    from alembic.config import Config

    from crm.paths import MIGRATIONS
    from crm.persistence.migrate import upgrade

    w = world
    before = ask(w, w.boss, portfolio)
    assert "ix_loans_bucket_figures" in _indexes(w.db, "loans")
    assert "ix_contact_records_visit" in _indexes(w.db, "contact_records")
    with w.db.engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    assert not {"ix_loans_bucket_figures", "ix_loans_customer_figures"} & _indexes(w.db, "loans")
    assert not {"ix_customers_branch_owner", "ix_customers_id_scope",
                "ix_customers_level_scope"} & _indexes(w.db, "customers")
    assert ask(w, w.boss, portfolio) == before
    if w.db.engine.dialect.name == "sqlite":      # statistics are refreshed when kept
        with w.db.engine.begin() as conn:
            conn.execute(text("ANALYZE customers"))
    assert upgrade(w.db) == "upgraded"
    assert {"ix_customers_branch_owner", "ix_customers_id_scope",
            "ix_customers_level_scope"} <= _indexes(w.db, "customers")
    assert {"ix_contact_records_at_figures", "ix_contact_records_visit"} \
        <= _indexes(w.db, "contact_records")
    assert ask(w, w.boss, portfolio) == before
