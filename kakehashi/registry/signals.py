"""Signals of the registry.

bulk_create and queryset updates send no post_save: whoever writes activities in bulk (the
IATI importer, the demo) sends `activities_written` with their ids once the transaction has
committed, so that other apps (the portal's search index) can follow. The write has
committed by then: a receiver's failure is logged, never taken for a failed write.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent with ids=[activity primary keys] after activities were written in bulk.
activities_written = Signal()


def announce_activities_written(sender, ids) -> None:
    """Send `activities_written` when the current transaction commits (at once outside one)."""
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: _send(sender, ids))


def _send(sender, ids: list) -> None:
    for receiver, outcome in activities_written.send_robust(sender=sender, ids=ids):
        if isinstance(outcome, Exception):
            logger.error(
                "%s failed for %d written activities (they are saved; "
                "`kakehashi portal reindex` brings the search index up to date): %s",
                getattr(receiver, "__qualname__", receiver),
                len(ids),
                outcome,
            )  # (Django's own log line for send_robust carries the traceback)
