"""PySide6 only: windows, pages, dialogs, item models and the background operation runner."""
