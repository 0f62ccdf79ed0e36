import pytest
from django.db import connection

from kakehashi.core.services import bulk

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's multi-row INSERT"),
]


@pytest.mark.parametrize("count", [0, 1, 32, 33, 34, 100, 250])
def test_every_row_is_inserted_once_in_order(count, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_ROWS", 33)  # whole statements of 33, then the rest
    with connection.cursor() as cursor:
        cursor.execute('CREATE TEMP TABLE "bulk_probe" (n INTEGER, label TEXT, "order" TEXT)')
    rows = [(n, f"row {n}", None if n % 2 else "x") for n in range(count)]
    bulk.insert_rows("bulk_probe", ["n", "label", "order"], rows)
    with connection.cursor() as cursor:
        cursor.execute('SELECT n, label, "order" FROM bulk_probe ORDER BY rowid')
        assert cursor.fetchall() == rows


def test_a_verb_replaces_rows():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bulk_fts (id INTEGER PRIMARY KEY, tokens TEXT)")
    bulk.insert_rows("bulk_fts", ["id", "tokens"], [(1, "a"), (2, "b")])
    bulk.insert_rows("bulk_fts", ["id", "tokens"], [(2, "c"), (3, "d")], "INSERT OR REPLACE")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, tokens FROM bulk_fts ORDER BY id")
        assert cursor.fetchall() == [(1, "a"), (2, "c"), (3, "d")]


def test_columns_empty_in_every_row_are_written_as_literals_and_stored_the_same():
    """'', '[]' and NULL shared by every row of a statement are not bound row by row; the
    rows stored are those given, whatever else the columns hold (0, False, 'x')."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bulk_literal (n INTEGER, empty TEXT, json TEXT, absent TEXT, "
            "mixed TEXT, zero INTEGER, no BOOL)"
        )
    columns = ["n", "empty", "json", "absent", "mixed", "zero", "no"]
    rows = [(n, "", "[]", None, "" if n % 3 else "x", 0, False) for n in range(250)]
    bulk.insert_rows("bulk_literal", columns, rows)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM bulk_literal ORDER BY rowid")
        assert cursor.fetchall() == [(n, e, j, x, m, z, int(b)) for n, e, j, x, m, z, b in rows]
    sql, bound = bulk._plan("INSERT", "bulk_literal", tuple(columns), 2, rows[1:3])
    assert "(?, '', '[]', NULL, '', ?, ?)" in sql  # 'mixed' is '' in rows 1 and 2
    assert bound(rows[1]) == (1, 0, False)
    sql, bound = bulk._plan("INSERT", "bulk_literal", tuple(columns), 3, rows[:3])
    assert "(?, '', '[]', NULL, ?, ?, ?)" in sql and bound(rows[0]) == (0, "x", 0, False)


def test_a_row_of_literals_only_binds_nothing():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bulk_empty (a TEXT, b TEXT)")
    bulk.insert_rows("bulk_empty", ["a", "b"], [("", None)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT a, b FROM bulk_empty")
        assert cursor.fetchall() == [("", None)]
