"""Full-text search beside the index table: FTS5 on SQLite, a GIN-indexed tsvector on
PostgreSQL. Terms are written pre-tokenised (services.search_text), so neither engine's own
word splitting matters."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE portal_activity_fts USING fts5("
    "tokens, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS portal_activity_fts"]
POSTGRES_UP = [
    "ALTER TABLE portal_activityindex ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(string_to_array(NULLIF(tokens, ''), ' '))) STORED",
    "CREATE INDEX portal_activityindex_tsv ON portal_activityindex USING GIN (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS portal_activityindex_tsv",
    "ALTER TABLE portal_activityindex DROP COLUMN IF EXISTS tsv",
]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
