"""The `kakehashi` console command: Django's manage.py under the project's name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    argv = argv or sys.argv
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # A misconfiguration is the operator's to fix: say what, not where in Django.
        sys.exit(f"kakehashi: configuration error: {error}")
    except DatabaseError as error:
        if "--traceback" in argv:
            raise
        # An unreachable or unmigrated database is an operator's problem too.
        sys.exit(f"kakehashi: database error: {_first_line(error)}{_migration_hint()}")


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _migration_hint() -> str:
    """Tell the operator to migrate when the database lacks migrations (the usual cause of a
    missing table); say nothing when that cannot be checked."""
    try:
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return " (the database is not up to date: run `kakehashi migrate`)"
    except Exception:  # the hint is optional; the error above is what counts
        pass
    return ""


if __name__ == "__main__":
    main()
