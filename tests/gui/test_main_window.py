"""The main window: every page opens, Chinese by default, English on request, layout kept."""
import pytest
from PySide6.QtCore import QSize

from crm.app import build_main_window
from crm.services.auth import sign_in
from crm.ui import i18n
from crm.ui.main_window import PAGES
from crm.ui.pages.placeholder import PlaceholderPage
from tests import factories

ZH_NAV = ["今日工作", "客户", "风险预警", "走访管理", "满意度调查", "报表", "系统管理"]


@pytest.fixture
def window(qtbot, zh, admin_db, settings, runner):
    actor = sign_in(admin_db, "admin", factories.PASSWORD)
    win = build_main_window(admin_db, actor, settings, runner)
    qtbot.addWidget(win)
    win.show()
    return win


def test_navigation_is_chinese_and_every_page_opens(qtbot, window):
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == ZH_NAV
    for row, spec in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        assert page is window.pages[spec.key] and page.isVisible()
        if isinstance(page, PlaceholderPage):
            assert page.title.text() == ZH_NAV[row]
            assert "尚未开发" in page.message.text()


def test_status_bar_names_user_branch_and_database(window, admin_db):
    assert window.user_label.text() == "用户：系统管理员（管理员）"
    assert window.branch_label.text() == "支行：西湖支行"
    assert window.db_label.text() == admin_db.description and "SQLite" in window.db_label.text()


def test_language_switch_to_english_and_back(qtbot, window):
    i18n.install("en")
    qtbot.waitUntil(lambda: window.nav.item(1).text() == "Customers")
    assert window.windowTitle() == "Post-loan CRM"
    assert window.user_label.text().startswith("User:")
    i18n.install("zh_CN")
    qtbot.waitUntil(lambda: window.nav.item(1).text() == "客户")


def test_admin_page_lists_users_and_the_audit_trail(qtbot, window):
    page = window.show_page("admin")
    qtbot.waitUntil(lambda: page.users.model.rowCount() == 1, timeout=10000)
    assert page.users.model.record(0).username == "admin"
    assert page.tabs.tabText(0) == "用户" and page.tabs.tabText(1) == "审计日志"
    qtbot.waitUntil(lambda: page.audit.model.rowCount() >= 1, timeout=10000)
    actions = {page.audit.model.record(r).action for r in range(page.audit.model.rowCount())}
    assert "login" in actions


def test_window_geometry_is_remembered(qtbot, zh, admin_db, settings, runner):
    actor = sign_in(admin_db, "admin", factories.PASSWORD)
    first = build_main_window(admin_db, actor, settings, runner)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # the offscreen screen is 800x600
    qtbot.waitUntil(lambda: first.size() == QSize(700, 500))
    first.close()
    second = build_main_window(admin_db, actor, settings, runner)
    qtbot.addWidget(second)
    assert second.size() == QSize(700, 500)


def test_shortcuts_switch_pages(qtbot, window):
    window.actions_by_id["nav_admin"].trigger()
    assert window.stack.currentWidget() is window.pages["admin"]
    assert window.actions_by_id["nav_customers"].shortcut().toString() == "Ctrl+2"


def test_settings_opens_from_the_file_menu(qtbot, window, monkeypatch):
    from crm.ui import settings_dialog

    opened = []
    monkeypatch.setattr(settings_dialog.SettingsDialog, "exec",
                        lambda self: opened.append(self.windowTitle()) or 0)
    window.actions_by_id["settings"].trigger()
    assert opened and opened[0] == "设置"
