"""客户满意度分析报告: the 满意度分析 of a period as an Excel workbook or a PDF.

The workbook (XlsxWriter, like every workbook here; constant_memory mode): 汇总 (the headline
figures this period against the last with the change marked, each dimension's mean, 1–5
distribution and CSAT, the 0–10 distribution and NPS with its counts, the questionnaire
versions answered, the loop), 月度趋势 (with an NPS line chart), one sheet per breakdown (客户
经理, 网点, 客群, 产品, 渠道, 问卷版本), 原始问卷 (one row per response, each question a column)
and 文字意见 (every text answer). Real numbers with formats, frozen headers, fixed widths,
native charts.

Large periods: the two long sheets stream. Responses are read 2,000 at a time (a keyset walk,
crm.queries.surveys.raw_response_pages) and written in constant_memory mode, which flushes each
row to a temporary file as the next begins, so memory stays flat however many responses; the
rows stop at Excel's sheet limit (1,048,576 rows) with a note saying how many were left out.
Measured on the 1M bench database: 12 months = 499,775 responses (24 columns each, plus the
text sheet) in 347 s at 76 MB peak RSS on a loaded 2-core machine, about 70 s per 100,000;
one month (40,360) in 29 s. Nearly all of it is XlsxWriter writing cells, the fastest writer
measured here (MEASURED.md). The job reports progress and can be cancelled between pages,
and the file appears at the target only when complete.

The PDF (reportlab, A4, the embedded font and page furniture of the other reports): a cover
with the period, scope and headline, the summary tables, the dimension profile, distribution
and trend charts drawn with reportlab.graphics, the breakdown tables, and the newest text
answers (at most PDF_TEXTS; the workbook has them all).

Masked throughout: customers are named with their ID number masked (前6后4), never a phone or
an address; ID and mobile numbers typed into answers are scrubbed. Each report is audited as
an export.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import to_local
from crm.domain.enums import QuestionKind, Role, SurveyDimension
from crm.domain.errors import ValidationError
from crm.domain.masking import scrub
from crm.domain.surveys import LIKERT_LABELS, month_span
from crm.queries.surveys import (
    AnalysisFilter, Figures, FreeTextRow, LoopFigures, SurveyAnalysis,
    free_text_answers, free_text_count, loop_figures, people_names, product_breakdown,
    raw_response_pages, report_questions, survey_analysis,
)

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
TITLE = "客户满意度分析报告"
PDF_TEXTS = 300                     # newest text answers listed in the PDF
RAW_LIMIT = 1_048_576 - 2           # Excel's sheet limit, less the header and a note row
MAX_MONTHS = 36
MASK_NOTE = ("客户信息已脱敏：客户以姓名和脱敏证件号码（前6位、后4位）标识，不含电话和地址；"
             "回答中的证件号码和手机号码已隐去。内部资料，注意保密。")
PRODUCT_NOTE = ("按产品：客户名下每种贷款产品各计一次（持有多种产品的客户在每种产品下都计入，"
                "各产品合计可能大于问卷数）；产品按客户当前的贷款记录（含已结清）。")
SNAPSHOT_NOTE = "客户经理、网点、客群均为调查当时的归属。"


# ---- the period ----------------------------------------------------------------------------

def _month(text: str, field: str, name: str) -> int:
    try:
        y, m = (int(x) for x in text.strip().split("-"))
        date(y, m, 1)
        if not 2000 <= y <= 2100:
            raise ValueError
    except (ValueError, TypeError, AttributeError):
        raise ValidationError({field: f"{name}“{text}”格式不对，应为 YYYY-MM，例如 2026-11"}) from None
    return y * 100 + m


def parse_period(first: str, last: str) -> AnalysisFilter:
    """'2026-01', '2026-06' → the filter of those months (inclusive); Chinese errors naming
    the field otherwise."""
    errors: dict[str, str] = {}
    a = b = 0
    try:
        a = _month(first, "from", "开始月份（--from）")
    except ValidationError as exc:
        errors.update(exc.fields)
    try:
        b = _month(last, "to", "结束月份（--to）")
    except ValidationError as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationError(errors)
    if b < a:
        raise ValidationError({"to": f"结束月份 {last.strip()} 早于开始月份 {first.strip()}"})
    if len(month_span(a, b)) > MAX_MONTHS:
        raise ValidationError({"to": f"统计期间不能超过 {MAX_MONTHS} 个月"})
    return AnalysisFilter(a, b)


def month_label(key: int) -> str:
    return f"{key // 100} 年 {key % 100} 月"


def period_label(first: int, last: int) -> str:
    if first == last:
        return month_label(first)
    return f"{month_label(first)} 至 {month_label(last)}"


# ---- the data both formats show ------------------------------------------------------------

@dataclass(frozen=True)
class SurveyReportData:
    analysis: SurveyAnalysis
    products: tuple[Figures, ...]
    loop: LoopFigures
    texts: tuple[FreeTextRow, ...]      # the newest PDF_TEXTS
    texts_total: int
    scope: str
    bank_name: str
    branch_name: str
    generated_by: str
    generated_at: datetime
    manager_names: dict[int, str]
    branch_names: dict[int, str]

    @property
    def period(self) -> str:
        f = self.analysis.filter
        return period_label(f.first_month, f.last_month)

    @property
    def previous(self) -> str:
        return period_label(*self.analysis.previous_months)

    @property
    def months(self) -> int:
        f = self.analysis.filter
        return len(month_span(f.first_month, f.last_month))

    @property
    def versions(self) -> str:
        rows = self.analysis.by_template
        return "；".join(f"{f.label} {f.responses:,} 份" for f in rows) or "本期无问卷"


def survey_report_data(session: Any, actor: Actor, flt: AnalysisFilter,
                       now: datetime | None = None) -> SurveyReportData:
    from sqlalchemy import select

    from crm.models import Branch

    actor.require(Permission.READ_CUSTOMERS)
    analysis = survey_analysis(session, actor, flt)
    users, branches = people_names(session)
    bid = flt.branch_id if flt.branch_id is not None else actor.branch_id
    row = session.execute(select(Branch.bank_name, Branch.name).where(Branch.id == bid)).first() \
        if bid is not None else None
    return SurveyReportData(
        analysis=analysis, products=product_breakdown(session, actor, flt),
        loop=loop_figures(session, actor),
        texts=tuple(free_text_answers(session, actor, flt, limit=PDF_TEXTS)),
        texts_total=free_text_count(session, actor, flt),
        scope=_scope(actor, flt, users, branches),
        bank_name=(row[0] or "") if row else "", branch_name=row[1] if row else "全部网点",
        generated_by=actor.display_name or actor.username,
        generated_at=now or datetime.now(timezone.utc),
        manager_names=users, branch_names=branches)


def _scope(actor: Actor, flt: AnalysisFilter, users: dict[int, str],
           branches: dict[int, str]) -> str:
    parts = []
    if flt.branch_id is not None:
        parts.append(f"网点：{branches.get(flt.branch_id, flt.branch_id)}")
    elif not actor.sees_all_branches and actor.branch_id is not None:
        parts.append(f"网点：{branches.get(actor.branch_id, actor.branch_id)}")
    else:
        parts.append("全部网点")
    if flt.manager_id is not None:
        parts.append(f"客户经理：{users.get(flt.manager_id, flt.manager_id)}")
    elif actor.role is Role.MANAGER and not actor.sees_all_branches:
        parts.append(f"客户经理：{actor.display_name or actor.username}（本人管户）")
    if flt.segment:
        parts.append(f"客群：{flt.segment}")
    if flt.channel is not None:
        parts.append(f"渠道：{flt.channel.label}")
    if flt.template_code:
        parts.append(f"问卷：{flt.template_code}")
    return "；".join(parts)


@dataclass(frozen=True)
class SurveyReportResult:
    path: Path
    responses: int
    raw_rows: int             # rows on the 原始问卷 sheet (0 for a PDF)
    raw_truncated: bool
    texts: int
    seconds: float


def survey_report(uow: Any, actor: Actor, flt: AnalysisFilter, out: str | Path, *,
                  progress: Progress | None = None, cancel: Cancel | None = None,
                  raw_limit: int = RAW_LIMIT, now: datetime | None = None) -> SurveyReportResult:
    """Write the period's report to `out` (.pdf or .xlsx, by the suffix) and audit it as an
    export. The file is written beside the target and moved into place when complete: a
    cancelled or failed run leaves nothing at `out`."""
    from crm.reports.excel import (
        REPORT_SUFFIXES, ExportCancelled, _temp_target, _write_error, check_target,
    )

    started = time.perf_counter()
    out = Path(out)
    kind = out.suffix.lower()
    check_target(out, REPORT_SUFFIXES, "满意度分析.xlsx")
    if progress is not None:
        progress(0, 0, "正在统计满意度…")
    data = survey_report_data(uow.session, actor, flt, now)
    if cancel is not None and cancel():
        raise ExportCancelled()
    tmp = _temp_target(out)
    raw = texts = 0
    truncated = False
    try:
        if kind == ".pdf":
            write_pdf(data, tmp)
            texts = len(data.texts)
        else:
            raw, texts, truncated = write_xlsx(data, uow.session, actor, tmp, progress=progress,
                                               cancel=cancel, raw_limit=raw_limit)
        f = flt
        uow.audit("export", f"生成{TITLE}（{data.period}，脱敏）到“{out.name}”", entity="report",
                  after={"what": "survey_report", "from": f.first_month, "to": f.last_month,
                         "file": out.name, "responses": data.analysis.responses,
                         "raw_rows": raw, "branch_id": f.branch_id, "manager_id": f.manager_id,
                         "segment": f.segment, "channel": f.channel.value if f.channel else None})
        os.replace(tmp, out)
    except PermissionError as exc:
        raise _write_error(out, exc) from None
    finally:
        tmp.unlink(missing_ok=True)
    return SurveyReportResult(out, data.analysis.responses, raw, truncated, texts,
                              time.perf_counter() - started)


# ---- rows shared by the workbook and the PDF -----------------------------------------------

def _fmt(v: float | None, digits: int = 2) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def _delta(ch: tuple[float | None, str], digits: int = 2, unit: str = "") -> str:
    """'↑ +0.21', '↓ -3.5 个百分点'; a change that rounds to nothing is '→ 0.00', not '↓ -0.00'."""
    value, mark = ch
    if value is None:
        return "—"
    if round(value, digits) == 0:
        return f"→ {0:.{digits}f}{unit}"
    return f"{mark} {value:+.{digits}f}{unit}"


def _rated(a: SurveyAnalysis) -> list[Any]:
    return [d for d in a.dimensions if d.dimension is not SurveyDimension.NPS]


def _nps_dim(a: SurveyAnalysis) -> Any:
    return next((d for d in a.dimensions if d.dimension is SurveyDimension.NPS), None)


def breakdowns(data: SurveyReportData) -> list[tuple[str, str, tuple[Figures, ...], str]]:
    """(sheet / section name, first column, rows, note)."""
    a = data.analysis
    return [("按客户经理", "客户经理", a.by_manager, SNAPSHOT_NOTE),
            ("按网点", "网点", a.by_branch, SNAPSHOT_NOTE),
            ("按客群", "客群", a.by_segment, SNAPSHOT_NOTE),
            ("按产品", "贷款产品", data.products, PRODUCT_NOTE),
            ("按渠道", "渠道", a.by_channel, ""),
            ("按问卷版本", "问卷版本", a.by_template, "")]


FIGURE_HEAD = ("问卷数", "均分（1–5）", "CSAT", "NPS", "推荐者", "中立者", "贬损者", "低分问卷")


def figure_values(f: Figures) -> list[Any]:
    return [f.responses, f.likert_mean, None if f.csat is None else f.csat / 100, f.nps.score,
            f.nps.promoters, f.nps.passives, f.nps.detractors, f.low]


# ---- Excel ---------------------------------------------------------------------------------

def write_xlsx(data: SurveyReportData, session: Any, actor: Actor, out: Path, *,
               progress: Progress | None = None, cancel: Cancel | None = None,
               raw_limit: int = RAW_LIMIT) -> tuple[int, int, bool]:
    """The workbook; returns (raw rows, text rows, whether the raw rows were cut at the
    limit). Reads the responses again, a page at a time, for the two long sheets."""
    import xlsxwriter

    from crm.reports.excel import ExportCancelled, _abandon

    with tempfile.TemporaryDirectory(prefix="crm-survey-report-") as work:
        wb = xlsxwriter.Workbook(str(out), {"constant_memory": True, "tmpdir": work,
                                            "strings_to_numbers": False,
                                            "strings_to_formulas": False,
                                            "strings_to_urls": False})
        try:
            result = _write_book(wb, data, session, actor, progress, cancel, raw_limit,
                                 ExportCancelled)
            if progress is not None:
                progress(data.analysis.responses, data.analysis.responses, "正在保存文件…")
            wb.close()
        except BaseException:
            _abandon(wb)
            raise
    return result


class _Formats:
    def __init__(self, wb: Any) -> None:
        add = wb.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.head = add({"bold": True, "bg_color": "#E8EDF2", "border": 1, "text_wrap": True,
                         "valign": "vcenter"})
        self.section = add({"bold": True, "font_size": 11})
        self.note = add({"font_color": "#555555"})
        self.int = add({"num_format": "#,##0"})
        self.mean = add({"num_format": "0.00"})
        self.pct = add({"num_format": "0.0%"})
        self.nps = add({"num_format": "0.0"})
        self.change = add({"num_format": "+0.00;-0.00;0.00"})
        self.change_nps = add({"num_format": "+0.0;-0.0;0.0"})
        self.change_int = add({"num_format": "+#,##0;-#,##0;0"})
        self.change_pp = add({"num_format": '+0.0" 个百分点";-0.0" 个百分点";0.0" 个百分点"'})
        self.up = add({"font_color": "#1B6E2A", "align": "center"})
        self.down = add({"font_color": "#B00020", "align": "center"})
        self.flat = add({"align": "center"})
        self.when = add({"num_format": "yyyy-mm-dd hh:mm"})
        self.text = add({})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.kinds = {"int": self.int, "mean": self.mean, "pct": self.pct, "nps": self.nps,
                      "change": self.change, "change_nps": self.change_nps,
                      "change_int": self.change_int,
                      "change_pp": self.change_pp}


def _put(ws: Any, f: _Formats, r: int, c: int, v: Any, kind: str = "text") -> None:
    if v is None:
        ws.write_blank(r, c, None)
    elif kind in f.kinds:
        ws.write_number(r, c, float(v), f.kinds[kind])
    elif kind == "mark":
        ws.write_string(r, c, str(v), f.up if v == "↑" else f.down if v == "↓" else f.flat)
    else:
        ws.write_string(r, c, str(v), f.wrap if kind == "wrap" else f.text)


def _row(ws: Any, f: _Formats, r: int, values: list[Any], kinds: tuple[str, ...],
         left: int = 0) -> None:
    for c, (v, k) in enumerate(zip(values, kinds)):
        _put(ws, f, r, left + c, v, k)


FIG_KINDS = ("int", "mean", "pct", "nps", "int", "int", "int", "int")


def _write_book(wb: Any, data: SurveyReportData, session: Any, actor: Actor,
                progress: Progress | None, cancel: Cancel | None, raw_limit: int,
                cancelled: type[Exception]) -> tuple[int, int, bool]:
    f = _Formats(wb)
    wb.set_properties({"title": f"{TITLE} {data.period}", "author": data.generated_by,
                       "comments": MASK_NOTE})
    _summary_sheet(wb, f, data)
    _trend_sheet(wb, f, data)
    for name, first, rows, note in breakdowns(data):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, (first, *FIGURE_HEAD), f.head)
        ws.freeze_panes(1, 1)
        ws.set_column(0, 0, 30 if name == "按问卷版本" else 18)
        ws.set_column(1, len(FIGURE_HEAD), 11)
        for r, fig in enumerate(rows, start=1):
            _put(ws, f, r, 0, fig.label)
            _row(ws, f, r, figure_values(fig), FIG_KINDS, left=1)
        if not rows:
            ws.write_string(1, 0, "本期无问卷", f.note)
        elif len(rows) > 1:
            ws.autofilter(0, 0, len(rows), len(FIGURE_HEAD))
        if note:
            ws.write_string(max(len(rows), 1) + 2, 0, note, f.note)
    return _raw_sheets(wb, f, data, session, actor, progress, cancel, raw_limit, cancelled)


def _summary_sheet(wb: Any, f: _Formats, data: SurveyReportData) -> None:
    a = data.analysis
    ws = wb.add_worksheet("汇总")
    ws.set_column(0, 0, 24)
    ws.set_column(1, 13, 10.5)
    ws.write_string(0, 0, f"{TITLE}　{data.period}", f.title)
    lines = [f"统计期间：{data.period}（{data.months} 个月）；对比上期：{data.previous}",
             f"范围：{data.scope}" + (f"（{data.bank_name}）" if data.bank_name else ""),
             f"问卷版本：{data.versions}",
             f"生成：{data.generated_by}，{to_local(data.generated_at):%Y-%m-%d %H:%M}",
             MASK_NOTE]
    for i, line in enumerate(lines, start=1):
        ws.write_string(i, 0, line, f.note if i == len(lines) else f.text)
    r = len(lines) + 2
    ws.freeze_panes(1, 0)

    # headline, this period against the last
    ws.write_string(r, 0, "一、总体", f.section)
    r += 1
    ws.write_row(r, 0, ("指标", "本期", "上期", "变化", "趋势"), f.head)
    nps, prev = a.nps, a.previous_nps
    grew = a.responses - a.previous_responses if a.previous_responses else None
    head_rows: list[tuple[str, Any, Any, Any, str, str, str]] = [
        ("问卷数", a.responses, a.previous_responses, grew,
         "—" if grew is None else _mark(grew), "int", "change_int"),
        ("NPS（推荐者% − 贬损者%）", nps.score, prev.score, a.nps_change[0], a.nps_change[1],
         "nps", "change_nps"),
        ("推荐者（9–10 分）", nps.promoters, prev.promoters, None, "", "int", ""),
        ("中立者（7–8 分）", nps.passives, prev.passives, None, "", "int", ""),
        ("贬损者（0–6 分）", nps.detractors, prev.detractors, None, "", "int", ""),
        ("CSAT（4–5 分占比）", _frac(a.csat), _frac(_previous_csat(a)), a.csat_change[0],
         a.csat_change[1], "pct", "change_pp"),
        ("低分问卷（触发整改）", sum(m.low for m in a.months), None, None, "", "int", ""),
    ]
    for label, now, before, delta, mark, kind, dkind in head_rows:
        r += 1
        _row(ws, f, r, [label, now, before, delta, mark or None],
             ("text", kind, kind, dkind, "mark"))
    r += 2

    # dimensions
    ws.write_string(r, 0, "二、各维度（1–5 分）", f.section)
    r += 1
    head = ("维度", "回答数", "均分", "CSAT（4–5）", "1 分", "2 分", "3 分", "4 分", "5 分",
            "上期均分", "均分变化", "上期 CSAT", "CSAT 变化", "趋势")
    ws.write_row(r, 0, head, f.head)
    ws.set_row(r, 30)
    dim_first = r + 1
    for d in _rated(a):
        r += 1
        s, p = d.stats, d.previous
        counts = dict(s.counts)
        _row(ws, f, r, [d.dimension.label, s.n, s.mean, _frac(s.csat),
                        *[counts.get(i, 0) for i in range(1, 6)], p.mean, d.mean_change[0],
                        _frac(p.csat), d.csat_change[0], d.mean_change[1]],
             ("text", "int", "mean", "pct", "int", "int", "int", "int", "int", "mean", "change",
              "pct", "change_pp", "mark"))
    dim_last = r
    r += 1
    ws.write_string(r, 0, f"评分：1 = {LIKERT_LABELS[0]} … 5 = {LIKERT_LABELS[4]}；"
                    "CSAT = 4–5 分回答占比；趋势按均分与上期比较。", f.note)
    r += 2

    # NPS distribution
    ws.write_string(r, 0, "三、推荐意愿（0–10 分）与 NPS", f.section)
    r += 1
    ws.write_row(r, 0, ("期间", *[f"{i} 分" for i in range(11)], "回答数", "NPS"), f.head)
    nd = _nps_dim(a)
    for label, stats, score in (("本期", nd.stats if nd else None, nps.score),
                                ("上期", nd.previous if nd else None, prev.score)):
        r += 1
        counts = dict(stats.counts) if stats else {}
        _row(ws, f, r, [label, *[counts.get(i, 0) for i in range(11)],
                        stats.n if stats else 0, score],
             ("text",) + ("int",) * 12 + ("nps",))
    r += 1
    ws.write_string(r, 0, "NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比，取值 −100 至 100。",
                    f.note)
    r += 2

    # the loop
    lf = data.loop
    ws.write_string(r, 0, "四、闭环整改与意见建议（截至生成时，不限期间）", f.section)
    r += 1
    ws.write_row(r, 0, ("指标", "数值"), f.head)
    for label, v, kind in (("整改中工单", lf.cases_open, "int"), ("其中超期", lf.cases_overdue, "int"),
                           ("已关闭工单", lf.cases_closed, "int"), ("意见建议", lf.suggestions, "int"),
                           ("已采纳（含已实施）", lf.adopted, "int"), ("已实施", lf.implemented, "int"),
                           ("暂不采纳", lf.not_adopted, "int"), ("待决定", lf.undecided, "int"),
                           ("建议采纳率", _frac(lf.adoption_rate), "pct")):
        r += 1
        _put(ws, f, r, 0, label)
        _put(ws, f, r, 1, v, kind)

    if a.responses:
        chart = wb.add_chart({"type": "column"})
        for col, name, colour in ((9, "上期", "#B0C4DE"), (2, "本期", "#1A5FB4")):
            chart.add_series({"name": name, "categories": ["汇总", dim_first, 0, dim_last, 0],
                              "values": ["汇总", dim_first, col, dim_last, col],
                              "fill": {"color": colour},
                              "data_labels": {"value": True, "num_format": "0.00"}
                              if name == "本期" else {}})
        chart.set_title({"name": "各维度均分（本期与上期）"})
        chart.set_y_axis({"min": 0, "max": 5, "major_unit": 1})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 620, "height": 300})
        ws.insert_chart(r + 2, 0, chart)          # below the tables, never over them


def _previous_csat(a: SurveyAnalysis) -> float | None:
    n = top = 0
    for d in _rated(a):
        n += d.previous.n
        top += sum(c for s, c in d.previous.counts if s >= 4)
    return 100.0 * top / n if n else None


def _frac(v: float | None) -> float | None:
    return None if v is None else v / 100


def _mark(delta: float) -> str:
    return "↑" if delta > 0 else "↓" if delta < 0 else "→"


def _trend_sheet(wb: Any, f: _Formats, data: SurveyReportData) -> None:
    a = data.analysis
    ws = wb.add_worksheet("月度趋势")
    dims = [d.dimension for d in _rated(a)]
    head = ("月份", *FIGURE_HEAD, *[f"{d.label}均分" for d in dims])
    ws.write_row(0, 0, head, f.head)
    ws.set_row(0, 30)
    ws.freeze_panes(1, 1)
    ws.set_column(0, 0, 10)
    ws.set_column(1, len(head) - 1, 10.5)
    for r, m in enumerate(a.months, start=1):
        means = a.month_dimension_means.get(m.key, {})
        _put(ws, f, r, 0, f"{m.key // 100}-{m.key % 100:02d}")
        _row(ws, f, r, figure_values(m) + [means.get(d) for d in dims],
             FIG_KINDS + ("mean",) * len(dims), left=1)
    n = len(a.months)
    if any(m.responses for m in a.months):
        line = wb.add_chart({"type": "line"})
        line.add_series({"name": "NPS", "categories": ["月度趋势", 1, 0, n, 0],
                         "values": ["月度趋势", 1, 4, n, 4], "marker": {"type": "circle"},
                         "data_labels": {"value": True, "num_format": "0.0",
                                         "position": "above"}})
        line.set_title({"name": "NPS 月度趋势"})
        line.set_y_axis({"min": -100, "max": 100, "major_unit": 50})
        line.set_legend({"none": True})
        line.show_blanks_as("gap")
        line.set_size({"width": 620, "height": 300})
        ws.insert_chart(n + 3, 0, line)
        csat = wb.add_chart({"type": "line"})
        csat.add_series({"name": "CSAT", "categories": ["月度趋势", 1, 0, n, 0],
                         "values": ["月度趋势", 1, 3, n, 3], "marker": {"type": "circle"}})
        csat.set_title({"name": "CSAT 月度趋势"})
        csat.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
        csat.set_legend({"none": True})
        csat.show_blanks_as("gap")
        csat.set_size({"width": 620, "height": 300})
        ws.insert_chart(n + 3, 8, csat)


RAW_HEAD = ("编号", "问卷编码", "采集时间", "月份", "渠道", "问卷版本", "客户编号", "客户",
            "证件号码（脱敏）", "客户经理", "网点（调查时）", "客群（调查时）")
RAW_TAIL = ("Likert 均分", "触发整改")
TEXT_HEAD = ("采集时间", "编号", "客户编号", "客户", "客户经理", "渠道", "维度", "题目", "回答")


def _raw_sheets(wb: Any, f: _Formats, data: SurveyReportData, session: Any, actor: Actor,
                progress: Progress | None, cancel: Cancel | None, raw_limit: int,
                cancelled: type[Exception]) -> tuple[int, int, bool]:
    a = data.analysis
    templates = {fig.key: fig.label for fig in a.by_template}
    questions = report_questions(session, templates)
    column = {qid: i for i, q in enumerate(questions) for qid in q.question_ids}
    text_q = {qid: q for q in questions for qid in q.question_ids}
    users, branches = data.manager_names, data.branch_names
    raw = wb.add_worksheet("原始问卷")
    head = (*RAW_HEAD, *[q.header for q in questions], *RAW_TAIL)
    raw.write_row(0, 0, head, f.head)
    raw.set_row(0, 45)
    raw.freeze_panes(1, 2)
    widths = (9, 11, 16, 8, 6, 24, 9, 10, 20, 10, 12, 10)
    for c, w in enumerate(widths):
        raw.set_column(c, c, w)
    for i, q in enumerate(questions):
        c = len(RAW_HEAD) + i
        raw.set_column(c, c, 30 if q.kind is QuestionKind.TEXT else
                       14 if q.kind is QuestionKind.CHOICE else 10)
    raw.set_column(len(head) - 2, len(head) - 1, 9)
    texts = wb.add_worksheet("文字意见")
    texts.write_row(0, 0, TEXT_HEAD, f.head)
    texts.freeze_panes(1, 0)
    for c, w in enumerate((16, 9, 9, 10, 10, 6, 12, 30, 60)):
        texts.set_column(c, c, w)
    total, written, text_rows, truncated, text_truncated = a.responses, 0, 0, False, False
    label = "正在写入原始问卷…"
    if progress is not None:
        progress(0, total, label)
    pages = raw_response_pages(session, actor, data.analysis.filter)
    try:
        for page in pages:
            if cancel is not None and cancel():
                raise cancelled()
            for resp in page:
                if written >= raw_limit:
                    truncated = True
                    break
                written += 1
                r = written
                at = to_local(resp.collected_at).replace(tzinfo=None)
                raw.write_number(r, 0, resp.id, f.int)
                _put(raw, f, r, 1, resp.survey_code)
                raw.write_datetime(r, 2, at, f.when)
                raw.write_string(r, 3, f"{resp.month // 100}-{resp.month % 100:02d}")
                raw.write_string(r, 4, resp.channel.label)
                raw.write_string(r, 5, templates.get(resp.template_id, str(resp.template_id)))
                raw.write_number(r, 6, resp.customer_id, f.int)
                raw.write_string(r, 7, resp.customer_name)
                raw.write_string(r, 8, resp.id_masked)
                _put(raw, f, r, 9, users.get(resp.manager_id) if resp.manager_id else "未分配")
                _put(raw, f, r, 10, branches.get(resp.branch_id) if resp.branch_id else None)
                _put(raw, f, r, 11, resp.segment)
                for qid, (score, choice, text) in resp.answers.items():
                    c = column.get(qid)
                    if c is None:
                        continue
                    c += len(RAW_HEAD)
                    if score is not None:
                        raw.write_number(r, c, score)
                    elif choice:
                        raw.write_string(r, c, choice)
                    elif text:
                        clean = scrub(text)
                        raw.write_string(r, c, clean)
                        if text_rows < raw_limit:
                            text_rows += 1
                            q = text_q[qid]
                            texts.write_datetime(text_rows, 0, at, f.when)
                            texts.write_number(text_rows, 1, resp.id, f.int)
                            texts.write_number(text_rows, 2, resp.customer_id, f.int)
                            texts.write_string(text_rows, 3, resp.customer_name)
                            _put(texts, f, text_rows, 4, users.get(resp.manager_id)
                                 if resp.manager_id else "未分配")
                            texts.write_string(text_rows, 5, resp.channel.label)
                            texts.write_string(text_rows, 6, q.dimension.label)
                            texts.write_string(text_rows, 7, q.header.split("：", 1)[-1])
                            texts.write_string(text_rows, 8, clean, f.wrap)
                        else:
                            text_truncated = True
                tail = len(RAW_HEAD) + len(questions)
                _put(raw, f, r, tail, resp.likert_sum / resp.likert_n if resp.likert_n else None,
                     "mean")
                raw.write_string(r, tail + 1, "是" if resp.low else "否")
            if progress is not None:
                progress(written, max(total, written), label)
            if truncated:
                break
    finally:
        close = getattr(pages, "close", None)
        if close is not None:
            close()
    if truncated:
        raw.write_string(written + 1, 0, f"本期共 {total:,} 份问卷，超出 Excel 单表上限，"
                         f"仅列出前 {written:,} 份；请缩小期间，或按网点、客户经理筛选后再导出。",
                         f.note)
    elif not written:
        raw.write_string(1, 0, "本期无问卷", f.note)
    if text_truncated:
        texts.write_string(text_rows + 1, 0, f"文字回答超出 Excel 单表上限，仅列出前 {text_rows:,} 条。",
                           f.note)
    elif not text_rows:
        texts.write_string(1, 0, "本期无文字回答", f.note)
    if written:
        raw.autofilter(0, 0, written, len(head) - 1)
    if text_rows:
        texts.autofilter(0, 0, text_rows, len(TEXT_HEAD) - 1)
    return written, text_rows, truncated


# ---- PDF -----------------------------------------------------------------------------------

def _dimension_chart(a: SurveyAnalysis, width: float, height: float) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    from crm.reports.monthly import _graphics_font

    font = _graphics_font()
    rated = _rated(a)
    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, "各维度均分（1–5 分，本期与上期）", fontName=font,
                 fontSize=9, textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 34, width - 45, height - 62
    chart.data = [[x.previous.mean or 0.0 for x in rated], [x.stats.mean or 0.0 for x in rated]]
    chart.categoryAxis.categoryNames = [_short(x.dimension) for x in rated]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 5, 1
    chart.bars[0].fillColor = colors.HexColor("#b0c4de")
    chart.bars[1].fillColor = colors.HexColor("#1a5fb4")
    chart.barLabelFormat = "%.2f"
    chart.barLabels.fontName, chart.barLabels.fontSize, chart.barLabels.nudge = font, 5.5, 5
    chart.barLabels[0].visible = False          # the current period's means only
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width / 2 - 50, 8
    legend.alignment, legend.columnMaximum, legend.dx, legend.dy = "right", 1, 8, 6
    legend.fontName, legend.fontSize, legend.deltax = font, 7, 55
    legend.colorNamePairs = [(colors.HexColor("#b0c4de"), "上期"),
                             (colors.HexColor("#1a5fb4"), "本期")]
    d.add(legend)
    return d


def _distribution_chart(a: SurveyAnalysis, width: float, height: float) -> Any:
    """Each dimension's answers per score as a 100% stacked bar."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    from crm.reports.monthly import _graphics_font

    font = _graphics_font()
    rated = list(reversed(_rated(a)))
    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, "各维度评分分布（%）", fontName=font, fontSize=9,
                 textAnchor="middle"))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 62, 34, width - 75, height - 62
    series = []
    for score in range(1, 6):
        series.append([100.0 * dict(x.stats.counts).get(score, 0) / x.stats.n if x.stats.n
                       else 0.0 for x in rated])
    chart.data = series
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [_short(x.dimension) for x in rated]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    palette = ("#b00020", "#e66100", "#c0bfbc", "#5e9de0", "#1a5fb4")
    for i, colour in enumerate(palette):
        chart.bars[i].fillColor = colors.HexColor(colour)
        chart.bars[i].strokeColor = None
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = 62, 8
    legend.alignment, legend.columnMaximum, legend.dx, legend.dy = "right", 1, 8, 6
    legend.fontName, legend.fontSize, legend.deltax = font, 7, 38
    legend.colorNamePairs = [(colors.HexColor(c), f"{i} 分") for i, c in enumerate(palette, 1)]
    d.add(legend)
    return d


