"""Paper satisfaction questionnaires (纸质问卷): one A4 sheet per customer with its survey code.

The codes are issued (crm.services.surveys.issue_survey_codes) in the same transaction that
writes the PDF, so a cancelled or failed run issues none. Each sheet is headed with the bank
and branch, names the customer (other details masked), prints the code large and as text
(the answers are entered later by typing it, or imported from Excel keyed by it), then each
question with its scale: 1–5 boxes labelled 非常不满意…非常满意, 0–10 boxes for the
recommendation question, the options of a choice, ruled lines for free text. Same embedded
font, page furniture and tick boxes as the briefing sheets (crm.reports.pdf).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether

from crm.domain.actors import Actor
from crm.domain.enums import QuestionKind
from crm.domain.errors import NotFoundError, UserError, ValidationError
from crm.domain.masking import mask_id, mask_phone
from crm.domain.surveys import LIKERT_LABELS, QuestionDef
from crm.persistence.engine import Database
from crm.queries.briefing import pack_branch, resolve_customers
from crm.queries.customers import scoped_customer
from crm.reports.pack import _replace, _who
from crm.reports.pdf import (
    BODY_W, FONT, INK, MUTED, RULE, Bookmark, DocInfo, FillLine, ReportDoc, RuledLines, clean,
    small, spacer, subtitle, text, tick_list, title,
)
from crm.services.surveys import ensure_default_template, get_template, issue_survey_codes

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
SHEETS_TITLE = "客户满意度调查问卷"
CANCELLED = "已取消生成纸质问卷，未保存文件，也未发放问卷编号。"
MARK = "客户信息 注意保密"
INSTRUCTION = ("填写说明：请在每题符合您看法的方框内打“√”，每题只选一项；标有“选填”的题目可以不答。"
               "意见建议请直接写在横线上。填好后请交给客户经理或网点工作人员，也可邮寄回网点。")
THANKS = "衷心感谢您抽出宝贵时间填写问卷！您的每一条意见都会由专人跟进，我们将持续改进服务。"
NPS_ENDS = "0 分 = 完全不可能推荐　　10 分 = 非常可能推荐"


@dataclass(frozen=True)
class SurveySheet:
    """What one printed sheet shows (the customer's details masked)."""

    code: str
    customer_id: int
    name: str
    id_masked: str
    phone_masked: str


@dataclass(frozen=True)
class SheetsResult:
    path: Path
    customers: int
    pages: int
    codes: tuple[str, ...]          # in the order of the sheets
    template_id: int
    template_title: str
    seconds: float


def make_survey_sheets(db: Database, actor: Actor, customer_ids: Sequence[int] = (),
                       template_id: int | None = None, out: str | Path | None = None, *,
                       customer_keys: Sequence[str] = (), progress: Progress | None = None,
                       cancel: Cancel | None = None, now: datetime | None = None) -> SheetsResult:
    """Issue one survey code per customer (ids, or ID numbers / loan numbers as typed in
    `customer_keys`) for `template_id` (default: the shipped default template) and write
    their questionnaires to the PDF `out`; audited like an export."""
    if out is None:
        raise ValidationError({"out": "请指定保存问卷的 PDF 文件"})
    started = time.perf_counter()
    out = Path(out)
    now = now or datetime.now(timezone.utc)
    with db.uow(actor) as uow:
        s = uow.session
        ids = list(dict.fromkeys(customer_ids))
        if customer_keys:
            ids += [i for i in resolve_customers(s, actor, customer_keys) if i not in ids]
        if not ids:
            raise ValidationError({"customer": "请至少选择一位客户"})
        template = (get_template(uow, actor, template_id) if template_id is not None
                    else ensure_default_template(uow))
        invitations = issue_survey_codes(uow, actor, ids, template.id, now=now)
        sheets = []
        for inv in invitations:
            try:
                c = scoped_customer(s, actor, inv.customer_id)
            except NotFoundError:
                raise NotFoundError("所选客户中有的不存在或不在您的管辖范围内") from None
            sheets.append(SurveySheet(inv.code, c.id, c.name, mask_id(c.id_number),
                                      mask_phone(c.phone)))
        branch = pack_branch(s, actor, ids[0])
        info = DocInfo(SHEETS_TITLE, branch.bank_name, branch.branch_name, _who(actor), now,
                       subject=template.title, confidential=MARK)
        pages = _write(out, info, template.name, template.questions, sheets, progress, cancel)
        uow.audit("export", f"打印纸质满意度问卷（{len(sheets)} 位客户，{pages} 页，"
                  f"{template.title}）到“{out.name}”", entity="survey_invitations",
                  after={"what": "survey_sheets", "customers": len(sheets), "pages": pages,
                         "template_id": template.id, "file": out.name,
                         "codes": [sh.code for sh in sheets[:200]]})
        uow.commit()
    return SheetsResult(out, len(sheets), pages, tuple(sh.code for sh in sheets), template.id,
                        template.title, time.perf_counter() - started)


def _write(out: Path, info: DocInfo, name: str, questions: Sequence[QuestionDef],
           sheets: Sequence[SurveySheet], progress: Progress | None,
           cancel: Cancel | None) -> int:
    def chunks() -> Iterator[tuple[str, list[Flowable]]]:
        for n, sh in enumerate(sheets, 1):
            if cancel is not None and cancel():
                raise UserError(CANCELLED)
            if progress is not None:
                progress(n - 1, len(sheets), f"正在生成 {clean(sh.name)[:20]} 的问卷…")
            yield f"问卷 {sh.code}", survey_sheet(info, name, questions, sh,
                                                 key=f"s{n}" if len(sheets) > 1 else None)
        if progress is not None:
            progress(len(sheets), len(sheets), "正在保存…")

    part = out.with_name(out.name + ".part")
    try:
        pages = ReportDoc(str(part), info).build_stream(chunks(), outline=len(sheets) > 1)
        _replace(part, out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return pages


# --- one sheet -------------------------------------------------------------------------------

def survey_sheet(info: DocInfo, name: str, questions: Sequence[QuestionDef], sh: SurveySheet,
                 key: str | None = None) -> list[Flowable]:
    out: list[Flowable] = []
    if key is not None:
        out.append(Bookmark(key, f"{sh.name}（{sh.code}）"))
    out += [title(SHEETS_TITLE),
            subtitle(clean(f"{info.bank_name} {info.branch_name}").strip() + f"　·　{name}"),
            spacer(2.5), _Header(sh), spacer(2),
            text(f"尊敬的{sh.name}：您好！为了解您对我行服务的真实感受、改进工作，"
                 "诚邀您填写这份简短的问卷（约 3 分钟），您的回答仅用于改进服务。", 9.5, 13),
            spacer(1.2), text(INSTRUCTION, 8, 10.5, MUTED), spacer(2)]
    for q in questions:
        out.append(KeepTogether(_question(q)))
    out += [spacer(3), text(THANKS, 10, 13, INK, align="center"), spacer(3),
            _StaffLine(), small("问卷编号用于录入答案，请勿涂改。本问卷不涉及您的账户密码、"
                                "验证码等信息，请勿在问卷上填写。")]
    return out


def _question(q: QuestionDef) -> list[Flowable]:
    optional = "" if q.required else "（选填）"
    head = text(f"{q.seq}. {q.text}{optional}", 9.5, 12.5)
    head.spaceBefore = 3.2 * mm
    head.spaceAfter = 1.2 * mm
    if q.kind is QuestionKind.LIKERT5:
        labels = q.choices if len(q.choices) == 5 else LIKERT_LABELS
        return [head, _indented(tick_list([(f"{n} {lab}", False) for n, lab in
                                           enumerate(labels, 1)], columns=5,
                                          width=BODY_W - 5 * mm))]
    if q.kind is QuestionKind.SCALE10:
        return [head, _indented(tick_list([(str(n), False) for n in range(11)], columns=11,
                                          width=BODY_W - 5 * mm)),
                _indented(small(NPS_ENDS))]
    if q.kind is QuestionKind.CHOICE:
        longest = max((pdfmetrics.stringWidth(c, FONT, 9) for c in q.choices), default=0)
        columns = 3 if longest < (BODY_W - 5 * mm) / 3 - 8 * mm else 2
        return [head, _indented(tick_list([(c, False) for c in q.choices], columns=columns,
                                          width=BODY_W - 5 * mm))]
    return [head, _indented(RuledLines(3, 7.5 * mm, BODY_W - 5 * mm))]


def _indented(f: Flowable) -> Flowable:
    return _Indent(f, 5 * mm)


class _Indent(Flowable):
    def __init__(self, inner: Flowable, left: float) -> None:
        super().__init__()
        self.inner, self.left = inner, left

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        w, h = self.inner.wrap(aw - self.left, ah)
        self.width, self.height = w + self.left, h
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.left, 0)


class _Header(Flowable):
    """The customer (masked details) on the left, the survey code large in a box on the right."""

    code_w = 74 * mm

    def __init__(self, sh: SurveySheet) -> None:
        super().__init__()
        self.sh = sh
        self.width, self.height = BODY_W, 19 * mm

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, h, sh = self.canv, self.height, self.sh
        c.setFont(FONT, 11)
        c.setFillColor(INK)
        c.drawString(0, h - 6 * mm, clean(f"客户：{sh.name}")[:30])
        c.setFont(FONT, 8.5)
        c.setFillColor(MUTED)
        details = [f"证件号码：{sh.id_masked}" if sh.id_masked else "",
                   f"联系电话：{sh.phone_masked}" if sh.phone_masked else ""]
        y = h - 11.5 * mm
        for line in (d for d in details if d):
            c.drawString(0, y, line)
            y -= 4.5 * mm
        x = self.width - self.code_w
        c.setStrokeColor(INK)
        c.setLineWidth(1.1)
        c.rect(x, 0, self.code_w, h, stroke=1, fill=0)
        c.setFont(FONT, 8)
        c.setFillColor(MUTED)
        c.drawCentredString(x + self.code_w / 2, h - 4.8 * mm, "问卷编号（录入答案时使用）")
        c.setFont(FONT, 19)
        c.setFillColor(INK)
        c.drawCentredString(x + self.code_w / 2, 4.2 * mm, sh.code)


class _StaffLine(Flowable):
    """For the branch: when the sheet came back and who entered it."""

    def __init__(self) -> None:
        super().__init__()
        self.width, self.height = BODY_W, 9 * mm

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RULE)
        c.setDash(2, 2)
        c.setLineWidth(0.5)
        c.line(0, self.height - 1 * mm, self.width, self.height - 1 * mm)
        c.setDash()
        line = FillLine([("（以下由工作人员填写）　收回日期：", 30 * mm), ("收回方式：", 26 * mm),
                         ("录入人：", 28 * mm)], size=8)
        line.canv = c
        line.draw()


__all__ = ["CANCELLED", "SHEETS_TITLE", "SheetsResult", "SurveySheet", "make_survey_sheets",
           "survey_sheet"]
