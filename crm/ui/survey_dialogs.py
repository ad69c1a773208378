"""满意度调查 forms: keyboard-only answer entry, remediation case, feedback, template editor.

The entry form (录入问卷) is keyboard first, like 记录联系: type a paper survey code or find the
customer, pick the channel, then one row per question — digits for scores, an option number
for single choice, free text — Tab walks them and Ctrl+Enter saves. What is wrong is said in
Chinese next to the question (crm.domain.surveys.validate_answers, checked again by the
service), and nothing typed is lost. After saving, the form says what the loop did: a
remediation case opened, suggestions filed as feedback, or a thank-you that may be recorded.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QFileDialog, QGridLayout, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from crm.domain.compliance import local_today
from crm.domain.enums import (
    Adoption, CaseStatus, FeedbackKind, FeedbackStatus, QuestionKind, SurveyChannel,
    SurveyDimension,
)
from crm.domain.errors import ValidationError
from crm.domain.surveys import (
    ALLOWED_KINDS, DIMENSION_ORDER, LIKERT_LABELS, AnswerInput, QuestionDef, TemplateDraft,
    parse_score, template_problems, validate_answers,
)
from crm.ui.context import AppContext
from crm.ui.dates import qdate
from crm.ui.errors import show_error

ERROR_STYLE = "color: #b00020"
DONE_STYLE = "color: #1b6e2a; font-weight: bold"
GENERAL_FIELDS = ("customer_id", "survey_code", "template_id", "collected_at", "answers",
                  "visit_id", "follow_up_of")


def enum_data(box: QComboBox, cls: Any) -> Any:
    """The combo's current enum member (Qt hands a StrEnum back as its plain str), or None."""
    value = box.currentData()
    return cls(value) if value else None


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _error_label(name: str) -> QLabel:
    label = QLabel(objectName=name, wordWrap=True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class CustomerPicker(QWidget):
    """Search by name, ID number, phone or loan number (as the other dialogs do), then choose."""

    chosen = Signal(object)    # customer id or None

    def __init__(self, ctx: AppContext, prefix: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.search = QLineEdit(objectName=f"{prefix}CustomerSearch")
        self.find_button = QPushButton(objectName=f"{prefix}CustomerFind")
        self.customer = QComboBox(objectName=f"{prefix}Customer")
        self.customer.setMinimumContentsLength(22)
        self.customer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.find_button)
        row.addWidget(self.customer, 2)
        self.search.returnPressed.connect(self.find)
        self.find_button.clicked.connect(self.find)
        self.customer.currentIndexChanged.connect(lambda _i: self.chosen.emit(self.customer_id()))
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Name, ID number, phone or loan number"))
        self.find_button.setText(self.tr("Find"))

    def customer_id(self) -> int | None:
        return self.customer.currentData()

    def customer_name(self) -> str:
        return str(self.customer.currentText()).split("  ")[0]

    def set_customer(self, customer_id: int | None, name: str = "") -> None:
        self.customer.blockSignals(True)
        self.customer.clear()
        if customer_id is not None:
            self.customer.addItem(name, customer_id)
        self.customer.blockSignals(False)
        self.chosen.emit(customer_id)

    def find(self) -> None:
        from crm.queries.customers import CustomerFilter, customer_page
        text, actor = self.search.text().strip(), self.ctx.actor
        if not text:
            return
        self.ctx.run(lambda uow, _p: customer_page(uow.session, actor, CustomerFilter(text=text),
                                                   sort="name", limit=30).rows,
                     self._on_found, widget=self)

    def _on_found(self, rows: list[Any]) -> None:
        self.customer.blockSignals(True)
        self.customer.clear()
        for r in rows:
            self.customer.addItem(f"{r.name}  {r.id_masked}  {r.owner_name}", r.id)
        self.customer.blockSignals(False)
        self.chosen.emit(self.customer_id())
        if rows:
            self.customer.setFocus()
        else:
            self.customer.setPlaceholderText(self.tr("No customer in your scope matches “%1”.")
                                             .replace("%1", self.search.text().strip()))


class _QuestionRow:
    """One question's widgets: the text, the input, a hint and the error next to it."""

    def __init__(self, q: QuestionDef) -> None:
        self.q = q
        self.text = QLabel(f"{q.seq}. {q.text}" + ("" if q.required else "（选答）"),
                           wordWrap=True, objectName=f"surveyQ{q.seq}Text")
        self.text.setMinimumWidth(360)
        self.hint = QLabel(objectName=f"surveyQ{q.seq}Hint")
        self.hint.setStyleSheet("color: #555")
        self.error = _error_label(f"surveyQ{q.seq}Error")
        self.input: QWidget
        if q.kind in (QuestionKind.LIKERT5, QuestionKind.SCALE10):
            box = QLineEdit(objectName=f"surveyQ{q.seq}")
            box.setMaxLength(3)
            box.setFixedWidth(64)
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if q.kind is QuestionKind.LIKERT5:
                box.setPlaceholderText("1–5")
                self.hint.setText("  ".join(f"{i}={t}" for i, t in enumerate(LIKERT_LABELS, 1)))
            else:
                box.setPlaceholderText("0–10")
                self.hint.setText("0=完全不可能 … 10=非常可能")
            box.textEdited.connect(lambda _t: _say(self.error, ""))
            self.input = box
        elif q.kind is QuestionKind.CHOICE:
            combo = QComboBox(objectName=f"surveyQ{q.seq}")
            combo.addItem("", "")
            for i, c in enumerate(q.choices, 1):
                combo.addItem(f"{i}. {c}", c)
            combo.currentIndexChanged.connect(lambda _i: _say(self.error, ""))
            self.hint.setText("按数字键选择")
            self.input = combo
        else:
            edit = QPlainTextEdit(objectName=f"surveyQ{q.seq}", tabChangesFocus=True)
            edit.setFixedHeight(52)
            edit.textChanged.connect(lambda: _say(self.error, ""))
            self.input = edit

    def answer(self) -> tuple[AnswerInput | None, str | None]:
        q, w = self.q, self.input
        if isinstance(w, QLineEdit):
            try:
                score = parse_score(w.text())
            except ValueError:
                return None, f"{q.label}：请填写数字分数"
            return (AnswerInput(q.id, score=score) if score is not None else None), None
        if isinstance(w, QComboBox):
            choice = w.currentData()
            return (AnswerInput(q.id, choice=choice) if choice else None), None
        assert isinstance(w, QPlainTextEdit)
        text = w.toPlainText().strip()
        return (AnswerInput(q.id, text=text) if text else None), None

    def clear(self) -> None:
        w = self.input
        if isinstance(w, QLineEdit):
            w.clear()
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(0)
        elif isinstance(w, QPlainTextEdit):
            w.clear()
        _say(self.error, "")


class SurveyEntryForm(QWidget):
    """录入问卷: one response, typed from the phone, the counter, a visit or a paper sheet."""

    saved = Signal(object)      # ResponseRecord

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 paper_tools: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.templates: list[Any] = []
        self.rows: list[_QuestionRow] = []
        self.invitation: Any = None
        self.visit_id: int | None = None
        self.follow_up_of: int | None = None
        self.last: Any = None           # the last ResponseRecord saved
        self.setObjectName("surveyEntryForm")

        self.code = QLineEdit(objectName="surveyCode")
        self.code.setMaxLength(20)
        self.code_button = QPushButton(objectName="surveyCodeRead")
        self.picker = CustomerPicker(ctx, "survey")
        self.customer_note = QLabel(objectName="surveyCustomerNote", wordWrap=True)
        self.customer_note.setStyleSheet("color: #555")
        self.template = QComboBox(objectName="surveyTemplate")
        self.template.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.channel = QComboBox(objectName="surveyChannel")
        for ch in SurveyChannel:
            self.channel.addItem(ch.label, ch)
        self.channel.setCurrentIndex(list(SurveyChannel).index(SurveyChannel.PHONE))
        self.follow_label = QLabel(objectName="surveyFollowUp", wordWrap=True)
        self.follow_label.setStyleSheet("color: #1a5fb4")
        self.follow_label.hide()
        self.general_error = _error_label("surveyError")
        self.result = QLabel(objectName="surveyResult", wordWrap=True)
        self.result.setStyleSheet(DONE_STYLE)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.thank_button = QPushButton(objectName="surveyThank")
        self.thank_button.hide()
        self.save_button = QPushButton(objectName="surveySave")
        self.save_button.setDefault(True)
        self.clear_button = QPushButton(objectName="surveyClear")

        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.code_button)
        code_row.addStretch(2)
        # paper sheets in bulk (the 满意度调查 page only): import a filled-in Excel sheet, or
        # download the blank one to fill in
        self.import_button = QPushButton(objectName="surveyImportPaper")
        self.template_button = QPushButton(objectName="surveyAnswerTemplate")
        if paper_tools:
            code_row.addWidget(self.import_button)
            code_row.addWidget(self.template_button)
            self.import_button.setEnabled(not ctx.actor.read_only and _can_edit(ctx))
        else:
            self.import_button.hide()
            self.template_button.hide()
        code_widget = QWidget()
        code_widget.setLayout(code_row)
        code_row.setContentsMargins(0, 0, 0, 0)
        for key, widget in (("code", code_widget), ("customer", self.picker),
                            ("note", self.customer_note), ("template", self.template),
                            ("channel", self.channel), ("follow", self.follow_label)):
            label = QLabel()
            self.labels[key] = label
            self.form.addRow(label, widget)
        self.form.setRowVisible(self.follow_label, False)

        self.questions = QWidget(objectName="surveyQuestions")
        self.grid = QGridLayout(self.questions)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 2)
        self.scroll = QScrollArea(objectName="surveyScroll", widgetResizable=True)
        self.scroll.setWidget(self.questions)
        self.empty = QLabel(objectName="surveyEmpty", wordWrap=True,
                            alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; padding: 20px")

        buttons = QHBoxLayout()
        buttons.addWidget(self.result, 1)
        buttons.addWidget(self.thank_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

        self.code.returnPressed.connect(self.read_code)
        self.code_button.clicked.connect(self.read_code)
        self.picker.chosen.connect(self._on_customer_chosen)
        self.template.currentIndexChanged.connect(lambda _i: self._build_questions())
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(lambda: self.clear(keep_customer=False))
        self.thank_button.clicked.connect(self.thank)
        self.import_button.clicked.connect(lambda: self.import_paper())
        self.template_button.clicked.connect(lambda: self.download_template())
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self.save,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_button.setEnabled(not ctx.actor.read_only and _can_edit(ctx))
        self.retranslate()
        self.load_templates()

    def retranslate(self) -> None:
        texts = {"code": self.tr("Paper survey &code"), "customer": self.tr("C&ustomer"),
                 "note": "", "template": self.tr("&Questionnaire"),
                 "channel": self.tr("C&hannel"), "follow": self.tr("Follow-up of")}
        for key, text in texts.items():
            self.labels[key].setText(text)
        for key, widget in (("code", self.code), ("customer", self.picker.search),
                            ("template", self.template), ("channel", self.channel)):
            self.labels[key].setBuddy(widget)
        self.code.setPlaceholderText(self.tr("e.g. S2612-7KQ4MZ-P; Enter fills in the customer"))
        self.code_button.setText(self.tr("Read code"))
        self.save_button.setText(self.tr("Save (Ctrl+Enter)"))
        self.clear_button.setText(self.tr("Clear"))
        self.thank_button.setText(self.tr("Record thanks…"))
        self.import_button.setText(self.tr("Import paper answers…"))
        self.import_button.setToolTip(self.tr(
            "Import a filled-in answer sheet (Excel): one row per paper questionnaire, keyed "
            "by its survey code; rows with problems are refused with the reason"))
        self.template_button.setText(self.tr("Download answer template…"))
        self.template_button.setToolTip(self.tr(
            "A blank Excel sheet for the selected questionnaire, laid out as the import reads "
            "it, with the codes of printed sheets not yet entered"))
        self.picker.retranslate()

    # -- loading ------------------------------------------------------------------------------
    def load_templates(self) -> None:
        from crm.services.surveys import ensure_default_template, list_templates
        actor = self.ctx.actor

        def work(uow: Any, _p: Any) -> Any:
            ensure_default_template(uow)
            return list_templates(uow, actor)
        self.ctx.run(work, self._on_templates, widget=self)

    def _on_templates(self, templates: list[Any]) -> None:
        current = self.template.currentData()
        self.templates = templates
        self.template.blockSignals(True)
        self.template.clear()
        for t in templates:
            self.template.addItem(t.title, t.id)
        if self.template.findData(current) >= 0:
            self.template.setCurrentIndex(self.template.findData(current))
        self.template.blockSignals(False)
        self._build_questions()

    def template_view(self) -> Any:
        tid = self.invitation.template_id if self.invitation else self.template.currentData()
        return next((t for t in self.templates if t.id == tid), None)

    def _build_questions(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = []
        t = self.template_view()
        self.empty.setText(self.tr("No active questionnaire. An administrator can add one "
                                   "on the Templates tab."))
        self.empty.setVisible(t is None)
        self.scroll.setVisible(t is not None)
        if t is None:
            return
        previous: QWidget = self.channel
        for i, q in enumerate(t.questions):
            row = _QuestionRow(q)
            self.rows.append(row)
            self.grid.addWidget(row.text, 2 * i, 0)
            self.grid.addWidget(row.input, 2 * i, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(row.error, 2 * i, 2)
            self.grid.addWidget(row.hint, 2 * i + 1, 0, 1, 2)
            QWidget.setTabOrder(previous, row.input)
            previous = row.input
        QWidget.setTabOrder(previous, self.save_button)
        self.grid.setRowStretch(2 * len(t.questions), 1)

    # -- presets ------------------------------------------------------------------------------
    def preset(self, customer_id: int, customer_name: str, *,
               channel: SurveyChannel | None = None, visit_id: int | None = None,
               follow_up_of: int | None = None) -> None:
        """Start a response for a known customer (a visit, a closed case's follow-up)."""
        self.clear(keep_customer=False)
        self.visit_id, self.follow_up_of = visit_id, follow_up_of
        if channel is not None:
            self.channel.setCurrentIndex(list(SurveyChannel).index(channel))
        self.picker.set_customer(customer_id, customer_name)
        self.form.setRowVisible(self.follow_label, follow_up_of is not None)
        if follow_up_of is not None:
            self.follow_label.setText(self.tr("Remediation case #%1: this follow-up survey "
                                              "checks the remedy worked, so the 30-day rule "
                                              "does not apply.").replace("%1", str(follow_up_of)))
        if self.rows:
            self.rows[0].input.setFocus()

    def read_code(self) -> None:
        from crm.services.surveys import find_invitation
        raw, actor = self.code.text().strip(), self.ctx.actor
        _say(self.general_error, "")
        if not raw:
            self.invitation = None
            return
        self.ctx.run(lambda uow, _p: find_invitation(uow, actor, raw), self._on_invitation,
                     widget=self, on_error=self._on_failed)

    def _on_invitation(self, inv: Any) -> None:
        self.invitation = inv
        self.code.setText(inv.code)
        if inv.response_id is not None:
            _say(self.general_error, self.tr("The answers for survey code %1 were already "
                                             "entered.").replace("%1", inv.code))
        self.channel.setCurrentIndex(list(SurveyChannel).index(inv.channel))
        self.follow_up_of = inv.case_id
        self.picker.set_customer(inv.customer_id, inv.customer_name)
        self._build_questions()
        if self.rows:
            self.rows[0].input.setFocus()

    def _on_customer_chosen(self, customer_id: int | None) -> None:
        from crm.services.surveys import last_surveyed, survey_blocked_until
        _say(self.general_error, "")
        if self.invitation is not None and customer_id != self.invitation.customer_id:
            self.invitation = None
            self.code.clear()
            self._build_questions()
        if customer_id is None:
            self.customer_note.setText("")
            return

        def work(uow: Any, _p: Any) -> Any:
            return last_surveyed(uow.session, customer_id), survey_blocked_until(uow.session,
                                                                                 customer_id)
        self.ctx.run(work, self._on_history, widget=self)

    def _on_history(self, result: Any) -> None:
        from crm.ui.table_model import display
        last, blocked = result
        if last is None:
            self.customer_note.setText(self.tr("Not surveyed before."))
        elif blocked is None or self.follow_up_of is not None:
            self.customer_note.setText(self.tr("Last surveyed %1.").replace("%1", display(last)))
        else:
            self.customer_note.setText(
                self.tr("Last surveyed %1; not again before %2 (the minimum gap), except a "
                        "follow-up of a remediation case.")
                .replace("%1", display(last)).replace("%2", blocked.isoformat()))

    # -- saving -------------------------------------------------------------------------------
    def collect(self) -> tuple[list[AnswerInput], dict[str, str]]:
        answers, errors = [], {}
        for row in self.rows:
            answer, problem = row.answer()
            if problem:
                errors[f"q{row.q.seq}"] = problem
            elif answer is not None:
                answers.append(answer)
        return answers, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        first: QWidget | None = None
        for row in self.rows:
            msg = errors.get(f"q{row.q.seq}", "")
            _say(row.error, msg)
            if msg and first is None:
                first = row.input
        general = [errors[k] for k in errors if not k.startswith("q") or k == "questions"]
        _say(self.general_error, "\n".join(general))
        if first is not None:
            first.setFocus()
            self.scroll.ensureWidgetVisible(first)
        elif "customer_id" in errors:
            self.picker.search.setFocus()
        elif "survey_code" in errors:
            self.code.setFocus()

    def save(self) -> None:
        from crm.services.surveys import ResponseDraft, record_response
        if not self.save_button.isEnabled():
            return
        self.result.setText("")
        self.thank_button.hide()
        t = self.template_view()
        customer_id = self.picker.customer_id()
        answers, errors = self.collect()
        if t is not None:      # a score that is not a number is named as such, the rest checked
            _clean, checked = validate_answers(t.questions, answers)
            errors = {**checked, **errors} if errors else checked
            if errors and "answers" in errors and len(errors) > 1:
                del errors["answers"]
        if customer_id is None:
            errors["customer_id"] = self.tr("Choose the customer, or type the paper survey code")
        if t is None:
            errors["template_id"] = self.tr("Choose a questionnaire")
        if errors:
            self.show_errors(errors)
            return
        self.show_errors({})
        draft = ResponseDraft(customer_id, enum_data(self.channel, SurveyChannel), tuple(answers),
                              template_id=t.id, visit_id=self.visit_id,
                              survey_code=self.invitation.code if self.invitation else None,
                              follow_up_of=self.follow_up_of)
        actor = self.ctx.actor
        self.save_button.setEnabled(False)
        self.ctx.run(lambda uow, _p: record_response(uow, actor, draft), self._on_saved,
                     widget=self, on_error=self._on_failed,
                     changes=frozenset({"surveys", "tasks", "customers"}))

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.fields)
        elif hasattr(exc, "message"):
            _say(self.general_error, exc.message)  # type: ignore[attr-defined]
        else:
            show_error(self, exc)

    def _on_saved(self, record: Any) -> None:
        self.save_button.setEnabled(True)
        self.last = record
        name = self.picker.customer_name()
        parts = [self.tr("Saved response #%1 for %2 (%3).").replace("%1", str(record.id))
                 .replace("%2", name).replace("%3", record.template_title)]
        if record.case_id is not None:
            parts.append(self.tr("Remediation case #%1 opened (%2); the manager and the "
                                 "supervisor see it under Remediation cases.")
                         .replace("%1", str(record.case_id))
                         .replace("%2", "；".join(record.summary.triggers)))
        if record.feedback_ids:
            parts.append(self.tr("Suggestion filed as feedback #%1.")
                         .replace("%1", "、#".join(str(i) for i in record.feedback_ids)))
        if record.summary.positive:
            parts.append(self.tr("A positive response: you may record a thank-you."))
            self.thank_button.show()
        self.result.setText("\n".join(parts))
        self.clear(keep_customer=False, keep_result=True)
        self.saved.emit(record)

    # -- paper sheets in bulk --------------------------------------------------------------
    def download_template(self, path: str | None = None) -> None:
        """Save the blank answer sheet of the selected questionnaire (答卷模板)."""
        from crm.importing.survey_answers import write_answer_template

        t = self.template_view()
        if path is None:
            name = f"答卷模板-{t.code if t else '满意度调查'}.xlsx"
            path, _f = QFileDialog.getSaveFileName(self, self.tr("Save answer template"), name,
                                                   self.tr("Excel workbook (*.xlsx)"))
            if not path:
                return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        db, actor, template_id = self.ctx.db, self.ctx.actor, t.id if t else None
        self.ctx.runner.run(lambda _p: write_answer_template(db, actor, path, template_id),
                            self._on_template_written, lambda e: show_error(self, e),
                            label=self.tr("Writing the answer template…"), widget=self)

    def _on_template_written(self, result: Any) -> None:
        self.last_template = result
        text = (self.tr("Answer template saved: %1 (%2 questions; %3 printed sheets not yet "
                        "entered are listed)") if result.prefilled else
                self.tr("Answer template saved: %1 (%2 questions; no printed sheet is "
                        "waiting to be entered)"))
        _say(self.result, text.replace("%1", str(result.path))
             .replace("%2", str(result.questions)).replace("%3", str(result.prefilled)))

    def import_paper(self, path: str | None = None) -> None:
        """Import a filled-in answer sheet; say what happened, offer the error report."""
        from crm.importing.survey_answers import import_survey_answers, open_answers

        if path is None:
            path, _f = QFileDialog.getOpenFileName(
                self, self.tr("Import paper answers"), "",
                self.tr("Spreadsheets (*.xlsx *.xlsm *.xls *.csv)"))
            if not path:
                return
        db, actor = self.ctx.db, self.ctx.actor

        def job(progress: Any) -> Any:
            source = open_answers(path)
            report = import_survey_answers(db, actor, path, source=source, progress=progress,
                                           cancel=lambda: progress.cancelled)
            return report, source

        self.ctx.runner.run(job, self._on_imported, lambda e: show_error(self, e),
                            label=self.tr("Importing paper answers…"), widget=self)

    def _on_imported(self, result: Any) -> None:
        report, source = result
        self.last_import = report
        _say(self.result, report.summary())
        self.ctx.signals.data_changed.emit(frozenset({"surveys", "cases", "feedback", "tasks"}))
        if not report.errors:
            return
        more = len(report.errors) - 8
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import paper answers"),
                          report.summary(), parent=self)
        box.setObjectName("surveyImportProblems")
        box.setInformativeText("\n".join(i.message for i in report.errors[:8])
                               + (self.tr("\n… and %1 more: save the error report to see all")
                                  .replace("%1", str(more)) if more > 0 else ""))
        save = box.addButton(self.tr("Save error report…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.buttonClicked.connect(
            lambda b: self.save_error_report(report, source) if b is save else None)
        self.problems_box = box
        box.open()

    def save_error_report(self, report: Any, source: Any, path: str | None = None) -> None:
        from crm.importing.report import write_error_report

        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, self.tr("Save error report"),
                                                   "问卷答案-错误报告.xlsx",
                                                   self.tr("Excel workbook (*.xlsx)"))
            if not path:
                return
        self.ctx.runner.run(lambda _p: write_error_report(report, source, path),
                            lambda _n: None, lambda e: show_error(self, e), widget=self)

    def clear(self, keep_customer: bool = True, keep_result: bool = False) -> None:
        for row in self.rows:
            row.clear()
        _say(self.general_error, "")
        if not keep_result:
            self.result.setText("")
            self.thank_button.hide()
        if not keep_customer:
            self.invitation = None
            self.visit_id = self.follow_up_of = None
            self.code.clear()
            self.picker.search.clear()
            self.picker.set_customer(None)
            self.form.setRowVisible(self.follow_label, False)
            self._build_questions()
            self.code.setFocus()

    def thank(self) -> None:
        from crm.services.surveys import mark_thanked
        if self.last is None:
            return
        note, ok = QInputDialog.getText(self, self.tr("Record thanks"),
                                        self.tr("Thank-you or loyalty action"))
        if not ok:
            return
        rid, actor = self.last.id, self.ctx.actor
        self.ctx.run(lambda uow, _p: mark_thanked(uow, actor, rid, note),
                     lambda _v: self._on_thanked(), widget=self, changes=frozenset({"surveys"}))

    def _on_thanked(self) -> None:
        self.thank_button.hide()
        self.result.setText(self.result.text() + "\n" + self.tr("Thank-you recorded."))


def _can_edit(ctx: AppContext) -> bool:
    from crm.domain.actors import Permission
    return ctx.actor.can(Permission.EDIT_CUSTOMERS)


class SurveyEntryDialog(QDialog):
    """The entry form on its own, preset to a customer (from a visit record)."""

    def __init__(self, ctx: AppContext, customer_id: int, customer_name: str,
                 parent: QWidget | None = None, *, channel: SurveyChannel = SurveyChannel.VISIT,
                 visit_id: int | None = None, follow_up_of: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyEntryDialog")
        self.setWindowTitle(self.tr("Satisfaction survey") + f" — {customer_name}")
        self.resize(900, 700)
        self.form = SurveyEntryForm(ctx, self)
        self.form.preset(customer_id, customer_name, channel=channel, visit_id=visit_id,
                         follow_up_of=follow_up_of)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(buttons)


# ---- remediation case ------------------------------------------------------------------------

class _SavingDialog(QDialog):
    """A dialog that saves on the worker: closes with the saved view as `result`, or shows
    the service's Chinese message in its `error` label and stays open."""

    error: QLabel

    def _failed(self, exc: BaseException) -> None:
        if hasattr(exc, "message"):
            _say(self.error, exc.message)  # type: ignore[attr-defined]
        else:
            show_error(self, exc)

    def _done(self, view: Any) -> None:
        self.result = view  # type: ignore[assignment]
        self.accept()


class CaseDialog(_SavingDialog):
    """整改工单: what triggered it, root cause, action taken, outcome; close with a follow-up."""

    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.result: Any = None
        self.today = today or local_today()
        self.setObjectName("caseDialog")
        self.setMinimumWidth(620)
        closed = case.status is CaseStatus.CLOSED
        self.header = QLabel(objectName="caseHeader", wordWrap=True)
        self.root_cause = QPlainTextEdit(case.root_cause, objectName="caseRootCause",
                                         tabChangesFocus=True)
        self.action = QPlainTextEdit(case.action_taken, objectName="caseAction",
                                     tabChangesFocus=True)
        self.outcome = QPlainTextEdit(case.outcome, objectName="caseOutcome",
                                      tabChangesFocus=True)
        for w in (self.root_cause, self.action, self.outcome):
            w.setFixedHeight(64)
            w.setReadOnly(closed)
        self.follow_up = QCheckBox(objectName="caseFollowUp", checked=True)
        self.follow_up_on = QDateEdit(qdate(self.today + timedelta(days=14)),
                                      objectName="caseFollowUpOn", calendarPopup=True,
                                      displayFormat="yyyy-MM-dd")
        self.follow_up.toggled.connect(self.follow_up_on.setEnabled)
        self.errors = {k: _error_label(f"caseError_{k}")
                       for k in ("root_cause", "action_taken", "outcome", "follow_up_on")}
        self.general_error = _error_label("caseError")
        form = QFormLayout()
        self.labels = {k: QLabel() for k in ("root", "action", "outcome", "follow")}
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.follow_up_on)
        follow_row.addStretch(1)
        for key, widget, err in (("root", self.root_cause, "root_cause"),
                                 ("action", self.action, "action_taken"),
                                 ("outcome", self.outcome, "outcome")):
            form.addRow(self.labels[key], widget)
            form.addRow("", self.errors[err])
            self.labels[key].setBuddy(widget)
        follow_widget = QWidget()
        follow_widget.setLayout(follow_row)
        follow_row.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.labels["follow"], follow_widget)
        form.addRow("", self.errors["follow_up_on"])
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ApplyRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setObjectName("caseSave")
        self.close_button.setObjectName("caseClose")
        self.save_button.clicked.connect(self.save_progress)
        self.close_button.clicked.connect(self.close_case)
        self.buttons.rejected.connect(self.reject)
        for b in (self.save_button, self.close_button):
            b.setVisible(not closed and _can_edit(ctx) and not ctx.actor.read_only)
        follow_widget.setVisible(not closed)
        self.labels["follow"].setVisible(not closed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save_progress)
        self.retranslate()

    def retranslate(self) -> None:
        c = self.case
        self.setWindowTitle(self.tr("Remediation case #%1").replace("%1", str(c.id))
                            + f" — {c.customer_name}")
        state = c.status.label + ("（" + self.tr("overdue") + "）" if c.overdue(self.today) else "")
        self.header.setText(
            f"<b>{c.customer_name}</b> · {state}<br>"
            + self.tr("Why: %1").replace("%1", c.trigger) + "<br>"
            + self.tr("Due: %1").replace("%1", c.due_on.isoformat())
            + ("　" + self.tr("escalated to the supervisor") if c.escalated else ""))
        self.labels["root"].setText(self.tr("&Root cause"))
        self.labels["action"].setText(self.tr("&Action taken"))
        self.labels["outcome"].setText(self.tr("&Outcome"))
        self.labels["follow"].setText(self.tr("Follow-up survey"))
        self.follow_up.setText(self.tr("Survey again on"))
        self.save_button.setText(self.tr("Save progress"))
        self.close_button.setText(self.tr("Close case"))

    def _fields(self) -> dict[str, str]:
        return {"root_cause": self.root_cause.toPlainText(),
                "action_taken": self.action.toPlainText(),
                "outcome": self.outcome.toPlainText()}

    def _show(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            _say(label, errors.get(key, ""))
        _say(self.general_error, "\n".join(v for k, v in errors.items() if k not in self.errors))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._show(exc.fields)
        elif hasattr(exc, "message"):
            self._show({"error": exc.message})  # type: ignore[attr-defined]
        else:
            show_error(self, exc)

    def save_progress(self) -> None:
        from crm.services.surveys import update_case
        cid, ver, actor, f = self.case.id, self.case.version, self.ctx.actor, self._fields()
        self.ctx.run(lambda uow, _p: update_case(uow, actor, cid, ver, **f), self._done,
                     widget=self, on_error=self._failed, changes=frozenset({"surveys"}))

    def close_case(self) -> None:
        from crm.services.surveys import close_case
        cid, ver, actor, f = self.case.id, self.case.version, self.ctx.actor, self._fields()
        on = pydate(self.follow_up_on.date()) if self.follow_up.isChecked() else None
        self.ctx.run(lambda uow, _p: close_case(uow, actor, cid, ver, follow_up_on=on, **f),
                     self._done, widget=self, on_error=self._failed,
                     changes=frozenset({"surveys", "tasks"}))


# ---- feedback --------------------------------------------------------------------------------

FEEDBACK_CHANNELS = ("电话", "网点", "上门", "纸质", "邮件", "微信", "其他")


class FeedbackDialog(_SavingDialog):
    """新增反馈 (complaint / suggestion / praise) or 处理反馈 (resolution, adoption decision)."""

    def __init__(self, ctx: AppContext, feedback: Any = None, parent: QWidget | None = None,
                 *, customer_id: int | None = None, customer_name: str = "") -> None:
        super().__init__(parent)
        from crm.domain.actors import Permission
        self.ctx = ctx
        self.feedback = feedback
        self.result: Any = None
        self.setObjectName("feedbackDialog")
        self.setMinimumWidth(640)
        new = feedback is None
        self.kind = QComboBox(objectName="feedbackKind")
        for k in FeedbackKind:
            self.kind.addItem(k.label, k)
        self.picker = CustomerPicker(ctx, "feedback")
        if customer_id is not None:
            self.picker.set_customer(customer_id, customer_name)
        self.category = QLineEdit(objectName="feedbackCategory")
        self.channel = QComboBox(objectName="feedbackChannel", editable=True)
        self.channel.addItems(FEEDBACK_CHANNELS)
        self.content = QPlainTextEdit(objectName="feedbackContent", tabChangesFocus=True)
        self.content.setFixedHeight(80)
        self.has_due = QCheckBox(objectName="feedbackHasDue")
        self.due_on = QDateEdit(qdate(local_today() + timedelta(days=5)),
                                objectName="feedbackDueOn", calendarPopup=True,
                                displayFormat="yyyy-MM-dd", enabled=False)
        self.has_due.toggled.connect(self.due_on.setEnabled)
        self.status = QComboBox(objectName="feedbackStatus")
        for s in FeedbackStatus:
            self.status.addItem(s.label, s)
        self.resolution = QPlainTextEdit(objectName="feedbackResolution", tabChangesFocus=True)
        self.resolution.setFixedHeight(64)
        self.satisfaction = QComboBox(objectName="feedbackSatisfaction")
        self.satisfaction.addItem("", "")
        for i, t in enumerate(LIKERT_LABELS, 1):
            self.satisfaction.addItem(f"{i} {t}", i)
        self.adoption = QComboBox(objectName="feedbackAdoption")
        self.adoption.addItem("", "")
        for a in Adoption:
            self.adoption.addItem(a.label, a)
        self.reason = QLineEdit(objectName="feedbackReason")
        self.error = _error_label("feedbackError")
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due_on)
        due_row.addStretch(1)
        due_widget = QWidget()
        due_widget.setLayout(due_row)
        due_row.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(objectName="feedbackSummary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rows: list[tuple[str, QWidget]]
        if new:
            rows = [("kind", self.kind), ("customer", self.picker), ("category", self.category),
                    ("channel", self.channel), ("content", self.content), ("due", due_widget)]
        else:
            rows = [("summary", self.summary), ("status", self.status),
                    ("resolution", self.resolution), ("satisfaction", self.satisfaction)]
            self.decides = (feedback.kind is FeedbackKind.SUGGESTION
                            and (ctx.actor.can(Permission.REVIEW)
                                 or ctx.actor.can(Permission.MANAGE_SETTINGS)))
            if self.decides:
                rows += [("adoption", self.adoption), ("reason", self.reason)]
            self.status.setCurrentIndex(list(FeedbackStatus).index(feedback.status))
            self.resolution.setPlainText(feedback.resolution)
            if feedback.resolution_satisfaction:
                self.satisfaction.setCurrentIndex(feedback.resolution_satisfaction)
            if feedback.adoption is not None:
                self.adoption.setCurrentIndex(self.adoption.findData(feedback.adoption))
            self.reason.setText(feedback.adoption_reason)
        for key, widget in rows:
            label = QLabel()
            self.labels[key] = label
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button.setEnabled(not ctx.actor.read_only
                                    and (_can_edit(ctx) or (not new and self.decides)))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        self.retranslate()

    def retranslate(self) -> None:
        fb = self.feedback
        self.setWindowTitle(self.tr("New feedback") if fb is None
                            else self.tr("Feedback #%1").replace("%1", str(fb.id)))
        texts = {"kind": self.tr("&Kind"), "customer": self.tr("C&ustomer"),
                 "category": self.tr("Ca&tegory"), "channel": self.tr("C&hannel"),
                 "content": self.tr("&Content"), "due": self.tr("Due"),
                 "summary": self.tr("Feedback"), "status": self.tr("&Status"),
                 "resolution": self.tr("&Resolution"),
                 "satisfaction": self.tr("Customer's satisfaction with it"),
                 "adoption": self.tr("&Decision"), "reason": self.tr("Reason (required if not adopted)")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.has_due.setText(self.tr("Respond by"))
        self.category.setPlaceholderText(self.tr("e.g. 收费, 服务态度, 还款方式"))
        if fb is not None:
            self.summary.setText(f"<b>{fb.kind.label}</b> · {fb.customer_name or '—'} · "
                                 f"{fb.received_at.astimezone(_local()):%Y-%m-%d}<br>{fb.content}")

    def save(self) -> None:
        from crm.services.surveys import (
            FeedbackDraft, add_feedback, decide_feedback, update_feedback,
        )
        actor, fb = self.ctx.actor, self.feedback
        _say(self.error, "")
        if fb is None:
            draft = FeedbackDraft(enum_data(self.kind, FeedbackKind), self.content.toPlainText(),
                                  customer_id=self.picker.customer_id(),
                                  category=self.category.text(),
                                  channel=self.channel.currentText(),
                                  due_on=pydate(self.due_on.date()) if self.has_due.isChecked()
                                  else None)

            def work(uow: Any, _p: Any) -> Any:
                return add_feedback(uow, actor, draft)
        else:
            status = enum_data(self.status, FeedbackStatus)
            resolution = self.resolution.toPlainText()
            satisfaction = self.satisfaction.currentData() or None
            adoption = enum_data(self.adoption, Adoption) if self.decides else None
            reason = self.reason.text()
            can_edit = _can_edit(self.ctx)

            def work(uow: Any, _p: Any) -> Any:
                view = fb
                if adoption is not None and (adoption != fb.adoption
                                             or reason.strip() != fb.adoption_reason):
                    view = decide_feedback(uow, actor, fb.id, view.version, adoption, reason)
                if can_edit and (status != view.status or resolution.strip() != view.resolution
                                 or satisfaction != view.resolution_satisfaction):
                    view = update_feedback(uow, actor, fb.id, view.version, status=status,
                                           resolution=resolution,
                                           resolution_satisfaction=satisfaction)
                return view
        self.ctx.run(work, self._done, widget=self, on_error=self._failed,
                     changes=frozenset({"surveys", "feedback"}))


def _local() -> Any:
    from crm.domain.compliance import SHANGHAI
    return SHANGHAI


# ---- template editor ----------------------------------------------------------------------

class TemplateDialog(_SavingDialog):
    """问卷模板: name and one row per question (text, dimension, kind, options, required).
    Saving a template that already has answers makes a new version; old answers keep theirs."""

    COLUMNS = 5

    def __init__(self, ctx: AppContext, template: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template = template
        self.result: Any = None
        self.setObjectName("templateDialog")
        self.resize(980, 560)
        self.name = QLineEdit(template.name if template else "", objectName="templateName")
        self.description = QLineEdit(template.description if template else "",
                                     objectName="templateDescription")
        self.table = QTableWidget(0, self.COLUMNS, objectName="templateQuestions")
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 110)
        self.table.setColumnWidth(3, 240)
        self.table.setColumnWidth(4, 60)
        self.add_button = QPushButton(objectName="templateAdd")
        self.remove_button = QPushButton(objectName="templateRemove")
        self.up_button = QPushButton(objectName="templateUp")
        self.down_button = QPushButton(objectName="templateDown")
        self.note = QLabel(objectName="templateNote", wordWrap=True)
        self.note.setStyleSheet("color: #555")
        self.error = _error_label("templateError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self.name_label, self.description_label = QLabel(), QLabel()
        form.addRow(self.name_label, self.name)
        form.addRow(self.description_label, self.description)
        row_buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row_buttons.addWidget(b)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(lambda: self.add_question())
        self.remove_button.clicked.connect(self.remove_question)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        for q in (template.questions if template else ()):
            self.add_question(q)
        self.retranslate()

    def retranslate(self) -> None:
        t = self.template
        self.setWindowTitle(self.tr("New questionnaire") if t is None
                            else self.tr("Edit questionnaire") + f" — {t.title}")
        self.name_label.setText(self.tr("&Name"))
        self.name_label.setBuddy(self.name)
        self.description_label.setText(self.tr("&Description"))
        self.description_label.setBuddy(self.description)
        self.table.setHorizontalHeaderLabels([
            self.tr("Question"), self.tr("Dimension"), self.tr("Kind"),
            self.tr("Options (separate with ；)"), self.tr("Required")])
        self.add_button.setText(self.tr("Add question"))
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        if t is not None and t.responses:
            self.note.setText(self.tr("%1 responses use this version: saving makes version "
                                      "%2 and retires this one; old responses keep theirs.")
                              .replace("%1", str(t.responses)).replace("%2", str(t.revision + 1)))
        else:
            self.note.setText(self.tr("1–5 questions use the labels 非常不满意 … 非常满意; "
                                      "推荐意愿 is asked 0–10; 意见建议 answers become feedback."))

    def add_question(self, q: QuestionDef | None = None) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(q.text if q else ""))
        dim = QComboBox()
        for d in DIMENSION_ORDER:
            dim.addItem(d.label, d)
        kind = QComboBox()
        for k in QuestionKind:
            kind.addItem(k.label, k)
        dim.setCurrentIndex(DIMENSION_ORDER.index(q.dimension) if q else 0)
        kind.setCurrentIndex(list(QuestionKind).index(q.kind) if q else 0)
        dim.currentIndexChanged.connect(lambda _i, d=dim, k=kind: self._fit_kind(d, k))
        self.table.setCellWidget(r, 1, dim)
        self.table.setCellWidget(r, 2, kind)
        choices = "；".join(q.choices) if q and q.kind is QuestionKind.CHOICE else ""
        self.table.setItem(r, 3, QTableWidgetItem(choices))
        req = QTableWidgetItem()
        req.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                     | Qt.ItemFlag.ItemIsSelectable)
        req.setCheckState(Qt.CheckState.Checked if (q.required if q else True)
                          else Qt.CheckState.Unchecked)
        self.table.setItem(r, 4, req)
        if q is None:
            self.table.setCurrentCell(r, 0)

    @staticmethod
    def _fit_kind(dim: QComboBox, kind: QComboBox) -> None:
        allowed = ALLOWED_KINDS[enum_data(dim, SurveyDimension)]
        if enum_data(kind, QuestionKind) not in allowed:
            kind.setCurrentIndex(list(QuestionKind).index(allowed[0]))

    def remove_question(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)

    def move(self, step: int) -> None:
        r = self.table.currentRow()
        target = r + step
        if r < 0 or not 0 <= target < self.table.rowCount():
            return
        questions = self.questions()
        questions[r], questions[target] = questions[target], questions[r]
        self.table.setRowCount(0)
        for q in questions:
            self.add_question(q)
        self.table.setCurrentCell(target, 0)

    def questions(self) -> list[QuestionDef]:
        out = []
        for r in range(self.table.rowCount()):
            text = self.table.item(r, 0).text() if self.table.item(r, 0) else ""
            dim: SurveyDimension = enum_data(self.table.cellWidget(r, 1), SurveyDimension)
            kind: QuestionKind = enum_data(self.table.cellWidget(r, 2), QuestionKind)
            raw = self.table.item(r, 3).text() if self.table.item(r, 3) else ""
            parts = [p.strip() for p in raw.replace(";", "；").split("；") if p.strip()]
            if kind is QuestionKind.LIKERT5:
                parts = list(LIKERT_LABELS)
            elif kind is not QuestionKind.CHOICE:
                parts = []
            required = self.table.item(r, 4).checkState() == Qt.CheckState.Checked
            out.append(QuestionDef(r + 1, text, dim, kind, tuple(parts), required))
        return out

    def draft(self) -> TemplateDraft:
        return TemplateDraft(self.name.text(), tuple(self.questions()),
                             self.template.code if self.template else None)

    def save(self) -> None:
        from crm.services.surveys import create_template, edit_template
        draft, desc, actor, t = self.draft(), self.description.text(), self.ctx.actor, self.template
        if problems := template_problems(draft):
            _say(self.error, "\n".join(problems.values()))
            return
        _say(self.error, "")
        if t is None:
            def work(uow: Any, _p: Any) -> Any:
                return create_template(uow, actor, draft, desc)
        else:
            def work(uow: Any, _p: Any) -> Any:
                return edit_template(uow, actor, t.id, t.version, draft, desc)
        self.ctx.run(work, self._done, widget=self, on_error=self._failed,
                     changes=frozenset({"surveys"}))


# ---- settings --------------------------------------------------------------------------------

class SurveySettingsDialog(_SavingDialog):
    """调查设置 (administrator): the minimum gap between two surveys of a customer, the days a
    remediation case is due in, and how often each customer segment is surveyed."""

    def __init__(self, ctx: AppContext, settings: Any, segments: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.settings = ctx, settings
        self.result: Any = None
        self.setObjectName("surveySettingsDialog")
        self.resize(560, 430)
        self.gap = QSpinBox(objectName="settingsGap", minimum=0, maximum=366,
                            value=settings.min_days_between)
        self.due = QSpinBox(objectName="settingsCaseDue", minimum=1, maximum=30,
                            value=settings.case_due_working_days)
        self.limit = QSpinBox(objectName="settingsDailyLimit", minimum=0, maximum=1000,
                              value=settings.periodic_daily_limit)
        self.table = QTableWidget(len(segments), 2, objectName="settingsPeriods")
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 150)
        self.table.verticalHeader().hide()
        self.periods: dict[str, QSpinBox] = {}
        for row, name in enumerate(segments):
            item = QTableWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, item)
            box = QSpinBox(minimum=0, maximum=3650, singleStep=30,
                           value=settings.period_for(name) or 0)
            box.setObjectName(f"period_{row}")
            self.periods[name] = box
            self.table.setCellWidget(row, 1, box)
        self.periods_label = QLabel(objectName="settingsPeriodsLabel", wordWrap=True)
        self.note = QLabel(objectName="settingsNote", wordWrap=True)
        self.note.setStyleSheet("color: #555")
        self.error = _error_label("settingsError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self.gap_label, self.due_label = QLabel(), QLabel()
        form.addRow(self.gap_label, self.gap)
        form.addRow(self.due_label, self.due)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.periods_label)
        layout.addWidget(self.table, 1)
        limit_row = QFormLayout()
        self.limit_label = QLabel()
        limit_row.addRow(self.limit_label, self.limit)
        layout.addLayout(limit_row)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Survey settings"))
        self.gap_label.setText(self.tr("&Minimum days between two surveys of a customer"))
        self.gap_label.setBuddy(self.gap)
        self.gap.setSuffix(self.tr(" days"))
        self.due_label.setText(self.tr("Remediation case &due after"))
        self.due_label.setBuddy(self.due)
        self.due.setSuffix(self.tr(" working days"))
        self.periods_label.setText(self.tr("Periodic surveys by customer segment:"))
        self.limit_label.setText(self.tr("&New periodic survey tasks per manager per day"))
        self.limit_label.setBuddy(self.limit)
        self.limit.setSpecialValueText(self.tr("No limit"))
        self.limit.setSuffix(self.tr(" tasks"))
        self.table.setHorizontalHeaderLabels([self.tr("Customer segment"),
                                              self.tr("Survey every")])
        for box in self.periods.values():
            box.setSuffix(self.tr(" days"))
            box.setSpecialValueText(self.tr("Not periodic"))
        self.note.setText(self.tr(
            "Each day 今日工作 creates a survey task for every customer of a segment whose last "
            "survey is older than its period (never within the minimum gap, never beside an "
            "open survey task), at most the daily number per manager (the rest follow on the "
            "next days). 0 = the segment is not surveyed periodically."))

    def value(self) -> Any:
        from dataclasses import replace
        periods = tuple((name, box.value()) for name, box in self.periods.items() if box.value())
        return replace(self.settings, min_days_between=self.gap.value(),
                       case_due_working_days=self.due.value(), segment_periods=periods,
                       periodic_daily_limit=self.limit.value())

    def save(self) -> None:
        from crm.services.surveys import set_survey_settings
        value, actor = self.value(), self.ctx.actor
        if problems := value.problems():
            _say(self.error, "\n".join(problems.values()))
            return
        _say(self.error, "")
        self.ctx.run(lambda uow, _p: set_survey_settings(uow, actor, value), self._done,
                     widget=self, on_error=self._failed, changes=frozenset({"surveys"}))


__all__ = ["CaseDialog", "CustomerPicker", "FeedbackDialog", "SurveyEntryDialog",
           "SurveyEntryForm", "SurveySettingsDialog", "TemplateDialog"]
