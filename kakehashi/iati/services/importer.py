"""Import IATI activity files into the registry, fast and safely.

Activities are read as a stream, checked against the 2.03 schema one by one, mapped, and
written in batches: one transaction per batch with bulk inserts for every part. When a batch
fails in the database, it is rolled back and written again one activity at a time, each in its
own savepoint, so one bad activity never costs the others and each activity is written whole
or not at all. With `strict`, a file is one transaction and any error rejects all of it.

Activities are keyed by iati-identifier: importing again updates in place (parts are deleted
and recreated), an identical activity is left alone ("unchanged", by a fingerprint of its
bytes in the file: `raw_activities`), and one whose last-updated-datetime is older than the
stored one never overwrites it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.services.audit import entry_fields
from kakehashi.iati.models import ImportRecord, ImportStatus
from kakehashi.iati.services import writer
from kakehashi.iati.services.archive import iter_sources
from kakehashi.iati.services.mapping import ActivityData
from kakehashi.iati.services.organisation_files import import_organisation_file, root_tag
from kakehashi.iati.services.parser import ROOT_TAG, FileHeader, IatiFileError, Problem, Source
from kakehashi.iati.services.pipeline import (
    AHEAD,
    BUSY,
    ActivityStream,
    WorkerSlot,
    rare_collections,
)
from kakehashi.iati.services.summary import ImportSummary
from kakehashi.iati.services.writer import PART_MODELS, OrganisationCache  # noqa: F401
from kakehashi.registry.models import Activity
from kakehashi.registry.models.activities import RecordKind
from kakehashi.registry.signals import announce_activities_written

BATCH_SIZE = 200  # activities per savepoint (a shorter write answers the worker sooner)
GROUP = 25  # batches per transaction
STATISTICS_AFTER = 1000  # activities written before the planner's statistics are refreshed


class _Rollback(Exception):
    """Raised inside a strict file's transaction to undo everything written for it."""


@dataclass
class _Ahead:
    """The next file, read ahead while the importer writes the end of this one: its first
    chunks are with the worker by the time it is this file's turn."""

    source: Source
    header: FileHeader
    stream: ActivityStream
    chunks: Iterator
    seen: set  # as Importer._seen
    unchanged: set  # identifiers found unchanged (looked up before this file was written)
    done: bool = False  # nothing more to read ahead (the rest is read in its turn)
    read: bool = False  # some chunk read


@dataclass
class _Item:
    data: ActivityData
    fingerprint: str


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: _Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


class _Group:
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


