"""客户: the million-row list that answers as you type, with filters, saved views and the
customer 360 pages opened as tabs beside it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
    QLineEdit, QMenu, QMessageBox, QPushButton, QSpinBox, QTableView, QTabWidget, QToolButton,
    QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.enums import Bucket, FiveTier, RiskLevel
from crm.domain.records import CustomerRow
from crm.queries import saved_views
from crm.queries.customers import (
    CustomerFilter, count_customers, customer_keyset_page, filter_options,
)
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.lazy_model import IdRole, LazyColumn, LazyTableModel
from crm.ui.print_preview import BriefingButton

SEARCH_DELAY_MS = 250
COUNT_CAP = 100_000

COLUMNS = [
    LazyColumn("name", QT_TRANSLATE_NOOP("Columns", "Name"), lambda r: r.name),
    LazyColumn("id_number", QT_TRANSLATE_NOOP("Columns", "ID number"), lambda r: r.id_masked),
    LazyColumn("phone", QT_TRANSLATE_NOOP("Columns", "Phone"), lambda r: r.phone_masked,
               sortable=False),
    LazyColumn("district", QT_TRANSLATE_NOOP("Columns", "District"), lambda r: r.district),
    LazyColumn("owner", QT_TRANSLATE_NOOP("Columns", "Manager"), lambda r: r.owner_name),
    LazyColumn("segment", QT_TRANSLATE_NOOP("Columns", "Segment"), lambda r: r.segment),
    LazyColumn("risk_level", QT_TRANSLATE_NOOP("Columns", "Risk level"), lambda r: r.risk_level),
    LazyColumn("worst_class", QT_TRANSLATE_NOOP("Columns", "Five-tier class"),
               lambda r: r.worst_class),
    LazyColumn("total_balance", QT_TRANSLATE_NOOP("Columns", "Balance"),
               lambda r: r.total_balance, numeric=True),
    LazyColumn("max_overdue_days", QT_TRANSLATE_NOOP("Columns", "Overdue days"),
               lambda r: r.max_overdue_days, numeric=True),
    LazyColumn("overdue_amount", QT_TRANSLATE_NOOP("Columns", "Overdue amount"),
               lambda r: r.overdue_amount, numeric=True),
    LazyColumn("last_contact_at", QT_TRANSLATE_NOOP("Columns", "Last contact"),
               lambda r: r.last_contact_at),
    LazyColumn("next_follow_up", QT_TRANSLATE_NOOP("Columns", "Next follow-up"),
               lambda r: r.next_follow_up),
]
DEFAULT_SORT = ("overdue_amount", True)


def _combo(name: str, all_text: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox(objectName=name)
    box.addItem(all_text, None)
    for text, data in items:
        box.addItem(text, data)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


class CustomerListPanel(QWidget):
    """Search, filters, the lazy table; emits open_customer(id) and add_contact(id)."""

    open_customer = Signal(int)
    add_contact = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = LazyTableModel(COLUMNS, page_size=200)
        self.model.sort_key, self.model.descending = DEFAULT_SORT
        self.model.failed.connect(lambda exc: show_error(self, exc))

        self.search = QLineEdit(objectName="customerSearch", clearButtonEnabled=True)
        self.search.setMinimumWidth(260)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._on_search_return_pressed)

        self.manager = _combo("filterManager", "", [])
        self.district = _combo("filterDistrict", "", [])
        self.segment = _combo("filterSegment", "", [])
        self.risk = _combo("filterRisk", "", [(r.label, r) for r in RiskLevel])
        self.tier = _combo("filterTier", "", [(t.label, t) for t in FiveTier])
        self.bucket = _combo("filterBucket", "", [(b.label, b) for b in Bucket])
        self.promise = _combo("filterPromise", "", [])
        self.no_contact = QSpinBox(objectName="filterNoContact", minimum=0, maximum=3650,
                                   singleStep=15)
        self.open_alert = QCheckBox(objectName="filterOpenAlert")
        for box in (self.manager, self.district, self.segment, self.risk, self.tier, self.bucket,
                    self.promise):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.no_contact.valueChanged.connect(lambda _v: self._debounce.start())
        self.open_alert.toggled.connect(lambda _c: self.refresh())
        self.clear_button = QPushButton(objectName="clearFilters")
        self.clear_button.clicked.connect(self.clear_filters)

        self.views = QComboBox(objectName="savedViews")
        self.views.setMinimumWidth(140)
        self.views.activated.connect(self._on_views_activated)
        self.save_view = QToolButton(objectName="saveView")
        self.save_view.clicked.connect(self._on_save_view_clicked)
        self.delete_view = QToolButton(objectName="deleteView")
        self.delete_view.clicked.connect(self._on_delete_view_clicked)
        self.columns_button = QToolButton(objectName="chooseColumns",
                                          popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self)
        self.columns_button.setMenu(self.columns_menu)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.count_label = QLabel(objectName="customerCount")
        self.export_button = QToolButton(objectName="exportView")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.export_button.setEnabled(ctx.actor.can(Permission.EXPORT))
        self.pack_button = BriefingButton(ctx, self.selected_customer_ids, pack=True,
                                          parent=self)

        self.view = QTableView(objectName="customerTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows may be chosen for a visit pack (Ctrl/Shift+click)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSortIndicator(
            [c.key for c in COLUMNS].index(DEFAULT_SORT[0]), Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)     # sorts by the indicator: already the model's
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu_requested)
        header.sectionMoved.connect(lambda *_: self._save_header())
        header.sectionResized.connect(lambda *_: self._save_header())
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.installEventFilter(self)
        self.empty = QLabel(objectName="customerEmpty", alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()

        row1 = QHBoxLayout()
        self.search_label = QLabel()
        for w in (self.search_label, self.search, self.views, self.save_view, self.delete_view):
            row1.addWidget(w)
        row1.addStretch(1)
        row1.addWidget(self.count_label)
        row1.addWidget(self.export_button)
        row1.addWidget(self.pack_button)
        row1.addWidget(self.columns_button)
        row2 = QHBoxLayout()
        self.no_contact_label = QLabel()
        for w in (self.manager, self.district, self.segment, self.risk, self.tier, self.bucket,
                  self.promise, self.no_contact_label, self.no_contact, self.open_alert,
                  self.clear_button):
            row2.addWidget(w)
        row2.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)

        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self._on_add_contact_shortcut)
        self.retranslate()
        self._restore_header()
        self._load_options()
        self._load_views()
        self.refresh()
        self.model.sort_requested.connect(self._on_model_sort_requested)
        ctx.signals.data_changed.connect(self._on_data_changed)

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search_label.setText(self.tr("Search"))
        self.search.setPlaceholderText(
            self.tr("Name, pinyin (zs), last 4 digits of phone or ID, ID number, loan number"))
        self.search.setToolTip(self.tr("Ctrl+F"))
        for box, text in ((self.manager, self.tr("All managers")),
                          (self.district, self.tr("All districts")),
                          (self.segment, self.tr("All segments")),
                          (self.risk, self.tr("All risk levels")),
                          (self.tier, self.tr("All classes")),
                          (self.bucket, self.tr("All buckets")),
                          (self.promise, self.tr("Promises: any"))):
            box.setItemText(0, text)
        if self.promise.count() == 1:
            self.promise.addItem(self.tr("Promise due"), "due")
            self.promise.addItem(self.tr("Promise broken"), "broken")
        else:
            self.promise.setItemText(1, self.tr("Promise due"))
            self.promise.setItemText(2, self.tr("Promise broken"))
        self.no_contact_label.setText(self.tr("No contact for (days)"))
        self.no_contact.setSpecialValueText(self.tr("any"))
        self.open_alert.setText(self.tr("Open alert"))
        self.clear_button.setText(self.tr("Clear filters"))
        self.save_view.setText(self.tr("Save view…"))
        self.delete_view.setText(self.tr("Delete view"))
        self.columns_button.setText(self.tr("Columns"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export the customers of this view to Excel "
                                              "(masked; recorded in the audit trail)"))
        self.model.retranslate()
        self._update_empty()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the query ----------------------------------------------------------------------------
    def current_filter(self) -> CustomerFilter:
        return CustomerFilter(
            text=self.search.text().strip(), owner_id=self.manager.currentData(),
            district=self.district.currentData(), segment=self.segment.currentData(),
            risk_level=_enum(RiskLevel, self.risk.currentData()),
            five_tier=_enum(FiveTier, self.tier.currentData()),
            bucket=_enum(Bucket, self.bucket.currentData()), no_contact_days=self.no_contact.value() or None,
            promise=self.promise.currentData(), open_alert=self.open_alert.isChecked())

    def refresh(self) -> None:
        self._debounce.stop()
        flt = self.current_filter()
        sort, desc = self.model.sort_key, self.model.descending
        db, actor = self.ctx.db, self.ctx.actor

        def fetch(after: Any, limit: int) -> tuple[list[CustomerRow], Any]:
            with db.sessions() as session:
                return customer_keyset_page(session, actor, flt, sort, desc, after, limit)

        self.model.reset(fetch)
        self._update_empty()
        self.count_label.setText(self.tr("Counting…"))

        def count(_uow: Any, _p: Any) -> int:
            with db.sessions() as session:
                return count_customers(session, actor, flt, cap=COUNT_CAP)

        self.ctx.run(count, lambda n, f=flt: self._on_counted(f, n))

    def _on_counted(self, flt: CustomerFilter, n: int) -> None:
        if flt != self.current_filter():
            return          # a newer search is on its way
        text = (self.tr("More than %1 customers") if n >= COUNT_CAP
                else self.tr("%1 customers")).replace("%1", f"{n:,}")
        self.count_label.setText(text)

    def _update_empty(self) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            filtered = self.current_filter() != CustomerFilter()
            self.empty.setText(
                self.tr("No customer matches. Check the spelling, try pinyin initials (zs) or "
                        "the last 4 digits of a phone, or clear the filters.") if filtered else
                self.tr("No customers yet. Import the list exported by the core banking system: "
                        "File → Import customer list… (Ctrl+I), or drop the Excel file here."))
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)

    def clear_filters(self) -> None:
        widgets = (self.manager, self.district, self.segment, self.risk, self.tier, self.bucket,
                   self.promise, self.no_contact, self.open_alert, self.search)
        for w in widgets:
            w.blockSignals(True)
        for box in widgets[:7]:
            box.setCurrentIndex(0)
        self.no_contact.setValue(0)
        self.open_alert.setChecked(False)
        self.search.clear()
        for w in widgets:
            w.blockSignals(False)
        self.refresh()

    def _load_options(self) -> None:
        def work(_uow: Any, _p: Any) -> Any:
            with self.ctx.db.sessions() as session:
                return filter_options(session, self.ctx.actor)

        self.ctx.run(work, self._on_options_loaded)

    def _on_options_loaded(self, options: Any) -> None:
        for box, items in ((self.manager, options.managers),
                           (self.district, [(d, d) for d in options.districts]),
                           (self.segment, [(s, s) for s in options.segments])):
            current = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for data, text in ((i[0], i[1]) if box is self.manager else (i[1], i[0])
                               for i in items):
                box.addItem(text, data)
            index = box.findData(current)
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)
        self.manager.setVisible(len(options.managers) > 1)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if "customers" in kinds:
            self.refresh()
            self._load_options()

    # -- sorting and columns ------------------------------------------------------------------
    def _on_model_sort_requested(self, _key: str, _descending: bool) -> None:
        self.refresh()

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        header = self.view.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            action = QAction(self.model.headerData(i, Qt.Orientation.Horizontal), self.columns_menu,
                             checkable=True, checked=not header.isSectionHidden(i))
            action.setEnabled(i != 0)       # the name always stays
            action.toggled.connect(lambda on, s=i: self._set_column_visible(s, on))
            self.columns_menu.addAction(action)

    def _on_header_menu_requested(self, pos: QPoint) -> None:
        self._fill_columns_menu()
        self.columns_menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    def _set_column_visible(self, section: int, visible: bool) -> None:
        self.view.horizontalHeader().setSectionHidden(section, not visible)
        self._save_header()

    def _save_header(self) -> None:
        self.ctx.settings.set_geometry("customers/header",
                                       self.view.horizontalHeader().saveState())

    def _restore_header(self) -> None:
        state = self.ctx.settings.geometry("customers/header")
        if state is not None:
            self.view.horizontalHeader().restoreState(state)
        else:
            widths = {"name": 90, "id_number": 160, "phone": 120, "district": 80, "owner": 80,
                      "segment": 70, "risk_level": 70, "worst_class": 80, "total_balance": 110,
                      "max_overdue_days": 80, "overdue_amount": 110, "last_contact_at": 130}
            for i, col in enumerate(COLUMNS):
                if col.key in widths:
                    self.view.setColumnWidth(i, widths[col.key])

    # -- saved views (我的视图) -----------------------------------------------------------------
    def _load_views(self, select: str = "") -> None:
        with self.ctx.db.sessions() as session:
            views = saved_views.list_views(session, self.ctx.actor)
        self.views.blockSignals(True)
        self.views.clear()
        self.views.addItem(self.tr("My views…"), None)
        for v in views:
            self.views.addItem(v.name, v)
        self.views.setCurrentIndex(max(self.views.findText(select), 0) if select else 0)
        self.views.blockSignals(False)
        self.delete_view.setEnabled(self.views.count() > 1)

    def _on_save_view_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save view"), self.tr("Name of this view:"))
        if not ok or not name.strip():
            return
        definition = {"filter": _filter_to_json(self.current_filter()),
                      "sort": [self.model.sort_key, self.model.descending],
                      "header": bytes(self.view.horizontalHeader().saveState().toBase64()).decode()}
        try:
            with self.ctx.db.uow(self.ctx.actor) as uow:
                saved_views.save_view(uow, self.ctx.actor, name.strip(), definition)
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return
        self._load_views(select=name.strip())

    def _on_delete_view_clicked(self) -> None:
        view = self.views.currentData()
        if view is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete view"),
                                      self.tr("Delete the view “%1”?").replace("%1", view.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.ctx.db.uow(self.ctx.actor) as uow:
            saved_views.delete_view(uow, self.ctx.actor, view.id)
            uow.commit()
        self._load_views()

    def _on_views_activated(self, index: int) -> None:
        view = self.views.itemData(index)
        if view is None:
            return
        self.apply_definition(view.definition)

    def apply_definition(self, definition: dict[str, Any]) -> None:
        from PySide6.QtCore import QByteArray

        flt = _filter_from_json(definition.get("filter", {}))
        widgets = (self.manager, self.district, self.segment, self.risk, self.tier, self.bucket,
                   self.promise, self.no_contact, self.open_alert, self.search)
        for w in widgets:
            w.blockSignals(True)
        for box, value in ((self.manager, flt.owner_id), (self.district, flt.district),
                           (self.segment, flt.segment), (self.risk, flt.risk_level),
                           (self.tier, flt.five_tier), (self.bucket, flt.bucket),
                           (self.promise, flt.promise)):
            box.setCurrentIndex(max(box.findData(value), 0))
        self.no_contact.setValue(flt.no_contact_days or 0)
        self.open_alert.setChecked(flt.open_alert)
        self.search.setText(flt.text)
        for w in widgets:
            w.blockSignals(False)
        header_state = definition.get("header")
        if header_state:
            self.view.horizontalHeader().restoreState(QByteArray.fromBase64(header_state.encode()))
        sort = definition.get("sort") or list(DEFAULT_SORT)
        self.model.sort_key, self.model.descending = sort[0], bool(sort[1])
        keys = [c.key for c in COLUMNS]
        if sort[0] in keys:
            self.view.horizontalHeader().setSortIndicator(
                keys.index(sort[0]),
                Qt.SortOrder.DescendingOrder if sort[1] else Qt.SortOrder.AscendingOrder)
        self.refresh()

    # -- export of the current view ------------------------------------------------------------
    def _on_export_clicked(self) -> None:
        from datetime import date
        from pathlib import Path

        from crm.importing.export import export_customers
        from crm.queries.customers import customer_ids_for_export

        default = str(Path.home() / f"客户清单_{date.today():%Y%m%d}.xlsx")
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export customers"), default,
                                               self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        flt, sort, desc = self.current_filter(), self.model.sort_key, self.model.descending
        db, actor = self.ctx.db, self.ctx.actor

        def work(p: Any) -> Any:
            with db.sessions() as session:
                ids = customer_ids_for_export(session, actor, flt, sort, desc)
            return export_customers(db, actor, path, ids=ids, view=flt, progress=p,
                                    cancel=lambda: p.cancelled)

        self.ctx.runner.run(work, lambda r: QMessageBox.information(
            self, self.tr("Export customers"),
            self.tr("%1 customers exported to %2 (ID numbers and phones masked).")
            .replace("%1", f"{r.rows:,}").replace("%2", str(r.path))),
            lambda e: show_error(self, e), label=self.tr("Exporting…"), widget=self)

    # -- keyboard and opening -----------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_return_pressed(self) -> None:
        self.refresh()
        if self.model.rowCount():
            self.view.setFocus()
            self.view.selectRow(0)

    def selected_customer_ids(self) -> list[int]:
        """The selected rows' customers, in list order (for a visit pack)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = [self.model.data(self.model.index(r, 0), IdRole) for r in rows]
        return [i for i in ids if i is not None]

    def selected_customer_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.data(index.siblingAtColumn(0), IdRole)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        customer_id = self.model.data(index.siblingAtColumn(0), IdRole)
        if customer_id is not None:
            self.open_customer.emit(customer_id)

    def _on_add_contact_shortcut(self) -> None:
        customer_id = self.selected_customer_id()
        if customer_id is not None:
            self.add_contact.emit(customer_id)

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.view and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            customer_id = self.selected_customer_id()
            if customer_id is not None:
                self.open_customer.emit(customer_id)
                return True
        return super().eventFilter(watched, event)


