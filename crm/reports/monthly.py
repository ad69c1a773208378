"""月度贷后管理报告: the dashboard of one month as a PDF (A4, cover, a section per panel with
charts drawn by reportlab.graphics, the per-manager table, notable cases) or as an Excel
workbook (a sheet per panel, real numbers with formats, frozen headers, native charts).

Customer data is masked throughout: notable cases name the customer and never show an ID
number, phone or address; free text (complaints, safety notes) is scrubbed of numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from crm.domain.actors import Actor
from crm.domain.compliance import local_today
from crm.domain.errors import ValidationError
from crm.domain.masking import scrub
from crm.queries.dashboard import (
    Dashboard, DashboardFilter, NotableCase, dashboard, notable_cases,
)

TITLE = "月度贷后管理报告"


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def _money(v: Decimal | None) -> str:
    return "—" if v is None else f"{v:,.2f}"


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' -> (2026, 11); a clear Chinese error otherwise."""
    try:
        y, m = (int(x) for x in text.strip().split("-"))
        date(y, m, 1)
    except (ValueError, TypeError):
        raise ValidationError({"month": f"月份“{text}”格式不对，应为 YYYY-MM，例如 2026-11"}) from None
    return y, m


@dataclass(frozen=True)
class MonthlyData:
    dash: Dashboard
    cases: tuple[NotableCase, ...]
    bank_name: str
    branch_name: str
    generated_by: str
    generated_at: datetime

    @property
    def month_label(self) -> str:
        return f"{self.dash.filter.start.year} 年 {self.dash.filter.start.month} 月"


def monthly_data(session: Any, actor: Actor, year: int, month: int, today: date | None = None,
                 branch_id: int | None = None, manager_id: int | None = None) -> MonthlyData:
    from sqlalchemy import select

    from crm.models import Branch

    flt = DashboardFilter.month(year, month, branch_id=branch_id, manager_id=manager_id)
    dash = dashboard(session, actor, flt, today)
    cases = notable_cases(session, actor, flt)
    bid = branch_id if branch_id is not None else actor.branch_id
    row = session.execute(select(Branch.bank_name, Branch.name).where(Branch.id == bid)).first() \
        if bid is not None else None
    who = actor.display_name or actor.username
    return MonthlyData(dash, cases, row[0] if row else "", row[1] if row else "全部网点", who,
                       datetime.now(timezone.utc))


def monthly_report(uow: Any, actor: Actor, year: int, month: int, out: str | Path,
                   today: date | None = None, branch_id: int | None = None,
                   manager_id: int | None = None) -> Path:
    """Write the month's report to `out` (.pdf or .xlsx) and audit it as an export."""
    out = Path(out)
    kind = out.suffix.lower()
    if kind not in (".pdf", ".xlsx"):
        raise ValidationError({"out": "输出文件须以 .pdf 或 .xlsx 结尾"})
    data = monthly_data(uow.session, actor, year, month, today or local_today(), branch_id,
                        manager_id)
    if kind == ".pdf":
        write_pdf(data, out)
    else:
        write_xlsx(data, out)
    uow.audit("export", f"生成{TITLE}（{year}-{month:02d}，脱敏）到“{out.name}”",
              entity="report", after={"what": "monthly_report", "month": f"{year}-{month:02d}",
                                      "file": out.name, "branch_id": branch_id,
                                      "manager_id": manager_id})
    return out


# --- rows shared by the PDF and the workbook ----------------------------------------------------

def portfolio_rows(d: Dashboard) -> list[tuple[str, Any, str]]:
    p = d.portfolio
    return [("客户数", p.customers, "int"), ("贷款笔数", p.loans, "int"),
            ("贷款余额（元）", p.balance, "money"), ("逾期贷款笔数", p.overdue_loans, "int"),
            ("逾期贷款余额（元）", p.overdue_balance, "money"),
            ("逾期金额（元）", p.overdue_amount, "money"),
            ("逾期率", None if p.overdue_rate is None else p.overdue_rate / 100, "pct")]


