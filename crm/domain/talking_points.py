"""What to say at the door: the visit's purpose, talking points derived from the customer's
situation, and the safety reminders, as a small rule table (DOMAIN.md §6-7).

Reason codes are matched as text, so both the visit form's codes (失业, 疾病, ...) and older
free-text reasons (失业或收入下降) find their advice.
"""
from __future__ import annotations

from dataclasses import dataclass

from crm.domain.briefing import BriefingRecord
from crm.domain.enums import ContactOutcome, VisitPurpose

# (words any of which in a reason or hardship note triggers the point, the point)
REASON_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("失业", "下岗", "失去工作"),
     "客户失业：了解再就业进展和家庭其他收入来源；可提出设置还款缓冲期（如 3 个月）的协商还款"
     "计划，说明缓冲期政策、申请材料和审批流程，缓冲期内按时联系。"),
    (("疾病", "患病", "住院", "病"),
     "客户或家人患病：先表示关心，了解治疗和医疗支出；可凭医疗证明协商延期或分期，"
     "不在病人面前谈论欠款。"),
    (("家庭变故", "离婚", "去世", "变故"),
     "家庭变故：体谅客户处境，了解家庭收入和共同还款人情况；协商可承受的分期金额，"
     "必要时约定稍后再访。"),
    (("经营困难", "经营", "生意", "工程款"),
     "经营困难：了解经营现状、应收账款和存货，评估经营现金流；可提出按回款节奏的递增分期计划，"
     "并核实经营场所和抵押物状况。"),
    (("收入下降", "收入"),
     "收入下降：核实收入变化和家庭支出，按实际还款能力测算月供，可提出延长分期期数的还款计划。"),
    (("恶意逃废", "逃废", "转移资产"),
     "疑似恶意逃废债：核实住所和资产状况，告知逾期对个人征信的影响及可能的法律后果；态度坚定、"
     "语气平和，不作任何威胁，完整记录，由主管决定是否移交法律程序。"),
    (("联系方式变更", "换号", "号码错误", "搬家"),
     "联系方式有变：现场核实并请客户确认新的手机号、住址和工作单位，回行后在系统中更新。"),
    (("多头借贷", "多头"),
     "多头借贷：了解其他借款和还款压力，提示合理安排债务顺序，避免以贷养贷。"),
    (("异议", "条款"),
     "客户对贷款条款有异议：带齐合同和还款记录，逐条耐心解释；记录异议内容，不能当场答复的由主管答复。"),
)

GENERAL = "先倾听、后沟通：了解逾期原因和客户的实际困难，语气平和，尊重客户；不在邻居、亲友等第三人面前谈论欠款。"


@dataclass(frozen=True)
class Advice:
    purpose: str
    points: tuple[str, ...]
    safety: tuple[str, ...]


def infer_purpose(r: BriefingRecord) -> VisitPurpose:
    """When no plan says why: collect long arrears, negotiate short ones, otherwise check."""
    if r.visit is not None and r.visit.purpose is not None:
        return r.visit.purpose
    if r.max_overdue_days > 90:
        return VisitPurpose.COLLECT
    if r.max_overdue_days > 0:
        return VisitPurpose.NEGOTIATE
    return VisitPurpose.INSPECTION


_PURPOSE_TEXT = {
    VisitPurpose.UNDERSTAND: "了解客户近况、逾期原因和家庭经营状况",
    VisitPurpose.COLLECT: "当面催收逾期欠款，明确还款金额和日期",
    VisitPurpose.NEGOTIATE: "协商切实可行的还款安排，必要时拟定还款计划",
    VisitPurpose.INSPECTION: "贷后检查：核实资金用途、经营和抵押担保状况",
    VisitPurpose.CARE: "回访关怀：了解客户需求和满意度",
}


def _reason_points(texts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for words, point in REASON_RULES:
        if any(w in t for t in texts for w in words) and point not in out:
            out.append(point)
    return out


def _situation_points(r: BriefingRecord) -> list[str]:
    out: list[str] = []
    for p in r.open_promises[:1]:
        when = f"{p.promise_date:%Y-%m-%d}" if p.promise_date else "约定日期"
        amount = f"¥{p.amount:,.2f}" if p.amount is not None else "约定金额"
        out.append(f"客户已承诺于 {when} 还款 {amount}：确认能否按期履行，提醒还款渠道。")
    if r.broken_promises:
        out.append(f"客户有 {len(r.broken_promises)} 次还款承诺未履行：了解未履行原因；新的承诺要"
                   "具体到金额和日期，并请客户签字确认。")
    outcomes = {c.outcome for c in r.contacts}
    if ContactOutcome.LOST_CONTACT in outcomes or ContactOutcome.WRONG_NUMBER in outcomes:
        out.append("近期电话联系不上：上门核实住址和联系方式；未见到本人时可留下联系卡，"
                   "但不得向他人透露欠款信息。")
    if ContactOutcome.COMPLAINT in outcomes:
        out.append("客户近期有投诉：先回应投诉处理情况，注意沟通方式，避免激化矛盾。")
    if r.max_overdue_days > 90:
        out.append(f"最长逾期已 {r.max_overdue_days} 天：说明逾期对个人征信的影响和后续处置措施，"
                   "争取当场形成书面还款承诺或还款计划。")
    elif r.max_overdue_days > 0:
        out.append(f"逾期 {r.max_overdue_days} 天、金额 ¥{r.overdue_amount:,.2f}：提醒尽快归还，"
                   "避免影响征信记录。")
    return out


def advice(r: BriefingRecord) -> Advice:
    purpose = infer_purpose(r)
    points = [GENERAL, *_reason_points(r.difficulties), *_situation_points(r)]
    if purpose is VisitPurpose.CARE or (r.max_overdue_days == 0 and not r.difficulties):
        points.append("客户还款正常：了解经营和家庭近况，听取意见建议，可介绍适合的金融服务。")
    return Advice(f"{purpose.label}：{_PURPOSE_TEXT[purpose]}", tuple(points), safety(r))


def safety(r: BriefingRecord) -> tuple[str, ...]:
    staff = "、".join(r.visit.staff) if r.visit and r.visit.staff else ""
    two = ("双人走访：至少两名工作人员同行，不得单独上门"
           + (f"（本次：{staff}）" if len(staff) else "") + "。")
    emergency = r.branch.emergency_contact or "支行主管"
    out = [two + "出发前告知主管行程，到达和离开时报平安；不进入封闭房间，保持退路畅通。",
           f"紧急联系人：{emergency}；遇到危险立即离开现场，必要时拨打 110。"
           "不收取现金，还款一律通过银行渠道；不作任何威胁或不实承诺。"]
    if r.last_visit is not None and r.last_visit.safety_incident:
        note = r.last_visit.safety_note or "详见走访记录"
        out.insert(0, f"注意：上次走访记录了安全事件（{note}），请主管确认后再出发。")
    return tuple(out)