def _enum(cls: Any, value: Any) -> Any:
    """Qt hands a StrEnum stored in a combo back as a plain str."""
    return None if value is None else cls(value)


def _filter_to_json(flt: CustomerFilter) -> dict[str, Any]:
    out = asdict(flt)
    for key, value in out.items():
        if hasattr(value, "value"):
            out[key] = value.value
    return out


def _filter_from_json(data: dict[str, Any]) -> CustomerFilter:
    enums: dict[str, Callable[[Any], Any]] = {"risk_level": RiskLevel, "five_tier": FiveTier,
                                              "bucket": Bucket}
    known = {k: v for k, v in data.items() if k in CustomerFilter.__dataclass_fields__}
    for key, conv in enums.items():
        if known.get(key) is not None:
            try:
                known[key] = conv(known[key])
            except ValueError:
                known[key] = None
    return replace(CustomerFilter(), **known)


class CustomersPage(QWidget):
    """The list as the first tab; each opened customer gets its own closable tab."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget(objectName="customerTabs", tabsClosable=True, documentMode=True)
        self.list = CustomerListPanel(ctx)
        self.tabs.addTab(self.list, "")
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.tabCloseRequested.connect(self._on_tabs_close_requested)
        self.list.open_customer.connect(self.open_customer)
        self.list.add_contact.connect(self.add_contact)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.detail_pages: dict[int, QWidget] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Customer list"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open_customer(self, customer_id: int) -> QWidget:
        from crm.ui.pages.customer360 import Customer360

        page = self.detail_pages.get(customer_id)
        if page is None:
            page = Customer360(self.ctx, customer_id)
            page.title_changed.connect(lambda title, p=page: self._set_tab_title(p, title))
            self.detail_pages[customer_id] = page
            self.tabs.addTab(page, "…")
        self.tabs.setCurrentWidget(page)
        return page

    def _set_tab_title(self, page: QWidget, title: str) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setTabText(index, title)

    def add_contact(self, customer_id: int) -> None:
        from crm.ui.contact_dialog import ContactDialog

        ContactDialog(self.ctx, customer_id, self).exec()

    def _on_tabs_close_requested(self, index: int) -> None:
        if index == 0:
            return
        page = self.tabs.widget(index)
        if hasattr(page, "may_close") and not page.may_close():
            return
        self.tabs.removeTab(index)
        self.detail_pages = {k: v for k, v in self.detail_pages.items() if v is not page}
        page.deleteLater()
