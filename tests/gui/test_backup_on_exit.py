"""The app's rolling backup on exit: written to the folder in the settings; a failure is shown
at once and again at the next start, until a backup succeeds."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from crm.app import backup_on_exit, warn_of_failed_backup
from crm.domain.actors import Actor
from crm.domain.enums import Role


def test_backup_on_exit_goes_to_the_configured_folder(qapp, empty_db, settings, tmp_path):
    settings.backup_folder = str(tmp_path / "备份")
    actor = Actor(user_id=None, username="wang", role=Role.MANAGER)
    assert backup_on_exit(empty_db, settings, actor) is None
    files = list((tmp_path / "备份").glob("crm-*.sqlite3"))
    assert len(files) == 1 and files[0].with_name(files[0].name + ".manifest.json").exists()
    assert backup_on_exit(empty_db, settings, None) is None   # never signed in: nothing to do
    assert len(list((tmp_path / "备份").glob("crm-*.sqlite3"))) == 1


def test_a_failed_backup_is_shown_now_and_at_the_next_start(qapp, empty_db, settings, tmp_path,
                                                            monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a, **k: shown.append(f"{title}|{text}"))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    settings.backup_folder = str(blocker)
    actor = Actor(user_id=None, username="wang", role=Role.MANAGER)
    message = backup_on_exit(empty_db, settings, actor)
    assert message and "备份失败" in message
    assert len(shown) == 1 and str(blocker) in shown[0]
    warn_of_failed_backup(settings, None)
    assert len(shown) == 2 and message in shown[1]
    settings.backup_folder = str(tmp_path / "ok")
    assert backup_on_exit(empty_db, settings, actor) is None
    assert settings.backup_error == ""
    warn_of_failed_backup(settings, None)
    assert len(shown) == 2


def test_a_damaged_database_is_restored_from_a_chosen_backup(qapp, zh, empty_db, sqlite_url,
                                                             settings, tmp_path, monkeypatch):
    import crm.app as app_module
    from crm.app import offer_restore, open_database
    from crm.domain.errors import DatabaseCorrupt
    from tests import factories

    factories.branch(empty_db, "0101", "西湖支行")
    settings.backup_folder = str(tmp_path / "备份")
    actor = Actor(user_id=None, username="wang", role=Role.MANAGER)
    assert backup_on_exit(empty_db, settings, actor) is None
    backup = next((tmp_path / "备份").glob("crm-*.sqlite3"))
    empty_db.dispose()
    target = tmp_path / "crm.sqlite3"
    for extra in ("-wal", "-shm"):
        target.with_name(target.name + extra).unlink(missing_ok=True)
    target.write_bytes(b"\x00garbage" * 4096)              # the disk ate it
    try:
        open_database(sqlite_url)
    except DatabaseCorrupt as exc:
        assert "可以从备份恢复" in exc.message
    else:
        raise AssertionError("a damaged file must not open")

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(app_module, "ask_backup_file", lambda _p, folder: (
        shown.append(folder), backup)[1])
    assert offer_restore(settings, sqlite_url) is True
    assert shown[0] == str(tmp_path / "备份")
    assert "已恢复" in shown[1] and "before-restore" in shown[1]
    db = open_database(sqlite_url)                      # opens again, with the data
    try:
        from sqlalchemy import text
        with db.engine.connect() as c:
            assert c.execute(text("SELECT name FROM branches")).scalars().all() == ["西湖支行"]
    finally:
        db.dispose()
    assert target.with_name(target.name + ".before-restore").exists()


def test_cancelling_the_backup_choice_restores_nothing(qapp, sqlite_url, settings, monkeypatch):
    import crm.app as app_module
    from crm.app import offer_restore

    monkeypatch.setattr(app_module, "ask_backup_file", lambda _p, _f: None)
    assert offer_restore(settings, sqlite_url) is False
    assert offer_restore(settings, "postgresql://u@localhost/x") is False