def risk_rows(d: Dashboard) -> list[tuple[str, Any, str]]:
    r = d.risk
    return ([("本月新增预警", r.new_alerts, "int"), ("未结预警", r.open_alerts, "int"),
             ("超时未响应预警", r.breaching, "int")]
            + [(f"风险等级：{s.label}", s.count, "int") for s in r.levels]
            + [(f"未结预警账龄：{s.label}", s.count, "int") for s in r.open_by_age])


def work_rows(d: Dashboard) -> list[tuple[str, Any, str]]:
    k, e = d.work, d.work.effects
    rows = [("联系次数", k.contacts, "int")]
    rows += [(f"渠道：{s.label}", s.count, "int") for s in k.by_channel]
    rows += [(f"结果：{s.label}", s.count, "int") for s in k.by_outcome]
    rows += [("计划走访", k.visits_planned, "int"), ("完成走访", k.visits_done, "int"),
             ("未见到客户", k.visits_not_met, "int"), ("已复核走访", k.visits_reviewed, "int"),
             ("承诺还款笔数", k.promises_made, "int"), ("已履行", k.promises_kept, "int"),
             ("未履行", k.promises_broken, "int"), ("待履行", k.promises_pending, "int"),
             ("承诺履约率", None if k.kept_rate is None else k.kept_rate / 100, "pct"),
             ("承诺金额（元）", k.promised_amount, "money"),
             ("还款计划：生效", k.plans_active, "int"), ("还款计划：已结清", k.plans_completed, "int"),
             ("还款计划：已违约", k.plans_defaulted, "int")]
    for i, days in enumerate((30, 60, 90)):
        ch = e.change_pct(i)
        rows.append((f"走访后 {days} 天逾期变化（{e.compared[i]} 次可比）",
                     None if ch is None else ch / 100, "pct"))
    return rows


def satisfaction_rows(d: Dashboard) -> list[tuple[str, Any, str]]:
    s = d.satisfaction
    rows = [("问卷数", s.responses, "int"), ("NPS", s.nps, "num"),
            ("CSAT", None if s.csat is None else s.csat / 100, "pct"),
            ("最弱维度", f"{s.weakest[0]}（{s.weakest[1]:.2f}）" if s.weakest else "—", "text"),
            ("整改中", s.cases_open, "int"), ("整改超期", s.cases_overdue, "int"),
            ("建议采纳率", None if s.adoption_rate is None else s.adoption_rate / 100, "pct")]
    rows += [(f"维度均分：{label}", mean, "num") for label, mean in s.dimensions]
    return rows


MANAGER_HEAD = ("客户经理", "管户数", "逾期客户", "逾期金额（元）", "联系次数", "走访次数",
                "承诺履约率", "NPS", "逾期任务")


def manager_values(d: Dashboard) -> list[list[Any]]:
    return [[m.name, m.customers, m.overdue_customers, m.overdue_amount, m.contacts, m.visits,
             None if m.kept_rate is None else m.kept_rate / 100, m.nps, m.overdue_tasks]
            for m in d.managers]


def case_values(data: MonthlyData) -> list[list[Any]]:
    return [[c.kind, c.customer_name, c.on, c.amount, scrub(c.detail or "")[:120]]
            for c in data.cases]


# --- PDF -------------------------------------------------------------------------------------------

def _shown(kind: str, v: Any) -> str:
    if v is None:
        return "—"
    if kind == "money":
        return _money(v)
    if kind == "pct":
        return f"{v * 100:.1f}%"
    if kind == "int":
        return f"{v:,}"
    if kind == "num":
        return f"{v:.2f}" if isinstance(v, float) else str(v)
    return str(v)


def _graphics_font() -> str:
    """The embedded font, also as reportlab.graphics' default: renderPDF sets its default
    font (Helvetica, never embedded) at the start of every drawing even if no text uses it."""
    from reportlab.graphics import shapes

    from crm.reports.pdf import FONT, register_font
    register_font()
    shapes.STATE_DEFAULTS["fontName"] = FONT
    return FONT


