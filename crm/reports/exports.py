"""Every Excel list the branch sends out: customers, loans, contacts, visit plans, alerts, plans,
survey responses (one row per response: each dimension's score, NPS, free text).

Each is rows from the actor's data scope, masked unless the role may and the user chose to
unmask, written by crm.reports.excel, and audited as one event (what, rows, masked, filter).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import SHANGHAI, local_today
from crm.domain.enums import QuestionKind, Role
from crm.domain.errors import PermissionDenied, UserError
from crm.domain.identity import display_phone
from crm.domain.masking import mask_address, mask_id, mask_phone, scrub
from crm.domain.surveys import RATED_DIMENSIONS
from crm.importing.fields import BY_KEY
from crm.models import (
    Branch, ContactRecord, Customer, Loan, RepaymentPlan, RepaymentPlanInstalment, RiskAlert,
    RiskRule, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTemplate, User, VisitPlan,
    VisitStaff,
)
from crm.persistence.engine import Database
from crm.queries.customers import CustomerFilter
from crm.queries.scope import customer_scope
from crm.reports.excel import Cancel, Column, ExportSpec, Progress, check_target, write_export

PAGE = 2000
LABELS = {"customers": "客户清单", "loans": "贷款清单", "contacts": "联系记录",
          "visits": "走访计划", "alerts": "预警清单", "plans": "还款计划", "surveys": "问卷结果"}
DATED = {"contacts": "联系日期", "visits": "计划日期", "alerts": "预警日期", "plans": "首期还款日",
         "surveys": "调查日期"}
_ENTITY = {"customers": "customers", "loans": "loans", "contacts": "contact_records",
           "visits": "visit_plans", "alerts": "risk_alerts", "plans": "repayment_plans",
           "surveys": "survey_responses"}
VISIT_DAYS = 7   # a visit plan export without dates: this week's plan, from today
_AREA_FIRST = frozenset("23456789")   # first digit of a mainland area code other than 10

CUSTOMER_HEADERS = [BY_KEY[k].label for k in (
    "name", "id_number", "phone", "phone2", "address", "district", "occupation", "employer",
    "monthly_income", "manager")] + ["贷款余额合计", "逾期金额合计", "最长逾期天数", "最差五级分类"]
LOAN_HEADERS = [BY_KEY[k].label for k in (
    "loan_no", "name", "id_number", "product", "principal", "balance", "disbursed_on",
    "maturity_on", "overdue_days", "overdue_amount", "five_tier")]


@dataclass(frozen=True)
class ExportRequest:
    what: str                                   # a key of LABELS
    unmasked: bool = False
    date_from: date | None = None               # contacts, visits, alerts, plans
    date_to: date | None = None
    ids: Sequence[int] | None = None            # customers: the list's current view, in order
    filters: Sequence[tuple[str, str]] = ()     # how the view was filtered, for 说明
    view: CustomerFilter | None = None          # the list's filter, described in 说明


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    unmasked: bool
    what: str = "customers"


def can_unmask(actor: Actor) -> bool:
    return actor.can(Permission.EXPORT_UNMASKED)


class _Masker:
    def __init__(self, unmasked: bool) -> None:
        self.unmasked = unmasked

    def id(self, value: str | None) -> str:
        return (value or "") if self.unmasked else mask_id(value)

    def phone(self, value: str | None) -> str:
        if not value:
            return ""
        # stored mobiles and landlines (E.164) give the same text as display_phone and
        # mask_phone without parsing them with phonenumbers, which was a third of a 100k-row
        # export; a test holds the two ways equal
        if len(value) == 14 and value.startswith("+861"):
            national = value[3:]
            if self.unmasked:
                return f"{national[:3]} {national[3:7]} {national[7:]}"
            return f"{national[:3]}****{national[7:]}"
        if not self.unmasked and value.startswith("+86") and value[3:4] in _AREA_FIRST \
                and value[3:6] not in ("400", "800") and value[3:].isdigit():
            digits = "0" + value[3:]   # landline: trunk prefix 0 and the area code
            return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
        return display_phone(value) if self.unmasked else mask_phone(value)

    def address(self, value: str | None) -> str:
        return (value or "") if self.unmasked else mask_address(value)

    def text(self, value: str | None) -> str:
        """Free text a person typed may hold an ID or a phone number."""
        return (value or "") if self.unmasked else scrub(value or "")


def _label(member: Any) -> str | None:
    return member.label if member is not None else None


def _yes_no(flag: bool | None) -> str | None:
    return None if flag is None else ("是" if flag else "否")


@dataclass
class _Source:
    columns: list[Column]
    total: int
    pages: Iterator[list[list[Any]]]
    scope_note: str = ""


# --- ranges and scope --------------------------------------------------------------------------

def _range(req: ExportRequest) -> tuple[date | None, date | None]:
    start, end = req.date_from, req.date_to
    if req.what == "visits" and start is None and end is None:
        start = local_today()
        end = start + timedelta(days=VISIT_DAYS - 1)
    if start is not None and end is not None and start > end:
        raise UserError(f"开始日期 {start:%Y-%m-%d} 晚于结束日期 {end:%Y-%m-%d}，请改正日期范围。")
    return start, end


def _moment_range(col: Any, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    """Local (Shanghai) calendar days as UTC bounds on a stored timestamp."""
    conds = []
    if start is not None:
        conds.append(col >= datetime.combine(start, time(0), SHANGHAI).astimezone(timezone.utc))
    if end is not None:
        upper = datetime.combine(end + timedelta(days=1), time(0), SHANGHAI)
        conds.append(col < upper.astimezone(timezone.utc))
    return conds


def _day_range(col: Any, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    return [c for c in ((col >= start) if start else None, (col <= end) if end else None)
            if c is not None]


def _scope_text(session: Session, actor: Actor) -> str:
    if actor.operator:
        return "全部数据（命令行，数据库操作员）"
    if actor.sees_all_branches:
        return "全部支行的客户"
    if actor.role is Role.SUPERVISOR:
        name = session.scalar(select(Branch.name).where(Branch.id == actor.branch_id)) or "本支行"
        return f"{name}全部客户"
    return f"{actor.display_name or actor.username} 管户的客户"


def _by_text(actor: Actor) -> str:
    if actor.operator:
        return f"{actor.display_name}（数据库操作员）"
    return f"{actor.display_name or actor.username}（{actor.role.label}）"


def _stream(session: Session, stmt: Select[Any],
            rows: Callable[[Sequence[Any]], list[list[Any]]]) -> Iterator[list[list[Any]]]:
    """One ordered query, fetched a page at a time (a server-side cursor on PostgreSQL), each
    page turned into cells by `rows`. Closing the generator (the writer does, on cancel or
    error) closes the cursor while the transaction is still open."""
    result = session.execute(stmt.execution_options(yield_per=PAGE))
    try:
        for page in result.partitions():
            yield rows(page)
    finally:
        result.close()


def _count(session: Session, stmt: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


# --- the lists ---------------------------------------------------------------------------------

def _customers(session: Session, actor: Actor, m: _Masker, req: ExportRequest) -> _Source:
    owner = aliased(User)
    stmt = (select(Customer.id, Customer.name, Customer.id_number, Customer.phone,
                   Customer.phone2, Customer.address, Customer.district, Customer.occupation,
                   Customer.employer, Customer.monthly_income, owner.display_name,
                   Customer.total_balance, Customer.overdue_amount, Customer.max_overdue_days,
                   Customer.worst_class)
            .outerjoin(owner, owner.id == Customer.owner_id).where(customer_scope(actor)))
    kinds = ["text"] * 8 + ["money", "text", "money", "money", "int", "text"]
    columns = [Column(h, k) for h, k in zip(CUSTOMER_HEADERS, kinds)]  # type: ignore[arg-type]

    def row(r: Any) -> list[Any]:
        return [r[1], m.id(r[2]), m.phone(r[3]), m.phone(r[4]), m.address(r[5]), r[6], r[7],
                r[8], r[9], r[10], r[11], r[12], r[13], _label(r[14])]

    if req.ids is None:
        total = _count(session, stmt)
        pages = _stream(session, stmt.order_by(Customer.id), lambda page: [row(r) for r in page])
        return _Source(columns, total, pages)
    ids = list(req.ids)

    def chosen() -> Iterator[list[list[Any]]]:
        """The given customers in the given order (the list's current view), scope kept."""
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found = {r[0]: r for r in session.execute(stmt.where(Customer.id.in_(chunk)))}
            yield [row(found[i]) for i in chunk if i in found]
    return _Source(columns, len(ids), chosen(), f"（客户列表当前视图，{len(ids):,} 位）")


def _loans(session: Session, actor: Actor, m: _Masker, req: ExportRequest) -> _Source:
    stmt = (select(Loan.loan_no, Customer.name, Customer.id_number, Loan.product, Loan.principal,
                   Loan.balance, Loan.disbursed_on, Loan.maturity_on, Loan.overdue_days,
                   Loan.overdue_amount, Loan.five_tier)
            .join(Customer, Customer.id == Loan.customer_id).where(customer_scope(actor)))
    kinds = ["text", "text", "text", "text", "money", "money", "date", "date", "int", "money",
             "text"]
    columns = [Column(h, k) for h, k in zip(LOAN_HEADERS, kinds)]  # type: ignore[arg-type]
    pages = _stream(session, stmt.order_by(Loan.id), lambda page: [
        [r[0], r[1], m.id(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], _label(r[10])]
        for r in page])
    return _Source(columns, _count(session, stmt), pages)


def _contacts(session: Session, actor: Actor, m: _Masker, req: ExportRequest) -> _Source:
    start, end = _range(req)
    who = aliased(User)
    stmt = (select(ContactRecord.contacted_at, Customer.name, Customer.id_number, Loan.loan_no,
                   ContactRecord.channel, ContactRecord.direction, ContactRecord.party,
                   ContactRecord.party_name, ContactRecord.outcome, ContactRecord.summary,
                   ContactRecord.promise_amount, ContactRecord.promise_date,
                   ContactRecord.promise_status, ContactRecord.next_follow_up_on,
                   who.display_name)
            .join(Customer, Customer.id == ContactRecord.customer_id)
            .outerjoin(Loan, Loan.id == ContactRecord.loan_id)
            .outerjoin(who, who.id == ContactRecord.user_id)
            .where(customer_scope(actor),
                   *_moment_range(ContactRecord.contacted_at, start, end)))
    columns = [Column("联系时间", "datetime"), Column("客户姓名"), Column("证件号码"),
               Column("借据号"), Column("渠道"), Column("方向"), Column("联系对象"),
               Column("对象姓名"), Column("联系结果"), Column("摘要", width=50),
               Column("承诺金额", "money"), Column("承诺日期", "date"), Column("承诺状态"),
               Column("下次跟进", "date"), Column("记录人")]
    pages = _stream(session, stmt.order_by(ContactRecord.contacted_at, ContactRecord.id),
                    lambda page: [[r[0], r[1], m.id(r[2]), r[3], _label(r[4]), _label(r[5]),
                                   _label(r[6]), r[7], _label(r[8]), m.text(r[9]), r[10], r[11],
                                   _label(r[12]), r[13], r[14]] for r in page])
    return _Source(columns, _count(session, stmt), pages)


def _visit_scope(actor: Actor) -> ColumnElement[bool]:
    """Own customers' visits, and visits the actor goes on (as the second staff member)."""
    if actor.sees_all_branches:
        return true()
    if actor.user_id is None:
        return customer_scope(actor)
    on_it = exists().where(VisitStaff.visit_id == VisitPlan.id,
                           VisitStaff.user_id == actor.user_id)
    return or_(customer_scope(actor), on_it)


def _staff_names(session: Session, visit_ids: list[int]) -> dict[int, str]:
    rows = session.execute(
        select(VisitStaff.visit_id, VisitStaff.lead, User.display_name)
        .join(User, User.id == VisitStaff.user_id).where(VisitStaff.visit_id.in_(visit_ids))
        .order_by(VisitStaff.visit_id, VisitStaff.lead.desc(), User.display_name))
    names: dict[int, list[str]] = {}
    for visit_id, lead, name in rows:
        names.setdefault(visit_id, []).append(f"{name}（主办）" if lead else name)
    return {k: "、".join(v) for k, v in names.items()}


def _window(start: time | None, end: time | None) -> str:
    if start is None and end is None:
        return ""
    return f"{start:%H:%M}–{end:%H:%M}" if start and end else f"{(start or end):%H:%M}"


def _visits(session: Session, actor: Actor, m: _Masker, req: ExportRequest) -> _Source:
    start, end = _range(req)
    stmt = (select(VisitPlan.id, VisitPlan.planned_on, VisitPlan.route_order,
                   VisitPlan.window_start, VisitPlan.window_end, Customer.name,
                   Customer.id_number, Customer.phone, Customer.address, Customer.district,
                   VisitPlan.purpose, VisitPlan.status, VisitPlan.met_customer,
                   VisitPlan.visited_at, VisitPlan.findings, VisitPlan.agreed_actions,
                   VisitPlan.review_status)
            .join(Customer, Customer.id == VisitPlan.customer_id)
            .where(_visit_scope(actor), *_day_range(VisitPlan.planned_on, start, end)))
    columns = [Column("计划日期", "date"), Column("路线顺序", "int"), Column("时间窗口"),
               Column("走访人员"), Column("客户姓名"), Column("证件号码"), Column("联系电话"),
               Column("地址"), Column("区域"), Column("走访目的"), Column("状态"),
               Column("见到客户"), Column("走访时间", "datetime"), Column("走访结果", width=40),
               Column("约定事项", width=40), Column("审核")]
    ordered = stmt.order_by(VisitPlan.planned_on, VisitPlan.route_order.is_(None),
                            VisitPlan.route_order, VisitPlan.window_start, VisitPlan.id)

    def rows(page: Sequence[Any]) -> list[list[Any]]:
        staff = _staff_names(session, [r[0] for r in page])
        return [[r[1], r[2], _window(r[3], r[4]), staff.get(r[0], ""), r[5], m.id(r[6]),
                 m.phone(r[7]), m.address(r[8]), r[9], _label(r[10]), _label(r[11]),
                 _yes_no(r[12]), r[13], m.text(r[14]), m.text(r[15]), _label(r[16])]
                for r in page]
    note = "" if actor.sees_all_branches else "及本人参与的走访"
    return _Source(columns, _count(session, stmt), _stream(session, ordered, rows), note)


def _alerts(session: Session, actor: Actor, m: _Masker, req: ExportRequest) -> _Source:
    start, end = _range(req)
    owner, assignee = aliased(User), aliased(User)
    stmt = (select(RiskAlert.raised_at, RiskAlert.level, RiskAlert.status, Customer.name,
                   Customer.id_number, owner.display_name, func.coalesce(RiskRule.name,
                                                                         RiskAlert.rule_code),
                   RiskAlert.reason, RiskAlert.respond_by, assignee.display_name,
                   RiskAlert.escalated, RiskAlert.action, RiskAlert.action_note,
                   RiskAlert.closed_at)
            .join(Customer, Customer.id == RiskAlert.customer_id)
            .outerjoin(owner, owner.id == Customer.owner_id)
            .outerjoin(assignee, assignee.id == RiskAlert.assignee_id)
            .outerjoin(RiskRule, RiskRule.code == RiskAlert.rule_code)
            .where(customer_scope(actor), *_moment_range(RiskAlert.raised_at, start, end)))
    columns = [Column("预警时间", "datetime"), Column("预警级别"), Column("状态"),
               Column("客户姓名"), Column("证件号码"), Column("管户经理"), Column("预警规则"),
               Column("原因", width=40), Column("处理时限", "datetime"), Column("处理人"),
               Column("已升级"), Column("处理措施"), Column("处理说明", width=40),
               Column("关闭时间", "datetime")]
    pages = _stream(session, stmt.order_by(RiskAlert.raised_at, RiskAlert.id), lambda page: [
        [r[0], _label(r[1]), _label(r[2]), r[3], m.id(r[4]), r[5], r[6], m.text(r[7]), r[8],
         r[9], _yes_no(r[10]), r[11], m.text(r[12]), r[13]] for r in page])
    return _Source(columns, _count(session, stmt), pages)


def _plans(session: Session, actor: Actor, m: _Masker, req: ExportRequest) -> _Source:
    start, end = _range(req)
    inst = RepaymentPlanInstalment
    paid = (select(func.coalesce(func.sum(inst.paid_amount), 0)).where(
        inst.plan_id == RepaymentPlan.id).scalar_subquery())
    paid_count = (select(func.count()).where(
        inst.plan_id == RepaymentPlan.id, inst.paid_on.is_not(None)).scalar_subquery())
    stmt = (select(Customer.name, Customer.id_number, RepaymentPlan.arrears_amount,
                   RepaymentPlan.grace_months, RepaymentPlan.instalment_count,
                   RepaymentPlan.method, RepaymentPlan.first_due_on, RepaymentPlan.status,
                   RepaymentPlan.signed_on, paid, paid_count, RepaymentPlan.note)
            .join(Customer, Customer.id == RepaymentPlan.customer_id)
            .where(and_(customer_scope(actor),
                        *_day_range(RepaymentPlan.first_due_on, start, end))))
    columns = [Column("客户姓名"), Column("证件号码"), Column("欠款金额", "money"),
               Column("宽限期（月）", "int"), Column("期数", "int"), Column("还款方式"),
               Column("首期还款日", "date"), Column("状态"), Column("签署日期", "date"),
               Column("已还金额", "money"), Column("已还期数", "int"), Column("备注", width=40)]
    pages = _stream(session, stmt.order_by(RepaymentPlan.first_due_on, RepaymentPlan.id),
                    lambda page: [[r[0], m.id(r[1]), r[2], r[3], r[4], _label(r[5]), r[6],
                                   _label(r[7]), r[8], r[9], r[10], m.text(r[11])]
                                  for r in page])
    return _Source(columns, _count(session, stmt), pages)


def _surveys(session: Session, actor: Actor, m: _Masker, req: ExportRequest) -> _Source:
    """One row per response: when, whose, how, which template version, the score of each
    rated dimension (the mean when a template asks it twice), NPS, choices and free text."""
    start, end = _range(req)
    owner = aliased(User)
    stmt = (select(SurveyResponse.id, SurveyResponse.collected_at, Customer.name,
                   Customer.id_number, owner.display_name, SurveyResponse.channel,
                   SurveyTemplate.name, SurveyTemplate.revision, SurveyResponse.survey_code,
                   SurveyResponse.nps, SurveyResponse.low, SurveyResponse.positive)
            .join(Customer, Customer.id == SurveyResponse.customer_id)
            .join(SurveyTemplate, SurveyTemplate.id == SurveyResponse.template_id)
            .outerjoin(owner, owner.id == SurveyResponse.manager_id)
            .where(customer_scope(actor),
                   *_moment_range(SurveyResponse.collected_at, start, end)))
    columns = [Column("调查时间", "datetime"), Column("客户姓名"), Column("证件号码"),
               Column("客户经理"), Column("渠道"), Column("问卷（版本）"), Column("问卷编号"),
               *[Column(d.label, "number") for d in RATED_DIMENSIONS],
               Column("推荐意愿（NPS 0–10）", "int"), Column("低分（已开整改）"),
               Column("好评"), Column("选择题回答", width=40), Column("意见建议", width=50)]

    def rows(page: Sequence[Any]) -> list[list[Any]]:
        ids = [r[0] for r in page]
        scores: dict[int, dict[Any, list[int]]] = {}
        choices: dict[int, list[str]] = {}
        texts: dict[int, list[str]] = {}
        for rid, dim, kind, seq, score, choice, text in session.execute(
                select(SurveyAnswer.response_id, SurveyQuestion.dimension, SurveyQuestion.kind,
                       SurveyQuestion.seq, SurveyAnswer.score, SurveyAnswer.choice,
                       SurveyAnswer.text)
                .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
                .where(SurveyAnswer.response_id.in_(ids))
                .order_by(SurveyAnswer.response_id, SurveyQuestion.seq)):
            if kind is QuestionKind.LIKERT5 and score is not None:
                scores.setdefault(rid, {}).setdefault(dim, []).append(score)
            elif choice:
                choices.setdefault(rid, []).append(f"第{seq}题：{choice}")
            elif text:
                texts.setdefault(rid, []).append(m.text(text))
        out = []
        for r in page:
            mine = scores.get(r[0], {})
            dims = [round(sum(v) / len(v), 2) if (v := mine.get(d)) else None
                    for d in RATED_DIMENSIONS]
            out.append([r[1], r[2], m.id(r[3]), r[4], _label(r[5]), f"{r[6]}（第 {r[7]} 版）",
                        r[8], *dims, r[9], _yes_no(r[10]), _yes_no(r[11]),
                        "；".join(choices.get(r[0], ())), "\n".join(texts.get(r[0], ()))])
        return out
    ordered = stmt.order_by(SurveyResponse.collected_at, SurveyResponse.id)
    return _Source(columns, _count(session, stmt), _stream(session, ordered, rows))


_SOURCES: dict[str, Callable[[Session, Actor, _Masker, ExportRequest], _Source]] = {
    "customers": _customers, "loans": _loans, "contacts": _contacts, "visits": _visits,
    "alerts": _alerts, "plans": _plans, "surveys": _surveys,
}


def _describe_view(session: Session, flt: CustomerFilter) -> list[tuple[str, str]]:
    """The customer list's filter in words, for the 说明 sheet."""
    owner = session.scalar(select(User.display_name).where(User.id == flt.owner_id)) \
        if flt.owner_id is not None else None
    promise = {"due": "承诺到期", "broken": "承诺未兑现"}.get(flt.promise or "")
    pairs = [("搜索", flt.text.strip()), ("客户经理", owner), ("区域", flt.district),
             ("客户分层", flt.segment), ("风险等级", _label(flt.risk_level)),
             ("五级分类", _label(flt.five_tier)), ("逾期档次", _label(flt.bucket)),
             ("未联系天数", f"{flt.no_contact_days} 天以上" if flt.no_contact_days else None),
             ("承诺", promise), ("预警", "有未处理预警" if flt.open_alert else None)]
    return [(k, v) for k, v in pairs if v]


# --- running one -------------------------------------------------------------------------------

def _filters(req: ExportRequest) -> list[tuple[str, str]]:
    out = list(req.filters)
    if req.what in DATED:
        start, end = _range(req)
        if start or end:
            text = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}" if start and end else (
                f"{start:%Y-%m-%d} 起" if start else f"截至 {end:%Y-%m-%d}")
            out.append((DATED[req.what], text))
    return out


