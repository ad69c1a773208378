"""效果评估 (visit effect report: table, chart, export). Hosted as a tab of the 走访管理 page (crm/ui/pages/visits.py).

For the visits made in a period (this month by default): the overdue amount at the visit
and 30/60/90 days after, the promise-kept rate and the plan completion rate, per manager or
per month (crm.queries.visits.visit_effects), as a table and a bar chart, with each visit
below. 导出走访清单 opens 导出 with the visit list of the same period.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.compliance import local_today
from crm.ui.context import AppContext
from crm.ui.dates import qdate
from crm.ui.table_model import Column, RecordTableModel, display, record_view

CHART_GROUPS = 12        # bars for at most this many managers / months


@dataclass(frozen=True)
class FigureColumn(Column):
    """A column over a Figure (amount on a date): sorts by the amount, shows 未到期 / blank."""

    figure: Callable[[Any], Any] = field(default=lambda _r: None)


def _pct(value: Any) -> str:
    return f"{value:.1f}%"


class EffectModel(RecordTableModel):
    """Rates (floats) as percentages, figures by amount or why there is none."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() \
                and 0 <= index.row() < len(self.records):
            col = self.columns[index.column()]
            record = self.records[index.row()]
            if isinstance(col, FigureColumn):
                fig = col.figure(record)
                if fig is None:
                    return ""
                return display(fig.amount) if fig.amount is not None else fig.source
            value = col.value(record)
            if isinstance(value, float):
                return _pct(value)
            if value is None and col.numeric:
                return "—"
        return super().data(index, role)


GROUP_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Group"), lambda g: g.key),
    Column(QT_TRANSLATE_NOOP("Columns", "Visits"), lambda g: g.visits, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Customers"), lambda g: g.customers, numeric=True),
    # both sums are over the visits with a figure at the visit and 90 days on: none, no sum
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue at visit"),
           lambda g: g.overdue_at_visit if g.compared_90 else None, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue 90 days on"),
           lambda g: g.overdue_after_90 if g.compared_90 else None, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Reduction"), lambda g: g.reduction_pct, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Cured / compared"),
           lambda g: f"{g.cured_90} / {g.compared_90}"),
    Column(QT_TRANSLATE_NOOP("Columns", "Promises"), lambda g: g.promises, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Promise-kept rate"), lambda g: g.promise_kept_rate,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Plans"), lambda g: g.plans, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Plan completion"), lambda g: g.plan_completion_rate,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Instalments paid"), lambda g: g.instalment_paid_rate,
           numeric=True),
]


def _figure_column(title: str, pick: Callable[[Any], Any]) -> FigureColumn:
    return FigureColumn(title, lambda r: pick(r).amount, True, pick)


ROW_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Visited on"), lambda r: r.visited_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda r: r.customer_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Manager"), lambda r: r.manager_name),
    _figure_column(QT_TRANSLATE_NOOP("Columns", "Overdue at visit"), lambda r: r.at_visit),
    _figure_column(QT_TRANSLATE_NOOP("Columns", "30 days on"), lambda r: r.after[0]),
    _figure_column(QT_TRANSLATE_NOOP("Columns", "60 days on"), lambda r: r.after[1]),
    _figure_column(QT_TRANSLATE_NOOP("Columns", "90 days on"), lambda r: r.after[2]),
    _figure_column(QT_TRANSLATE_NOOP("Columns", "Now"), lambda r: r.now),
    Column(QT_TRANSLATE_NOOP("Columns", "Promises"), lambda r: r.promises, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Kept"), lambda r: r.promises_kept, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Broken"), lambda r: r.promises_broken, numeric=True),
]


def month_start(day: date) -> date:
    return day.replace(day=1)


