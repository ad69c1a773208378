"""满意度分析, read side: per-dimension statistics, NPS, trends, breakdowns, free text.

Two GROUP BY passes, both ordered walks of covering indexes (migration 0005):
1. answers by (month, question_id, score) over the period and the one before: every
   dimension's distribution, mean and CSAT, NPS, per month; without a filter it reads
   ix_survey_answers_month alone, with one it joins the filtered responses.
2. responses by (month, manager, branch, segment, channel, template) with their stored
   figures (NPS answer, Likert sum / count / 4–5 count): the breakdown tables and the trend.
Python only adds up the grouped rows (tens of thousands at most), never the answers.
Manager, branch and segment are as they stood when each survey was taken.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, select, true
from sqlalchemy.orm import Session

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import local_today
from crm.domain.enums import (
    Adoption, CaseStatus, FeedbackKind, QuestionKind, Role, SurveyChannel, SurveyDimension,
)
from crm.domain.surveys import (
    DIMENSION_ORDER, RATED_DIMENSIONS, NpsStats, ScoreStats, add_months, change, month_key,
    month_span, nps_stats, previous_period, score_stats,
)
from crm.models import (
    Branch, Customer, Feedback, Loan, RemediationCase, SurveyAnswer, SurveyQuestion,
    SurveyResponse, SurveyTemplate, User,
)

R, A = SurveyResponse, SurveyAnswer


@dataclass(frozen=True, slots=True)
class AnalysisFilter:
    first_month: int                   # yyyymm, inclusive
    last_month: int
    branch_id: int | None = None
    manager_id: int | None = None
    segment: str | None = None
    channel: SurveyChannel | None = None
    template_code: str | None = None

    @classmethod
    def last_months(cls, n: int = 12, today: date | None = None, **kw: Any) -> "AnalysisFilter":
        last = month_key(today or local_today())
        return cls(add_months(last, 1 - n), last, **kw)


@dataclass(frozen=True, slots=True)
class DimensionStat:
    dimension: SurveyDimension
    stats: ScoreStats             # this period (Likert 1–5; NPS 0–10)
    previous: ScoreStats
    mean_change: tuple[float | None, str]
    csat_change: tuple[float | None, str]


@dataclass(frozen=True, slots=True)
class Figures:
    """One row of a breakdown or trend: counts and the headline figures."""

    key: Any
    label: str
    responses: int
    likert_mean: float | None     # over every Likert answer
    csat: float | None            # % of Likert answers at 4–5
    nps: NpsStats
    low: int                      # responses that opened a case


@dataclass(frozen=True, slots=True)
class SurveyAnalysis:
    filter: AnalysisFilter
    previous_months: tuple[int, int]
    responses: int
    previous_responses: int
    dimensions: tuple[DimensionStat, ...]
    nps: NpsStats
    previous_nps: NpsStats
    nps_change: tuple[float | None, str]
    csat: float | None
    csat_change: tuple[float | None, str]
    months: tuple[Figures, ...]            # every month of the period, empty ones included
    by_manager: tuple[Figures, ...]
    by_branch: tuple[Figures, ...]
    by_segment: tuple[Figures, ...]
    by_channel: tuple[Figures, ...]
    by_template: tuple[Figures, ...]       # which template version the answers came from
    month_dimension_means: dict[int, dict[SurveyDimension, float | None]]


def response_scope(actor: Actor) -> ColumnElement[bool]:
    """A manager analyses the surveys taken while they managed the customer; a supervisor
    the branch's; everyone else with customer access everything."""
    if not actor.can(Permission.READ_CUSTOMERS):
        return false()
    if actor.sees_all_branches:
        return true()
    if actor.role is Role.MANAGER:
        return R.manager_id == actor.user_id if actor.user_id is not None else false()
    if actor.role is Role.SUPERVISOR and actor.branch_id is not None:
        return R.branch_id == actor.branch_id
    return false()


