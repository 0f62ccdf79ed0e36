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

from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.iati.models import ImportRecord, ImportStatus
from kakehashi.iati.services import writer
from kakehashi.iati.services.activity_batches import BatchWriter, Counts, Group, Item
from kakehashi.iati.services.archive import iter_sources
from kakehashi.iati.services.mapping import ActivityData
from kakehashi.iati.services.organisation_files import import_organisation_file
from kakehashi.iati.services.parser import FileHeader, IatiFileError, Problem, Source, root_tag
from kakehashi.iati.services.pipeline import WorkerSlot, rare_collections
from kakehashi.iati.services.read_ahead import Ahead, Peekable, ReadAhead
from kakehashi.iati.services.summary import ImportSummary
from kakehashi.iati.services.writer import PART_MODELS, OrganisationCache  # noqa: F401
from kakehashi.registry.models import Activity

# Activities per savepoint: a shorter write answers the worker sooner (200: the samples took
# 25 ms more over 52 paired runs; the generated file takes the same).
BATCH_SIZE = 100
STATISTICS_AFTER = 1000  # activities written before the planner's statistics are refreshed


class _Rollback(Exception):
    """Raised inside a strict file's transaction to undo everything written for it."""


class Importer(ReadAhead, BatchWriter):
    """One import run: its files in turn, each read, mapped (here or by the worker) and
    written; the summary of it all."""

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
        self._group = Group(committed=self._statistics)
        self.activities_written = 0  # created or updated in this run
        self._upcoming: Peekable | None = None  # the run's sources (the next ones looked at)
        self._ahead: Ahead | None = None
        self._looked_ahead: Source | None = None
        self._write_nothing: dict = {}
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
        self._upcoming = Peekable(iter_sources(paths))
        for source in self._upcoming:
            self._write_nothing.pop(id(source), None)
            self.summary.files += 1
            if isinstance(source, Problem):
                self.summary.files_rejected += 1
                self.problem(source.file, source.line, "", source.message)
                continue
            ahead = self._ahead is not None and self._ahead.source is source
            if not ahead and root_tag(source) == "iati-organisations":
                self._read_ahead()  # the worker maps what follows meanwhile
                self.import_organisations(source)
            else:
                self.import_source(source)
        self.workers.finish()  # it checkpoints the last commits while the run ends here
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
            counts = Counts()
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
            counts = Counts()
            self._read(source, counts)
            self._count(counts)

    def _count(self, counts: Counts) -> None:
        self.summary.created += counts.created
        self.summary.updated += counts.updated
        self.summary.unchanged += counts.unchanged

    def _read(self, source: Source, counts: Counts) -> bool:
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

    def _submit(self, stream, header: FileHeader, chunk: list, ahead: Ahead | None = None):
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

    def _collect(self, source: Source, stream, counts: Counts) -> None:
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
            self._batch.append(Item(data, item.hash))
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
