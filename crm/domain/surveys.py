"""Satisfaction surveys, pure: question kinds, answer validation, CSAT/NPS maths, loop triggers.

- Likert questions (1–5, 非常不满意…非常满意) rate the five service dimensions and overall
  satisfaction; CSAT is the share of 4–5 answers.
- The NPS question (0–10): NPS = % promoters (9–10) − % detractors (0–6), in points.
- A response opens a remediation case when any Likert answer is ≤ 2 or NPS ≤ 6; it is
  positive (a thank-you may be recorded) when at least one score was given, every Likert
  answer is ≥ 4 and the NPS answer, when given, is ≥ 9.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from crm.domain.compliance import local_date
from crm.domain.enums import QuestionKind, SurveyDimension

D = SurveyDimension
LIKERT_LABELS = ("非常不满意", "不满意", "一般", "满意", "非常满意")
DIMENSION_ORDER = (D.EFFICIENCY, D.QUALITY, D.PRODUCTS, D.ATTITUDE, D.RESOLUTION_SPEED,
                   D.OVERALL, D.NPS, D.SUGGESTION)
RATED_DIMENSIONS = (D.EFFICIENCY, D.QUALITY, D.PRODUCTS, D.ATTITUDE, D.RESOLUTION_SPEED,
                    D.OVERALL)
LOW_LIKERT, LOW_NPS = 2, 6           # at or below: a remediation case
PROMOTER, DETRACTOR = 9, 6            # NPS: 9–10 promoters, 0–6 detractors
MAX_TEXT = 2000
# the kinds each dimension may be asked with
ALLOWED_KINDS: dict[SurveyDimension, tuple[QuestionKind, ...]] = {
    **{d: (QuestionKind.LIKERT5, QuestionKind.CHOICE, QuestionKind.TEXT) for d in RATED_DIMENSIONS},
    D.NPS: (QuestionKind.SCALE10,),
    D.SUGGESTION: (QuestionKind.TEXT, QuestionKind.CHOICE),
}
SCORE_RANGE = {QuestionKind.LIKERT5: (1, 5), QuestionKind.SCALE10: (0, 10)}


# periodic surveys per customer segment (days; a segment not listed is not surveyed
# periodically): the valued, low-risk customers every quarter, the valued customers whose
# risk is rising twice a year; customers in arrears are surveyed after visits and contacts
DEFAULT_SEGMENT_PERIODS: tuple[tuple[str, int], ...] = (("优质维护", 90), ("重点关注", 180))
MAX_PERIOD_DAYS = 3650
DEFAULT_DAILY_LIMIT = 20


@dataclass(frozen=True, slots=True)
class SurveySettings:
    """Administrator settings (settings key "surveys")."""

    min_days_between: int = 30        # no customer surveyed twice within this many days
    case_due_working_days: int = 3    # a remediation case is due after n working days
    holidays: tuple[date, ...] = ()
    # (segment name, days): customers of the segment are surveyed every n days
    segment_periods: tuple[tuple[str, int], ...] = DEFAULT_SEGMENT_PERIODS
    # new periodic survey tasks per manager a day (0: no limit); the rest follow day by day
    periodic_daily_limit: int = DEFAULT_DAILY_LIMIT

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> "SurveySettings":
        raw = raw or {}
        periods = raw.get("segment_periods")
        return cls(int(raw.get("min_days_between", 30)), int(raw.get("case_due_working_days", 3)),
                   tuple(date.fromisoformat(d) for d in raw.get("holidays", ())),
                   DEFAULT_SEGMENT_PERIODS if periods is None else
                   tuple((str(k), int(v)) for k, v in dict(periods).items() if v),
                   int(raw.get("periodic_daily_limit", DEFAULT_DAILY_LIMIT)))

    def to_json(self) -> dict[str, Any]:
        return {"min_days_between": self.min_days_between,
                "case_due_working_days": self.case_due_working_days,
                "holidays": [d.isoformat() for d in self.holidays],
                "segment_periods": {k: v for k, v in self.segment_periods if v},
                "periodic_daily_limit": self.periodic_daily_limit}

    def period_for(self, segment: str | None) -> int | None:
        """Days between periodic surveys of the segment's customers; None: not periodic."""
        return next((days for name, days in self.segment_periods if name == segment and days),
                    None)

    def effective_period(self, segment: str | None) -> int | None:
        """The period, never shorter than the minimum gap between two surveys."""
        days = self.period_for(segment)
        return None if days is None else max(days, self.min_days_between)

    def problems(self) -> dict[str, str]:
        out = {}
        if not 0 <= self.min_days_between <= 366:
            out["min_days_between"] = "两次调查最短间隔应在 0–366 天之间"
        if not 1 <= self.case_due_working_days <= 30:
            out["case_due_working_days"] = "整改期限应在 1–30 个工作日之间"
        names = [name for name, _days in self.segment_periods]
        for name, days in self.segment_periods:
            if not name.strip() or len(name) > 32:
                out["segment_periods"] = "客户细分名称不能为空，且不超过 32 个字"
            elif not 0 <= days <= MAX_PERIOD_DAYS:
                out[f"segment.{name}"] = (f"细分“{name}”的定期调查周期应在 1–{MAX_PERIOD_DAYS} 天"
                                          "之间（0 为不定期调查）")
        if not 0 <= self.periodic_daily_limit <= 1000:
            out["periodic_daily_limit"] = "每位客户经理每天的定期调查任务数应在 0–1000 之间（0 为不限）"
        if len(set(names)) != len(names):
            out["segment_periods"] = "同一客户细分只能设置一个调查周期"
        return out


