"""Import of the core-banking customer/loan lists (Excel/CSV), and the matching export.

reader (file -> rows) -> fields (headers -> mapping) -> values (cells -> typed values)
-> collect (rows -> drafts, phase 1) -> apply (drafts -> database, phase 2); engine holds the
use cases, undo reverts a batch, report writes the error report, export writes lists back out.
"""
