"""The 还款协议 / 还款承诺书 PDF of a negotiated repayment plan: the parties, the loans and
arrears, the schedule, the terms, and signature lines for the customer and the bank.
Built from a plain AgreementData (crm.domain.agreement) with the shared blocks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether

from crm.domain.actors import Actor
from crm.domain.agreement import AgreementData, rmb_upper
from crm.persistence.engine import Database
from crm.reports.pdf import (
    BODY_W, FONT, Column, DocInfo, FillLine, body, data_table, day, kv_table, money, render,
    section, spacer, subtitle, title,
)

STANDARD_TERMS = (
    "乙方应按上述还款计划按期足额还款，还款以甲方实际入账为准；乙方可提前偿还部分或全部欠款。",
    "还款缓冲期内乙方应保持联系方式畅通，如联系方式、住址或工作单位变更，应在 7 日内告知甲方。",
    "乙方任一期未按约定足额还款的，甲方有权终止本协议，并按原借款合同的约定主张全部权利。",
    "本协议不改变原借款合同及担保合同的其他约定，原担保继续有效。",
    "本协议一式两份，甲乙双方各执一份，自双方签字（盖章）之日起生效。",
)
PLEDGE_TERMS = (
    "本人将按上述计划按期足额还款，还款以银行实际入账为准；本人可提前偿还部分或全部欠款。",
    "还款期间本人保持联系方式畅通，联系方式、住址或工作单位变更时及时告知银行。",
    "如本人未按上述计划还款，愿意承担原借款合同约定的全部责任，银行有权依法追偿。",
    "本承诺书不改变原借款合同及担保合同的其他约定。",
)

_LOANS = (
    Column("借据号", 44 * mm), Column("产品", 40 * mm, wrap=True),
    Column("贷款余额", 34 * mm, "RIGHT"), Column("逾期金额", 34 * mm, "RIGHT"),
    Column("逾期天数", BODY_W - 152 * mm, "RIGHT"),
)
_SCHEDULE = (
    Column("期数", 20 * mm, "CENTER"), Column("应还日期", 40 * mm, "CENTER"),
    Column("应还金额（元）", 44 * mm, "RIGHT"), Column("实还日期", 36 * mm, "CENTER"),
    Column("经办人确认", BODY_W - 140 * mm, "CENTER"),
)


def agreement_flowables(a: AgreementData) -> list[Flowable]:
    out: list[Flowable] = [title(a.title)]
    if a.agreement_no:
        out.append(subtitle(f"编号：{a.agreement_no}"))
    out.append(spacer(2))
    lender = f"{a.bank_name}{a.branch_name}".strip() or "（银行名称）"
    out += section("当事人", kv_table([
        ("贷款银行" if a.pledge else "甲方（贷款人）", lender, 2),
        ("承诺人（借款人）" if a.pledge else "乙方（借款人）", a.customer_name), ("证件号码", a.customer_id_number),
        ("联系电话", a.customer_phone or "—"), ("经办客户经理", a.manager_name or "—"),
        ("住址", a.customer_address or "—", 2),
    ], label_w=27 * mm), keep_all=True)
    who = "本人" if a.pledge else "乙方"
    intro = (f"{who}在{lender}办理的下列贷款已发生逾期。" + (
        "经与银行协商，本人自愿作出如下还款承诺：" if a.pledge
        else "经甲乙双方平等协商，就逾期欠款的归还达成如下协议："))
    out += [spacer(1), body(intro)]
    loans = data_table(_LOANS, ((ln.loan_no, ln.product or "—", money(ln.balance),
                                 money(ln.overdue_amount), str(ln.overdue_days))
                                for ln in a.loans), empty="（未列明贷款）")
    out += section("一、贷款及欠款情况", loans, spacer(1), body(
        f"截至{'本承诺书签署' if a.pledge else '协议签订'}日，{who}应归还的欠款金额为 "
        f"{money(a.arrears_amount)}"
        f"（人民币大写：{rmb_upper(a.arrears_amount)}）。"))
    since = "本承诺书签署" if a.pledge else "协议生效"
    grace = (f"自{since}之日起设还款缓冲期 {a.grace_months} 个月，缓冲期内暂不要求归还上述欠款。"
             if a.grace_months > 0 else "不设还款缓冲期。")
    out += section("二、还款缓冲期", body(grace))
    first = a.instalments[0].due_on if a.instalments else None
    plan = (f"还款方式：{a.method.label}，共 {len(a.instalments)} 期，首期应还日期 {day(first)}，"
            f"合计 {money(a.scheduled_total)}（人民币大写：{rmb_upper(a.scheduled_total)}）。")
    rows = [(str(i.seq), day(i.due_on), f"{i.amount:,.2f}", "", "") for i in a.instalments]
    out += section("三、还款计划", body(plan), spacer(1),
                   data_table(_SCHEDULE, rows, empty="（未列明还款计划）"))
    terms = (*(PLEDGE_TERMS if a.pledge else STANDARD_TERMS), *a.terms)
    out += section("四、约定事项", *[body(f"{n}. {t}")
                                   for n, t in enumerate(terms, 1)])
    out.append(spacer(6))
    out.append(KeepTogether(_signatures(a)))
    return out


def _signatures(a: AgreementData) -> list[Flowable]:
    lines: list[Flowable] = []
    rows: list[tuple[str, str]] = ([("承诺人（借款人）签字：", "")] if a.pledge else
                                   [("乙方（借款人）签字：", ""), ("甲方（盖章）：", "")])
    rows.append(("银行经办人签字：", ""))
    for caption, _ in rows:
        line_w = 95 * mm - stringWidth(caption, FONT, 9)
        lines.append(FillLine([(caption, line_w), ("日期：", 18 * mm), ("年", 11 * mm),
                               ("月", 11 * mm), ("日", 0)], height=10 * mm))
    if a.pledge:
        lines.insert(0, body("本人已阅读并理解上述内容，承诺按期还款。"))
    return lines


def render_agreement(a: AgreementData, out: str | Path | Any, *, generated_by: str,
                     generated_at: datetime | None = None) -> int:
    """Write the agreement (a path or a binary file object); returns its page count."""
    info = DocInfo(a.title, a.bank_name, a.branch_name, generated_by,
                   generated_at or datetime.now(timezone.utc))
    return render(out, info, agreement_flowables(a))


@dataclass(frozen=True)
class AgreementResult:
    pages: int
    title: str            # 还款协议 / 还款承诺书
    customer_name: str


def make_agreement(db: Database, actor: Actor, plan_id: int, out: str | Path, *, reveal: bool,
                   pledge: bool) -> AgreementResult:
    """Render a repayment plan's agreement to `out` and audit it like any printed customer
    data (masked unless `reveal`, which agreement_data checks and audits). The app and the
    command line both print through here."""
    from crm.services.repayment_plans import agreement_data, get_plan

    out = Path(out)
    with db.uow(actor) as uow:
        customer_id = get_plan(uow, actor, plan_id).customer_id
        data = agreement_data(uow, actor, plan_id, reveal=reveal, pledge=pledge)
        pages = render_agreement(data, out, generated_by=actor.display_name or actor.username)
        uow.audit("export", f"打印{data.title} #{plan_id}（{data.customer_name}，{pages} 页，"
                  f"{'未脱敏' if reveal else '脱敏'}）到“{out.name}”", entity="repayment_plans",
                  entity_id=str(plan_id), customer_id=customer_id,
                  after={"what": "agreement", "pledge": pledge, "unmasked": reveal,
                         "pages": pages, "file": out.name})
        uow.commit()
    return AgreementResult(pages, data.title, data.customer_name)


__all__ = ["PLEDGE_TERMS", "STANDARD_TERMS", "AgreementResult", "agreement_flowables",
           "make_agreement", "render_agreement"]
