"""满意度调查: answer entry, analysis with charts, remediation cases, feedback, templates.

The loop on one page: a response typed on 录入问卷 that scores low opens a case on 整改工单;
closing a case schedules a follow-up survey, started from the same tab (the 30-day rule does
not hold it back); suggestions become 意见反馈 items a supervisor decides on; 满意度分析 shows
the dimensions, CSAT and NPS against the previous period, with charts saved as PNG.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QMargins, QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
    QPushButton, QSpinBox, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
    QWidget,
)

from crm.domain.actors import Permission
from crm.domain.compliance import local_today
from crm.domain.enums import (
    CaseStatus, FeedbackKind, FeedbackStatus, Role, SurveyChannel, SurveyDimension,
)
from crm.ui.context import AppContext
from crm.ui.survey_dialogs import (
    CaseDialog, FeedbackDialog, SurveyEntryForm, SurveySettingsDialog, TemplateDialog, enum_data,
)
from crm.ui.table_model import Column, RecordTableModel, record_view

PERIODS = (3, 6, 12)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _delta(change: tuple[float | None, str], digits: int = 2, unit: str = "") -> str:
    delta, mark = change
    if delta is None:
        return "—"
    return f"{mark} {delta:+.{digits}f}{unit}"


def _fill(box: QComboBox, all_text: str | None, items: list[tuple[str, Any]]) -> None:
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    if all_text is not None:       # "" rather than None: PySide6 miscounts None item data
        box.addItem(all_text, "")
    for text, data in items:
        box.addItem(text, data)
    box.setCurrentIndex(max(box.findData(current), 0))
    box.blockSignals(False)


def _empty_label(name: str) -> QLabel:
    label = QLabel(objectName=name, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
    label.setStyleSheet("color: #555; font-size: 14px; padding: 24px")
    label.hide()
    return label


class _Panel(QWidget):
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass


# ---- 满意度分析 ------------------------------------------------------------------------------

DIMENSION_HEADERS = (
    QT_TRANSLATE_NOOP("AnalysisPanel", "Dimension"), QT_TRANSLATE_NOOP("AnalysisPanel", "Answers"),
    QT_TRANSLATE_NOOP("AnalysisPanel", "Mean"), QT_TRANSLATE_NOOP("AnalysisPanel", "CSAT (4–5)"),
    QT_TRANSLATE_NOOP("AnalysisPanel", "Distribution"),
    QT_TRANSLATE_NOOP("AnalysisPanel", "Mean vs last period"),
    QT_TRANSLATE_NOOP("AnalysisPanel", "CSAT vs last period"),
)
BREAKDOWNS = (  # key, English, SurveyAnalysis attribute
    ("manager", QT_TRANSLATE_NOOP("AnalysisPanel", "By manager"), "by_manager"),
    ("branch", QT_TRANSLATE_NOOP("AnalysisPanel", "By branch"), "by_branch"),
    ("segment", QT_TRANSLATE_NOOP("AnalysisPanel", "By segment"), "by_segment"),
    ("product", QT_TRANSLATE_NOOP("AnalysisPanel", "By product"), "by_product"),
    ("channel", QT_TRANSLATE_NOOP("AnalysisPanel", "By channel"), "by_channel"),
    ("template", QT_TRANSLATE_NOOP("AnalysisPanel", "By questionnaire version"), "by_template"),
    ("month", QT_TRANSLATE_NOOP("AnalysisPanel", "By month"), "months"),
)
FIGURE_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Group"), lambda f: f.label),
    Column(QT_TRANSLATE_NOOP("Columns", "Responses"), lambda f: f.responses, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Mean (1–5)"), lambda f: _num(f.likert_mean), numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "CSAT"), lambda f: _pct(f.csat), numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "NPS"), lambda f: _num(f.nps.score, 1), numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Promoters / passives / detractors"),
           lambda f: f"{f.nps.promoters} / {f.nps.passives} / {f.nps.detractors}"),
    Column(QT_TRANSLATE_NOOP("Columns", "Low scores"), lambda f: f.low, numeric=True),
]
TEXT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Collected"), lambda r: r.collected_at),
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda r: r.customer_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Channel"), lambda r: r.channel),
    Column(QT_TRANSLATE_NOOP("Columns", "Dimension"), lambda r: r.dimension),
    Column(QT_TRANSLATE_NOOP("Columns", "Answer"), lambda r: r.text),
]


class AnalysisPanel(_Panel):
    """满意度分析: filters, per-dimension table, NPS, charts, breakdowns, free text."""

    open_customer = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        from PySide6.QtCharts import QChart, QChartView

        self.ctx = ctx
        self.analysis: Any = None
        self.period = QComboBox(objectName="analysisPeriod")
        self.branch = QComboBox(objectName="analysisBranch")
        self.manager = QComboBox(objectName="analysisManager")
        self.segment = QComboBox(objectName="analysisSegment")
        self.channel = QComboBox(objectName="analysisChannel")
        for box in (self.period, self.branch, self.manager, self.segment, self.channel):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.branch.setVisible(ctx.actor.sees_all_branches)
        self.manager.setVisible(ctx.actor.role is not Role.MANAGER)
        self.headline = QLabel(objectName="analysisHeadline", wordWrap=True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.loop = QLabel(objectName="analysisLoop", wordWrap=True)
        self.loop.setStyleSheet("color: #333")
        self.dimensions = QTableWidget(0, len(DIMENSION_HEADERS), objectName="analysisDimensions")
        self.dimensions.verticalHeader().hide()
        self.dimensions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.dimensions.setAlternatingRowColors(True)
        self.dimensions.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.dimensions.horizontalHeader().setStretchLastSection(True)
        self.profile_chart, self.trend_chart, self.dist_chart = QChart(), QChart(), QChart()
        for chart in (self.profile_chart, self.trend_chart, self.dist_chart):
            chart.legend().hide()
            chart.setMargins(QMargins(4, 4, 4, 4))
            chart.setBackgroundRoundness(0)
        self.profile_view = QChartView(self.profile_chart, objectName="analysisProfileChart")
        self.trend_view = QChartView(self.trend_chart, objectName="analysisTrendChart")
        self.dist_view = QChartView(self.dist_chart, objectName="analysisDistributionChart")
        for view in (self.profile_view, self.trend_view, self.dist_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(320, 220)
        self.save_profile = QPushButton(objectName="analysisSaveProfile")
        self.save_trend = QPushButton(objectName="analysisSaveTrend")
        self.save_dist = QPushButton(objectName="analysisSaveDistribution")
        self.breakdown = QComboBox(objectName="analysisBreakdown")
        self.breakdown_model = RecordTableModel(FIGURE_COLUMNS)
        self.breakdown_view = record_view(self.breakdown_model, "analysisBreakdownTable")
        self.search = QLineEdit(objectName="analysisTextSearch")
        self.search.setClearButtonEnabled(True)
        self.text_model = RecordTableModel(TEXT_COLUMNS)
        self.text_view = record_view(self.text_model, "analysisFreeText")
        self.text_view.doubleClicked.connect(self._on_text_double_clicked)
        for col, width in enumerate((120, 80, 50, 90)):
            self.text_view.setColumnWidth(col, width)
        self.text_count = QLabel(objectName="analysisTextCount")
        self.export_button = QPushButton(objectName="analysisExport")
        self.export_status = QLabel(objectName="analysisExportStatus")
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.products: tuple[Any, Any] | None = None      # (filter, product rows), on demand
        self.breakdown_note = QLabel(objectName="analysisBreakdownNote", wordWrap=True)
        self.breakdown_note.setStyleSheet("color: #555")
        self.empty = _empty_label("analysisEmpty")
        self._build_layout()
        self.retranslate()
        for box in (self.period, self.branch, self.manager, self.segment, self.channel):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.breakdown.currentIndexChanged.connect(lambda _i: self._show_breakdown())
        self.search.returnPressed.connect(self.load_text)
        self.save_profile.clicked.connect(lambda: self._ask_save(self.profile_view, "profile"))
        self.save_trend.clicked.connect(lambda: self._ask_save(self.trend_view, "nps-trend"))
        self.save_dist.clicked.connect(lambda: self._ask_save(self.dist_view, "distribution"))
        self.export_button.clicked.connect(self._ask_export)
        ctx.signals.data_changed.connect(self._on_data_changed)
        self._loaded = False

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        self.filter_labels = [QLabel() for _ in range(5)]
        for label, box in zip(self.filter_labels, (self.period, self.branch, self.manager,
                                                   self.segment, self.channel)):
            filters.addWidget(label)
            filters.addWidget(box)
            label.setBuddy(box)
            label.setVisible((box is not self.branch or self.ctx.actor.sees_all_branches)
                             and (box is not self.manager
                                  or self.ctx.actor.role is not Role.MANAGER))
        filters.addStretch(1)
        filters.addWidget(self.export_status)
        filters.addWidget(self.export_button)
        charts = QHBoxLayout()
        for view, button in ((self.profile_view, self.save_profile),
                             (self.dist_view, self.save_dist),
                             (self.trend_view, self.save_trend)):
            col = QVBoxLayout()
            col.addWidget(view, 1)
            col.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
            charts.addLayout(col, 1)
        overview = QWidget()
        over_layout = QVBoxLayout(overview)
        over_layout.addWidget(self.dimensions, 2)
        over_layout.addLayout(charts, 3)
        groups = QWidget()
        group_layout = QVBoxLayout(groups)
        row = QHBoxLayout()
        row.addWidget(self.breakdown)
        row.addStretch(1)
        group_layout.addLayout(row)
        group_layout.addWidget(self.breakdown_view, 1)
        group_layout.addWidget(self.breakdown_note)
        texts = QWidget()
        text_layout = QVBoxLayout(texts)
        search_row = QHBoxLayout()
        self.text_title = QLabel()
        search_row.addWidget(self.text_title)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.text_count)
        text_layout.addLayout(search_row)
        text_layout.addWidget(self.text_view, 1)
        self.body = QTabWidget(objectName="analysisBody")
        for w in (overview, groups, texts):
            self.body.addTab(w, "")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.headline)
        layout.addWidget(self.loop)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.empty)

    def retranslate(self) -> None:
        for label, text in zip(self.filter_labels, (self.tr("&Period"), self.tr("&Branch"),
                                                    self.tr("&Manager"), self.tr("&Segment"),
                                                    self.tr("C&hannel"))):
            label.setText(text)
        fresh = self.period.count() == 0
        _fill(self.period, None, [(self.tr("Last %1 months").replace("%1", str(n)), n)
                                  for n in PERIODS])
        if fresh:
            self.period.setCurrentIndex(PERIODS.index(6))
        _fill(self.channel, self.tr("All channels"), [(c.label, c) for c in SurveyChannel])
        _fill(self.breakdown, None, [(self.tr(text), key) for key, text, _a in BREAKDOWNS])
        self.dimensions.setHorizontalHeaderLabels([self.tr(h) for h in DIMENSION_HEADERS])
        self.save_profile.setText(self.tr("Save chart as PNG…"))
        self.save_trend.setText(self.tr("Save chart as PNG…"))
        self.save_dist.setText(self.tr("Save chart as PNG…"))
        self.export_button.setText(self.tr("Export report…"))
        self.export_button.setToolTip(self.tr("The period's satisfaction report as an Excel "
                                              "workbook or a PDF (customers masked)"))
        self.dist_chart.setTitle(self.tr("Answers per score (%)"))
        for i, text in enumerate((self.tr("Dimensions and charts"), self.tr("Breakdowns"),
                                  self.tr("Free-text answers"))):
            self.body.setTabText(i, text)
        self.search.setPlaceholderText(self.tr("Search the answers (Enter)"))
        self.text_title.setText(self.tr("Double-click an answer to open the customer"))
        self.profile_chart.setTitle(self.tr("Dimension profile (mean, 1–5)"))
        self.trend_chart.setTitle(self.tr("NPS by month"))
        self.breakdown_model.retranslate()
        self.text_model.retranslate()
        if self.analysis is not None:
            self._show(self.analysis)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not self._loaded:
            self._loaded = True
            self._load_options()
        super().showEvent(event)

    def _load_options(self) -> None:
        from crm.queries.customers import filter_options
        from crm.services.users import list_branches
        actor = self.ctx.actor

        def work(uow: Any, _p: Any) -> Any:
            branches = list_branches(uow) if actor.sees_all_branches else []
            return filter_options(uow.session, actor), branches
        self.ctx.run(work, self._on_options, widget=self)

    def _on_options(self, result: Any) -> None:
        options, branches = result
        _fill(self.branch, self.tr("All branches"), [(b.name, b.id) for b in branches])
        _fill(self.manager, self.tr("All managers"), [(n, i) for i, n in options.managers])
        _fill(self.segment, self.tr("All segments"), [(s, s) for s in options.segments])
        self.refresh()

    def current_filter(self, today: date | None = None) -> Any:
        from crm.queries.surveys import AnalysisFilter
        return AnalysisFilter.last_months(self.period.currentData() or 6, today,
                                          branch_id=self.branch.currentData() or None,
                                          manager_id=self.manager.currentData() or None,
                                          segment=self.segment.currentData() or None,
                                          channel=enum_data(self.channel, SurveyChannel))

    def refresh(self) -> None:
        from crm.queries.surveys import loop_figures, survey_analysis
        flt, actor = self.current_filter(), self.ctx.actor
        self._loaded = True
        self.products = None

        def work(uow: Any, _p: Any) -> Any:
            return survey_analysis(uow.session, actor, flt), loop_figures(uow.session, actor)
        self.ctx.run(work, self._on_loaded, widget=self)
        self.load_text()

    def load_text(self) -> None:
        from crm.queries.surveys import free_text_answers
        flt, actor, text = self.current_filter(), self.ctx.actor, self.search.text()
        self.ctx.run(lambda uow, _p: free_text_answers(uow.session, actor, flt, text),
                     self._on_text, widget=self)

    def _on_loaded(self, result: Any) -> None:
        self.analysis, self.loop_result = result
        self._show(self.analysis)

    def _show(self, a: Any) -> None:
        lf = getattr(self, "loop_result", None)
        empty = a.responses == 0
        self.empty.setText(self.tr("No survey responses in this period and scope. Responses "
                                   "typed on the Enter answers tab appear here."))
        self.empty.setVisible(empty)
        self.body.setVisible(not empty)
        months = f"{a.filter.first_month // 100}-{a.filter.first_month % 100:02d} … " \
                 f"{a.filter.last_month // 100}-{a.filter.last_month % 100:02d}"
        nps = a.nps
        self.headline.setText(
            self.tr("<b>%1</b> responses (%2; last period %3)").replace("%1", str(a.responses))
            .replace("%2", months).replace("%3", str(a.previous_responses))
            + "　·　" + self.tr("CSAT <b>%1</b> (%2)").replace("%1", _pct(a.csat))
            .replace("%2", _delta(a.csat_change, 1, self.tr(" pp")))
            + "　·　" + self.tr("NPS <b>%1</b> (%2): %3 promoters, %4 passives, %5 detractors")
            .replace("%1", _num(nps.score, 1)).replace("%2", _delta(a.nps_change, 1))
            .replace("%3", str(nps.promoters)).replace("%4", str(nps.passives))
            .replace("%5", str(nps.detractors)))
        if lf is not None:
            self.loop.setText(
                self.tr("Remediation: %1 open (%2 overdue), %3 closed · Suggestions: %4, "
                        "adoption rate %5 (%6 adopted, %7 not adopted, %8 undecided)")
                .replace("%1", str(lf.cases_open)).replace("%2", str(lf.cases_overdue))
                .replace("%3", str(lf.cases_closed)).replace("%4", str(lf.suggestions))
                .replace("%5", _pct(lf.adoption_rate)).replace("%6", str(lf.adopted))
                .replace("%7", str(lf.not_adopted)).replace("%8", str(lf.undecided)))
        self._fill_dimensions(a)
        self._draw_profile(a)
        self._draw_distribution(a)
        self._draw_trend(a)
        self._show_breakdown()

    def _fill_dimensions(self, a: Any) -> None:
        t = self.dimensions
        t.setRowCount(len(a.dimensions))
        for r, d in enumerate(a.dimensions):
            s = d.stats
            nps = d.dimension is SurveyDimension.NPS
            dist = "  ".join(f"{score}:{n}" for score, n in s.counts) if s.n else "—"
            cells = [d.dimension.label + ("（0–10）" if nps else ""), str(s.n),
                     _num(s.mean), ("NPS " + _num(a.nps.score, 1)) if nps else _pct(s.csat),
                     dist, _delta(d.mean_change),
                     _delta(a.nps_change, 1) if nps else _delta(d.csat_change, 1, self.tr(" pp"))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c in (5, 6) and text[:1] in "↑↓":
                    item.setForeground(QBrush(QColor("#1b6e2a" if text[0] == "↑" else "#b00020")))
                t.setItem(r, c, item)

    def _draw_profile(self, a: Any) -> None:
        from PySide6.QtCharts import QBarSeries, QBarSet, QValueAxis
        chart = _cleared(self.profile_chart)
        rated = [d for d in a.dimensions if d.dimension is not SurveyDimension.NPS]
        now = QBarSet(self.tr("This period"))
        before = QBarSet(self.tr("Last period"))
        now.setColor(QColor("#1a5fb4"))
        before.setColor(QColor("#b0c4de"))
        for d in rated:
            now.append(d.stats.mean or 0.0)
            before.append(d.previous.mean or 0.0)
        series = QBarSeries()
        series.append(before)
        series.append(now)
        chart.addSeries(series)
        y = QValueAxis()
        y.setRange(0, 5)
        y.setTickCount(6)
        y.setLabelFormat("%.0f")
        _dimension_axes(chart, series, [self.short(d.dimension) for d in rated], y)

    def short(self, dim: SurveyDimension) -> str:
        return {SurveyDimension.EFFICIENCY: self.tr("Efficiency"),
                SurveyDimension.QUALITY: self.tr("Quality"),
                SurveyDimension.PRODUCTS: self.tr("Products"),
                SurveyDimension.ATTITUDE: self.tr("Attitude"),
                SurveyDimension.RESOLUTION_SPEED: self.tr("Speed"),
                SurveyDimension.OVERALL: self.tr("Overall")}.get(dim, dim.label)

    def _draw_distribution(self, a: Any) -> None:
        from PySide6.QtCharts import QBarSet, QPercentBarSeries, QValueAxis
        chart = _cleared(self.dist_chart)
        rated = [d for d in a.dimensions if d.dimension is not SurveyDimension.NPS]
        series = QPercentBarSeries()
        colours = ("#b00020", "#e66100", "#c0bfbc", "#5e9de0", "#1a5fb4")
        for score in range(1, 6):
            bar = QBarSet(str(score))
            bar.setColor(QColor(colours[score - 1]))
            for d in rated:
                bar.append(float(dict(d.stats.counts).get(score, 0)))
            series.append(bar)
        chart.addSeries(series)
        y = QValueAxis()
        y.setRange(0, 100)
        y.setLabelFormat("%.0f%%")
        _dimension_axes(chart, series, [self.short(d.dimension) for d in rated], y)

    def _draw_trend(self, a: Any) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QLineSeries, QScatterSeries, QValueAxis
        chart = _cleared(self.trend_chart)
        line, dots = QLineSeries(), QScatterSeries()
        line.setColor(QColor("#1a5fb4"))
        dots.setColor(QColor("#1a5fb4"))
        dots.setMarkerSize(8)
        labels = []
        for i, m in enumerate(a.months):
            labels.append(f"{m.key // 100 % 100:02d}-{m.key % 100:02d}")
            if m.nps.score is not None:
                line.append(i, round(m.nps.score, 1))
                dots.append(i, round(m.nps.score, 1))
        dots.setPointLabelsVisible(True)
        dots.setPointLabelsFormat("@yPoint")
        dots.setPointLabelsClipping(False)
        chart.addSeries(line)
        chart.addSeries(dots)
        x = QBarCategoryAxis()
        x.append(labels)
        y = QValueAxis()
        y.setRange(-100, 100)
        y.setTickCount(5)
        y.setLabelFormat("%.0f")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in (line, dots):
            s.attachAxis(x)
            s.attachAxis(y)

    def _show_breakdown(self) -> None:
        if self.analysis is None:
            return
        key = self.breakdown.currentData() or "manager"
        self.breakdown_note.setText(self.tr(
            "A customer with several loan products counts once under each product, so the "
            "rows can add up to more than the responses; products are the customer's loans "
            "on record.") if key == "product" else "")
        self.breakdown_note.setVisible(key == "product")
        if key == "product":
            self._show_products()
            return
        attr = dict((k, a) for k, _t, a in BREAKDOWNS)[key]
        self.breakdown_model.set_records(getattr(self.analysis, attr))

    def _show_products(self) -> None:
        """按产品 groups the responses by customer (about 2 s on a million), so it is asked
        for only when chosen, once per filter."""
        from crm.queries.surveys import product_breakdown
        flt, actor = self.analysis.filter, self.ctx.actor
        if self.products is not None and self.products[0] == flt:
            self.breakdown_model.set_records(self.products[1])
            return
        self.breakdown_model.set_records([])

        def done(rows: Any) -> None:
            self.products = (flt, rows)
            if self.analysis is not None and self.analysis.filter == flt \
                    and self.breakdown.currentData() == "product":
                self.breakdown_model.set_records(rows)
        self.ctx.run(lambda uow, _p: product_breakdown(uow.session, actor, flt), done,
                     widget=self)

    # -- the report ------------------------------------------------------------------------------
    def _ask_export(self) -> None:
        flt = self.current_filter()
        name = (f"客户满意度分析报告-{flt.first_month // 100}{flt.first_month % 100:02d}-"
                f"{flt.last_month // 100}{flt.last_month % 100:02d}.xlsx")
        excel, pdf = self.tr("Excel workbook (*.xlsx)"), self.tr("PDF (*.pdf)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export satisfaction report"), name, f"{excel};;{pdf}")
        if not path:
            return
        if not path.lower().endswith((".xlsx", ".pdf")):
            path += ".pdf" if chosen == pdf else ".xlsx"
        self.export_report(path)

    def export_report(self, path: str, on_done: Any = None) -> None:
        """Write the report of the current filter to `path` (.xlsx or .pdf) on the worker,
        with progress and cancel; the saved path is shown beside the button."""
        from crm.reports.survey_report import survey_report
        flt, actor = self.current_filter(), self.ctx.actor
        self.export_button.setEnabled(False)
        self.export_status.setText(self.tr("Writing the report…"))

        def work(uow: Any, p: Any) -> Any:
            return survey_report(uow, actor, flt, path, progress=p,
                                 cancel=lambda: p.cancelled)

        def done(result: Any) -> None:
            self.export_button.setEnabled(True)
            text = self.tr("Saved %1 (%2 responses)").replace("%1", str(result.path)).replace(
                "%2", str(result.responses))
            if result.raw_truncated:
                text += self.tr("; the raw sheet stops at Excel's row limit")
            self.export_status.setText(text)
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            from crm.ui.errors import show_error
            self.export_button.setEnabled(True)
            self.export_status.setText(self.tr("Report not saved"))
            show_error(self, exc)
        self.ctx.run(work, done, widget=self, on_error=failed,
                     label=self.tr("Writing the satisfaction report…"))

    def _on_text(self, rows: list[Any]) -> None:
        self.text_model.set_records(rows)
        self.text_count.setText(self.tr("%1 answers").replace("%1", str(len(rows))))

    def _on_text_double_clicked(self, index: Any) -> None:
        if index.isValid():
            self.open_customer.emit(self.text_model.record(index.row()).customer_id)

    def save_chart(self, which: str, path: str) -> bool:
        view = {"profile": self.profile_view, "distribution": self.dist_view}.get(
            which, self.trend_view)
        return view.grab().save(path, "PNG")

    def _ask_save(self, view: Any, stem: str) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Save chart"), f"满意度-{stem}-{local_today():%Y%m%d}.png",
            self.tr("PNG image (*.png)"))
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            if not view.grab().save(path, "PNG"):
                QMessageBox.warning(self, self.tr("Save chart"),
                                    self.tr("Could not write %1.").replace("%1", path))

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if self._loaded and kinds & {"surveys", "feedback"}:
            self.refresh()


# ---- 整改工单 --------------------------------------------------------------------------------

CASE_FILTERS = (
    ("open", QT_TRANSLATE_NOOP("CasesPanel", "Open")),
    ("overdue", QT_TRANSLATE_NOOP("CasesPanel", "Overdue")),
    ("closed", QT_TRANSLATE_NOOP("CasesPanel", "Closed")),
    ("all", QT_TRANSLATE_NOOP("CasesPanel", "All")),
)


class CasesPanel(_Panel):
    open_customer = Signal(int)
    survey_requested = Signal(int, str, int)     # customer id, name, case id

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = local_today()
        self.names: dict[int, str] = {}
        today = self.today
        self.model = RecordTableModel([
            Column(QT_TRANSLATE_NOOP("Columns", "Case"), lambda c: c.id, numeric=True),
            Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda c: c.customer_name),
            Column(QT_TRANSLATE_NOOP("Columns", "Case trigger"), lambda c: c.trigger),
            Column(QT_TRANSLATE_NOOP("Columns", "Case deadline"), lambda c: c.due_on),
            Column(QT_TRANSLATE_NOOP("Columns", "Status"),
                   lambda c: "已逾期" if c.overdue(today) else c.status.label),
            Column(QT_TRANSLATE_NOOP("Columns", "Escalated"), lambda c: c.escalated),
            Column(QT_TRANSLATE_NOOP("Columns", "Manager"),
                   lambda c: self.names.get(c.assignee_id, "")),
            Column(QT_TRANSLATE_NOOP("Columns", "Follow-up survey"),
                   lambda c: "已安排" if c.follow_up_task_id else ""),
            Column(QT_TRANSLATE_NOOP("Columns", "Case outcome"), lambda c: c.outcome),
        ])
        self.view = record_view(self.model, "caseTable")
        for col, width in enumerate((50, 80, 430, 90, 70, 50, 80, 80)):
            self.view.setColumnWidth(col, width)
        self.view.doubleClicked.connect(lambda _i: self.open_case())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.state = QComboBox(objectName="caseFilter")
        self.count = QLabel(objectName="caseCount")
        self.handle_button = QPushButton(objectName="caseHandle")
        self.survey_button = QPushButton(objectName="caseSurvey")
        self.customer_button = QPushButton(objectName="caseCustomer")
        self.empty = _empty_label("caseEmpty")
        row = QHBoxLayout()
        self.state_label = QLabel()
        row.addWidget(self.state_label)
        row.addWidget(self.state)
        for b in (self.handle_button, self.survey_button, self.customer_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.retranslate()
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.handle_button.clicked.connect(self.open_case)
        self.survey_button.clicked.connect(self.follow_up_survey)
        self.customer_button.clicked.connect(self._open_customer)
        ctx.signals.data_changed.connect(self._on_data_changed)
        self._on_selection()
        self.refresh()

    def retranslate(self) -> None:
        self.state_label.setText(self.tr("Show"))
        _fill(self.state, None, [(self.tr(t), k) for k, t in CASE_FILTERS])
        self.handle_button.setText(self.tr("Handle…"))
        self.survey_button.setText(self.tr("Follow-up survey"))
        self.customer_button.setText(self.tr("Open customer"))
        self.model.retranslate()

    def refresh(self) -> None:
        from crm.services.surveys import list_cases
        from crm.services.users import list_users
        key, actor = self.state.currentData() or "open", self.ctx.actor
        status = {"open": CaseStatus.OPEN, "overdue": CaseStatus.OPEN,
                  "closed": CaseStatus.CLOSED}.get(key)

        def work(uow: Any, _p: Any) -> Any:
            names = {u.id: u.display_name for u in list_users(uow, actor)}
            return names, list_cases(uow, actor, status=status)
        self.ctx.run(work, self._on_loaded, widget=self)

    def _on_loaded(self, result: Any) -> None:
        self.names, cases = result
        self.today = local_today()
        if self.state.currentData() == "overdue":
            cases = [c for c in cases if c.overdue(self.today)]
        self.model.set_records(cases)
        self.count.setText(self.tr("%1 cases").replace("%1", str(len(cases))))
        self.empty.setText(self.tr("No remediation cases here. A case opens when a survey "
                                   "answer scores 2 or less (1–5) or the NPS answer is 6 or "
                                   "less, or when a complaint is recorded."))
        self.empty.setVisible(not cases)
        self.view.setVisible(bool(cases))
        self._on_selection()

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_case(self, case_id: int) -> bool:
        for r, c in enumerate(self.model.records):
            if c.id == case_id:
                self.view.selectRow(r)
                return True
        return False

    def _on_selection(self) -> None:
        c = self.selected()
        self.handle_button.setEnabled(c is not None)
        self.customer_button.setEnabled(c is not None)
        self.survey_button.setEnabled(c is not None and c.status is CaseStatus.CLOSED
                                      and not self.ctx.actor.read_only
                                      and self.ctx.actor.can(Permission.EDIT_CUSTOMERS))

    def open_case(self) -> CaseDialog | None:
        c = self.selected()
        if c is None:
            return None
        dialog = CaseDialog(self.ctx, c, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_case(dialog.result))
        dialog.open()
        return dialog

    def _after_case(self, view: Any) -> None:
        if view is not None and view.status is CaseStatus.CLOSED and view.follow_up_task_id:
            self.state.setCurrentIndex(self.state.findData("closed"))

    def follow_up_survey(self) -> None:
        c = self.selected()
        if c is not None and c.status is CaseStatus.CLOSED:
            self.survey_requested.emit(c.customer_id, c.customer_name, c.id)

    def _open_customer(self) -> None:
        c = self.selected()
        if c is not None:
            self.open_customer.emit(c.customer_id)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"surveys", "feedback"}:
            self.refresh()


# ---- 意见反馈 --------------------------------------------------------------------------------

FEEDBACK_STATES = (
    ("open", QT_TRANSLATE_NOOP("FeedbackPanel", "Not finished")),
    ("pending", QT_TRANSLATE_NOOP("FeedbackPanel", "Suggestions awaiting a decision")),
    *((s.value, s.label) for s in FeedbackStatus),
    ("all", QT_TRANSLATE_NOOP("FeedbackPanel", "All")),
)


class FeedbackPanel(_Panel):
    open_customer = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = RecordTableModel([
            Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda f: f.kind),
            Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda f: f.customer_name),
            Column(QT_TRANSLATE_NOOP("Columns", "Category"), lambda f: f.category),
            Column(QT_TRANSLATE_NOOP("Columns", "Content"), lambda f: f.content),
            Column(QT_TRANSLATE_NOOP("Columns", "Channel"), lambda f: f.channel),
            Column(QT_TRANSLATE_NOOP("Columns", "Received"), lambda f: f.received_at),
            Column(QT_TRANSLATE_NOOP("Columns", "Age (days)"), lambda f: f.age_days, numeric=True),
            Column(QT_TRANSLATE_NOOP("Columns", "Reply by"), lambda f: f.due_on),
            Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda f: f.status),
            Column(QT_TRANSLATE_NOOP("Columns", "Decision"), lambda f: f.adoption),
            Column(QT_TRANSLATE_NOOP("Columns", "Resolution"),
                   lambda f: f.resolution or f.adoption_reason),
        ])
        self.view = record_view(self.model, "feedbackTable")
        for col, width in enumerate((50, 80, 80, 300, 50, 120, 60, 90, 60, 70)):
            self.view.setColumnWidth(col, width)
        self.view.doubleClicked.connect(lambda _i: self.handle())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.kind = QComboBox(objectName="feedbackFilterKind")
        self.state = QComboBox(objectName="feedbackFilterState")
        self.older = QSpinBox(objectName="feedbackOlder", maximum=3650)
        self.rate = QLabel(objectName="feedbackRate")
        self.rate.setStyleSheet("font-weight: bold")
        self.add_button = QPushButton(objectName="feedbackAdd")
        self.handle_button = QPushButton(objectName="feedbackHandle")
        self.customer_button = QPushButton(objectName="feedbackCustomer")
        self.empty = _empty_label("feedbackEmpty")
        self.add_button.setVisible(ctx.actor.can(Permission.EDIT_CUSTOMERS)
                                   and not ctx.actor.read_only)
        filters = QHBoxLayout()
        self.older_label = QLabel()
        for w in (self.kind, self.state, self.older_label, self.older):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.rate)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.handle_button, self.customer_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.retranslate()
        for box in (self.kind, self.state):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.older.valueChanged.connect(lambda _v: self.refresh())
        self.add_button.clicked.connect(self.add)
        self.handle_button.clicked.connect(self.handle)
        self.customer_button.clicked.connect(self._open_customer)
        ctx.signals.data_changed.connect(self._on_data_changed)
        self._on_selection()
        self.refresh()

    def retranslate(self) -> None:
        _fill(self.kind, self.tr("All kinds"), [(k.label, k) for k in FeedbackKind])
        _fill(self.state, None, [(self.tr(t) if k in ("open", "pending", "all") else t, k)
                                 for k, t in FEEDBACK_STATES])
        self.older_label.setText(self.tr("Older than (days)"))
        self.add_button.setText(self.tr("New feedback…"))
        self.handle_button.setText(self.tr("Handle…"))
        self.customer_button.setText(self.tr("Open customer"))
        self.model.retranslate()

    def current_filter(self) -> Any:
        from crm.services.surveys import FeedbackFilter
        key = self.state.currentData() or "open"
        status = FeedbackStatus(key) if key in {s.value for s in FeedbackStatus} else None
        return FeedbackFilter(kind=enum_data(self.kind, FeedbackKind), status=status,
                              open_only=key == "open", adoption_pending=key == "pending",
                              older_than_days=self.older.value() or None)

    def refresh(self) -> None:
        from crm.queries.surveys import loop_figures
        from crm.services.surveys import list_feedback
        flt, actor = self.current_filter(), self.ctx.actor

        def work(uow: Any, _p: Any) -> Any:
            return list_feedback(uow, actor, flt), loop_figures(uow.session, actor)
        self.ctx.run(work, self._on_loaded, widget=self)

    def _on_loaded(self, result: Any) -> None:
        rows, lf = result
        self.model.set_records(rows)
        self.rate.setText(self.tr("Suggestion adoption rate %1 (%2 adopted incl. %3 "
                                  "implemented, %4 not adopted, %5 awaiting a decision)")
                          .replace("%1", _pct(lf.adoption_rate)).replace("%2", str(lf.adopted))
                          .replace("%3", str(lf.implemented)).replace("%4", str(lf.not_adopted))
                          .replace("%5", str(lf.undecided)))
        self.empty.setText(self.tr("No feedback matches. Complaints, suggestions and praise "
                                   "from any channel are recorded with New feedback…; "
                                   "suggestions written on a survey arrive here by "
                                   "themselves."))
        self.empty.setVisible(not rows)
        self.view.setVisible(bool(rows))
        self._on_selection()

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _on_selection(self) -> None:
        f = self.selected()
        self.handle_button.setEnabled(f is not None)
        self.customer_button.setEnabled(f is not None and f.customer_id is not None)

    def add(self) -> FeedbackDialog:
        dialog = FeedbackDialog(self.ctx, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def handle(self) -> FeedbackDialog | None:
        f = self.selected()
        if f is None:
            return None
        dialog = FeedbackDialog(self.ctx, f, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _open_customer(self) -> None:
        f = self.selected()
        if f is not None and f.customer_id is not None:
            self.open_customer.emit(f.customer_id)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"surveys", "feedback"}:
            self.refresh()


# ---- 问卷模板 --------------------------------------------------------------------------------

class TemplatesPanel(_Panel):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = RecordTableModel([
            Column(QT_TRANSLATE_NOOP("Columns", "Questionnaire"), lambda t: t.name),
            Column(QT_TRANSLATE_NOOP("Columns", "Code"), lambda t: t.code),
            Column(QT_TRANSLATE_NOOP("Columns", "Version"), lambda t: t.revision, numeric=True),
            Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda t: t.status),
            Column(QT_TRANSLATE_NOOP("Columns", "Questions"), lambda t: len(t.questions),
                   numeric=True),
            Column(QT_TRANSLATE_NOOP("Columns", "Responses"), lambda t: t.responses, numeric=True),
            Column(QT_TRANSLATE_NOOP("Columns", "Description"), lambda t: t.description),
        ])
        self.view = record_view(self.model, "templateTable")
        for col, width in enumerate((200, 110, 50, 50, 50, 60)):
            self.view.setColumnWidth(col, width)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.questions = QTableWidget(0, 5, objectName="templateQuestionList")
        self.questions.verticalHeader().hide()
        self.questions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.questions.setWordWrap(True)
        self.questions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 40), (2, 110), (3, 80), (4, 260)):
            self.questions.setColumnWidth(col, width)
        self.retired = QCheckBox(objectName="templateShowRetired")
        self.new_button = QPushButton(objectName="templateNew")
        self.edit_button = QPushButton(objectName="templateEdit")
        self.retire_button = QPushButton(objectName="templateRetire")
        self.settings_button = QPushButton(objectName="surveySettings")
        admin = ctx.actor.can(Permission.MANAGE_SETTINGS)
        for b in (self.new_button, self.edit_button, self.retire_button, self.settings_button):
            b.setVisible(admin)
        row = QHBoxLayout()
        row.addWidget(self.retired)
        row.addStretch(1)
        for b in (self.new_button, self.edit_button, self.retire_button, self.settings_button):
            row.addWidget(b)
        split = QSplitter(Qt.Orientation.Vertical, objectName="templateSplit")
        split.addWidget(self.view)
        split.addWidget(self.questions)
        split.setSizes([200, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        self.retranslate()
        self.retired.toggled.connect(lambda _v: self.refresh())
        self.new_button.clicked.connect(lambda: self.edit(new=True))
        self.edit_button.clicked.connect(lambda: self.edit())
        self.retire_button.clicked.connect(self.retire)
        self.settings_button.clicked.connect(self.edit_settings)
        ctx.signals.data_changed.connect(self._on_data_changed)
        self._on_selection()
        self.refresh()

    def retranslate(self) -> None:
        self.retired.setText(self.tr("Show retired versions"))
        self.new_button.setText(self.tr("New questionnaire…"))
        self.edit_button.setText(self.tr("Edit (new version if answered)…"))
        self.retire_button.setText(self.tr("Retire"))
        self.settings_button.setText(self.tr("Survey settings…"))
        self.settings_button.setToolTip(self.tr(
            "Minimum gap between two surveys, remediation due days, periodic surveys by segment"))
        self.questions.setHorizontalHeaderLabels([self.tr("No."), self.tr("Question"),
                                                  self.tr("Dimension"), self.tr("Kind"),
                                                  self.tr("Options")])
        self.model.retranslate()

    def refresh(self) -> None:
        from crm.services.surveys import ensure_default_template, list_templates
        actor, retired = self.ctx.actor, self.retired.isChecked()

        def work(uow: Any, _p: Any) -> Any:
            ensure_default_template(uow)
            return list_templates(uow, actor, include_retired=retired)
        self.ctx.run(work, self._on_loaded, widget=self)

    def _on_loaded(self, templates: list[Any]) -> None:
        chosen = self.selected()
        self.model.set_records(templates)
        ids = [t.id for t in templates]
        row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0
        if templates:
            self.view.selectRow(row)
        self._on_selection()

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _on_selection(self) -> None:
        from crm.domain.enums import TemplateStatus
        t = self.selected()
        active = t is not None and t.status is TemplateStatus.ACTIVE
        self.edit_button.setEnabled(active)
        self.retire_button.setEnabled(active)
        qs = t.questions if t is not None else ()
        self.questions.setRowCount(len(qs))
        for r, q in enumerate(qs):
            options = "；".join(q.choices)
            for c, text in enumerate((str(q.seq), q.text + ("" if q.required else "（选答）"),
                                      q.dimension.label, q.kind.label, options)):
                self.questions.setItem(r, c, QTableWidgetItem(text))
        self.questions.resizeRowsToContents()

    def edit(self, new: bool = False) -> TemplateDialog | None:
        if not self.ctx.actor.can(Permission.MANAGE_SETTINGS):
            return None
        t = None if new else self.selected()
        if not new and t is None:
            return None
        dialog = TemplateDialog(self.ctx, t, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_settings(self) -> None:
        """调查设置: loaded on the worker, then the dialog (kept as `settings_dialog`)."""
        from crm.services.surveys import settings_for_edit
        if not self.ctx.actor.can(Permission.MANAGE_SETTINGS):
            return
        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: settings_for_edit(uow, actor), self._open_settings,
                     widget=self)

    def _open_settings(self, result: Any) -> None:
        settings, segments = result
        dialog = SurveySettingsDialog(self.ctx, settings, segments, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.open()

    def retire(self) -> None:
        from crm.services.surveys import retire_template
        t = self.selected()
        if t is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Retire questionnaire"),
            self.tr("Retire “%1”? It can no longer be used for new answers; the answers "
                    "already given stay in the analysis.").replace("%1", t.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: retire_template(uow, actor, t.id, t.version),
                     lambda _v: None, widget=self, changes=frozenset({"surveys"}))

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if "surveys" in kinds:
            self.refresh()


# ---- the page --------------------------------------------------------------------------------

class SurveysPage(QWidget):
    """The 满意度调查 navigation page."""

    open_customer = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget(objectName="surveyTabs", documentMode=True)
        self.entry = SurveyEntryForm(ctx, paper_tools=True)
        self.analysis = AnalysisPanel(ctx)
        self.cases = CasesPanel(ctx)
        self.feedback = FeedbackPanel(ctx)
        self.templates = TemplatesPanel(ctx)
        for w in (self.entry, self.analysis, self.cases, self.feedback, self.templates):
            self.tabs.addTab(w, "")
        for panel in (self.analysis, self.cases, self.feedback):
            panel.open_customer.connect(self.open_customer)
        self.cases.survey_requested.connect(self.start_follow_up)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate()

    def retranslate(self) -> None:
        for i, text in enumerate((self.tr("Enter answers"), self.tr("Analysis"),
                                  self.tr("Remediation cases"), self.tr("Feedback"),
                                  self.tr("Questionnaires"))):
            self.tabs.setTabText(i, text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def start_follow_up(self, customer_id: int, name: str, case_id: int) -> None:
        self.tabs.setCurrentWidget(self.entry)
        self.entry.preset(customer_id, name, follow_up_of=case_id)



def _cleared(chart: Any) -> Any:
    """The chart without its series and axes, ready to draw again."""
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    return chart


def _dimension_axes(chart: Any, series: Any, categories: list[str], y: Any) -> None:
    """The survey dimensions along the bottom, `y` on the left, the legend below."""
    from PySide6.QtCharts import QBarCategoryAxis

    x = QBarCategoryAxis()
    x.append(categories)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    chart.legend().setVisible(True)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

__all__ = ["AnalysisPanel", "CasesPanel", "FeedbackPanel", "SurveysPage", "TemplatesPanel"]
