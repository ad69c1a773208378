"""Printed and exported documents: briefing packs (PDF, reportlab) and Excel lists.

No Qt here: reports are built from query records so the CLI can produce them too.
"""
