"""记录联系 (Ctrl+N): log a call in ten seconds without the mouse.

Tab walks the fields in the order a manager thinks: channel, who, outcome, what was said,
then a promise to pay and the next follow-up if any. Ctrl+Enter saves. The compliance guard
runs in the service; when it asks for a reason (quiet hours) or a supervisor (too many
contacts), the dialog shows the reason field instead of failing.
"""
from __future__ import annotations

from datetime import timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.enums import ContactChannel, ContactDirection, ContactOutcome, ContactParty
from crm.domain.errors import ValidationError
from crm.services.contacts import ContactDraft, add_contact
from crm.ui import dates
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.table_model import LOCAL


def _enum_combo(name: str, enum: Any) -> QComboBox:
    box = QComboBox(objectName=name)
    for member in enum:
        box.addItem(member.label, member)
    return box


class ContactDialog(QDialog):
    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None,
                 customer_name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.saved: Any = None
        self.setObjectName("contactDialog")
        self.setWindowTitle(self.tr("Log contact") + (f" — {customer_name}" if customer_name else ""))
        self.channel = _enum_combo("contactChannel", ContactChannel)
        self.direction = _enum_combo("contactDirection", ContactDirection)
        self.party = _enum_combo("contactParty", ContactParty)
        self.party_name = QLineEdit(objectName="contactPartyName")
        self.outcome = _enum_combo("contactOutcome", ContactOutcome)
        self.summary = QPlainTextEdit(objectName="contactSummary", tabChangesFocus=True)
        self.summary.setFixedHeight(70)
        self.when = QDateTimeEdit(QDateTime.currentDateTime(), objectName="contactWhen",
                                  calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        self.promise = QCheckBox(objectName="contactPromise")
        self.promise_amount = QLineEdit(objectName="contactPromiseAmount")
        self.promise_date = QDateEdit(dates.today().addDays(7), objectName="contactPromiseDate",
                                      calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.follow_up = QCheckBox(objectName="contactFollowUp")
        self.follow_up_date = QDateEdit(dates.today().addDays(3),
                                        objectName="contactFollowUpDate", calendarPopup=True,
                                        displayFormat="yyyy-MM-dd")
        self.reason = QLineEdit(objectName="contactReason")
        self.override = QLineEdit(objectName="contactOverride")
        self.message = QLabel(objectName="contactMessage", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()

        promise_row = QHBoxLayout()
        promise_row.addWidget(self.promise)
        promise_row.addWidget(self.promise_amount)
        promise_row.addWidget(self.promise_date)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.follow_up_date)
        follow_row.addStretch(1)
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, widget in (("channel", self.channel), ("direction", self.direction),
                            ("party", self.party), ("party_name", self.party_name),
                            ("outcome", self.outcome), ("summary", self.summary),
                            ("when", self.when), ("promise", promise_row),
                            ("follow_up", follow_row), ("reason", self.reason),
                            ("override", self.override)):
            label = QLabel()
            self.labels[key] = label
            self.form.addRow(label, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.save)

        self.promise.toggled.connect(self._sync)
        self.follow_up.toggled.connect(self._sync)
        self.party.currentIndexChanged.connect(self._sync)
        self.outcome.currentIndexChanged.connect(self._on_outcome_changed)
        self._show_reason(False)
        self._show_override(False)
        self._retranslate()
        self._sync()
        self.channel.setFocus()

    def _retranslate(self) -> None:
        texts = {"channel": self.tr("&Channel"), "direction": self.tr("&Direction"),
                 "party": self.tr("&Who"), "party_name": self.tr("Their &name"),
                 "outcome": self.tr("&Outcome"), "summary": self.tr("&Summary"),
                 "when": self.tr("&Time"), "promise": self.tr("Promise to &pay"),
                 "follow_up": self.tr("Next &follow-up"),
                 "reason": self.tr("Reason (quiet hours)"),
                 "override": self.tr("Supervisor override reason")}
        for key, text in texts.items():
            self.labels[key].setText(text)
        for key, widget in (("channel", self.channel), ("direction", self.direction),
                            ("party", self.party), ("party_name", self.party_name),
                            ("outcome", self.outcome), ("summary", self.summary),
                            ("when", self.when), ("reason", self.reason),
                            ("override", self.override)):
            self.labels[key].setBuddy(widget)
        self.labels["promise"].setBuddy(self.promise)
        self.labels["follow_up"].setBuddy(self.follow_up)
        self.promise_amount.setPlaceholderText(self.tr("Amount (yuan)"))
        self.party_name.setPlaceholderText(self.tr("Only when not the borrower"))
        self.summary.setPlaceholderText(self.tr("What was said; what was agreed"))
        self.reason.setPlaceholderText(
            self.tr("Why contact outside 08:00–21:00 (for example: the customer asked to be "
                    "called after work)"))

    def _on_outcome_changed(self) -> None:
        if self.outcome.currentData() == ContactOutcome.PROMISED and not self.promise.isChecked():
            self.promise.setChecked(True)
        self._sync()

    def _sync(self) -> None:
        self.promise_amount.setEnabled(self.promise.isChecked())
        self.promise_date.setEnabled(self.promise.isChecked())
        self.follow_up_date.setEnabled(self.follow_up.isChecked())
        self.party_name.setEnabled(self.party.currentData() != ContactParty.BORROWER)

    def _show_reason(self, on: bool) -> None:
        self.form.setRowVisible(self.reason, on)

    def _show_override(self, on: bool) -> None:
        self.form.setRowVisible(self.override, on)

    def draft(self) -> ContactDraft:
        amount: Decimal | None = None
        if self.promise.isChecked():
            text = self.promise_amount.text().strip().replace(",", "").replace("¥", "")
            try:
                amount = Decimal(text) if text else None
            except InvalidOperation:
                raise ValidationError({"promise_amount": self.tr("The promised amount is not a "
                                                                 "number")}) from None
        when = self.when.dateTime().toPython().replace(tzinfo=LOCAL).astimezone(timezone.utc)
        return ContactDraft(
            customer_id=self.customer_id, channel=ContactChannel(self.channel.currentData()),
            direction=ContactDirection(self.direction.currentData()),
            party=ContactParty(self.party.currentData()),
            party_name=self.party_name.text().strip() or None,
            outcome=ContactOutcome(self.outcome.currentData()), summary=self.summary.toPlainText().strip(),
            contacted_at=when, promise_amount=amount,
            promise_date=self.promise_date.date().toPython() if self.promise.isChecked() else None,
            next_follow_up_on=(self.follow_up_date.date().toPython()
                               if self.follow_up.isChecked() else None),
            quiet_hours_reason=self.reason.text().strip() or None,
            override=self.override.text().strip() or None)

    def save(self) -> None:
        try:
            draft = self.draft()
        except ValidationError as exc:
            self._show_message(exc)
            return
        self.buttons.setEnabled(False)
        self.ctx.run(lambda uow, _p: add_contact(uow, self.ctx.actor, draft), self._on_saved,
                     widget=self, on_error=self._on_failed,
                     changes=frozenset({"contacts", "customers", "tasks"}))

    def _on_saved(self, view: Any) -> None:
        self.saved = view
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_message(exc)
            return
        show_error(self, exc)

    def _show_message(self, exc: ValidationError) -> None:
        fields = exc.fields
        if "quiet_hours_reason" in fields or "quiet_hours" in fields:
            self._show_reason(True)
            self.reason.setFocus()
        if "override" in fields or "frequency" in fields:
            if self.ctx.actor.can(Permission.REVIEW):      # supervisors may override
                self._show_override(True)
                self.override.setFocus()
        self.message.setText("\n".join(fields.values()))
        self.message.show()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        # Enter in a single-line field moves on instead of saving half a record
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.focusNextChild()
            return
        super().keyPressEvent(event)
