"""Signals of the registry.

bulk_create and queryset updates send no post_save: whoever writes activities in bulk (the
IATI importer, the demo) sends `activities_written` with their ids once the transaction has
committed, so that other apps (the portal's search index) can follow.
"""

from django.db import transaction
from django.dispatch import Signal

# Sent with ids=[activity primary keys] after activities were written in bulk.
activities_written = Signal()


def announce_activities_written(sender, ids) -> None:
    """Send `activities_written` when the current transaction commits (at once outside one)."""
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: activities_written.send(sender=sender, ids=ids))