def run_export(db: Database, actor: Actor, req: ExportRequest, path: str | Path, *,
               progress: Progress | None = None, cancel: Cancel | None = None) -> ExportResult:
    """Write one list to `path` (.xlsx), masked unless req.unmasked; audited."""
    if req.what not in _SOURCES:
        raise UserError(f"不支持导出“{req.what}”，可选：{'、'.join(LABELS.values())}")
    actor.require(Permission.EXPORT)
    if req.unmasked and not can_unmask(actor):
        raise PermissionDenied(f"当前角色（{actor.role.label}）不能导出未脱敏的清单；"
                               "请按脱敏方式导出，或请主管导出。")
    if req.what not in DATED and (req.date_from or req.date_to):
        raise UserError(f"{LABELS[req.what]}不按日期筛选；日期范围只用于"
                        f"{'、'.join(LABELS[k] for k in DATED)}。")
    path, label = Path(path), LABELS[req.what]
    check_target(path)
    filters = _filters(req)
    with db.uow(actor) as uow:
        if req.view is not None:
            filters = _describe_view(uow.session, req.view) + filters
        source = _SOURCES[req.what](uow.session, actor, _Masker(req.unmasked), req)
        scope = _scope_text(uow.session, actor) + source.scope_note
        spec = ExportSpec(label, scope, _by_text(actor), source.columns, filters,
                          masked=not req.unmasked)

        def audit(rows: int) -> None:
            """Committed when the file is complete, just before it is moved into place: an
            export is never in the user's hands unaudited (at worst audited but not moved)."""
            mode = "未脱敏" if req.unmasked else "脱敏"
            uow.audit("export", f"导出{label}（{mode}）{rows} 行到“{path.name}”",
                      entity=_ENTITY[req.what],
                      after={"what": req.what, "rows": rows, "unmasked": req.unmasked,
                             "file": path.name, "filter": dict(filters)})
            uow.commit()

        written = write_export(path, spec, source.pages, source.total, progress=progress,
                               cancel=cancel, before_replace=audit)
    return ExportResult(path, written, req.unmasked, req.what)


def export_customers(db: Database, actor: Actor, path: str | Path, *, unmasked: bool = False,
                     progress: Progress | None = None, cancel: Cancel | None = None,
                     ids: Sequence[int] | None = None,
                     view: CustomerFilter | None = None) -> ExportResult:
    """All customers in scope, or `ids` in that order (the list's current view, filtered by
    `view`, which the 说明 sheet describes)."""
    return run_export(db, actor, ExportRequest("customers", unmasked, ids=ids, view=view),
                      path, progress=progress, cancel=cancel)


def export_loans(db: Database, actor: Actor, path: str | Path, *, unmasked: bool = False,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> ExportResult:
    return run_export(db, actor, ExportRequest("loans", unmasked), path, progress=progress,
                      cancel=cancel)
