"""The 客户走访简报 (one customer's briefing sheet), and a pack's cover and summary table,
as reportlab flowables built from frozen records (crm.queries.briefing).

Laid out to fit one A4 page for a usual customer: sections keep their heading with their
first lines, tables split between rows with the header repeated, and the notes area with
the signature lines is kept whole, so a long sheet flows cleanly onto a second page.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date, time

from reportlab.graphics.shapes import Circle, Drawing, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from crm.domain.briefing import CHECKLIST, BriefingRecord, BriefLastVisit, PackStop, route_km
from crm.domain.talking_points import advice
from crm.reports.pdf import (
    BODY_W, FONT, GRID, INK, MUTED, Bookmark, Column, FillLine, NotesArea, TickBox, bullets,
    ALERT, body, data_table, day, kv_table, moment, money, section, signature_lines, small,
    spacer, subtitle, tick_list, title,
)

SHEET_TITLE = "客户走访简报"
NOTE_LINES = 5
SUMMARY_ROWS_PER_PAGE = 18


def _hm(t: time | None) -> str:
    return f"{t:%H:%M}" if t else ""


def window(start: time | None, end: time | None) -> str:
    if start and end:
        return f"{start:%H:%M}–{end:%H:%M}"
    return _hm(start) or _hm(end)


# --- the sheet -------------------------------------------------------------------------------

def sheet(r: BriefingRecord, key: str | None = None, outline: str | None = None) -> list[Flowable]:
    """All flowables of one customer's sheet. `key`/`outline` add a bookmark for the pack."""
    out: list[Flowable] = []
    if key is not None:
        out.append(Bookmark(key, outline or r.name))
    out += [title(SHEET_TITLE), _visit_line(r), spacer(1)]
    out += section("一、客户基本信息", _customer_block(r))
    out += section("二、贷款情况", _loans(r))
    out += section("三、近期联系与承诺", *_contacts(r))
    out += section("四、家庭状况与已知困难", *_family(r))
    tips = advice(r)
    out += section("五、走访目的与沟通要点",
                   body("走访目的：" + tips.purpose),
                   *bullets(tips.points))
    out += section("六、安全提示", *bullets(tips.safety, ALERT), keep_all=True)
    checklist = (r.visit.checklist if r.visit else ()) or tuple(
        (item, False) for item in CHECKLIST)
    out += section("七、走访准备清单", tick_list(list(checklist), columns=3), keep_all=True)
    out.append(NotesArea("八、现场记录", ["走访人员一", "走访人员二"], min_lines=NOTE_LINES - 2,
                         max_lines=NOTE_LINES + 3))
    return out


def _visit_line(r: BriefingRecord) -> Flowable:
    """Date, time window, purpose and staff of the visit; blank lines when not planned."""
    v = r.visit
    if v is None or v.planned_on is None:
        return FillLine([("走访日期：", 28 * mm), ("时间：", 26 * mm), ("走访目的：", 28 * mm),
                         ("走访人员：", 38 * mm)])
    parts = [f"走访日期：{v.planned_on:%Y-%m-%d}",
             f"时间：{window(v.window_start, v.window_end) or '____'}",
             f"走访目的：{v.purpose.label if v.purpose else '____'}",
             "走访人员：" + ("、".join(v.staff) if v.staff else "____")]
    if v.route_order is not None:
        parts.insert(0, f"第 {v.route_order} 站")
    return subtitle("　　".join(parts))


def _customer_block(r: BriefingRecord) -> Flowable:
    gender = r.gender.label if r.gender else "—"
    age = f"{r.age} 岁" if r.age is not None else "—"
    if r.risk_level is None and not r.risk_scored:
        risk = "暂无评分"
    else:
        risk = (r.risk_level.label if r.risk_level else "—") + (
            f"（{r.risk_score} 分）" if r.risk_score is not None else "")
        if not r.risk_scored:
            risk += "（暂无评分明细）"
    overdue = (f"最长逾期 {r.max_overdue_days} 天，逾期 {money(r.overdue_amount)}，"
               f"余额 {money(r.total_balance)}")
    items: list[tuple] = [
        ("姓名", r.name), ("证件号码", r.id_masked),
        ("性别 / 年龄", f"{gender} / {age}"),
        ("联系电话", (r.phone or "未登记") + ("（完整号码，已记审计）" if r.phone_revealed else "")),
        ("住址", " ".join(x for x in (r.address, f"（{r.district}）" if r.district else "") if x)
         or "未登记", 2),
        ("职业", r.occupation or "未登记"), ("工作单位", r.employer or "未登记"),
        ("客户经理", r.owner_name or "未分配"), ("客户分层", r.segment or "—"),
        ("风险等级", risk), ("逾期概况", overdue),
    ]
    if r.risk_reasons:
        items.append(("主要风险原因", "；".join(r.risk_reasons), 2))
    return kv_table(items)


