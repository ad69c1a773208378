"""Satisfaction surveys that close the loop: templates, responses, remediation cases, feedback.

- Templates (问卷模板) are the administrator's. Editing one that already has responses saves
  a new revision (same code) and retires the old one, so old responses keep their version.
- A response (调查) is recorded for a customer in scope, on a channel, optionally against a
  printed survey code. No customer is surveyed twice within `min_days_between` days
  (settings key "surveys", default 30) — except a follow-up survey that checks a closed
  remediation case. A low answer (Likert ≤ 2, NPS ≤ 6) opens a remediation case for the
  customer's manager, due after n working days (default 3); 意见建议 text becomes a
  suggestion feedback item; the customer's open survey tasks are done.
- Cases (闭环整改): root cause, action, outcome; closing one can schedule a follow-up survey
  (a task); `escalate_overdue_cases` (daily, like settle_promises) escalates overdue cases to
  the branch supervisor with a task on their 今日工作.
- Feedback (客户反馈): complaints, suggestions, praise; adoption decisions on suggestions
  (已采纳 / 暂不采纳 with a reason / 已实施); a complaint about a customer opens a case.
- Opening a case informs the branch supervisor: a task (kind 整改, source "case_opened")
  due today on their 今日工作, done when the case closes.
- Scheduling: a survey task after each completed visit (`schedule_visit_survey`), and a
  periodic survey per customer segment (`schedule_periodic_surveys`, daily: settings
  "segment_periods", default 优质维护 every 90 days, 重点关注 every 180).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import exists, func, insert, select
from sqlalchemy.orm import Session

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import SHANGHAI, local_date, local_today
from crm.domain.enums import (
    Adoption, CaseStatus, FeedbackKind, FeedbackStatus, Role, SurveyChannel, TaskKind,
    TaskStatus, TemplateStatus,
)
from crm.domain.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from crm.domain.risk import add_working_days
from crm.domain.surveys import (
    AnswerInput, QuestionDef, ResponseSummary, SurveySettings, TemplateDraft, month_key,
    new_survey_code, normalise_survey_code, question_from_json, summarise, template_problems,
    validate_answers,
)
from crm.models import (
    Customer, Feedback, RemediationCase, Setting, SurveyAnswer, SurveyQuestion, SurveyResponse,
    SurveyTemplate, Task, User,
)
from crm.models.surveys import SurveyInvitation
from crm.paths import RESOURCES
from crm.persistence.uow import UnitOfWork
from crm.queries.customers import scoped_customer
from crm.queries.scope import customer_scope
from crm.services.settings import put_setting
from crm.services.tasks import open_follow_up

SETTINGS_KEY = "surveys"
DEFAULT_TEMPLATE = RESOURCES / "surveys" / "default_template.json"
VISIT_SURVEY = "visit_survey"          # Task.source_type of the survey after a visit
CASE_FOLLOW_UP = "case_follow_up"      # ... of the follow-up survey of a closed case
CASE_ESCALATED = "case_escalated"      # ... of the supervisor's task for an overdue case
CASE_OPENED = "case_opened"            # ... of the supervisor's notice of a new case
PERIODIC_SURVEY = "periodic_survey"    # ... of the periodic survey of a segment's customers
CASE_NOT_FOUND = "整改事项不存在，或不在您的管辖范围内"
FEEDBACK_NOT_FOUND = "反馈不存在，或不在您的管辖范围内"
SUGGESTION_CATEGORY = "意见建议"


# ---- settings ------------------------------------------------------------------------------

def survey_settings(session: Session) -> SurveySettings:
    row = session.get(Setting, SETTINGS_KEY)
    try:
        return SurveySettings.from_json(row.value if row else None)
    except (ValueError, TypeError, AttributeError):
        return SurveySettings()


def set_survey_settings(uow: UnitOfWork, actor: Actor, settings: SurveySettings) -> SurveySettings:
    actor.require(Permission.MANAGE_SETTINGS)
    if errors := settings.problems():
        raise ValidationError(errors)
    put_setting(uow.session, SETTINGS_KEY, settings.to_json())
    return survey_settings(uow.session)


def survey_segments(session: Session) -> list[str]:
    """The customer segments a period can be set for: those of the current risk rule set (the
    shipped defaults before the first recompute), then any other segment named in settings."""
    from crm.services.risk import current_rule_set, load_default_rule_set

    rs = current_rule_set(session) or load_default_rule_set()
    names = [seg.name for seg in rs.segments]
    return names + [n for n, _d in survey_settings(session).segment_periods if n not in names]


def settings_for_edit(uow: UnitOfWork, actor: Actor) -> tuple[SurveySettings, list[str]]:
    """The settings and the segments a survey period can be set for (the settings dialog)."""
    actor.require(Permission.MANAGE_SETTINGS)
    return survey_settings(uow.session), survey_segments(uow.session)


def _writer(actor: Actor) -> None:
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


# ---- templates -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TemplateView:
    id: int
    code: str
    revision: int
    name: str
    description: str
    status: TemplateStatus
    version: int
    questions: tuple[QuestionDef, ...]
    responses: int
    previous_id: int | None

    @property
    def title(self) -> str:
        return f"{self.name}（第 {self.revision} 版）"


def _template_view(session: Session, t: SurveyTemplate) -> TemplateView:
    rows = session.scalars(select(SurveyQuestion).where(SurveyQuestion.template_id == t.id)
                           .order_by(SurveyQuestion.seq))
    questions = tuple(QuestionDef(q.seq, q.text, q.dimension, q.kind, tuple(q.choices or ()),
                                  q.required, q.id) for q in rows)
    n = session.scalar(select(func.count()).select_from(SurveyResponse)
                       .where(SurveyResponse.template_id == t.id)) or 0
    return TemplateView(t.id, t.code, t.revision, t.name, t.description or "", t.status,
                        t.version, questions, n, t.previous_id)


def load_default_template() -> TemplateDraft:
    spec = json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))
    return TemplateDraft(spec["name"], tuple(question_from_json(q) for q in spec["questions"]),
                         spec["code"])


def ensure_default_template(uow: UnitOfWork) -> TemplateView:
    """The shipped default template (resources/surveys/default_template.json), installed on
    first use; an existing one (the latest revision of its code) is left as the admin made it."""
    draft = load_default_template()
    s = uow.session
    t = s.scalar(select(SurveyTemplate).where(SurveyTemplate.code == draft.code)
                 .order_by(SurveyTemplate.revision.desc()).limit(1))
    if t is None:
        spec = json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))
        t = _store(s, draft, draft.code or "SAT-DEFAULT", 1, None, spec.get("description"))
    return _template_view(s, t)


def _store(session: Session, draft: TemplateDraft, code: str, revision: int,
           previous_id: int | None, description: str | None) -> SurveyTemplate:
    t = SurveyTemplate(code=code, revision=revision, name=draft.name.strip(),
                       status=TemplateStatus.ACTIVE, previous_id=previous_id,
                       description=(description or "").strip() or None)
    session.add(t)
    session.flush()
    for n, q in enumerate(draft.questions, start=1):
        session.add(SurveyQuestion(template_id=t.id, seq=n, text=q.text.strip(),
                                   dimension=q.dimension, kind=q.kind,
                                   choices=[c.strip() for c in q.choices], required=q.required))
    session.flush()
    return t


def _check_template(draft: TemplateDraft) -> None:
    if errors := template_problems(draft):
        raise ValidationError(errors)


def list_templates(uow: UnitOfWork, actor: Actor, include_retired: bool = False) -> list[TemplateView]:
    actor.require(Permission.READ_CUSTOMERS)
    stmt = select(SurveyTemplate).order_by(SurveyTemplate.code, SurveyTemplate.revision.desc())
    if not include_retired:
        stmt = stmt.where(SurveyTemplate.status == TemplateStatus.ACTIVE)
    return [_template_view(uow.session, t) for t in uow.session.scalars(stmt)]


def get_template(uow: UnitOfWork, actor: Actor, template_id: int) -> TemplateView:
    actor.require(Permission.READ_CUSTOMERS)
    t = uow.session.get(SurveyTemplate, template_id)
    if t is None:
        raise NotFoundError("问卷模板不存在")
    return _template_view(uow.session, t)


def create_template(uow: UnitOfWork, actor: Actor, draft: TemplateDraft,
                    description: str | None = None) -> TemplateView:
    actor.require(Permission.MANAGE_SETTINGS)
    _check_template(draft)
    code = (draft.code or "").strip() or f"SAT-{datetime.now(SHANGHAI):%y%m%d%H%M%S}"
    if uow.session.scalar(select(SurveyTemplate.id).where(SurveyTemplate.code == code)):
        raise ValidationError({"code": f"问卷编号“{code}”已存在"})
    return _template_view(uow.session, _store(uow.session, draft, code, 1, None, description))


def edit_template(uow: UnitOfWork, actor: Actor, template_id: int, expected_version: int,
                  draft: TemplateDraft, description: str | None = None) -> TemplateView:
    """In place while nobody has answered it; otherwise a new revision, the old one retired."""
    actor.require(Permission.MANAGE_SETTINGS)
    _check_template(draft)
    s = uow.session
    t = _template_for_change(s, template_id, expected_version)
    if _template_view(s, t).responses == 0:
        t.name, t.description = draft.name.strip(), (description or "").strip() or None
        for q in s.scalars(select(SurveyQuestion).where(SurveyQuestion.template_id == t.id)):
            s.delete(q)
        s.flush()
        for n, q in enumerate(draft.questions, start=1):
            s.add(SurveyQuestion(template_id=t.id, seq=n, text=q.text.strip(),
                                 dimension=q.dimension, kind=q.kind,
                                 choices=[c.strip() for c in q.choices], required=q.required))
        s.flush()
        return _template_view(s, t)
    latest = s.scalar(select(func.max(SurveyTemplate.revision))
                      .where(SurveyTemplate.code == t.code)) or t.revision
    t.status, t.retired_at = TemplateStatus.RETIRED, datetime.now(timezone.utc)
    new = _store(s, draft, t.code, latest + 1, t.id, description)
    return _template_view(s, new)


def _template_for_change(session: Session, template_id: int, expected_version: int) -> SurveyTemplate:
    t = session.get(SurveyTemplate, template_id)
    if t is None:
        raise NotFoundError("问卷模板不存在")
    if t.version != expected_version:
        raise ConflictError("该问卷模板已被其他人修改，请刷新后再操作")
    if t.status is TemplateStatus.RETIRED:
        raise ValidationError({"status": "该问卷模板已停用，不能修改"})
    return t


def retire_template(uow: UnitOfWork, actor: Actor, template_id: int,
                    expected_version: int) -> TemplateView:
    actor.require(Permission.MANAGE_SETTINGS)
    t = _template_for_change(uow.session, template_id, expected_version)
    t.status, t.retired_at = TemplateStatus.RETIRED, datetime.now(timezone.utc)
    uow.flush()
    return _template_view(uow.session, t)


# ---- responses -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ResponseDraft:
    customer_id: int
    channel: SurveyChannel
    answers: tuple[AnswerInput, ...]
    template_id: int | None = None     # None: the template of the survey code
    collected_at: datetime | None = None
    visit_id: int | None = None
    survey_code: str | None = None
    follow_up_of: int | None = None    # the remediation case this survey checks


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    id: int
    customer_id: int
    template_id: int
    template_title: str
    channel: SurveyChannel
    survey_code: str | None
    collected_at: datetime
    summary: ResponseSummary
    case_id: int | None
    feedback_ids: tuple[int, ...]


def last_surveyed(session: Session, customer_id: int) -> datetime | None:
    return session.scalar(select(func.max(SurveyResponse.collected_at))
                          .where(SurveyResponse.customer_id == customer_id))


def survey_blocked_until(session: Session, customer_id: int, at: datetime | None = None) -> date | None:
    """The first day the customer may be surveyed again, or None when they may be now."""
    gap = survey_settings(session).min_days_between
    last = last_surveyed(session, customer_id)
    if last is None or gap <= 0:
        return None
    free = local_date(last) + timedelta(days=gap)
    return free if free > local_date(_now(at)) else None


def _too_soon(session: Session, customer: Customer, at: datetime) -> None:
    gap = survey_settings(session).min_days_between
    last = last_surveyed(session, customer.id)
    if last is not None and gap > 0 and abs(local_date(at) - local_date(last)).days < gap:
        raise ValidationError({"customer_id": (
            f"客户{customer.name}已于 {local_date(last):%Y-%m-%d} 接受过满意度调查，"
            f"{gap} 天内不再重复调查（{local_date(last) + timedelta(days=gap):%Y-%m-%d} 起可再调查；"
            "间隔可由管理员在设置中调整）")})


def _invitation(session: Session, code: str, customer: Customer) -> SurveyInvitation:
    norm = normalise_survey_code(code)
    if norm is None:
        raise ValidationError({"survey_code": f"问卷编号“{code}”格式不正确或校验位不符，请核对纸质问卷"})
    inv = session.scalar(select(SurveyInvitation).where(SurveyInvitation.code == norm))
    if inv is None:
        raise ValidationError({"survey_code": f"问卷编号“{norm}”不存在"})
    if inv.customer_id != customer.id:
        raise ValidationError({"survey_code": f"问卷编号“{norm}”不是发给客户{customer.name}的"})
    if inv.response_id is not None:
        raise ValidationError({"survey_code": f"问卷编号“{norm}”的答卷已录入，不能重复录入"})
    return inv


def record_response(uow: UnitOfWork, actor: Actor, draft: ResponseDraft,
                    now: datetime | None = None) -> ResponseRecord:
    """Validate and store one response; open the loop (case, feedback) it calls for."""
    _writer(actor)
    s, now = uow.session, _now(now)
    customer = scoped_customer(s, actor, draft.customer_id)
    at = draft.collected_at or now
    at = (at.replace(tzinfo=SHANGHAI) if at.tzinfo is None else at).astimezone(timezone.utc)
    if at > now + timedelta(minutes=5):
        raise ValidationError({"collected_at": "调查时间不能晚于当前时间"})
    inv = _invitation(s, draft.survey_code, customer) if draft.survey_code else None
    template_id = inv.template_id if inv else draft.template_id
    t = s.get(SurveyTemplate, template_id) if template_id is not None else None
    if t is None:
        raise ValidationError({"template_id": "请选择问卷模板"})
    if t.status is TemplateStatus.RETIRED and inv is None:
        raise ValidationError({"template_id": f"问卷“{t.name}”第 {t.revision} 版已停用，请使用新版问卷"})
    follow_up_of = draft.follow_up_of or (inv.case_id if inv else None)
    if follow_up_of is None:
        _too_soon(s, customer, at)
    view = _template_view(s, t)
    answers, errors = validate_answers(view.questions, draft.answers)
    if errors:
        raise ValidationError(errors)
    summary = summarise(view.questions, answers)
    response = _store_response(s, customer, t, draft, at, answers, summary, actor,
                               inv.code if inv else None, follow_up_of)
    if inv is not None:
        inv.response_id = response.id
    case_id = _open_case(uow, customer, summary, response.id, now) if summary.low else None
    feedback_ids = tuple(_suggestion(s, actor, customer, response, text, at)
                         for text in summary.suggestions)
    _survey_tasks_done(s, customer.id, now)
    uow.flush()
    return ResponseRecord(response.id, customer.id, t.id, view.title, draft.channel,
                          response.survey_code, at, summary, case_id, feedback_ids)


def _store_response(session: Session, customer: Customer, t: SurveyTemplate,
                    draft: ResponseDraft, at: datetime, answers: Sequence[AnswerInput],
                    summary: ResponseSummary, actor: Actor, code: str | None,
                    follow_up_of: int | None) -> SurveyResponse:
    month = month_key(at)
    response = SurveyResponse(
        template_id=t.id, customer_id=customer.id, visit_id=draft.visit_id,
        channel=draft.channel, survey_code=code, collected_by=actor.user_id, collected_at=at,
        month=month, manager_id=customer.owner_id, branch_id=customer.branch_id,
        segment=customer.segment, nps=summary.nps, likert_sum=summary.likert_sum,
        likert_n=summary.likert_n, likert_top=summary.likert_top, low=summary.low,
        positive=summary.positive, follow_up_of=follow_up_of)
    session.add(response)
    session.flush()   # the response's own audit event; answers go in as one insert
    session.execute(insert(SurveyAnswer), [
        {"response_id": response.id, "question_id": a.question_id, "score": a.score,
         "choice": a.choice, "text": a.text, "month": month} for a in answers])
    return response


def _case_due(session: Session, today: date) -> date:
    st = survey_settings(session)
    return add_working_days(today, st.case_due_working_days, st.holidays)


def _open_case(uow: UnitOfWork, customer: Customer, summary: ResponseSummary,
               response_id: int, now: datetime) -> int:
    case = RemediationCase(customer_id=customer.id, response_id=response_id,
                           assignee_id=customer.owner_id,
                           due_on=_case_due(uow.session, local_date(now)),
                           status=CaseStatus.OPEN, trigger="；".join(summary.triggers))
    uow.session.add(case)
    uow.session.flush()
    _inform_supervisor(uow, case, customer, now)
    return case.id


def _inform_supervisor(uow: UnitOfWork, case: RemediationCase, customer: Customer,
                       now: datetime) -> Task | None:
    """A new case is put before the branch supervisor: a task due today on their 今日工作
    (done when the case closes). None when the branch has no supervisor, or the supervisor
    is the case's own assignee."""
    s = uow.session
    boss = _supervisor(s, customer.branch_id)
    if boss is None or boss == case.assignee_id:
        return None
    manager = s.get(User, case.assignee_id) if case.assignee_id else None
    who = manager.display_name if manager else "（未分配客户经理）"
    task = Task(kind=TaskKind.REMEDIATION, title=f"新整改事项（知悉）：{customer.name}"[:255],
                customer_id=customer.id, owner_id=boss, due_on=local_date(now),
                status=TaskStatus.OPEN, source_type=CASE_OPENED, source_id=case.id,
                created_by=uow.actor.user_id,
                note=(f"满意度整改事项：{case.trigger}\n责任客户经理：{who}，"
                      f"应于 {case.due_on:%Y-%m-%d} 前完成。请知悉并督促；处理完可标记完成。")[:500])
    s.add(task)
    s.flush()
    return task


