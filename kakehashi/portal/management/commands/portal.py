"""`kakehashi portal reindex`: rebuild the public portal's search index from the registry."""

import time

from django.core.management.base import BaseCommand

from kakehashi.portal.services.search_index import rebuild_index


class Command(BaseCommand):
    help = "Public portal maintenance: `reindex` rebuilds the search index of activities."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reindex"])

    def handle(self, *args, action, verbosity, **options):
        started = time.perf_counter()

        def progress(done, total):
            if verbosity > 1 and (done % 10000 < 500 or done == total):
                self.stdout.write(f"  {done:,} / {total:,}")

        count = rebuild_index(progress)
        if verbosity:
            seconds = time.perf_counter() - started
            self.stdout.write(f"Indexed {count:,} published activities in {seconds:.1f} s.")