_LOAN_COLUMNS = (
    Column("借据号", 35 * mm), Column("产品", 25 * mm, wrap=True),
    Column("本金", 21 * mm, "RIGHT"), Column("余额", 21 * mm, "RIGHT"),
    Column("逾期天数", 16 * mm, "RIGHT"), Column("逾期金额", 21 * mm, "RIGHT"),
    Column("五级分类", 16 * mm, "CENTER"), Column("到期日", BODY_W - 155 * mm, "CENTER"),
)


def _loans(r: BriefingRecord) -> Flowable:
    return data_table(_LOAN_COLUMNS, (
        (ln.loan_no, ln.product or "—", money(ln.principal), money(ln.balance),
         str(ln.overdue_days), money(ln.overdue_amount),
         ln.five_tier.label if ln.five_tier else "—", day(ln.maturity_on))
        for ln in r.loans), empty="无贷款记录")


_CONTACT_COLUMNS = (
    Column("时间", 27 * mm), Column("方式", 13 * mm, "CENTER"),
    Column("结果", 16 * mm, "CENTER"), Column("经办人", 16 * mm, wrap=True),
    Column("摘要", BODY_W - 72 * mm, wrap=True),
)


def _contacts(r: BriefingRecord) -> list[Flowable]:
    out: list[Flowable] = [data_table(_CONTACT_COLUMNS, (
        (moment(c.contacted_at), c.channel.label, c.outcome.label, c.user_name or "—",
         c.summary or "—") for c in r.contacts), empty="暂无联系记录")]
    lines = []
    for label, promises in (("待履行承诺", r.open_promises), ("未履行承诺", r.broken_promises)):
        if promises:
            lines.append(f"{label}：" + "；".join(
                f"{day(p.promise_date)} 还款 {money(p.amount, '金额未定')}" for p in promises))
    if not lines:
        lines.append("还款承诺：无待履行或近期未履行的承诺")
    out += [spacer(0.8)] + [body(t) for t in lines]
    out.append(body(_last_visit_text(r.last_visit)))
    return out


def _last_visit_text(v: BriefLastVisit | None) -> str:
    if v is None:
        return "上次走访：无走访记录"
    met = {True: "见到客户本人", False: "未见到客户", None: ""}[v.met_customer]
    parts = [f"上次走访：{v.planned_on:%Y-%m-%d} {v.status.label}" + (f"，{met}" if met else "")]
    if v.staff:
        parts.append("走访人员 " + "、".join(v.staff))
    for label, text in (("现场情况", v.situation), ("发现", v.findings),
                        ("约定", v.agreed_actions)):
        if text:
            parts.append(f"{label}：{text}")
    if v.willingness is not None or v.ability is not None:
        parts.append(f"还款意愿 {v.willingness or '—'}/5，还款能力 {v.ability or '—'}/5")
    return "；".join(parts)


def _family(r: BriefingRecord) -> list[Flowable]:
    out: list[Flowable] = [body("家庭状况：" + (r.family_situation or "未登记"))]
    income = f"月收入：{money(r.monthly_income, '未登记')}"
    if r.difficulties:
        out.append(body("已知困难：" + "；".join(r.difficulties) + "。" + income))
    else:
        out.append(body("已知困难：暂无记录。" + income))
    return out


# --- the pack's cover and summary ------------------------------------------------------------

_COVER_COLUMNS = (
    Column("顺序", 10 * mm, "CENTER"), Column("时间", 22 * mm, "CENTER"),
    Column("客户", 24 * mm, wrap=True), Column("地址（脱敏）", 48 * mm, wrap=True),
    Column("区域", 20 * mm, wrap=True), Column("电话", 24 * mm, "CENTER"),
    Column("目的", BODY_W - 148 * mm, "CENTER"),
)


_PICKED_COLUMNS = (
    Column("序号", 10 * mm, "CENTER"), Column("客户", 26 * mm, wrap=True),
    Column("地址（脱敏）", 52 * mm, wrap=True), Column("区域", 22 * mm, wrap=True),
    Column("电话", 24 * mm, "CENTER"), Column("最长逾期天数", 20 * mm, "RIGHT"),
    Column("逾期金额", BODY_W - 154 * mm, "RIGHT"),
)


def cover(stops: Sequence[PackStop], staff_name: str | None = None,
          on: date | None = None) -> list[Flowable]:
    """The route in visit order, the distance and a stop schematic when coordinates exist
    (for a staff member's day); for hand-picked customers, the list without the route."""
    out: list[Flowable] = [Bookmark("cover", "封面与路线"), title("走访资料包")]
    facts = [f"走访人员：{staff_name}" if staff_name else "",
             f"日期：{on:%Y-%m-%d}" if on else "",
             f"共 {len(stops)} {'站' if staff_name else '位客户'}"]
    out += [subtitle("　　".join(f for f in facts if f)), spacer(2)]
    if not staff_name:
        picked = ((str(s.seq), s.name, s.address or "—", s.district or "—", s.phone or "—",
                   str(s.overdue_days), money(s.overdue_amount)) for s in stops)
        out += section("客户清单", data_table(_PICKED_COLUMNS, picked))
    else:
        rows = ((str(s.seq), window(s.window_start, s.window_end) or "—", s.name,
                 s.address or "—", s.district or "—", s.phone or "—",
                 s.purpose.label if s.purpose else "—") for s in stops)
        out += section("走访路线（按走访顺序）",
                       data_table(_COVER_COLUMNS, rows, empty="当天没有走访安排"))
        km = route_km(list(stops))
        text = (f"路线总长约 {km:.1f} 公里（按客户登记坐标的直线距离估算，不含往返支行）"
                if km is not None else "客户未登记坐标，无法估算路线长度")
        out += [spacer(1.5), body(text)]
        drawing = schematic(stops)
        if drawing is not None:
            out += section("站点示意图（非地图，仅示意相对位置）", drawing, keep_all=True)
    out += [spacer(3), small("本资料包含客户个人信息，仅限走访使用，用后交回支行统一销毁，"
                                 "不得遗失、拍照外传。")]
    return out


