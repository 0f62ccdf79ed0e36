from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from kakehashi.registry.models import Contribution
from kakehashi.registry.services.demo import (
    DEFAULT_ACTIVITIES,
    DEMO_PASSWORD,
    DemoAccountsRefused,
    load_demo,
)
from kakehashi.registry.services.demo.accounts import check_accounts_allowed
from kakehashi.registry.services.demo.facts import ISTC_FISCAL_YEAR
from kakehashi.registry.services.demo.generated import DEFAULT_SEED

DEMO_ADDRESS = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Set up the demo: migrate, load IATI codelists, the documented facts, sample "
        "activities and the demo accounts. Only what is missing is loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--activities",
            type=int,
            default=DEFAULT_ACTIVITIES,
            metavar="N",
            help=f"how many sample activities to generate (default {DEFAULT_ACTIVITIES})",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="wipe the sample records, write the facts again and generate new samples",
        )
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="load the data without creating the demo accounts",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="random seed of the sample data (the same seed gives the same data)",
        )

    def handle(self, *args, activities, reset, no_accounts, seed, verbosity, **options):
        if activities < 0:
            raise CommandError("--activities must be 0 or more.")
        try:
            if not no_accounts:
                check_accounts_allowed()  # refuse before touching the database
            call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
            summary = load_demo(
                self.stdout if verbosity > 0 else None,
                activities=activities,
                reset=reset,
                accounts=not no_accounts,
                seed=seed,
            )
        except DemoAccountsRefused as refusal:
            raise CommandError(str(refusal)) from None
        if verbosity == 0:
            return
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("The demo is ready."))
        self.stdout.write("Start it with `kakehashi runserver` (or `make demo`), then open:")
        for label, path in self.url_hints():
            self.stdout.write(f"  {label:<26} {DEMO_ADDRESS}{path}")
        if not no_accounts and not settings.PUBLIC_HOSTING:
            self.stdout.write(
                "Sign in as admin, mofa-editor, mext-editor or viewer "
                f"(demo password: {DEMO_PASSWORD})."
            )

    def url_hints(self) -> list[tuple[str, str]]:
        istc = Contribution.objects.filter(
            organisation__abbreviation="ISTC", fiscal_year=ISTC_FISCAL_YEAR, is_sample=False
        ).first()
        wanted = [
            ("public portal", "portal:home", []),
            ("SATREPS", "portal:programme", ["satreps"]),
            ("ITER", "portal:large_project", ["iter"]),
            ("S&T agreements", "portal:agreements", []),
            ("ISTC contribution FY2017", "portal:contribution", [istc.pk] if istc else None),
            ("staff interface", "admin:index", []),
        ]
        hints = []
        with translation.override("ja"):
            for label, name, args in wanted:
                if args is None:
                    continue
                try:
                    hints.append((label, reverse(name, args=args)))
                except (NoReverseMatch, ImportError, AttributeError):
                    continue  # a page not built yet
        return hints
