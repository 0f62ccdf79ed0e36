"""`kakehashi evaluation templates`: install or restore the shipped evaluation templates.
`kakehashi evaluation demo`: load the evaluation demo data (needs the registry demo)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Evaluation: install the shipped templates, or load the demo sheets."

    def add_arguments(self, parser):
        parser.add_argument("task", choices=["templates", "demo"])

    def handle(self, *args, task: str, **options):
        if task == "templates":
            from kakehashi.evaluation.services.catalogue import ensure_templates

            count = ensure_templates()
            self.stdout.write(f"{count} evaluation templates installed.")
        else:
            from kakehashi.evaluation.services.demo import load_evaluation_demo

            summary = load_evaluation_demo()
            self.stdout.write(f"Evaluation demo: {summary}")
