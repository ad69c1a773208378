"""客户详情: what a customer manager checks on the customer 360 page, in Chinese."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from crm.domain.enums import (
    ContactChannel, ContactDirection, ContactOutcome, FiveTier, LoanStatus, PromiseStatus,
    RepaymentKind, Role,
)
from crm.models import AuditEvent, Customer, FinancialSnapshot, Loan, Repayment
from crm.services.contacts import ContactDraft, add_contact
from crm.services.customers import CustomerEdit, update_customer
from crm.ui import contact_dialog, i18n
from crm.ui.context import AppContext, AppSignals
from crm.ui.pages import customer360
from crm.ui.pages.customer360 import Customer360
from crm.ui.table_model import LOCAL
from tests import factories

ZH_TABS = ["基本信息", "风险", "财务状况", "贷款", "联系记录", "走访", "满意度", "反馈", "附件", "变更记录"]
WAIT = 10000


@pytest.fixture
def world(empty_db):
    db = empty_db
    west = factories.branch(db)
    who = {"wang": factories.user(db, "wang", Role.MANAGER, west, "王经理"),
           "zhao": factories.user(db, "zhao", Role.MANAGER, west, "赵经理"),
           "audit": factories.user(db, "audit", Role.AUDITOR, None, "审计员")}
    ids = {"zhang": factories.customer(db, "张三", who["wang"], overdue_days=45),
           "zhao": factories.customer(db, "赵六", who["zhao"])}
    return db, who, ids


def make_ctx(db, actor, settings, runner):
    return AppContext(db, actor, settings, runner, AppSignals(), "西湖支行")


@pytest.fixture
def ctx(world, settings, runner):
    db, who, _ids = world
    return make_ctx(db, who["wang"], settings, runner)


def open_page(qtbot, ctx, customer_id):
    page = Customer360(ctx, customer_id)
    titles: list[str] = []
    page.title_changed.connect(titles.append)
    page.titles = titles
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.record is not None or page.blocked.isVisible(), timeout=WAIT)
    return page


def row_values(panel, column):
    model = panel.model
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def type_into(editor, text):
    """What a user's typing does (undoable, emits textEdited); QTest cannot type Chinese."""
    editor.setFocus()
    editor.end(False)
    editor.insert(text)


def customer_row(db, customer_id):
    with db.sessions() as s:
        c = s.get(Customer, customer_id)
        s.expunge(c)
        return c


# ---- the header ----------------------------------------------------------------------------

def test_header_shows_the_name_and_masked_details_in_chinese(qtbot, zh, world, ctx):
    db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    full = customer_row(db, ids["zhang"]).id_number
    h = page.header
    assert h.name.text() == "张三" and page.titles == ["张三"]
    assert h.id_number.text() == full[:6] + "********" + full[-4:]
    assert h.phone.text() == "138****8000"
    assert "****" in h.address.text() and "文三路" not in h.address.text()
    assert re.fullmatch(r"[男女] · \d+ 岁", h.facts.text())
    assert h.captions["id"].text() == "证件号码" and h.reveal_button.text() == "显示完整"
    assert h.manager.text() == "王经理"
    # until risk scoring lands: the five-tier class and the overdue summary
    assert h.captions["risk"].text() == "五级分类"
    assert h.captions["overdue_days"].text() == "最大逾期天数"
    assert h.overdue_days.text() == "45 天" and h.overdue_amount.text() == "¥0.00"
    assert h.consent.text() == "未记录授权"
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ZH_TABS
    assert h.contact_button.text().startswith("记录联系")


