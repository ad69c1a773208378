"""Every closed vocabulary of the domain, stored by value, with its Chinese label."""
from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members carry the Chinese label users see."""

    @property
    def label(self) -> str:
        return _BY_TYPE.get((type(self), self.value), self.value)

    @classmethod
    def from_label(cls, text: str) -> "Labelled":
        text = text.strip()
        for member in cls:
            if member.label == text or member.value == text:
                return member
        raise ValueError(f"{cls.__name__}: {text!r}")


class Role(Labelled):
    MANAGER = "manager"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    AUDITOR = "auditor"


class Gender(Labelled):
    MALE = "M"
    FEMALE = "F"


class FiveTier(Labelled):
    """五级分类, ordered from best to worst."""

    NORMAL = "normal"
    SPECIAL_MENTION = "special_mention"
    SUBSTANDARD = "substandard"
    DOUBTFUL = "doubtful"
    LOSS = "loss"

    @property
    def rank(self) -> int:
        return list(FiveTier).index(self)


class Bucket(Labelled):
    M0 = "M0"
    M1 = "M1"
    M2 = "M2"
    M3 = "M3"
    M4_6 = "M4-M6"
    M6_PLUS = "M6+"


class LoanStatus(Labelled):
    ACTIVE = "active"
    SETTLED = "settled"
    WRITTEN_OFF = "written_off"


class RepaymentMethod(Labelled):
    EQUAL_INSTALMENT = "equal_instalment"
    EQUAL_PRINCIPAL = "equal_principal"
    INTEREST_FIRST = "interest_first"
    BULLET = "bullet"
    OTHER = "other"


class RepaymentKind(Labelled):
    INSTALMENT = "instalment"
    PAYMENT = "payment"


class ContactChannel(Labelled):
    PHONE = "phone"
    SMS = "sms"
    WECHAT = "wechat"
    EMAIL = "email"
    VISIT = "visit"
    LETTER = "letter"
    BRANCH = "branch"


class ContactDirection(Labelled):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class ContactParty(Labelled):
    BORROWER = "borrower"
    SPOUSE = "spouse"
    CO_BORROWER = "co_borrower"
    GUARANTOR = "guarantor"
    AUTHORISED = "authorised"
    OTHER = "other"


class ContactOutcome(Labelled):
    CONNECTED = "connected"
    NO_ANSWER = "no_answer"
    REFUSED = "refused"
    PROMISED = "promised"
    PAID = "paid"
    LOST_CONTACT = "lost_contact"
    WRONG_NUMBER = "wrong_number"
    HARDSHIP = "hardship"
    COMPLAINT = "complaint"
    OTHER = "other"


class PromiseStatus(Labelled):
    PENDING = "pending"
    KEPT = "kept"
    BROKEN = "broken"


class TaskKind(Labelled):
    FOLLOW_UP = "follow_up"
    PROMISE = "promise"
    REVISIT = "revisit"
    VISIT = "visit"
    SURVEY = "survey"
    REMEDIATION = "remediation"
    ALERT = "alert"
    OTHER = "other"


class TaskStatus(Labelled):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class RiskLevel(Labelled):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AlertStatus(Labelled):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    DISMISSED = "dismissed"
    RESOLVED = "resolved"


class AlertAction(Labelled):
    """What a manager does about a risk alert (预警响应)."""

    PHONE = "phone"
    VISIT = "visit"
    REPAYMENT_PLAN = "repayment_plan"
    MONITOR = "monitor"
    ESCALATE = "escalate"
    LEGAL = "legal"


class VisitPurpose(Labelled):
    UNDERSTAND = "understand"
    COLLECT = "collect"
    NEGOTIATE = "negotiate"
    INSPECTION = "inspection"
    CARE = "care"


class VisitStatus(Labelled):
    DRAFT = "draft"
    APPOINTED = "appointed"
    VISITED = "visited"
    NOT_MET = "not_met"
    PENDING_REVIEW = "pending_review"
    REVIEWED = "reviewed"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class VisitReason(Labelled):
    """Why the borrower has difficulty repaying (走访记录的困难原因)."""

    UNEMPLOYED = "unemployed"
    ILLNESS = "illness"
    FAMILY_EVENT = "family_event"
    BUSINESS_DIFFICULTY = "business_difficulty"
    INCOME_DROP = "income_drop"
    WILFUL_DEFAULT = "wilful_default"
    CONTACT_CHANGED = "contact_changed"
    OTHER = "other"


class ChecklistItem(Labelled):
    """The preparation checklist of a visit plan (走访准备)."""

    BASICS_VERIFIED = "basics_verified"
    OVERDUE_REVIEWED = "overdue_reviewed"
    FAMILY_KNOWN = "family_known"
    PLAN_PREPARED = "plan_prepared"
    MATERIALS_PRINTED = "materials_printed"
    SUPERVISOR_INFORMED = "supervisor_informed"


class ReviewStatus(Labelled):
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


class PlanStatus(Labelled):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    ACTIVE = "active"
    SETTLED = "settled"
    DEFAULTED = "defaulted"


class PlanMethod(Labelled):
    EQUAL = "equal"
    STEP_UP = "step_up"


class InstalmentStatus(Labelled):
    DUE = "due"
    PAID = "paid"
    MISSED = "missed"


class SurveyDimension(Labelled):
    EFFICIENCY = "efficiency"
    QUALITY = "quality"
    PRODUCTS = "products"
    ATTITUDE = "attitude"
    RESOLUTION_SPEED = "resolution_speed"
    OVERALL = "overall"
    NPS = "nps"
    SUGGESTION = "suggestion"


class QuestionKind(Labelled):
    LIKERT5 = "likert5"
    SCALE10 = "scale10"
    CHOICE = "choice"
    TEXT = "text"


class SurveyChannel(Labelled):
    PAPER = "paper"
    PHONE = "phone"
    VISIT = "visit"
    BRANCH = "branch"
    EMAIL = "email"


class TemplateStatus(Labelled):
    ACTIVE = "active"
    RETIRED = "retired"


class FeedbackKind(Labelled):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    PRAISE = "praise"


class FeedbackStatus(Labelled):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Adoption(Labelled):
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    IMPLEMENTED = "implemented"


class CaseStatus(Labelled):
    OPEN = "open"
    CLOSED = "closed"


class ImportStatus(Labelled):
    RUNNING = "running"
    APPLIED = "applied"
    UNDONE = "undone"
    FAILED = "failed"


_LABELS: tuple[tuple[StrEnum, str], ...] = (
    (Role.MANAGER, "客户经理"), (Role.SUPERVISOR, "主管"), (Role.ADMIN, "管理员"), (Role.AUDITOR, "审计"),
    (Gender.MALE, "男"), (Gender.FEMALE, "女"),
    (FiveTier.NORMAL, "正常"), (FiveTier.SPECIAL_MENTION, "关注"), (FiveTier.SUBSTANDARD, "次级"),
    (FiveTier.DOUBTFUL, "可疑"), (FiveTier.LOSS, "损失"),
    (Bucket.M0, "M0 未逾期"), (Bucket.M1, "M1 (1-30天)"), (Bucket.M2, "M2 (31-60天)"),
    (Bucket.M3, "M3 (61-90天)"), (Bucket.M4_6, "M4-M6 (91-180天)"), (Bucket.M6_PLUS, "M6+ (180天以上)"),
    (LoanStatus.ACTIVE, "正常存续"), (LoanStatus.SETTLED, "已结清"), (LoanStatus.WRITTEN_OFF, "已核销"),
    (RepaymentMethod.EQUAL_INSTALMENT, "等额本息"), (RepaymentMethod.EQUAL_PRINCIPAL, "等额本金"),
    (RepaymentMethod.INTEREST_FIRST, "先息后本"), (RepaymentMethod.BULLET, "到期一次还本付息"),
    (RepaymentMethod.OTHER, "其他"),
    (RepaymentKind.INSTALMENT, "应还"), (RepaymentKind.PAYMENT, "实还"),
    (ContactChannel.PHONE, "电话"), (ContactChannel.SMS, "短信"), (ContactChannel.WECHAT, "微信"),
    (ContactChannel.EMAIL, "邮件"), (ContactChannel.VISIT, "上门"), (ContactChannel.LETTER, "信函"),
    (ContactChannel.BRANCH, "网点面谈"),
    (ContactDirection.OUTBOUND, "呼出/发出"), (ContactDirection.INBOUND, "呼入/来访"),
    (ContactParty.BORROWER, "借款人本人"), (ContactParty.SPOUSE, "配偶"),
    (ContactParty.CO_BORROWER, "共同借款人"), (ContactParty.GUARANTOR, "担保人"),
    (ContactParty.AUTHORISED, "其他授权联系人"), (ContactParty.OTHER, "其他第三方"),
    (ContactOutcome.CONNECTED, "已接通"), (ContactOutcome.NO_ANSWER, "未接通"),
    (ContactOutcome.REFUSED, "拒接"), (ContactOutcome.PROMISED, "承诺还款"),
    (ContactOutcome.PAID, "已还款"), (ContactOutcome.LOST_CONTACT, "失联"),
    (ContactOutcome.WRONG_NUMBER, "号码错误"), (ContactOutcome.HARDSHIP, "客户困难"),
    (ContactOutcome.COMPLAINT, "投诉"), (ContactOutcome.OTHER, "其他"),
    (PromiseStatus.PENDING, "待履行"), (PromiseStatus.KEPT, "已履行"), (PromiseStatus.BROKEN, "未履行"),
    (TaskKind.FOLLOW_UP, "跟进"), (TaskKind.PROMISE, "承诺到期"), (TaskKind.REVISIT, "定期回访"),
    (TaskKind.VISIT, "走访"), (TaskKind.SURVEY, "满意度调查"), (TaskKind.REMEDIATION, "整改"),
    (TaskKind.ALERT, "预警处理"), (TaskKind.OTHER, "其他"),
    (TaskStatus.OPEN, "待办"), (TaskStatus.DONE, "已完成"), (TaskStatus.CANCELLED, "已取消"),
    (RiskLevel.LOW, "低"), (RiskLevel.MEDIUM, "中"), (RiskLevel.HIGH, "高"), (RiskLevel.CRITICAL, "极高"),
    (AlertStatus.NEW, "新预警"), (AlertStatus.ACKNOWLEDGED, "已确认"),
    (AlertStatus.IN_PROGRESS, "处理中"), (AlertStatus.DISMISSED, "已解除"),
    (AlertStatus.RESOLVED, "已处置"),
    (AlertAction.PHONE, "电话联系客户"), (AlertAction.VISIT, "安排走访"),
    (AlertAction.REPAYMENT_PLAN, "拟定还款计划"), (AlertAction.MONITOR, "加强监控"),
    (AlertAction.ESCALATE, "上报主管"), (AlertAction.LEGAL, "移交法律程序"),
    (VisitPurpose.UNDERSTAND, "了解情况"), (VisitPurpose.COLLECT, "催收"),
    (VisitPurpose.NEGOTIATE, "协商还款"), (VisitPurpose.INSPECTION, "贷后检查"),
    (VisitPurpose.CARE, "回访关怀"),
    (VisitStatus.DRAFT, "草稿"), (VisitStatus.APPOINTED, "已预约"), (VisitStatus.VISITED, "已走访"),
    (VisitStatus.NOT_MET, "未见到客户"), (VisitStatus.PENDING_REVIEW, "待复核"),
    (VisitStatus.REVIEWED, "已复核"), (VisitStatus.RETURNED, "退回补充"),
    (VisitStatus.CANCELLED, "已取消"),
    (VisitReason.UNEMPLOYED, "失业"), (VisitReason.ILLNESS, "疾病"),
    (VisitReason.FAMILY_EVENT, "家庭变故"), (VisitReason.BUSINESS_DIFFICULTY, "经营困难"),
    (VisitReason.INCOME_DROP, "收入下降"), (VisitReason.WILFUL_DEFAULT, "恶意逃废"),
    (VisitReason.CONTACT_CHANGED, "联系方式变更"), (VisitReason.OTHER, "其他"),
    (ChecklistItem.BASICS_VERIFIED, "已核实基本信息"), (ChecklistItem.OVERDUE_REVIEWED, "已查看逾期记录"),
    (ChecklistItem.FAMILY_KNOWN, "已了解家庭状况"), (ChecklistItem.PLAN_PREPARED, "已准备还款方案"),
    (ChecklistItem.MATERIALS_PRINTED, "已打印走访资料"),
    (ChecklistItem.SUPERVISOR_INFORMED, "已告知主管行程"),
    (ReviewStatus.PENDING, "待复核"), (ReviewStatus.APPROVED, "已通过"),
    (ReviewStatus.RETURNED, "退回补充"),
    (PlanStatus.DRAFT, "拟定"), (PlanStatus.PENDING_APPROVAL, "待审批"), (PlanStatus.ACTIVE, "生效"),
    (PlanStatus.SETTLED, "已结清"), (PlanStatus.DEFAULTED, "已违约"),
    (PlanMethod.EQUAL, "等额分期"), (PlanMethod.STEP_UP, "递增分期"),
    (InstalmentStatus.DUE, "待还"), (InstalmentStatus.PAID, "已还"), (InstalmentStatus.MISSED, "逾期未还"),
    (SurveyDimension.EFFICIENCY, "服务效率"), (SurveyDimension.QUALITY, "服务质量"),
    (SurveyDimension.PRODUCTS, "产品多样性"), (SurveyDimension.ATTITUDE, "员工态度"),
    (SurveyDimension.RESOLUTION_SPEED, "问题解决速度"), (SurveyDimension.OVERALL, "总体满意度"),
    (SurveyDimension.NPS, "推荐意愿"), (SurveyDimension.SUGGESTION, "意见建议"),
    (QuestionKind.LIKERT5, "1-5 分"), (QuestionKind.SCALE10, "0-10 分"),
    (QuestionKind.CHOICE, "单选"), (QuestionKind.TEXT, "文本"),
    (SurveyChannel.PAPER, "纸质"), (SurveyChannel.PHONE, "电话"), (SurveyChannel.VISIT, "上门"),
    (SurveyChannel.BRANCH, "网点"), (SurveyChannel.EMAIL, "邮件"),
    (TemplateStatus.ACTIVE, "启用"), (TemplateStatus.RETIRED, "已停用"),
    (FeedbackKind.COMPLAINT, "投诉"), (FeedbackKind.SUGGESTION, "建议"), (FeedbackKind.PRAISE, "表扬"),
    (FeedbackStatus.OPEN, "待处理"), (FeedbackStatus.IN_PROGRESS, "处理中"),
    (FeedbackStatus.RESOLVED, "已解决"), (FeedbackStatus.CLOSED, "已关闭"),
    (Adoption.ADOPTED, "已采纳"), (Adoption.NOT_ADOPTED, "暂不采纳"), (Adoption.IMPLEMENTED, "已实施"),
    (CaseStatus.OPEN, "处理中"), (CaseStatus.CLOSED, "已关闭"),
    (ImportStatus.RUNNING, "导入中"), (ImportStatus.APPLIED, "已导入"), (ImportStatus.UNDONE, "已撤销"),
    (ImportStatus.FAILED, "失败"),
)
# keyed by (enum class, value): StrEnum members of different enums with the same value
# compare equal, so keying by member would let one enum's label overwrite another's
_BY_TYPE: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in _LABELS}
