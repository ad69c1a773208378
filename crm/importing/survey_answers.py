"""Paper questionnaire answers from Excel: one row per response, keyed by 问卷编号.

The sheet has a 问卷编号 column (the code printed on the sheet) and one column per question,
headed with the question's text or its number (Q1…Qn, 第1题, 1). Optional: a date column
(填写日期 / 调查日期 / 收回日期); columns such as 客户名称 or 备注 are read by people only.
Scores are 1–5 (or the label 非常不满意…非常满意) and 0–10; a choice is its text or option
number; free text as written.

Each row is checked like the customer import: the code (format and check character, issued,
not yet answered, not twice in the file), every answer (validate_answers), then recorded
through record_response (channel 纸质), which opens remediation cases for low scores. A row
that fails is rejected with a Chinese reason naming the row and the column; nothing is lost:
every row read ends as recorded, rejected or skipped (blank), and the rejected rows go to
the error report (crm.importing.report.write_error_report) to be fixed and imported again.
All recorded rows commit together; cancel leaves the database as it was.
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime
from pathlib import Path
from typing import Any

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import SHANGHAI
from crm.domain.enums import QuestionKind, SurveyChannel
from crm.domain.errors import PermissionDenied, UserError
from crm.domain.surveys import (
    LIKERT_LABELS, SCORE_RANGE, AnswerInput, QuestionDef, normalise_survey_code, parse_score,
    validate_answers,
)
from crm.importing.reader import Source, open_source
from crm.importing.values import CellProblem, Issue, shown
from crm.persistence.engine import Database
from crm.services.surveys import (
    InvitationView, ResponseDraft, find_invitation, get_template, record_response,
)

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
CANCELLED = "已取消导入问卷答案，未写入任何数据。"
CODE_HEADERS = ("问卷编号", "编号", "问卷码", "surveycode", "survey_code", "code")
DATE_HEADERS = ("填写日期", "调查日期", "收回日期", "日期")
INFO_HEADERS = ("客户名称", "客户", "客户姓名", "姓名", "备注", "录入人", "收回方式", "行号", "原因")
HEADER_SCAN_ROWS = 20
_NUMBERED = re.compile(r"^(?:q|题|第)?(\d{1,3})(?:题)?(?:[.．、:：)）\s]|$)", re.IGNORECASE)


@dataclass
class SurveyImportReport:
    """What happened to every row: counts add up to rows_read."""

    file_name: str
    sheet: str | None
    counts: dict[str, int]
    issues: list[Issue]
    response_ids: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def issues_by_row(self) -> dict[int, list[Issue]]:
        out: dict[int, list[Issue]] = {}
        for issue in self.issues:
            out.setdefault(issue.row, []).append(issue)
        return out

    def summary(self) -> str:
        c = self.counts
        return (f"读取 {c['rows_read']} 行：录入 {c['recorded']} 份答卷，拒绝 {c['rejected']} 行，"
                f"跳过空行 {c['skipped']} 行；因低分开启整改事项 {c['cases']} 件")

    def to_json(self) -> dict[str, Any]:
        return {**self.counts, "dry_run": self.dry_run, "seconds": round(self.seconds, 3)}


def _norm(text: object) -> str:
    s = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return re.sub(r"\s+", "", s).lower()


def _header_index(headers: Sequence[str], names: Sequence[str]) -> int | None:
    wanted = {_norm(n) for n in names}
    return next((i for i, h in enumerate(headers) if _norm(h) in wanted), None)


def open_answers(path: str | Path, sheet: str | None = None) -> Source:
    """The sheet with its header row at the first row that has a 问卷编号 column."""
    source = open_source(path, sheet=sheet, header_row=0)
    for index, (_row, cells) in enumerate(source.preview_raw(HEADER_SCAN_ROWS)):
        if _header_index(["" if c is None else str(c) for c in cells], CODE_HEADERS) is not None:
            return source if index == 0 else open_source(path, sheet=source.sheet,
                                                         header_row=index)
    raise UserError(f"在“{Path(path).name}”的前 {HEADER_SCAN_ROWS} 行中找不到“问卷编号”列。"
                    "请用纸质问卷的答案模板：第一列为问卷编号，其后每题一列（表头为题目或 Q1、Q2…）。")


def _question_columns(headers: Sequence[str], questions: Sequence[QuestionDef],
                      skip: set[int]) -> tuple[dict[int, QuestionDef], list[int]]:
    """{column: question} and the columns that match no question (nor a known extra)."""
    by_seq = {q.seq: q for q in questions}
    by_text = {_norm(q.text): q for q in questions}
    info = {_norm(h) for h in INFO_HEADERS}
    mapped: dict[int, QuestionDef] = {}
    unknown: list[int] = []
    for i, h in enumerate(headers):
        if i in skip or not h.strip() or _norm(h) in info:
            continue
        key = _norm(h).removesuffix("(选填)")
        q = by_text.get(key)
        if q is None and (m := _NUMBERED.match(key)):
            q = by_seq.get(int(m.group(1)))
        if q is None:
            q = next((q for t, q in by_text.items() if t and t in key), None)
        if q is None:
            unknown.append(i)
        else:
            mapped[i] = q
    return mapped, unknown


def _answer(q: QuestionDef, value: Any) -> AnswerInput | str:
    """The answer in a cell, or why it cannot be one."""
    if isinstance(value, CellProblem):
        return f"单元格有问题：{value.text}"
    if q.kind in SCORE_RANGE:
        low, high = SCORE_RANGE[q.kind]
        if isinstance(value, str) and q.kind is QuestionKind.LIKERT5:
            labels = q.choices if len(q.choices) == 5 else LIKERT_LABELS
            label = value.strip()
            if label in labels:
                return AnswerInput(q.id or 0, score=labels.index(label) + 1)
        try:
            return AnswerInput(q.id or 0, score=parse_score(value))
        except ValueError:
            return f"不是分数，请填 {low}–{high} 之间的整数"
    if value is None or (isinstance(value, str) and not value.strip()):
        return AnswerInput(q.id or 0)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if q.kind is QuestionKind.CHOICE:
        return AnswerInput(q.id or 0, choice=str(value).strip())
    return AnswerInput(q.id or 0, text=str(value).strip())


def _collected(value: Any) -> datetime | None | str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        text = text.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-")
        try:
            day = date.fromisoformat("-".join(p.zfill(2) for p in text.rstrip("日").split("-")))
        except ValueError:
            return "日期无法识别，请写成 2026-12-01"
    return datetime.combine(day, dtime(12, 0), tzinfo=SHANGHAI)


def import_survey_answers(db: Database, actor: Actor, path: str | Path, *,
                          sheet: str | None = None, dry_run: bool = False,
                          progress: Progress | None = None, cancel: Cancel | None = None,
                          now: datetime | None = None,
                          source: Source | None = None) -> SurveyImportReport:
    """Check every row and record the good ones (one transaction; dry_run records none)."""
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看，不能导入")
    started = time.perf_counter()
    source = source or open_answers(path, sheet)
    headers = source.headers
    code_col = _header_index(headers, CODE_HEADERS)
    if code_col is None:
        raise UserError("找不到“问卷编号”列")
    date_col = _header_index(headers, DATE_HEADERS)
    skip = {code_col} | ({date_col} if date_col is not None else set())
    counts = {"rows_read": 0, "recorded": 0, "rejected": 0, "skipped": 0, "cases": 0}
    report = SurveyImportReport(Path(path).name, source.sheet, counts, [], dry_run=dry_run)
    seen: dict[str, int] = {}
    templates: dict[int, tuple[dict[int, QuestionDef], list[int], tuple[QuestionDef, ...]]] = {}
    total = source.total_rows

    with db.uow(actor) as uow:
        for row, cells in source.rows():
            if cancel is not None and cancel():
                raise UserError(CANCELLED)
            counts["rows_read"] += 1
            if progress is not None and counts["rows_read"] % 50 == 1:
                progress(counts["rows_read"] - 1, total, "正在导入问卷答案…")
            cells = list(cells) + [None] * (len(headers) - len(cells))
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                counts["skipped"] += 1
                continue
            problems: list[Issue] = []

            def reject(column: str, value: Any, reason: str) -> None:
                problems.append(Issue(row, column, shown(value) if value is not None else "",
                                      reason))

            raw_code = cells[code_col]
            code_head = headers[code_col]
            inv: InvitationView | None = None
            code = normalise_survey_code(str(raw_code)) if raw_code not in (None, "") else None
            if raw_code is None or not str(raw_code).strip():
                reject(code_head, None, "请填写问卷编号（印在纸质问卷右上角）")
            elif code is None:
                reject(code_head, raw_code, "问卷编号格式不正确或校验位不符，请核对纸质问卷")
            elif code in seen:
                reject(code_head, raw_code, f"与第 {seen[code]} 行的问卷编号重复，同一份问卷只能录入一次")
            else:
                seen[code] = row
                try:
                    inv = find_invitation(uow, actor, code)
                except UserError as exc:
                    reject(code_head, raw_code, exc.message)
                else:
                    if inv.response_id is not None:
                        reject(code_head, raw_code, "这份问卷的答案已录入过，不能重复录入")
                        inv = None
            collected = _collected(cells[date_col]) if date_col is not None else None
            if isinstance(collected, str):
                reject(headers[date_col], cells[date_col], collected)  # type: ignore[index]
                collected = None
            if inv is not None:
                if inv.template_id not in templates:
                    t = get_template(uow, actor, inv.template_id)
                    templates[inv.template_id] = (*_question_columns(headers, t.questions, skip),
                                                  t.questions)
                mapped, unknown, questions = templates[inv.template_id]
                for i in unknown:
                    if cells[i] is not None and str(cells[i]).strip():
                        reject(headers[i], cells[i], "此列不是该问卷中的题目，请核对表头（题目原文或 Q1、Q2…）")
                answers: list[AnswerInput] = []
                column_of = {q.seq: headers[i] for i, q in mapped.items()}
                for i, q in mapped.items():
                    got = _answer(q, cells[i])
                    if isinstance(got, str):
                        reject(headers[i], cells[i], f"{q.label}：{got}")
                    elif got.score is not None or got.choice or got.text:
                        answers.append(got)
                if not problems:
                    _clean, errors = validate_answers(questions, answers)
                    for key, message in errors.items():
                        seq = int(key[1:]) if key[1:].isdigit() else None
                        value = next((cells[i] for i, q in mapped.items() if q.seq == seq), None)
                        column = column_of.get(seq, "（缺少此题的列）" if seq else "") if seq else ""
                        reject(column, value, message)
                if not problems:
                    try:   # record_response checks everything before it writes
                        rec = record_response(uow, actor, ResponseDraft(
                            inv.customer_id, SurveyChannel.PAPER, tuple(answers),
                            collected_at=collected, survey_code=code), now=now)
                    except UserError as exc:
                        fields = getattr(exc, "fields", {}) or {"": exc.message}
                        for key, message in fields.items():
                            column = {"survey_code": code_head,
                                      "collected_at": headers[date_col] if date_col is not None
                                      else "填写日期"}.get(key, code_head if key == "customer_id" else "")
                            reject(column, None, message)
                    else:
                        report.response_ids.append(rec.id)
                        if rec.case_id is not None:
                            report.case_ids.append(rec.case_id)
            if problems:
                counts["rejected"] += 1
                report.issues += problems
            else:
                counts["recorded"] += 1
        counts["cases"] = len(report.case_ids)
        if progress is not None:
            progress(total, total, "正在保存…")
        report.seconds = time.perf_counter() - started
        if dry_run:
            uow.session.rollback()
        else:
            uow.audit("import", f"导入纸质问卷答案“{report.file_name}”：{report.summary()}",
                      entity="survey_responses", after=report.to_json())
            uow.commit()
    source.close()
    return report


__all__ = ["CANCELLED", "SurveyImportReport", "import_survey_answers", "open_answers"]