def schematic(stops: Sequence[PackStop], width: float = BODY_W,
              height: float = 62 * mm) -> Drawing | None:
    """Numbered stops at their relative positions, joined in visit order (offline: no map)."""
    pts = [(s.seq, s.longitude, s.latitude) for s in stops
           if s.latitude is not None and s.longitude is not None]
    if len(pts) < 2:
        return None
    # east-west degrees shrink with latitude: scale longitude so distances look right
    shrink = math.cos(math.radians(sum(p[2] for p in pts) / len(pts)))  # type: ignore[misc]
    pts = [(seq, lon * shrink, lat) for seq, lon, lat in pts]  # type: ignore[operator]
    xs, ys = [p[1] for p in pts], [p[2] for p in pts]
    pad = 8 * mm
    span_x, span_y = (max(xs) - min(xs)) or 1e-6, (max(ys) - min(ys)) or 1e-6
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)

    def at(lon: float, lat: float) -> tuple[float, float]:
        return (pad + (lon - min(xs)) * scale, pad + (lat - min(ys)) * scale)
    d = Drawing(width, height, initialFontName=FONT, initialFontSize=8)  # not Helvetica
    d.add(Rect(0, 0, width, height, strokeColor=GRID, fillColor=None, strokeWidth=0.5))
    coords = [at(p[1], p[2]) for p in pts]  # type: ignore[arg-type]
    d.add(PolyLine([v for xy in coords for v in xy], strokeColor=MUTED, strokeWidth=0.8,
                   strokeDashArray=[2, 2]))
    for (seq, _x, _y), (x, y) in zip(pts, coords):
        d.add(Circle(x, y, 3.2 * mm, fillColor=colors.white, strokeColor=INK, strokeWidth=0.8))
        d.add(String(x, y - 1.1 * mm, str(seq), fontName=FONT, fontSize=8,
                     textAnchor="middle", fillColor=INK))
    return d


_SUMMARY_COLUMNS = (
    Column("序号", 10 * mm, "CENTER"), Column("客户", 24 * mm, wrap=True),
    Column("见到本人", 24 * mm), Column("还款意愿(1-5)", 20 * mm, "CENTER"),
    Column("承诺金额 / 日期", 34 * mm), Column("后续安排", 40 * mm),
    Column("备注", BODY_W - 152 * mm),
)


class _YesNo(Flowable):
    """□是 □否 to tick."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 20 * mm, 3.4 * mm

    def draw(self) -> None:
        for i, word in enumerate(("是", "否")):
            x = i * 10 * mm
            self.canv.saveState()
            self.canv.translate(x, 0)
            box = TickBox()
            box.canv = self.canv
            box.draw()
            self.canv.restoreState()
            self.canv.setFont(FONT, 8.5)
            self.canv.drawString(x + 4.2 * mm, 0.5 * mm, word)


def summary_pages(stops: Sequence[PackStop]) -> Iterator[tuple[str, list[Flowable]]]:
    """走访情况汇总表: one chunk per page, rows tall enough to write in."""
    pages = max(1, -(-len(stops) // SUMMARY_ROWS_PER_PAGE))
    for n in range(pages):
        part = stops[n * SUMMARY_ROWS_PER_PAGE:(n + 1) * SUMMARY_ROWS_PER_PAGE]
        out: list[Flowable] = []
        if n == 0:
            out.append(Bookmark("summary", "走访情况汇总表"))
        suffix = f"（{n + 1}/{pages}）" if pages > 1 else ""
        out += [title("走访情况汇总表" + suffix),
                subtitle("走访结束后逐户填写，交主管复核"), spacer(2),
                data_table(_SUMMARY_COLUMNS, ((str(s.seq), s.name, _YesNo(), "", "", "", "")
                                              for s in part), empty="无",
                           row_height=12.5 * mm)]
        if n == pages - 1:
            out += [spacer(4), KeepTogether([signature_lines(["走访人员", "复核主管"])])]
        yield "走访情况汇总表", out


__all__ = ["SHEET_TITLE", "cover", "schematic", "sheet", "summary_pages", "window"]