def _bar_drawing(title: str, items: list[tuple[str, float]], width: float, height: float,
                 colour: str = "#1a5fb4", horizontal: bool = False) -> Any:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    FONT = _graphics_font()
    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, title, fontName=FONT, fontSize=9, textAnchor="middle"))
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    if horizontal:
        chart.x, chart.y, chart.width, chart.height = 60, 10, width - 80, height - 30
        items = list(reversed(items))
    else:
        chart.x, chart.y, chart.width, chart.height = 40, 30, width - 55, height - 55
    chart.data = [[float(v) for _l, v in items] or [0.0]]
    chart.categoryAxis.categoryNames = [label for label, _v in items] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max([float(v) for _l, v in items] + [0.0])
    if top < 5:     # all-zero or tiny counts: whole-number ticks, not 0.002
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = 5, 1
    chart.bars[0].fillColor = colors.HexColor(colour)
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 6
    d.add(chart)
    return d


def _line_drawing(title: str, months: list[str], series: dict[str, list[float | None]],
                  width: float, height: float) -> Any:
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    FONT = _graphics_font()
    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, title, fontName=FONT, fontSize=9, textAnchor="middle"))
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 30, width - 140, height - 55
    palette = [colors.HexColor("#1a5fb4"), colors.HexColor("#2e7d32")]
    data = []
    for values in series.values():
        pts = [(i, v) for i, v in enumerate(values) if v is not None]
        data.append(pts or [(0, 0)])
    plot.data = data
    for i in range(len(data)):
        plot.lines[i].strokeColor = palette[i % 2]
        plot.lines[i].symbol = makeMarker("FilledCircle", size=3)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = -0.5, len(months) - 0.5
    plot.xValueAxis.valueSteps = list(range(len(months)))
    plot.xValueAxis.labelTextFormat = lambda x: months[int(x)][2:] if 0 <= int(x) < len(months) else ""
    plot.xValueAxis.labels.fontName = FONT
    plot.xValueAxis.labels.fontSize = 6.5
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = -100, 100
    plot.yValueAxis.labels.fontName = FONT
    plot.yValueAxis.labels.fontSize = 7
    d.add(plot)
    legend = Legend()
    legend.x, legend.y = width - 90, height - 40
    legend.fontName, legend.fontSize = FONT, 8
    legend.colorNamePairs = [(palette[i % 2], name) for i, name in enumerate(series)]
    d.add(legend)
    return d


def _kv(rows: list[tuple[str, Any, str]]) -> Any:
    from reportlab.lib.units import mm

    from crm.reports.pdf import kv_table
    return kv_table([(label, _shown(kind, v)) for label, v, kind in rows], pairs_per_row=2,
                    label_w=42 * mm)


def _roll_table(d: Dashboard) -> Any:
    from crm.domain.enums import Bucket
    from crm.reports.pdf import BODY_W, Column, data_table
    keys = [b.value for b in Bucket]
    w = BODY_W / (len(keys) + 2)
    cols = [Column("上期末＼本期末", w)] + [Column(k, w, "RIGHT") for k in keys] + \
        [Column("合计", w, "RIGHT")]
    rows = []
    for src in keys:
        total = sum(n for (a, _b), n in d.portfolio.roll.items() if a == src)
        rows.append([src] + [f"{n}（{n / total:.0%}）" if total and (n := d.portfolio.roll.get(
            (src, dst), 0)) else "0" for dst in keys] + [str(total)])
    return data_table(cols, rows)


