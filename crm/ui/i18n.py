"""Qt translations: our zh_CN catalogue plus Qt's own (standard buttons and dialogs)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from crm.paths import RESOURCES

_installed: list[QTranslator] = []


def install(language: str) -> None:
    """Replace the installed translators; widgets get a LanguageChange event and retranslate."""
    app = QCoreApplication.instance()
    assert app is not None
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale("en_US"))
        return
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    if ours.load(str(RESOURCES / "i18n" / f"crm_{language}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
