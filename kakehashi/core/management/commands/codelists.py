from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kakehashi.core.services.codelists import default_codelist_dir, sync_codelists


class Command(BaseCommand):
    help = "Manage IATI codelists: `codelists sync [PATH]` loads or refreshes them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="load or refresh codelists, countries and regions")
        sync.add_argument(
            "path",
            nargs="?",
            type=Path,
            help=f"folder of IATI codelist XML files (default: {default_codelist_dir()})",
        )

    def handle(self, *args, action, path=None, **options):
        try:
            summary = sync_codelists(path)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Synchronised {summary}."))
