"""The `kakehashi` console command: Django's manage.py under the project's name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv or sys.argv)
    except ImproperlyConfigured as error:
        # A misconfiguration is the operator's to fix: say what, not where in Django.
        sys.exit(f"kakehashi: configuration error: {error}")


if __name__ == "__main__":
    main()