def _suggestion(session: Session, actor: Actor, customer: Customer, response: SurveyResponse,
                text: str, at: datetime) -> int:
    fb = Feedback(customer_id=customer.id, kind=FeedbackKind.SUGGESTION,
                  category=SUGGESTION_CATEGORY, content=text,
                  channel=response.channel.label, received_by=actor.user_id,
                  assignee_id=customer.owner_id, status=FeedbackStatus.OPEN,
                  response_id=response.id, received_at=at)
    session.add(fb)
    session.flush()
    return fb.id


def _survey_tasks_done(session: Session, customer_id: int, now: datetime) -> None:
    for task in session.scalars(select(Task).where(
            Task.customer_id == customer_id, Task.kind == TaskKind.SURVEY,
            Task.status == TaskStatus.OPEN)):
        task.status, task.done_at = TaskStatus.DONE, now


def mark_thanked(uow: UnitOfWork, actor: Actor, response_id: int, note: str,
                 now: datetime | None = None) -> None:
    """Record the thank-you or loyalty action for a positive response."""
    _writer(actor)
    s = uow.session
    r = s.get(SurveyResponse, response_id)
    if r is None:
        raise NotFoundError("答卷不存在")
    scoped_customer(s, actor, r.customer_id)
    if not r.positive:
        raise ValidationError({"response_id": "只有好评答卷（各项 ≥ 4 分且推荐意愿 ≥ 9 分）可登记感谢回馈"})
    if not note.strip():
        raise ValidationError({"note": "请填写感谢或回馈措施"})
    r.thanks_note, r.thanked_at, r.thanked_by = note.strip()[:500], _now(now), actor.user_id
    uow.flush()