def _short(dim: SurveyDimension) -> str:
    return {SurveyDimension.EFFICIENCY: "效率", SurveyDimension.QUALITY: "质量",
            SurveyDimension.PRODUCTS: "产品", SurveyDimension.ATTITUDE: "态度",
            SurveyDimension.RESOLUTION_SPEED: "解决速度",
            SurveyDimension.OVERALL: "总体"}.get(dim, dim.label)


def write_pdf(data: SurveyReportData, out: Path) -> int:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak

    from crm.reports.monthly import _charts_row, _line_drawing
    from crm.reports.pdf import (
        BODY_W, Column, DocInfo, body, data_table, kv_table, render, section, small, spacer,
        subtitle, title,
    )
    a = data.analysis
    info = DocInfo(TITLE, data.bank_name, data.branch_name, data.generated_by,
                   data.generated_at, subject=f"{TITLE} {data.period}")
    prev_csat = _previous_csat(a)
    headline = [("统计期间", f"{data.period}（{data.months} 个月）", 2),
                ("对比上期", data.previous, 2), ("范围", data.scope, 2),
                ("问卷数", f"{a.responses:,}（上期 {a.previous_responses:,}）"),
                ("NPS", f"{_fmt(a.nps.score, 1)}（{_delta(a.nps_change, 1)}）"),
                ("CSAT", f"{_pct(a.csat)}（{_delta(a.csat_change, 1, ' 个百分点')}）"),
                ("推荐/中立/贬损", f"{a.nps.promoters:,} / {a.nps.passives:,} / "
                                  f"{a.nps.detractors:,}"),
                ("问卷版本", data.versions, 2)]
    flow: list[Any] = [spacer(55), title(TITLE), spacer(4), subtitle(data.period), spacer(2),
                       subtitle(f"{data.bank_name} {data.branch_name}".strip()), spacer(2),
                       subtitle(f"生成：{data.generated_by}　"
                                f"{to_local(data.generated_at):%Y-%m-%d %H:%M}"),
                       spacer(25), kv_table(headline, pairs_per_row=2, label_w=26 * mm),
                       spacer(6), small(MASK_NOTE), PageBreak()]

    # 一、总体
    w = BODY_W / 5
    cols = [Column("指标", w * 1.6), Column("本期", w * 0.9, "RIGHT"),
            Column("上期", w * 0.9, "RIGHT"), Column("变化", w * 1.6, "RIGHT")]
    prev = a.previous_nps
    rows = [["问卷数", f"{a.responses:,}", f"{a.previous_responses:,}",
             f"{a.responses - a.previous_responses:+,}" if a.previous_responses else "—"],
            ["NPS（推荐者% − 贬损者%）", _fmt(a.nps.score, 1), _fmt(prev.score, 1),
             _delta(a.nps_change, 1)],
            ["推荐者（9–10 分）", f"{a.nps.promoters:,}", f"{prev.promoters:,}", ""],
            ["中立者（7–8 分）", f"{a.nps.passives:,}", f"{prev.passives:,}", ""],
            ["贬损者（0–6 分）", f"{a.nps.detractors:,}", f"{prev.detractors:,}", ""],
            ["CSAT（4–5 分占比）", _pct(a.csat), _pct(prev_csat),
             _delta(a.csat_change, 1, " 个百分点")],
            ["低分问卷（触发整改）", f"{sum(m.low for m in a.months):,}", "", ""]]
    nd = _nps_dim(a)
    ncols = [Column("期间", 14 * mm)] + [Column(f"{i}", (BODY_W - 44 * mm) / 11, "RIGHT")
                                         for i in range(11)] + [Column("回答数", 30 * mm, "RIGHT")]
    nrows = []
    for label, stats in (("本期", nd.stats if nd else None), ("上期", nd.previous if nd else None)):
        counts = dict(stats.counts) if stats else {}
        nrows.append([label, *[f"{counts.get(i, 0):,}" for i in range(11)],
                      f"{stats.n:,}" if stats else "0"])
    flow += section("一、总体情况", data_table(cols, rows), spacer(3),
                    body("推荐意愿（0–10 分）回答分布"), data_table(ncols, nrows),
                    small("NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比，取值 −100 至 100；"
                          "CSAT = 1–5 分题中 4–5 分回答的占比。↑ 高于上期，↓ 低于上期。"))

    # 二、各维度
    dw = [26, 16, 13, 17] + [13] * 5 + [15, 19, 19]
    scale = BODY_W / (sum(dw) * mm)
    heads = ["维度", "回答数", "均分", "CSAT", "1分", "2分", "3分", "4分", "5分", "上期均分",
             "均分变化", "CSAT变化"]
    dcols = [Column(h, x * mm * scale, "LEFT" if i == 0 else "RIGHT")
             for i, (h, x) in enumerate(zip(heads, dw))]
    drows = []
    for d in _rated(a):
        s = d.stats
        counts = dict(s.counts)
        drows.append([d.dimension.label, f"{s.n:,}", _fmt(s.mean), _pct(s.csat),
                      *[f"{counts.get(i, 0):,}" for i in range(1, 6)], _fmt(d.previous.mean),
                      _delta(d.mean_change), _delta(d.csat_change, 1)])
    half = (BODY_W - 4 * mm) / 2
    dim: list[Any] = [data_table(dcols, drows), spacer(3)]
    if a.responses:
        dim.append(_charts_row([_dimension_chart(a, half, 68 * mm),
                                _distribution_chart(a, half, 68 * mm)]))
    dim.append(small("CSAT 变化以百分点计。评分：1 = 非常不满意 … 5 = 非常满意。"))
    flow += section("二、各维度满意度", *dim)

    # 三、月度趋势
    months = [f"{m.key // 100}-{m.key % 100:02d}" for m in a.months]
    mw = BODY_W / len(("月份",) + FIGURE_HEAD)
    mcols = [Column("月份", mw)] + [Column(h, mw, "RIGHT") for h in FIGURE_HEAD]
    trend: list[Any] = []
    if any(m.responses for m in a.months):
        trend += [_line_drawing("NPS 与 CSAT 月度趋势", months,
                                {"NPS": [m.nps.score for m in a.months],
                                 "CSAT %": [m.csat for m in a.months]}, BODY_W, 62 * mm),
                  spacer(3)]
    trend.append(data_table(mcols, [[label, *_figure_text(m)]
                                    for label, m in zip(months, a.months)]))
    flow += section("三、月度趋势", *trend)

    # 四、分组
    bw = [34, 14, 16, 14, 14, 14, 14, 14, 16]
    bscale = BODY_W / (sum(bw) * mm)
    parts: list[Any] = []
    for n, (name, first, figs, note) in enumerate(breakdowns(data)):
        bcols = [Column(h, x * mm * bscale, "LEFT" if i == 0 else "RIGHT")
                 for i, (h, x) in enumerate(zip((first, *FIGURE_HEAD), bw))]
        block = [body(f"（{n + 1}）{name}"),
                 data_table(bcols, [[fig.label, *_figure_text(fig)] for fig in figs],
                            empty="本期无问卷")]
        if note:
            block.append(small(note))
        block.append(spacer(3))
        parts += block
    flow += section("四、分组分析", *parts)

    # 五、闭环
    lf = data.loop
    flow += section("五、闭环整改与意见建议（截至生成时）", kv_table([
        ("整改中工单", f"{lf.cases_open:,}"), ("其中超期", f"{lf.cases_overdue:,}"),
        ("已关闭工单", f"{lf.cases_closed:,}"), ("意见建议", f"{lf.suggestions:,}"),
        ("已采纳（含已实施）", f"{lf.adopted:,}"), ("已实施", f"{lf.implemented:,}"),
        ("暂不采纳", f"{lf.not_adopted:,}"), ("待决定", f"{lf.undecided:,}"),
        ("建议采纳率", _pct(lf.adoption_rate))], pairs_per_row=3, label_w=30 * mm))

    # 六、文字意见
    tcols = [Column("日期", 20 * mm), Column("客户", 18 * mm), Column("渠道", 12 * mm),
             Column("维度", 20 * mm), Column("回答", BODY_W - 70 * mm, wrap=True)]
    trows = [[f"{to_local(t.collected_at):%Y-%m-%d}", t.customer_name, t.channel.label,
              t.dimension.label, scrub(t.text)] for t in data.texts]
    shown = len(data.texts)
    note = (f"本期文字回答共 {data.texts_total:,} 条" +
            (f"，此处列出最近 {shown:,} 条，完整列表见 Excel 报告“文字意见”表。"
             if data.texts_total > shown else "。") + "客户仅列姓名，回答中的号码已隐去。")
    flow += section("六、客户文字意见", small(note),
                    data_table(tcols, trows, empty="本期无文字回答"))
    return render(out, info, flow)


def _figure_text(f: Figures) -> list[str]:
    return [f"{f.responses:,}", _fmt(f.likert_mean), _pct(f.csat), _fmt(f.nps.score, 1),
            f"{f.nps.promoters:,}", f"{f.nps.passives:,}", f"{f.nps.detractors:,}",
            f"{f.low:,}"]


__all__ = ["PDF_TEXTS", "RAW_LIMIT", "SurveyReportData", "SurveyReportResult", "TITLE",
           "parse_period", "period_label", "survey_report", "survey_report_data", "write_pdf",
           "write_xlsx"]
