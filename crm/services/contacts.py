"""Contact records (联系记录) with promises to pay, behind the compliance guard.

Decisions:
- Every contact attempt is recorded, but Customer.last_contact_at moves only for contacts
  that reached someone (not 未接通, 拒接, 失联, 号码错误): "no contact in N days" should find
  the borrowers nobody has actually spoken to, however often they were rung. It never moves
  backwards for a back-dated entry.
- A naive `contacted_at` is the time the user typed, in Asia/Shanghai; it is stored in UTC.
- A quiet-hours contact is lifted by a written reason from whoever records it; the frequency
  limits only by a supervisor override, which the signed-in user must be a supervisor to
  give. Both are stored on the record (compliance_note, override_by) and audited as
  "compliance_override"; list_overrides shows them to supervisors and auditors.
- A third party without standing on file cannot be recorded at all: nothing lifts it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import (
    RULE_LABELS, SHANGHAI, ComplianceSettings, PartyOnFile, Violation, check_contact, local_date,
    unresolved,
)
from crm.domain.enums import (
    ContactChannel, ContactDirection, ContactOutcome, ContactParty, PromiseStatus,
)
from crm.domain.errors import PermissionDenied, ValidationError
from crm.domain.views360 import ContactView, OverrideView, PartyView
from crm.models import AuditEvent, ContactRecord, Customer, CustomerParty, Loan, Setting, User
from crm.persistence.uow import UnitOfWork
from crm.queries.customers import scoped_customer
from crm.queries.scope import customer_scope
from crm.services.tasks import open_follow_up
from crm.services.settings import put_setting

log = logging.getLogger(__name__)

SETTINGS_KEY = "compliance"
OVERRIDE_ACTION = "compliance_override"
# outcomes where nobody was reached: recorded, but not a "contact" for last_contact_at
NOT_REACHED = frozenset({ContactOutcome.NO_ANSWER, ContactOutcome.REFUSED,
                         ContactOutcome.LOST_CONTACT, ContactOutcome.WRONG_NUMBER})
CLOCK_SKEW = timedelta(minutes=5)
MAX_AMOUNT = Decimal("9999999999999999.99")
# where the form shows a refusal: next to the field that would lift it
_FIELD_OF = {"quiet_hours": "quiet_hours_reason", "daily_limit": "override",
             "weekly_limit": "override", "third_party": "party"}


@dataclass(frozen=True, kw_only=True)
class ContactDraft:
    """What the quick-add dialog collects (Ctrl+N)."""

    customer_id: int
    channel: ContactChannel
    direction: ContactDirection = ContactDirection.OUTBOUND
    party: ContactParty = ContactParty.BORROWER
    party_name: str | None = None
    outcome: ContactOutcome
    summary: str | None = None
    contacted_at: datetime | None = None  # None: now
    loan_id: int | None = None
    promise_amount: Decimal | None = None
    promise_date: date | None = None
    next_follow_up_on: date | None = None
    quiet_hours_reason: str | None = None  # the written reason for contact in quiet hours
    override: str | None = None  # a supervisor's reason for exceeding the frequency limits


class ComplianceRefused(ValidationError):
    """The compliance guard refused the contact; `violations` say which rules and why."""

    def __init__(self, fields: dict[str, str], violations: list[Violation]) -> None:
        super().__init__(fields)
        self.violations = violations


# ---- settings ------------------------------------------------------------------------

def load_settings(session: Session) -> ComplianceSettings:
    row = session.get(Setting, SETTINGS_KEY)
    try:
        return ComplianceSettings.from_json(row.value if row else None)
    except (ValueError, TypeError, AttributeError):
        log.warning("compliance settings are malformed; using the defaults")
        return ComplianceSettings()


def get_compliance_settings(uow: UnitOfWork, actor: Actor) -> ComplianceSettings:
    """Readable by every signed-in user: the dialog shows the quiet hours and limits."""
    actor.require(Permission.READ_CUSTOMERS)
    return load_settings(uow.session)


def set_compliance_settings(uow: UnitOfWork, actor: Actor,
                            settings: ComplianceSettings) -> ComplianceSettings:
    """Administrators only; the change is audited with before and after values."""
    actor.require(Permission.MANAGE_SETTINGS)
    if errors := settings.problems():
        raise ValidationError(errors)
    put_setting(uow.session, SETTINGS_KEY, settings.to_json())
    return load_settings(uow.session)


# ---- adding a contact ----------------------------------------------------------------

def _writer(actor: Actor) -> None:
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")


def _as_utc(moment: datetime | None, now: datetime) -> datetime:
    if moment is None:
        return now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(timezone.utc)


def _validate(session: Session, customer: Customer, d: ContactDraft, now: datetime) -> None:
    assert d.contacted_at is not None
    errors: dict[str, str] = {}
    day, today = local_date(d.contacted_at), local_date(now)
    if d.contacted_at > now + CLOCK_SKEW:
        errors["contacted_at"] = "联系时间不能晚于当前时间"
    if d.party is not ContactParty.BORROWER and not d.party_name:
        errors["party_name"] = f"请填写{d.party.label}的姓名"
    elif len(d.party_name or "") > 64:
        errors["party_name"] = "联系人姓名不能超过 64 个字"
    if d.loan_id is not None:
        loan = session.get(Loan, d.loan_id)
        if loan is None or loan.customer_id != customer.id:
            errors["loan_id"] = "所选贷款不属于该客户"
    errors.update(_promise_problems(d, day))
    if d.next_follow_up_on is not None and d.next_follow_up_on < today:
        errors["next_follow_up_on"] = "下次跟进日期不能早于今天"
    if errors:
        raise ValidationError(errors)


def _promise_problems(d: ContactDraft, day: date) -> dict[str, str]:
    amount, when = d.promise_amount, d.promise_date
    if amount is None and when is None:
        if d.outcome is ContactOutcome.PROMISED:
            return {"promise_amount": "联系结果为“承诺还款”时，请填写承诺金额和日期"}
        return {}
    errors: dict[str, str] = {}
    if amount is None:
        errors["promise_amount"] = "请填写承诺还款金额"
    elif amount <= 0:
        errors["promise_amount"] = "承诺还款金额须大于 0"
    elif amount > MAX_AMOUNT:
        errors["promise_amount"] = "承诺还款金额过大"
    if when is None:
        errors["promise_date"] = "请填写承诺还款日期"
    elif when < day:
        errors["promise_date"] = "承诺还款日期不能早于联系日期"
    if d.outcome in NOT_REACHED:
        errors["outcome"] = f"联系结果为“{d.outcome.label}”时不能记录承诺还款"
    return errors


def _recent_outbound(session: Session, customer_id: int, at: datetime,
                     settings: ComplianceSettings) -> list[datetime]:
    span = timedelta(days=8)  # covers every 7-day window around the contact's local day
    return list(session.scalars(
        select(ContactRecord.contacted_at)
        .where(ContactRecord.customer_id == customer_id,
               ContactRecord.direction == ContactDirection.OUTBOUND,
               ContactRecord.channel.in_(sorted(settings.counted_channels)),
               ContactRecord.contacted_at > at - span, ContactRecord.contacted_at < at + span)))


def _parties(session: Session, customer_id: int) -> list[PartyOnFile]:
    rows = session.scalars(select(CustomerParty).where(CustomerParty.customer_id == customer_id))
    return [PartyOnFile(p.relation, p.name, p.authorised) for p in rows]


def _guard(session: Session, actor: Actor, customer: Customer, d: ContactDraft,
           now: datetime) -> list[Violation]:
    """The violations lifted by the draft's reason or override; raises if any still block."""
    settings = load_settings(session)
    assert d.contacted_at is not None
    found = check_contact(d, _recent_outbound(session, customer.id, d.contacted_at, settings),
                          _parties(session, customer.id), settings, now)
    supervisor = bool(d.override) and actor.can(Permission.REVIEW)
    blocking = unresolved(found, bool(d.quiet_hours_reason), supervisor)
    if blocking:
        fields: dict[str, str] = {}
        for v in blocking:
            message = v.message_zh
            if v.overridable_by == "supervisor" and d.override:
                message += f"（当前角色“{actor.role.label}”无权特批，请由主管登录后记录）"
            key = _FIELD_OF.get(v.code, v.code)
            fields[key] = f"{fields[key]}；{message}" if key in fields else message
        raise ComplianceRefused(fields, blocking)
    return [v for v in found if v not in blocking]