def write_pdf(data: MonthlyData, out: Path) -> int:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak

    from crm.reports.pdf import (
        BODY_W, Column, DocInfo, body, data_table, render, section, small, spacer, subtitle,
        title,
    )
    d = data.dash
    info = DocInfo(TITLE, data.bank_name, data.branch_name, data.generated_by,
                   data.generated_at, subject=f"{TITLE} {data.month_label}")
    cover = [spacer(60), title(TITLE), spacer(4), subtitle(data.month_label),
             spacer(2), subtitle(f"{data.bank_name} {data.branch_name}".strip()),
             spacer(2), subtitle(f"统计期间：{d.filter.start:%Y-%m-%d} 至 {d.filter.end:%Y-%m-%d}"),
             spacer(30), _kv(portfolio_rows(d)[:3] + [portfolio_rows(d)[-1]] + [
                 ("本月新增预警", d.risk.new_alerts, "int"),
                 ("承诺履约率", None if d.work.kept_rate is None else d.work.kept_rate / 100, "pct")]),
             spacer(6), small("客户信息已脱敏：不含身份证号、电话和地址。内部资料，注意保密。"),
             PageBreak()]
    half = (BODY_W - 4 * mm) / 2
    p = d.portfolio
    flow: list[Any] = list(cover)
    flow += section("一、资产质量", _kv(portfolio_rows(d)), spacer(3),
                    _charts_row([_bar_drawing("逾期分档（笔数）", [(s.key, s.count) for s in p.buckets],
                                              half, 60 * mm),
                                 _bar_drawing("五级分类（笔数）", [(s.label, s.count) for s in p.tiers],
                                              half, 60 * mm, "#c64600")]),
                    spacer(3), body("逾期分档迁徙矩阵（客户数）"), _roll_table(d),
                    small(p.roll_note + f"期初前无快照的客户 {p.roll_unknown} 位。"))
    r = d.risk
    flow += section("二、风险预警", _kv(risk_rows(d)[:3]), spacer(3),
                    _charts_row([_bar_drawing("客户风险等级", [(s.label, s.count) for s in r.levels],
                                              half, 60 * mm, "#a51d2d"),
                                 _bar_drawing("未结预警账龄", [(s.label, s.count)
                                                         for s in r.open_by_age],
                                              half, 60 * mm, "#c64600")]))
    k = d.work
    breakdown = 1 + len(k.by_channel) + len(k.by_outcome)
    flow += section("三、贷后工作", _kv(work_rows(d)[:1] + work_rows(d)[breakdown:]), spacer(3),
                    _charts_row([_bar_drawing("联系渠道", [(s.label, s.count) for s in k.by_channel],
                                              half, 60 * mm),
                                 _bar_drawing("联系结果", [(s.label, s.count) for s in k.by_outcome],
                                              half, 60 * mm, "#2e7d32", horizontal=True)]),
                    small(k.effects.source_note))
    s = d.satisfaction
    months = [f"{t.month // 100}-{t.month % 100:02d}" for t in s.trend]
    sat: list[Any] = [_kv(satisfaction_rows(d)[:7])]
    if any(t.responses for t in s.trend):
        sat += [spacer(3), _line_drawing("近12个月 NPS 与 CSAT", months,
                                         {"NPS": [t.nps for t in s.trend],
                                          "CSAT %": [t.csat for t in s.trend]}, BODY_W, 62 * mm)]
    else:
        sat += [body("暂无满意度数据")]
    flow += section("四、客户满意度", *sat)
    widths = [22, 16, 16, 26, 16, 16, 20, 14, 16]
    scale = BODY_W / (sum(widths) * mm)
    cols = [Column(h, w * mm * scale, "LEFT" if i == 0 else "RIGHT")
            for i, (h, w) in enumerate(zip(MANAGER_HEAD, widths))]
    mrows = [[_shown(kind, v) for kind, v in zip(
        ("text", "int", "int", "money", "int", "int", "pct", "num", "int"), row)]
        for row in manager_values(d)]
    flow += section("五、客户经理业绩", data_table(cols, mrows))
    ccols = [Column("类别", 18 * mm), Column("客户", 22 * mm), Column("日期", 22 * mm),
             Column("金额（元）", 26 * mm, "RIGHT"), Column("说明", BODY_W - 88 * mm, wrap=True)]
    crows = [[kind, name, on.isoformat() if on else "—", _money(amt), text]
             for kind, name, on, amt, text in case_values(data)]
    flow += [PageBreak()]
    flow += section("六、重点个案（新增逾期、安全事件、投诉）", data_table(ccols, crows, empty="本月无重点个案"),
                    small("个案仅列客户姓名；身份证号、电话、地址均不列示，说明文字中的号码已脱敏。"))
    return render(out, info, flow)


