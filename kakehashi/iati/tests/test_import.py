import os
import queue
from collections import deque
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from kakehashi.iati.models import ImportRecord
from kakehashi.iati.services import activity_batches, activity_rows, pipeline
from kakehashi.iati.services import importer as importer_module
from kakehashi.iati.services.importer import import_paths
from kakehashi.iati.services.parser import Source
from kakehashi.iati.tests.conftest import activity_xml, iati_file
from kakehashi.registry.models import Activity, Organisation, ParticipatingOrg, Transaction

pytestmark = pytest.mark.django_db

INVALID = activity_xml("XM-DAC-701-8-BAD").replace('<activity-status code="2"/>', "")


def test_import_creates_everything(write):
    path = write("a.xml", iati_file(activity_xml()))
    summary = import_paths([path])
    assert (summary.created, summary.errors) == (1, 0)
    activity = Activity.objects.get(iati_identifier="XM-DAC-701-8-1")
    assert activity.title == [{"lang": "", "text": "Water"}, {"lang": "ja", "text": "題名"}]
    assert activity.reporting_org.iati_identifier == "XM-DAC-701-8"
    participant = activity.participants.get()
    assert participant.organisation.iati_identifier == "XM-DAC-701-2"
    assert activity.budgets.get().value == Decimal("1000.5")
    assert activity.budgets.get().currency == ""  # relies on the default currency
    transaction = activity.transactions.get()
    assert (transaction.value, transaction.currency) == (Decimal("250.125"), "USD")
    assert LogEntry.objects.filter(object_pk=str(activity.pk)).count() == 1
    record = ImportRecord.objects.get()
    assert (record.activities_created, record.status) == (1, "done")


def test_organisations_named_by_activities_are_found_or_created_once(write):
    from kakehashi.registry.models.organisations import OrganisationKind

    mofa = Organisation.objects.create(iati_identifier="XM-DAC-701-2", name_en="Foreign Affairs")
    second = activity_xml("XM-DAC-701-8-2")
    summary = import_paths([write("a.xml", iati_file(activity_xml(), second))])
    assert summary.created == 2
    assert Organisation.objects.count() == 2
    assert {p.organisation_id for p in ParticipatingOrg.objects.all()} == {mofa.pk}
    jica = Organisation.objects.get(iati_identifier="XM-DAC-701-8")
    assert (jica.name_en, jica.name_ja, jica.iati_type) == ("JICA", "", "10")
    assert jica.kind == OrganisationKind.GOVERNMENT and jica.is_published
    assert set(Activity.objects.values_list("reporting_org_id", flat=True)) == {jica.pk}
    assert Organisation.objects.get(pk=mofa.pk).name_en == "Foreign Affairs"  # left alone


def test_reimport_is_idempotent_and_updates_in_place(write):
    first = write("a.xml", iati_file(activity_xml()))
    import_paths([first])
    pk = Activity.objects.get().pk
    again = import_paths([first])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    newer = write("b.xml", iati_file(activity_xml(title="Water 2", updated="2025-01-01T00:00:00Z")))
    summary = import_paths([newer])
    assert (summary.created, summary.updated) == (0, 1)
    activity = Activity.objects.get()
    assert activity.pk == pk and activity.title[0]["text"] == "Water 2"
    assert Transaction.objects.count() == 1  # parts replaced, not duplicated
    older = write("c.xml", iati_file(activity_xml(title="Old", updated="2023-01-01T00:00:00Z")))
    summary = import_paths([older])
    assert summary.unchanged == 1
    assert Activity.objects.get().title[0]["text"] == "Water 2"


def test_default_mode_skips_invalid_activity(write):
    path = write("a.xml", iati_file(activity_xml("XM-DAC-701-8-1"), INVALID))
    summary = import_paths([path])
    assert (summary.created, summary.skipped) == (1, 1)
    assert summary.problems[0].identifier == "XM-DAC-701-8-BAD"
    assert summary.problems[0].line and summary.problems[0].file == path


def test_strict_mode_rejects_whole_file(write):
    path = write("a.xml", iati_file(activity_xml("XM-DAC-701-8-1"), INVALID))
    summary = import_paths([path], strict=True)
    assert summary.created == 0 and summary.files_rejected == 1
    assert not Activity.objects.exists()
    assert not Organisation.objects.exists()


