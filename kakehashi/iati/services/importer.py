"""Import IATI activity files into the registry, fast and safely.

Activities are read as a stream, checked against the 2.03 schema one by one, mapped, and
written in batches: one transaction per batch with bulk inserts for every part. When a batch
fails in the database, it is rolled back and written again one activity at a time, each in its
own savepoint, so one bad activity never costs the others and each activity is written whole
or not at all. With `strict`, a file is one transaction and any error rejects all of it.

Activities are keyed by iati-identifier: importing again updates in place (parts are deleted
and recreated), an identical activity is left alone ("unchanged", by a fingerprint of its
XML), and one whose last-updated-datetime is older than the stored one never overwrites it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from kakehashi.accounts.services.audit import entry_fields
from kakehashi.iati.models import ImportRecord, ImportStatus
from kakehashi.iati.services import writer
from kakehashi.iati.services.archive import iter_sources
from kakehashi.iati.services.mapping import ActivityData, MappingError, map_activity
from kakehashi.iati.services.parser import (
    FileHeader,
    IatiFileError,
    Problem,
    Source,
    read_activities,
)
from kakehashi.iati.services.validator import schema_errors
from kakehashi.iati.services.writer import PART_MODELS, fast_insert  # noqa: F401 (re-exported)
from kakehashi.registry.models import Activity, Organisation
from kakehashi.registry.models.activities import RecordKind
from kakehashi.registry.models.organisations import OrganisationKind
from kakehashi.registry.signals import announce_activities_written

BATCH_SIZE = 500
LOOKAHEAD = 100  # activities whose stored fingerprints are looked up at once, before mapping
ORGANISATION_KINDS = {
    "10": OrganisationKind.GOVERNMENT,
    "11": OrganisationKind.GOVERNMENT,
    "15": OrganisationKind.GOVERNMENT,
    "21": OrganisationKind.NGO,
    "22": OrganisationKind.NGO,
    "23": OrganisationKind.NGO,
    "24": OrganisationKind.NGO,
    "40": OrganisationKind.INTERNATIONAL_ORGANISATION,
    "70": OrganisationKind.COMPANY,
    "71": OrganisationKind.COMPANY,
    "72": OrganisationKind.COMPANY,
    "73": OrganisationKind.COMPANY,
    "80": OrganisationKind.RESEARCH_INSTITUTE,
}


class _Rollback(Exception):
    """Raised inside a strict file's transaction to undo everything written for it."""


@dataclass
class ImportSummary:
    files: int = 0
    files_rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    bytes_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_not_kept: int = 0
    record: ImportRecord | None = None

    def __str__(self) -> str:
        return _(
            "%(files)d files (%(rejected)d rejected); activities: %(created)d created, "
            "%(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped; %(errors)d errors"
        ) % {
            "files": self.files,
            "rejected": self.files_rejected,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
        }


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


def organisation_names(narratives: list[dict], fallback: str) -> dict:
    name_ja = next((n["text"] for n in narratives if n["lang"][:2] == "ja" and n["text"]), "")
    name_en = next((n["text"] for n in narratives if n["lang"][:2] in ("en", "") and n["text"]), "")
    if not name_en and not name_ja:
        name_en = next((n["text"] for n in narratives if n["text"]), "") or fallback
    return {"name_ja": name_ja.strip()[:500], "name_en": name_en.strip()[:500]}


class OrganisationCache:
    """IATI organisation identifier -> Organisation pk, creating what is missing in bulk."""

    def __init__(self):
        self.ids: dict[str, int] = {}

    def clear(self) -> None:
        self.ids.clear()

    def resolve(self, wanted: dict[str, dict]) -> None:
        missing = [ref for ref in wanted if ref not in self.ids]
        if not missing:
            return
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            self.ids.update(
                Organisation.objects.filter(iati_identifier__in=chunk).values_list(
                    "iati_identifier", "pk"
                )
            )
        new = []
        for ref in missing:
            if ref in self.ids:
                continue
            info = wanted[ref]
            new.append(
                Organisation(
                    iati_identifier=ref,
                    iati_type=(info.get("type") or "")[:10],
                    kind=ORGANISATION_KINDS.get(info.get("type") or "", OrganisationKind.OTHER),
                    **organisation_names(info.get("narratives") or [], ref),
                )
            )
        if new:
            Organisation.objects.bulk_create(new)
            for organisation in new:
                self.ids[organisation.iati_identifier] = organisation.pk


def fingerprint(element) -> str:
    return hashlib.blake2b(etree.tostring(element), digest_size=32).hexdigest()


