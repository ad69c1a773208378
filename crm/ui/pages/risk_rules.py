"""风险规则: thresholds, weights, severity and on/off of each rule, level cut-offs and the
five-tier suggestion thresholds; saving makes a new, audited version."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog,
    QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from crm.domain.actors import Permission
from crm.domain.classification import TierThresholds
from crm.domain.enums import RiskLevel
from crm.domain.risk import RuleDef, RuleSet, format_tiers, parse_tiers
from crm.queries.risk import rule_set_in_use
from crm.services.risk import ensure_rule_set, save_rule_set
from crm.ui.context import AppContext

ON, NAME, SEVERITY, WEIGHT, THRESHOLD, WINDOW = range(6)


class RiskRulesPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rs: RuleSet | None = None
        self.editable = ctx.actor.can(Permission.MANAGE_SETTINGS) and not ctx.actor.read_only
        self.version = QLabel(objectName="rulesVersion")
        self.table = QTableWidget(0, 6, objectName="rulesTable")
        self.table.verticalHeader().hide()
        self.levels = {k: QSpinBox(objectName=f"level_{k}", maximum=100)
                       for k in ("medium", "high", "critical")}
        self.tiers = {k: QSpinBox(objectName=f"tier_{k}", maximum=3650)
                      for k in ("special_mention_from", "substandard_after", "doubtful_after",
                                "loss_after")}
        self.policy = QLabel(objectName="tierPolicyWarning", wordWrap=True)
        self.policy.setStyleSheet("color: #b00020; font-weight: bold")
        self.save_button = QPushButton(objectName="rulesSave")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.save_button.setVisible(self.editable)
        self.level_box, self.tier_box = QGroupBox(), QGroupBox()
        self.level_form, self.tier_form = QFormLayout(self.level_box), QFormLayout(self.tier_box)
        for k, spin in self.levels.items():
            self.level_form.addRow(RiskLevel(k).label, spin)
        self.tier_labels = [QLabel() for _ in self.tiers]
        for label, spin in zip(self.tier_labels, self.tiers.values()):
            self.tier_form.addRow(label, spin)
        self.tier_form.addRow(self.policy)
        for w in (*self.levels.values(), *self.tiers.values()):
            w.setEnabled(self.editable)
        boxes = QHBoxLayout()
        boxes.addWidget(self.level_box)
        boxes.addWidget(self.tier_box, 1)
        top = QHBoxLayout()
        top.addWidget(self.version, 1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(boxes)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("On"), self.tr("Rule"), self.tr("Severity"), self.tr("Points"),
            self.tr("Threshold or tiers (value:points)"), self.tr("Window (days)")])
        self.level_box.setTitle(self.tr("Level cut-offs (score from)"))
        self.tier_box.setTitle(self.tr("Suggested five-tier class (overdue days)"))
        texts = (self.tr("Special mention from day"), self.tr("Substandard after"),
                 self.tr("Doubtful after"), self.tr("Loss after"))
        for label, text in zip(self.tier_labels, texts):
            label.setText(text)
        self.policy.setText(self.tr("To be confirmed against the bank's own policy: these "
                                    "thresholds only suggest a class."))
        self.save_button.setText(self.tr("Save as new version…"))
        self._show_version()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_version(self) -> None:
        if self.rs is not None:
            self.version.setText(self.tr("Rule set version %1").replace("%1", str(self.rs.version))
                                 + (f"：{self.rs.note}" if self.rs.note else ""))

    def refresh(self) -> None:
        editable = self.editable

        def work(uow: Any, _p: Any) -> RuleSet | None:
            return ensure_rule_set(uow) if editable else rule_set_in_use(uow.session)
        self.ctx.run(work, self._on_loaded, widget=self)

    def _on_loaded(self, rs: RuleSet | None) -> None:
        self.rs = rs
        if rs is None:
            self.version.setText(self.tr("No rule set yet: it is created at the first recompute."))
            return
        self.table.setRowCount(len(rs.rules))
        for row, rule in enumerate(rs.rules):
            self._fill_row(row, rule)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(THRESHOLD, QHeaderView.ResizeMode.Stretch)
        for k, spin in self.levels.items():
            spin.setValue(rs.levels.get(k, 0))
        for k, spin in self.tiers.items():
            spin.setValue(getattr(rs.tiers, k))
        self._show_version()

    def _fill_row(self, row: int, rule: RuleDef) -> None:
        on = QCheckBox()
        on.setChecked(rule.enabled)
        on.setEnabled(self.editable)
        self.table.setCellWidget(row, ON, on)
        name = QTableWidgetItem(rule.name)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        name.setToolTip(rule.reason_template)
        self.table.setItem(row, NAME, name)
        severity = QComboBox()
        for level in RiskLevel:
            severity.addItem(level.label, level.value)
        severity.setCurrentIndex(severity.findData(rule.severity.value))
        severity.setEnabled(self.editable)
        self.table.setCellWidget(row, SEVERITY, severity)
        weight = QSpinBox(maximum=100)
        weight.setValue(rule.max_points if rule.tiers else rule.weight)
        weight.setEnabled(self.editable and not rule.tiers)
        self.table.setCellWidget(row, WEIGHT, weight)
        threshold = QLineEdit(format_tiers(rule) if rule.tiers else
                              str(rule.params.get("threshold", "")))
        threshold.setEnabled(self.editable and ("tiers" in rule.params
                                                or "threshold" in rule.params))
        self.table.setCellWidget(row, THRESHOLD, threshold)
        window = QSpinBox(maximum=3650)
        window.setSpecialValueText("—")  # 0: the rule has no window
        window.setValue(rule.window_days or 0)
        window.setEnabled(self.editable and rule.window_days is not None)
        self.table.setCellWidget(row, WINDOW, window)

    def edited(self) -> RuleSet:
        """The rule set as the form shows it (parse errors raise ValidationError)."""
        assert self.rs is not None
        rules = []
        for row, rule in enumerate(self.rs.rules):
            cell = self.table.cellWidget
            params = dict(rule.params)
            text = cell(row, THRESHOLD).text().strip()  # type: ignore[attr-defined]
            if "tiers" in params:
                params["tiers"] = parse_tiers(text, f"{rule.code}.tiers", rule.indicator)
            elif "threshold" in params and text:
                from crm.domain.errors import ValidationError
                try:
                    params["threshold"] = float(text) if "." in text else int(text)
                except ValueError:
                    raise ValidationError({f"{rule.code}.threshold":
                                           f"规则“{rule.name}”的阈值“{text}”不是数字"}) from None
            if rule.window_days is not None:
                params["window_days"] = cell(row, WINDOW).value()  # type: ignore[attr-defined]
            rules.append(replace(
                rule, enabled=cell(row, ON).isChecked(),  # type: ignore[attr-defined]
                severity=RiskLevel(cell(row, SEVERITY).currentData()),  # type: ignore[attr-defined]
                weight=(max(t[1] for t in params["tiers"]) if "tiers" in params
                        else cell(row, WEIGHT).value()),  # type: ignore[attr-defined]
                params=params))
        return replace(self.rs, rules=tuple(rules),
                       levels={k: s.value() for k, s in self.levels.items()},
                       tiers=TierThresholds(**{k: s.value() for k, s in self.tiers.items()}))

    def _on_save_clicked(self) -> None:
        from crm.ui.errors import show_error

        try:
            rs = self.edited()
        except Exception as exc:  # noqa: BLE001 - a parse error is shown, nothing saved
            show_error(self, exc)
            return
        note, ok = QInputDialog.getText(self, self.tr("Save rules"),
                                        self.tr("What changed (kept with the version)"))
        if not ok:
            return
        self.ctx.run(lambda uow, _p: save_rule_set(uow, rs, note), self._on_loaded, widget=self,
                     changes=frozenset({"risk_rules"}))