def test_each_activity_is_atomic(write, monkeypatch):
    original = importer_module.Importer._create_parts

    def failing(self, activities):
        if any(data.identifier.endswith("-2") for _pk, data in activities):
            raise IntegrityError("simulated failure")
        return original(self, activities)

    monkeypatch.setattr(importer_module.Importer, "_create_parts", failing)
    path = write("a.xml", iati_file(*(activity_xml(f"XM-DAC-701-8-{i}") for i in range(1, 4))))
    summary = import_paths([path])
    assert summary.created == 2 and summary.skipped == 1
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == {
        "XM-DAC-701-8-1",
        "XM-DAC-701-8-3",
    }
    assert "simulated failure" in summary.problems[0].message


def test_legacy_codes_in_201_file(write):
    path = write("a.xml", iati_file(activity_xml(ttype="D"), version="2.01"))
    summary = import_paths([path])
    assert summary.created == 1
    activity = Activity.objects.get()
    assert activity.transactions.get().type == "3"
    assert activity.iati_version == "2.01"


def test_duplicate_in_one_file_updates(write):
    path = write(
        "a.xml", iati_file(activity_xml(), activity_xml(updated="2025-01-01T00:00:00Z", title="B"))
    )
    summary = import_paths([path])
    assert (summary.created, summary.updated) == (1, 1)
    assert Activity.objects.get().title[0]["text"] == "B"


def test_command_prints_summary_and_fails_on_errors(write, capsys):
    good = write("good.xml", iati_file(activity_xml()))
    call_command("iati", "import", good, "--no-progress")
    out = capsys.readouterr().out
    # One language on the console (English), whatever LANGUAGE_CODE is.
    assert "1 files (0 rejected); activities: 1 created" in out and "import record #" in out
    bad = write("bad.xml", "<not-iati/>")
    with pytest.raises(CommandError):
        call_command("iati", "import", bad, "--no-progress")


def test_audit_entries_carry_the_acting_context(write):
    from kakehashi.accounts.services import context

    with context.command("iati-test", job="nightly"):
        summary = import_paths([write("a.xml", iati_file(activity_xml()))])
    entry = LogEntry.objects.get()
    data = entry.additional_data
    assert data["source"] == "iati import" and data["import_record"] == summary.record.pk
    assert data["command"] == "iati-test" and data["job"] == "nightly"
    assert data["request_id"] == entry.cid and "office" in data
    assert entry.action == LogEntry.Action.CREATE and entry.object_repr == "XM-DAC-701-8-1"


def test_each_written_activity_has_its_own_history_entry(write):
    """Created and updated in one batch: one entry each, naming its activity and what was
    done, sharing the run's context."""
    import_paths([write("a.xml", iati_file(activity_xml("X-1"), activity_xml("X-2")))])
    newer = activity_xml("X-2", title="New", updated="2025-01-01T00:00:00Z")
    import_paths([write("b.xml", iati_file(activity_xml("X-3"), newer))])
    pks = dict(Activity.objects.values_list("iati_identifier", "pk"))
    entries = [
        (e.object_repr, e.object_pk, e.object_id, e.action, e.timestamp is not None)
        for e in LogEntry.objects.filter(object_repr__startswith="X-").order_by("pk")
    ]
    create, update = LogEntry.Action.CREATE, LogEntry.Action.UPDATE
    assert entries == [
        ("X-1", str(pks["X-1"]), pks["X-1"], create, True),
        ("X-2", str(pks["X-2"]), pks["X-2"], create, True),
        ("X-3", str(pks["X-3"]), pks["X-3"], create, True),
        ("X-2", str(pks["X-2"]), pks["X-2"], update, True),
    ]
    runs = {
        e.additional_data["import_record"] for e in LogEntry.objects.filter(object_id=pks["X-2"])
    }
    assert len(runs) == 2


def test_written_activities_are_announced_after_commit(write, django_capture_on_commit_callbacks):
    from kakehashi.registry.signals import activities_written

    received = []

    def listener(sender, ids, **kwargs):
        received.extend(ids)

    activities_written.connect(listener)
    try:
        path = write("a.xml", iati_file(activity_xml("XM-DAC-701-8-1"), activity_xml("X-2")))
        with django_capture_on_commit_callbacks(execute=True):
            import_paths([path])
    finally:
        activities_written.disconnect(listener)
    assert sorted(received) == sorted(Activity.objects.values_list("pk", flat=True))