def _response_where(actor: Actor, flt: AnalysisFilter, first: int, last: int,
                    template_ids: list[int] | None) -> tuple[list[ColumnElement[bool]], bool]:
    """The WHERE of the response pass, and whether anything beyond the months narrows it."""
    where = [R.month >= first, R.month <= last]
    narrowed = False
    if not actor.sees_all_branches:
        where.append(response_scope(actor))
        narrowed = True
    for col, value in ((R.branch_id, flt.branch_id), (R.manager_id, flt.manager_id),
                       (R.segment, flt.segment), (R.channel, flt.channel)):
        if value is not None:
            where.append(col == value)
            narrowed = True
    if template_ids is not None:
        where.append(R.template_id.in_(template_ids))
        narrowed = True
    return where, narrowed


def _questions(session: Session) -> dict[int, tuple[SurveyDimension, QuestionKind]]:
    return {qid: (dim, kind) for qid, dim, kind in session.execute(
        select(SurveyQuestion.id, SurveyQuestion.dimension, SurveyQuestion.kind))}


def _answer_counts(session: Session, where: list[ColumnElement[bool]], narrowed: bool,
                   first: int, last: int) -> list[tuple[int, int, int, int]]:
    """(month, question_id, score, answers) for scored answers."""
    stmt = (select(A.month, A.question_id, A.score, func.count())
            .where(A.month >= first, A.month <= last, A.score.is_not(None))
            .group_by(A.month, A.question_id, A.score))
    if narrowed:
        stmt = stmt.join(R, R.id == A.response_id).where(*where)
    return [tuple(r) for r in session.execute(stmt)]  # type: ignore[misc]


_GROUP = (R.month, R.manager_id, R.branch_id, R.segment, R.channel, R.template_id)


def _response_groups(session: Session, where: list[ColumnElement[bool]]) -> list[tuple[Any, ...]]:
    stmt = (select(*_GROUP, func.count(),
                   func.sum(case((R.nps >= 9, 1), else_=0)),
                   func.sum(case((and_(R.nps >= 7, R.nps <= 8), 1), else_=0)),
                   func.sum(case((R.nps <= 6, 1), else_=0)),
                   func.sum(R.likert_sum), func.sum(R.likert_n), func.sum(R.likert_top),
                   func.sum(case((R.low.is_(True), 1), else_=0)))
            .where(*where).group_by(*_GROUP))
    return [tuple(r) for r in session.execute(stmt)]


@dataclass
class _Acc:
    responses: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    likert_sum: int = 0
    likert_n: int = 0
    likert_top: int = 0
    low: int = 0

    def add(self, row: tuple[Any, ...]) -> None:
        n, p, pa, d, ls, ln, lt, low = row
        self.low += low or 0
        self.responses += n
        self.promoters += p or 0
        self.passives += pa or 0
        self.detractors += d or 0
        self.likert_sum += ls or 0
        self.likert_n += ln or 0
        self.likert_top += lt or 0

    def figures(self, key: Any, label: str) -> Figures:
        ln = self.likert_n
        return Figures(key, label, self.responses, self.likert_sum / ln if ln else None,
                       100.0 * self.likert_top / ln if ln else None,
                       NpsStats(self.promoters, self.passives, self.detractors), self.low)


def _rollup(groups: Iterable[tuple[Any, ...]], key: Callable[[tuple[Any, ...]], Any]) -> dict[Any, _Acc]:
    out: dict[Any, _Acc] = defaultdict(_Acc)
    for g in groups:
        out[key(g)].add(g[6:])
    return out


