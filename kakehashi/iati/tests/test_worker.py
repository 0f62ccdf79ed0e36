"""The import run's mapping worker: one process for all the files of a run, whatever happens
to each file, left behind by none."""

import os
import time
import zipfile

import pytest

from kakehashi.iati.services import pipeline
from kakehashi.iati.services.importer import Importer, import_paths
from kakehashi.iati.tests.conftest import activity_xml, iati_file
from kakehashi.iati.tests.helpers import snapshot, wipe_activities
from kakehashi.iati.tests.test_bad_input import BROKEN_LATER
from kakehashi.registry.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def workers(monkeypatch):
    """The MappingWorkers started, in order."""
    started = []

    class Counted(pipeline.MappingWorker):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(pipeline, "MappingWorker", Counted)
    return started


def _run(paths: list, strict: bool):
    summary = import_paths(paths, strict=strict)
    counts = (
        summary.created, summary.updated, summary.unchanged, summary.skipped, summary.errors,
        summary.files_rejected,
    )  # fmt: skip
    return counts, [str(p) for p in summary.problems], snapshot()


@pytest.mark.parametrize("strict", [False, True])
def test_one_worker_reads_every_file_of_a_run_broken_or_not(write, monkeypatch, workers, strict):
    """Files that end in an error, are decoded and piped, or cannot be decoded, between good
    ones: the worker is still in step for the next file, and the run gives what the importer
    gives on its own."""
    paths = [write("first.xml", iati_file(*(activity_xml(f"G-{i}") for i in range(1, 6))))]
    for number, (case, content) in enumerate(BROKEN_LATER.items()):
        paths.append(write(f"{case}.xml", content))
        good = iati_file(activity_xml(f"G-{number}", title=f"Again {number}"))
        paths.append(write(f"good-{number}.xml", good))
    in_process = _run(paths, strict)
    assert not workers
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    assert _run(paths, strict) == in_process
    assert in_process[0][4] > 0 and in_process[2]  # errors reported, activities written
    assert len(workers) == 1
    assert workers[0].process.returncode == 0  # closed at the end of the run, not killed


def test_a_chunk_ends_at_chunk_bytes_of_xml(write, monkeypatch, workers):
    path = write("a.xml", iati_file(*(activity_xml(f"G-{i}") for i in range(1, 6))))
    in_process = _run([path], False)
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 1)  # every activity is more
    sizes = []
    submit = pipeline.ActivityStream.submit

    def counting(self, version, chunk, *args):
        sizes.append(len(chunk))
        submit(self, version, chunk, *args)

    monkeypatch.setattr(pipeline.ActivityStream, "submit", counting)
    assert _run([path], False) == in_process
    assert sizes == [1] * 5  # chunks of one activity, not one chunk of CHUNK (25)


@pytest.mark.parametrize("failing", ["_submit", "_collect"])
def test_a_run_that_fails_midway_leaves_no_worker_behind(write, monkeypatch, workers, failing):
    """The importer fails before or after chunks went to the worker: the answers owed are
    read, and the worker, still in step, is closed (not killed) with the run."""
    path = write("a.xml", iati_file(*(activity_xml(f"G-{i}") for i in range(1, 6))))
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 1)
    sent = []
    send = pipeline.ActivityStream._send

    def counting(self, job):
        sent.append(job)
        send(self, job)

    def broken(self, *args):
        raise RuntimeError("the importer failed")

    monkeypatch.setattr(pipeline.ActivityStream, "_send", counting)
    monkeypatch.setattr(Importer, failing, broken)  # the file half-read
    with pytest.raises(RuntimeError, match="the importer failed"):
        import_paths([path])
    [worker] = workers
    assert bool(sent) is (failing == "_collect")
    assert not worker.broken
    assert worker.process.returncode == 0  # it ended when told to