class Importer:
    def __init__(
        self,
        strict: bool = False,
        record: ImportRecord | None = None,
        batch_size: int = BATCH_SIZE,
        on_problem: Callable[[Problem], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
        parallel: bool = True,
    ):
        self.strict = strict
        self.workers = WorkerSlot(parallel)  # large files mapped by a worker process
        self.record = record
        self.batch_size = batch_size
        self.on_problem = on_problem
        self.on_progress = on_progress
        self.summary = ImportSummary(record=record)
        self.organisations = OrganisationCache()
        self.content_type = ContentType.objects.get_for_model(Activity)
        self._group = _Group(committed=self._statistics)
        self.activities_written = 0  # created or updated in this run
        self._upcoming: _Peekable | None = None  # the run's sources (the next one read ahead)
        self._ahead: _Ahead | None = None
        self._looked_ahead: Source | None = None
        self._seen: set = set()
        self.analysed_at = 0  # activities_written when the statistics were last refreshed

    # -- problems ---------------------------------------------------------------------------
    def problem(self, source: str, line, identifier: str, message: str, level="error") -> None:
        problem = Problem(source, line, identifier, message, level)
        if len(self.summary.problems) < ImportRecord.MAX_PROBLEMS:
            self.summary.problems.append(problem)
        else:
            self.summary.problems_not_kept += 1
        if level == "error":
            self.summary.errors += 1
        if self.on_problem:
            self.on_problem(problem)

    # -- files ------------------------------------------------------------------------------
    def import_paths(self, paths: Iterable) -> ImportSummary:
        paths = list(paths)
        try:
            self.workers.expect(paths, writer.layouts())
            with writer.import_connection(), rare_collections():
                return self._import_paths(paths)
        finally:
            self._drop_ahead()
            self.workers.close()

    def _statistics(self, final: bool = False) -> None:
        """Refresh the planner's statistics once the first STATISTICS_AFTER activities are
        committed (the rest of the import reads what it wrote) and after the run."""
        since = self.activities_written - self.analysed_at
        if since >= STATISTICS_AFTER and (final or not self.analysed_at):
            writer.refresh_statistics()
            self.analysed_at = self.activities_written

    def _import_paths(self, paths: Iterable) -> ImportSummary:
        self._upcoming = _Peekable(iter_sources(paths))
        for source in self._upcoming:
            self.summary.files += 1
            if isinstance(source, Problem):
                self.summary.files_rejected += 1
                self.problem(source.file, source.line, "", source.message)
                continue
            ahead = self._ahead is not None and self._ahead.source is source
            if not ahead and root_tag(source) == "iati-organisations":
                self.import_organisations(source)
            else:
                self.import_source(source)
        self._statistics(final=True)
        return self.summary

    def import_organisations(self, source: Source) -> None:
        """An organisation file: its own importer (one transaction per organisation, or per
        file in strict mode); problems and counts go to this summary."""
        counts = import_organisation_file(
            source,
            self.strict,
            lambda p: self.problem(p.file, p.line, p.identifier, p.message, p.level),
            record=self.record,
        )
        self.summary.organisation_files += 1
        self.summary.files_rejected += counts.rejected
        self.summary.skipped += counts.skipped
        self.summary.organisations_created += counts.created
        self.summary.organisations_updated += counts.updated
        self.summary.organisations_unchanged += counts.unchanged
        self.summary.bytes_read += source.size or 0
        self._progress(source, 0, final=True)

    def import_source(self, source: Source) -> None:
        if self.strict:
            counts = _Counts()
            failed = False
            try:
                with transaction.atomic():
                    failed = not self._read(source, counts)
                    if failed:
                        raise _Rollback
            except _Rollback:
                self.organisations.clear()
            if failed:
                self.summary.files_rejected += 1
                self.summary.skipped += counts.created + counts.updated + counts.unchanged
                self.problem(
                    source.name, None, "", _("file rejected (strict mode): nothing of it written")
                )
                return
            self._count(counts)
        else:
            counts = _Counts()
            self._read(source, counts)
            self._count(counts)

    def _count(self, counts: _Counts) -> None:
        self.summary.created += counts.created
        self.summary.updated += counts.updated
        self.summary.unchanged += counts.unchanged

    def _read(self, source: Source, counts: _Counts) -> bool:
        """Read and write one file; False when it had any error."""
        self._batch, self._in_batch = [], set()
        self._clean = True  # no activity failed the schema so far (in document order)
        self._written = True  # none failed to map or to be written so far (idem)
        done = 0
        done_any = False
        stream = None
        try:
            ahead = self._turn(source)
            if ahead is not None:
                header, stream, chunks = ahead.header, ahead.stream, ahead.chunks
                self._seen, done_any = ahead.seen, ahead.read
            else:
                header, self._seen = FileHeader(), set()
                stream = self.workers.stream(source, header, writer.layouts())
                chunks = stream.chunks()
            for chunk in chunks:
                done_any = True
                self._submit(stream, header, chunk)
                while stream.full() or stream.ready():
                    self._collect(source, stream, counts)
                    if stream.finishing:
                        self._read_ahead(stream)
                done = self._progress(source, done)
            while stream.jobs:
                self._collect(source, stream, counts)
            if self._batch and (self._ok or not self.strict):
                self._written = self._flush(source, self._batch, counts) and self._written
        except IatiFileError as error:
            self._clean = False
            done_any = done_any or bool(stream and stream.rest)
            if not done_any:
                self.summary.files_rejected += not self.strict
            self.problem(source.name, error.line, "", error.message)
            if not self.strict and stream is not None:
                self._submit(stream, header, stream.rest)
                while stream.jobs:
                    self._collect(source, stream, counts)
                if self._batch:
                    self._flush(source, self._batch, counts)
        finally:
            self._group.close()
            if stream is not None:
                stream.close()
        if self._ahead is not None and self._ahead.unchanged & self._seen:
            self._drop_ahead()  # this file wrote what the next one found unchanged (rare)
        self._batch, self._in_batch, self._seen = [], set(), set()
        self._progress(source, done, final=True)
        self.summary.bytes_read += source.size or 0
        return self._ok

    @property
    def _ok(self) -> bool:
        return self._clean and self._written

    def _submit(self, stream, header: FileHeader, chunk: list, ahead: _Ahead | None = None):
        """Hand over what changed for mapping: an identical stored fingerprint skips it.
        Read ahead, what this file still writes is never taken as unchanged."""
        if not chunk:
            return
        stored = writer.stored_fingerprints([item.identifier for item in chunk])
        seen = ahead.seen if ahead is not None else self._seen
        indices = []
        for index, item in enumerate(chunk):
            identifier = item.identifier
            if (
                identifier not in seen
                and stored.get(identifier) == item.hash
                and (ahead is None or identifier not in self._seen)
            ):
                item.unchanged = True  # identical to what is stored: not even mapped
                if ahead is not None:
                    ahead.unchanged.add(identifier)
            else:
                seen.add(identifier)  # a repeat in the file is always mapped
                indices.append(index)
        stream.submit(header.version, chunk, indices, chunk)

    # -- reading the next file ahead ----------------------------------------------------------
    def _read_ahead(self, stream) -> None:
        """While the last chunks of this file are collected and written, the next file's
        first ones are read and sent to the worker, which would otherwise wait for them
        (only with the worker, for an activity file it would map)."""
        ahead = self._ahead
        if ahead is None and not stream.undecided:
            upcoming = self._upcoming.peek() if self._upcoming is not None else None
            if not isinstance(upcoming, Source) or upcoming is self._looked_ahead:
                return
            self._looked_ahead = upcoming  # once: it may not be fit, or fail to open
            if root_tag(upcoming) != ROOT_TAG:
                return
            header = FileHeader()
            following = self.workers.stream_ahead(upcoming, header, writer.layouts())
            if following is None:
                return
            ahead = self._ahead = _Ahead(
                upcoming, header, following, following.chunks(), set(), set()
            )
        if ahead is None or ahead.done or stream.undecided:
            return  # (this file's own chunks go to the worker first)
        worker = ahead.stream.worker
        while worker.owed() < BUSY and len(ahead.stream.jobs) < AHEAD:
            try:
                chunk = next(ahead.chunks)
            except StopIteration:
                ahead.done = True
                return
            except IatiFileError:  # reported in its turn, read again from the start
                self._drop_ahead()
                return
            if not chunk:  # it waits for what it sent (to read on after a doubt…)
                ahead.done = True
                return
            ahead.read = True
            self._submit(ahead.stream, ahead.header, chunk, ahead)

    def _turn(self, source: Source) -> _Ahead | None:
        """The file read ahead, if it is `source` (in a run it always is: kept safe)."""
        if self._ahead is not None and self._ahead.source is not source:
            self._drop_ahead()
        ahead, self._ahead = self._ahead, None
        return ahead

    def _drop_ahead(self) -> None:
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            ahead.chunks.close()
            ahead.stream.close()

    def _collect(self, source: Source, stream, counts: _Counts) -> None:
        """Batch the oldest mapped chunk, in document order."""
        pending, results = stream.collect()
        results = iter(results)
        for item in pending:
            if item.unchanged:
                counts.unchanged += 1
                continue
            data = next(results)
            if not isinstance(data, ActivityData):
                self.summary.skipped += 1
                if data[0] == "schema":
                    self._clean = False
                    for line, message in data[1]:
                        self.problem(source.name, line, item.identifier, message)
                else:
                    self._written = False
                    self.problem(source.name, data[1], item.identifier, data[2])
                continue
            if self.strict and not self._ok:
                continue  # keep reading to report every problem, write nothing more
            if data.identifier in self._in_batch:
                self._written = self._flush(source, self._batch, counts) and self._written
                self._batch, self._in_batch = [], set()
            self._batch.append(_Item(data, item.hash))
            self._in_batch.add(data.identifier)
            if len(self._batch) >= self.batch_size:
                self._written = self._flush(source, self._batch, counts) and self._written
                self._batch, self._in_batch = [], set()

    def _progress(self, source: Source, done: int, final: bool = False) -> int:
        if self.on_progress is None or not source.size:
            return done
        position = source.size if final else min(source.size, source.position())
        if position > done:
            self.on_progress(position - done)
            return position
        return done

    # -- database ---------------------------------------------------------------------------
    def _flush(self, source: Source, batch: list[_Item], counts: _Counts) -> bool:
        if self.strict:
            try:
                with transaction.atomic():
                    counts.add(self._write(batch))
                return True
            except (DatabaseError, IntegrityError) as error:
                self.organisations.clear()
                first = batch[0].data
                self.problem(source.name, first.line, first.identifier, _database_message(error))
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
                    source.name, item.data.line, item.data.identifier, _database_message(error)
                )
        self._group.written()
        return ok

    def _write(self, batch: list[_Item]) -> _Counts:
        counts = _Counts()
        identifiers = [item.data.identifier for item in batch]
        existing = {
            row[0]: row[1:]
            for row in Activity.objects.filter(iati_identifier__in=identifiers).values_list(
                "iati_identifier", "pk", "last_updated_datetime", "source_hash"
            )
        }
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

    def _activity_fields(self, item: _Item) -> dict:
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
        now = timezone.now()
        rows = [
            {
                **context,
                "actor_id": actor.pk if actor is not None else None,
                "content_type_id": self.content_type.pk,
                "object_pk": str(pk),
                "object_id": pk,
                "object_repr": label,
                "action": action,
                "changes_text": "",
                "timestamp": now,
            }
            for action, entries in (
                (LogEntry.Action.CREATE, created),
                (LogEntry.Action.UPDATE, updated),
            )
            for pk, label in entries
        ]
        writer.table(LogEntry).write(rows, copy=True)