def survey_analysis(session: Session, actor: Actor, flt: AnalysisFilter) -> SurveyAnalysis:
    actor.require(Permission.READ_CUSTOMERS)
    prev_first, prev_last = previous_period(flt.first_month, flt.last_month)
    template_ids = (list(session.scalars(select(SurveyTemplate.id)
                                         .where(SurveyTemplate.code == flt.template_code)))
                    if flt.template_code else None)
    where, narrowed = _response_where(actor, flt, prev_first, flt.last_month, template_ids)
    questions = _questions(session)
    counts = _answer_counts(session, where, narrowed, prev_first, flt.last_month)
    now_where, _n = _response_where(actor, flt, flt.first_month, flt.last_month, template_ids)
    current = _response_groups(session, now_where)
    before_where, _n = _response_where(actor, flt, prev_first, prev_last, template_ids)
    before_n = session.scalar(select(func.count()).select_from(R).where(*before_where)) or 0
    dims = _dimensions(counts, questions, flt.first_month)
    now_all = _rollup(current, lambda g: 0)[0]
    now_fig = now_all.figures(None, "本期")
    before_nps, before_csat = _previous_headline(dims)
    names = _names(session, current)
    return SurveyAnalysis(
        filter=flt, previous_months=(prev_first, prev_last),
        responses=now_all.responses, previous_responses=before_n,
        dimensions=dims, nps=now_fig.nps, previous_nps=before_nps,
        nps_change=change(now_fig.nps.score, before_nps.score),
        csat=now_fig.csat, csat_change=change(now_fig.csat, before_csat),
        months=_months(current, flt),
        by_manager=_breakdown(current, 1, names["user"], "未分配"),
        by_branch=_breakdown(current, 2, names["branch"], "未分配网点"),
        by_segment=_breakdown(current, 3, {}, "未分群"),
        by_channel=_breakdown(current, 4, {c.value: c.label for c in SurveyChannel}, ""),
        by_template=_breakdown(current, 5, names["template"], ""),
        month_dimension_means=_month_means(counts, questions, flt),
    )


def _previous_headline(dims: tuple[DimensionStat, ...]) -> tuple[NpsStats, float | None]:
    """The previous period's NPS and CSAT from the answer counts (the same figures the stored
    per-response ones add up to: R.nps is the 0–10 answer, likert_n / likert_top count the
    Likert answers and those at 4–5), so the response pass reads only this period."""
    nps = NpsStats(0, 0, 0)
    likert_n = likert_top = 0
    for d in dims:
        counts = dict(d.previous.counts)
        if d.dimension is SurveyDimension.NPS:
            nps = nps_stats(counts)
        else:
            likert_n += d.previous.n
            likert_top += sum(n for score, n in counts.items() if score >= 4)
    return nps, (100.0 * likert_top / likert_n if likert_n else None)


