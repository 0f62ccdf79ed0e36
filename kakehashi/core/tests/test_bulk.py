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
