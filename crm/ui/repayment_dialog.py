"""新建/修改还款计划: the negotiated terms of a repayment plan, with the schedule previewed live.

Keyboard first, like 记录联系: Tab walks customer, loans, amount, instalments, method, the start
date, grace months and the note; Ctrl+Enter saves. The schedule is built as the terms change
(crm.domain.schedule, exact to the fen) and what cannot work is said in Chinese, field by
field, before anything is saved. The service checks everything again when saving.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from crm.domain.compliance import local_today
from crm.domain.enums import LoanStatus, PlanMethod
from crm.domain.errors import ValidationError
from crm.domain.records import RepaymentPlanView
from crm.domain.schedule import ScheduleRow, build_schedule, schedule_problems
from crm.ui.context import AppContext
from crm.ui.dates import qdate
from crm.ui.errors import show_error
from crm.ui.table_model import Column, RecordTableModel, record_view

SCHEDULE_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Instalment"), lambda r: r.seq, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Due on"), lambda r: r.due_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Amount due"), lambda r: r.amount, numeric=True),
]
FIELD_ORDER = ("customer_id", "loan_ids", "arrears_amount", "instalment_count", "method",
               "first_due_on", "grace_months", "visit_id", "note", "status")


def parse_amount(text: str) -> Decimal | None:
    """'12,345.60' / '¥12345.6' -> Decimal; '' -> None; raises InvalidOperation otherwise."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    if not cleaned:
        return None
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation(cleaned)
    return value