# ---- paper sheets --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class InvitationView:
    id: int
    code: str
    customer_id: int
    customer_name: str
    template_id: int
    channel: SurveyChannel
    issued_at: datetime
    response_id: int | None
    case_id: int | None


def issue_survey_codes(uow: UnitOfWork, actor: Actor, customer_ids: Sequence[int],
                       template_id: int, channel: SurveyChannel = SurveyChannel.PAPER,
                       case_id: int | None = None, now: datetime | None = None) -> list[InvitationView]:
    """One survey code per customer (for a printed sheet), in the order given."""
    _writer(actor)
    s, now = uow.session, _now(now)
    t = s.get(SurveyTemplate, template_id)
    if t is None or t.status is TemplateStatus.RETIRED:
        raise ValidationError({"template_id": "请选择启用中的问卷模板"})
    out = []
    for cid in customer_ids:
        customer = scoped_customer(s, actor, cid)
        code = new_survey_code(local_date(now))
        while s.scalar(select(SurveyInvitation.id).where(SurveyInvitation.code == code)):
            code = new_survey_code(local_date(now))
        inv = SurveyInvitation(code=code, customer_id=customer.id, template_id=t.id,
                               channel=channel, issued_at=now, issued_by=actor.user_id,
                               case_id=case_id)
        s.add(inv)
        s.flush()
        out.append(InvitationView(inv.id, code, customer.id, customer.name, t.id, channel, now,
                                  None, case_id))
    return out