class VisitEffectsWidget(QWidget):
    """The 效果评估 tab."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitEffects")
        self.ctx = ctx
        self.today = today or local_today()
        self.report: Any = None
        self.date_from = QDateEdit(qdate(month_start(self.today)), objectName="effectFrom",
                                   calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(qdate(self.today), objectName="effectTo", calendarPopup=True,
                                 displayFormat="yyyy-MM-dd")
        self.this_month = QPushButton(objectName="effectThisMonth")
        self.last_month = QPushButton(objectName="effectLastMonth")
        self.last_quarter = QPushButton(objectName="effectLast90")
        self.group_by = QComboBox(objectName="effectGroupBy")
        self.export_button = QPushButton(objectName="effectExport")
        self.export_button.setVisible(ctx.actor.can(Permission.EXPORT))
        self.from_label, self.to_label, self.group_label = QLabel(), QLabel(), QLabel()
        bar = QHBoxLayout()
        for w in (self.from_label, self.date_from, self.to_label, self.date_to,
                  self.this_month, self.last_month, self.last_quarter, self.group_label,
                  self.group_by):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.summary = QLabel(objectName="effectSummary", wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet("padding: 4px 2px")
        self.groups = EffectModel(GROUP_COLUMNS)
        self.group_view = record_view(self.groups, "effectGroups")
        for col, width in enumerate((90, 62, 56, 100, 100, 62, 76, 56, 80, 56, 80)):
            self.group_view.setColumnWidth(col, width)
        self.rows = EffectModel(ROW_COLUMNS)
        self.row_view = record_view(self.rows, "effectRows")
        for col, width in enumerate((90, 80, 80, 105, 95, 95, 95, 95, 60, 60)):
            self.row_view.setColumnWidth(col, width)
        from PySide6.QtCharts import QChart, QChartView
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart, objectName="effectChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(360)
        self.empty = QLabel(objectName="effectEmpty", alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; font-size: 14px; padding: 30px")
        self.empty.hide()
        self.note = QLabel(objectName="effectNote", wordWrap=True)
        self.note.setStyleSheet("color: #666")

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.group_view)
        top.addWidget(self.chart_view)
        top.setSizes([860, 400])
        self.split = QSplitter(Qt.Orientation.Vertical, objectName="effectSplit")
        self.split.addWidget(top)
        self.split.addWidget(self.row_view)
        self.split.setSizes([300, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.note)

        self.retranslate()
        self.date_from.dateChanged.connect(lambda _d: self.refresh())
        self.date_to.dateChanged.connect(lambda _d: self.refresh())
        self.group_by.currentIndexChanged.connect(lambda _i: self._fill())
        self.this_month.clicked.connect(lambda: self.set_period(month_start(self.today),
                                                                self.today))
        self.last_month.clicked.connect(self._on_last_month)
        self.last_quarter.clicked.connect(
            lambda: self.set_period(self.today - timedelta(days=89), self.today))
        self.export_button.clicked.connect(self.export)
        self.groups.layoutChanged.connect(lambda *_: self._chart(self.groups.records))
        ctx.signals.data_changed.connect(self._on_data_changed)

    def retranslate(self) -> None:
        self.from_label.setText(self.tr("Visits from"))
        self.to_label.setText(self.tr("to"))
        self.this_month.setText(self.tr("This month"))
        self.last_month.setText(self.tr("Last month"))
        self.last_quarter.setText(self.tr("Last 90 days"))
        self.group_label.setText(self.tr("Group by"))
        current = self.group_by.currentIndex()
        self.group_by.blockSignals(True)
        self.group_by.clear()
        self.group_by.addItem(self.tr("Manager"), "manager")
        self.group_by.addItem(self.tr("Month"), "month")
        self.group_by.setCurrentIndex(max(current, 0))
        self.group_by.blockSignals(False)
        self.export_button.setText(self.tr("Export visit list…"))
        self.export_button.setToolTip(self.tr("The visits of this period as an Excel list "
                                              "(audited)"))
        self.empty.setText(self.tr(
            "No completed visits in this period. Visits count here once they are recorded "
            "(visited, customer not met, awaiting review or reviewed); choose a longer "
            "period, or record the visits first."))
        self.groups.retranslate()
        self.rows.retranslate()
        if self.report is not None:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the period -------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()

    def set_period(self, start: date, end: date) -> None:
        for edit, day in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        self.refresh()

    def _on_last_month(self) -> None:
        end = month_start(self.today) - timedelta(days=1)
        self.set_period(month_start(end), end)

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload from the database (called when the tab is shown or data changed)."""
        from crm.queries.visits import visit_effects
        start, end = self.period()
        if end < start:
            start, end = end, start
        actor, today = self.ctx.actor, self.today
        self.ctx.run(lambda uow, _p: visit_effects(uow.session, actor, start, end, today),
                     self._on_loaded, widget=self)

    def _on_loaded(self, report: Any) -> None:
        self.report = report
        self._fill()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"visits", "plans", "contacts"} and self.report is not None:
            self.refresh()

    def _fill(self) -> None:
        r = self.report
        if r is None:
            return
        by_month = self.group_by.currentData() == "month"
        groups = r.by_month if by_month else r.by_manager
        self.groups.set_records(groups)
        self.rows.set_records(r.rows)
        for view, model in ((self.group_view, self.groups), (self.row_view, self.rows)):
            header = view.horizontalHeader()
            if 0 <= header.sortIndicatorSection() < len(model.columns):
                model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        empty = not r.rows
        self.split.setVisible(not empty)
        self.empty.setVisible(empty)
        self.note.setText(r.source_note)
        self.summary.setText(self._summary(r.overall))
        self._chart(self.groups.records)     # in the table's order

    def _summary(self, g: Any) -> str:
        def rate(v: float | None) -> str:
            return "—" if v is None else _pct(v)
        parts = [
            self.tr("<b>%1</b> visits to <b>%2</b> customers").replace("%1", f"{g.visits:,}")
            .replace("%2", f"{g.customers:,}"),
            self.tr("overdue down <b>%1</b> after 90 days (%2 visits compared, %3 cured)")
            .replace("%1", rate(g.reduction_pct)).replace("%2", str(g.compared_90))
            .replace("%3", str(g.cured_90)),
            self.tr("promises kept <b>%1</b>").replace("%1", rate(g.promise_kept_rate)),
            self.tr("plans completed <b>%1</b> of %2").replace("%1", rate(g.plan_completion_rate))
            .replace("%2", str(g.plans)),
            self.tr("instalments paid <b>%1</b>").replace("%1", rate(g.instalment_paid_rate)),
        ]
        return "；".join(parts)

    def _chart(self, groups: Any) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        shown = list(groups)[:CHART_GROUPS]
        self.chart.setTitle(self.tr("Rates by manager") if self.group_by.currentData() ==
                            "manager" else self.tr("Rates by month"))
        if not shown:
            return
        series = QBarSeries()
        for label, pick, colour in (
                (self.tr("Overdue reduction (90 days)"), lambda g: g.reduction_pct, "#1a5fb4"),
                (self.tr("Promises kept"), lambda g: g.promise_kept_rate, "#2e7d32"),
                (self.tr("Plans completed"), lambda g: g.plan_completion_rate, "#c64600")):
            bars = QBarSet(label)
            bars.setColor(colour)
            for g in shown:
                value = pick(g)
                bars.append(max(0.0, min(100.0, value)) if value is not None else 0.0)
            series.append(bars)
        self.chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append([g.key for g in shown])
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat("%d%%")
        y_axis.setTickCount(6)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)

    def chart_values(self) -> dict[str, list[float]]:
        """What the bars show, by series name (for tests and screen readers)."""
        out: dict[str, list[float]] = {}
        for series in self.chart.series():
            for bars in series.barSets():
                out[bars.label()] = [bars.at(i) for i in range(bars.count())]
        return out

    # -- export -----------------------------------------------------------------------------
    def export(self) -> Any:
        """文件 → 导出 with the visit list of this period chosen."""
        from crm.ui.export_dialog import ExportDialog
        start, end = self.period()
        dialog = ExportDialog(self.ctx, self.window())
        dialog.kind.setCurrentIndex(dialog.kind.findData("visits"))
        dialog.use_range.setChecked(True)
        dialog.date_from.setDate(qdate(min(start, end)))
        dialog.date_to.setDate(qdate(max(start, end)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.export_dialog = dialog
        return dialog


__all__ = ["VisitEffectsWidget"]