def test_reveal_shows_the_full_id_and_writes_an_audit_event(qtbot, zh, world, ctx):
    db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    full = customer_row(db, ids["zhang"]).id_number
    QGuiApplication.clipboard().setText("before")
    page.header.phone.click()           # masked: nothing worth copying yet
    assert QGuiApplication.clipboard().text() == "before"
    assert "请先点击“显示完整”" in page.header.note.text()

    assert page.header.reveal_button.isEnabled()
    page.header.reveal_button.click()
    qtbot.waitUntil(lambda: page.header.id_number.text() == full, timeout=WAIT)
    assert page.header.phone.text() == "138 0013 8000"
    assert page.header.address.text() == "杭州市西湖区文三路1号"
    assert page.basic.readonly["id_number"].text() == full
    assert page.header.reveal_button.text() == "隐藏"
    page.header.phone.click()
    assert QGuiApplication.clipboard().text() == "13800138000"
    assert "已复制" in page.header.note.text()

    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "reveal")).all()
    assert [(e.customer_id, e.actor_name) for e in events] == [(ids["zhang"], "wang")]
    qtbot.waitUntil(lambda: "查看客户" in " ".join(row_values(page.audit.table, 4)),
                    timeout=WAIT)
    page.header.reveal_button.click()   # hide again, locally
    assert page.header.id_number.text() != full and page.header.reveal_button.text() == "显示完整"


def test_a_role_without_the_reveal_right_cannot_reveal_or_edit(qtbot, zh, world, settings,
                                                               runner):
    db, who, ids = world
    page = open_page(qtbot, make_ctx(db, who["audit"], settings, runner), ids["zhang"])
    assert not page.header.reveal_button.isEnabled()
    assert "无权" in page.header.reveal_button.toolTip()
    assert page.basic.editors["name"].isReadOnly() and not page.basic.save_button.isVisible()
    assert not page.documents.add_button.isEnabled()


def test_a_manager_cannot_open_another_managers_customer(qtbot, zh, world, ctx):
    _db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhao"])
    assert page.blocked.isVisible()
    assert page.blocked.text() == "无法打开该客户：客户不存在，或不在您的管辖范围内"
    assert not page.tabs.isVisible() and not page.header.isVisible()
    assert "赵六" not in page.header.name.text() and page.record is None
    assert page.titles == ["无法打开"]


# ---- 基本信息 --------------------------------------------------------------------------

def test_editing_and_saving_the_basic_information(qtbot, zh, world, ctx):
    db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    basic = page.basic
    assert basic.editors["monthly_income"].text() == "8000.00"
    assert not basic.save_button.isEnabled()
    type_into(basic.editors["occupation"], "出租车司机")
    basic.editors["monthly_income"].clear()
    qtbot.keyClicks(basic.editors["monthly_income"], "12,000.5")
    assert basic.is_dirty() and page.tabs.tabText(0) == "基本信息 *"
    assert basic.status.text() == "有未保存的修改" and basic.save_button.isEnabled()
    version = basic.record.version
    basic.save_button.click()
    qtbot.waitUntil(lambda: basic.status.text() == "已保存", timeout=WAIT)
    row = customer_row(db, ids["zhang"])
    assert row.occupation == "出租车司机" and row.monthly_income == Decimal("12000.50")
    assert row.name == "张三" and row.version == version + 1
    assert basic.editors["monthly_income"].text() == "12000.50"
    assert page.tabs.tabText(0) == "基本信息" and not basic.save_button.isEnabled()
    qtbot.waitUntil(lambda: any("修改客户" in s for s in row_values(page.audit.table, 4)),
                    timeout=WAIT)


def test_invalid_input_is_shown_next_to_the_field_and_not_saved(qtbot, zh, world, ctx):
    db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    basic = page.basic
    basic.editors["name"].clear()
    basic.editors["monthly_income"].setText("-300")
    assert basic.errors["name"].text() == "客户姓名不能为空"
    assert basic.errors["monthly_income"].text() == "金额不能为负数"
    assert not basic.errors["name"].isHidden()
    basic.editors["monthly_income"].setText("三千")
    assert basic.errors["monthly_income"].text() == "请输入数字，例如 8000 或 8000.50"
    assert basic.save() is False
    basic.revert_button.click()
    assert basic.editors["name"].text() == "张三" and basic.errors["name"].isHidden()
    assert not basic.is_dirty()
    assert customer_row(db, ids["zhang"]).version == basic.record.version