class Importer:
    def __init__(
        self,
        strict: bool = False,
        record: ImportRecord | None = None,
        batch_size: int = BATCH_SIZE,
        on_problem: Callable[[Problem], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ):
        self.strict = strict
        self.record = record
        self.batch_size = batch_size
        self.on_problem = on_problem
        self.on_progress = on_progress
        self.summary = ImportSummary(record=record)
        self.organisations = OrganisationCache()
        self.content_type = ContentType.objects.get_for_model(Activity)

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
        for source in iter_sources(paths):
            self.summary.files += 1
            if isinstance(source, Problem):
                self.summary.files_rejected += 1
                self.problem(source.file, source.line, "", source.message)
                continue
            self.import_source(source)
        return self.summary

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
        header = FileHeader()
        batch: list[_Item] = []
        in_batch: set[str] = set()
        ok = True
        done = 0
        done_any = False
        try:
            for element in read_activities(source, header):
                done_any = True
                identifier = (element.findtext("iati-identifier") or "").strip()
                errors = schema_errors(element)
                if errors:
                    ok = False
                    self.summary.skipped += 1
                    for line, message in errors[:5]:
                        self.problem(source.name, line, identifier, message)
                    continue
                try:
                    data = map_activity(element, header.version)
                except MappingError as error:
                    ok = False
                    self.summary.skipped += 1
                    self.problem(source.name, error.line, identifier, error.message)
                    continue
                if self.strict and not ok:
                    continue  # keep reading to report every problem, write nothing more
                if data.identifier in in_batch:
                    self._flush(source, batch, counts)
                    batch, in_batch = [], set()
                batch.append(_Item(data, fingerprint(element)))
                in_batch.add(data.identifier)
                if len(batch) >= self.batch_size:
                    ok = self._flush(source, batch, counts) and ok
                    batch, in_batch = [], set()
                    done = self._progress(source, done)
            if batch and (ok or not self.strict):
                ok = self._flush(source, batch, counts) and ok
        except IatiFileError as error:
            ok = False
            if not done_any:
                self.summary.files_rejected += not self.strict
            self.problem(source.name, error.line, "", error.message)
            if batch and not self.strict:
                self._flush(source, batch, counts)
        self._progress(source, done, final=True)
        self.summary.bytes_read += source.size or 0
        return ok

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
        try:
            with transaction.atomic():
                result = self._write(batch)
            counts.add(result)
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
        created = [
            Activity(
                kind=RecordKind.IATI,
                source_hash=item.fingerprint,
                **self._activity_fields(item),
            )
            for item in to_create
        ]
        Activity.objects.bulk_create(created)
        pks = {activity.iati_identifier: activity.pk for activity in created}
        for item in to_update:
            pk = existing[item.data.identifier][0]
            pks[item.data.identifier] = pk
            Activity.objects.filter(pk=pk).update(
                source_hash=item.fingerprint, updated=now, **self._activity_fields(item)
            )
        updated_pks = [existing[item.data.identifier][0] for item in to_update]
        if updated_pks:
            self._delete_parts(updated_pks)
        self._create_parts(
            [(pks[item.data.identifier], item.data) for item in to_create + to_update]
        )
        counts.created = len(created)
        counts.updated = len(to_update)
        self._audit(
            [(a.pk, a.iati_identifier) for a in created],
            [(pks[item.data.identifier], item.data.identifier) for item in to_update],
        )
        return counts

    def _activity_fields(self, item: _Item) -> dict:
        data = item.data
        fields = dict(data.fields)
        fields["reporting_org_id"] = self.organisations.ids[data.reporting_org["ref"]]
        fields["reporting_org_secondary"] = data.reporting_org["secondary"]
        return fields

    @staticmethod
    def _delete_parts(pks: list[int]) -> None:
        for queryset in [
            IndicatorPeriod.objects.filter(indicator__result__activity_id__in=pks),
            Indicator.objects.filter(result__activity_id__in=pks),
            Result.objects.filter(activity_id__in=pks),
            *(model.objects.filter(activity_id__in=pks) for model in PART_MODELS.values()),
        ]:
            # Raw deletes: no per-row signals (the whole activity update is audited once).
            queryset._raw_delete(queryset.db)

    def _create_parts(self, activities: list[tuple[int, ActivityData]]) -> None:
        organisations = self.organisations.ids
        for name, model in PART_MODELS.items():
            rows = []
            for pk, data in activities:
                for sequence, fields in enumerate(data.parts[name]):
                    row = {"activity_id": pk, "sequence": sequence, **fields}
                    if name == "participants" and fields["ref"]:
                        row["organisation_id"] = organisations.get(fields["ref"])
                    rows.append(row)
            if rows:
                fast_insert(model, rows)
        results, indicator_rows = [], []
        for pk, data in activities:
            for sequence, result in enumerate(data.results):
                results.append(Result(activity_id=pk, sequence=sequence, **result["fields"]))
                indicator_rows.append(result["indicators"])
        if not results:
            return
        Result.objects.bulk_create(results)
        indicators, period_rows = [], []
        for result, rows in zip(results, indicator_rows, strict=True):
            for sequence, row in enumerate(rows):
                indicators.append(
                    Indicator(result_id=result.pk, sequence=sequence, **row["fields"])
                )
                period_rows.append(row["periods"])
        Indicator.objects.bulk_create(indicators)
        periods = [
            IndicatorPeriod(indicator_id=indicator.pk, sequence=sequence, **fields)
            for indicator, rows in zip(indicators, period_rows, strict=True)
            for sequence, fields in enumerate(rows)
        ]
        IndicatorPeriod.objects.bulk_create(periods)

    def _audit(self, created: list, updated: list) -> None:
        """One history entry per created or updated activity (not one per part)."""
        extra = {"source": "iati import", "import_record": self.record.pk if self.record else None}
        now = timezone.now()
        entries = [
            LogEntry(
                content_type=self.content_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=label,
                action=action,
                changes_text="",
                additional_data=extra,
                timestamp=now,
            )
            for action, rows in (
                (LogEntry.Action.CREATE, created),
                (LogEntry.Action.UPDATE, updated),
            )
            for pk, label in rows
        ]
        LogEntry.objects.bulk_create(entries, batch_size=1000)


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
    record.errors = summary.errors
    record.bytes_read = summary.bytes_read
    kept = summary.problems[: ImportRecord.MAX_PROBLEMS]
    record.problems = [problem.as_dict() for problem in kept]
    record.problems_not_kept = summary.problems_not_kept + len(summary.problems) - len(kept)
    record.save()
