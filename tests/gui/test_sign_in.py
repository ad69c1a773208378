"""The sign-in and first-start dialogs, as a user drives them."""
from PySide6.QtCore import Qt

from crm.domain.enums import Role
from crm.services.auth import needs_first_admin
from crm.ui.login import FirstAdminDialog, LoginDialog
from tests import factories


def _login(qtbot, db, settings, runner):
    dlg = LoginDialog(db, settings, runner)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _submit(qtbot, dlg, username, password):
    dlg.username.setText(username)
    dlg.password.setText(password)
    qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)


def test_sign_in_accepts_and_remembers_the_user_name(qtbot, zh, admin_db, settings, runner):
    dlg = _login(qtbot, admin_db, settings, runner)
    assert dlg.windowTitle() == "登录 — 贷后管理系统"
    with qtbot.waitSignal(dlg.accepted, timeout=10000):
        _submit(qtbot, dlg, "admin", factories.PASSWORD)
    assert dlg.actor is not None and dlg.actor.role is Role.ADMIN
    assert settings.last_username == "admin"


def test_wrong_password_shows_the_message_and_clears_the_field(qtbot, zh, admin_db, settings,
                                                               runner):
    dlg = _login(qtbot, admin_db, settings, runner)
    _submit(qtbot, dlg, "admin", "wrong")
    qtbot.waitUntil(lambda: dlg.message.text() == "用户名或密码错误", timeout=10000)
    assert dlg.password.text() == "" and dlg.isVisible() and dlg.actor is None


def test_lockout_message_after_five_failures(qtbot, zh, admin_db, settings, runner):
    dlg = _login(qtbot, admin_db, settings, runner)
    for attempt in range(5):
        _submit(qtbot, dlg, "admin", f"wrong{attempt}")
        qtbot.waitUntil(lambda: dlg.sign_in_button.isEnabled(), timeout=10000)
    _submit(qtbot, dlg, "admin", factories.PASSWORD)
    qtbot.waitUntil(lambda: "已锁定" in dlg.message.text(), timeout=10000)
    assert "15" in dlg.message.text() or "分钟" in dlg.message.text()
    assert dlg.actor is None


def test_empty_fields_are_caught_before_asking_the_database(qtbot, zh, admin_db, settings, runner):
    dlg = _login(qtbot, admin_db, settings, runner)
    _submit(qtbot, dlg, "", "")
    assert dlg.message.text() == "请输入用户名和密码。"


def test_first_start_dialog_creates_the_administrator(qtbot, zh, empty_db, runner):
    assert needs_first_admin(empty_db)
    dlg = FirstAdminDialog(empty_db, runner)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.windowTitle() == "首次启动：创建管理员"
    dlg.password.setText("abc")
    dlg.confirm.setText("abd")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.errors["confirm"].text() == "两次输入的密码不一致。"
    dlg.confirm.setText("abc")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.errors["password"].isVisible(), timeout=10000)
    assert "至少 8 位" in dlg.errors["password"].text()
    dlg.password.setText("Branch2026")
    dlg.confirm.setText("Branch2026")
    dlg.branch_name.setText("西湖支行")
    with qtbot.waitSignal(dlg.accepted, timeout=10000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.actor.role is Role.ADMIN and not needs_first_admin(empty_db)