# ---- templates -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class QuestionDef:
    seq: int
    text: str
    dimension: SurveyDimension
    kind: QuestionKind
    choices: tuple[str, ...] = ()
    required: bool = True
    id: int | None = None      # set once stored

    @property
    def label(self) -> str:
        return f"第 {self.seq} 题（{self.dimension.label}）"


@dataclass(frozen=True, slots=True)
class TemplateDraft:
    name: str
    questions: tuple[QuestionDef, ...]
    code: str | None = None    # None: a new template gets a generated code


def question_from_json(raw: Mapping[str, Any]) -> QuestionDef:
    kind = QuestionKind(raw["kind"])
    choices = tuple(raw.get("choices") or ())
    if kind is QuestionKind.LIKERT5 and not choices:
        choices = LIKERT_LABELS
    return QuestionDef(int(raw["seq"]), str(raw["text"]).strip(), SurveyDimension(raw["dimension"]),
                       kind, choices, bool(raw.get("required", True)))


def template_problems(draft: TemplateDraft) -> dict[str, str]:
    """{field: Chinese message}; fields are "name", "questions" or "q<n>" (1-based position)."""
    out: dict[str, str] = {}
    if not draft.name.strip():
        out["name"] = "请填写问卷名称"
    elif len(draft.name.strip()) > 128:
        out["name"] = "问卷名称不能超过 128 个字"
    if not draft.questions:
        out["questions"] = "问卷至少需要一道题"
    nps = [q for q in draft.questions if q.dimension is D.NPS]
    if len(nps) > 1:
        out["questions"] = "推荐意愿（NPS）题只能有一道"
    for n, q in enumerate(draft.questions, start=1):
        if msg := _question_problem(q):
            out[f"q{n}"] = f"第 {n} 题：{msg}"
    return out


def _question_problem(q: QuestionDef) -> str | None:
    if not q.text.strip():
        return "请填写题目"
    if len(q.text) > 255:
        return "题目不能超过 255 个字"
    if q.kind not in ALLOWED_KINDS[q.dimension]:
        allowed = "、".join(k.label for k in ALLOWED_KINDS[q.dimension])
        return f"“{q.dimension.label}”题只能是{allowed}题"
    if q.kind is QuestionKind.CHOICE:
        opts = [c.strip() for c in q.choices]
        if len(opts) < 2 or any(not c for c in opts):
            return "单选题至少需要两个非空选项"
        if len(set(opts)) != len(opts):
            return "单选题的选项不能重复"
        if any(len(c) > 128 for c in opts):
            return "选项不能超过 128 个字"
    return None


# ---- answers -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AnswerInput:
    """What was given for one question: a score (Likert / 0–10), a choice, or text."""

    question_id: int
    score: int | None = None
    choice: str | None = None
    text: str | None = None