def _compliance_note(actor: Actor, d: ContactDraft, lifted: list[Violation]) -> str | None:
    parts = []
    if any(v.overridable_by == "reason" for v in lifted):
        parts.append(f"夜间联系，理由：{d.quiet_hours_reason}")
    freq = [RULE_LABELS[v.code] for v in lifted if v.overridable_by == "supervisor"]
    if freq:
        who = actor.display_name or actor.username
        parts.append(f"{'、'.join(freq)}，主管{who}特批：{d.override}")
    return "；".join(parts) or None


def add_contact(uow: UnitOfWork, actor: Actor, draft: ContactDraft,
                now: datetime | None = None) -> ContactView:
    """Validate, run the compliance guard, record; keep the customer's summary in step.

    Raises ValidationError for bad input and ComplianceRefused (a ValidationError) when the
    guard refuses, with a Chinese message naming the rule next to the field that lifts it.
    """
    _writer(actor)
    s = uow.session
    customer = scoped_customer(s, actor, draft.customer_id)
    now = now or datetime.now(timezone.utc)
    d = replace(draft, contacted_at=_as_utc(draft.contacted_at, now),
                party_name=(draft.party_name or "").strip(),
                summary=(draft.summary or "").strip(),
                quiet_hours_reason=(draft.quiet_hours_reason or "").strip(),
                override=(draft.override or "").strip())
    _validate(s, customer, d, now)
    lifted = _guard(s, actor, customer, d, now)
    note = _compliance_note(actor, d, lifted)
    assert d.contacted_at is not None
    record = ContactRecord(
        customer_id=customer.id, loan_id=d.loan_id, user_id=actor.user_id,
        channel=d.channel, direction=d.direction, party=d.party,
        party_name=d.party_name or None, contacted_at=d.contacted_at, outcome=d.outcome,
        summary=d.summary or "", next_follow_up_on=d.next_follow_up_on,
        promise_amount=d.promise_amount, promise_date=d.promise_date,
        promise_status=PromiseStatus.PENDING if d.promise_amount is not None else None,
        compliance_note=note, override_by=actor.user_id if note else None)
    s.add(record)
    s.flush()
    if d.outcome not in NOT_REACHED:
        # an SQL UPDATE that only moves forward: safe against a concurrent contact, and it
        # leaves the customer's version alone (see tasks.refresh_next_follow_up)
        s.execute(update(Customer)
                  .where(Customer.id == customer.id,
                         or_(Customer.last_contact_at.is_(None),
                             Customer.last_contact_at < d.contacted_at))
                  .values(last_contact_at=d.contacted_at))
    if note:
        uow.audit(OVERRIDE_ACTION, f"{customer.name}：{note}", entity="contact_records",
                  entity_id=str(record.id), customer_id=customer.id,
                  after={"rules": [v.code for v in lifted], "note": note,
                         "quiet_hours_reason": d.quiet_hours_reason or None,
                         "override": d.override or None,
                         "contacted_at": d.contacted_at.isoformat()})
    task_id = None
    if d.next_follow_up_on is not None:
        task_id = open_follow_up(
            s, customer, d.next_follow_up_on, f"跟进 {customer.name}",
            created_by=actor.user_id, source_type="contact_records", source_id=record.id,
            note=f"{local_date(d.contacted_at):%Y-%m-%d} {d.channel.label}"
                 f"（{d.outcome.label}）{d.summary or ''}"[:500]).id
    uow.flush()
    [view] = _views(s, select(ContactRecord).where(ContactRecord.id == record.id))
    return replace(view, follow_up_task_id=task_id)