def test_a_small_run_starts_no_worker_and_a_large_one_starts_it_at_once(
    write, monkeypatch, workers
):
    small = write("small.xml", iati_file(activity_xml("G-1")))
    large = write("large.xml", iati_file(*(activity_xml(f"G-{i}") for i in range(2, 12))))
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 2 * len(open(small, "rb").read()))
    monkeypatch.setattr(pipeline, "WORKER_REUSE_BYTES", 1)
    summary = import_paths([small])
    assert (summary.created, len(workers)) == (1, 0)
    used = []
    stream = pipeline.WorkerSlot.stream

    def recording(self, source, *args):
        used.append((source.name.rsplit("/", 1)[-1], self.worker is not None))
        return stream(self, source, *args)

    monkeypatch.setattr(pipeline.WorkerSlot, "stream", recording)
    summary = import_paths([small, large])
    assert (summary.created, summary.unchanged, len(workers)) == (10, 1, 1)
    # started before the first file, which is small but then goes to it as well
    assert used == [("small.xml", True), ("large.xml", True)]


@pytest.fixture
def read_ahead(monkeypatch):
    """The chunks read ahead (while the file before is written), by file name."""
    chunks = []
    submit = Importer._submit

    def recording(self, stream, header, chunk, ahead=None):
        if ahead is not None and chunk:
            chunks.append(ahead.source.name.rsplit("/", 1)[-1])
        submit(self, stream, header, chunk, ahead)

    monkeypatch.setattr(Importer, "_submit", recording)
    return chunks


@pytest.mark.parametrize("strict", [False, True])
def test_the_next_file_is_read_ahead_with_the_same_outcome(
    write, monkeypatch, workers, read_ahead, strict
):
    """While a file's last chunks are written, the next file's first ones go to the worker;
    the run gives what it gives reading one file after the other in-process."""
    paths = [
        write(f"{name}.xml", iati_file(*(activity_xml(f"{name}-{i}") for i in range(1, 8))))
        for name in ("A", "B", "C")
    ]
    paths.insert(2, write("A2.xml", iati_file(activity_xml("A-3", title="Later"))))
    in_process = _run(paths, strict)
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    assert _run(paths, strict) == in_process
    assert {"B.xml", "C.xml"} <= set(read_ahead)
    assert in_process[0][:2] == (21, 1)


def test_what_the_file_before_writes_is_never_found_unchanged_ahead(
    write, monkeypatch, workers, read_ahead
):
    """B changes an activity back after A changed it: B was read ahead (looked up) before A
    wrote it, but it is still written."""
    import_paths([write("first.xml", iati_file(activity_xml("X-1", title="One")))])
    a = write("a.xml", iati_file(activity_xml("X-1", title="Two")))
    b = write("b.xml", iati_file(activity_xml("X-1", title="One")))
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    summary = import_paths([a, b])
    assert read_ahead == ["b.xml"]
    assert (summary.updated, summary.unchanged) == (2, 0)
    assert Activity.objects.get().title[0]["text"] == "One"


def test_the_last_member_of_an_archive_is_read_after_the_next_source_is_looked_at(
    tmp_path, write, monkeypatch, workers, read_ahead
):
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name in ("a", "b"):
            out.writestr(f"{name}.xml", iati_file(*(activity_xml(f"{name}-{i}") for i in range(9))))
    after = write("c.xml", iati_file(activity_xml("c-1")))
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    summary = import_paths([archive, after])
    assert (summary.created, summary.errors) == (19, 0)
    assert read_ahead[0] == "two.zip!b.xml" and read_ahead[-1] == "c.xml"


def _past_files(write, *, small_title="Small") -> tuple[list, list]:
    """A and B, mapped by the worker; between them an organisation file, a small file (mapped
    in-process) and a large one of an unsupported version (tried ahead, writing nothing)."""
    from kakehashi.iati.tests.test_organisation_files import org_file, org_xml

    big = [
        write(f"{name}.xml", iati_file(*(activity_xml(f"{name}-{i}") for i in range(1, 8))))
        for name in ("A", "B")
    ]
    between = [
        write("org.xml", org_file(org_xml())),
        write("small.xml", iati_file(activity_xml("X-1", title=small_title))),
        write("old.xml", iati_file(*(activity_xml(f"O-{i}") for i in range(9)), version="1.03")),
    ]
    return big, between