def parse_score(raw: object) -> int | None:
    """A typed score: "4", 4, "４" or " 4 " → 4; blank → None; anything else raises ValueError."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw != int(raw):
            raise ValueError(raw)
        return int(raw)
    text = str(raw).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise ValueError(raw)
    return int(text)


def validate_answers(questions: Sequence[QuestionDef],
                     answers: Iterable[AnswerInput]) -> tuple[list[AnswerInput], dict[str, str]]:
    """Clean answers (blank ones dropped) and {"q<seq>": message} for the ones that are wrong.

    Unknown questions, scores out of range, choices not offered and missing required answers
    are errors; nothing is silently dropped except blanks of optional questions.
    """
    by_id = {q.id: q for q in questions}
    given: dict[int, AnswerInput] = {}
    errors: dict[str, str] = {}
    for a in answers:
        q = by_id.get(a.question_id)
        if q is None:
            errors["answers"] = "答案对应的题目不在此问卷中"
            continue
        cleaned, msg = _clean(q, a)
        if msg:
            errors[f"q{q.seq}"] = f"{q.label}：{msg}"
        elif cleaned is not None:
            given[a.question_id] = cleaned
    for q in questions:
        if q.required and q.id not in given and f"q{q.seq}" not in errors:
            errors[f"q{q.seq}"] = f"{q.label}：此题必答"
    if not errors and not any(a.score is not None or a.choice or a.text for a in given.values()):
        errors["answers"] = "没有任何答案，无法保存"
    return [given[q.id] for q in questions if q.id in given], errors


def _clean(q: QuestionDef, a: AnswerInput) -> tuple[AnswerInput | None, str | None]:
    if q.kind in SCORE_RANGE:
        if a.score is None:
            return None, None
        low, high = SCORE_RANGE[q.kind]
        if not low <= a.score <= high:
            return None, f"请填写 {low}–{high} 之间的整数分数"
        return AnswerInput(a.question_id, score=a.score), None
    if q.kind is QuestionKind.CHOICE:
        choice = (a.choice or "").strip()
        if not choice:
            return None, None
        if choice not in q.choices:
            if choice.isdigit() and 1 <= int(choice) <= len(q.choices):   # typed option number
                choice = q.choices[int(choice) - 1]
            else:
                return None, f"“{choice}”不是此题的选项"
        return AnswerInput(a.question_id, choice=choice), None
    text = (a.text or "").strip()
    if not text:
        return None, None
    if len(text) > MAX_TEXT:
        return None, f"内容不能超过 {MAX_TEXT} 个字"
    return AnswerInput(a.question_id, text=text), None


# ---- one response: summary and loop triggers ------------------------------------------------

@dataclass(frozen=True, slots=True)
class ResponseSummary:
    """Per-response figures stored with the response, so breakdowns group responses, not answers."""

    nps: int | None
    likert_sum: int
    likert_n: int
    likert_top: int            # Likert answers of 4 or 5
    low: bool                  # opens a remediation case
    positive: bool
    triggers: tuple[str, ...]  # why a case is opened, in Chinese
    suggestions: tuple[str, ...] = field(default=())   # 意见建议 texts


def summarise(questions: Sequence[QuestionDef], answers: Sequence[AnswerInput]) -> ResponseSummary:
    by_id = {q.id: q for q in questions}
    nps: int | None = None
    likert: list[int] = []
    triggers: list[str] = []
    suggestions: list[str] = []
    for a in answers:
        q = by_id[a.question_id]
        if q.kind is QuestionKind.LIKERT5 and a.score is not None:
            likert.append(a.score)
            if a.score <= LOW_LIKERT:
                triggers.append(f"{q.dimension.label} {a.score} 分（{LIKERT_LABELS[a.score - 1]}）")
        elif q.kind is QuestionKind.SCALE10 and a.score is not None:
            nps = a.score
            if a.score <= LOW_NPS:
                triggers.append(f"推荐意愿 {a.score} 分（贬损者）")
        elif q.dimension is D.SUGGESTION and a.text:
            suggestions.append(a.text)
    scored = bool(likert) or nps is not None
    positive = scored and all(s >= 4 for s in likert) and (nps is None or nps >= PROMOTER)
    return ResponseSummary(nps, sum(likert), len(likert), sum(1 for s in likert if s >= 4),
                           bool(triggers), positive, tuple(triggers), tuple(suggestions))


# ---- the maths over counts ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ScoreStats:
    """One dimension (or question): answers per score, mean, CSAT (share of 4–5, in %)."""

    counts: tuple[tuple[int, int], ...]   # (score, answers), score ascending
    n: int
    mean: float | None
    csat: float | None


def score_stats(counts: Mapping[int, int], top: int = 4) -> ScoreStats:
    items = tuple(sorted((s, c) for s, c in counts.items() if c))
    n = sum(c for _, c in items)
    if not n:
        return ScoreStats(items, 0, None, None)
    mean = sum(s * c for s, c in items) / n
    csat = 100.0 * sum(c for s, c in items if s >= top) / n
    return ScoreStats(items, n, mean, csat)


@dataclass(frozen=True, slots=True)
class NpsStats:
    promoters: int
    passives: int
    detractors: int

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        """% promoters − % detractors, from −100 to 100; None without answers."""
        return 100.0 * (self.promoters - self.detractors) / self.n if self.n else None


def nps_stats(counts: Mapping[int, int]) -> NpsStats:
    """From answers per score (0–10)."""
    return NpsStats(sum(c for s, c in counts.items() if s >= PROMOTER),
                    sum(c for s, c in counts.items() if DETRACTOR < s < PROMOTER),
                    sum(c for s, c in counts.items() if s <= DETRACTOR))


def change(current: float | None, previous: float | None) -> tuple[float | None, str]:
    """The change against the previous period and its mark: ↑, ↓, → (or — without data)."""
    if current is None or previous is None:
        return None, "—"
    delta = current - previous
    return delta, "↑" if delta > 1e-9 else "↓" if delta < -1e-9 else "→"


# ---- periods and codes ----------------------------------------------------------------------

def month_key(moment: datetime | date) -> int:
    """yyyymm of the Beijing-time date: the month a response is analysed in."""
    day = local_date(moment) if isinstance(moment, datetime) else moment
    return day.year * 100 + day.month


def add_months(key: int, n: int) -> int:
    y, m = divmod(key // 100 * 12 + key % 100 - 1 + n, 12)
    return y * 100 + m + 1


def month_span(first: int, last: int) -> list[int]:
    out, key = [], first
    while key <= last:
        out.append(key)
        key = add_months(key, 1)
    return out


def previous_period(first: int, last: int) -> tuple[int, int]:
    """The period of the same length just before [first, last] (months, inclusive)."""
    n = len(month_span(first, last))
    return add_months(first, -n), add_months(first, -1)


CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"   # no 0/O, 1/I: typed from paper


def new_survey_code(today: date) -> str:
    """S + yymm + 6 random characters + a check character, e.g. S2612-7KQ4MZ-P."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    stem = f"S{today:%y%m}{body}"
    return f"{stem[:5]}-{body}-{_check(stem)}"


