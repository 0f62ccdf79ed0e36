"""`kakehashi iati validate|import|export`: the IATI exchange from the console.

The console speaks English, whatever LANGUAGE_CODE is: the problem lines (parser, schema,
codelists) exist in English only, so the summaries are printed in English too, never half
translated (`no_translations`). The web views show the same summaries in the reader's language.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from kakehashi.iati.services.archive import total_size


class Command(BaseCommand):
    help = (
        "IATI exchange: `iati validate PATH...`, `iati import PATH... [--strict]`, "
        "`iati export [--reporting-org REF] [--output FILE]`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser(
            "validate",
            help="check activity and organisation files against the IATI 2.03 schemas and "
            "codelists (and rulesets given with --ruleset)",
        )
        validate.add_argument("paths", nargs="+", type=Path, help="files, folders or .zip")
        validate.add_argument("--no-codelists", action="store_true", help="check the schema only")
        validate.add_argument(
            "--ruleset",
            action="append",
            default=[],
            type=Path,
            metavar="FILE.json",
            help=(
                "also apply this IATI-Rulesets JSON file (repeatable; e.g. the IATI Standard "
                "ruleset, which Kakehashi does not ship). A failed rule of severity 'warning' "
                "is reported only; any other makes the file invalid (exit status 1). Without "
                "--ruleset, no rule is checked"
            ),
        )
        load = sub.add_parser(
            "import", help="import IATI activity and organisation files into the registry"
        )
        load.add_argument("paths", nargs="+", type=Path, help="files, folders or .zip")
        load.add_argument(
            "--strict",
            action="store_true",
            help="any error rejects the whole file (nothing of it is written)",
        )
        load.add_argument("--batch-size", type=int, default=500, help=_hide())
        load.add_argument("--no-progress", action="store_true", help="no progress bar")
        export = sub.add_parser("export", help="write registry activities as IATI 2.03 XML")
        export.add_argument("--reporting-org", help="only activities of this reporting org")
        export.add_argument(
            "--organisations",
            action="store_true",
            help="write an IATI 2.03 organisation file of the organisations that have an IATI "
            "identifier (their budgets, expenditure and documents) instead of activities",
        )
        export.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")

    @no_translations
    def handle(self, *args, action, **options):
        try:
            return getattr(self, f"handle_{action}")(**options)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None

    # -- validate -------------------------------------------------------------------------
    def handle_validate(self, paths, no_codelists=False, ruleset=(), **options):
        from kakehashi.iati.services.rulesets import load_rulesets
        from kakehashi.iati.services.validator import validate_paths

        rulesets = load_rulesets(ruleset)  # a broken ruleset stops before any file is read
        report = validate_paths(
            paths,
            codelists=not no_codelists,
            on_problem=lambda problem: self.stdout.write(str(problem)),
            rulesets=rulesets,
        )
        message = (
            f"{report.files} files checked, {report.invalid_files} invalid, "
            f"{len(report.problems)} problems."
        )
        if not report.valid:
            raise CommandError(message)
        self.stdout.write(self.style.SUCCESS(message))

    # -- import ---------------------------------------------------------------------------
    def handle_import(self, paths, strict=False, batch_size=500, no_progress=False, **options):
        from kakehashi.iati.services.importer import import_paths

        bar = None
        if not no_progress and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=total_size(paths), unit="B", unit_scale=True, desc="import")

        def report(problem):
            line = str(problem)
            if bar is not None:
                bar.write(line, file=sys.stderr)
            else:
                self.stderr.write(line)

        try:
            summary = import_paths(
                paths,
                strict=strict,
                on_problem=report,
                on_progress=bar.update if bar is not None else None,
                batch_size=batch_size,
            )
        finally:
            if bar is not None:
                bar.close()
        message = f"Imported {summary} (import record #{summary.record.pk})."
        if summary.errors:
            raise CommandError(message)
        self.stdout.write(self.style.SUCCESS(message))

    # -- export ---------------------------------------------------------------------------
    def handle_export(self, reporting_org=None, output=None, organisations=False, **options):
        if organisations:
            return self.export_organisations(reporting_org, output)
        from kakehashi.iati.services.exporter import activities_for, export_activities

        queryset = activities_for(reporting_org)
        if output is None:
            count = export_activities(sys.stdout.buffer, queryset)
            sys.stdout.buffer.flush()
            self.stderr.write(f"Exported {count} activities.")
            return
        count = export_activities(str(output), queryset)
        self.stdout.write(self.style.SUCCESS(f"Exported {count} activities to {output}."))

    def export_organisations(self, reporting_org, output):
        from kakehashi.iati.services.organisation_export import export_organisations

        if reporting_org:
            raise CommandError(
                "--reporting-org selects activities; it cannot be used with --organisations"
            )
        if output is None:
            count = export_organisations(sys.stdout.buffer)
            sys.stdout.buffer.flush()
            self.stderr.write(f"Exported {count} organisations.")
            return
        count = export_organisations(str(output))
        self.stdout.write(self.style.SUCCESS(f"Exported {count} organisations to {output}."))


def _hide():
    import argparse

    return argparse.SUPPRESS
