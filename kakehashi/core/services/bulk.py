"""Bulk inserts on SQLite: many rows a statement.

`INSERT … VALUES (…), (…), …` with as many rows as SQLite's limit on parameters allows costs
a third less a row than `executemany` (4.7 against 7.0 µs for a 27-column row: one step and
one reset a statement instead of a row). The statements go to the sqlite3 connection
directly, with its own `?` markers: Django would rewrite a statement of a thousand `%s`
every call.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain

from django.db import connection

MAX_ROWS = 100  # beyond this a statement is no cheaper a row, and slower to prepare


def insert_rows(table: str, columns: list[str], rows: list, verb: str = "INSERT") -> None:
    """Insert `rows` (sequences in the order of `columns`) into `table` on SQLite."""
    if not rows:
        return
    width = len(columns)
    size = max(1, min(MAX_ROWS, connection.features.max_query_params // width))
    whole = len(rows) - len(rows) % size
    connection.ensure_connection()
    database = connection.connection
    if whole:
        sql = _statement(verb, table, tuple(columns), size)
        for start in range(0, whole, size):
            database.execute(sql, list(chain.from_iterable(rows[start : start + size])))
    if whole < len(rows):
        database.executemany(_statement(verb, table, tuple(columns), 1), rows[whole:])


@lru_cache(maxsize=256)
def _statement(verb: str, table: str, columns: tuple, size: int) -> str:
    quote = connection.ops.quote_name
    marks = f"({', '.join('?' * len(columns))})"
    names = ", ".join(quote(name) for name in columns)
    return f"{verb} INTO {quote(table)} ({names}) VALUES {', '.join([marks] * size)}"
