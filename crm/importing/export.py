"""Customer and loan lists out to .xlsx, with the import's Chinese headers (a round trip).

Kept for its callers: the lists themselves are built in crm.reports.exports and written by the
one export writer, crm.reports.excel (title row, frozen header, typed cells, 说明 sheet).
"""
from __future__ import annotations

from crm.reports.excel import CANCELLED, Cancel, Progress
from crm.reports.exports import (
    CUSTOMER_HEADERS, LOAN_HEADERS, ExportResult, export_customers, export_loans,
)

__all__ = ["CANCELLED", "CUSTOMER_HEADERS", "LOAN_HEADERS", "Cancel", "ExportResult", "Progress",
           "export_customers", "export_loans"]