def _dimensions(counts: list[tuple[int, int, int, int]],
                questions: dict[int, tuple[SurveyDimension, QuestionKind]],
                first: int) -> tuple[DimensionStat, ...]:
    now: dict[SurveyDimension, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    before: dict[SurveyDimension, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for month, qid, score, n in counts:
        dim, kind = questions.get(qid, (None, None))
        if kind not in (QuestionKind.LIKERT5, QuestionKind.SCALE10) or dim is None:
            continue
        (now if month >= first else before)[dim][score] += n
    out = []
    for dim in DIMENSION_ORDER:
        if dim is SurveyDimension.SUGGESTION:
            continue
        top = 9 if dim is SurveyDimension.NPS else 4
        cur, prev = score_stats(now[dim], top), score_stats(before[dim], top)
        out.append(DimensionStat(dim, cur, prev, change(cur.mean, prev.mean),
                                 change(cur.csat, prev.csat)))
    return tuple(out)


def _month_means(counts: list[tuple[int, int, int, int]],
                 questions: dict[int, tuple[SurveyDimension, QuestionKind]],
                 flt: AnalysisFilter) -> dict[int, dict[SurveyDimension, float | None]]:
    sums: dict[tuple[int, SurveyDimension], list[int]] = defaultdict(lambda: [0, 0])
    for month, qid, score, n in counts:
        dim, kind = questions.get(qid, (None, None))
        if month >= flt.first_month and kind is QuestionKind.LIKERT5 and dim is not None:
            acc = sums[(month, dim)]
            acc[0] += score * n
            acc[1] += n
    return {m: {d: (sums[(m, d)][0] / sums[(m, d)][1] if sums.get((m, d)) else None)
                for d in RATED_DIMENSIONS}
            for m in month_span(flt.first_month, flt.last_month)}


def _months(current: list[tuple[Any, ...]], flt: AnalysisFilter) -> tuple[Figures, ...]:
    acc = _rollup(current, lambda g: g[0])
    return tuple(acc.get(m, _Acc()).figures(m, f"{m // 100} 年 {m % 100} 月")
                 for m in month_span(flt.first_month, flt.last_month))


def _breakdown(current: list[tuple[Any, ...]], index: int, labels: dict[Any, str],
               blank: str) -> tuple[Figures, ...]:
    acc = _rollup(current, lambda g: g[index])
    rows = [a.figures(k, labels.get(k, str(k)) if k is not None else blank)
            for k, a in acc.items()]
    return tuple(sorted(rows, key=lambda f: (-f.responses, f.label)))


def _names(session: Session, groups: list[tuple[Any, ...]]) -> dict[str, dict[Any, str]]:
    users = {g[1] for g in groups if g[1] is not None}
    branches = {g[2] for g in groups if g[2] is not None}
    templates = {g[5] for g in groups}
    return {
        "user": dict(session.execute(select(User.id, User.display_name).where(User.id.in_(users))).tuples().all()) if users else {},
        "branch": dict(session.execute(select(Branch.id, Branch.name).where(Branch.id.in_(branches))).tuples().all()) if branches else {},
        "template": {i: f"{n}（第 {r} 版）" for i, n, r in session.execute(
            select(SurveyTemplate.id, SurveyTemplate.name, SurveyTemplate.revision)
            .where(SurveyTemplate.id.in_(templates)))} if templates else {},
    }


# ---- by product --------------------------------------------------------------------------

NO_LOAN, NO_PRODUCT = "无贷款记录", "未填写产品"


def product_breakdown(session: Session, actor: Actor, flt: AnalysisFilter) -> tuple[Figures, ...]:
    """This period's figures per loan product of the surveyed customer.

    A customer holding several products counts once under each distinct product (the rows
    can add up to more than the responses; a customer with two 个人经营贷 loans counts once
    under it); a customer with no loan on record falls under 无贷款记录, a loan without a
    product under 未填写产品. Products are the customer's loans as they stand now, settled
    ones included (unlike manager, branch and segment, the product is not kept with the
    response). Not part of survey_analysis: the pass groups the responses by customer, which
    reads every response row of the period (about 2 s on 1,000,000; bench/survey_stats.py
    "product_s"), so the page asks for it only when 按产品 is chosen."""
    actor.require(Permission.READ_CUSTOMERS)
    template_ids = (list(session.scalars(select(SurveyTemplate.id)
                                         .where(SurveyTemplate.code == flt.template_code)))
                    if flt.template_code else None)
    where, _n = _response_where(actor, flt, flt.first_month, flt.last_month, template_ids)
    per_customer = (select(R.customer_id.label("customer_id"), func.count().label("n"),
                           func.sum(case((R.nps >= 9, 1), else_=0)).label("p"),
                           func.sum(case((and_(R.nps >= 7, R.nps <= 8), 1), else_=0)).label("pa"),
                           func.sum(case((R.nps <= 6, 1), else_=0)).label("d"),
                           func.sum(R.likert_sum).label("ls"), func.sum(R.likert_n).label("ln"),
                           func.sum(R.likert_top).label("lt"),
                           func.sum(case((R.low.is_(True), 1), else_=0)).label("low"))
                    .where(*where).group_by(R.customer_id).subquery())
    products = (select(Loan.customer_id.label("customer_id"),
                       func.coalesce(Loan.product, "").label("product"))
                .distinct().subquery())
    c = per_customer.c
    stmt = (select(products.c.product, func.sum(c.n), func.sum(c.p), func.sum(c.pa),
                   func.sum(c.d), func.sum(c.ls), func.sum(c.ln), func.sum(c.lt), func.sum(c.low))
            .select_from(per_customer)
            .outerjoin(products, products.c.customer_id == c.customer_id)
            .group_by(products.c.product))
    rows = []
    for product, *figures in session.execute(stmt):
        acc = _Acc()
        acc.add(tuple(None if v is None else int(v) for v in figures))  # PostgreSQL: numeric
        label = NO_LOAN if product is None else (product.strip() or NO_PRODUCT)
        rows.append(acc.figures(product, label))
    return tuple(sorted(rows, key=lambda f: (f.key is None, f.key == "", -f.responses, f.label)))


# ---- free text and the loop's own figures ---------------------------------------------------

@dataclass(frozen=True, slots=True)
class FreeTextRow:
    response_id: int
    customer_id: int
    customer_name: str
    collected_at: datetime
    channel: SurveyChannel
    dimension: SurveyDimension
    question: str
    text: str
    manager_id: int | None


def free_text_answers(session: Session, actor: Actor, flt: AnalysisFilter, search: str = "",
                      dimension: SurveyDimension | None = None, limit: int = 200) -> list[FreeTextRow]:
    """Text answers of the period, newest first; `search` is a substring of the text."""
    actor.require(Permission.READ_CUSTOMERS)
    where, _ = _response_where(actor, flt, flt.first_month, flt.last_month, None)
    stmt = (select(R.id, R.customer_id, Customer.name, R.collected_at, R.channel,
                   SurveyQuestion.dimension, SurveyQuestion.text, A.text, R.manager_id)
            .join(A, A.response_id == R.id)
            .join(SurveyQuestion, SurveyQuestion.id == A.question_id)
            .join(Customer, Customer.id == R.customer_id)
            .where(*where, A.text.is_not(None), A.text != "")
            .order_by(R.collected_at.desc(), R.id.desc()).limit(limit))
    if search.strip():
        stmt = stmt.where(A.text.contains(search.strip(), autoescape=True))
    if dimension is not None:
        stmt = stmt.where(SurveyQuestion.dimension == dimension)
    return [FreeTextRow(*r) for r in session.execute(stmt)]


def free_text_count(session: Session, actor: Actor, flt: AnalysisFilter) -> int:
    """How many text answers the period has (free_text_answers lists at most `limit`)."""
    actor.require(Permission.READ_CUSTOMERS)
    where, _ = _response_where(actor, flt, flt.first_month, flt.last_month, None)
    return session.scalar(select(func.count()).select_from(R).join(A, A.response_id == R.id)
                          .where(*where, A.text.is_not(None), A.text != "")) or 0


# ---- every response of a period, for the report's raw sheet -------------------------------

@dataclass(frozen=True, slots=True)
class ReportQuestion:
    """One column of the raw sheet: a question as worded, across the template versions that
    asked it (same dimension, kind and wording = same column)."""

    header: str
    dimension: SurveyDimension
    kind: QuestionKind
    question_ids: tuple[int, ...]


def report_questions(session: Session, template_ids: Iterable[int]) -> list[ReportQuestion]:
    """The questions of these templates in asking order, one column per distinct wording."""
    ids = sorted(set(template_ids))
    if not ids:
        return []
    columns: dict[tuple[str, str, str], list[int]] = {}
    for qid, text, dim, kind in session.execute(
            select(SurveyQuestion.id, SurveyQuestion.text, SurveyQuestion.dimension,
                   SurveyQuestion.kind).where(SurveyQuestion.template_id.in_(ids))
            .order_by(SurveyQuestion.template_id.desc(), SurveyQuestion.seq)):
        columns.setdefault((dim.value, kind.value, text.strip()), []).append(qid)
    out = []
    for (dim, kind, text), qids in columns.items():
        d = SurveyDimension(dim)
        out.append(ReportQuestion(f"{d.label}：{text}", d, QuestionKind(kind), tuple(qids)))
    return out


@dataclass(frozen=True, slots=True)
class RawResponse:
    id: int
    survey_code: str | None
    collected_at: datetime
    month: int
    channel: SurveyChannel
    template_id: int
    customer_id: int
    customer_name: str
    id_masked: str                       # masked here: the full number never leaves
    manager_id: int | None
    branch_id: int | None
    segment: str | None
    nps: int | None
    likert_sum: int
    likert_n: int
    low: bool
    # question id: (score, choice, text)
    answers: dict[int, tuple[int | None, str | None, str | None]]


def raw_response_pages(session: Session, actor: Actor, flt: AnalysisFilter,
                       page: int = 2000) -> Iterator[list[RawResponse]]:
    """The period's responses in the order they were entered (by id), `page` at a time with
    their answers: a keyset walk of the primary key (answers of consecutive responses sit
    together), so memory holds one page however long the period."""
    from crm.domain.masking import mask_id

    actor.require(Permission.READ_CUSTOMERS)
    template_ids = (list(session.scalars(select(SurveyTemplate.id)
                                         .where(SurveyTemplate.code == flt.template_code)))
                    if flt.template_code else None)
    where, _ = _response_where(actor, flt, flt.first_month, flt.last_month, template_ids)
    base = (select(R.id, R.survey_code, R.collected_at, R.month, R.channel, R.template_id,
                   R.customer_id, Customer.name, Customer.id_number, R.manager_id, R.branch_id,
                   R.segment, R.nps, R.likert_sum, R.likert_n, R.low)
            .join(Customer, Customer.id == R.customer_id)
            .where(*where).order_by(R.id).limit(page))
    after = 0
    conn = session.connection()     # Core rows: the ORM's result machinery doubles the time
    while True:
        rows = conn.execute(base.where(R.id > after)).all()
        if not rows:
            return
        answers: dict[int, dict[int, tuple[int | None, str | None, str | None]]] = defaultdict(dict)
        for rid, qid, score, choice, text in conn.execute(
                select(A.response_id, A.question_id, A.score, A.choice, A.text)
                .where(A.response_id.in_([r[0] for r in rows]))).all():
            answers[rid][qid] = (score, choice, text)
        yield [RawResponse(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], mask_id(r[8]),
                           r[9], r[10], r[11], r[12], r[13] or 0, r[14] or 0, bool(r[15]),
                           answers.get(r[0], {})) for r in rows]
        if len(rows) < page:
            return
        after = rows[-1][0]


def people_names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    """Every user's display name and every branch's name, by id (small tables)."""
    users = {i: n or u for i, n, u in session.execute(
        select(User.id, User.display_name, User.username))}
    return users, dict(session.execute(select(Branch.id, Branch.name)).tuples().all())


@dataclass(frozen=True, slots=True)
class LoopFigures:
    """How the loop is doing: cases and suggestions."""

    cases_open: int
    cases_overdue: int
    cases_closed: int
    suggestions: int
    adopted: int            # 已采纳 + 已实施
    implemented: int
    not_adopted: int
    undecided: int

    @property
    def adoption_rate(self) -> float | None:
        decided = self.adopted + self.not_adopted
        return 100.0 * self.adopted / decided if decided else None


def loop_figures(session: Session, actor: Actor, today: date | None = None) -> LoopFigures:
    from crm.queries.scope import customer_scope

    actor.require(Permission.READ_CUSTOMERS)
    today = today or local_today()
    scope = customer_scope(actor)
    state = case((and_(RemediationCase.status == CaseStatus.OPEN,
                       RemediationCase.due_on < today), "overdue"),
                 else_=RemediationCase.status).label("state")
    cases = {str(k): n for k, n in session.execute(
        select(state, func.count())
        .join(Customer, Customer.id == RemediationCase.customer_id).where(scope)
        .group_by(state))}
    fb = dict(session.execute(
        select(Feedback.adoption, func.count())
        .outerjoin(Customer, Customer.id == Feedback.customer_id)
        .where(Feedback.kind == FeedbackKind.SUGGESTION,
               scope if not actor.sees_all_branches else true())
        .group_by(Feedback.adoption)).tuples().all())
    implemented = fb.get(Adoption.IMPLEMENTED, 0)
    return LoopFigures(
        cases.get(CaseStatus.OPEN, 0) + cases.get("overdue", 0), cases.get("overdue", 0),
        cases.get(CaseStatus.CLOSED, 0), sum(fb.values()),
        fb.get(Adoption.ADOPTED, 0) + implemented, implemented,
        fb.get(Adoption.NOT_ADOPTED, 0), fb.get(None, 0))


__all__ = [
    "AnalysisFilter", "DimensionStat", "Figures", "FreeTextRow", "LoopFigures", "SurveyAnalysis",
    "NO_LOAN", "NO_PRODUCT", "RawResponse", "ReportQuestion", "free_text_answers",
    "free_text_count", "loop_figures", "people_names", "product_breakdown",
    "raw_response_pages", "report_questions", "response_scope", "survey_analysis",
]