class RepaymentPlanDialog(QDialog):
    """Draw up a plan (customer_id given from a visit or the customer page, or chosen here),
    or change the terms of a plan still in 拟定 (`plan`)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 customer_id: int | None = None, customer_name: str = "",
                 visit_id: int | None = None, plan: RepaymentPlanView | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan
        self.today = today or local_today()
        self.visit_id = plan.visit_id if plan else visit_id
        self.customer_id = plan.customer_id if plan else customer_id
        self.saved: RepaymentPlanView | None = None
        self.loans: list[Any] = []
        self._amount_edited = plan is not None
        self.setObjectName("repaymentPlanDialog")
        self.setMinimumWidth(760)

        self.search = QLineEdit(objectName="planCustomerSearch")
        self.search_button = QPushButton(objectName="planCustomerFind")
        self.customer = QComboBox(objectName="planCustomer")
        self.customer.setMinimumContentsLength(24)
        self.customer_label = QLabel(objectName="planCustomerName")
        self.loan_list = QListWidget(objectName="planLoans")
        self.loan_list.setMaximumHeight(96)
        self.amount = QLineEdit(objectName="planAmount")
        self.count = QSpinBox(objectName="planCount", minimum=0, maximum=999, value=6)
        self.method = QComboBox(objectName="planMethod")
        for m in PlanMethod:
            self.method.addItem(m.label, m)
        self.start = QDateEdit(qdate(self.today), objectName="planStart", calendarPopup=True,
                               displayFormat="yyyy-MM-dd")
        self.grace = QSpinBox(objectName="planGrace", minimum=0, maximum=99, value=0)
        self.note = QPlainTextEdit(objectName="planNote", tabChangesFocus=True)
        self.note.setFixedHeight(54)
        self.preview_model = RecordTableModel(SCHEDULE_COLUMNS)
        self.preview = record_view(self.preview_model, "planPreview", sortable=False)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setMinimumHeight(170)
        self.total = QLabel(objectName="planTotal")
        self.problems = QLabel(objectName="planProblems", wordWrap=True)
        self.problems.setStyleSheet("color: #b00020")
        self.problems.hide()

        find_row = QHBoxLayout()
        find_row.addWidget(self.search, 1)
        find_row.addWidget(self.search_button)
        find_row.addWidget(self.customer, 2)
        self.find_widget = QWidget()
        self.find_widget.setLayout(find_row)
        find_row.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, widget in (("customer", self.find_widget), ("customer_name", self.customer_label),
                            ("loans", self.loan_list), ("amount", self.amount),
                            ("count", self.count), ("method", self.method),
                            ("start", self.start), ("grace", self.grace), ("note", self.note)):
            label = QLabel()
            self.labels[key] = label
            self.form.addRow(label, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.preview_title = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.save)

        picking = self.customer_id is None
        self.form.setRowVisible(self.find_widget, picking)
        self.form.setRowVisible(self.customer_label, not picking)
        self.customer_label.setText(plan.customer_name if plan else customer_name)
        self.search_button.clicked.connect(self.find_customers)
        self.customer.currentIndexChanged.connect(self._on_customer_chosen)
        self.loan_list.itemChanged.connect(lambda _i: self._on_loans_changed())
        self.amount.textEdited.connect(self._on_amount_edited)
        for box in (self.count, self.grace):
            box.valueChanged.connect(lambda _v: self.update_preview())
        self.method.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.start.dateChanged.connect(lambda _d: self.update_preview())
        if plan is not None:
            self.amount.setText(f"{plan.arrears_amount:.2f}")
            self.count.setValue(plan.instalment_count)
            self.method.setCurrentIndex(max(0, list(PlanMethod).index(plan.method)))
            self.start.setDate(qdate(plan.first_due_on))
            self.grace.setValue(plan.grace_months)
            self.note.setPlainText(plan.note)
        self.retranslate()
        if self.customer_id is not None:
            self.load_loans(self.customer_id)
            self.amount.setFocus()
        else:
            self.search.setFocus()
        self.update_preview()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Change repayment plan #%1").replace("%1", str(self.plan.id))
                            if self.plan else self.tr("New repayment plan"))
        texts = {"customer": self.tr("&Customer"), "customer_name": self.tr("Customer"),
                 "loans": self.tr("&Loans in the plan"), "amount": self.tr("Arrears &amount"),
                 "count": self.tr("&Instalments"), "method": self.tr("&Method"),
                 "start": self.tr("Repayment &start (grace counts from here)"),
                 "grace": self.tr("&Grace months"), "note": self.tr("&Note")}
        for key, text in texts.items():
            self.labels[key].setText(text)
        for key, widget in (("customer", self.search), ("loans", self.loan_list),
                            ("amount", self.amount), ("count", self.count),
                            ("method", self.method), ("start", self.start),
                            ("grace", self.grace), ("note", self.note)):
            self.labels[key].setBuddy(widget)
        self.search.setPlaceholderText(self.tr("Name, ID number, phone or loan number"))
        self.search_button.setText(self.tr("Find"))
        self.amount.setPlaceholderText(self.tr("The chosen loans' overdue total"))
        self.start.setToolTip(self.tr("Defaults to the signing date (today). With grace "
                                      "months the first instalment falls that many months "
                                      "later."))
        self.count.setSuffix(self.tr(" instalments"))
        self.grace.setSuffix(self.tr(" months"))
        self.preview_title.setText(self.tr("Schedule preview"))
        self.preview_model.retranslate()
        self.save_button.setText(self.tr("Save as draft"))

    # -- the customer and the loans -----------------------------------------------------------
    def find_customers(self) -> None:
        from crm.queries.customers import CustomerFilter, customer_page
        text, actor = self.search.text().strip(), self.ctx.actor
        if not text:
            return
        self.ctx.run(lambda uow, _p: customer_page(uow.session, actor, CustomerFilter(text=text),
                                                   sort="overdue_amount", descending=True,
                                                   limit=30).rows,
                     self._on_found, widget=self)

    def _on_found(self, rows: list[Any]) -> None:
        self.customer.blockSignals(True)
        self.customer.clear()
        for r in rows:
            self.customer.addItem(f"{r.name}  {r.id_masked}  逾期 ¥{r.overdue_amount:,.2f}", r.id)
        self.customer.blockSignals(False)
        if not rows:
            self._say({"customer_id": self.tr("No customer in your scope matches “%1”.")
                       .replace("%1", self.search.text().strip())})
            self.customer_id = None
            self._show_loans([])
            return
        self.customer.setCurrentIndex(0)
        self._on_customer_chosen()
        self.customer.setFocus()

    def _on_customer_chosen(self, _index: int = 0) -> None:
        cid = self.customer.currentData()
        self.customer_id = cid
        self._show_loans([])
        if cid is not None:
            self.load_loans(cid)

    def load_loans(self, customer_id: int) -> None:
        from crm.queries.customer360 import customer_loans
        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: customer_loans(uow.session, actor, customer_id),
                     self._show_loans, widget=self)

    def _show_loans(self, loans: list[Any]) -> None:
        chosen = set(self.plan.loan_ids) if self.plan else None
        self.loans = [ln for ln in loans if ln.status is LoanStatus.ACTIVE]
        self.loan_list.blockSignals(True)
        self.loan_list.clear()
        for ln in self.loans:
            item = QListWidgetItem(f"{ln.loan_no}  {ln.product}  逾期 {ln.overdue_days} 天 "
                                   f"¥{ln.overdue_amount:,.2f}")
            item.setData(Qt.ItemDataRole.UserRole, ln.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = ln.id in chosen if chosen is not None else ln.overdue_amount > 0
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.loan_list.addItem(item)
        self.loan_list.blockSignals(False)
        self._on_loans_changed()
        if self.customer_id is not None and self.loan_list.count() == 0 and loans:
            self._say({"loan_ids": self.tr("This customer has no active loan to put in a plan")})

    def chosen_loans(self) -> list[Any]:
        ids = {self.loan_list.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(self.loan_list.count())
               if self.loan_list.item(i).checkState() == Qt.CheckState.Checked}
        return [ln for ln in self.loans if ln.id in ids]

    def _on_loans_changed(self) -> None:
        if not self._amount_edited:
            total = sum((ln.overdue_amount for ln in self.chosen_loans()), Decimal(0))
            self.amount.setText(f"{total:.2f}" if total > 0 else "")
        self.update_preview()

    def _on_amount_edited(self, text: str) -> None:
        self._amount_edited = bool(text.strip())
        self.update_preview()

    # -- the terms and the preview --------------------------------------------------------------
    def plan_method(self) -> PlanMethod:
        return PlanMethod(self.method.currentData())   # Qt hands the enum back as its str

    def terms(self) -> tuple[Decimal | None, dict[str, str]]:
        """The amount and what is wrong with the terms, by field (Chinese)."""
        try:
            amount = parse_amount(self.amount.text())
        except InvalidOperation:
            problems = schedule_problems(Decimal(1), self.count.value(), self.grace.value(),
                                         self.plan_method(), self.start.date().toPython())
            problems["arrears_amount"] = self.tr("The arrears amount is not a number")
            return None, problems
        problems = schedule_problems(amount, self.count.value(), self.grace.value(),
                                     self.plan_method(), self.start.date().toPython())
        if self.start.date().toPython() < self.today:
            problems["first_due_on"] = self.tr("The repayment start cannot be before today")
        return amount, problems

    def update_preview(self) -> None:
        amount, problems = self.terms()
        rows: tuple[ScheduleRow, ...] = ()
        if not problems and amount is not None:
            rows = build_schedule(amount, self.count.value(), self.plan_method(),
                                  self.start.date().toPython(), self.grace.value())
        self.preview_model.set_records(rows)
        if rows:
            self.total.setText(self.tr("%1 instalments, %2 to %3, total ¥%4 (the last one "
                                       "takes the rounding)")
                               .replace("%1", str(len(rows)))
                               .replace("%2", rows[0].due_on.isoformat())
                               .replace("%3", rows[-1].due_on.isoformat())
                               .replace("%4", f"{sum((r.amount for r in rows), Decimal(0)):,.2f}"))
        else:
            self.total.setText(self.tr("No schedule yet: fix the terms below."))
        self._say(problems)

    def _say(self, problems: dict[str, str]) -> None:
        ordered = sorted(problems.items(), key=lambda kv: FIELD_ORDER.index(kv[0])
                         if kv[0] in FIELD_ORDER else len(FIELD_ORDER))
        self.problems.setText("\n".join(v for _k, v in ordered))
        self.problems.setVisible(bool(problems))

    def draft(self) -> Any:
        from crm.services.repayment_plans import PlanDraft
        amount, problems = self.terms()
        if self.customer_id is None:
            problems["customer_id"] = self.tr("Choose the customer first")
        loans = self.chosen_loans()
        if not loans:
            problems["loan_ids"] = self.tr("Choose at least one loan")
        if problems:
            raise ValidationError(problems)
        assert self.customer_id is not None
        return PlanDraft(customer_id=self.customer_id, loan_ids=tuple(ln.id for ln in loans),
                         instalment_count=self.count.value(),
                         first_due_on=self.start.date().toPython(),
                         method=self.plan_method(), grace_months=self.grace.value(),
                         arrears_amount=amount, visit_id=self.visit_id,
                         note=self.note.toPlainText().strip())

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        try:
            draft = self.draft()
        except ValidationError as exc:
            self._say(exc.fields)
            return
        from crm.services.repayment_plans import create_plan, update_plan
        actor, plan, today = self.ctx.actor, self.plan, self.today
        if plan is None:
            work = lambda uow, _p: create_plan(uow, actor, draft, today=today)  # noqa: E731
        else:
            work = lambda uow, _p: update_plan(uow, actor, plan.id, plan.version,  # noqa: E731
                                               draft, today=today)
        self.save_button.setEnabled(False)
        self.ctx.run(work, self._on_saved, widget=self, on_error=self._on_failed,
                     changes=frozenset({"plans"}))

    def _on_saved(self, view: RepaymentPlanView) -> None:
        self.saved = view
        self.save_button.setEnabled(True)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._say(exc.fields)
            return
        show_error(self, exc)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        # Enter in a single-line field moves on instead of saving half a plan
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self.focusWidget() is self.search:
                self.find_customers()
                return
            self.focusNextChild()
            return
        super().keyPressEvent(event)


__all__ = ["RepaymentPlanDialog", "parse_amount"]