def test_unchanged_activity_is_not_mapped_again(write, monkeypatch):
    path = write("a.xml", iati_file(activity_xml()))
    import_paths([path])

    def never(*args, **kwargs):
        raise AssertionError("mapped an unchanged activity")

    monkeypatch.setattr(activity_rows, "map_activity", never)
    summary = import_paths([path])
    assert (summary.unchanged, summary.errors) == (1, 0)


def test_large_file_mapped_in_a_worker_gives_the_same_data(write, monkeypatch):
    from kakehashi.iati.tests.helpers import snapshot, wipe_activities

    bad = activity_xml("XM-DAC-701-8-9", ttype=" ")  # schema-valid, cannot be mapped
    activities = [activity_xml(f"XM-DAC-701-8-{i}") for i in range(1, 8)] + [bad]
    path = write("a.xml", iati_file(*activities, activity_xml("XM-DAC-701-8-1", title="Again")))
    in_process = import_paths([path])
    before = snapshot()
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    in_worker = import_paths([path])
    assert snapshot() == before and len(before) == 7
    assert [str(p) for p in in_worker.problems] == [str(p) for p in in_process.problems]
    assert "transaction without a transaction-type code" in str(in_worker.problems[0])
    assert (in_worker.created, in_worker.updated, in_worker.skipped) == (7, 1, 1)


def _dispatched(monkeypatch, jobs: int, local_from: int, answered: list[int]) -> list:
    """How many of `jobs` undecided chunks the worker is given, first and then after
    each number of answers."""

    class Worker:
        results = queue.SimpleQueue()
        owed = pipeline.MappingWorker.owed

    worker = Worker()
    worker.sent = deque()
    stream = pipeline.ActivityStream(None, None, {}, worker)
    stream.undecided = deque(
        pipeline._Job(None, None, "2.03", [], [0], local=n >= local_from) for n in range(jobs)
    )

    def send(self, job):
        worker.sent.append(job)

    monkeypatch.setattr(pipeline.ActivityStream, "_send", send)
    stream._dispatch()
    counts = [len(worker.sent)]
    for answers in answered:
        for _ in range(answers):
            Worker.results.put([])
        stream._dispatch()
        counts.append(len(worker.sent))
    return counts


def test_the_worker_is_given_busy_chunks_and_none_parsed_here(monkeypatch):
    """On a large file the worker maps up to BUSY chunks at a time (one more as each is
    answered), never those of activities the importer parsed already (after a doubt)."""
    busy = pipeline.BUSY
    assert _dispatched(monkeypatch, 40, 30, [1, 40]) == [busy, busy + 1, 30]


def test_the_worker_is_given_no_more_than_the_importer_keeps(monkeypatch):
    """At the end of a file, the worker is not left mapping while the importer waits."""
    assert _dispatched(monkeypatch, 6, 6, [1, 1]) == [3, 4, 4]


def test_chunks_mapped_in_process_while_the_worker_is_busy_keep_their_order(write, monkeypatch):
    from kakehashi.iati.tests.helpers import snapshot, wipe_activities

    activities = [activity_xml(f"XM-DAC-701-8-{i}") for i in range(1, 13)]
    activities.insert(5, activity_xml("XM-DAC-701-8-99", ttype=" "))
    path = write("a.xml", iati_file(*activities, activity_xml("XM-DAC-701-8-1", title="Again")))
    in_process = import_paths([path])
    before = snapshot()
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 1)
    taken = []
    take = pipeline.ActivityStream._take

    def odd_ones_stay_here(self):  # the worker gets the even chunks only (one activity each)
        for job in [job for job in self.undecided if job.context[0].number % 2 == 0]:
            self.undecided.remove(job)
            self._send(job)

    def counting(self, job):
        taken.append(job.context[0].number)
        take(self, job)

    monkeypatch.setattr(pipeline.ActivityStream, "_dispatch", odd_ones_stay_here)
    monkeypatch.setattr(pipeline.ActivityStream, "_take", counting)
    mixed = import_paths([path])
    assert taken == list(range(1, 14, 2))  # the odd chunks were mapped in-process
    assert snapshot() == before
    assert [str(p) for p in mixed.problems] == [str(p) for p in in_process.problems]
    assert (mixed.created, mixed.updated, mixed.skipped) == (12, 1, 1)