def test_ctrl_z_undoes_the_last_edit(qtbot, zh, world, ctx):
    _db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    basic = page.basic
    type_into(basic.editors["employer"], "西湖区某公司")
    type_into(basic.editors["occupation"], "教师")
    assert basic.is_dirty()
    page.basic.save_button.setFocus()      # outside a text field: the page's Ctrl+Z
    assert basic.undo_last_edit()
    assert basic.editors["occupation"].text() == ""
    assert basic.undo_last_edit()
    assert basic.editors["employer"].text() == "" and not basic.is_dirty()
    assert not basic.undo_last_edit()


def test_a_conflicting_save_shows_both_versions_and_overwrites_nothing(qtbot, zh, world, ctx):
    db, who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    basic = page.basic
    type_into(basic.editors["occupation"], "个体经营")
    basic.editors["monthly_income"].setText("6500")
    # meanwhile a colleague saves the same customer
    with db.uow(who["wang"]) as uow:
        update_customer(uow, who["wang"], ids["zhang"], basic.record.version,
                        CustomerEdit(occupation="出租车司机", employer="大众出租"))
        uow.commit()
    basic.save_button.click()
    qtbot.waitUntil(lambda: basic.conflict_dialog is not None, timeout=WAIT)
    dialog = basic.conflict_dialog
    assert dialog.windowTitle() == "其他人已修改该客户"
    shown = {f: (m.text(), t.text(), m.isChecked()) for f, (m, t) in dialog.buttons_of.items()}
    assert shown == {"occupation": ("个体经营", "出租车司机", True),
                     "employer": ("（空）", "大众出租", False),
                     "monthly_income": ("6500", "8000.00", True)}
    row = customer_row(db, ids["zhang"])     # nothing written while the user decides
    assert (row.occupation, row.monthly_income) == ("出租车司机", Decimal("8000.00"))

    dialog.buttons_of["occupation"][1].setChecked(True)   # keep the colleague's occupation
    dialog.accept()
    qtbot.waitUntil(lambda: basic.status.text() == "已保存", timeout=WAIT)
    row = customer_row(db, ids["zhang"])
    assert (row.occupation, row.employer, row.monthly_income) == (
        "出租车司机", "大众出租", Decimal("6500.00"))
    assert basic.editors["occupation"].text() == "出租车司机" and not basic.is_dirty()


def test_cancelling_the_comparison_keeps_the_edits_unsaved(qtbot, zh, world, ctx):
    db, who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    basic = page.basic
    type_into(basic.editors["employer"], "我的单位")
    with db.uow(who["wang"]) as uow:
        update_customer(uow, who["wang"], ids["zhang"], basic.record.version,
                        CustomerEdit(employer="他们的单位"))
        uow.commit()
    basic.save_button.click()
    qtbot.waitUntil(lambda: basic.conflict_dialog is not None, timeout=WAIT)
    basic.conflict_dialog.reject()
    assert basic.conflict_dialog is None and basic.is_dirty()
    assert basic.editors["employer"].text() == "我的单位"
    assert customer_row(db, ids["zhang"]).employer == "他们的单位"


def test_closing_with_unsaved_edits_asks(qtbot, zh, world, ctx, monkeypatch):
    db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    assert page.may_close()
    type_into(page.basic.editors["occupation"], "厨师")
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save])
    monkeypatch.setattr(page, "ask_unsaved", lambda: next(answers))
    assert not page.may_close()
    assert page.may_close()                  # Save: saved, then closes
    assert customer_row(db, ids["zhang"]).occupation == "厨师"
    type_into(page.basic.editors["occupation"], "长")
    monkeypatch.setattr(page, "ask_unsaved", lambda: QMessageBox.StandardButton.Discard)
    assert page.may_close()
    assert customer_row(db, ids["zhang"]).occupation == "厨师"


# ---- the tabs --------------------------------------------------------------------------

