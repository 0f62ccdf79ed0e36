"""Transaction.date loses its index: no query uses it, and it cost the IATI import a quarter of
its database time. Dropped directly (Django's SQLite schema editor would copy the table)."""

from django.db import migrations, models

INDEX = "registry_transaction_date_0a204692"


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_organisation_files"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="transaction",
                    name="date",
                    field=models.DateField(verbose_name="transaction date"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX "{INDEX}" ON "registry_transaction" ("date")',
                ),
            ],
        ),
    ]