def test_a_decoded_file_is_mapped_by_the_worker_and_followed_by_the_progress_bar(
    write, monkeypatch
):
    """The importer reads the file (decoded first if need be) and the progress bar follows
    its reading; the worker gets the activities' XML."""
    from kakehashi.iati.tests.helpers import snapshot, wipe_activities

    activities = [activity_xml(f"XM-DAC-701-8-{i}") for i in range(1, 9)]
    text = iati_file(*activities).replace("UTF-8", "windows-1252").replace("題名", "Té")
    legacy = write("legacy.xml", text.encode("cp1252"))
    import_paths([legacy])
    in_process = snapshot()
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    sent = []
    send = pipeline.ActivityStream._send

    def counting(self, job):
        sent.append(len(job.indices))
        send(self, job)

    monkeypatch.setattr(pipeline.ActivityStream, "_send", counting)
    positions = []
    position = Source.position

    def seen(self):
        positions.append(position(self))
        return positions[-1]

    monkeypatch.setattr(Source, "position", seen)
    progress: list[int] = []
    summary = import_paths([legacy], on_progress=progress.append)
    assert summary.created == 8 and snapshot() == in_process
    assert sum(sent) > 0  # some went to the worker
    assert max(positions) > 0 and sum(progress) == os.path.getsize(legacy)
    assert {a.title[1]["text"] for a in Activity.objects.all()} == {"Té"}


@pytest.mark.parametrize("worker", [False, True])
def test_an_activity_that_does_not_parse_alone_has_the_file_read_again_from_it(
    write, monkeypatch, worker
):
    """An activity cut out of the bytes whose XML does not parse on its own (a doubt,
    here feigned: real ones are malformed or hold their end tag in a comment or CDATA
    section) has the rest of the file read by a parse of the whole; the activities cut
    after it are dropped and read again, and importing the file again changes nothing."""
    from kakehashi.iati.tests.helpers import snapshot, wipe_activities

    activities = [activity_xml(f"XM-DAC-701-8-{i}") for i in range(1, 9)]
    activities[2] = activities[2].replace("Water", "Doubtful")
    activities.insert(6, activity_xml("XM-DAC-701-8-5", title="Again"))  # a repeat
    path = write("a.xml", iati_file(*activities))
    import_paths([path])
    plain = snapshot()
    wipe_activities()
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    if worker:  # every chunk to the worker but the doubtful one (doubted here only)
        monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)

        def all_but_the_doubtful(self):
            for job in list(self.undecided):
                if not job.local and 2 not in [item.number for item in job.context]:
                    self.undecided.remove(job)
                    self._send(job)

        monkeypatch.setattr(pipeline.ActivityStream, "_dispatch", all_but_the_doubtful)
    parse = pipeline.parse_blob

    def doubtful(blob):
        return None if b"Doubtful" in blob else parse(blob)

    monkeypatch.setattr(pipeline, "parse_blob", doubtful)
    read = []
    read_pending = pipeline.read_pending

    def reading(element, number):
        read.append(number)
        return read_pending(element, number)

    monkeypatch.setattr(pipeline, "read_pending", reading)
    first = import_paths([path])
    assert (first.created, first.updated, first.errors) == (8, 1, 0)
    assert snapshot() == plain
    assert read == list(range(2, 9))  # from the doubtful one on, by a parse
    again = import_paths([path])  # the repeat's two versions each overwrite the other
    assert (again.unchanged, again.updated, again.created) == (7, 2, 0)


def test_too_long_value_fails_that_activity_only(write):
    too_long = activity_xml("XM-DAC-701-8-2").replace('code="VN"', 'code="VNMX"')
    summary = import_paths([write("a.xml", iati_file(activity_xml(), too_long))])
    assert (summary.created, summary.skipped) == (1, 1)
    assert "longer than 3 characters" in summary.problems[0].message