def find_invitation(uow: UnitOfWork, actor: Actor, code: str) -> InvitationView:
    """What a typed code stands for: the customer and template to enter the answers on."""
    actor.require(Permission.READ_CUSTOMERS)
    norm = normalise_survey_code(code)
    if norm is None:
        raise ValidationError({"survey_code": f"问卷编号“{code}”格式不正确或校验位不符，请核对纸质问卷"})
    row = uow.session.execute(
        select(SurveyInvitation, Customer.name).join(Customer, Customer.id == SurveyInvitation.customer_id)
        .where(SurveyInvitation.code == norm, customer_scope(actor))).first()
    if row is None:
        raise NotFoundError(f"问卷编号“{norm}”不存在，或客户不在您的管辖范围内")
    inv, name = row
    return InvitationView(inv.id, inv.code, inv.customer_id, name, inv.template_id, inv.channel,
                          inv.issued_at, inv.response_id, inv.case_id)


def open_invitations(uow: UnitOfWork, actor: Actor, template_id: int,
                     limit: int = 5000) -> list[InvitationView]:
    """Printed sheets of this template whose answers are not entered yet, oldest first
    (customers in scope)."""
    actor.require(Permission.READ_CUSTOMERS)
    rows = uow.session.execute(
        select(SurveyInvitation, Customer.name)
        .join(Customer, Customer.id == SurveyInvitation.customer_id)
        .where(SurveyInvitation.template_id == template_id,
               SurveyInvitation.response_id.is_(None), customer_scope(actor))
        .order_by(SurveyInvitation.issued_at, SurveyInvitation.id).limit(limit))
    return [InvitationView(inv.id, inv.code, inv.customer_id, name, inv.template_id,
                           inv.channel, inv.issued_at, None, inv.case_id) for inv, name in rows]


