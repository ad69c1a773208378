"""还款计划 (repayment plans: list, plan dialog, approve, sign, payments, agreement PDF). Hosted as a tab of the 走访管理 page (crm/ui/pages/visits.py).

The list shows the plans in scope, newest first, with a count per status (the status
buttons filter). The selected plan's terms and instalments show below it. What the user may
do follows the plan's status and the user's role: 修改/提交审批 while 拟定; 批准/退回 for a
supervisor while 待审批 (not their own plan: the service refuses it); 登记签署日期 while 待审批
or 生效; 登记还款 while 生效. 打印还款协议 makes the PDF in the background and previews it,
masked unless the user may reveal and ticked it (audited).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QInputDialog, QLabel, QLineEdit, QMenu, QPushButton, QSplitter, QTextBrowser, QToolButton,
    QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.compliance import local_today
from crm.domain.enums import InstalmentStatus, PlanStatus
from crm.domain.records import RepaymentInstalmentView, RepaymentPlanView
from crm.ui.context import AppContext
from crm.ui.dates import qdate
from crm.ui.errors import show_error
from crm.ui.repayment_dialog import RepaymentPlanDialog, parse_amount
from crm.ui.table_model import Column, RecordTableModel, display, record_view

CHANGES = frozenset({"plans", "tasks", "alerts"})
PLAN_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "No."), lambda p: p.id, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda p: p.customer_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Loans"), lambda p: "、".join(p.loan_nos)),
    Column(QT_TRANSLATE_NOOP("Columns", "Amount"), lambda p: p.arrears_amount, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Instalments"), lambda p: p.instalment_count,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Method"), lambda p: p.method),
    Column(QT_TRANSLATE_NOOP("Columns", "Grace months"), lambda p: p.grace_months,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "First due"), lambda p: p.instalments[0].due_on
           if p.instalments else p.first_due_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Paid"), lambda p: p.paid_total, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda p: p.status),
    Column(QT_TRANSLATE_NOOP("Columns", "Signed"), lambda p: p.signed_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Drawn up by"), lambda p: p.created_by_name),
]
INSTALMENT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Instalment"), lambda i: i.seq, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Due on"), lambda i: i.due_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Amount due"), lambda i: i.amount, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Paid"), lambda i: i.paid_amount, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Paid on"), lambda i: i.paid_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda i: i.status),
]
STATUS_COLOURS = {PlanStatus.PENDING_APPROVAL: "#c64600", PlanStatus.ACTIVE: "#1a5fb4",
                  PlanStatus.SETTLED: "#2e7d32", PlanStatus.DEFAULTED: "#b00020"}


def ask_date(parent: QWidget, title: str, label: str, initial: date) -> date | None:
    """A date from the user, or None when cancelled (tests replace it)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    edit = QDateEdit(qdate(initial), calendarPopup=True, displayFormat="yyyy-MM-dd")
    form = QFormLayout(dialog)
    form.addRow(label, edit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return edit.date().toPython()  # type: ignore[no-any-return]


def ask_payment(parent: QWidget, title: str, note: str, amount: Decimal,
                today: date) -> tuple[str, date] | None:
    """The amount (as typed) and date of a payment, or None when cancelled (tests replace it)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    edit = QLineEdit(f"{amount:.2f}")
    day = QDateEdit(qdate(today), calendarPopup=True, displayFormat="yyyy-MM-dd")
    form = QFormLayout(dialog)
    hint = QLabel(note, wordWrap=True)
    form.addRow(hint)
    form.addRow(QCoreApplication.translate("RepaymentPlansWidget", "Amount (yuan)"), edit)
    form.addRow(QCoreApplication.translate("RepaymentPlansWidget", "Paid on"), day)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return edit.text(), day.date().toPython()


class RepaymentPlansWidget(QWidget):
    """The 还款计划 tab: plans in scope with status counts, the selected plan, its actions."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repaymentPlans")
        self.ctx = ctx
        self.status: PlanStatus | None = None
        self.plans: list[RepaymentPlanView] = []
        self.counts: dict[PlanStatus, int] = {}
        self.dialog: RepaymentPlanDialog | None = None
        self._keep: int | None = None
        actor = ctx.actor
        self.can_write = actor.can(Permission.EDIT_CUSTOMERS) and not actor.read_only
        self.can_review = actor.can(Permission.REVIEW) and not actor.read_only

        self.status_group = QButtonGroup(self)
        self.status_group.setExclusive(True)
        self.status_buttons: dict[PlanStatus | None, QToolButton] = {}
        chips = QHBoxLayout()
        for status in (None, *PlanStatus):
            b = QToolButton(objectName=f"planStatus_{status.value if status else 'all'}",
                            checkable=True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.status_group.addButton(b)
            self.status_buttons[status] = b
            b.clicked.connect(lambda _c=False, s=status: self._on_status_clicked(s))
            chips.addWidget(b)
        self.status_buttons[None].setChecked(True)
        self.text = QLineEdit(objectName="planFilter", clearButtonEnabled=True)
        self.text.setMaximumWidth(240)
        self.text.textChanged.connect(lambda _t: self._fill())
        chips.addStretch(1)
        chips.addWidget(self.text)
        self.count = QLabel(objectName="planCount")
        chips.addWidget(self.count)

        self.new_button = QPushButton(objectName="planNew")
        self.edit_button = QPushButton(objectName="planEdit")
        self.submit_button = QPushButton(objectName="planSubmit")
        self.approve_button = QPushButton(objectName="planApprove")
        self.return_button = QPushButton(objectName="planReturn")
        self.sign_button = QPushButton(objectName="planSign")
        self.pay_button = QPushButton(objectName="planPay")
        self.print_button = QToolButton(objectName="planPrint")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setMinimumWidth(130)
        menu = QMenu(self.print_button)
        self.agreement_action = QAction(menu, objectName="planPrintAgreement")
        self.pledge_action = QAction(menu, objectName="planPrintPledge")
        self.reveal_action = QAction(menu, objectName="planPrintReveal", checkable=True)
        self.reveal_action.setEnabled(actor.can(Permission.REVEAL))
        self.agreement_action.triggered.connect(lambda: self.print_agreement(pledge=False))
        self.pledge_action.triggered.connect(lambda: self.print_agreement(pledge=True))
        menu.addAction(self.agreement_action)
        menu.addAction(self.pledge_action)
        menu.addSeparator()
        menu.addAction(self.reveal_action)
        self.print_button.setMenu(menu)
        self.new_button.clicked.connect(lambda: self.new_plan())
        self.edit_button.clicked.connect(self.edit_plan)
        self.submit_button.clicked.connect(self.submit)
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.return_button.clicked.connect(lambda: self.decide(False))
        self.sign_button.clicked.connect(self.mark_signed)
        self.pay_button.clicked.connect(self.record_payment)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.submit_button, self.approve_button,
                  self.return_button, self.sign_button, self.pay_button, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.new_button, self.edit_button, self.submit_button, self.sign_button,
                  self.pay_button):
            b.setVisible(self.can_write)
        for b in (self.approve_button, self.return_button):
            b.setVisible(self.can_review)

        self.model = RecordTableModel(PLAN_COLUMNS)
        self.view = record_view(self.model, "planTable")
        for col, width in enumerate((50, 80, 190, 100, 50, 80, 95, 90, 100, 70, 90)):
            self.view.setColumnWidth(col, width)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.view.doubleClicked.connect(lambda _i: self.edit_plan())
        self.empty = QLabel(objectName="planEmpty", alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; font-size: 14px; padding: 30px")
        self.empty.hide()
        self.detail = QTextBrowser(objectName="planDetail")
        self.instalment_model = RecordTableModel(INSTALMENT_COLUMNS)
        self.instalments = record_view(self.instalment_model, "planInstalments")
        self.instalments.selectionModel().selectionChanged.connect(
            lambda *_: self._sync_buttons())
        for col, width in enumerate((50, 100, 110, 110, 100)):
            self.instalments.setColumnWidth(col, width)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view)
        top_layout.addWidget(self.empty)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.detail)
        bottom.addWidget(self.instalments)
        bottom.setSizes([420, 580])
        split = QSplitter(Qt.Orientation.Vertical, objectName="planSplit")
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([380, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(chips)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.retranslate()
        self._sync_buttons()
        ctx.signals.data_changed.connect(self._on_data_changed)

    def retranslate(self) -> None:
        self.text.setPlaceholderText(self.tr("Filter: customer or loan number"))
        self.new_button.setText(self.tr("New plan…"))
        self.edit_button.setText(self.tr("Change terms…"))
        self.submit_button.setText(self.tr("Submit for approval"))
        self.approve_button.setText(self.tr("Approve"))
        self.return_button.setText(self.tr("Return…"))
        self.sign_button.setText(self.tr("Mark signed…"))
        self.pay_button.setText(self.tr("Record payment…"))
        self.print_button.setText(self.tr("Print agreement"))
        self.agreement_action.setText(self.tr("Repayment agreement…"))
        self.pledge_action.setText(self.tr("Repayment pledge…"))
        self.reveal_action.setText(self.tr("Print full ID number, phone and address "
                                           "(recorded in the audit trail)"))
        self.model.retranslate()
        self.instalment_model.retranslate()
        self._show_counts()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload from the database (called when the tab is shown or data changed)."""
        from crm.services.repayment_plans import list_plans, plan_counts
        actor, status = self.ctx.actor, self.status

        def work(uow: Any, _p: Any) -> Any:
            return plan_counts(uow, actor), list_plans(uow, actor, status=status)
        self.ctx.run(work, self._on_loaded, widget=self)

    def _on_loaded(self, result: tuple[dict[PlanStatus, int], list[RepaymentPlanView]]) -> None:
        self.counts, self.plans = result
        self._show_counts()
        self._fill()

    def _show_counts(self) -> None:
        total = sum(self.counts.values())
        for status, b in self.status_buttons.items():
            name = status.label if status else self.tr("All")
            n = total if status is None else self.counts.get(status, 0)
            b.setText(f"{name} {n:,}")

    def _fill(self) -> None:
        keep = self._keep if self._keep is not None else getattr(self.current(), "id", None)
        self._keep = None
        needle = self.text.text().strip().lower()
        rows = [p for p in self.plans if not needle or needle in p.customer_name.lower()
                or any(needle in n.lower() for n in p.loan_nos)]
        self.model.set_records(rows)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() < len(PLAN_COLUMNS) and self.view.isSortingEnabled():
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count.setText(self.tr("%1 plans").replace("%1", f"{len(rows):,}"))
        empty = not rows
        if empty:
            self.empty.setText(
                self.tr("No plan matches the filter.") if self.plans else
                self.tr("No repayment plans here yet. After a visit or a call where the customer "
                        "agrees to pay the arrears in instalments, click “New plan…”, choose "
                        "the customer and loans, and set the grace months and instalments; a "
                        "supervisor approves it and you print the agreement for signing."))
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        for row, p in enumerate(self.model.records):
            if p.id == keep:
                self.view.selectRow(row)
                break
        else:
            self._on_selection()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"plans", "customers", "visits"}:
            self.refresh()

    def _on_status_clicked(self, status: PlanStatus | None) -> None:
        self.status = status
        self.refresh()

    # -- the selected plan ----------------------------------------------------------------------
    def current(self) -> RepaymentPlanView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def current_instalment(self) -> RepaymentInstalmentView | None:
        rows = self.instalments.selectionModel().selectedRows()
        return self.instalment_model.record(rows[0].row()) if rows else None

    def select_plan(self, plan_id: int) -> None:
        """Select the plan when it is listed (after the next load when it is not yet)."""
        for row, p in enumerate(self.model.records):
            if p.id == plan_id:
                self.view.selectRow(row)
                return
        self._keep = plan_id

    def _on_selection(self) -> None:
        plan = self.current()
        self.instalment_model.set_records(plan.instalments if plan else [])
        if plan is not None:
            first_open = next((r for r, i in enumerate(plan.instalments)
                               if i.status is not InstalmentStatus.PAID), None)
            if first_open is not None:
                self.instalments.selectRow(first_open)
        self._show_detail(plan)
        self._sync_buttons()

    def _show_detail(self, p: RepaymentPlanView | None) -> None:
        if p is None:
            hint = self.tr("Select a plan to see its terms and instalments.")
            self.detail.setHtml(f"<p style='color:#555'>{escape(hint)}</p>")
            return
        colour = STATUS_COLOURS.get(p.status, "#333")
        rows = [
            (self.tr("Customer"), p.customer_name),
            (self.tr("Loans"), "、".join(p.loan_nos)),
            (self.tr("Arrears amount"), f"¥{p.arrears_amount:,.2f}"),
            (self.tr("Terms"), self.tr("%1, %2 instalments, %3 grace months")
             .replace("%1", p.method.label).replace("%2", str(p.instalment_count))
             .replace("%3", str(p.grace_months))),
            (self.tr("Repayment start"), display(p.first_due_on)),
            (self.tr("Paid so far"), f"¥{p.paid_total:,.2f}"),
            (self.tr("Signed"), display(p.signed_on) or "—"),
            (self.tr("Drawn up by"), p.created_by_name or "—"),
            (self.tr("Approved"), f"{p.approved_by_name} {display(p.approved_at)}"
             if p.approved_by_name else "—"),
        ]
        if p.visit_id:
            rows.append((self.tr("From visit"), f"#{p.visit_id}"))
        heading = self.tr("Plan #%1").replace("%1", str(p.id))
        html = [f"<h3>{escape(heading)} "
                f"<span style='color:{colour}'>{escape(p.status.label)}</span></h3><table>"]
        html += [f"<tr><td style='color:#555;padding-right:10px'>{escape(k)}</td>"
                 f"<td>{escape(v)}</td></tr>" for k, v in rows]
        html.append("</table>")
        if p.note:
            html.append("<p>" + escape(p.note).replace("\n", "<br>") + "</p>")
        self.detail.setHtml("".join(html))

    def _sync_buttons(self) -> None:
        p = self.current()
        s = p.status if p else None
        self.edit_button.setEnabled(s is PlanStatus.DRAFT)
        self.submit_button.setEnabled(s is PlanStatus.DRAFT)
        self.approve_button.setEnabled(s is PlanStatus.PENDING_APPROVAL)
        self.return_button.setEnabled(s is PlanStatus.PENDING_APPROVAL)
        self.sign_button.setEnabled(s in (PlanStatus.PENDING_APPROVAL, PlanStatus.ACTIVE))
        inst = self.current_instalment()
        self.pay_button.setEnabled(s is PlanStatus.ACTIVE and inst is not None
                                   and inst.status is not InstalmentStatus.PAID)
        self.print_button.setEnabled(p is not None)

    # -- actions --------------------------------------------------------------------------------
    def _act(self, work: Any) -> None:
        plan = self.current()
        if plan is None:
            return
        self._keep = plan.id
        self.ctx.run(work, lambda _v: None, widget=self, changes=CHANGES)

    def new_plan(self, customer_id: int | None = None, customer_name: str = "",
                 visit_id: int | None = None) -> RepaymentPlanDialog:
        """Open the plan dialog (modeless: the list stays usable behind it)."""
        dialog = RepaymentPlanDialog(self.ctx, self.window(), customer_id=customer_id,
                                     customer_name=customer_name, visit_id=visit_id)
        return self._open(dialog)

    def edit_plan(self) -> None:
        plan = self.current()
        if plan is None or plan.status is not PlanStatus.DRAFT or not self.can_write:
            return
        self._open(RepaymentPlanDialog(self.ctx, self.window(), plan=plan))

    def _open(self, dialog: RepaymentPlanDialog) -> RepaymentPlanDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: dialog.saved and self.select_plan(dialog.saved.id))
        dialog.open()
        return dialog

    def submit(self) -> None:
        from crm.services.repayment_plans import submit_plan
        plan, actor = self.current(), self.ctx.actor
        if plan is not None and plan.status is PlanStatus.DRAFT:
            self._act(lambda uow, _p: submit_plan(uow, actor, plan.id, plan.version))

    def decide(self, approve: bool) -> None:
        from crm.services.repayment_plans import approve_plan
        plan, actor = self.current(), self.ctx.actor
        if plan is None or plan.status is not PlanStatus.PENDING_APPROVAL:
            return
        comment = ""
        if not approve:
            comment, ok = QInputDialog.getText(self, self.tr("Return plan"),
                                               self.tr("What must be changed (required)"))
            if not ok:
                return
        self._act(lambda uow, _p: approve_plan(uow, actor, plan.id, plan.version, approve,
                                               comment))

    def mark_signed(self) -> None:
        from crm.services.repayment_plans import set_signed
        plan, actor = self.current(), self.ctx.actor
        if plan is None:
            return
        day = ask_date(self, self.tr("Mark signed"), self.tr("The customer signed on"),
                       plan.signed_on or local_today())
        if day is not None:
            self._act(lambda uow, _p: set_signed(uow, actor, plan.id, plan.version, day))

    def record_payment(self) -> None:
        """A payment against the selected instalment: the amount offered pays it and any
        earlier unpaid ones (payments are applied to the instalments in order)."""
        from crm.services.repayment_plans import record_plan_payment
        plan, inst, actor = self.current(), self.current_instalment(), self.ctx.actor
        if plan is None or inst is None:
            return
        owed = sum((i.amount - i.paid_amount for i in plan.instalments if i.seq <= inst.seq),
                   Decimal(0))
        note = self.tr("Instalment %1 due %2. Payments are applied to the instalments in "
                       "order; the amount offered pays this one and any earlier ones still "
                       "open.").replace("%1", str(inst.seq)).replace("%2", inst.due_on.isoformat())
        answer = ask_payment(self, self.tr("Record payment — plan #%1").replace(
            "%1", str(plan.id)), note, owed, local_today())
        if answer is None:
            return
        text, day = answer
        try:
            amount = parse_amount(text)
        except InvalidOperation:
            amount = None
        if amount is None:
            from crm.domain.errors import ValidationError
            show_error(self, ValidationError({"amount": self.tr("The amount paid is not a "
                                                                "number")}))
            return
        self._act(lambda uow, _p: record_plan_payment(uow, actor, plan.id, amount, day))

    def print_agreement(self, pledge: bool = False) -> Any:
        """Make the 还款协议 (or 还款承诺书) of the selected plan and preview it."""
        from crm.ui.print_preview import PdfJob
        plan = self.current()
        if plan is None:
            return None
        db, actor = self.ctx.db, self.ctx.actor
        reveal = self.reveal_action.isChecked() and actor.can(Permission.REVEAL)
        plan_id = plan.id

        def make(path: Path, _progress: Any) -> int:
            return write_agreement(db, actor, plan_id, path, reveal=reveal, pledge=pledge)
        title = "还款承诺书" if pledge else "还款协议"
        name = f"{title}_{plan.customer_name}_{plan.id}.pdf"
        for ch in '\\/:*?"<>|':
            name = name.replace(ch, "_")
        self.job = PdfJob(self.ctx, self.window(), make, title, name)
        self.job.preview()
        return self.job


def write_agreement(db: Any, actor: Any, plan_id: int, path: Path, *, reveal: bool,
                    pledge: bool) -> int:
    """Render the plan's agreement to `path` (audited); returns its page count."""
    from crm.reports.agreement import make_agreement

    return make_agreement(db, actor, plan_id, path, reveal=reveal, pledge=pledge).pages


__all__ = ["RepaymentPlansWidget", "ask_date", "ask_payment", "write_agreement"]