def _check(stem: str) -> str:
    """Odd weights mod 32 over values below 32: any single mistyped character changes it."""
    values = [int(c) for c in stem[1:5]] + [CODE_ALPHABET.index(c) for c in stem[5:]]
    total = sum((2 * i + 1) * v for i, v in enumerate(values))
    return CODE_ALPHABET[total % len(CODE_ALPHABET)]


def normalise_survey_code(raw: str) -> str | None:
    """The code as printed (S2612-7KQ4MZ-P) from what was typed; None when it cannot be one."""
    text = "".join(ch for ch in raw.upper() if ch.isalnum())
    if len(text) != 12 or text[0] != "S" or not text[1:5].isdigit():
        return None
    stem, check = text[:11], text[11]
    if any(c not in CODE_ALPHABET for c in text[5:]) or _check(stem) != check:
        return None
    return f"{stem[:5]}-{stem[5:]}-{check}"


__all__ = [
    "ALLOWED_KINDS", "DEFAULT_SEGMENT_PERIODS", "DIMENSION_ORDER", "LIKERT_LABELS", "RATED_DIMENSIONS", "AnswerInput",
    "NpsStats", "QuestionDef", "ResponseSummary", "ScoreStats", "SurveySettings",
    "TemplateDraft", "add_months", "change", "month_key", "month_span", "new_survey_code",
    "normalise_survey_code", "nps_stats", "parse_score", "previous_period",
    "question_from_json", "score_stats", "summarise", "template_problems", "validate_answers",
]
