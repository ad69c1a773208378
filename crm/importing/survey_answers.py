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
every row read ends as recorded, rejected or skipped (blank, or a code with no answer yet: a
row of the pre-filled answer template not filled in), and the rejected rows go to
the error report (crm.importing.report.write_error_report) to be fixed and imported again.
All recorded rows commit together; cancel leaves the database as it was.

`write_answer_template` writes the blank sheet to fill in (答卷模板): a title row, a row that
says what each column takes, then the header row exactly as the import reads it (问卷编号,
客户名称, 填写日期, "Q1. question text"…), drop-down lists for scores and choices, a 说明
sheet in Chinese, and optionally one row per printed sheet not yet entered (its code and
customer name). The import skips the rows above its header.
"""
from __future__ import annotations

import math
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
    InvitationView, ResponseDraft, TemplateView, ensure_default_template, find_invitation,
    get_template, open_invitations, record_response,
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
    unanswered: int = 0     # of the skipped rows: a code (and name) but no answer yet

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
        blank = c["skipped"] - self.unanswered
        skipped = f"跳过空行 {blank} 行" if blank or not self.unanswered else ""
        if self.unanswered:
            skipped += ("、" if skipped else "跳过") + f"尚未填写答案的行 {self.unanswered} 行"
        return (f"读取 {c['rows_read']} 行：录入 {c['recorded']} 份答卷，拒绝 {c['rejected']} 行，"
                f"{skipped}；因低分开启整改事项 {c['cases']} 件")

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
    info = {_norm(h) for h in INFO_HEADERS}
    # the cells that say something about the answers: not the code, nor 客户名称/备注…
    said = [i for i, h in enumerate(headers) if i != code_col and _norm(h) not in info]
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
            if all(cells[i] is None or (isinstance(cells[i], str) and not cells[i].strip())
                   for i in said):
                # a row of the answer template pre-filled with a code, not filled in yet
                counts["skipped"] += 1
                report.unanswered += 1
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


# ---- the blank answer sheet ------------------------------------------------------------------

ANSWER_SHEET = "答卷"
HELP_SHEET = "说明"
CHOICE_SHEET = "选项"
TEMPLATE_ROWS = 200          # rows with drop-down lists (beyond the pre-filled ones)
_HEAD_FILL, _NOTE_FILL, _INFO_FILL = "DDEBF7", "FFF2CC", "EDEDED"


@dataclass(frozen=True)
class AnswerTemplateResult:
    path: Path
    template_id: int
    template_title: str
    questions: int
    prefilled: int          # rows with the code of a printed sheet not yet entered
    header_row: int         # the Excel row of the header (1-based)


def question_header(q: QuestionDef) -> str:
    """The column heading for a question: its number (what the import matches on) and text."""
    return f"Q{q.seq}. {q.text}" + ("" if q.required else "（选填）")


def allowed_values(q: QuestionDef) -> str:
    """What a cell of this question takes, in Chinese."""
    if q.kind is QuestionKind.LIKERT5:
        labels = q.choices if len(q.choices) == 5 else LIKERT_LABELS
        return "填 1–5：" + "，".join(f"{n}={label}" for n, label in enumerate(labels, 1))
    if q.kind is QuestionKind.SCALE10:
        return "填 0–10 的整数（0=完全不可能，10=非常可能）"
    if q.kind is QuestionKind.CHOICE:
        return "选一项（或填选项序号）：" + "；".join(f"{n}) {c}" for n, c in enumerate(q.choices, 1))
    return "照抄客户写的文字（不超过 2000 字）"


def write_answer_template(db: Database, actor: Actor, path: str | Path,
                          template_id: int | None = None, *, prefill: bool = True,
                          rows: int = TEMPLATE_ROWS) -> AnswerTemplateResult:
    """The .xlsx to type paper answers into for `template_id` (default: the shipped default
    template); `prefill` lists the printed sheets of that template whose answers are not
    entered yet (customers in scope), and is audited like an export."""
    from openpyxl import Workbook

    actor.require(Permission.READ_CUSTOMERS)
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"答卷模板应保存为 .xlsx 文件：{out.name}")
    if not out.parent.is_dir():
        raise UserError(f"文件夹不存在：{out.parent}")
    with db.uow(actor) as uow:
        template = (get_template(uow, actor, template_id) if template_id is not None
                    else ensure_default_template(uow))
        pending = open_invitations(uow, actor, template.id) if prefill else []
        wb = Workbook()
        ws = wb.active
        ws.title = ANSWER_SHEET
        _help_sheet(wb.create_sheet(HELP_SHEET), template, len(pending))
        header_row = _answer_sheet(wb, ws, template, pending, rows)
        try:
            wb.save(out)
        except PermissionError:
            raise UserError(f"无法写入“{out.name}”：文件可能正在 Excel 中打开，请关闭后重试") from None
        if pending:
            uow.audit("export", f"导出纸质问卷答卷模板（{template.title}，预填 {len(pending)} 份"
                      f"未录入问卷的编号和客户名称）到“{out.name}”", entity="survey_invitations",
                      after={"what": "survey_answer_template", "template_id": template.id,
                             "rows": len(pending), "file": out.name})
        uow.commit()
    return AnswerTemplateResult(out, template.id, template.title, len(template.questions),
                                len(pending), header_row)


def _answer_sheet(wb: Any, ws: Any, template: TemplateView, pending: Sequence[InvitationView],
                  rows: int) -> int:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    questions = template.questions
    fixed = [("问卷编号", "印在纸质问卷右上角，如 S2612-7KQ4MZ-P（必填）", 20),
             ("客户名称", "仅供核对，不导入", 12),
             ("填写日期", "客户填写问卷的日期，如 2026-12-01（可空）", 14)]
    heads = [h for h, _n, _w in fixed] + [question_header(q) for q in questions]
    notes = [n for _h, n, _w in fixed] + [allowed_values(q) for q in questions]
    thin = Side(style="thin", color="A6A6A6")
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.cell(1, 1, f"纸质问卷答卷录入表 — {template.title}（模板编号 {template.code}）："
                  "第 2 行是填写说明，第 3 行是表头，从第 4 行起每行录入一份问卷").font = \
        Font(bold=True, size=12)
    for col, (head, note) in enumerate(zip(heads, notes), start=1):
        n = ws.cell(2, col, note)
        n.alignment, n.font = wrap, Font(size=9, color="595959")
        n.fill = PatternFill("solid", fgColor=_NOTE_FILL)
        h = ws.cell(3, col, head)
        h.alignment, h.font = wrap, Font(bold=True)
        h.fill = PatternFill("solid", fgColor=_INFO_FILL if col in (2,) else _HEAD_FILL)
        h.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        h.comment = Comment(note, "贷后管理系统", width=260, height=90)
        width = next((w for _h, _n, w in fixed if _h == head), None)
        ws.column_dimensions[get_column_letter(col)].width = width or (
            40 if col > 3 and questions[col - 4].kind is QuestionKind.TEXT else 18)
    ws.row_dimensions[2].height = 75
    ws.row_dimensions[3].height = 90
    first, last = 4, 4 + max(rows, len(pending)) - 1
    for n, inv in enumerate(pending):
        ws.cell(first + n, 1, inv.code)
        ws.cell(first + n, 2, inv.customer_name)
    ws.freeze_panes = ws.cell(first, 4)
    # printed: landscape, all columns on the page width, the header on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "3:3"

    choices = None
    for col, q in enumerate(questions, start=4):
        letter = get_column_letter(col)
        if q.kind in SCORE_RANGE:
            low, high = SCORE_RANGE[q.kind]
            formula = '"' + ",".join(str(v) for v in range(low, high + 1)) + '"'
            message = f"请填写 {low}–{high} 之间的整数"
        elif q.kind is QuestionKind.CHOICE:
            if choices is None:
                choices = wb.create_sheet(CHOICE_SHEET)
                choices.sheet_state = "hidden"
            for n, option in enumerate(q.choices, start=1):
                choices.cell(n, q.seq, option)
            cl = get_column_letter(q.seq)
            formula = f"'{CHOICE_SHEET}'!${cl}$1:${cl}${len(q.choices)}"
            message = "请从下拉列表中选择一项"
        else:
            continue
        dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                            showErrorMessage=True, errorStyle="warning",
                            errorTitle="请核对", error=message)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)
    return 3


def _help_sheet(ws: Any, template: TemplateView, prefilled: int) -> None:
    from openpyxl.styles import Alignment, Font

    lines = [
        ("纸质问卷答卷录入说明", True),
        (f"问卷：{template.title}（模板编号 {template.code}，共 {len(template.questions)} 题）", False),
        ("", False),
        ("怎么填", True),
        ("1. 在“答卷”工作表中，每份收回的纸质问卷填一行。", False),
        ("2. “问卷编号”必填，照抄问卷右上角的编号（如 S2612-7KQ4MZ-P），大小写和短横线可不区分。", False),
        ("3. 每道题一列：评分题填数字（也可填“满意”等文字），单选题从下拉列表选择或填选项序号，"
         "意见建议照抄原文。客户没有作答的题留空；必答题留空的行会被拒绝并说明原因。", False),
        ("4. “填写日期”写客户填写问卷的日期（如 2026-12-01），不填则按导入当天记录。", False),
        ("5. “客户名称”仅供核对，导入时不读取；客户以问卷编号为准。", False),
        ("6. 请勿修改第 3 行的表头（列的顺序可以调整）；第 1 行标题和第 2 行填写说明在导入时自动跳过。",
         False),
        ("", False),
        ("怎么导入", True),
        ("在“满意度调查 → 录入答卷”页点击“导入纸质答卷…”，选择本文件；"
         "或在命令行执行：python -m crm surveys import 本文件.xlsx --errors 错误报告.xlsx", False),
        ("有问题的行会被拒绝并写明行号、列名和原因，其余行照常录入；把错误报告中的行改正后可再次导入，"
         "已录入的问卷编号不会重复录入。低分答卷会自动生成整改事项。", False),
        ("", False),
        ("各题的填写方法", True),
        *[(f"Q{q.seq}（{q.dimension.label}，{'必答' if q.required else '选填'}）{q.text}\n"
           f"　　{allowed_values(q)}", False) for q in template.questions],
    ]
    if prefilled:
        lines[2] = (f"已预填 {prefilled} 份已打印、尚未录入答案的问卷编号及客户名称。", False)
    per_line = 42            # CJK characters on a line of the 72-wide column (Latin: half)
    for row, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=12 if row == 1 else 11)
        # wrapped rows get their height (spreadsheets do not grow them on opening)
        n = sum(max(1, math.ceil(sum(1 if ord(ch) > 0x2E80 else 0.55 for ch in part) / per_line))
                for part in text.split("\n"))
        ws.row_dimensions[row].height = 16 * n + 4 if text else 8
    ws.column_dimensions["A"].width = 72    # an A4 portrait page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


__all__ = ["CANCELLED", "AnswerTemplateResult", "SurveyImportReport", "allowed_values",
           "import_survey_answers", "open_answers", "question_header", "write_answer_template"]
