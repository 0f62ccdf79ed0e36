"""Reindex an activity when it or one of its parts is saved through the ORM.

Changes are collected per transaction and reindexed once when it commits (at once outside a
transaction). Bulk writes (bulk_create, queryset.update/delete) send no post_save: whoever
does them sends registry.signals.activities_written, and the index follows.
Deleted parts are not watched (a per-row signal would slow every bulk delete down); the
activity's next save or the importer's reindex catches up.
"""

import threading

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from kakehashi.portal.services import search_index
from kakehashi.registry import signals as registry_signals
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Agreement,
    Budget,
    Contribution,
    LargeProject,
    Organisation,
    Programme,
    RecipientCountry,
    RecipientRegion,
    Transaction,
)

PARTS = (
    ActivityDescription,
    RecipientCountry,
    RecipientRegion,
    ActivitySector,
    Transaction,
    Budget,
)
OTHER_RECORDS = (Organisation, Programme, Contribution, Agreement, LargeProject)
_pending = threading.local()


def _flush() -> None:
    ids = getattr(_pending, "ids", set())
    _pending.ids = set()
    if ids:
        search_index.reindex_activities(ids)


def schedule(activity_id: int) -> None:
    if not connection.in_atomic_block:
        search_index.reindex_activities([activity_id])
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.add(activity_id)
    transaction.on_commit(_flush)  # idempotent: later callbacks find the set empty


def activity_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(instance.pk)


def part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(instance.activity_id)


def record_changed(sender, instance, raw=False, **kwargs):
    """Names and counts on cached pages change with these: invalidate the caches."""
    if not raw:
        search_index.bump_generation()


def activities_written(sender, ids, **kwargs):
    search_index.reindex_activities(ids)


def connect() -> None:
    registry_signals.activities_written.connect(
        activities_written, dispatch_uid="portal-activities-written"
    )
    post_save.connect(activity_changed, sender=Activity, dispatch_uid="portal-activity-saved")
    post_delete.connect(activity_changed, sender=Activity, dispatch_uid="portal-activity-deleted")
    for model in PARTS:
        post_save.connect(part_saved, sender=model, dispatch_uid=f"portal-{model.__name__}-saved")
    for model in OTHER_RECORDS:
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                record_changed, sender=model, dispatch_uid=f"portal-{model.__name__}-{name}"
            )