# ---- reading ---------------------------------------------------------------------------

def _views(session: Session, stmt: Select[tuple[ContactRecord]]) -> list[ContactView]:
    user, overrider = aliased(User), aliased(User)
    full = (stmt.add_columns(Loan.loan_no, user.display_name, overrider.display_name)
            .outerjoin(Loan, Loan.id == ContactRecord.loan_id)
            .outerjoin(user, user.id == ContactRecord.user_id)
            .outerjoin(overrider, overrider.id == ContactRecord.override_by))
    return [ContactView(
        c.id, c.customer_id, c.loan_id, loan_no or "", c.user_id, user_name or "", c.channel,
        c.direction, c.party, c.party_name or "", c.contacted_at, c.outcome, c.summary,
        c.promise_amount, c.promise_date, c.promise_status, c.next_follow_up_on,
        c.compliance_note or "", c.override_by, override_name or "", c.version)
        for c, loan_no, user_name, override_name in session.execute(full)]


def contact_timeline(uow: UnitOfWork, actor: Actor, customer_id: int,
                     channel: ContactChannel | None = None,
                     outcome: ContactOutcome | None = None, limit: int = 200) -> list[ContactView]:
    """Newest first, with each promise and its status."""
    scoped_customer(uow.session, actor, customer_id)
    stmt = select(ContactRecord).where(ContactRecord.customer_id == customer_id)
    if channel is not None:
        stmt = stmt.where(ContactRecord.channel == channel)
    if outcome is not None:
        stmt = stmt.where(ContactRecord.outcome == outcome)
    stmt = stmt.order_by(ContactRecord.contacted_at.desc(), ContactRecord.id.desc()).limit(limit)
    return _views(uow.session, stmt)


