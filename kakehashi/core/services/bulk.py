"""Bulk inserts on SQLite: many rows a statement.

`INSERT … VALUES (…), (…), …` with as many rows as SQLite's limit on parameters allows costs
a third less a row than `executemany` (4.7 against 7.0 µs for a 27-column row: one step and
one reset a statement instead of a row). The statements go to the sqlite3 connection
directly, with its own `?` markers: Django would rewrite a statement of a thousand `%s`
every call.

A column that holds the same empty value (`''`, `'[]'`, NULL) in every row of a statement is
written into the statement as that literal instead of bound row by row. Binding is most of
what a row costs the driver: a row of 28 columns, 20 of them empty, took 1.4 µs instead of
3.2 on its own, and the IATI import's transaction rows 3.9 instead of 5.2. The rows stored
are the same.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain
from operator import itemgetter

from django.db import connection

MAX_ROWS = 100  # beyond this a statement is no cheaper a row, and slower to prepare
LITERALS = {"": "''", "[]": "'[]'", None: "NULL"}


def insert_rows(table: str, columns: list[str], rows: list, verb: str = "INSERT") -> None:
    """Insert `rows` (sequences in the order of `columns`) into `table` on SQLite."""
    if not rows:
        return
    columns = tuple(columns)
    width = len(columns)
    size = max(1, min(MAX_ROWS, connection.features.max_query_params // width))
    whole = len(rows) - len(rows) % size
    connection.ensure_connection()
    database = connection.connection
    for start in range(0, whole, size):
        part = rows[start : start + size]
        sql, bound = _plan(verb, table, columns, size, part)
        database.execute(sql, list(chain.from_iterable(map(bound, part) if bound else part)))
    if whole < len(rows):
        part = rows[whole:]
        sql, bound = _plan(verb, table, columns, 1, part)
        database.executemany(sql, map(bound, part) if bound else part)


def _plan(verb: str, table: str, columns: tuple, size: int, rows: list):
    """The statement for `rows`, `size` at a time, and the getter of a row's bound values
    (None: all of them)."""
    constant = tuple(
        (index, LITERALS[column[0]])
        for index, column in enumerate(zip(*rows, strict=True))
        if _literal(column[0]) and column.count(column[0]) == len(column)
    )
    if not constant:
        return _statement(verb, table, columns, size), None
    return _statement(verb, table, columns, size, constant), _bound(len(columns), constant)


def _literal(value) -> bool:
    return (value.__class__ is str or value is None) and value in LITERALS


@lru_cache(maxsize=512)
def _bound(width: int, constant: tuple):
    given = {index for index, _sql in constant}
    kept = [index for index in range(width) if index not in given]
    if len(kept) == 1:
        (only,) = kept
        return lambda row: (row[only],)
    return itemgetter(*kept) if kept else lambda row: ()


@lru_cache(maxsize=512)
def _statement(verb: str, table: str, columns: tuple, size: int, constant: tuple = ()) -> str:
    """`constant`: (index, SQL literal) of the columns given as literals."""
    quote = connection.ops.quote_name
    literals = dict(constant)
    marks = f"({', '.join(literals.get(index, '?') for index in range(len(columns)))})"
    names = ", ".join(quote(name) for name in columns)
    return f"{verb} INTO {quote(table)} ({names}) VALUES {', '.join([marks] * size)}"
