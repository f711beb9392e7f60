"""Roster import: reading prison, court and police lists (Excel or CSV) safely and cleanly.

``files`` refuses hostile or unreadable uploads before any parser sees them, ``reading``
finds the header row and yields raw rows, ``cleaning`` turns raw cells into clean values
with per-field errors in Chinese.
"""
