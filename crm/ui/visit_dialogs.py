"""Dialogs of the 走访管理 page: plan (one or many customers), the visit itself with the actions
its status allows, appointment, outcome record, supervisor review, reschedule, cancel.

Every dialog saves on the worker through crm.services.visits and stays open on a refusal,
showing the service's Chinese message under the form (nothing typed is lost). Ctrl+Enter
saves. Dialogs are shown with open() (window-modal, not a nested event loop), so tests drive
them by filling the fields and calling save().
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox,
    QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QRadioButton, QSpinBox, QTextBrowser, QTimeEdit, QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.compliance import local_today
from crm.domain.enums import (
    ChecklistItem, ContactChannel, ContactParty, Role, VisitPurpose, VisitReason, VisitStatus,
)
from crm.domain.errors import ValidationError
from crm.domain.records import UserView, VisitPlanView
from crm.services import visits as svc
from crm.ui import dates
from crm.ui.context import AppContext
from crm.ui.dates import qdate
from crm.ui.errors import show_error
from crm.ui.table_model import display

VISIT_CHANGES = frozenset({"visits", "tasks", "contacts"})
S = VisitStatus
CAN_APPOINT = (S.DRAFT, S.APPOINTED)
CAN_RECORD = (S.APPOINTED, S.VISITED, S.NOT_MET, S.RETURNED)
CAN_SUBMIT = (S.VISITED, S.NOT_MET)
CAN_RESCHEDULE = (S.DRAFT, S.APPOINTED)
CAN_EDIT = (S.DRAFT, S.APPOINTED)
VISITED = (S.VISITED, S.PENDING_REVIEW, S.REVIEWED, S.RETURNED)   # met: a plan may follow


def can_cancel(status: VisitStatus) -> bool:
    return S.CANCELLED in svc.TRANSITIONS[status]


def visit_staff(users: Sequence[UserView]) -> list[UserView]:
    """Who may go on a visit: active managers and supervisors."""
    return [u for u in users if u.active and u.role in (Role.MANAGER, Role.SUPERVISOR)]


def _text(edit: QPlainTextEdit, height: int = 60) -> QPlainTextEdit:
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class _ServiceDialog(QDialog):
    """A form with a red message line and Save/Cancel; save() runs `work` on the worker."""

    saved_view = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: Any = None
        self.setObjectName(name)
        self.message = QLabel(objectName="visitDialogMessage", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.save)

    def finish_layout(self, body: QFormLayout | QVBoxLayout) -> None:
        layout = QVBoxLayout(self)
        if isinstance(body, QFormLayout):
            layout.addLayout(body)
        else:
            layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            QCoreApplication.translate("VisitDialogs", "Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("VisitDialogs", "Cancel"))

    def work(self) -> Callable[[Any, Any], Any]:
        raise NotImplementedError

    def save(self) -> None:
        try:
            work = self.work()
        except ValidationError as exc:
            self.show_problems(exc.fields)
            return
        self.buttons.setEnabled(False)
        self.ctx.run(work, self._on_saved, widget=self, on_error=self._on_failed,
                     changes=VISIT_CHANGES)

    def _on_saved(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        if self.handle_result(result):
            self.saved = result
            self.saved_view.emit(result)
            self.accept()

    def handle_result(self, _result: Any) -> bool:
        """False keeps the dialog open (a bulk plan where every customer was refused)."""
        return True

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_problems(exc.fields)
            return
        show_error(self, exc)

    def show_problems(self, fields: dict[str, str]) -> None:
        self.message.setText("\n".join(fields.values()))
        self.message.show()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        # Enter in a single-line field moves on instead of saving half a record
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.focusNextChild()
            return
        super().keyPressEvent(event)


# ---- plan -----------------------------------------------------------------------------------

class PlanDialog(_ServiceDialog):
    """安排走访 for one or many customers on one day, with two staff and consecutive slots."""

    def __init__(self, ctx: AppContext, customers: Sequence[tuple[int, str]],
                 staff: Sequence[UserView], parent: QWidget | None = None,
                 day: date | None = None) -> None:
        super().__init__(ctx, parent, "visitPlanDialog")
        self.customers = list(customers)
        self.names = dict(self.customers)
        self.refused: list[tuple[str, str]] = []
        names = "、".join(n for _i, n in self.customers[:5])
        if len(self.customers) > 5:
            names += self.tr(" and %1 more").replace("%1", str(len(self.customers) - 5))
        self.setWindowTitle(self.tr("Plan visits") + f" — {names}")
        today = local_today()
        self.day = QDateEdit(qdate(day or today), objectName="planDay", calendarPopup=True,
                             displayFormat="yyyy-MM-dd")
        self.day.setMinimumDate(qdate(today))
        self.purpose = QComboBox(objectName="planPurpose")
        for p in VisitPurpose:
            self.purpose.addItem(p.label, p)
        self.staff1 = QComboBox(objectName="planStaff1")
        self.staff2 = QComboBox(objectName="planStaff2")
        self.staff2.addItem(self.tr("(nobody)"), None)
        for u in visit_staff(staff):
            self.staff1.addItem(f"{u.display_name}（{u.role.label}）", u.id)
            self.staff2.addItem(f"{u.display_name}（{u.role.label}）", u.id)
        me = self.staff1.findData(ctx.actor.user_id)
        self.staff1.setCurrentIndex(max(me, 0))
        other = next((i for i in range(1, self.staff2.count())
                      if self.staff2.itemData(i) != self.staff1.currentData()), 0)
        self.staff2.setCurrentIndex(other)
        self.timed = QCheckBox(objectName="planTimed", checked=True)
        self.first_start = QTime(9, 0)
        self.start = QTimeEdit(self.first_start, objectName="planStart", displayFormat="HH:mm")
        self.slot = QSpinBox(objectName="planSlot", minimum=15, maximum=480, singleStep=15,
                             value=60)
        self.slot.setSuffix(self.tr(" min"))
        self.notes = _text(QPlainTextEdit(objectName="planNotes"))
        self.override = QLineEdit(objectName="planOverride")
        time_row = QHBoxLayout()
        time_row.addWidget(self.timed)
        time_row.addWidget(self.start)
        self.slot_label = QLabel()
        time_row.addWidget(self.slot_label)
        time_row.addWidget(self.slot)
        time_row.addStretch(1)
        self.count = QLabel(objectName="planCount")
        self.count.setText(self.tr("%1 customer(s): %2").replace("%1", str(len(self.customers)))
                           .replace("%2", names))
        self.count.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.count)
        form.addRow(self.tr("Visit &date"), self.day)
        form.addRow(self.tr("&Purpose"), self.purpose)
        form.addRow(self.tr("&Lead visitor"), self.staff1)
        form.addRow(self.tr("&Second visitor"), self.staff2)
        form.addRow(self.tr("&Time"), time_row)
        form.addRow(self.tr("&Notes"), self.notes)
        self.override_label = QLabel(self.tr("One-person visit: supervisor's reason"))
        form.addRow(self.override_label, self.override)
        self.form = form
        form.setRowVisible(self.override, ctx.actor.can(Permission.REVIEW))
        self.timed.setText(self.tr("From"))
        self.slot_label.setText(self.tr("each visit"))
        self.timed.toggled.connect(self._sync)
        self.override.setPlaceholderText(self.tr("Only when fewer than two staff can go"))
        self.notes.setPlaceholderText(self.tr("What to bring, whom to meet; the time is fixed "
                                              "when the appointment is made"))
        self.finish_layout(form)
        self._sync()
        self.resize(520, self.sizeHint().height())

    def _sync(self) -> None:
        self.start.setEnabled(self.timed.isChecked())
        self.slot.setEnabled(self.timed.isChecked())

    def staff_ids(self) -> tuple[int, ...]:
        ids = [self.staff1.currentData(), self.staff2.currentData()]
        return tuple(dict.fromkeys(i for i in ids if i is not None))

    def work(self) -> Callable[[Any, Any], Any]:
        ids = [cid for cid, _n in self.customers]
        day = self.day.date().toPython()
        purpose = VisitPurpose(self.purpose.currentData())
        staff = self.staff_ids()
        timed = self.timed.isChecked()
        start = self.start.time().toPython() if timed else None
        slot = self.slot.value() if timed else None
        notes = self.notes.toPlainText().strip()
        override = self.override.text().strip()
        actor = self.ctx.actor
        if not staff:
            raise ValidationError({"staff": "请至少选择一名走访人员"})

        def work(uow: Any, _p: Any) -> Any:
            return svc.plan_visits_bulk(uow, actor, ids, day, purpose, staff, first_start=start,
                                        slot_minutes=slot, notes=notes,
                                        two_person_override=override)
        return work

    def handle_result(self, result: Any) -> bool:
        self.refused = [(self.names.get(cid, f"#{cid}"), reason)
                        for cid, reason in result.refused]
        if result.created:
            return True
        self.show_problems({str(i): f"{name}：{reason}"
                            for i, (name, reason) in enumerate(self.refused)})
        return False


# ---- appointment ----------------------------------------------------------------------------

class AppointmentDialog(_ServiceDialog):
    """预约: the call that fixed the time; the compliance guard applies to the call."""

    def __init__(self, ctx: AppContext, visit: VisitPlanView,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "visitAppointmentDialog")
        self.visit = visit
        self.setWindowTitle(self.tr("Appointment") + f" — {visit.customer_name}")
        start = visit.window_start or time(9, 0)
        when = datetime.combine(max(visit.planned_on, local_today()), start)
        self.confirmed = QDateTimeEdit(QDateTime(when), objectName="appointConfirmed",
                                       calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        self.channel = QComboBox(objectName="appointChannel")
        for c in ContactChannel:
            if c is not ContactChannel.VISIT:
                self.channel.addItem(c.label, c)
        self.party = QComboBox(objectName="appointParty")
        for p in ContactParty:
            self.party.addItem(p.label, p)
        self.party_name = QLineEdit(objectName="appointPartyName")
        self.summary = _text(QPlainTextEdit(objectName="appointSummary"))
        self.called_at = QDateTimeEdit(QDateTime.currentDateTime(), objectName="appointCalledAt",
                                       calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        self.reason = QLineEdit(objectName="appointReason")
        self.override = QLineEdit(objectName="appointOverride")
        form = QFormLayout()
        form.addRow(self.tr("Agreed visit &time"), self.confirmed)
        form.addRow(self.tr("&Channel"), self.channel)
        form.addRow(self.tr("&Who"), self.party)
        form.addRow(self.tr("Their &name"), self.party_name)
        form.addRow(self.tr("&Summary"), self.summary)
        form.addRow(self.tr("Call &made at"), self.called_at)
        form.addRow(self.tr("Reason (quiet hours)"), self.reason)
        form.addRow(self.tr("Supervisor override reason"), self.override)
        self.form = form
        form.setRowVisible(self.reason, False)
        form.setRowVisible(self.override, False)
        self.party.currentIndexChanged.connect(self._sync)
        self.party_name.setPlaceholderText(self.tr("Only when not the borrower"))
        self.summary.setPlaceholderText(self.tr("For example: the customer will wait at home"))
        self.finish_layout(form)
        self._sync()

    def _sync(self) -> None:
        self.party_name.setEnabled(self.party.currentData() != ContactParty.BORROWER)

    def work(self) -> Callable[[Any, Any], Any]:
        draft = svc.AppointmentDraft(
            confirmed_at=self.confirmed.dateTime().toPython().replace(second=0, microsecond=0),
            channel=ContactChannel(self.channel.currentData()),
            party=ContactParty(self.party.currentData()),
            party_name=self.party_name.text().strip() or None,
            summary=self.summary.toPlainText().strip(),
            contacted_at=self.called_at.dateTime().toPython().replace(second=0, microsecond=0),
            quiet_hours_reason=self.reason.text().strip() or None,
            override=self.override.text().strip() or None)
        actor, vid, version = self.ctx.actor, self.visit.id, self.visit.version
        return lambda uow, _p: svc.appoint_visit(uow, actor, vid, version, draft)

    def show_problems(self, fields: dict[str, str]) -> None:
        if "quiet_hours_reason" in fields or "quiet_hours" in fields:
            self.form.setRowVisible(self.reason, True)
            self.reason.setFocus()
        if ("override" in fields or "frequency" in fields) and \
                self.ctx.actor.can(Permission.REVIEW):
            self.form.setRowVisible(self.override, True)
            self.override.setFocus()
        super().show_problems(fields)


# ---- outcome --------------------------------------------------------------------------------

class OutcomeDialog(_ServiceDialog):
    """走访记录: met or not, who was there, what was found, the reasons, the scores, what was
    agreed (promise, plan, next visit, follow-up call), safety; saved and sent to review."""

    def __init__(self, ctx: AppContext, visit: VisitPlanView,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "visitOutcomeDialog")
        self.visit = visit
        self.setWindowTitle(self.tr("Visit record") + f" — {visit.customer_name}")
        today = dates.today()
        self.met = QRadioButton(objectName="outcomeMet")
        self.not_met = QRadioButton(objectName="outcomeNotMet")
        group = QButtonGroup(self)
        group.addButton(self.met)
        group.addButton(self.not_met)
        (self.not_met if visit.met_customer is False else self.met).setChecked(True)
        self.visited_at = QDateTimeEdit(QDateTime.currentDateTime(), objectName="outcomeAt",
                                        calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        if visit.visited_at is not None:
            self.visited_at.setDateTime(QDateTime(visit.visited_at.astimezone(
                _local()).replace(tzinfo=None)))
        self.present = QLineEdit(visit.present, objectName="outcomePresent")
        self.situation = _text(QPlainTextEdit(visit.situation, objectName="outcomeSituation"))
        self.reasons: dict[VisitReason, QCheckBox] = {}
        reasons = QGridLayout()
        for i, r in enumerate(VisitReason):
            box = QCheckBox(r.label, objectName=f"outcomeReason_{r.value}")
            box.setChecked(r in visit.reason_codes)
            self.reasons[r] = box
            reasons.addWidget(box, i // 4, i % 4)
        self.willingness = self._score("outcomeWillingness", visit.willingness)
        self.ability = self._score("outcomeAbility", visit.ability)
        scores = QHBoxLayout()
        self.willingness_label, self.ability_label = QLabel(), QLabel()
        for w in (self.willingness_label, self.willingness, self.ability_label, self.ability):
            scores.addWidget(w)
        scores.addStretch(1)
        self.findings = _text(QPlainTextEdit(visit.findings, objectName="outcomeFindings"), 48)
        steps = visit.next_steps
        self.promise = QCheckBox(objectName="outcomePromise")
        self.promise_amount = QLineEdit(objectName="outcomePromiseAmount")
        self.promise_date = QDateEdit(today.addDays(7), objectName="outcomePromiseDate",
                                      calendarPopup=True, displayFormat="yyyy-MM-dd")
        if steps.promise_amount is not None:
            self.promise.setChecked(True)
            self.promise_amount.setText(f"{steps.promise_amount}")
            if steps.promise_date:
                self.promise_date.setDate(qdate(steps.promise_date))
        self.plan_wanted = QCheckBox(objectName="outcomePlanWanted", checked=steps.plan_wanted)
        self.next_visit = QCheckBox(objectName="outcomeNextVisit",
                                    checked=steps.next_visit_on is not None)
        self.next_visit_on = QDateEdit(qdate(steps.next_visit_on) if steps.next_visit_on
                                       else today.addDays(30), objectName="outcomeNextVisitOn",
                                       calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.follow_up = QCheckBox(objectName="outcomeFollowUp",
                                   checked=steps.follow_up_call_on is not None)
        self.follow_up_on = QDateEdit(qdate(steps.follow_up_call_on) if steps.follow_up_call_on
                                      else today.addDays(7), objectName="outcomeFollowUpOn",
                                      calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.agreed = _text(QPlainTextEdit(visit.agreed_actions, objectName="outcomeAgreed"), 48)
        self.new_phone = QLineEdit(objectName="outcomeNewPhone")
        self.new_address = QLineEdit(objectName="outcomeNewAddress")
        self.safety = QCheckBox(objectName="outcomeSafety", checked=visit.safety_incident)
        self.safety_note = QLineEdit(visit.safety_note, objectName="outcomeSafetyNote")
        self.submit = QCheckBox(objectName="outcomeSubmit", checked=True)
        self.reason = QLineEdit(objectName="outcomeReason")
        self.override = QLineEdit(objectName="outcomeOverride")

        met_row = QHBoxLayout()
        met_row.addWidget(self.met)
        met_row.addWidget(self.not_met)
        met_row.addStretch(1)
        promise_row = QHBoxLayout()
        for w in (self.promise, self.promise_amount, self.promise_date):
            promise_row.addWidget(w)
        next_row = QHBoxLayout()
        for w in (self.plan_wanted, self.next_visit, self.next_visit_on, self.follow_up,
                  self.follow_up_on):
            next_row.addWidget(w)
        next_row.addStretch(1)
        safety_row = QHBoxLayout()
        safety_row.addWidget(self.safety)
        safety_row.addWidget(self.safety_note, 1)
        form = QFormLayout()
        form.addRow(self.tr("Customer"), met_row)
        form.addRow(self.tr("Visited &at"), self.visited_at)
        form.addRow(self.tr("&Present"), self.present)
        form.addRow(self.tr("&Situation found"), self.situation)
        form.addRow(self.tr("Difficulty"), reasons)
        form.addRow(self.tr("Assessment"), scores)
        form.addRow(self.tr("&Findings"), self.findings)
        form.addRow(self.tr("Promise to pay"), promise_row)
        form.addRow(self.tr("Next steps"), next_row)
        form.addRow(self.tr("A&greed"), self.agreed)
        form.addRow(self.tr("New phone"), self.new_phone)
        form.addRow(self.tr("New address"), self.new_address)
        form.addRow(self.tr("Safety"), safety_row)
        form.addRow("", self.submit)
        form.addRow(self.tr("Reason (quiet hours)"), self.reason)
        form.addRow(self.tr("Supervisor override reason"), self.override)
        self.form = form
        form.setRowVisible(self.reason, False)
        form.setRowVisible(self.override, False)
        self.met.setText(self.tr("Met the customer"))
        self.not_met.setText(self.tr("Customer not found"))
        self.willingness_label.setText(self.tr("Willingness to repay"))
        self.ability_label.setText(self.tr("Ability to repay"))
        self.promise.setText(self.tr("Promised"))
        self.promise_amount.setPlaceholderText(self.tr("Amount (yuan)"))
        self.plan_wanted.setText(self.tr("Draw up a repayment plan"))
        self.next_visit.setText(self.tr("Next visit"))
        self.follow_up.setText(self.tr("Follow-up call"))
        self.safety.setText(self.tr("Safety incident"))
        self.safety_note.setPlaceholderText(self.tr("What happened"))
        self.submit.setText(self.tr("Send to the supervisor for review"))
        self.present.setPlaceholderText(self.tr("For example: the borrower and spouse"))
        self.new_phone.setPlaceholderText(self.tr("Only if it changed; updates the customer"))
        self.new_address.setPlaceholderText(self.tr("Only if it changed; updates the customer"))
        for box in (self.promise, self.next_visit, self.follow_up, self.safety, self.met,
                    self.not_met):
            box.toggled.connect(self._sync)
        self.finish_layout(form)
        self.survey_button = self.buttons.addButton(self.tr("Satisfaction survey…"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.survey_button.setObjectName("outcomeSurvey")
        self.survey_button.setToolTip(self.tr("Take the short satisfaction survey with the "
                                              "customer now (channel: on a visit)"))
        self.survey_button.clicked.connect(self.open_survey)
        self._sync()
        self.resize(720, self.sizeHint().height())

    def open_survey(self) -> QDialog:
        """The survey entry form, preset to this customer, channel 上门 and this visit."""
        from crm.domain.enums import SurveyChannel
        from crm.ui.survey_dialogs import SurveyEntryDialog
        dialog = SurveyEntryDialog(self.ctx, self.visit.customer_id, self.visit.customer_name,
                                   self, channel=SurveyChannel.VISIT, visit_id=self.visit.id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @staticmethod
    def _score(name: str, value: int | None) -> QSpinBox:
        box = QSpinBox(objectName=name, minimum=0, maximum=5, value=value or 0)
        box.setSpecialValueText("—")
        return box

    def _sync(self) -> None:
        met = self.met.isChecked()
        self.promise.setEnabled(met)
        on = met and self.promise.isChecked()
        self.promise_amount.setEnabled(on)
        self.promise_date.setEnabled(on)
        self.next_visit_on.setEnabled(self.next_visit.isChecked())
        self.follow_up_on.setEnabled(self.follow_up.isChecked())
        self.safety_note.setEnabled(self.safety.isChecked())
        self.survey_button.setEnabled(met and not self.ctx.actor.read_only)

    def work(self) -> Callable[[Any, Any], Any]:
        met = self.met.isChecked()
        amount: Decimal | None = None
        if met and self.promise.isChecked():
            text = self.promise_amount.text().strip().replace(",", "").replace("¥", "")
            try:
                amount = Decimal(text) if text else None
            except InvalidOperation:
                raise ValidationError({"promise_amount": "承诺还款金额不是有效的数字"}) from None
            if amount is None:
                raise ValidationError({"promise_amount": "请填写承诺还款金额"})
        draft = svc.OutcomeDraft(
            met_customer=met,
            visited_at=self.visited_at.dateTime().toPython().replace(second=0, microsecond=0),
            present=self.present.text(), situation=self.situation.toPlainText(),
            reason_codes=frozenset(r for r, b in self.reasons.items() if b.isChecked()),
            willingness=self.willingness.value() or None, ability=self.ability.value() or None,
            findings=self.findings.toPlainText(),
            new_phone=self.new_phone.text().strip() or None,
            new_address=self.new_address.text().strip() or None,
            promise_amount=amount,
            promise_date=self.promise_date.date().toPython() if amount is not None else None,
            plan_wanted=self.plan_wanted.isChecked(),
            next_visit_on=self.next_visit_on.date().toPython()
            if self.next_visit.isChecked() else None,
            follow_up_call_on=self.follow_up_on.date().toPython()
            if self.follow_up.isChecked() else None,
            agreed_actions=self.agreed.toPlainText(), safety_incident=self.safety.isChecked(),
            safety_note=self.safety_note.text() if self.safety.isChecked() else "",
            submit=self.submit.isChecked(),
            quiet_hours_reason=self.reason.text().strip() or None,
            override=self.override.text().strip() or None)
        actor, vid, version = self.ctx.actor, self.visit.id, self.visit.version
        return lambda uow, _p: svc.record_outcome(uow, actor, vid, version, draft)

    def show_problems(self, fields: dict[str, str]) -> None:
        if "quiet_hours_reason" in fields or "quiet_hours" in fields:
            self.form.setRowVisible(self.reason, True)
        if ("override" in fields or "frequency" in fields) and \
                self.ctx.actor.can(Permission.REVIEW):
            self.form.setRowVisible(self.override, True)
        super().show_problems(fields)


def _local() -> Any:
    from crm.domain.compliance import SHANGHAI
    return SHANGHAI


# ---- reschedule, cancel, review ---------------------------------------------------------

class RescheduleDialog(_ServiceDialog):
    def __init__(self, ctx: AppContext, visit: VisitPlanView,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "visitRescheduleDialog")
        self.visit = visit
        self.setWindowTitle(self.tr("Reschedule") + f" — {visit.customer_name}")
        self.day = QDateEdit(qdate(visit.planned_on), objectName="rescheduleDay",
                             calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.day.setMinimumDate(qdate(local_today()))
        self.timed = QCheckBox(objectName="rescheduleTimed",
                               checked=visit.window_start is not None)
        self.start = QTimeEdit(QTime(visit.window_start or time(9)), objectName="rescheduleStart",
                               displayFormat="HH:mm")
        self.end = QTimeEdit(QTime(visit.window_end or time(10)), objectName="rescheduleEnd",
                             displayFormat="HH:mm")
        row = QHBoxLayout()
        row.addWidget(self.timed)
        row.addWidget(self.start)
        row.addWidget(QLabel("–"))
        row.addWidget(self.end)
        row.addStretch(1)
        self.note = QLabel(objectName="rescheduleNote", wordWrap=True)
        self.note.setStyleSheet("color: #555")
        form = QFormLayout()
        form.addRow(self.tr("Visit &date"), self.day)
        form.addRow(self.tr("&Time"), row)
        form.addRow(self.note)
        self.timed.setText(self.tr("Fixed time"))
        if visit.status is S.APPOINTED:
            self.note.setText(self.tr("Moving an appointed visit to another day sends it back "
                                      "to draft: the customer needs a new appointment."))
        self.timed.toggled.connect(lambda on: (self.start.setEnabled(on), self.end.setEnabled(on)))
        self.start.setEnabled(self.timed.isChecked())
        self.end.setEnabled(self.timed.isChecked())
        self.finish_layout(form)

    def work(self) -> Callable[[Any, Any], Any]:
        day = self.day.date().toPython()
        timed = self.timed.isChecked()
        start = self.start.time().toPython() if timed else None
        end = self.end.time().toPython() if timed else None
        actor, vid, version = self.ctx.actor, self.visit.id, self.visit.version
        return lambda uow, _p: svc.reschedule_visit(uow, actor, vid, version, day, start, end)


class CancelDialog(_ServiceDialog):
    def __init__(self, ctx: AppContext, visit: VisitPlanView,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "visitCancelDialog")
        self.visit = visit
        self.setWindowTitle(self.tr("Cancel visit") + f" — {visit.customer_name}")
        self.reason = _text(QPlainTextEdit(objectName="cancelReason"))
        self.reason.setPlaceholderText(self.tr("Why the visit is cancelled (required)"))
        form = QFormLayout()
        form.addRow(self.tr("&Reason"), self.reason)
        self.finish_layout(form)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Cancel visit"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Keep it"))

    def work(self) -> Callable[[Any, Any], Any]:
        reason = self.reason.toPlainText()
        actor, vid, version = self.ctx.actor, self.visit.id, self.visit.version
        return lambda uow, _p: svc.cancel_visit(uow, actor, vid, version, reason)


REPORT_LABELS = {
    "date": QT_TRANSLATE_NOOP("VisitReport", "Date"),
    "purpose": QT_TRANSLATE_NOOP("VisitReport", "Purpose"),
    "staff": QT_TRANSLATE_NOOP("VisitReport", "Staff"),
    "district": QT_TRANSLATE_NOOP("VisitReport", "District"),
    "address": QT_TRANSLATE_NOOP("VisitReport", "Address"),
    "appointment": QT_TRANSLATE_NOOP("VisitReport", "Appointment"),
    "checklist": QT_TRANSLATE_NOOP("VisitReport", "Preparation"),
    "notes": QT_TRANSLATE_NOOP("VisitReport", "Notes"),
    "result": QT_TRANSLATE_NOOP("VisitReport", "Result"),
    "present": QT_TRANSLATE_NOOP("VisitReport", "Present"),
    "situation": QT_TRANSLATE_NOOP("VisitReport", "Situation"),
    "reasons": QT_TRANSLATE_NOOP("VisitReport", "Difficulty"),
    "scores": QT_TRANSLATE_NOOP("VisitReport", "Willingness / ability"),
    "findings": QT_TRANSLATE_NOOP("VisitReport", "Findings"),
    "agreed": QT_TRANSLATE_NOOP("VisitReport", "Agreed"),
    "steps": QT_TRANSLATE_NOOP("VisitReport", "Next steps"),
    "overdue": QT_TRANSLATE_NOOP("VisitReport", "Overdue at the visit"),
    "safety": QT_TRANSLATE_NOOP("VisitReport", "Safety incident"),
    "review": QT_TRANSLATE_NOOP("VisitReport", "Review"),
    "cancel": QT_TRANSLATE_NOOP("VisitReport", "Cancel reason"),
}


def visit_html(v: VisitPlanView, flags: Sequence[str] = ()) -> str:
    """The visit as the detail and review views show it (the address is masked)."""
    def row(key: str, value: Any) -> str:
        text = display(value) if not isinstance(value, str) else value
        label = QCoreApplication.translate("VisitReport", REPORT_LABELS[key])
        return f"<tr><td style='color:#555;padding-right:12px'>{escape(label)}</td>" \
               f"<td>{escape(text)}</td></tr>" if text else ""
    parts = [f"<h3>{escape(v.customer_name)} · {escape(v.status.label)}</h3>"]
    for f in flags:
        parts.append(f"<p style='color:#b00020'><b>⚠ {escape(f)}</b></p>")
    steps = v.next_steps
    step_parts = []
    if steps.promise_amount is not None:
        step_parts.append(f"承诺 {display(steps.promise_amount)} 元于 {display(steps.promise_date)}")
    if steps.plan_wanted:
        step_parts.append("拟定协商还款计划")
    if steps.next_visit_on:
        step_parts.append(f"下次走访 {display(steps.next_visit_on)}")
    if steps.follow_up_call_on:
        step_parts.append(f"电话跟进 {display(steps.follow_up_call_on)}")
    met = "" if v.met_customer is None else ("见到客户" if v.met_customer else "未见到客户")
    parts.append("<table>" + "".join((
        row("date", f"{display(v.planned_on)} {v.window_text}".strip()),
        row("purpose", v.purpose.label),
        row("staff", v.staff_names),
        row("district", v.district),
        row("address", v.address_masked),
        row("appointment", display(v.appointment_at)),
        row("checklist", "、".join(c.label for c in sorted(v.checklist))),
        row("notes", v.notes),
        row("result", met),
        row("present", v.present),
        row("situation", v.situation),
        row("reasons", "、".join(r.label for r in v.reason_codes)),
        row("scores", f"{v.willingness or '—'} / {v.ability or '—'}" if v.met_customer else ""),
        row("findings", v.findings),
        row("agreed", v.agreed_actions),
        row("steps", "；".join(step_parts)),
        row("overdue", display(v.overdue_at_visit)),
        row("safety", v.safety_note if v.safety_incident else ""),
        row("review", (f"{v.reviewer_name}：{v.review_comment}" if v.review_comment
                       else v.reviewer_name)),
        row("cancel", v.cancel_reason),
    )) + "</table>")
    return "".join(parts)


class ReviewDialog(_ServiceDialog):
    """主管复核: the report with its flags; approve, or return with what to supplement."""

    def __init__(self, ctx: AppContext, visit: VisitPlanView, flags: Sequence[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "visitReviewDialog")
        self.visit = visit
        self.approve_choice = True
        self.setWindowTitle(self.tr("Review visit report") + f" — {visit.customer_name}")
        self.report = QTextBrowser(objectName="reviewReport")
        self.report.setHtml(visit_html(visit, flags))
        self.comment = _text(QPlainTextEdit(objectName="reviewComment"), 70)
        self.comment.setPlaceholderText(self.tr("Comment (required when returning)"))
        body = QVBoxLayout()
        body.addWidget(self.report, 1)
        body.addWidget(QLabel(self.tr("Supervisor's comment")))
        body.addWidget(self.comment)
        self.finish_layout(body)
        self.buttons.clear()
        self.approve_button = self.buttons.addButton(self.tr("Approve"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.approve_button.setObjectName("reviewApprove")
        self.return_button = self.buttons.addButton(self.tr("Return for supplement"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.return_button.setObjectName("reviewReturn")
        close = self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("reviewClose")
        self.buttons.accepted.disconnect()
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.send_back)
        self.resize(640, 560)

    def approve(self) -> None:
        self.approve_choice = True
        self.save()

    def send_back(self) -> None:
        self.approve_choice = False
        self.save()

    def work(self) -> Callable[[Any, Any], Any]:
        approve, comment = self.approve_choice, self.comment.toPlainText()
        actor, vid, version = self.ctx.actor, self.visit.id, self.visit.version
        return lambda uow, _p: svc.review_visit(uow, actor, vid, version, approve, comment)


# ---- the visit ----------------------------------------------------------------------------

class VisitDialog(QDialog):
    """One visit: its details, the preparation checklist, and the actions its status allows."""

    open_customer = Signal(int)
    changed = Signal(object)
    plan_repayment = Signal(object)     # the VisitPlanView a repayment plan is drawn up for

    def __init__(self, ctx: AppContext, visit: VisitPlanView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit = visit
        self.child: QDialog | None = None
        self.setObjectName("visitDialog")
        self.detail = QTextBrowser(objectName="visitDetail")
        self.checklist: dict[ChecklistItem, QCheckBox] = {}
        grid = QGridLayout()
        for i, item in enumerate(ChecklistItem):
            box = QCheckBox(item.label, objectName=f"checklist_{item.value}")
            self.checklist[item] = box
            grid.addWidget(box, i // 3, i % 3)
        self.checklist_label = QLabel()
        self.save_checklist_button = QPushButton(objectName="visitSaveChecklist")
        self.appoint_button = QPushButton(objectName="visitAppoint")
        self.record_button = QPushButton(objectName="visitRecord")
        self.submit_button = QPushButton(objectName="visitSubmit")
        self.reschedule_button = QPushButton(objectName="visitReschedule")
        self.cancel_button = QPushButton(objectName="visitCancel")
        self.customer_button = QPushButton(objectName="visitOpenCustomer")
        self.repayment_button = QPushButton(objectName="visitRepaymentPlan")
        self.close_button = QPushButton(objectName="visitClose")
        self.message = QLabel(objectName="visitMessage", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        check_row = QHBoxLayout()
        check_row.addLayout(grid, 1)
        check_row.addWidget(self.save_checklist_button, 0, Qt.AlignmentFlag.AlignBottom)
        actions = QHBoxLayout()
        for b in (self.appoint_button, self.record_button, self.submit_button,
                  self.reschedule_button, self.cancel_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.repayment_button)
        actions.addWidget(self.customer_button)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.checklist_label)
        layout.addLayout(check_row)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.appoint_button.clicked.connect(lambda: self._child(AppointmentDialog))
        self.record_button.clicked.connect(lambda: self._child(OutcomeDialog))
        self.reschedule_button.clicked.connect(lambda: self._child(RescheduleDialog))
        self.cancel_button.clicked.connect(lambda: self._child(CancelDialog))
        self.submit_button.clicked.connect(self.submit)
        self.save_checklist_button.clicked.connect(self.save_checklist)
        self.customer_button.clicked.connect(lambda: self.open_customer.emit(
            self.visit.customer_id))
        self.close_button.clicked.connect(self.accept)
        self.repayment_button.clicked.connect(lambda: self.plan_repayment.emit(self.visit))
        QShortcut(QKeySequence("Ctrl+Shift+A"), self, self.appoint_button.click)
        QShortcut(QKeySequence("Ctrl+Shift+R"), self, self.record_button.click)
        self.retranslate()
        self.show_visit(visit)
        self.resize(760, 600)

    def retranslate(self) -> None:
        self.checklist_label.setText(self.tr("Preparation checklist"))
        self.save_checklist_button.setText(self.tr("Save checklist"))
        self.appoint_button.setText(self.tr("Appointment…"))
        self.record_button.setText(self.tr("Record visit…"))
        self.submit_button.setText(self.tr("Submit for review"))
        self.reschedule_button.setText(self.tr("Reschedule…"))
        self.cancel_button.setText(self.tr("Cancel visit…"))
        self.customer_button.setText(self.tr("Open customer"))
        self.repayment_button.setText(self.tr("Repayment plan…"))
        self.repayment_button.setToolTip(self.tr("Draw up a repayment plan agreed on this visit"))
        self.close_button.setText(self.tr("Close"))
        self.appoint_button.setToolTip("Ctrl+Shift+A")
        self.record_button.setToolTip("Ctrl+Shift+R")

    def show_visit(self, v: VisitPlanView) -> None:
        self.visit = v
        self.setWindowTitle(self.tr("Visit #%1").replace("%1", str(v.id))
                            + f" — {v.customer_name}")
        self.detail.setHtml(visit_html(v))
        editable = v.status in CAN_EDIT and not self.ctx.actor.read_only
        for item, box in self.checklist.items():
            box.setChecked(item in v.checklist)
            box.setEnabled(editable)
        self.save_checklist_button.setEnabled(editable)
        writer = self.ctx.actor.can(Permission.EDIT_CUSTOMERS) and not self.ctx.actor.read_only
        self.appoint_button.setEnabled(writer and v.status in CAN_APPOINT)
        self.record_button.setEnabled(writer and v.status in CAN_RECORD)
        self.submit_button.setEnabled(writer and v.status in CAN_SUBMIT)
        self.reschedule_button.setEnabled(writer and v.status in CAN_RESCHEDULE)
        self.cancel_button.setEnabled(writer and can_cancel(v.status))
        self.repayment_button.setEnabled(writer and v.status in VISITED)

    def _child(self, cls: type[_ServiceDialog]) -> _ServiceDialog:
        dialog = cls(self.ctx, self.visit, self)  # type: ignore[call-arg]
        dialog.saved_view.connect(self._updated)
        self.child = dialog
        dialog.open()
        return dialog

    def _updated(self, view: VisitPlanView) -> None:
        self.message.hide()
        self.show_visit(view)
        self.changed.emit(view)

    def _run(self, work: Callable[[Any, Any], Any]) -> None:
        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self.message.setText("\n".join(exc.fields.values()))
                self.message.show()
                return
            show_error(self, exc)
        self.ctx.run(work, self._updated, widget=self, on_error=failed, changes=VISIT_CHANGES)

    def submit(self) -> None:
        actor, vid, version = self.ctx.actor, self.visit.id, self.visit.version
        self._run(lambda uow, _p: svc.submit_visit(uow, actor, vid, version))

    def save_checklist(self) -> None:
        items = frozenset(i for i, b in self.checklist.items() if b.isChecked())
        actor, vid, version = self.ctx.actor, self.visit.id, self.visit.version
        self._run(lambda uow, _p: svc.update_visit(uow, actor, vid, version, checklist=items))


__all__ = ["AppointmentDialog", "CancelDialog", "OutcomeDialog", "PlanDialog", "RescheduleDialog",
           "ReviewDialog", "VisitDialog", "visit_html", "visit_staff"]