@pytest.mark.parametrize("worker", [False, True])
def test_too_long_value_among_columns_of_the_same_limit_is_named(write, monkeypatch, worker):
    """provider_type shares its limit (10) with receiver_type: checked together, and the
    culprit still named."""
    too_long = activity_xml("XM-DAC-701-8-2").replace(
        "250.125</value></transaction>",
        '250.125</value><provider-org ref="XM-1" type="12345678901"/></transaction>',
    )
    if worker:
        monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    summary = import_paths([write("a.xml", iati_file(activity_xml(), too_long))])
    assert (summary.created, summary.skipped) == (1, 1)
    assert summary.problems[0].identifier == "XM-DAC-701-8-2"
    assert "provider_type: '12345678901'… is longer than 10 characters" in str(summary.problems[0])


def test_a_failing_follower_of_written_activities_does_not_undo_the_counts(
    write, caplog, django_capture_on_commit_callbacks
):
    from kakehashi.registry.signals import activities_written

    def broken_index(sender, ids, **kwargs):
        raise RuntimeError("index unavailable")

    activities_written.connect(broken_index, dispatch_uid="test-broken-index")
    try:
        path = write("a.xml", iati_file(activity_xml() + activity_xml("XM-DAC-701-8-2")))
        with django_capture_on_commit_callbacks(execute=True):
            summary = import_paths([path])
    finally:
        activities_written.disconnect(dispatch_uid="test-broken-index")
    assert (summary.created, summary.unchanged, summary.errors) == (2, 0, 0)
    assert Activity.objects.count() == 2
    [message] = [r.getMessage() for r in caplog.records if r.name == "kakehashi.registry.signals"]
    assert "2 written activities" in message and "portal reindex" in message


def test_statistics_are_refreshed_once_early_and_once_after_a_large_import(write, monkeypatch):
    from kakehashi.iati.services import writer

    calls = []
    monkeypatch.setattr(importer_module, "STATISTICS_AFTER", 2)
    monkeypatch.setattr(activity_batches, "GROUP", 1)
    monkeypatch.setattr(
        writer, "refresh_statistics", lambda: calls.append(Activity.objects.count())
    )
    activities = [activity_xml(f"XM-DAC-701-8-{i}") for i in range(1, 8)]
    import_paths([write("a.xml", iati_file(*activities))], batch_size=2)
    assert calls == [2, 7]  # after the first commit of two, then at the end
    calls.clear()
    import_paths([write("b.xml", iati_file(activity_xml("XM-DAC-701-8-99")))])
    assert calls == []  # too little written to matter


def test_statistics_are_gathered_for_the_columns_rows_are_looked_up_by(write):
    """On PostgreSQL: the tables' sizes and their keys' and indexed columns' statistics,
    not the wide text columns (which cost fourteen times as much to sample)."""
    from django.db import connection

    from kakehashi.iati.services import writer

    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans without statistics")
    import_paths([write("a.xml", iati_file(activity_xml(), activity_xml("XM-DAC-701-8-2")))])
    writer.refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, attname FROM pg_stats WHERE tablename IN "
            "('registry_activity', 'registry_transaction')"
        )
        gathered = set(cursor.fetchall())
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'registry_transaction'")
        (rows,) = cursor.fetchone()
    assert {
        ("registry_activity", "iati_identifier"),
        ("registry_activity", "reporting_org_id"),
        ("registry_transaction", "activity_id"),
        ("registry_transaction", "type"),
    } <= gathered
    assert ("registry_activity", "preserved_xml") not in gathered
    assert ("registry_activity", "title") not in gathered
    assert rows == Transaction.objects.count() > 0


@pytest.mark.parametrize("hierarchy", ["-1", "40000"])
def test_a_hierarchy_the_column_cannot_hold_fails_that_activity_with_its_reason(write, hierarchy):
    """The same on every database (SQLite would store 40000, PostgreSQL refuse it), and
    checked by the mapper: the bulk import leaves SQLite's CHECK constraints to it."""
    odd = activity_xml("XM-DAC-701-8-2").replace(
        "<iati-activity ", f'<iati-activity hierarchy="{hierarchy}" '
    )
    summary = import_paths([write("a.xml", iati_file(activity_xml(), odd))])
    assert (summary.created, summary.skipped) == (1, 1)
    assert summary.problems[0].identifier == "XM-DAC-701-8-2"
    assert f"hierarchy '{hierarchy}' is not a level from 0 to 32767" in summary.problems[0].message
    assert Activity.objects.get().hierarchy is None


