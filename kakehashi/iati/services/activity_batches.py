"""Writing mapped activities: a batch at a time, each batch a savepoint in a transaction
of GROUP batches, all its parts in bulk, one history entry per activity. A batch that fails in
the database is written again one activity at a time, so one bad activity never costs the
others."""

from __future__ import annotations

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.services.audit import entry_fields
from kakehashi.iati.services import writer
from kakehashi.iati.services.mapping import ActivityData
from kakehashi.iati.services.parser import Source
from kakehashi.registry.models import Activity
from kakehashi.registry.models.activities import RecordKind
from kakehashi.registry.signals import announce_activities_written

GROUP = 25  # batches per transaction


@dataclass
class Item:
    data: ActivityData
    fingerprint: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


class Group:
    """One transaction for every GROUP batches, each batch a savepoint in it: each batch is
    still written whole or not at all, and a failed one still leaves the others, but the
    database commits (and SQLite copies its index pages to the log) GROUP times less often.
    What is written is committed when the file ends, whatever the reason."""

    def __init__(self, committed=None):
        self.atomic = None
        self.batches = 0
        self.committed = committed

    def open(self) -> None:
        if self.atomic is None:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

    def written(self) -> None:
        self.batches += 1
        if self.batches >= GROUP:
            self.close()

    def close(self) -> None:
        atomic, self.atomic, self.batches = self.atomic, None, 0
        if atomic is not None:
            atomic.__exit__(None, None, None)
            if self.committed is not None:
                self.committed()


class BatchWriter:
    """The importer's part that writes batches (a mixin of `Importer`)."""

    def _flush(self, source: Source, batch: list[Item], counts: Counts) -> bool:
        if self.strict:
            try:
                with transaction.atomic():
                    counts.add(self._write(batch))
                return True
            except (DatabaseError, IntegrityError) as error:
                self.organisations.clear()
                first = batch[0].data
                self.problem(source.name, first.line, first.identifier, database_message(error))
                return False
        self._group.open()
        try:
            with transaction.atomic():
                result = self._write(batch)
            counts.add(result)
            self._group.written()
            return True
        except (DatabaseError, IntegrityError):
            self.organisations.clear()
        ok = True
        for item in batch:  # isolate the culprit: one savepoint per activity
            try:
                with transaction.atomic():
                    result = self._write([item])
                counts.add(result)
            except (DatabaseError, IntegrityError) as error:
                self.organisations.clear()
                ok = False
                self.summary.skipped += 1
                self.problem(
                    source.name, item.data.line, item.data.identifier, database_message(error)
                )
        self._group.written()
        return ok

    def _write(self, batch: list[Item]) -> Counts:
        counts = Counts()
        existing = writer.stored_activities([item.data.identifier for item in batch])
        to_create, to_update = [], []
        for item in batch:
            stored = existing.get(item.data.identifier)
            if stored is None:
                to_create.append(item)
                continue
            _pk, stored_updated, stored_hash = stored
            incoming = item.data.fields["last_updated_datetime"]
            if stored_hash == item.fingerprint or (
                stored_updated and incoming and incoming < stored_updated
            ):
                counts.unchanged += 1
                continue
            to_update.append(item)
        if not to_create and not to_update:
            return counts
        wanted: dict[str, dict] = {}
        for item in to_create + to_update:
            reporting = item.data.reporting_org
            if reporting["ref"]:
                wanted.setdefault(reporting["ref"], reporting)
            for ref, info in item.data.org_refs.items():
                wanted.setdefault(ref, info)
        self.organisations.resolve(wanted)
        now = timezone.now()
        pks = {}
        rows = []
        for pk, item in zip(writer.reserve_ids(Activity, len(to_create)), to_create, strict=True):
            row = self._activity_fields(item)
            row.update(id=pk, kind=RecordKind.IATI, created=now, updated=now)
            rows.append(row)
            pks[item.data.identifier] = pk
        if rows:
            writer.table(Activity, True).write(rows, copy=True)  # COPY on PostgreSQL
        rows = []
        for item in to_update:
            row = self._activity_fields(item)
            row["id"] = pks[item.data.identifier] = existing[item.data.identifier][0]
            rows.append(row)
        if rows:
            writer.update_activities(rows, now)
            self._delete_parts([row["id"] for row in rows])
        self._create_parts(
            [(pks[item.data.identifier], item.data) for item in to_create + to_update]
        )
        counts.created = len(to_create)
        counts.updated = len(to_update)
        self.activities_written += counts.created + counts.updated
        self._audit(
            [(pks[item.data.identifier], item.data.identifier) for item in to_create],
            [(pks[item.data.identifier], item.data.identifier) for item in to_update],
        )
        announce_activities_written(sender=Activity, ids=list(pks.values()))
        return counts

    def _activity_fields(self, item: Item) -> dict:
        data = item.data
        fields = dict(data.fields)
        fields["reporting_org_id"] = self.organisations.ids[data.reporting_org["ref"]]
        fields["reporting_org_secondary"] = data.reporting_org["secondary"]
        fields["source_hash"] = item.fingerprint
        return fields

    @staticmethod
    def _delete_parts(pks: list[int]) -> None:
        writer.delete_parts(pks)

    def _create_parts(self, activities: list[tuple[int, ActivityData]]) -> None:
        writer.create_parts(activities, self.organisations.ids)

    def _audit(self, created: list, updated: list) -> None:
        """One history entry per created or updated activity (not one per part), carrying the
        acting context (user, request or run id, office, command) like every other entry."""
        extra = {"source": "iati import", "import_record": self.record.pk if self.record else None}
        context = entry_fields(extra)
        actor = context.pop("actor")
        # the same for every entry: laid out once (Table.repeat), not once an entry
        template = {
            **context,
            "actor_id": actor.pk if actor is not None else None,
            "content_type_id": self.content_type.pk,
            "changes_text": "",
            "timestamp": timezone.now(),
        }
        entries = [
            (str(pk), pk, label, action)
            for action, written in (
                (LogEntry.Action.CREATE, created),
                (LogEntry.Action.UPDATE, updated),
            )
            for pk, label in written
        ]
        table = writer.table(LogEntry)
        rows = table.repeat(template, ["object_pk", "object_id", "object_repr", "action"], entries)
        table.insert_values(rows, copy=True)


def database_message(error: Exception) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return _("could not be written to the database: %(error)s") % {"error": message}
