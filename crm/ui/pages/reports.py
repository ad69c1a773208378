"""报表 page: the management dashboard (portfolio, risk, work, satisfaction, per manager).

Each panel is one query of crm.queries.dashboard run on the worker, one after another, and
shown as it arrives. Figures are buttons and chart bars / slices are clickable: each drills
down to its customers (the customer list with a filter when the list can express it, else
a list of the customers). Charts are QtCharts with tooltips and 保存图片.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt, Signal
from PySide6.QtGui import QCursor, QPainter
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QMenu, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QToolButton, QToolTip,
    QVBoxLayout, QWidget,
)

from crm.domain.compliance import local_today
from crm.ui.context import AppContext
from crm.ui.table_model import Column, RecordTableModel, display, record_view

PANELS = ("portfolio", "risk", "work", "satisfaction", "managers")
# the order the worker loads them: the quick ones first (bench/dashboard_1m.py: at 1M customers
# on SQLite satisfaction ~0.01 s, risk ~0.06 s, work ~0.19 s, portfolio ~0.40 s, managers ~0.41 s)
LOAD_ORDER = ("satisfaction", "risk", "work", "portfolio", "managers")
COLOURS = ("#1a5fb4", "#2e7d32", "#c64600", "#a51d2d", "#613583", "#986a44", "#5e5c64")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _num(value: Any) -> str:
    return "—" if value is None else (f"{value:,}" if isinstance(value, int) else display(value))


def months_back(today: date, n: int = 13) -> list[date]:
    out, y, m = [], today.year, today.month
    for _ in range(n):
        out.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


class ChartBox(QWidget):
    """A titled QtCharts view with a 保存图片 button; bars/slices report clicks by key."""

    clicked = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        from PySide6.QtCharts import QChart, QChartView
        super().__init__(parent)
        self.setObjectName(name)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setVisible(False)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(360, 240)
        self.save_button = QToolButton(text=self.tr("Save as image…"), objectName="savePng")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        lay.addLayout(row)
        self.values: list[tuple[str, str, float]] = []   # (key, label, value) as shown

    def _clear(self, title: str) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.chart.setTitle(title)

    def bars(self, title: str, items: list[tuple[str, str, float]], fmt: str = "{:,.0f}",
             colour: str = COLOURS[0]) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis
        self._clear(title)
        self.values = items
        series = QBarSeries()
        bars = QBarSet(title)
        bars.setColor(colour)
        for _k, _l, v in items:
            bars.append(float(v))
        series.append(bars)
        series.hovered.connect(lambda on, i, _s: self._tip(on, items[i][1], fmt.format(items[i][2])))
        series.clicked.connect(lambda i, _s: self.clicked.emit(items[i][0]))
        self.chart.addSeries(series)
        x_axis, y_axis = QBarCategoryAxis(), QValueAxis()
        x_axis.append([label for _k, label, _v in items])
        top = max([v for _k, _l, v in items] + [4.0])
        y_axis.setRange(0, top * 1.05)
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%d")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)

    def pie(self, title: str, items: list[tuple[str, str, float]]) -> None:
        from PySide6.QtCharts import QPieSeries
        self._clear(title)
        self.values = items
        series = QPieSeries()
        total = sum(v for _k, _l, v in items) or 1.0
        for i, (key, label, value) in enumerate(items):
            if value <= 0:
                continue
            s = series.append(label, float(value))
            s.setColor(COLOURS[i % len(COLOURS)])
            s.setLabel(f"{label} {value / total:.0%}")
            s.setLabelVisible(value / total >= 0.03)
            s.hovered.connect(lambda on, lb=label, v=value: self._tip(
                on, lb, f"{v:,.0f}（{v / total:.1%}）"))
            s.clicked.connect(lambda k=key: self.clicked.emit(k))
        self.chart.addSeries(series)

    def lines(self, title: str, months: list[str], series_: dict[str, list[float | None]],
              y_range: tuple[float, float]) -> None:
        from PySide6.QtCharts import QCategoryAxis, QLineSeries, QValueAxis
        self._clear(title)
        self.values = []
        self.chart.legend().setVisible(True)
        x_axis, y_axis = QCategoryAxis(), QValueAxis()
        for i, m in enumerate(months):
            x_axis.append(m, i + 0.5)
        x_axis.setRange(-0.5, len(months) - 0.5)
        y_axis.setRange(*y_range)
        y_axis.setLabelFormat("%.0f")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for n, (name, values) in enumerate(series_.items()):
            line = QLineSeries(name=name)
            line.setPointsVisible(True)
            line.setColor(COLOURS[n])
            for i, v in enumerate(values):
                if v is not None:
                    line.append(i, v)
                    self.values.append((months[i], f"{name} {months[i]}", v))
            line.hovered.connect(lambda p, on, nm=name: self._tip(
                on, f"{nm} {months[min(len(months) - 1, max(0, round(p.x())))]}", f"{p.y():.1f}"))
            self.chart.addSeries(line)
            line.attachAxis(x_axis)
            line.attachAxis(y_axis)

    def _tip(self, on: bool, label: str, value: str) -> None:
        if on:
            QToolTip.showText(QCursor.pos(), f"{label}：{value}", self.view)
        else:
            QToolTip.hideText()

    def save_png(self, path: str) -> bool:
        return self.view.grab().save(path, "PNG")

    def _on_save_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart"),
                                              f"{self.chart.title() or 'chart'}.png",
                                              self.tr("PNG image (*.png)"))
        if path:
            self.save_png(path if path.lower().endswith(".png") else path + ".png")


class Tile(QPushButton):
    """A figure with its caption; clicking it drills down."""

    def __init__(self, caption: str, figure: str, key: str | None = None) -> None:
        super().__init__()
        self.caption, self.figure, self.key = caption, figure, key
        self.setFlat(True)
        self.setMinimumSize(120, 56)
        self.setStyleSheet("QPushButton { text-align: left; padding: 6px 10px; "
                           "border: 1px solid #d0d0d0; border-radius: 4px; background: #fafafa }"
                           "QPushButton:hover { background: #eef4fb }")
        self.set_value("…")

    def set_value(self, text: str) -> None:
        self.setText(f"{self.caption}\n{text}")
        self.setAccessibleName(f"{self.caption} {text}")


@dataclass(frozen=True)
class _Drill:
    figure: str
    key: str | None = None


MANAGER_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Columns", "Manager"), lambda r: r.name),
    Column(QT_TRANSLATE_NOOP("Columns", "Customers"), lambda r: r.customers, True),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue customers"), lambda r: r.overdue_customers, True),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue amount"), lambda r: r.overdue_amount, True),
    Column(QT_TRANSLATE_NOOP("Columns", "Contacts"), lambda r: r.contacts, True),
    Column(QT_TRANSLATE_NOOP("Columns", "Visits"), lambda r: r.visits, True),
    Column(QT_TRANSLATE_NOOP("Columns", "Promise-kept rate"), lambda r: r.kept_rate, True),
    Column(QT_TRANSLATE_NOOP("Columns", "NPS"), lambda r: r.nps, True),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue tasks"), lambda r: r.overdue_tasks, True),
)


class ManagerModel(RecordTableModel):
    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() \
                and 0 <= index.row() < len(self.records):
            value = self.columns[index.column()].value(self.records[index.row()])
            if isinstance(value, float):
                return f"{value:.1f}" if index.column() == 7 else _pct(value)
            if value is None and self.columns[index.column()].numeric:
                return "—"
        return super().data(index, role)


class DrillDialog(QDialog):
    """The customers behind a figure the customer list cannot filter on; double-click opens one."""

    open_customer = Signal(int)

    def __init__(self, title: str, rows: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 480)
        cols = (Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda r: r.name),
                Column(QT_TRANSLATE_NOOP("Columns", "Manager"), lambda r: r.owner),
                Column(QT_TRANSLATE_NOOP("Columns", "Overdue amount"), lambda r: r.overdue_amount,
                       True),
                Column(QT_TRANSLATE_NOOP("Columns", "Max overdue days"),
                       lambda r: r.max_overdue_days, True),
                Column(QT_TRANSLATE_NOOP("Columns", "Risk level"), lambda r: r.risk_level))
        self.model = RecordTableModel(cols)
        self.model.set_records(rows)
        self.view = record_view(self.model, "drillList")
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("%1 customers; double-click one to open it.")
                             .replace("%1", str(len(rows)))))
        lay.addWidget(self.view)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self.open_customer.emit(self.model.record(index.row()).customer_id)


class ReportsPage(QWidget):
    open_customer_list = Signal(dict)
    open_customer = Signal(int)

    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today or local_today()
        self.results: dict[str, Any] = {}
        self.generation = 0
        self.dialogs: list[QWidget] = []
        self._build_filter_bar()
        self.body = QWidget()
        grid = QVBoxLayout(self.body)
        grid.addWidget(self._portfolio_box())
        grid.addWidget(self._risk_box())
        grid.addWidget(self._work_box())
        grid.addWidget(self._satisfaction_box())
        grid.addWidget(self._managers_box())
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.body)
        lay = QVBoxLayout(self)
        lay.addLayout(self.filter_bar)
        lay.addWidget(scroll, 1)
        self.ctx.run(self._choices, self._on_choices, widget=None)

    # -- filter bar ---------------------------------------------------------------------------
    def _build_filter_bar(self) -> None:
        self.period = QComboBox(objectName="period")
        for first in months_back(self.today):
            self.period.addItem(f"{first:%Y-%m}", first)
        self.period.setCurrentIndex(0)
        self.branch = QComboBox(objectName="branch")
        self.manager = QComboBox(objectName="manager")
        for box in (self.branch, self.manager):
            box.addItem(self.tr("All"), None)
            box.setMinimumContentsLength(8)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refresh")
        self.report_button = QToolButton(text=self.tr("Monthly report"), objectName="monthly")
        self.report_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.report_button)
        menu.addAction(self.tr("PDF…"), lambda: self._ask_report("pdf"))
        menu.addAction(self.tr("Excel…"), lambda: self._ask_report("xlsx"))
        self.report_button.setMenu(menu)
        self.report_button.setMinimumWidth(140)
        self.status = QLabel(objectName="status")
        bar = QHBoxLayout()
        for label, w in ((self.tr("Month"), self.period), (self.tr("Branch"), self.branch),
                         (self.tr("Manager"), self.manager)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.report_button)
        self.filter_bar = bar
        for box in (self.period, self.branch, self.manager):
            box.currentIndexChanged.connect(self._on_filter_changed)
        self.refresh_button.clicked.connect(self.refresh)

    def _choices(self, uow: Any, _p: Any) -> Any:
        from crm.queries.dashboard import filter_choices
        return filter_choices(uow.session, self.ctx.actor)

    def _on_choices(self, choices: Any) -> None:
        branches, managers = choices
        for box, items in ((self.branch, branches), (self.manager, managers)):
            box.blockSignals(True)
            for c in items:
                box.addItem(c.name, c.id)
            box.blockSignals(False)
        self.refresh()

    def current_filter(self) -> Any:
        from crm.queries.dashboard import DashboardFilter
        first: date = self.period.currentData()
        return DashboardFilter.month(first.year, first.month, branch_id=self.branch.currentData(),
                                     manager_id=self.manager.currentData())

    def _on_filter_changed(self, _i: int) -> None:
        self.refresh()

    def filter_by_manager(self, manager_id: int) -> None:
        i = self.manager.findData(manager_id)
        if i >= 0:
            self.manager.setCurrentIndex(i)

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.generation += 1
        gen, flt, actor, today = self.generation, self.current_filter(), self.ctx.actor, self.today
        self.results.clear()
        self.status.setText(self.tr("Loading…"))
        for tile in self.tiles.values():
            tile.set_value("…")
        for name in LOAD_ORDER:
            def work(uow: Any, _p: Any, name: str = name) -> Any:
                from crm.queries.dashboard import panel
                if gen != self.generation:
                    return None
                return panel(uow.session, actor, flt, name, today)
            self.ctx.run(work, lambda result, name=name: self._on_panel(gen, name, result))

    def _on_panel(self, gen: int, name: str, result: Any) -> None:
        if gen != self.generation or result is None:
            return
        self.results[name] = result
        getattr(self, f"_show_{name}")(result)
        if len(self.results) == len(PANELS):
            self.status.setText("")

    @property
    def loaded(self) -> bool:
        return len(self.results) == len(PANELS)

    # -- panels -------------------------------------------------------------------------------
    def _tile_row(self, specs: list[tuple[str, str, str | None, str]]) -> QGridLayout:
        grid = QGridLayout()
        for i, (caption, figure, key, name) in enumerate(specs):
            tile = Tile(caption, figure, key)
            tile.setObjectName(name)
            tile.clicked.connect(lambda _c=False, t=tile: self.drill(t.figure, t.key))
            self.tiles[name] = tile
            grid.addWidget(tile, i // 6, i % 6)
        return grid

    def _chart(self, name: str, figure: str) -> ChartBox:
        box = ChartBox(name)
        box.clicked.connect(lambda key, f=figure: self.drill(f, key))
        self.charts[name] = box
        return box

    def _portfolio_box(self) -> QGroupBox:
        self.tiles: dict[str, Tile] = {}
        self.charts: dict[str, ChartBox] = {}
        box = QGroupBox(self.tr("Portfolio"), objectName="portfolioPanel")
        lay = QVBoxLayout(box)
        lay.addLayout(self._tile_row([
            (self.tr("Customers"), "customers", None, "customers"),
            (self.tr("Loans"), "customers", None, "loans"),
            (self.tr("Balance"), "customers", None, "balance"),
            (self.tr("Overdue amount"), "overdue", None, "overdueAmount"),
            (self.tr("Overdue rate"), "overdue", None, "overdueRate")]))
        charts = QHBoxLayout()
        charts.addWidget(self._chart("bucketChart", "bucket"))
        charts.addWidget(self._chart("tierChart", "tier"))
        lay.addLayout(charts)
        lay.addWidget(QLabel(self.tr("Migration between buckets since last month (customers; "
                                     "click a cell for its customers)")))
        self.roll = QTableWidget(objectName="rollMatrix")
        self.roll.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.roll.cellClicked.connect(self._on_roll_cell_clicked)
        lay.addWidget(self.roll)
        self.roll_note = QLabel(wordWrap=True)
        self.roll_note.setStyleSheet("color: #666")
        lay.addWidget(self.roll_note)
        return box

    def _show_portfolio(self, p: Any) -> None:
        t = self.tiles
        t["customers"].set_value(_num(p.customers))
        t["loans"].set_value(_num(p.loans))
        t["balance"].set_value(_num(p.balance))
        t["overdueAmount"].set_value(_num(p.overdue_amount))
        t["overdueRate"].set_value(_pct(p.overdue_rate))
        self.charts["bucketChart"].bars(self.tr("Loans by overdue bucket"),
                                        [(s.key, s.key, s.count) for s in p.buckets])
        self.charts["tierChart"].pie(self.tr("Loans by five-tier class"),
                                     [(s.key, s.label, s.count) for s in p.tiers])
        from crm.domain.enums import Bucket
        keys = [b.value for b in Bucket]
        self.roll.setRowCount(len(keys))
        self.roll.setColumnCount(len(keys) + 1)
        self.roll.setHorizontalHeaderLabels(keys + [self.tr("Customers")])
        self.roll.setVerticalHeaderLabels([self.tr("From %1").replace("%1", k) for k in keys])
        for r, src in enumerate(keys):
            total = sum(n for (a, _b), n in p.roll.items() if a == src)
            for c, dst in enumerate(keys):
                n = p.roll.get((src, dst), 0)
                item = QTableWidgetItem(f"{n}\n{n / total:.0%}" if total and n else "0")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(Qt.ItemDataRole.UserRole, f"{src}>{dst}")
                if total and n and c != r:
                    item.setBackground(Qt.GlobalColor.yellow if c > r else Qt.GlobalColor.green)
                self.roll.setItem(r, c, item)
            self.roll.setItem(r, len(keys), QTableWidgetItem(str(total)))
        self.roll.resizeRowsToContents()
        self.roll.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.roll.setFixedHeight(self.roll.horizontalHeader().height() + 4 + sum(
            self.roll.rowHeight(i) for i in range(self.roll.rowCount())))
        self.roll_note.setText(p.roll_note + self.tr(" Customers without history: %1.")
                               .replace("%1", str(p.roll_unknown)))

    def _on_roll_cell_clicked(self, row: int, column: int) -> None:
        item = self.roll.item(row, column)
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if key:
            self.drill("roll", key)

    def _risk_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Risk"), objectName="riskPanel")
        lay = QVBoxLayout(box)
        lay.addLayout(self._tile_row([
            (self.tr("New alerts"), "alerts_new", None, "newAlerts"),
            (self.tr("Open alerts"), "alerts_age", None, "openAlerts"),
            (self.tr("Past response time"), "alerts_breaching", None, "breaching")]))
        charts = QHBoxLayout()
        charts.addWidget(self._chart("levelChart", "risk_level"))
        charts.addWidget(self._chart("ageChart", "alerts_age"))
        lay.addLayout(charts)
        return box

    def _show_risk(self, r: Any) -> None:
        self.tiles["newAlerts"].set_value(_num(r.new_alerts))
        self.tiles["openAlerts"].set_value(_num(r.open_alerts))
        self.tiles["breaching"].set_value(_num(r.breaching))
        self.charts["levelChart"].bars(self.tr("Customers by risk level"),
                                       [(s.key, s.label, s.count) for s in r.levels],
                                       colour=COLOURS[3])
        self.charts["ageChart"].bars(self.tr("Open alerts by age"),
                                     [(s.key, s.label, s.count) for s in r.open_by_age],
                                     colour=COLOURS[2])

    def _work_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Work"), objectName="workPanel")
        lay = QVBoxLayout(box)
        lay.addLayout(self._tile_row([
            (self.tr("Contacts"), "outcome", None, "contacts"),
            (self.tr("Visits planned"), "visits", "planned", "visitsPlanned"),
            (self.tr("Visits done"), "visits", "done", "visitsDone"),
            (self.tr("Customer not met"), "visits", "not_met", "visitsNotMet"),
            (self.tr("Visits reviewed"), "visits", "reviewed", "visitsReviewed"),
            (self.tr("Promises made"), "promises", "made", "promisesMade"),
            (self.tr("Promises kept"), "promises", "kept", "promisesKept"),
            (self.tr("Promises broken"), "promises", "broken", "promisesBroken"),
            (self.tr("Promise-kept rate"), "promises", "kept", "keptRate"),
            (self.tr("Plans active"), "plans", "active", "plansActive"),
            (self.tr("Plans completed"), "plans", "settled", "plansCompleted"),
            (self.tr("Plans defaulted"), "plans", "defaulted", "plansDefaulted")]))
        self.tiles["contacts"].figure = "channel"
        charts = QHBoxLayout()
        charts.addWidget(self._chart("channelChart", "channel"))
        charts.addWidget(self._chart("outcomeChart", "outcome"))
        lay.addLayout(charts)
        self.effects = QLabel(objectName="effects", wordWrap=True)
        lay.addWidget(self.effects)
        return box

    def _show_work(self, k: Any) -> None:
        t = self.tiles
        for name, value in (("contacts", k.contacts), ("visitsPlanned", k.visits_planned),
                            ("visitsDone", k.visits_done), ("visitsNotMet", k.visits_not_met),
                            ("visitsReviewed", k.visits_reviewed),
                            ("promisesMade", k.promises_made), ("promisesKept", k.promises_kept),
                            ("promisesBroken", k.promises_broken),
                            ("plansActive", k.plans_active), ("plansCompleted", k.plans_completed),
                            ("plansDefaulted", k.plans_defaulted)):
            t[name].set_value(_num(value))
        t["keptRate"].set_value(_pct(k.kept_rate))
        self.charts["channelChart"].bars(self.tr("Contacts by channel"),
                                         [(s.key, s.label, s.count) for s in k.by_channel])
        self.charts["outcomeChart"].pie(self.tr("Contacts by outcome"),
                                        [(s.key, s.label, s.count) for s in k.by_outcome])
        e = k.effects
        parts = [self.tr("Overdue change after the period's %1 visits:").replace("%1", str(e.visits))]
        for i, days in enumerate((30, 60, 90)):
            parts.append(self.tr("%1 days: %2 (%3 visits compared)").replace("%1", str(days))
                         .replace("%2", _pct(e.change_pct(i))).replace("%3", str(e.compared[i])))
        self.effects.setText("  ".join(parts))
        self.effects.setToolTip(e.source_note)

    def _satisfaction_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Satisfaction"), objectName="satisfactionPanel")
        lay = QVBoxLayout(box)
        lay.addLayout(self._tile_row([
            (self.tr("Responses"), "customers", None, "responses"),
            (self.tr("NPS"), "customers", None, "nps"),
            (self.tr("CSAT"), "customers", None, "csat"),
            (self.tr("Weakest dimension"), "customers", None, "weakest"),
            (self.tr("Remediation open / overdue"), "customers", None, "cases"),
            (self.tr("Suggestions adopted"), "customers", None, "adoption")]))
        for name in ("responses", "nps", "csat", "weakest", "cases", "adoption"):
            self.tiles[name].figure = ""            # survey figures do not drill to customers
            self.tiles[name].setToolTip(self.tr("Details on the Surveys page"))
        self.empty = QLabel(self.tr("No satisfaction data yet"), objectName="satisfactionEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666; padding: 12px")
        self.empty.hide()
        lay.addWidget(self.empty)
        lay.addWidget(self._chart("trendChart", "customers"))
        return box

    def _show_satisfaction(self, s: Any) -> None:
        t = self.tiles
        t["responses"].set_value(_num(s.responses))
        t["nps"].set_value("—" if s.nps is None else f"{s.nps:.1f}")
        t["csat"].set_value(_pct(s.csat))
        t["weakest"].set_value(f"{s.weakest[0]} {s.weakest[1]:.2f}" if s.weakest else "—")
        t["cases"].set_value(f"{s.cases_open} / {s.cases_overdue}")
        t["adoption"].set_value(_pct(s.adoption_rate))
        has_data = any(p.responses for p in s.trend)
        self.empty.setVisible(not has_data)
        self.charts["trendChart"].setVisible(has_data)
        months = [f"{p.month // 100}-{p.month % 100:02d}" for p in s.trend]
        self.charts["trendChart"].lines(
            self.tr("NPS and CSAT by month"), months,
            {self.tr("NPS"): [p.nps for p in s.trend], self.tr("CSAT %"): [p.csat for p in s.trend]},
            (-100, 100))

    def _managers_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("By manager (click a manager to show only their customers)"),
                        objectName="managersPanel")
        lay = QVBoxLayout(box)
        self.manager_model = ManagerModel(MANAGER_COLUMNS)
        self.manager_view = record_view(self.manager_model, "managerTable")
        self.manager_view.setMinimumHeight(220)
        self.manager_view.clicked.connect(self._on_manager_view_clicked)
        lay.addWidget(self.manager_view)
        return box

    def _show_managers(self, rows: Any) -> None:
        self.manager_model.set_records(rows)
        self.manager_view.resizeColumnsToContents()

    def _on_manager_view_clicked(self, index: QModelIndex) -> None:
        self.filter_by_manager(self.manager_model.record(index.row()).manager_id)

    # -- drill-down -----------------------------------------------------------------------------
    def drill(self, figure: str, key: str | None = None) -> None:
        if not figure:
            return
        flt, actor, today = self.current_filter(), self.ctx.actor, self.today

        def work(uow: Any, _p: Any) -> Any:
            from crm.queries.dashboard import drill, drill_rows
            found = drill(uow.session, actor, flt, figure, key, today=today)
            rows = [] if found.list_definition else drill_rows(uow.session, actor,
                                                               found.customer_ids)
            return found, rows
        self.ctx.run(work, self._on_drilled, widget=self)

    def _on_drilled(self, result: Any) -> None:
        found, rows = result
        if found.list_definition is not None:
            self.open_customer_list.emit(found.list_definition)
            return
        dialog = DrillDialog(self.tr("Customers behind the figure"), rows, self)
        dialog.open_customer.connect(self.open_customer)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialogs = [dialog]

    # -- the monthly report ---------------------------------------------------------------------
    def _ask_report(self, kind: str) -> None:
        first: date = self.period.currentData()
        name = f"月度贷后管理报告-{first:%Y-%m}.{kind}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save monthly report"), name,
            self.tr("PDF (*.pdf)") if kind == "pdf" else self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.make_report(path if path.lower().endswith(f".{kind}") else f"{path}.{kind}")

    def make_report(self, path: str, on_done: Callable[[Any], None] | None = None) -> None:
        first: date = self.period.currentData()
        branch, manager = self.branch.currentData(), self.manager.currentData()
        actor, today = self.ctx.actor, self.today

        def work(uow: Any, _p: Any) -> Any:
            from crm.reports.monthly import monthly_report
            return monthly_report(uow, actor, first.year, first.month, path, today=today,
                                  branch_id=branch, manager_id=manager)

        def done(result: Any) -> None:
            self.status.setText(self.tr("Saved %1").replace("%1", path))
            if on_done is not None:
                on_done(result)
        self.ctx.run(work, done, widget=self, label=self.tr("Writing the monthly report…"))


__all__ = ["ChartBox", "DrillDialog", "ReportsPage"]