def test_tabs_show_a_hint_when_nothing_is_recorded(qtbot, zh, world, ctx):
    _db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    qtbot.waitUntil(lambda: page.finance.history is not None, timeout=WAIT)
    hints = {
        "loans": page.loans.loans.empty, "contacts": page.contacts.table.empty,
        "visits": page.visits.empty, "surveys": page.surveys.empty,
        "feedback": page.feedback.empty, "documents": page.documents.table.empty,
        "finance": page.finance.empty,
    }
    for key, label in hints.items():
        assert not label.isHidden(), key
    assert hints["loans"].text().startswith("该客户尚无贷款记录")
    assert hints["contacts"].text().startswith("尚无联系记录")
    assert hints["visits"].text().startswith("尚无走访记录")
    assert hints["surveys"].text().startswith("尚无满意度调查答卷")
    assert hints["feedback"].text().startswith("尚无客户反馈")
    assert hints["documents"].text().startswith("尚无附件")
    assert hints["finance"].text().startswith("暂无历史数据")
    assert page.finance.chart_view.isHidden()
    assert page.finance.current["monthly_income"].text() == "¥8,000.00"


def test_loans_show_their_repayment_history_and_finances_their_drops(qtbot, zh, world, ctx):
    db, _who, ids = world
    cid = ids["zhang"]
    with db.sessions() as s:
        loan = Loan(loan_no="L-001", customer_id=cid, balance=Decimal("50000"),
                    disbursed_on=date(2023, 1, 1), overdue_days=45,
                    overdue_amount=Decimal("3000"), five_tier=FiveTier.SPECIAL_MENTION,
                    rate=Decimal("0.0435"))
        s.add(loan)
        s.flush()
        s.add_all([Repayment(loan_id=loan.id, kind=RepaymentKind.INSTALMENT,
                             due_on=date(2024, 5, 1), amount_due=Decimal("1500")),
                   Repayment(loan_id=loan.id, kind=RepaymentKind.PAYMENT,
                             paid_on=date(2024, 5, 3), amount_paid=Decimal("1500")),
                   FinancialSnapshot(customer_id=cid, as_of=date(2024, 1, 1),
                                     monthly_income=Decimal("10000"), credit_score=720),
                   FinancialSnapshot(customer_id=cid, as_of=date(2024, 6, 1),
                                     monthly_income=Decimal("10000"), credit_score=600)])
        s.commit()
    page = open_page(qtbot, ctx, cid)
    qtbot.waitUntil(lambda: page.loans.loans.model.rowCount() == 1, timeout=WAIT)
    assert row_values(page.loans.loans, 0) == ["L-001"]
    assert row_values(page.loans.loans, 4) == ["4.35%"]
    assert row_values(page.loans.loans, 10) == ["关注"]
    assert page.loans.repayments_title.text() == "L-001 的还款记录"
    assert row_values(page.loans.repayments, 0) == ["应还", "实还"]
    assert row_values(page.loans.repayments, 4) == ["", "1,500.00"]

    finance = page.finance
    assert not finance.chart_view.isHidden() and finance.empty.isHidden()
    finance.metric.setCurrentIndex(finance.metric.findData("credit_score"))
    line, drops = finance.chart.series()
    assert line.count() == 2 and [p.y() for p in drops.points()] == [600.0]
    assert {a.titleText() for a in finance.chart.axes()} == {"日期", "评分"}
    assert row_values(finance.table, 4)[1] == "↓ 600"


def fill_contact_dialog(dialog, summary):
    dialog.channel.setCurrentIndex(dialog.channel.findData(ContactChannel.BRANCH))
    dialog.direction.setCurrentIndex(dialog.direction.findData(ContactDirection.INBOUND))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(ContactOutcome.CONNECTED))
    dialog.summary.setPlainText(summary)
    yesterday = datetime.combine(date.today() - timedelta(days=1), time(10, 0))
    dialog.when.setDateTime(yesterday)


def test_ctrl_n_opens_the_contact_dialog_and_its_save_refreshes_the_timeline(
        qtbot, zh, world, ctx):
    db, who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    page.activateWindow()
    qtbot.waitActive(page)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.contact_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "记录联系 — 张三"
    # what the dialog's save does: the service records it, the dialog closes, the
    # application says contacts changed
    with db.uow(who["wang"]) as uow:
        add_contact(uow, who["wang"], ContactDraft(
            customer_id=ids["zhang"], channel=ContactChannel.BRANCH,
            direction=ContactDirection.INBOUND, outcome=ContactOutcome.CONNECTED,
            summary="客户到网点说明情况",
            contacted_at=datetime.combine(date.today() - timedelta(days=1), time(10), LOCAL)))
        uow.commit()
    dialog.accept()
    ctx.signals.data_changed.emit(frozenset({"contacts", "customers", "tasks"}))
    qtbot.waitUntil(lambda: page.contacts.table.model.rowCount() == 1, timeout=WAIT)
    assert page.contact_dialog is None and page.tabs.currentWidget() is page.contacts
    assert row_values(page.contacts.table, 5) == ["客户到网点说明情况"]