@pytest.mark.parametrize("strict", [False, True])
def test_the_next_file_the_worker_maps_is_read_ahead_past_files_it_does_not(
    write, monkeypatch, workers, read_ahead, strict
):
    (a, b), between = _past_files(write)
    paths = [a, *between, b]
    in_process = _run(paths, strict)
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", len(open(a, "rb").read()))
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    assert _run(paths, strict) == in_process
    assert "B.xml" in read_ahead  # past the organisation, small and unsupported files
    assert not {"small.xml", "old.xml"} & set(read_ahead)
    assert in_process[0][0] == 15 and in_process[0][4] > 0  # old.xml: an error


def test_what_a_file_between_writes_is_never_found_unchanged_ahead(
    write, monkeypatch, workers, read_ahead
):
    """B holds X-1 as stored; the small file before it changes X-1 after B was read ahead
    (looked up): B is read again in its turn and writes X-1 back."""
    (a, b), between = _past_files(write, small_title="Two")
    import_paths([write("first.xml", iati_file(activity_xml("X-1", title="One")))])
    b = write(
        "B.xml",
        iati_file(*(activity_xml(f"B-{i}") for i in range(1, 8)), activity_xml("X-1", title="One")),
    )
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", len(open(a, "rb").read()))
    summary = import_paths([a, *between, b])
    assert "B.xml" in read_ahead
    assert summary.updated == 2 and summary.unchanged == 0
    assert Activity.objects.get(iati_identifier="X-1").title[0]["text"] == "One"


def test_peekable_looks_any_number_of_items_ahead():
    from kakehashi.iati.services.read_ahead import Peekable

    items = Peekable(iter("abcd"))
    assert (items.peek(2), items.peek(0), items.peek(9)) == ("c", "a", None)
    assert next(items) == "a" and items.peek(1) == "c"
    assert list(items) == ["b", "c", "d"] and items.peek() is None


def test_the_file_after_an_organisation_file_is_read_ahead_while_that_is_imported(
    write, monkeypatch, workers, read_ahead
):
    (a, _b), (org, _small, _old) = _past_files(write)
    in_process = _run([org, a], False)
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", len(open(a, "rb").read()))
    assert _run([org, a], False)[:2] == in_process[:2]
    assert read_ahead == ["A.xml"]  # the worker maps it while the organisations are written


def _wal_database(path, megabytes: int):
    """An SQLite file in WAL mode with `megabytes` committed to its log and not copied into
    it (the writer, left open, never checkpoints): (the writer, the file's size)."""
    import sqlite3

    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE t (data BLOB)")
    writer.execute("BEGIN")
    writer.executemany("INSERT INTO t VALUES (?)", [(bytes(1 << 20),)] * megabytes)
    writer.execute("COMMIT")
    return writer, os.path.getsize(path)


def _idle(checkpointer) -> None:
    """Tell the checkpointer the worker is idle; return once its thread has taken that up
    and made the checkpoint it may make."""
    checkpointer.idle.set()
    deadline = time.monotonic() + 5
    while checkpointer.idle.is_set() and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(0.05)


def _map_one(worker) -> None:
    """One activity mapped by `worker`, its answer read: the worker is then idle."""
    job = pipeline._Job(None, None, "2.03", None, [0], False)
    job.owner = pipeline.ActivityStream.__new__(pipeline.ActivityStream)
    job.owner.in_flight = 1
    worker.send(job, ("map", "2.03", [(activity_xml().encode(), 0)]))
    worker.receive()
    assert job.results[0].identifier == "XM-DAC-701-8-1"


@pytest.mark.parametrize("megabytes", [1, 6])
def test_the_checkpointer_copies_the_log_into_the_database_once_it_has_grown(tmp_path, megabytes):
    from kakehashi.iati.services.activity_worker import CHECKPOINT_BYTES, Checkpointer

    path = str(tmp_path / "db.sqlite3")
    writer, before = _wal_database(path, megabytes)
    checkpointer = Checkpointer(path)
    _idle(checkpointer)
    grown = megabytes << 20 >= CHECKPOINT_BYTES
    assert checkpointer.checkpoints == int(grown)
    assert (os.path.getsize(path) - before >= megabytes << 20) is grown
    checkpointer.stop()  # the run's end: what is left is copied, however little
    assert checkpointer.checkpoints == 1
    assert os.path.getsize(path) - before >= megabytes << 20
    assert writer.execute("SELECT COUNT(*) FROM t").fetchone() == (megabytes,)
    writer.close()


