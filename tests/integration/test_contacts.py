"""Contact records: the compliance guard, promises, follow-up tasks, scope, settings."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crm.domain.compliance import SHANGHAI, ComplianceSettings
from crm.domain.enums import (
    ContactChannel, ContactDirection, ContactOutcome, ContactParty, PromiseStatus, Role,
    TaskKind, TaskStatus,
)
from crm.domain.errors import NotFoundError, PermissionDenied, ValidationError
from crm.models import AuditEvent, ContactRecord, Customer, CustomerParty, Loan, Task
from crm.services.contacts import (
    ComplianceRefused, ContactDraft, add_contact, contact_parties, contact_timeline,
    get_compliance_settings, list_overrides, set_compliance_settings,
)
from crm.services.customers import CustomerEdit, update_customer
from tests import factories

NOW = datetime(2024, 6, 10, 12, 0, tzinfo=SHANGHAI)  # a Monday, noon in the branch
TODAY = date(2024, 6, 10)


def at(hh: int, mm: int = 0, day: int = 10) -> datetime:
    return datetime(2024, 6, day, hh, mm, tzinfo=SHANGHAI)


@pytest.fixture
def world(db):
    west = factories.branch(db, "0101", "西湖支行")
    people = {
        "wang": factories.user(db, "wang", Role.MANAGER, west, "王经理"),
        "zhao": factories.user(db, "zhao", Role.MANAGER, west, "赵经理"),
        "boss": factories.user(db, "boss", Role.SUPERVISOR, west, "李主管"),
        "admin": factories.user(db, "admin", Role.ADMIN),
        "audit": factories.user(db, "audit", Role.AUDITOR),
    }
    ids = {"wang": factories.customer(db, "王一", people["wang"]),
           "zhao": factories.customer(db, "赵二", people["zhao"])}
    return db, people, ids


def add(db, actor, customer_id, when=None, **kw):
    fields = {"channel": ContactChannel.PHONE, "outcome": ContactOutcome.CONNECTED,
              "summary": "提醒还款", **kw}
    draft = ContactDraft(customer_id=customer_id, contacted_at=when, **fields)
    with db.uow(actor) as uow:
        view = add_contact(uow, actor, draft, now=NOW)
        uow.commit()
    return view


def count_contacts(db, customer_id):
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(ContactRecord)
                        .where(ContactRecord.customer_id == customer_id))


def customer_row(db, customer_id):
    with db.sessions() as s:
        return s.get(Customer, customer_id)


# ---- recording -------------------------------------------------------------------------

def test_a_contact_is_recorded_and_moves_last_contact(world):
    db, who, ids = world
    view = add(db, who["wang"], ids["wang"], at(10), summary="客户表示月底前还款")
    assert view.user_name == "王经理" and view.outcome is ContactOutcome.CONNECTED
    assert view.contacted_at == at(10) and view.compliance_note == ""
    assert customer_row(db, ids["wang"]).last_contact_at == at(10)
    with db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.entity == "contact_records"))
    assert event.action == "create" and event.customer_id == ids["wang"]
    assert event.actor_name == "wang"


def test_an_unanswered_call_is_recorded_but_is_not_a_contact(world):
    db, who, ids = world
    add(db, who["wang"], ids["wang"], at(9))
    add(db, who["wang"], ids["wang"], at(11), outcome=ContactOutcome.NO_ANSWER)
    assert count_contacts(db, ids["wang"]) == 2
    assert customer_row(db, ids["wang"]).last_contact_at == at(9)
    # a back-dated entry never moves it backwards
    add(db, who["wang"], ids["wang"], at(8), channel=ContactChannel.BRANCH,
        direction=ContactDirection.INBOUND)
    assert customer_row(db, ids["wang"]).last_contact_at == at(9)


def test_a_naive_time_is_the_branch_clock(world):
    db, who, ids = world
    view = add(db, who["wang"], ids["wang"], datetime(2024, 6, 10, 9, 30))
    assert view.contacted_at == at(9, 30)
    assert view.contacted_at.astimezone(timezone.utc).hour == 1


def test_input_is_validated_field_by_field(world):
    db, who, ids = world
    with db.sessions() as s:
        other_loan = Loan(loan_no="L-ZHAO-1", customer_id=ids["zhao"])
        s.add(other_loan)
        s.commit()
        loan_id = other_loan.id
    cases = [
        ({"outcome": ContactOutcome.PROMISED}, "promise_amount"),
        ({"promise_amount": Decimal("100"), "promise_date": None}, "promise_date"),
        ({"promise_amount": Decimal("-1"), "promise_date": TODAY}, "promise_amount"),
        ({"promise_amount": Decimal("100"), "promise_date": TODAY - timedelta(days=1)},
         "promise_date"),
        ({"promise_amount": Decimal("100"), "promise_date": TODAY,
          "outcome": ContactOutcome.NO_ANSWER}, "outcome"),
        ({"party": ContactParty.GUARANTOR}, "party_name"),
        ({"loan_id": loan_id}, "loan_id"),
        ({"next_follow_up_on": TODAY - timedelta(days=1)}, "next_follow_up_on"),
    ]
    for kw, field in cases:
        with pytest.raises(ValidationError) as exc:
            add(db, who["wang"], ids["wang"], at(10), **kw)
        assert field in exc.value.fields, (kw, exc.value.fields)
    with pytest.raises(ValidationError) as future:
        add(db, who["wang"], ids["wang"], NOW + timedelta(hours=1))
    assert future.value.fields == {"contacted_at": "联系时间不能晚于当前时间"}
    assert count_contacts(db, ids["wang"]) == 0


# ---- the compliance guard --------------------------------------------------------------

def test_a_fourth_outbound_call_in_a_day_is_refused(world):
    db, who, ids = world
    for hh in (9, 10, 11):
        add(db, who["wang"], ids["wang"], at(hh))
    with pytest.raises(ComplianceRefused) as exc:
        add(db, who["wang"], ids["wang"], at(11, 30), channel=ContactChannel.SMS)
    assert "override" in exc.value.fields
    assert "单日上限为 3 次" in exc.value.message and "主管特批" in exc.value.message
    assert [v.code for v in exc.value.violations] == ["daily_limit"]
    assert count_contacts(db, ids["wang"]) == 3
    # the customer calling in is never refused
    add(db, who["wang"], ids["wang"], at(11, 40), direction=ContactDirection.INBOUND)
    assert count_contacts(db, ids["wang"]) == 4


def test_the_next_local_day_starts_afresh(world):
    db, who, ids = world
    for hh in (9, 10, 11):
        add(db, who["wang"], ids["wang"], at(hh, day=9))
    # 00:30 UTC on the 10th is 08:30 in the branch: a new day, and outside quiet hours
    add(db, who["wang"], ids["wang"], datetime(2024, 6, 10, 0, 30, tzinfo=timezone.utc))
    assert count_contacts(db, ids["wang"]) == 4


def test_an_eighth_outbound_contact_in_seven_days_is_refused(world):
    db, who, ids = world
    for day in range(4, 11):  # one a day, the 4th to the 10th
        add(db, who["wang"], ids["wang"], at(9, day=day), channel=ContactChannel.LETTER)
    with pytest.raises(ComplianceRefused) as exc:
        add(db, who["wang"], ids["wang"], at(10), channel=ContactChannel.WECHAT)
    assert "七日上限为 7 次" in exc.value.fields["override"]
    assert [v.code for v in exc.value.violations] == ["weekly_limit"]


def test_a_manager_cannot_override_the_frequency_limit(world):
    db, who, ids = world
    for hh in (9, 10, 11):
        add(db, who["wang"], ids["wang"], at(hh))
    with pytest.raises(ComplianceRefused) as exc:
        add(db, who["wang"], ids["wang"], at(11, 30), override="客户要求回电")
    assert "无权特批" in exc.value.fields["override"]


def test_a_supervisor_override_is_stored_audited_and_listed(world):
    db, who, ids = world
    for hh in (9, 10, 11):
        add(db, who["wang"], ids["wang"], at(hh))
    view = add(db, who["boss"], ids["wang"], at(11, 30), override="客户来电要求今天再联系确认")
    assert "单日联系次数超限" in view.compliance_note and "李主管" in view.compliance_note
    assert view.override_by == who["boss"].user_id and view.override_by_name == "李主管"
    with db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "compliance_override"))
    assert event.customer_id == ids["wang"] and event.entity_id == str(view.id)
    assert event.after["rules"] == ["daily_limit"] and event.actor_name == "boss"
    with db.uow(who["boss"]) as uow:
        [seen] = list_overrides(uow, who["boss"], since=NOW - timedelta(days=365))
    assert seen.contact_id == view.id and seen.customer_name == "王一"
    assert seen.rules == ("单日联系次数超限",) and "客户来电" in seen.note
    with db.uow(who["audit"]) as uow:
        assert len(list_overrides(uow, who["audit"])) == 1
    with db.uow(who["wang"]) as uow, pytest.raises(PermissionDenied):
        list_overrides(uow, who["wang"])


def test_quiet_hours_need_a_written_reason(world):
    db, who, ids = world
    for when in (at(21, day=9), at(7, 59), at(23, 30, day=9)):
        with pytest.raises(ComplianceRefused) as exc:
            add(db, who["wang"], ids["wang"], when)
        assert list(exc.value.fields) == ["quiet_hours_reason"]
        assert "21:00–08:00" in exc.value.message and "书面理由" in exc.value.message
    add(db, who["wang"], ids["wang"], at(20, 59, day=9))
    add(db, who["wang"], ids["wang"], at(8, 0))
    view = add(db, who["wang"], ids["wang"], at(21, 15, day=9), channel=ContactChannel.WECHAT,
               quiet_hours_reason="客户白天上班，主动约定晚上微信联系")
    assert view.compliance_note.startswith("夜间联系，理由：客户白天上班")
    assert view.override_by == who["wang"].user_id
    with db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "compliance_override"))
    assert event.after["rules"] == ["quiet_hours"] and "客户白天上班" in event.summary
    # a letter or an inbound call at night needs no reason
    add(db, who["wang"], ids["wang"], at(22, day=8), channel=ContactChannel.LETTER)
    add(db, who["wang"], ids["wang"], at(22, 30, day=8), direction=ContactDirection.INBOUND)


def test_a_third_party_not_on_file_cannot_be_recorded_by_anyone(world):
    db, who, ids = world
    with db.sessions() as s:
        s.add_all([CustomerParty(customer_id=ids["wang"], relation=ContactParty.GUARANTOR,
                                 name="李四"),
                   CustomerParty(customer_id=ids["wang"], relation=ContactParty.SPOUSE,
                                 name="王芳", authorised=False)])
        s.commit()
    for actor in (who["wang"], who["boss"]):
        with pytest.raises(ComplianceRefused) as exc:
            add(db, actor, ids["wang"], at(10), party=ContactParty.GUARANTOR, party_name="赵六",
                quiet_hours_reason="x", override="主管特批")
        assert "不在客户的关系人档案中" in exc.value.fields["party"]
    with pytest.raises(ComplianceRefused) as spouse:
        add(db, who["wang"], ids["wang"], at(10), party=ContactParty.SPOUSE, party_name="王芳")
    assert "未获客户授权" in spouse.value.fields["party"]
    view = add(db, who["wang"], ids["wang"], at(10), party=ContactParty.GUARANTOR,
               party_name="李四")
    assert view.party is ContactParty.GUARANTOR and view.party_name == "李四"
    with db.uow(who["wang"]) as uow:
        parties = contact_parties(uow, who["wang"], ids["wang"])
    assert [(p.name, p.may_discuss_debt) for p in parties] == [("李四", True), ("王芳", False)]


# ---- data scope and roles --------------------------------------------------------------

def test_a_manager_cannot_touch_another_managers_customer(world):
    db, who, ids = world
    add(db, who["zhao"], ids["zhao"], at(9))
    with pytest.raises(NotFoundError):
        add(db, who["wang"], ids["zhao"], at(10))
    with db.uow(who["wang"]) as uow, pytest.raises(NotFoundError):
        contact_timeline(uow, who["wang"], ids["zhao"])
    with db.uow(who["wang"]) as uow, pytest.raises(NotFoundError):
        contact_parties(uow, who["wang"], ids["zhao"])
    assert count_contacts(db, ids["zhao"]) == 1
    # the supervisor of the branch reads and records for both
    add(db, who["boss"], ids["zhao"], at(10))
    with db.uow(who["boss"]) as uow:
        assert len(contact_timeline(uow, who["boss"], ids["zhao"])) == 2


def test_auditor_reads_but_cannot_record_and_admin_cannot_record(world):
    db, who, ids = world
    add(db, who["wang"], ids["wang"], at(9))
    for actor in (who["audit"], who["admin"]):
        with pytest.raises(PermissionDenied):
            add(db, actor, ids["wang"], at(10))
    with db.uow(who["audit"]) as uow:
        assert len(contact_timeline(uow, who["audit"], ids["wang"])) == 1


# ---- promises, follow-ups, timeline ----------------------------------------------------

def test_a_follow_up_date_creates_a_task_for_the_customers_manager(world):
    db, who, ids = world
    view = add(db, who["boss"], ids["wang"], at(10), next_follow_up_on=date(2024, 6, 14))
    add(db, who["wang"], ids["wang"], at(11), next_follow_up_on=date(2024, 6, 12))
    with db.sessions() as s:
        task = s.get(Task, view.follow_up_task_id)
        assert task.owner_id == who["wang"].user_id and task.kind is TaskKind.FOLLOW_UP
        assert task.due_on == date(2024, 6, 14) and task.status is TaskStatus.OPEN
        assert task.source_type == "contact_records" and task.source_id == view.id
        assert s.get(Customer, ids["wang"]).next_follow_up == date(2024, 6, 12)


def test_logging_a_contact_does_not_make_the_open_customer_form_stale(world):
    db, who, ids = world
    add(db, who["wang"], ids["wang"], at(10), next_follow_up_on=date(2024, 6, 14))
    row = customer_row(db, ids["wang"])
    assert row.version == 1 and row.last_contact_at == at(10)
    with db.uow(who["wang"]) as uow:  # the 基本信息 form read version 1 before the call
        view = update_customer(uow, who["wang"], ids["wang"], 1, CustomerEdit(occupation="教师"))
        uow.commit()
    assert view.version == 2


def test_a_promise_is_pending_until_settled(world):
    db, who, ids = world
    view = add(db, who["wang"], ids["wang"], at(10), outcome=ContactOutcome.PROMISED,
               promise_amount=Decimal("1500.5"), promise_date=date(2024, 6, 20))
    assert view.promise_status is PromiseStatus.PENDING
    assert view.promise_amount == Decimal("1500.50")
    plain = add(db, who["wang"], ids["wang"], at(11))
    assert plain.promise_status is None


def test_timeline_is_newest_first_and_filters(world):
    db, who, ids = world
    add(db, who["wang"], ids["wang"], at(9), outcome=ContactOutcome.NO_ANSWER)
    add(db, who["wang"], ids["wang"], at(11), channel=ContactChannel.SMS)
    add(db, who["wang"], ids["wang"], at(10), outcome=ContactOutcome.PROMISED,
        promise_amount=Decimal("200"), promise_date=date(2024, 6, 12))
    with db.uow(who["wang"]) as uow:
        rows = contact_timeline(uow, who["wang"], ids["wang"])
        assert [r.contacted_at for r in rows] == [at(11), at(10), at(9)]
        assert rows[1].promise_status is PromiseStatus.PENDING
        sms = contact_timeline(uow, who["wang"], ids["wang"], channel=ContactChannel.SMS)
        assert [r.channel for r in sms] == [ContactChannel.SMS]
        missed = contact_timeline(uow, who["wang"], ids["wang"],
                                  outcome=ContactOutcome.NO_ANSWER)
        assert [r.contacted_at for r in missed] == [at(9)]


# ---- settings --------------------------------------------------------------------------

def test_compliance_settings_are_admin_only_audited_and_applied(world):
    db, who, ids = world
    with db.uow(who["wang"]) as uow:
        assert get_compliance_settings(uow, who["wang"]) == ComplianceSettings()
        with pytest.raises(PermissionDenied):
            set_compliance_settings(uow, who["wang"], ComplianceSettings(max_per_day=1))
    with db.uow(who["admin"]) as uow:
        with pytest.raises(ValidationError) as bad:
            set_compliance_settings(uow, who["admin"], ComplianceSettings(max_per_day=0))
        assert "max_per_day" in bad.value.fields
        saved = set_compliance_settings(uow, who["admin"],
                                        ComplianceSettings(max_per_day=1, max_per_week=5))
        uow.commit()
    assert saved.max_per_day == 1
    with db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.entity == "settings"))
    assert event.entity_id == "compliance" and event.actor_name == "admin"
    add(db, who["wang"], ids["wang"], at(9))
    with pytest.raises(ComplianceRefused) as exc:
        add(db, who["wang"], ids["wang"], at(10))
    assert "单日上限为 1 次" in exc.value.message
    with db.uow(who["admin"]) as uow:
        set_compliance_settings(uow, who["admin"], ComplianceSettings(max_per_day=2))
        uow.commit()
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.entity == "settings")) == 2
    add(db, who["wang"], ids["wang"], at(10))