def test_a_contact_logged_with_the_dialog_appears_in_the_timeline(qtbot, zh, world, ctx,
                                                                 monkeypatch):
    _db, _who, ids = world
    errors: list[BaseException] = []      # the dialog's error box would block the test
    monkeypatch.setattr(contact_dialog, "show_error", lambda _parent, exc: errors.append(exc))
    page = open_page(qtbot, ctx, ids["zhang"])
    assert page.contacts.table.model.rowCount() == 0
    page.header.contact_button.click()
    dialog = page.contact_dialog
    assert dialog is not None and dialog.isVisible() and "张三" in dialog.windowTitle()
    fill_contact_dialog(dialog, "客户到网点说明情况，月底前还款")
    dialog.save()
    qtbot.waitUntil(lambda: page.contacts.table.model.rowCount() == 1 or bool(errors),
                    timeout=WAIT)
    assert errors == []
    assert page.contact_dialog is None and page.tabs.currentWidget() is page.contacts
    assert row_values(page.contacts.table, 5) == ["客户到网点说明情况，月底前还款"]
    assert row_values(page.contacts.table, 1) == ["网点面谈"]
    assert not page.contacts.table.view.isHidden()


def test_the_timeline_is_newest_first_filtered_with_promises_and_compliance_notes(
        qtbot, zh, world, ctx):
    db, who, ids = world
    cid, wang = ids["zhang"], who["wang"]
    day = date.today() - timedelta(days=2)
    with db.uow(wang) as uow:
        add_contact(uow, wang, ContactDraft(
            customer_id=cid, channel=ContactChannel.PHONE, outcome=ContactOutcome.PROMISED,
            summary="答应下周还一期", contacted_at=datetime.combine(day, time(10), LOCAL),
            promise_amount=Decimal("1500"), promise_date=day + timedelta(days=7)))
        add_contact(uow, wang, ContactDraft(
            customer_id=cid, channel=ContactChannel.PHONE, outcome=ContactOutcome.NO_ANSWER,
            summary="夜间回电未接", contacted_at=datetime.combine(day, time(22), LOCAL),
            quiet_hours_reason="客户要求下班后联系"))
        uow.commit()
    page = open_page(qtbot, ctx, cid)
    qtbot.waitUntil(lambda: page.contacts.table.model.rowCount() == 2, timeout=WAIT)
    table = page.contacts.table
    assert row_values(table, 5) == ["夜间回电未接", "答应下周还一期"]
    assert row_values(table, 6) == ["", "1,500.00"]
    assert [c.promise_status for c in table.model.records] == [None, PromiseStatus.PENDING]
    assert row_values(table, 8) == ["", PromiseStatus.PENDING.label]
    assert "客户要求下班后联系" in row_values(table, 10)[0]
    table.view.selectRow(0)
    assert "合规说明" in page.contacts.detail.toPlainText()

    outcome = page.contacts.outcome
    outcome.setCurrentIndex(outcome.findData(ContactOutcome.PROMISED))
    qtbot.waitUntil(lambda: table.model.rowCount() == 1, timeout=WAIT)
    outcome.setCurrentIndex(outcome.findData(ContactOutcome.REFUSED))
    qtbot.waitUntil(lambda: table.model.rowCount() == 0, timeout=WAIT)
    assert table.empty.text() == "没有符合筛选条件的联系记录。"
    outcome.setCurrentIndex(0)
    qtbot.waitUntil(lambda: table.model.rowCount() == 2, timeout=WAIT)

    # a contact recorded elsewhere shows up when the application says contacts changed
    with db.uow(wang) as uow:
        add_contact(uow, wang, ContactDraft(
            customer_id=cid, channel=ContactChannel.BRANCH, direction=ContactDirection.INBOUND,
            outcome=ContactOutcome.PAID, summary="到网点还款",
            contacted_at=datetime.combine(day + timedelta(days=1), time(9), LOCAL)))
        uow.commit()
    ctx.signals.data_changed.emit(frozenset({"contacts"}))
    qtbot.waitUntil(lambda: table.model.rowCount() == 3, timeout=WAIT)
    assert row_values(table, 5)[0] == "到网点还款"