# ---- remediation cases ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CaseView:
    id: int
    customer_id: int
    customer_name: str
    response_id: int | None
    feedback_id: int | None
    assignee_id: int | None
    due_on: date
    status: CaseStatus
    trigger: str
    root_cause: str
    action_taken: str
    outcome: str
    escalated: bool
    escalated_to: int | None
    closed_at: datetime | None
    follow_up_task_id: int | None
    version: int

    def overdue(self, today: date) -> bool:
        return self.status is CaseStatus.OPEN and self.due_on < today


def _case_view(case: RemediationCase, name: str) -> CaseView:
    return CaseView(case.id, case.customer_id, name, case.response_id, case.feedback_id,
                    case.assignee_id, case.due_on, case.status, case.trigger,
                    case.root_cause or "", case.action_taken or "", case.outcome or "",
                    case.escalated, case.escalated_to, case.closed_at, case.follow_up_task_id,
                    case.version)


def _case(uow: UnitOfWork, actor: Actor, case_id: int, expected_version: int | None) -> tuple[RemediationCase, Customer]:
    row = uow.session.execute(
        select(RemediationCase, Customer).join(Customer, Customer.id == RemediationCase.customer_id)
        .where(RemediationCase.id == case_id, customer_scope(actor))).first()
    if row is None:
        raise NotFoundError(CASE_NOT_FOUND)
    case, customer = row
    if expected_version is not None and case.version != expected_version:
        raise ConflictError("该整改事项已被其他人修改，请刷新后再操作")
    return case, customer


def get_case(uow: UnitOfWork, actor: Actor, case_id: int) -> CaseView:
    actor.require(Permission.READ_CUSTOMERS)
    case, customer = _case(uow, actor, case_id, None)
    return _case_view(case, customer.name)


def list_cases(uow: UnitOfWork, actor: Actor, status: CaseStatus | None = CaseStatus.OPEN,
               customer_id: int | None = None, limit: int = 500) -> list[CaseView]:
    actor.require(Permission.READ_CUSTOMERS)
    stmt = (select(RemediationCase, Customer.name)
            .join(Customer, Customer.id == RemediationCase.customer_id)
            .where(customer_scope(actor))
            .order_by(RemediationCase.due_on, RemediationCase.id).limit(limit))
    if status is not None:
        stmt = stmt.where(RemediationCase.status == status)
    if customer_id is not None:
        stmt = stmt.where(RemediationCase.customer_id == customer_id)
    return [_case_view(c, n) for c, n in uow.session.execute(stmt)]


def _text(value: str | None, field: str, label: str, limit: int = 2000) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationError({field: f"{label}不能超过 {limit} 个字"})
    return text or None


def update_case(uow: UnitOfWork, actor: Actor, case_id: int, expected_version: int, *,
                root_cause: str | None = None, action_taken: str | None = None,
                outcome: str | None = None) -> CaseView:
    """Save what is known so far (None leaves a field as it is)."""
    _writer(actor)
    case, customer = _case(uow, actor, case_id, expected_version)
    if case.status is CaseStatus.CLOSED:
        raise ValidationError({"status": "整改事项已关闭，不能再修改"})
    for field, label, value in (("root_cause", "原因分析", root_cause),
                                ("action_taken", "整改措施", action_taken),
                                ("outcome", "整改结果", outcome)):
        if value is not None:
            setattr(case, field, _text(value, field, label))
    uow.flush()
    return _case_view(case, customer.name)


def close_case(uow: UnitOfWork, actor: Actor, case_id: int, expected_version: int, *,
               root_cause: str, action_taken: str, outcome: str,
               follow_up_on: date | None = None, now: datetime | None = None) -> CaseView:
    """Close with the root cause, action and outcome; `follow_up_on` schedules a follow-up
    survey (a task for the manager) to check the remedy worked."""
    _writer(actor)
    now = _now(now)
    case, customer = _case(uow, actor, case_id, expected_version)
    if case.status is CaseStatus.CLOSED:
        raise ValidationError({"status": "整改事项已关闭"})
    errors = {f: f"关闭整改事项前请填写{label}" for f, label, v in (
        ("root_cause", "原因分析", root_cause), ("action_taken", "整改措施", action_taken),
        ("outcome", "整改结果", outcome)) if not (v or "").strip()}
    if follow_up_on is not None and follow_up_on < local_date(now):
        errors["follow_up_on"] = "回访调查日期不能早于今天"
    if errors:
        raise ValidationError(errors)
    case.root_cause = _text(root_cause, "root_cause", "原因分析")
    case.action_taken = _text(action_taken, "action_taken", "整改措施")
    case.outcome = _text(outcome, "outcome", "整改结果")
    case.status, case.closed_at, case.closed_by = CaseStatus.CLOSED, now, actor.user_id
    for task in uow.session.scalars(select(Task).where(
            Task.source_type.in_((CASE_ESCALATED, CASE_OPENED)), Task.source_id == case.id,
            Task.status == TaskStatus.OPEN)):
        task.status, task.done_at = TaskStatus.DONE, now
    if follow_up_on is not None:
        task = open_follow_up(uow.session, customer, follow_up_on,
                              f"整改回访调查：{customer.name}", created_by=actor.user_id,
                              owner_id=case.assignee_id, kind=TaskKind.SURVEY,
                              source_type=CASE_FOLLOW_UP, source_id=case.id,
                              note=f"整改事项：{case.trigger}\n整改措施：{case.action_taken}"[:500])
        case.follow_up_task_id = task.id
    uow.flush()
    return _case_view(case, customer.name)


def _supervisor(session: Session, branch_id: int | None) -> int | None:
    if branch_id is None:
        return None
    return session.scalar(select(User.id).where(User.branch_id == branch_id,
                                                User.role == Role.SUPERVISOR,
                                                User.active.is_(True)).order_by(User.id).limit(1))


@dataclass(frozen=True, slots=True)
class CaseNotices:
    """The supervisor's open notices about remediation cases (their 今日工作 banner)."""

    opened: int        # new cases to note (知悉)
    escalated: int     # overdue cases escalated to them

    @property
    def total(self) -> int:
        return self.opened + self.escalated


