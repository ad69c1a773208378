"""Every user action declared once: id, text, shortcut. Menus, toolbars and tests use this list."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str          # English source; translated in the "Actions" context
    shortcut: str = ""
    menu: str = ""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("import", QT_TRANSLATE_NOOP("Actions", "&Import customer list…"), "Ctrl+I",
               "file"),
    ActionSpec("export", QT_TRANSLATE_NOOP("Actions", "&Export…"), "Ctrl+E", "file"),
    ActionSpec("settings", QT_TRANSLATE_NOOP("Actions", "&Settings…"), "Ctrl+,", "file"),
    ActionSpec("quit", QT_TRANSLATE_NOOP("Actions", "&Quit"), "Ctrl+Q", "file"),
    ActionSpec("nav_today", QT_TRANSLATE_NOOP("Actions", "Today"), "Ctrl+1", "go"),
    ActionSpec("nav_customers", QT_TRANSLATE_NOOP("Actions", "Customers"), "Ctrl+2", "go"),
    ActionSpec("nav_risk", QT_TRANSLATE_NOOP("Actions", "Risk alerts"), "Ctrl+3", "go"),
    ActionSpec("nav_visits", QT_TRANSLATE_NOOP("Actions", "Visits"), "Ctrl+4", "go"),
    ActionSpec("nav_surveys", QT_TRANSLATE_NOOP("Actions", "Surveys"), "Ctrl+5", "go"),
    ActionSpec("nav_reports", QT_TRANSLATE_NOOP("Actions", "Reports"), "Ctrl+6", "go"),
    ActionSpec("nav_admin", QT_TRANSLATE_NOOP("Actions", "Administration"), "Ctrl+7", "go"),
    ActionSpec("about", QT_TRANSLATE_NOOP("Actions", "&About"), "", "help"),
)

MENUS = {"file": QT_TRANSLATE_NOOP("Menus", "&File"), "go": QT_TRANSLATE_NOOP("Menus", "&Go"),
         "help": QT_TRANSLATE_NOOP("Menus", "&Help")}
