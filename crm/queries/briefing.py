"""Read side of briefing sheets and packs: which customers (by ID number or loan number, or a
staff member's visits on a date), and one frozen BriefingRecord per customer, read in
batches inside the actor's data scope and masked as paper must be.

The ID number is always masked (前6后4); the phone is masked (前3后4) unless `reveal` - the
caller checks Permission.REVEAL and writes the audit event (crm.reports.briefing does).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor
from crm.domain.briefing import (
    CHECKLIST, BranchHeader, BriefContact, BriefingRecord, BriefLastVisit, BriefLoan,
    BriefPromise, PackStop, VisitSlot,
)
from crm.domain.compliance import local_today
from crm.domain.enums import ContactOutcome, LoanStatus, PromiseStatus, VisitStatus
from crm.domain.errors import NotFoundError, ValidationError
from crm.domain.identity import age_on, display_phone, parse_id_number, InvalidIdNumber
from crm.domain.masking import mask_address, mask_id, mask_phone
from crm.models import (
    Branch, ContactRecord, Customer, Loan, RiskScore, User, VisitPlan, VisitStaff,
)
from crm.queries.scope import customer_scope

CONTACTS_SHOWN = 5
PROMISES_SHOWN = 5
BROKEN_WITHIN_DAYS = 180
RISK_REASONS_SHOWN = 3
CHUNK = 100
_DONE = (VisitStatus.VISITED, VisitStatus.NOT_MET, VisitStatus.PENDING_REVIEW,
         VisitStatus.REVIEWED, VisitStatus.RETURNED)
_UPCOMING = (VisitStatus.DRAFT, VisitStatus.APPOINTED)


@dataclass(frozen=True)
class Target:
    """One sheet to print: the customer, and the visit plan it is for (if any)."""

    customer_id: int
    visit_id: int | None = None


# --- which customers -------------------------------------------------------------------------

def resolve_customers(session: Session, actor: Actor, keys: Sequence[str]) -> list[int]:
    """Customer ids for ID numbers or loan numbers, in the order given, duplicates dropped.
    An unknown key (or one outside the actor's scope) is a NotFoundError naming it."""
    out: list[int] = []
    missing: list[str] = []
    for raw in keys:
        key = unicodedata.normalize("NFKC", raw).strip().upper()
        if not key:
            continue
        cid = session.scalar(select(Customer.id).where(
            customer_scope(actor), or_(Customer.id_number == _id_form(key),
                                       Customer.id.in_(select(Loan.customer_id)
                                                       .where(Loan.loan_no == key)))))
        if cid is None:
            missing.append(raw.strip())
        elif cid not in out:
            out.append(cid)
    if missing:
        raise NotFoundError("未找到客户：" + "、".join(missing)
                            + "（请输入证件号码或借据号；也可能不在您的管辖范围内）")
    return out


def _id_form(key: str) -> str:
    try:
        return parse_id_number(key).number    # 15-digit numbers are stored as 18
    except InvalidIdNumber:
        return key


def staff_day_targets(session: Session, actor: Actor, username: str,
                      day: date) -> tuple[str, list[Target]]:
    """The staff member's display name and visit plans on `day` (not cancelled), in route
    order, then by start time; only customers in the actor's scope."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise ValidationError({"staff": f"用户“{username}”不存在"})
    rows = session.execute(
        select(VisitPlan.customer_id, VisitPlan.id)
        .join(VisitStaff, VisitStaff.visit_id == VisitPlan.id)
        .join(Customer, Customer.id == VisitPlan.customer_id)
        .where(VisitStaff.user_id == user.id, VisitPlan.planned_on == day,
               VisitPlan.status != VisitStatus.CANCELLED, customer_scope(actor))
        .order_by(VisitPlan.route_order.is_(None), VisitPlan.route_order,
                  VisitPlan.window_start.is_(None), VisitPlan.window_start, VisitPlan.id))
    return user.display_name, [Target(cid, vid) for cid, vid in rows]


def pack_branch(session: Session, actor: Actor, customer_id: int | None) -> BranchHeader:
    """The bank and branch a document is headed with: the actor's, else the customer's."""
    branch_id = actor.branch_id
    if branch_id is None and customer_id is not None:
        branch_id = session.scalar(select(Customer.branch_id).where(Customer.id == customer_id))
    b = session.get(Branch, branch_id) if branch_id is not None else None
    return BranchHeader(b.bank_name, b.name, b.emergency_contact) if b else BranchHeader("", "")


# --- the cover -------------------------------------------------------------------------------

def pack_stops(session: Session, actor: Actor, targets: Sequence[Target],
               reveal: bool = False) -> list[PackStop]:
    """One light row per target, in the given order (the cover and the summary table).
    Addresses are masked on the cover; phones unless revealed."""
    out: list[PackStop] = []
    for start in range(0, len(targets), CHUNK):
        chunk = targets[start:start + CHUNK]
        found = {c.id: c for c in session.scalars(select(Customer).where(
            Customer.id.in_({t.customer_id for t in chunk}), customer_scope(actor)))}
        visits = {v.id: v for v in session.scalars(select(VisitPlan).where(
            VisitPlan.id.in_({t.visit_id for t in chunk if t.visit_id is not None})))}
        for t in chunk:
            c = found.get(t.customer_id)
            if c is None:
                continue
            v = visits.get(t.visit_id) if t.visit_id is not None else None
            out.append(PackStop(
                len(out) + 1, c.id, c.name, mask_address(c.address), c.district or "",
                _phone(c.phone, reveal), v.window_start if v else None,
                v.window_end if v else None, v.purpose if v else None, v.id if v else None,
                c.max_overdue_days, c.overdue_amount, c.latitude, c.longitude))
        session.expunge_all()
    return out


_CN_MOBILE = re.compile(r"\+861\d{10}")


def _phone(value: str | None, reveal: bool) -> str:
    if not value:
        return ""
    if _CN_MOBILE.fullmatch(value):
        # the usual case, without phonenumbers' parse (0.5 ms a number): same output
        d = value[3:]
        return f"{d[:3]} {d[3:7]} {d[7:]}" if reveal else f"{d[:3]}****{d[7:]}"
    return display_phone(value) if reveal else mask_phone(value)


# --- the sheets ------------------------------------------------------------------------------

def briefing_records(session: Session, actor: Actor, targets: Sequence[Target], *,
                     reveal: bool = False, today: date | None = None,
                     chunk: int = CHUNK) -> Iterator[BriefingRecord]:
    """One record per target in order, read `chunk` customers at a time (a few queries per
    chunk, whatever its size), so a pack of any size streams. Customers outside the scope
    are skipped; callers that name customers resolve them first (resolve_customers)."""
    today = today or local_today()
    for start in range(0, len(targets), chunk):
        part = targets[start:start + chunk]
        yield from _Batch(session, actor, part, reveal, today).records()
        session.expunge_all()


class _Batch:
    def __init__(self, session: Session, actor: Actor, targets: Sequence[Target],
                 reveal: bool, today: date) -> None:
        self.s, self.actor, self.targets = session, actor, targets
        self.reveal, self.today = reveal, today
        self.ids = sorted({t.customer_id for t in targets})

    def records(self) -> Iterator[BriefingRecord]:
        owner = aliased(User)
        rows = self.s.execute(
            select(Customer, owner.display_name, Branch)
            .outerjoin(owner, owner.id == Customer.owner_id)
            .outerjoin(Branch, Branch.id == Customer.branch_id)
            .where(Customer.id.in_(self.ids), customer_scope(self.actor))).all()
        customers = {c.id: (c, o or "", b) for c, o, b in rows}
        if not customers:
            return
        fallback = self._actor_branch()
        loans, contacts, promises = self._loans(), self._contacts(), self._promises()
        last, risk = self._last_visits(), self._risk()
        slots = self._slots()
        for t in self.targets:
            if t.customer_id not in customers:
                continue
            c, owner_name, branch = customers[t.customer_id]
            yield self._record(c, owner_name, branch or fallback, loans[c.id], contacts[c.id],
                               promises[c.id], last.get(c.id), risk.get(c.id),
                               slots.get((c.id, t.visit_id)))

    # -- one record ---------------------------------------------------------------------------
    def _record(self, c: Customer, owner_name: str, branch: Branch | None,
                loans: list[BriefLoan], contacts: list[BriefContact],
                promises: list[BriefPromise], last: BriefLastVisit | None,
                risk: RiskScore | None, slot: VisitSlot | None) -> BriefingRecord:
        gender, birth = c.gender, c.birth_date
        if gender is None or birth is None:
            try:
                info = parse_id_number(c.id_number, self.today)
                gender, birth = gender or info.gender, birth or info.birth_date
            except InvalidIdNumber:
                pass
        # the last recompute's reasons are on the customer; older scores in risk_scores
        reasons = getattr(c, "risk_reasons", None)
        if reasons is None and risk is not None:
            reasons = risk.reasons or []
        hardship = tuple(x.summary for x in contacts
                         if x.outcome is ContactOutcome.HARDSHIP and x.summary)
        difficulties = tuple(dict.fromkeys(
            (*(last.reason_codes if last else ()), *hardship)))
        return BriefingRecord(
            customer_id=c.id, name=c.name, id_masked=mask_id(c.id_number),
            id_last4=c.id_number[-4:], phone=_phone(c.phone, self.reveal),
            phone_revealed=self.reveal and bool(c.phone), address=c.address or "",
            district=c.district or "", gender=gender,
            age=age_on(birth, self.today) if birth else None,
            occupation=c.occupation or "", employer=c.employer or "", owner_name=owner_name,
            segment=c.segment or "",
            risk_level=c.risk_level or (risk.level if risk else None),
            risk_score=c.risk_score if c.risk_score is not None else (
                risk.score if risk else None),
            risk_reasons=_top_reasons(reasons), risk_scored=reasons is not None,
            family_situation=c.family_situation or "",
            monthly_income=c.monthly_income, total_balance=c.total_balance,
            overdue_amount=c.overdue_amount, max_overdue_days=c.max_overdue_days,
            worst_class=c.worst_class, loans=tuple(loans), contacts=tuple(contacts),
            open_promises=tuple(p for p in promises if p.status is PromiseStatus.PENDING),
            broken_promises=tuple(p for p in promises if p.status is PromiseStatus.BROKEN),
            last_visit=last, difficulties=difficulties, visit=slot,
            branch=BranchHeader(branch.bank_name, branch.name, branch.emergency_contact)
            if branch else BranchHeader("", ""),
            latitude=c.latitude, longitude=c.longitude)

    def _actor_branch(self) -> Branch | None:
        if self.actor.branch_id is None:
            return None
        return self.s.get(Branch, self.actor.branch_id)

    # -- related rows, one query each for the whole batch -------------------------------------
    def _loans(self) -> dict[int, list[BriefLoan]]:
        out: dict[int, list[BriefLoan]] = defaultdict(list)
        every: dict[int, list[BriefLoan]] = defaultdict(list)
        for ln in self.s.scalars(select(Loan).where(Loan.customer_id.in_(self.ids))
                                 .order_by(Loan.customer_id, Loan.overdue_days.desc(),
                                           Loan.loan_no)):
            view = BriefLoan(ln.loan_no, ln.product or "", ln.principal, ln.balance,
                             ln.overdue_days, ln.overdue_amount,
                             ln.class_override or ln.five_tier, ln.maturity_on)
            every[ln.customer_id].append(view)
            if ln.status is LoanStatus.ACTIVE:
                out[ln.customer_id].append(view)
        for cid, views in every.items():   # all settled: show them rather than nothing
            if not out[cid]:
                out[cid] = views
        return out

    def _latest(self, stmt: Select[Any], partition: Any, order: list[Any], n: int) -> Any:
        """Rows of `stmt` numbered per `partition` by `order`, keeping the first n."""
        numbered = stmt.add_columns(func.row_number().over(
            partition_by=partition, order_by=order).label("rn")).subquery()
        return select(numbered).where(numbered.c.rn <= n)

    def _contacts(self) -> dict[int, list[BriefContact]]:
        stmt = self._latest(
            select(ContactRecord.customer_id, ContactRecord.contacted_at, ContactRecord.channel,
                   ContactRecord.outcome, ContactRecord.summary, User.display_name)
            .outerjoin(User, User.id == ContactRecord.user_id)
            .where(ContactRecord.customer_id.in_(self.ids)),
            ContactRecord.customer_id,
            [ContactRecord.contacted_at.desc(), ContactRecord.id.desc()], CONTACTS_SHOWN)
        out: dict[int, list[BriefContact]] = defaultdict(list)
        for r in self.s.execute(stmt.order_by("customer_id", "rn")):
            out[r.customer_id].append(BriefContact(_aware(r.contacted_at), r.channel,
                                                   r.outcome, r.summary or "",
                                                   r.display_name or ""))
        return out

    def _promises(self) -> dict[int, list[BriefPromise]]:
        since = self.today - timedelta(days=BROKEN_WITHIN_DAYS)
        stmt = self._latest(
            select(ContactRecord.customer_id, ContactRecord.promise_date,
                   ContactRecord.promise_amount, ContactRecord.promise_status,
                   ContactRecord.contacted_at)
            .where(ContactRecord.customer_id.in_(self.ids),
                   or_(ContactRecord.promise_status == PromiseStatus.PENDING,
                       (ContactRecord.promise_status == PromiseStatus.BROKEN)
                       & (ContactRecord.promise_date >= since))),
            [ContactRecord.customer_id, ContactRecord.promise_status],
            [ContactRecord.promise_date.desc(), ContactRecord.id.desc()], PROMISES_SHOWN)
        out: dict[int, list[BriefPromise]] = defaultdict(list)
        for r in self.s.execute(stmt.order_by("customer_id", "rn")):
            out[r.customer_id].append(BriefPromise(r.promise_date, r.promise_amount,
                                                   r.promise_status, _aware(r.contacted_at)))
        return out

    def _staff(self, visit_ids: set[int]) -> dict[int, tuple[str, ...]]:
        names: dict[int, list[str]] = defaultdict(list)
        if visit_ids:
            for vid, name in self.s.execute(
                    select(VisitStaff.visit_id, User.display_name)
                    .join(User, User.id == VisitStaff.user_id)
                    .where(VisitStaff.visit_id.in_(visit_ids))
                    .order_by(VisitStaff.visit_id, VisitStaff.lead.desc(), User.id)):
                names[vid].append(name)
        return {k: tuple(v) for k, v in names.items()}

    def _last_visits(self) -> dict[int, BriefLastVisit]:
        numbered = select(VisitPlan.id, VisitPlan.customer_id, func.row_number().over(
            partition_by=VisitPlan.customer_id,
            order_by=[VisitPlan.planned_on.desc(), VisitPlan.id.desc()]).label("rn")).where(
            VisitPlan.customer_id.in_(self.ids), VisitPlan.status.in_(_DONE)).subquery()
        visits = list(self.s.scalars(select(VisitPlan).join(
            numbered, numbered.c.id == VisitPlan.id).where(numbered.c.rn == 1)))
        staff = self._staff({v.id for v in visits})
        return {v.customer_id: BriefLastVisit(
            v.planned_on, v.status, v.met_customer, staff.get(v.id, ()), v.situation or "",
            tuple(str(x) for x in (v.reason_codes or ())), v.findings or "",
            v.agreed_actions or "", v.willingness, v.ability, bool(v.safety_incident),
            v.safety_note or "") for v in visits}

    def _slots(self) -> dict[tuple[int, int | None], VisitSlot]:
        """The plan each sheet is for: the one named, else the customer's next upcoming."""
        named = {t.visit_id for t in self.targets if t.visit_id is not None}
        plans = list(self.s.scalars(select(VisitPlan).where(
            VisitPlan.id.in_(named), VisitPlan.customer_id.in_(self.ids)))) if named else []
        unnamed = {t.customer_id for t in self.targets if t.visit_id is None}
        upcoming: dict[int, VisitPlan] = {}
        if unnamed:
            numbered = select(VisitPlan.id, func.row_number().over(
                partition_by=VisitPlan.customer_id,
                order_by=[VisitPlan.planned_on, VisitPlan.window_start, VisitPlan.id])
                .label("rn")).where(VisitPlan.customer_id.in_(unnamed),
                                    VisitPlan.planned_on >= self.today,
                                    VisitPlan.status.in_(_UPCOMING)).subquery()
            for v in self.s.scalars(select(VisitPlan).join(
                    numbered, numbered.c.id == VisitPlan.id).where(numbered.c.rn == 1)):
                upcoming[v.customer_id] = v
        staff = self._staff({v.id for v in plans} | {v.id for v in upcoming.values()})
        out: dict[tuple[int, int | None], VisitSlot] = {}
        for v in plans:
            out[(v.customer_id, v.id)] = _slot(v, staff.get(v.id, ()))
        for cid, v in upcoming.items():
            out[(cid, None)] = _slot(v, staff.get(v.id, ()))
        return out

    def _risk(self) -> dict[int, RiskScore]:
        numbered = select(RiskScore.id, func.row_number().over(
            partition_by=RiskScore.customer_id,
            order_by=[RiskScore.computed_at.desc(), RiskScore.id.desc()]).label("rn")).where(
            RiskScore.customer_id.in_(self.ids)).subquery()
        return {r.customer_id: r for r in self.s.scalars(select(RiskScore).join(
            numbered, numbered.c.id == RiskScore.id).where(numbered.c.rn == 1))}


def _slot(v: VisitPlan, staff: tuple[str, ...]) -> VisitSlot:
    ticks = v.checklist or {}
    return VisitSlot(v.id, v.planned_on, v.window_start, v.window_end, v.purpose, v.status,
                     staff, tuple((item, bool(ticks.get(item))) for item in CHECKLIST),
                     v.notes or "", v.route_order)


def _aware(moment: Any) -> Any:
    """Raw column reads (a subquery) skip the UTC type on SQLite: stored times are UTC."""
    from datetime import timezone
    if moment is not None and getattr(moment, "tzinfo", None) is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def _top_reasons(reasons: Any) -> tuple[str, ...]:
    """Risk reasons as stored (strings, or dicts with a text and maybe points), the weightiest
    first."""
    items: list[tuple[float, str]] = []
    for i, r in enumerate(reasons or ()):
        if isinstance(r, dict):
            text = next((str(r[k]) for k in ("reason", "text", "label", "message", "name")
                         if r.get(k)), "")
            weight = next((float(r[k]) for k in ("points", "weight", "score")
                           if isinstance(r.get(k), (int, float))), 0.0)
        else:
            text, weight = str(r), 0.0
        if text:
            items.append((-weight, f"{i:04d}{text}"))
    items.sort()
    return tuple(t[4:] for _w, t in items[:RISK_REASONS_SHOWN])


__all__ = ["Target", "briefing_records", "pack_branch", "pack_stops", "resolve_customers",
           "staff_day_targets"]