def case_notices(uow: UnitOfWork, actor: Actor) -> CaseNotices:
    """Open 新整改事项（知悉） and 整改逾期 tasks owned by the actor."""
    actor.require(Permission.READ_CUSTOMERS)
    if actor.user_id is None:
        return CaseNotices(0, 0)
    counts = dict(uow.session.execute(
        select(Task.source_type, func.count()).where(
            Task.owner_id == actor.user_id, Task.status == TaskStatus.OPEN,
            Task.source_type.in_((CASE_OPENED, CASE_ESCALATED)))
        .group_by(Task.source_type)).all())
    return CaseNotices(counts.get(CASE_OPENED, 0), counts.get(CASE_ESCALATED, 0))


def escalate_overdue_cases(uow: UnitOfWork, today: date | None = None,
                           now: datetime | None = None) -> int:
    """Open cases past their due date, not yet escalated: to the branch supervisor, with a
    task due today on their 今日工作. A system job, idempotent; run daily."""
    s, today, now = uow.session, today or local_today(), _now(now)
    uow.one_at_a_time("escalate_overdue_cases")
    rows = s.execute(select(RemediationCase, Customer)
                     .join(Customer, Customer.id == RemediationCase.customer_id)
                     .where(RemediationCase.status == CaseStatus.OPEN,
                            RemediationCase.due_on < today,
                            RemediationCase.escalated.is_(False))).all()
    for case, customer in rows:
        boss = _supervisor(s, customer.branch_id)
        case.escalated, case.escalated_at, case.escalated_to = True, now, boss
        s.add(Task(kind=TaskKind.REMEDIATION, title=f"整改逾期：{customer.name}"[:255],
                   customer_id=customer.id, owner_id=boss or case.assignee_id, due_on=today,
                   status=TaskStatus.OPEN, source_type=CASE_ESCALATED, source_id=case.id,
                   created_by=uow.actor.user_id,
                   note=f"满意度整改事项（{case.trigger}）应于 {case.due_on:%Y-%m-%d} 前完成，"
                        "已逾期，请督促客户经理处理。"[:500]))
    s.flush()
    return len(rows)


# ---- survey tasks --------------------------------------------------------------------------

def schedule_visit_survey(session: Session, customer: Customer, visit_id: int, owner_id: int | None,
                          visited_on: date, created_by: int | None) -> Task | None:
    """After a completed visit: a survey task due the next working day, unless the customer
    was surveyed too recently, or already has an open survey task."""
    if survey_blocked_until(session, customer.id) is not None:
        return None
    if session.scalar(select(Task.id).where(Task.customer_id == customer.id,
                                            Task.kind == TaskKind.SURVEY,
                                            Task.status == TaskStatus.OPEN).limit(1)):
        return None
    task = Task(kind=TaskKind.SURVEY, title=f"满意度回访：{customer.name}"[:255],
                customer_id=customer.id, owner_id=owner_id or customer.owner_id or created_by,
                due_on=add_working_days(visited_on, 1), status=TaskStatus.OPEN,
                source_type=VISIT_SURVEY, source_id=visit_id, created_by=created_by,
                note="走访后请客户填写满意度问卷（电话或纸质）。")
    session.add(task)
    session.flush()
    return task