# ---- 附件 --------------------------------------------------------------------------------

def test_attachments_add_duplicate_too_big_open_and_delete(qtbot, zh, world, ctx, tmp_path,
                                                           monkeypatch):
    db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    docs = page.documents
    scan = tmp_path / "合同扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 contract" * 100)
    docs.add_files([str(scan)])
    qtbot.waitUntil(lambda: docs.table.model.rowCount() == 1, timeout=WAIT)
    assert row_values(docs.table, 0) == ["合同扫描件.pdf"] and docs.message.isHidden()

    copy = tmp_path / "copy.pdf"
    copy.write_bytes(scan.read_bytes())
    docs.add_files([str(copy)])
    qtbot.waitUntil(lambda: not docs.message.isHidden(), timeout=WAIT)
    assert "已作为附件“合同扫描件.pdf”" in docs.message.text()
    assert "无需重复上传" in docs.message.text()

    huge = tmp_path / "扫描件大.pdf"
    with huge.open("wb") as f:
        f.truncate(21 * 1024 * 1024)      # sparse: 21 MB without writing them
    docs.add_files([str(huge)])
    qtbot.waitUntil(lambda: "20 MB" in docs.message.text(), timeout=WAIT)
    assert docs.message.text().startswith("扫描件大.pdf 大小为 21.0 MB，超过单个附件 20 MB 的上限")
    assert docs.table.model.rowCount() == 1

    opened = []
    monkeypatch.setattr(customer360, "open_with_system_viewer",
                        lambda path: opened.append(path) or True)
    docs.table.view.selectRow(0)
    docs.open_button.click()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=WAIT)
    assert opened[0].name == "合同扫描件.pdf" and opened[0].read_bytes() == scan.read_bytes()

    monkeypatch.setattr(docs, "confirm", lambda text: "合同扫描件.pdf" in text)
    docs.delete_button.click()
    qtbot.waitUntil(lambda: docs.table.model.rowCount() == 0, timeout=WAIT)
    assert not docs.table.empty.isHidden()
    with db.sessions() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "documents")
                            .order_by(AuditEvent.id)).all()
    assert actions == ["create", "view", "delete"]


def test_files_dropped_on_the_attachments_tab_are_attached(qtbot, zh, world, ctx, tmp_path):
    _db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    page.tabs.setCurrentWidget(page.documents)
    photo = tmp_path / "门牌.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.documents.dropEvent(event)
    qtbot.waitUntil(lambda: page.documents.table.model.rowCount() == 1, timeout=WAIT)
    assert row_values(page.documents.table, 1) == ["image/jpeg"]


def test_statuses_read_as_their_own_chinese_words():
    assert PromiseStatus.PENDING.label == "待履行"
    assert LoanStatus.ACTIVE.label == "正常存续"


def test_the_page_follows_a_language_switch(qtbot, zh, world, ctx):
    _db, _who, ids = world
    page = open_page(qtbot, ctx, ids["zhang"])
    i18n.install("en")
    qtbot.waitUntil(lambda: page.tabs.tabText(0) == "Basic information", timeout=WAIT)
    assert page.header.captions["id"].text() == "ID number"
    assert page.header.overdue_days.text() == "45 days"
    assert page.visits.empty.text().startswith("No visits recorded yet")
    i18n.install("zh_CN")
    qtbot.waitUntil(lambda: page.tabs.tabText(0) == "基本信息", timeout=WAIT)
    assert page.contacts.channel.itemText(0) == "全部渠道"
