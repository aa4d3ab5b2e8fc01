"""Spreadsheet cells that cannot run: the export side of "nothing injected" (#15 item 10).

A CSV or XLSX cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by spreadsheet programs as a formula (``=HYPERLINK(...)``, ``=cmd|'/c calc'!A1``). Article text,
assignee names and URLs come from the web, so every exported text cell is neutralised as OWASP
recommends: a single quote in front, which the program shows as text and does not evaluate.
Pure: standard library only.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """``"=1+1"`` -> ``"'=1+1"``, ``"@SUM(A1)"`` -> ``"'@SUM(A1)"``; other values unchanged.

    Numbers stay numbers (``-5`` is an int, not text), so only text from data is touched.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