def _database_message(error: Exception) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return _("could not be written to the database: %(error)s") % {"error": message}


def import_paths(
    paths: Iterable,
    strict: bool = False,
    user=None,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportSummary:
    """Import files, folders and .zip archives; record the run as an ImportRecord."""
    paths = [str(path) for path in paths]
    record = ImportRecord.objects.create(sources=paths, strict=strict, user=user)
    importer = Importer(
        strict=strict,
        record=record,
        batch_size=batch_size,
        on_problem=on_problem,
        on_progress=on_progress,
    )
    try:
        summary = importer.import_paths(paths)
    except BaseException:
        record.status = ImportStatus.FAILED
        record.finished = timezone.now()
        _store(record, importer.summary)
        raise
    record.status = ImportStatus.DONE_WITH_ERRORS if summary.errors else ImportStatus.DONE
    record.finished = timezone.now()
    _store(record, summary)
    return summary


def _store(record: ImportRecord, summary: ImportSummary) -> None:
    record.files = summary.files
    record.files_rejected = summary.files_rejected
    record.activities_created = summary.created
    record.activities_updated = summary.updated
    record.activities_unchanged = summary.unchanged
    record.activities_skipped = summary.skipped
    record.organisation_files = summary.organisation_files
    record.organisations_created = summary.organisations_created
    record.organisations_updated = summary.organisations_updated
    record.organisations_unchanged = summary.organisations_unchanged
    record.errors = summary.errors
    record.bytes_read = summary.bytes_read
    kept = summary.problems[: ImportRecord.MAX_PROBLEMS]
    record.problems = [problem.as_dict() for problem in kept]
    record.problems_not_kept = summary.problems_not_kept + len(summary.problems) - len(kept)
    record.save()


class _Peekable:
    """An iterator whose next item can be looked at before its turn."""

    def __init__(self, iterable: Iterable):
        self.iterator = iter(iterable)
        self.buffer: list = []

    def __iter__(self):
        return self

    def __next__(self):
        return self.buffer.pop() if self.buffer else next(self.iterator)

    def peek(self):
        if not self.buffer:
            try:
                self.buffer.append(next(self.iterator))
            except StopIteration:
                return None
        return self.buffer[0]