def _day_start(day: date) -> datetime:
    """00:00 of a Beijing day, in UTC (how collected_at is stored)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI).astimezone(timezone.utc)


def _first_due(s: Session, where: tuple[Any, ...], segment: str, limit: int,
               given: dict[int | None, int]) -> list[tuple[int, str, int | None]]:
    """The first due customers of each manager, in id order, up to `limit` a manager counting
    `given` (updated). One streamed walk of the segment's index that stops once every manager
    of the segment is served: with a large backlog it reads a few thousand rows, not all."""
    owners = set(s.scalars(select(Customer.owner_id).where(Customer.segment == segment)
                           .distinct()))
    room = {o: limit - given.get(o, 0) for o in owners}
    waiting = sum(1 for r in room.values() if r > 0)
    picked: list[tuple[int, int | None]] = []
    result = s.execute(select(Customer.id, Customer.owner_id).where(*where)
                       .order_by(Customer.id).execution_options(yield_per=2000))
    for cid, owner in result:
        if waiting == 0:
            break
        if room.get(owner, 0) > 0:
            picked.append((cid, owner))
            room[owner] -= 1
            given[owner] = given.get(owner, 0) + 1
            waiting -= room[owner] == 0
    result.close()
    names: dict[int, str] = {}
    ids = [cid for cid, _o in picked]
    for start in range(0, len(ids), 500):
        names.update(s.execute(select(Customer.id, Customer.name)
                               .where(Customer.id.in_(ids[start:start + 500]))).tuples().all())
    return [(cid, names[cid], owner) for cid, owner in picked]


def schedule_periodic_surveys(uow: UnitOfWork, today: date | None = None,
                              now: datetime | None = None) -> int:
    """A 满意度调查 task due today for each customer of a segment with a survey period (settings
    "segment_periods") whose last survey is at least that many days old, or who was never
    surveyed; never within the minimum gap between two surveys, never beside an open survey
    task. At most `periodic_daily_limit` new tasks per manager a day (lowest customer ids
    first; the rest come on the following days), so switching a segment on does not bury a
    manager. One streamed SELECT per segment finds who is due (no query per customer), then
    the tasks go in by executemany: the write lock is held only for the insert. A system
    job, idempotent; run daily. Returns the tasks created."""
    s, today, now = uow.session, today or local_today(), _now(now)
    uow.one_at_a_time("schedule_periodic_surveys")
    st = survey_settings(s)
    limit = st.periodic_daily_limit
    # what each manager was already given today (an earlier run)
    given: dict[int | None, int] = dict(s.execute(
        select(Task.owner_id, func.count()).where(Task.source_type == PERIODIC_SURVEY,
                                                  Task.due_on == today)
        .group_by(Task.owner_id)).all()) if limit else {}
    tasks: list[dict[str, Any]] = []
    for segment, _days in st.segment_periods:
        period = st.effective_period(segment)
        if period is None:
            continue
        # surveyed on or after this day: not due yet
        cutoff = _day_start(today - timedelta(days=period - 1))
        recent = exists().where(SurveyResponse.customer_id == Customer.id,
                                SurveyResponse.collected_at >= cutoff)
        open_task = exists().where(Task.customer_id == Customer.id,
                                   Task.kind == TaskKind.SURVEY,
                                   Task.status == TaskStatus.OPEN)
        where = (Customer.segment == segment, ~recent, ~open_task)
        if limit:
            rows = _first_due(s, where, segment, limit, given)
        else:
            rows = s.execute(select(Customer.id, Customer.name, Customer.owner_id)
                             .where(*where).order_by(Customer.id)).all()
        note = (f"客户细分“{segment}”每 {period} 天做一次满意度调查（电话、纸质或上门）；"
                f"同一客户 {st.min_days_between} 天内只调查一次。")
        for cid, name, owner in rows:
            tasks.append({"kind": TaskKind.SURVEY, "customer_id": cid, "owner_id": owner,
                          "title": f"定期满意度调查：{name}（{segment}，每 {period} 天）"[:255],
                          "due_on": today, "status": TaskStatus.OPEN,
                          "source_type": PERIODIC_SURVEY, "note": note, "created_by": None,
                          "created_at": now, "updated_at": now, "version": 1})
    for start in range(0, len(tasks), 5000):
        s.execute(insert(Task.__table__), tasks[start:start + 5000])
    if tasks:
        uow.audit("schedule", f"定期满意度调查：新建调查任务 {len(tasks)} 个", entity="tasks",
                  after={"tasks": len(tasks), "today": today.isoformat()})
    s.flush()
    return len(tasks)


# ---- feedback ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FeedbackDraft:
    kind: FeedbackKind
    content: str
    customer_id: int | None = None
    category: str | None = None
    channel: str | None = None
    assignee_id: int | None = None
    due_on: date | None = None
    received_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedbackView:
    id: int
    kind: FeedbackKind
    content: str
    customer_id: int | None
    customer_name: str
    category: str
    channel: str
    received_by: int | None
    assignee_id: int | None
    due_on: date | None
    status: FeedbackStatus
    resolution: str
    resolution_satisfaction: int | None
    adoption: Adoption | None
    adoption_reason: str
    response_id: int | None
    received_at: datetime
    age_days: int          # days since received (to closing, when closed)
    version: int


def _feedback_view(fb: Feedback, name: str | None, today: date) -> FeedbackView:
    end = local_date(fb.closed_at) if fb.closed_at else today
    return FeedbackView(fb.id, fb.kind, fb.content, fb.customer_id, name or "", fb.category or "",
                        fb.channel or "", fb.received_by, fb.assignee_id, fb.due_on, fb.status,
                        fb.resolution or "", fb.resolution_satisfaction, fb.adoption,
                        fb.adoption_reason or "", fb.response_id, fb.received_at,
                        max(0, (end - local_date(fb.received_at)).days), fb.version)


def add_feedback(uow: UnitOfWork, actor: Actor, draft: FeedbackDraft,
                 now: datetime | None = None) -> FeedbackView:
    """Record a complaint, suggestion or praise; a complaint about a customer opens a case."""
    _writer(actor)
    s, now = uow.session, _now(now)
    customer = scoped_customer(s, actor, draft.customer_id) if draft.customer_id else None
    errors = {}
    content = (draft.content or "").strip()
    if not content:
        errors["content"] = "请填写反馈内容"
    elif len(content) > 2000:
        errors["content"] = "反馈内容不能超过 2000 个字"
    if draft.kind is FeedbackKind.COMPLAINT and customer is None:
        errors["customer_id"] = "投诉请关联客户"
    at = draft.received_at or now
    at = (at.replace(tzinfo=SHANGHAI) if at.tzinfo is None else at).astimezone(timezone.utc)
    if at > now + timedelta(minutes=5):
        errors["received_at"] = "收到时间不能晚于当前时间"
    if errors:
        raise ValidationError(errors)
    fb = Feedback(customer_id=customer.id if customer else None, kind=draft.kind,
                  category=_text(draft.category, "category", "类别", 64),
                  content=content, channel=_text(draft.channel, "channel", "渠道", 32),
                  received_by=actor.user_id,
                  assignee_id=draft.assignee_id or (customer.owner_id if customer else None),
                  due_on=draft.due_on, status=FeedbackStatus.OPEN, received_at=at)
    s.add(fb)
    s.flush()
    if draft.kind is FeedbackKind.COMPLAINT and customer is not None:
        case = RemediationCase(customer_id=customer.id, feedback_id=fb.id,
                               assignee_id=customer.owner_id,
                               due_on=draft.due_on or _case_due(s, local_date(now)),
                               status=CaseStatus.OPEN, trigger=f"客户投诉：{content}"[:200])
        s.add(case)
        s.flush()
        _inform_supervisor(uow, case, customer, now)
    return _feedback_view(fb, customer.name if customer else None, local_date(now))


def _feedback(uow: UnitOfWork, actor: Actor, feedback_id: int,
              expected_version: int) -> tuple[Feedback, str | None]:
    s = uow.session
    row = s.execute(select(Feedback, Customer.name)
                    .outerjoin(Customer, Customer.id == Feedback.customer_id)
                    .where(Feedback.id == feedback_id)).first()
    if row is None:
        raise NotFoundError(FEEDBACK_NOT_FOUND)
    fb, name = row
    if fb.customer_id is not None:
        try:
            scoped_customer(s, actor, fb.customer_id)
        except NotFoundError:
            raise NotFoundError(FEEDBACK_NOT_FOUND) from None
    if fb.version != expected_version:
        raise ConflictError("该反馈已被其他人修改，请刷新后再操作")
    return fb, name


def update_feedback(uow: UnitOfWork, actor: Actor, feedback_id: int, expected_version: int, *,
                    status: FeedbackStatus | None = None, resolution: str | None = None,
                    resolution_satisfaction: int | None = None, assignee_id: int | None = None,
                    due_on: date | None = None, now: datetime | None = None) -> FeedbackView:
    _writer(actor)
    now = _now(now)
    fb, name = _feedback(uow, actor, feedback_id, expected_version)
    errors = {}
    if resolution_satisfaction is not None and not 1 <= resolution_satisfaction <= 5:
        errors["resolution_satisfaction"] = "客户对处理结果的满意度请填 1–5 分"
    closing = status in (FeedbackStatus.RESOLVED, FeedbackStatus.CLOSED)
    if closing and not ((resolution or fb.resolution or "").strip()):
        errors["resolution"] = "办结前请填写处理结果"
    if errors:
        raise ValidationError(errors)
    if resolution is not None:
        fb.resolution = _text(resolution, "resolution", "处理结果")
    if resolution_satisfaction is not None:
        fb.resolution_satisfaction = resolution_satisfaction
    if assignee_id is not None:
        fb.assignee_id = assignee_id
    if due_on is not None:
        fb.due_on = due_on
    if status is not None:
        fb.status = status
        fb.closed_at = now if closing else None
    uow.flush()
    return _feedback_view(fb, name, local_date(now))


def decide_feedback(uow: UnitOfWork, actor: Actor, feedback_id: int, expected_version: int,
                    adoption: Adoption, reason: str | None = None,
                    now: datetime | None = None) -> FeedbackView:
    """已采纳 / 暂不采纳 (a reason is required) / 已实施, by a supervisor or administrator."""
    if not (actor.can(Permission.REVIEW) or actor.can(Permission.MANAGE_SETTINGS)):
        raise PermissionDenied("只有主管或管理员可以决定是否采纳建议")
    now = _now(now)
    fb, name = _feedback(uow, actor, feedback_id, expected_version)
    if fb.kind is not FeedbackKind.SUGGESTION:
        raise ValidationError({"adoption": "只有建议类反馈需要采纳决定"})
    text = (reason or "").strip()
    if adoption is Adoption.NOT_ADOPTED and not text:
        raise ValidationError({"adoption_reason": "暂不采纳请说明原因"})
    fb.adoption, fb.adoption_reason = adoption, _text(text, "adoption_reason", "原因")
    fb.decided_by, fb.decided_at = actor.user_id, now
    if fb.status is FeedbackStatus.OPEN:
        fb.status = FeedbackStatus.IN_PROGRESS if adoption is Adoption.ADOPTED else FeedbackStatus.CLOSED
        fb.closed_at = now if fb.status is FeedbackStatus.CLOSED else None
    if adoption is Adoption.IMPLEMENTED:
        fb.status, fb.closed_at = FeedbackStatus.CLOSED, now
    uow.flush()
    return _feedback_view(fb, name, local_date(now))


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    kind: FeedbackKind | None = None
    status: FeedbackStatus | None = None
    open_only: bool = False
    customer_id: int | None = None
    assignee_id: int | None = None
    adoption_pending: bool = False     # suggestions with no decision yet
    older_than_days: int | None = None


def list_feedback(uow: UnitOfWork, actor: Actor, flt: FeedbackFilter = FeedbackFilter(),
                  today: date | None = None, limit: int = 500) -> list[FeedbackView]:
    """Newest first, within scope (feedback with no customer: supervisors and up)."""
    actor.require(Permission.READ_CUSTOMERS)
    today = today or local_today()
    stmt = (select(Feedback, Customer.name)
            .outerjoin(Customer, Customer.id == Feedback.customer_id)
            .order_by(Feedback.received_at.desc(), Feedback.id.desc()).limit(limit))
    if actor.role is Role.MANAGER and not actor.operator:
        stmt = stmt.where(customer_scope(actor))
    elif not actor.sees_all_branches:
        stmt = stmt.where((Feedback.customer_id.is_(None)) | customer_scope(actor))
    if flt.kind is not None:
        stmt = stmt.where(Feedback.kind == flt.kind)
    if flt.status is not None:
        stmt = stmt.where(Feedback.status == flt.status)
    if flt.open_only:
        stmt = stmt.where(Feedback.status.in_((FeedbackStatus.OPEN, FeedbackStatus.IN_PROGRESS)))
    if flt.customer_id is not None:
        stmt = stmt.where(Feedback.customer_id == flt.customer_id)
    if flt.assignee_id is not None:
        stmt = stmt.where(Feedback.assignee_id == flt.assignee_id)
    if flt.adoption_pending:
        stmt = stmt.where(Feedback.kind == FeedbackKind.SUGGESTION, Feedback.adoption.is_(None))
    if flt.older_than_days is not None:
        cutoff = datetime.combine(today - timedelta(days=flt.older_than_days),
                                  datetime.min.time(), tzinfo=SHANGHAI)
        stmt = stmt.where(Feedback.received_at < cutoff)
    return [_feedback_view(fb, name, today) for fb, name in uow.session.execute(stmt)]


__all__ = [
    "CaseNotices", "CaseView", "FeedbackDraft", "FeedbackFilter", "FeedbackView", "InvitationView",
    "ResponseDraft", "ResponseRecord", "TemplateView", "add_feedback", "close_case",
    "create_template", "decide_feedback", "edit_template", "ensure_default_template",
    "case_notices", "escalate_overdue_cases", "find_invitation", "get_case", "get_template",
    "issue_survey_codes", "last_surveyed", "list_cases", "list_feedback", "list_templates",
    "load_default_template", "mark_thanked", "open_invitations", "record_response", "retire_template",
    "schedule_periodic_surveys", "schedule_visit_survey", "set_survey_settings",
    "settings_for_edit",
    "survey_segments", "survey_blocked_until", "survey_settings",
    "update_case", "update_feedback",
]