def _pragma(name: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def _import_recording_pragma(name: str, write, monkeypatch, iati_data) -> list:
    """Import samples with results, organisations named by activities and an organisation
    file into SQLite; the setting `name` as each batch's parts were written."""
    from django.db import connection

    from kakehashi.iati.services import writer
    from kakehashi.registry.models import Result

    if connection.vendor != "sqlite":
        pytest.skip("an SQLite connection setting")
    during = []
    create_parts = writer.create_parts

    def recording(*args):
        during.append(_pragma(name))
        return create_parts(*args)

    monkeypatch.setattr(writer, "create_parts", recording)
    samples = iati_data / "samples"
    summary = import_paths(
        [
            samples / "uk-dhsc" / "dhsc-organisation.xml",
            samples / "japan-related" / "usaid-jp.xml",
            samples / "ngo" / "jimbere-burundi" / "SNBU_2023_results_with_MoFA.xml",
            write("a.xml", iati_file(activity_xml())),
        ]
    )
    assert summary.created == 8 and summary.organisation_files == 1
    assert Result.objects.exists() and Organisation.objects.count() > 3
    return during


@pytest.mark.django_db(transaction=True)  # the import's connection settings apply outside one
def test_a_bulk_import_into_sqlite_writes_valid_json_without_checking_it_again(
    write, monkeypatch, iati_data
):
    from django.db import connection

    from kakehashi.iati.services import writer

    during = _import_recording_pragma("ignore_check_constraints", write, monkeypatch, iati_data)
    assert during and set(during) == {1}
    assert _pragma("ignore_check_constraints") == 0  # put back after the run
    models = [Activity, *writer.PART_MODELS.values(), *writer.RESULT_MODELS.values()]
    checked = 0
    with connection.cursor() as cursor:
        for model in models:
            for field in model._meta.concrete_fields:
                if field.get_internal_type() != "JSONField":
                    continue
                table, column = model._meta.db_table, field.column
                cursor.execute(f'SELECT COUNT(*) FROM "{table}" WHERE NOT json_valid("{column}")')
                assert cursor.fetchone() == (0,), f"{table}.{column}"
                checked += 1
    assert checked >= 20


@pytest.mark.django_db(transaction=True)
def test_a_bulk_import_into_sqlite_writes_only_keys_that_exist_without_checking_them(
    write, monkeypatch, iati_data
):
    """Every key the import writes is an id it reserved or looked up: SQLite's check of
    each (a look-up of the parent row) is left out during the run, and nothing is left
    dangling: organisations, results, history entries included."""
    from django.db import connection

    during = _import_recording_pragma("foreign_keys", write, monkeypatch, iati_data)
    assert during and set(during) == {0}
    assert _pragma("foreign_keys") == 1  # put back after the run
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        assert cursor.fetchall() == []


@pytest.mark.parametrize(
    "xml, message, line",
    [
        ("<value>lots</value>", "transaction value: 'lots' is not a number", 3),
        # (no line of its own: the activity's mapping gives it the transaction's)
        ('<value value-date="soon">1</value>', "value-date: 'soon' is not a date", None),
        ("<value>NaN</value>", "transaction value: 'NaN' is not a number", 3),
        ("<value> </value>", "transaction: empty value", 3),
    ],
)  # fmt: skip
def test_a_value_that_cannot_be_read_is_named_with_its_line(xml, message, line):
    """(The schema refuses most such values first: these are what it lets through, or what
    the mapping is given directly.)"""
    from lxml import etree

    from kakehashi.iati.services.elements import MappingError, map_transaction

    transaction = etree.fromstring(
        '<transaction><transaction-type code="3"/>\n<transaction-date iso-date="2020-01-01"/>'
        f"\n{xml}</transaction>"
    )
    with pytest.raises(MappingError) as raised:
        map_transaction(transaction)
    assert message in raised.value.message and raised.value.line == line


def test_a_percentage_that_cannot_be_read_is_named():
    from lxml import etree

    from kakehashi.iati.services.elements import MAPPERS, MappingError

    _list, mapper = MAPPERS["sector"]
    assert mapper(etree.fromstring('<sector code="1" percentage="+.5"/>'))[0][
        "percentage"
    ] == Decimal("0.5")
    with pytest.raises(MappingError, match="sector percentage: 'Infinity' is not a number"):
        mapper(etree.fromstring('<sector code="1" percentage="Infinity"/>'))