def contact_parties(uow: UnitOfWork, actor: Actor, customer_id: int) -> list[PartyView]:
    """The people on file, for the dialog's party picker, with who may discuss the debt."""
    scoped_customer(uow.session, actor, customer_id)
    rows = uow.session.scalars(select(CustomerParty)
                               .where(CustomerParty.customer_id == customer_id)
                               .order_by(CustomerParty.id))
    return [PartyView(p.id, p.relation, p.name, p.authorised,
                      PartyOnFile(p.relation, p.name, p.authorised).has_standing) for p in rows]


def list_overrides(uow: UnitOfWork, actor: Actor, since: datetime | None = None,
                   limit: int = 500) -> list[OverrideView]:
    """Compliance overrides within scope, newest first: for supervisors and auditors."""
    if not (actor.can(Permission.REVIEW) or actor.can(Permission.READ_AUDIT)):
        raise PermissionDenied("只有主管和审计人员可以查看合规特批记录")
    stmt = (select(AuditEvent, Customer.name)
            .join(Customer, Customer.id == AuditEvent.customer_id)
            .where(AuditEvent.action == OVERRIDE_ACTION, customer_scope(actor)))
    if since is not None:
        stmt = stmt.where(AuditEvent.occurred_at >= since)
    stmt = stmt.order_by(AuditEvent.id.desc()).limit(limit)
    out = []
    for e, name in uow.session.execute(stmt):
        after = e.after or {}
        out.append(OverrideView(
            e.id, e.occurred_at, e.actor_name, e.customer_id, name,
            int(e.entity_id) if e.entity_id and e.entity_id.isdigit() else None,
            tuple(RULE_LABELS.get(c, c) for c in after.get("rules", [])),
            str(after.get("note") or e.summary)))
    return out


__all__ = [
    "NOT_REACHED", "ComplianceRefused", "ContactDraft", "add_contact", "contact_parties",
    "contact_timeline", "get_compliance_settings", "list_overrides", "load_settings",
    "set_compliance_settings",
]