def _charts_row(drawings: list[Any]) -> Any:
    from reportlab.platypus import Table, TableStyle
    t = Table([drawings])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("FONTNAME", (0, 0), (-1, -1), _graphics_font()),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return t


# --- Excel -----------------------------------------------------------------------------------------

def write_xlsx(data: MonthlyData, out: Path) -> None:
    import xlsxwriter

    from crm.reports.excel import MONEY_FORMAT
    d = data.dash
    wb = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False})
    wb.set_properties({"title": f"{TITLE} {data.month_label}", "author": data.generated_by})
    f = {
        "head": wb.add_format({"bold": True, "bg_color": "#E8EDF2", "border": 1}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "int": wb.add_format({"num_format": "#,##0"}),
        "money": wb.add_format({"num_format": MONEY_FORMAT}),
        "pct": wb.add_format({"num_format": "0.0%"}),
        "num": wb.add_format({"num_format": "0.00"}),
        "text": wb.add_format({}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
    }

    def kv_sheet(name: str, rows: list[tuple[str, Any, str]]) -> Any:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ("指标", "数值"), f["head"])
        ws.freeze_panes(1, 0)
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 20)
        for i, (label, v, kind) in enumerate(rows, start=1):
            ws.write_string(i, 0, label)
            if v is None:
                ws.write_blank(i, 1, None)
            elif kind == "text":
                ws.write_string(i, 1, str(v))
            else:
                ws.write_number(i, 1, float(v), f[kind])
        return ws

    def table(ws: Any, top: int, left: int, head: tuple[str, ...], rows: list[list[Any]],
              kinds: tuple[str, ...]) -> None:
        ws.write_row(top, left, head, f["head"])
        for r, row in enumerate(rows, start=top + 1):
            for c, (v, kind) in enumerate(zip(row, kinds)):
                if v is None:
                    ws.write_blank(r, left + c, None)
                elif kind in ("int", "money", "pct", "num"):
                    ws.write_number(r, left + c, float(v), f[kind])
                elif kind == "date":
                    ws.write_datetime(r, left + c, datetime.combine(v, datetime.min.time()),
                                      f["date"])
                else:
                    ws.write_string(r, left + c, str(v), f["wrap" if kind == "wrap" else "text"])

    def bar(ws: Any, sheet: str, first: int, last: int, cat_col: int, val_col: int, name: str,
            anchor: str, kind: str = "column") -> None:
        chart = wb.add_chart({"type": kind})
        chart.add_series({"name": name, "categories": [sheet, first, cat_col, last, cat_col],
                          "values": [sheet, first, val_col, last, val_col],
                          **({"data_labels": {"percentage": True}} if kind == "pie" else {})})
        chart.set_title({"name": name})
        if kind != "pie":
            chart.set_legend({"none": True})
        ws.insert_chart(anchor, chart, {"x_scale": 1.1, "y_scale": 1.0})

    ws = wb.add_worksheet("说明")
    ws.write_string(0, 0, f"{TITLE} {data.month_label}", f["title"])
    for i, line in enumerate((f"网点：{data.bank_name} {data.branch_name}".strip(),
                              f"统计期间：{d.filter.start:%Y-%m-%d} 至 {d.filter.end:%Y-%m-%d}",
                              f"生成人：{data.generated_by}",
                              "客户信息已脱敏：不含身份证号、电话和地址。",
                              d.portfolio.roll_note), start=2):
        ws.write_string(i, 0, line)
    ws.set_column(0, 0, 100)

    p = d.portfolio
    ws = kv_sheet("资产质量", portfolio_rows(d))
    table(ws, 0, 3, ("逾期分档", "笔数", "余额（元）"),
          [[s.label, s.count, s.amount] for s in p.buckets], ("text", "int", "money"))
    top = len(p.buckets) + 2
    table(ws, top, 3, ("五级分类", "笔数", "余额（元）"),
          [[s.label, s.count, s.amount] for s in p.tiers], ("text", "int", "money"))
    from crm.domain.enums import Bucket
    keys = [b.value for b in Bucket]
    rtop = top + len(p.tiers) + 2
    table(ws, rtop, 3, ("上期末＼本期末", *keys),
          [[src, *[p.roll.get((src, dst), 0) for dst in keys]] for src in keys],
          ("text",) + ("int",) * len(keys))
    ws.set_column(3, 3, 18)
    ws.set_column(4, 10, 13)
    bar(ws, "资产质量", 1, len(p.buckets), 3, 4, "逾期分档（笔数）", "L2")
    bar(ws, "资产质量", top + 1, top + len(p.tiers), 3, 4, "五级分类（笔数）", "L18", "pie")

    r = d.risk
    ws = kv_sheet("风险预警", risk_rows(d))
    n = len(risk_rows(d))
    bar(ws, "风险预警", 4, 3 + len(r.levels), 0, 1, "客户风险等级", "D2")
    bar(ws, "风险预警", n - len(r.open_by_age) + 1, n, 0, 1, "未结预警账龄", "D18")

    k = d.work
    ws = kv_sheet("贷后工作", work_rows(d))
    bar(ws, "贷后工作", 2, 1 + len(k.by_channel), 0, 1, "联系渠道", "D2")
    first_outcome = 2 + len(k.by_channel)
    bar(ws, "贷后工作", first_outcome, first_outcome + len(k.by_outcome) - 1, 0, 1, "联系结果",
        "D18", "pie")

    s = d.satisfaction
    ws = kv_sheet("客户满意度", satisfaction_rows(d))
    table(ws, 0, 3, ("月份", "问卷数", "NPS", "CSAT"),
          [[f"{t.month // 100}-{t.month % 100:02d}", t.responses, t.nps,
            None if t.csat is None else t.csat / 100] for t in s.trend],
          ("text", "int", "num", "pct"))
    ws.set_column(3, 6, 12)
    if any(t.responses for t in s.trend):
        line = wb.add_chart({"type": "line"})
        line.add_series({"name": "NPS", "categories": ["客户满意度", 1, 3, len(s.trend), 3],
                         "values": ["客户满意度", 1, 5, len(s.trend), 5],
                         "marker": {"type": "circle"}})
        line.set_title({"name": "近12个月 NPS"})
        ws.insert_chart("I2", line)
    else:
        ws.write_string(len(satisfaction_rows(d)) + 2, 0, "暂无满意度数据")

    ws = wb.add_worksheet("客户经理")
    table(ws, 0, 0, MANAGER_HEAD, manager_values(d),
          ("text", "int", "int", "money", "int", "int", "pct", "num", "int"))
    ws.freeze_panes(1, 1)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 8, 13)
    if d.managers:
        ws.autofilter(0, 0, len(d.managers), len(MANAGER_HEAD) - 1)
        bar(ws, "客户经理", 1, len(d.managers), 0, 3, "逾期金额（元）", "K2", "bar")

    ws = wb.add_worksheet("重点个案")
    table(ws, 0, 0, ("类别", "客户", "日期", "金额（元）", "说明"), case_values(data),
          ("text", "text", "date", "money", "wrap"))
    ws.freeze_panes(1, 0)
    ws.set_column(0, 3, 14)
    ws.set_column(4, 4, 70)
    wb.close()


__all__ = ["MonthlyData", "monthly_data", "monthly_report", "parse_month", "write_pdf",
           "write_xlsx"]
