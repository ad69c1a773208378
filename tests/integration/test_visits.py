"""Visits: two-person rule, clashes, the appointment's compliance guard, status flow, review."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crm.domain.actors import Actor
from crm.domain.compliance import SHANGHAI
from crm.domain.enums import (
    Bucket, ChecklistItem, ContactChannel, ContactOutcome, PromiseStatus, ReviewStatus,
    RiskLevel, Role, TaskKind, TaskStatus, VisitPurpose, VisitReason, VisitStatus,
)
from crm.domain.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from crm.domain.visit_priority import PriorityWeights
from crm.models import (
    AuditEvent, ContactRecord, Customer, Document, FinancialSnapshot, Task, VisitPlan, VisitStaff,
)
from crm.queries.visits import (
    Figure, ScreeningFilter, day_route, get_visit, returned_visits, review_count, review_queue,
    screen_candidates, staff_day, visit_calendar, visit_effects,
)
from crm.services.contacts import ComplianceRefused, ContactDraft, add_contact
from crm.services.visits import (
    AppointmentDraft, Attachment, OutcomeDraft, VisitDraft, appoint_visit, cancel_visit,
    plan_visit, plan_visits_bulk, record_outcome, reschedule_visit, review_visit,
    set_priority_weights, set_route_order, set_route_start, submit_visit, update_visit,
)
from tests import factories

NOW = datetime(2024, 6, 10, 12, 0, tzinfo=SHANGHAI)  # Monday noon in the branch
TODAY = date(2024, 6, 10)
DAY = date(2024, 6, 12)


@pytest.fixture
def world(db):
    west = factories.branch(db, "0101", "西湖支行")
    east = factories.branch(db, "0202", "上城支行")
    people = {
        "wang": factories.user(db, "wang", Role.MANAGER, west, "王经理"),
        "zhao": factories.user(db, "zhao", Role.MANAGER, west, "赵经理"),
        "boss": factories.user(db, "boss", Role.SUPERVISOR, west, "李主管"),
        "east": factories.user(db, "east", Role.MANAGER, east, "钱经理"),
        "audit": factories.user(db, "audit", Role.AUDITOR),
    }
    ids = {"wang": factories.customer(db, "王一", people["wang"], overdue_days=75),
           "wang2": factories.customer(db, "王二", people["wang"], overdue_days=40),
           "zhao": factories.customer(db, "赵二", people["zhao"]),
           "east": factories.customer(db, "钱三", people["east"])}
    return db, people, ids


def staff(people, *names):
    return tuple(people[n].user_id for n in names)


def plan(db, actor, customer_id, staff_ids, start=time(9), end=time(10), day=DAY, **kw):
    with db.uow(actor) as uow:
        view = plan_visit(uow, actor, VisitDraft(
            customer_id=customer_id, planned_on=day, purpose=VisitPurpose.NEGOTIATE,
            staff_ids=staff_ids, window_start=start, window_end=end, **kw), today=TODAY)
        uow.commit()
    return view


def call(db, actor, fn, *args, **kw):
    with db.uow(actor) as uow:
        result = fn(uow, actor, *args, **kw)
        uow.commit()
    return result


def appoint(db, actor, visit, hh=9, contacted=None):
    return call(db, actor, appoint_visit, visit.id, visit.version, AppointmentDraft(
        confirmed_at=datetime(2024, 6, 12, hh, 0), contacted_at=contacted,
        summary="客户同意在家等候"), now=NOW)


def outcome(**kw):
    fields = dict(met_customer=True, visited_at=datetime(2024, 6, 10, 10, 30),
                  present="借款人本人、配偶", situation="小店客流减少，资金紧张",
                  reason_codes=frozenset({VisitReason.BUSINESS_DIFFICULTY}), willingness=4,
                  ability=2, findings="住址与登记一致")
    fields.update(kw)
    return OutcomeDraft(**fields)


# ---- two-person rule ---------------------------------------------------------------------

def test_a_visit_needs_two_staff(world):
    db, people, ids = world
    with pytest.raises(ValidationError) as err:
        plan(db, people["wang"], ids["wang"], staff(people, "wang"))
    assert "至少两人同行" in err.value.fields["staff"]
    view = plan(db, people["wang"], ids["wang"], staff(people, "wang", "zhao"),
                checklist=frozenset({ChecklistItem.BASICS_VERIFIED}))
    assert view.status is VisitStatus.DRAFT
    assert [s.name for s in view.staff] == ["王经理", "赵经理"] and view.staff[0].lead
    assert view.checklist == frozenset({ChecklistItem.BASICS_VERIFIED})


def test_only_a_supervisor_may_override_the_two_person_rule_and_it_is_audited(world):
    db, people, ids = world
    with pytest.raises(ValidationError) as err:
        plan(db, people["wang"], ids["wang"], staff(people, "wang"),
             two_person_override="同事请假")
    assert "无权特批" in err.value.fields["two_person_override"]
    view = plan(db, people["boss"], ids["wang"], staff(people, "wang"),
                two_person_override="客户为行动不便的老人，社区网格员陪同")
    assert view.two_person_override.startswith("客户为行动不便")
    with db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "two_person_override"))
    assert event is not None and event.actor_name == "boss" and "网格员" in event.summary


def test_staff_must_be_of_the_customers_branch(world):
    db, people, ids = world
    with pytest.raises(ValidationError) as err:
        plan(db, people["wang"], ids["wang"], staff(people, "wang", "east"))
    assert "钱经理" in err.value.fields["staff"]


# ---- clashes -------------------------------------------------------------------------------

def test_a_staff_member_cannot_be_double_booked(world):
    db, people, ids = world
    plan(db, people["wang"], ids["wang"], staff(people, "wang", "zhao"), time(9), time(10))
    with pytest.raises(ValidationError) as err:
        plan(db, people["zhao"], ids["zhao"], staff(people, "zhao", "boss"), time(9, 30),
             time(10, 30))
    message = err.value.fields["staff"]
    assert "赵经理" in message and "王一" in message and "09:00–10:00" in message
    # back to back is fine, and another day is fine
    later = plan(db, people["zhao"], ids["zhao"], staff(people, "zhao", "boss"), time(10),
                 time(11))
    plan(db, people["wang"], ids["wang2"], staff(people, "wang", "zhao"), time(9), time(10),
         day=DAY + timedelta(days=1))
    # moving a visit onto a booked window is refused too
    with pytest.raises(ValidationError, match="时间冲突"):
        call(db, people["zhao"], reschedule_visit, later.id, later.version, DAY, time(9, 45),
             time(10, 45), today=TODAY)


def test_a_cancelled_visit_frees_the_window(world):
    db, people, ids = world
    first = plan(db, people["wang"], ids["wang"], staff(people, "wang", "zhao"))
    call(db, people["wang"], cancel_visit, first.id, first.version, "客户外出务工")
    plan(db, people["zhao"], ids["zhao"], staff(people, "zhao", "boss"))


# ---- appointment and the compliance guard --------------------------------------------------

def test_the_appointment_is_a_contact_record(world):
    db, people, ids = world
    visit = plan(db, people["wang"], ids["wang"], staff(people, "wang", "zhao"), None, None)
    booked = appoint(db, people["wang"], visit, hh=14)
    assert booked.status is VisitStatus.APPOINTED
    assert (booked.window_start, booked.window_end) == (time(14), time(15))
    assert booked.appointment_at == datetime(2024, 6, 12, 14, tzinfo=SHANGHAI)
    with db.sessions() as s:
        contact = s.get(ContactRecord, booked.appointment_contact_id)
    assert contact.visit_id == visit.id and contact.channel is ContactChannel.PHONE
    assert "预约 2024-06-12 14:00 上门走访" in contact.summary


def test_the_compliance_guard_applies_to_the_appointment_call(world):
    db, people, ids = world
    visit = plan(db, people["wang"], ids["wang"], staff(people, "wang", "zhao"))
    with pytest.raises(ComplianceRefused) as err:
        appoint(db, people["wang"], visit, contacted=datetime(2024, 6, 9, 22, 30))
    assert "quiet_hours_reason" in err.value.fields
    for hh in (9, 10, 11):  # the daily limit is used up by three calls this morning
        with db.uow(people["wang"]) as uow:
            add_contact(uow, people["wang"], ContactDraft(
                customer_id=ids["wang"], channel=ContactChannel.PHONE,
                outcome=ContactOutcome.NO_ANSWER,
                contacted_at=datetime(2024, 6, 10, hh)), now=NOW)
            uow.commit()
    with pytest.raises(ComplianceRefused):
        appoint(db, people["wang"], visit)
    with db.sessions() as s:
        assert s.get(VisitPlan, visit.id).status is VisitStatus.DRAFT
        assert s.scalar(select(func.count()).select_from(ContactRecord)
                        .where(ContactRecord.visit_id == visit.id)) == 0


# ---- the whole flow ------------------------------------------------------------------------

def test_status_flow_from_plan_to_review(world):
    db, people, ids = world
    wang, boss = people["wang"], people["boss"]
    visit = plan(db, wang, ids["wang"], staff(people, "wang", "zhao"))
    with pytest.raises(ValidationError, match="请先预约"):
        call(db, wang, record_outcome, visit.id, visit.version, outcome(), now=NOW)
    visit = appoint(db, wang, visit)
    done = call(db, wang, record_outcome, visit.id, visit.version, outcome(
        promise_amount=Decimal("3000.00"), promise_date=date(2024, 6, 20), plan_wanted=True,
        next_visit_on=date(2024, 7, 1), follow_up_call_on=date(2024, 6, 17),
        new_phone="13900139000", attachments=(Attachment("门口.jpg", b"\xff\xd8photo"),),
        agreed_actions="6月20日前先还3000元"), now=NOW)
    assert done.status is VisitStatus.PENDING_REVIEW
    assert done.review_status is ReviewStatus.PENDING
    assert done.overdue_at_visit == Decimal("0.00") and "已更新客户电话" in done.findings
    with db.sessions() as s:
        contact = s.get(ContactRecord, done.next_steps.contact_id)
        assert contact.channel is ContactChannel.VISIT and contact.visit_id == visit.id
        assert contact.promise_status is PromiseStatus.PENDING
        assert contact.promise_amount == Decimal("3000.00")
        tasks = {t.kind: t for t in s.scalars(select(Task).where(Task.customer_id == ids["wang"]))}
        assert tasks[TaskKind.VISIT].due_on == date(2024, 7, 1)
        assert s.scalar(select(func.count()).select_from(Task).where(
            Task.title.like("拟定协商还款计划%"))) == 1
        assert s.get(Customer, ids["wang"]).phone == "+8613900139000"
        assert s.scalar(select(Document.visit_id).where(Document.file_name == "门口.jpg")) == visit.id
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "contact_details"))
    # review: managers cannot, a return needs a comment
    with pytest.raises(PermissionDenied):
        call(db, wang, review_visit, done.id, done.version, True)
    with pytest.raises(ValidationError, match="需要补充"):
        call(db, boss, review_visit, done.id, done.version, False, "")
    back = call(db, boss, review_visit, done.id, done.version, False, "请补充家庭收入情况",
                now=NOW)
    assert back.status is VisitStatus.RETURNED and back.reviewer_name == "李主管"
    with db.sessions() as s:
        task = s.scalar(select(Task).where(Task.title.like("补充走访记录%")))
        assert task.owner_id == wang.user_id and task.status is TaskStatus.OPEN
    # the supplement: no second contact record, no second task, the return task is done
    again = call(db, wang, record_outcome, back.id, back.version, outcome(
        situation="补充：配偶月收入约4000元", plan_wanted=True,
        next_visit_on=date(2024, 7, 1)), now=NOW)
    assert again.status is VisitStatus.PENDING_REVIEW
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ContactRecord).where(
            ContactRecord.visit_id == visit.id, ContactRecord.channel == ContactChannel.VISIT)) == 1
        assert s.scalar(select(func.count()).select_from(Task).where(
            Task.title.like("拟定协商还款计划%"))) == 1
        assert s.scalar(select(Task.status).where(Task.title.like("补充走访记录%"))) is TaskStatus.DONE
    ok = call(db, boss, review_visit, again.id, again.version, True, now=NOW)
    assert ok.status is VisitStatus.REVIEWED and ok.review_status is ReviewStatus.APPROVED
    with pytest.raises(ValidationError, match="不能变为“已取消”"):
        call(db, wang, cancel_visit, ok.id, ok.version, "误操作")
    with db.sessions() as s:
        decisions = s.scalars(select(AuditEvent.summary).where(
            AuditEvent.action == "visit_review").order_by(AuditEvent.id)).all()
    assert decisions[0].startswith("退回补充") and decisions[1].startswith("复核通过")


def test_a_visit_saved_without_submitting_is_submitted_later(world):
    db, people, ids = world
    wang = people["wang"]
    visit = appoint(db, wang, plan(db, wang, ids["wang"], staff(people, "wang", "zhao")))
    saved = call(db, wang, record_outcome, visit.id, visit.version,
                 outcome(met_customer=False, willingness=None, ability=None, situation="",
                         submit=False), now=NOW)
    assert saved.status is VisitStatus.NOT_MET
    sent = call(db, wang, submit_visit, saved.id, saved.version)
    assert sent.status is VisitStatus.PENDING_REVIEW


def test_outcome_fields_are_checked(world):
    db, people, ids = world
    wang = people["wang"]
    visit = appoint(db, wang, plan(db, wang, ids["wang"], staff(people, "wang", "zhao")))
    with pytest.raises(ValidationError) as err:
        call(db, wang, record_outcome, visit.id, visit.version,
             outcome(willingness=None, ability=7, safety_incident=True), now=NOW)
    assert set(err.value.fields) >= {"willingness", "ability", "safety_note"}


def test_a_safety_incident_is_audited(world):
    db, people, ids = world
    wang = people["wang"]
    visit = appoint(db, wang, plan(db, wang, ids["wang"], staff(people, "wang", "zhao")))
    view = call(db, wang, record_outcome, visit.id, visit.version,
                outcome(safety_incident=True, safety_note="客户家属情绪激动，推搡工作人员"), now=NOW)
    assert view.safety_incident
    with db.sessions() as s:
        assert s.scalar(select(AuditEvent.summary).where(AuditEvent.action == "safety_incident"))


def test_cancel_needs_a_reason_and_a_stale_save_is_a_conflict(world):
    db, people, ids = world
    wang = people["wang"]
    visit = plan(db, wang, ids["wang"], staff(people, "wang", "zhao"))
    with pytest.raises(ValidationError, match="取消原因"):
        call(db, wang, cancel_visit, visit.id, visit.version, "  ")
    moved = call(db, wang, reschedule_visit, visit.id, visit.version, DAY, time(14), time(15),
                 today=TODAY)
    with pytest.raises(ConflictError):
        call(db, wang, cancel_visit, visit.id, visit.version, "改约")
    cancelled = call(db, wang, cancel_visit, moved.id, moved.version, "客户已结清")
    assert cancelled.status is VisitStatus.CANCELLED and cancelled.cancel_reason == "客户已结清"


def test_moving_an_appointed_visit_to_another_day_needs_a_new_appointment(world):
    db, people, ids = world
    wang = people["wang"]
    visit = appoint(db, wang, plan(db, wang, ids["wang"], staff(people, "wang", "zhao")))
    same_day = call(db, wang, reschedule_visit, visit.id, visit.version, DAY, time(10),
                    time(11), today=TODAY)
    assert same_day.status is VisitStatus.APPOINTED
    other = call(db, wang, reschedule_visit, same_day.id, same_day.version, DAY + timedelta(1),
                 time(10), time(11), today=TODAY)
    assert other.status is VisitStatus.DRAFT and other.appointment_at is None


# ---- scope ---------------------------------------------------------------------------------

def test_a_manager_cannot_plan_for_another_branch_or_colleagues_customer(world):
    db, people, ids = world
    with pytest.raises(NotFoundError):
        plan(db, people["wang"], ids["east"], staff(people, "wang", "zhao"))
    with pytest.raises(NotFoundError):
        plan(db, people["wang"], ids["zhao"], staff(people, "wang", "zhao"))
    with pytest.raises(PermissionDenied):
        plan(db, people["audit"], ids["wang"], staff(people, "wang", "zhao"))


def test_the_second_person_sees_the_visit_but_other_managers_do_not(world):
    db, people, ids = world
    visit = plan(db, people["wang"], ids["wang"], staff(people, "wang", "zhao"))
    with db.uow(people["zhao"]) as uow:
        assert get_visit(uow.session, people["zhao"], visit.id).customer_name == "王一"
        assert [e.user_name for e in visit_calendar(uow.session, people["zhao"], DAY, DAY)] \
            == ["王经理", "赵经理"]
    with db.uow(people["east"]) as uow, pytest.raises(NotFoundError):
        get_visit(uow.session, people["east"], visit.id)


# ---- bulk and route ------------------------------------------------------------------------

def test_bulk_planning_slots_the_day_and_reports_refusals(world):
    db, people, ids = world
    with db.uow(people["boss"]) as uow:
        result = plan_visits_bulk(uow, people["boss"], [ids["wang"], ids["wang2"], ids["east"]],
                                  DAY, VisitPurpose.COLLECT, staff(people, "wang", "zhao"),
                                  first_start=time(9), slot_minutes=60, today=TODAY)
        uow.commit()
    assert [(v.customer_name, v.window_text) for v in result.created] == [
        ("王一", "09:00–10:00"), ("王二", "10:00–11:00")]
    assert [cid for cid, _ in result.refused] == [ids["east"]]


def test_the_route_is_proposed_and_a_hand_made_order_is_kept(world):
    db, people, ids = world
    wang = people["wang"]
    extra = factories.customer(db, "王三", wang)
    spots = {ids["wang"]: (30.30, 120.16), ids["wang2"]: (30.28, 120.16), extra: (30.29, 120.16)}
    with db.uow(wang) as uow:
        for cid, (lat, lon) in spots.items():
            c = uow.session.get(Customer, cid)
            c.latitude, c.longitude = lat, lon
        uow.commit()
    visits = [plan(db, wang, cid, staff(people, "wang", "zhao"), time(9 + i), time(10 + i))
              for i, cid in enumerate(spots)]
    west = people["wang"].branch_id
    call(db, people["boss"], set_route_start, west, 30.2741, 120.1551)
    with db.uow(wang) as uow:
        route = day_route(uow.session, wang, wang.user_id, DAY)
    by_customer = {v.id: v.customer_id for v in visits}
    assert [by_customer[k] for k in route.proposed.order] == [ids["wang2"], extra, ids["wang"]]
    assert route.proposed.distance_km <= route.current_km
    hand = [visits[2].id, visits[0].id, visits[1].id]
    kept = call(db, wang, set_route_order, wang.user_id, DAY, hand)
    assert [v.id for v in kept] == hand and [v.route_order for v in kept] == [1, 2, 3]
    with db.uow(people["zhao"]) as uow:
        assert [v.id for v in staff_day(uow.session, people["zhao"], people["zhao"].user_id,
                                        DAY)] == hand
    with pytest.raises(ValidationError, match="每一个走访点"):
        call(db, wang, set_route_order, wang.user_id, DAY, hand[:2])


# ---- screening, review queue, returned, effects --------------------------------------------

def set_overdue(db, cid, amount, days, **extra):
    with db.uow(Actor.cli()) as uow:
        c = uow.session.get(Customer, cid)
        c.overdue_amount, c.max_overdue_days = Decimal(amount), days
        for k, v in extra.items():
            setattr(c, k, v)
        uow.commit()


def test_screening_ranks_explains_and_filters(world):
    db, people, ids = world
    set_overdue(db, ids["wang"], "80000", 150, risk_level=RiskLevel.HIGH)
    set_overdue(db, ids["wang2"], "3000", 20)
    set_overdue(db, ids["zhao"], "20000", 60)
    boss = people["boss"]
    with db.uow(boss) as uow:
        result = screen_candidates(uow.session, boss, today=TODAY)
        assert [r.name for r in result.rows] == ["王一", "赵二", "王二"]
        assert result.matched == 3 and result.rows[0].explanation.startswith("逾期金额 ¥80,000.00")
        assert "从未走访" in result.rows[0].explanation
        by_owner = screen_candidates(uow.session, boss, ScreeningFilter(
            owner_id=people["wang"].user_id, min_amount=Decimal("5000")), today=TODAY)
        assert [r.name for r in by_owner.rows] == ["王一"]
        m2 = screen_candidates(uow.session, boss, ScreeningFilter(bucket=Bucket.M2), today=TODAY)
        assert [r.name for r in m2.rows] == ["赵二"]
    with db.uow(people["wang"]) as uow:  # a manager screens own customers only
        assert {r.name for r in screen_candidates(uow.session, people["wang"], today=TODAY).rows} \
            == {"王一", "王二"}
    # a planned visit takes the customer off the list; a recent visit with "not visited in 30"
    plan(db, people["wang"], ids["wang"], staff(people, "wang", "zhao"))
    with db.uow(boss) as uow:
        assert "王一" not in {r.name for r in screen_candidates(uow.session, boss,
                                                               today=TODAY).rows}


def test_screening_finds_unreachable_customers_and_weights_are_editable(world):
    db, people, ids = world
    set_overdue(db, ids["wang"], "80000", 150)
    set_overdue(db, ids["wang2"], "3000", 120)
    with db.uow(people["wang"]) as uow:
        add_contact(uow, people["wang"], ContactDraft(
            customer_id=ids["wang2"], channel=ContactChannel.PHONE,
            outcome=ContactOutcome.LOST_CONTACT, contacted_at=datetime(2024, 6, 10, 9)), now=NOW)
        uow.commit()
    boss = people["boss"]
    with db.uow(boss) as uow:
        lost = screen_candidates(uow.session, boss, ScreeningFilter(unreachable=True), today=TODAY)
    assert [r.name for r in lost.rows] == ["王二"] and lost.rows[0].unreachable
    admin = factories.user(db, "admin", Role.ADMIN)
    with pytest.raises(PermissionDenied):
        call(db, boss, set_priority_weights, PriorityWeights(overdue_amount=0))
    call(db, admin, set_priority_weights, PriorityWeights(overdue_amount=0, overdue_days=60))
    with db.uow(boss) as uow:
        ranked = screen_candidates(uow.session, boss, today=TODAY)
    assert ranked.weights.overdue_days == 60 and ranked.rows[0].name == "王一"
    with pytest.raises(ValidationError, match="逾期天数"):
        call(db, admin, set_priority_weights, PriorityWeights(overdue_days=101))


def test_review_queue_highlights_safety_incidents_and_returned_reports_reach_the_manager(world):
    db, people, ids = world
    wang, boss = people["wang"], people["boss"]
    first = appoint(db, wang, plan(db, wang, ids["wang"], staff(people, "wang", "zhao")))
    second = appoint(db, wang, plan(db, wang, ids["wang2"], staff(people, "wang", "zhao"),
                                    time(11), time(12)), hh=11)
    call(db, wang, record_outcome, first.id, first.version, outcome(), now=NOW)
    risky = call(db, wang, record_outcome, second.id, second.version,
                 outcome(safety_incident=True, safety_note="遭遇恶犬"), now=NOW)
    with db.uow(boss) as uow:
        queue = review_queue(uow.session, boss)
        assert [r.visit.id for r in queue] == [second.id, first.id]
        assert queue[0].highlighted and "安全事件：遭遇恶犬" in queue[0].flags
        assert review_count(uow.session, boss) == 2
    with db.uow(wang) as uow:  # a manager sees how many of own reports await review
        assert review_count(uow.session, wang) == 2
    call(db, boss, review_visit, risky.id, risky.version, False, "请补充报警回执", now=NOW)
    with db.uow(people["zhao"]) as uow:  # the second person sees it returned too
        assert [r.visit.review_comment for r in returned_visits(uow.session, people["zhao"])] \
            == ["请补充报警回执"]


def test_effects_compare_overdue_after_the_visit_and_count_promises(world):
    db, people, ids = world
    wang = people["wang"]
    set_overdue(db, ids["wang"], "9000", 75)
    visit = appoint(db, wang, plan(db, wang, ids["wang"], staff(people, "wang", "zhao")))
    done = call(db, wang, record_outcome, visit.id, visit.version, outcome(
        promise_amount=Decimal("9000.00"), promise_date=date(2024, 6, 20)), now=NOW)
    with db.uow(Actor.cli()) as uow:
        uow.session.add_all([
            FinancialSnapshot(customer_id=ids["wang"], as_of=date(2024, 7, 5),
                              overdue_amount=Decimal("4000"), max_overdue_days=20),
            FinancialSnapshot(customer_id=ids["wang"], as_of=date(2024, 9, 1),
                              overdue_amount=Decimal("0"), max_overdue_days=0)])
        contact = uow.session.get(ContactRecord, done.next_steps.contact_id)
        contact.promise_status = PromiseStatus.KEPT
        uow.commit()
    boss = people["boss"]
    with db.uow(boss) as uow:
        report = visit_effects(uow.session, boss, date(2024, 6, 1), date(2024, 6, 30),
                               today=date(2024, 9, 15))
    [row] = report.rows
    assert row.visited_on == TODAY and row.manager_name == "王经理"
    assert row.at_visit == Figure(Decimal("9000.00"), 75, "走访登记")
    assert [f.amount for f in row.after] == [Decimal("4000.00"), Decimal("4000.00"),
                                             Decimal("0.00")]
    [group] = report.by_manager
    assert group.reduction_pct == 100.0 and group.cured_90 == 1
    assert group.promise_kept_rate == 100.0 and report.by_month[0].key == "2024-06"
    with db.uow(boss) as uow:
        early = visit_effects(uow.session, boss, date(2024, 6, 1), date(2024, 6, 30),
                              today=date(2024, 7, 20))
    assert [f.source for f in early.rows[0].after] == ["财务快照", "未到期", "未到期"]


def test_demo_visits_keep_the_two_person_and_clash_rules(db):
    from crm.services.demo import seed_demo
    seed_demo(db, 3000, seed=3, today=TODAY)
    with db.sessions() as s:
        rows = s.execute(select(VisitPlan.id, VisitPlan.planned_on, VisitPlan.window_start,
                                VisitPlan.window_end, VisitStaff.user_id)
                         .join(VisitStaff, VisitStaff.visit_id == VisitPlan.id)
                         .where(VisitPlan.status != VisitStatus.CANCELLED)).all()
        reasons = s.scalars(select(VisitPlan.reason_codes)).all()
    staff_per_visit: dict[int, int] = {}
    booked: dict[tuple, list] = {}
    for vid, day, start, end, uid in rows:
        staff_per_visit[vid] = staff_per_visit.get(vid, 0) + 1
        if start is not None:
            for other_start, other_end in booked.get((day, uid), []):
                assert not (start < other_end and other_start < end), (vid, uid, day)
            booked.setdefault((day, uid), []).append((start, end))
    assert staff_per_visit and min(staff_per_visit.values()) >= 2
    assert {code for codes in reasons for code in codes} <= {r.value for r in VisitReason}


def test_changing_the_staff_keeps_the_rules_and_bumps_the_version(world):
    db, people, ids = world
    visit = plan(db, people["wang"], ids["wang"], staff(people, "wang", "zhao"))
    with pytest.raises(ValidationError, match="至少两人同行"):
        call(db, people["wang"], update_visit, visit.id, visit.version,
             staff_ids=staff(people, "wang"))
    changed = call(db, people["wang"], update_visit, visit.id, visit.version,
                   staff_ids=staff(people, "wang", "boss"), notes="带上还款方案")
    assert [s.name for s in changed.staff] == ["王经理", "李主管"]
    assert changed.version > visit.version and changed.notes == "带上还款方案"
    with pytest.raises(ConflictError):
        call(db, people["wang"], update_visit, visit.id, visit.version, notes="旧版本")
