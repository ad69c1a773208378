"""The main window's pages, each imported on first visit (crm.ui.main_window PAGES)."""