def test_the_worker_checkpoints_the_database_when_it_has_nothing_to_map(
    tmp_path, monkeypatch, workers
):
    """Its answer sent and nothing else asked: the log the importer wrote meanwhile is
    copied into the database by the worker, not left to the importer."""
    from kakehashi.iati.services import writer as writer_module

    path = str(tmp_path / "db.sqlite3")
    writer, before = _wal_database(path, 6)
    monkeypatch.setattr(pipeline, "_checkpointed_database", lambda: [path])
    worker = pipeline.MappingWorker(writer_module.layouts())
    _map_one(worker)
    deadline = time.monotonic() + 5
    while os.path.getsize(path) - before < 6 << 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    worker.close()
    assert os.path.getsize(path) - before >= 6 << 20
    assert worker.process.returncode == 0
    writer.close()


def test_the_checkpointer_copies_a_log_written_again_from_its_start(tmp_path):
    """Once all of the log is copied, SQLite writes the next commits from its start: the
    file does not grow, but what it holds is still to be copied."""
    from kakehashi.iati.services.activity_worker import Checkpointer

    path = str(tmp_path / "db.sqlite3")
    writer, before = _wal_database(path, 6)
    checkpointer = Checkpointer(path)

    _idle(checkpointer)
    assert checkpointer.checkpoints == 1 and checkpointer.uncopied() == 0
    log = os.path.getsize(path + "-wal")
    writer.execute("BEGIN")
    writer.executemany("INSERT INTO t VALUES (?)", [(bytes(1 << 20),)] * 5)
    writer.execute("COMMIT")
    assert os.path.getsize(path + "-wal") == log  # written again from the start
    assert checkpointer.uncopied() >= 5 << 20
    _idle(checkpointer)
    assert checkpointer.checkpoints == 2 and checkpointer.uncopied() == 0
    assert os.path.getsize(path) - before >= 11 << 20
    checkpointer.stop()
    writer.close()


def test_the_worker_told_the_run_is_over_copies_the_last_commits(tmp_path, monkeypatch):
    """At the run's end (`finish`), the worker copies even a log too short to be worth it
    meanwhile, while the importer ends the run: the import record's commit then has
    nothing left to copy."""
    from kakehashi.iati.services import writer as writer_module

    path = str(tmp_path / "db.sqlite3")
    writer, before = _wal_database(path, 1)
    monkeypatch.setattr(pipeline, "_checkpointed_database", lambda: [path])
    slot = pipeline.WorkerSlot()
    slot.worker = worker = pipeline.MappingWorker(writer_module.layouts())
    worker.served = True
    _map_one(worker)
    time.sleep(0.1)
    assert os.path.getsize(path) == before  # idle, but 1 MB is not worth a checkpoint
    slot.finish()
    assert worker.process.wait(timeout=10) == 0
    assert os.path.getsize(path) - before >= 1 << 20
    slot.close()
    writer.close()


def test_the_run_lets_its_worker_go_once_its_last_file_is_written(write, monkeypatch, workers):
    """Before the import connection is put back and the record saved: the worker's last
    checkpoint is made meanwhile."""
    from contextlib import contextmanager

    from kakehashi.iati.services import importer as importer_module

    events = []
    finish, connection = pipeline.MappingWorker.finish, importer_module.writer.import_connection

    @contextmanager
    def recorded_connection():
        with connection():
            yield
        events.append("connection back")

    monkeypatch.setattr(
        pipeline.MappingWorker, "finish", lambda self: events.append("finish") or finish(self)
    )
    monkeypatch.setattr(importer_module.writer, "import_connection", recorded_connection)
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    summary = import_paths(
        [write("a.xml", iati_file(*(activity_xml(f"A-{i}") for i in range(30))))]
    )
    assert summary.created == 30 and len(workers) == 1
    assert events[:2] == ["finish", "connection back"]
    assert workers[0].process.returncode == 0


def test_the_worker_starts_without_django():
    """It is given the schema's path and the columns' layouts: importing Django would be
    a third of its start-up, the time it cannot map."""
    import subprocess
    import sys

    code = "import sys, kakehashi.iati.services.activity_worker; print('django' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.stdout.strip() == "False", run.stderr
