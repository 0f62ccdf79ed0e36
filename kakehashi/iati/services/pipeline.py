"""Reading, checking and mapping an activity file on both cores while the importer writes.

The importer reads the file itself (`ActivityStream.chunks`): activities cut out of the
bytes (`raw_activities.Cutter`), in chunks of `Pending` (identifier, line, fingerprint of
their XML), none parsed yet. It looks up which are unchanged and `submit`s the rest, to be
parsed, checked against the schema, mapped to field dicts and encoded as value rows
(`activity_rows.map_blob`); it `collect`s the results in document order and writes them.

Each activity is parsed once, by whoever maps it, and an unchanged one not at all. A
submitted chunk stays undecided until the run's worker process (`activity_worker`, one
per import run, kept from file to file: `WorkerSlot` says which files go to it) has fewer
than BUSY chunks to map, and fewer than the importer holds undecided: it is then sent
there, as XML. When the importer would otherwise wait for the worker's answer, it maps the
oldest undecided chunk itself. So neither side idles while the other has work, whichever
is slower on the machine and the data: on a large file the worker has work queued while
the importer writes, and at the end of a file the importer has not sent the worker more
than it keeps itself. A small file (or a run without a worker) is mapped in-process.

The worker is the run's, not the file's: while the importer writes a file's last chunks,
it reads the next file ahead (`Importer._read_ahead`) and that file's first chunks go to the
worker, which would otherwise wait for them; `MappingWorker` gives each answer to the job
it answers, whichever file's.

Whoever parses an activity cut out of the bytes finds out whether it parses on its own
(the check that makes the cut certain: see `raw_activities`). If not (a DOUBT), the chunks
after it are dropped and the file is read again by a parse of the whole file from that
activity on, with the lines and errors such a parse gives. So that an error of the file
is never reported before such a doubt, every chunk cut out is collected before the
stream goes on with a parse (after the cutter gave up) or raises an IatiFileError.
Activities read by a parse are mapped in-process, from their elements (exact lines).

A result is an ActivityData, or ("schema", [(line, message)…]) or ("mapping", line, message);
lines are those of the file. Between the processes everything travels as length-prefixed
`marshal` frames (built-in types only: an ActivityData as a tuple, its dates and JSON fields
as text): 2–4 times cheaper to write and read than pickle.
"""

from __future__ import annotations

import gc
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass

import kakehashi
from kakehashi.iati.services import activity_worker
from kakehashi.iati.services.activity_rows import (
    DOUBT,
    cut_pending,
    from_tuple,
    map_one,
    read_pending,
    restore,
)
from kakehashi.iati.services.activity_worker import read_frame, write_frame
from kakehashi.iati.services.parser import (
    FileHeader,
    IatiFileError,
    Source,
    _close,
    iter_activities,
    open_activities,
)
from kakehashi.iati.services.raw_activities import Cutter, parse_blob
from kakehashi.iati.services.validator import activity_schema_path

PIPELINE_MIN_BYTES = 2 << 20  # a file of this size starts the run's worker
WORKER_REUSE_BYTES = 128 << 10  # once started, the worker maps files of this size too
CHUNK = 25  # activities per chunk (their stored fingerprints are looked up at once)
# ...or fewer: a chunk ends at this much XML, so that a file of large activities (hundreds
# of transactions each) still gives both processes work from the start, and the XML held
# ahead stays bounded.
CHUNK_BYTES = 256 << 10
BUSY = 8  # chunks the worker may have to map (and no more than the importer keeps undecided)
AHEAD = 32  # chunks read ahead of those collected
PIPE_SIZE = 1 << 20  # bytes of buffer asked for the pipes to and from the worker


class ActivityStream:
    """A file's activities: `chunks()` yields lists of Pending; an error in the file stops
    it with IatiFileError, the activities read before it kept in `rest`. Each chunk is
    then `submit`ted (with the indices of those to map), and `collect` gives back
    (context, results) in order."""

    def __init__(self, source: Source, header: FileHeader, layouts: dict, worker=None):
        self.source, self.header, self.layouts = source, header, layouts
        self.worker: MappingWorker | None = worker
        self.map = map_one  # element, version, layouts, line offset -> result
        self.jobs: deque = deque()  # submitted, not collected, in order
        self.undecided: deque = deque()  # submitted, neither sent nor mapped yet
        self.in_flight = 0  # chunks sent to the worker, not answered yet
        self.finishing = False  # every activity read: the last chunks are being collected
        self.rest: list = []
        self.doubt: int | None = None  # the number of an activity that did not parse alone
        self.draining = False  # every submitted chunk to be collected before reading on
        self.chunk: list = []
        self.target = None

    # -- reading ----------------------------------------------------------------------------
    def chunks(self):
        skip = None  # after a doubt: the activities already read
        while True:
            self.target = open_activities(self.source, self.header)
            self.chunk = []
            try:
                yield from self._read(skip)
                self.finishing = True
                yield from self._drain()
                self.finishing = False
                if self.doubt is None:
                    return
            except IatiFileError:  # (bytes that cannot be decoded stop the cutter too)
                rest, self.chunk = self._certain(self.chunk), []
                if self.doubt is not None and rest:  # those before the doubt: as usual
                    yield rest
                yield from self._drain()  # a doubt before the error comes first
                if self.doubt is None:
                    self.rest = rest
                    raise
            finally:
                _close(self.target)
                self.target = None
            skip, self.doubt = self.doubt, None

    def _read(self, skip: int | None):
        number = 0
        if skip is None:
            cutter = Cutter(self.target)
            size = 0
            for xml, blob, line, offset in cutter.cut():
                self.chunk.append(cut_pending(xml, blob, line, offset, cutter.namespaces, number))
                number += 1
                size += len(blob)
                if len(self.chunk) >= CHUNK or size >= CHUNK_BYTES:
                    yield self._flush()
                    size = 0
                    if self.doubt is not None:
                        return
            if self.chunk:
                yield self._flush()
            if cutter.rest is None or self.doubt is not None:
                return
            yield from self._drain()  # the activities cut out are certain before parsing on
            if self.doubt is not None:
                return
            elements = iter_activities(cutter.rest, keep=True)
        else:
            elements = iter_activities(self.target, keep=True)
        for element in elements:
            if skip is not None and number < skip:
                number += 1
                continue
            self.chunk.append(read_pending(element, number))
            number += 1
            if len(self.chunk) >= CHUNK:
                yield self._flush()
        if self.chunk:
            yield self._flush()

    def _certain(self, items: list) -> list:
        """Those of `items` (read before an error) up to the first cut out of the bytes that
        does not parse on its own (the doubt), the others parsed here."""
        for index, item in enumerate(items):
            if item.cut and item.element is None:
                item.element = parse_blob(item.blob)
                if item.element is None:
                    self.doubt = item.number
                    return items[:index]
        return items

    def _flush(self) -> list:
        chunk, self.chunk = self.chunk, []
        return chunk

    def _drain(self):
        """Empty chunks while the importer collects every submitted one (`full`)."""
        self.draining = True
        try:
            while self.jobs:
                yield []
        finally:
            self.draining = False

    # -- mapping ----------------------------------------------------------------------------
    def submit(self, version: str, chunk: list, indices: list, context) -> None:
        """Queue the chunk, undecided: it goes to the worker as soon as the worker has room
        (`_dispatch`), unless the importer, with nothing else to do, maps it first."""
        local = any(not chunk[i].cut for i in indices)  # parsed here already: mapped here
        job = _Job(context, None if indices else [], version, chunk, indices, local)
        self.jobs.append(job)
        if indices:
            self.undecided.append(job)
            self._dispatch()
        else:
            _forget(chunk)
            job.chunk = None

    def _dispatch(self) -> None:
        if self.worker is None:
            return
        undecided = self.undecided
        while undecided and not undecided[0].local:
            if self.worker.owed() >= min(BUSY, len(undecided)):
                break
            self._send(undecided.popleft())

    def _send(self, job: _Job) -> None:
        chunk = job.chunk
        items = [(chunk[i].blob, chunk[i].offset) for i in job.indices]
        job.owner = self
        self.worker.send(job, ("map", job.version, items))
        _forget(chunk)
        job.chunk = None
        self.in_flight += 1

    def _take(self, job: _Job) -> None:
        """Map an undecided chunk here."""
        layouts, version, chunk = self.layouts, job.version, job.chunk
        results = []
        for i in job.indices:
            item = chunk[i]
            element = item.element if item.element is not None else parse_blob(item.blob)
            if element is None:
                results.append(DOUBT)
                break
            results.append(self.map(element, version, layouts, item.offset))
        _forget(chunk)
        job.results, job.chunk = results, None

    def full(self) -> bool:
        """Too many chunks waiting: the oldest must be collected (waiting for it if need be)."""
        return len(self.jobs) > AHEAD or (self.draining and bool(self.jobs))

    def ready(self) -> bool:
        """Whether the oldest chunk can be collected without waiting (in-process: mapped
        as soon as submitted)."""
        if not self.jobs:
            return False
        head = self.jobs[0]
        if head.results is not None or self.worker is None:
            return True
        if head.chunk is None:
            self.worker.poll()
        return head.results is not None

    def collect(self):
        head = self.jobs[0]
        while head.results is None:
            if head.chunk is not None:  # still undecided: the worker has enough to do
                self.undecided.remove(head)
                self._take(head)
            elif self.worker.results.empty() and self.undecided:
                self._take(self.undecided.popleft())  # rather than wait for the worker
            else:  # the worker answers in the order asked, the oldest first
                self.worker.receive()
        self.jobs.popleft()
        results = head.results
        if results and results[-1].__class__ is tuple and results[-1][0] == "doubt":
            return self._doubted(head, len(results) - 1)
        self._dispatch()
        return head.context, restore(results)

    def _doubted(self, job: _Job, index: int):
        """The job's index-th activity does not parse on its own: what came before it is
        collected, and everything after it dropped, to be read again by a parse. (The
        importer has seen their identifiers: read again, they are mapped even if
        unchanged, and then found unchanged when written.)"""
        position = job.indices[index]
        self.doubt = job.context[position].number
        self.jobs.clear()
        self.undecided.clear()
        self._settle()
        return job.context[:position], restore(job.results[:index])

    def _settle(self) -> None:
        """Every answer the worker owes read (and dropped)."""
        while self.in_flight:
            self.worker.receive()

    def close(self) -> None:
        """Leave the worker ready for the next file (answers owed read: a file rejected in
        strict mode is not collected to the end), or, if it is out of step, replaced."""
        if self.target is not None:
            _close(self.target)
        if self.worker is not None:
            try:
                self._settle()
            except (OSError, RuntimeError):
                self.worker.broken = True
        self.jobs.clear()
        self.undecided.clear()


class MappingWorker:
    """The worker process of an import run, kept from one file to the next (its start costs
    about as much as mapping a megabyte). `broken` once it failed: the next file gets a new
    one."""

    def __init__(self, layouts: dict):
        self.broken = False
        self.served = False  # given a file
        control, ours = os.pipe()
        root = os.path.dirname(os.path.dirname(os.path.abspath(kakehashi.__file__)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    activity_worker.__name__,
                    str(control),
                    activity_schema_path(),
                    *_checkpointed_database(),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                pass_fds=(control,),
                env=env,
            )
        except BaseException:
            os.close(ours)
            raise
        finally:
            os.close(control)
        _widen(self.process.stdout.fileno())
        _widen(ours)
        self.control = os.fdopen(ours, "wb")
        pickle.dump((layouts,), self.control, protocol=pickle.HIGHEST_PROTOCOL)
        self.control.flush()
        self.results: queue.SimpleQueue = queue.SimpleQueue()
        self.sent: deque = deque()  # jobs sent, not answered yet, in order (of any file)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def send(self, job: _Job, request) -> None:
        write_frame(self.control, request)
        self.sent.append(job)

    def owed(self) -> int:
        """Chunks the worker has still to map."""
        return len(self.sent) - self.results.qsize()

    def receive(self) -> None:
        """The oldest answer (waiting for it), given to the job it answers."""
        job = self.sent.popleft()
        job.owner.in_flight -= 1
        answer = self.results.get()
        if isinstance(answer, _Stopped):
            self.results.put(answer)  # whoever asks next is told too, not left waiting
        job.results = _received(answer)

    def poll(self) -> None:
        """The answers already there, given to their jobs."""
        while self.sent and not self.results.empty():
            self.receive()

    def _read(self) -> None:
        stdout = self.process.stdout
        try:
            while True:
                frame = read_frame(stdout)
                self.results.put([from_tuple(result) for result in frame[1]])
        except Exception as error:  # EOF, a crash: whoever waits is told
            self.results.put(_Stopped(error))

    def finish(self) -> None:
        """Nothing more to map: the worker answers what it was sent, copies the write-ahead
        log's last pages into the database and exits (`close` waits for it)."""
        try:
            self.control.close()
        except OSError:
            pass

    def close(self, kill: bool = False) -> None:
        self.finish()  # the worker stops
        if kill:
            self.process.kill()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        self.process.stdout.close()


class WorkerSlot:
    """Where an import run's files are mapped: in-process, or with the run's worker, which
    starts with a run of PIPELINE_MIN_BYTES (booting while the importer opens the first
    file) or at its first file of that size, and then maps every file of WORKER_REUSE_BYTES."""

    def __init__(self, parallel: bool = True):
        self.parallel = parallel and (os.cpu_count() or 1) > 1
        self.worker: MappingWorker | None = None

    def expect(self, paths: list, layouts: dict) -> None:
        """Start the worker now if the run is large enough: it boots while the importer
        reads the first files."""
        if self.parallel and self.worker is None and _bytes_under(paths) >= PIPELINE_MIN_BYTES:
            self.worker = MappingWorker(layouts)

    def stream(self, source: Source, header: FileHeader, layouts: dict) -> ActivityStream:
        size = source.size or 0
        if self.worker is not None and self.worker.broken:
            self.close()
        if self.parallel and size >= PIPELINE_MIN_BYTES and self.worker is None:
            self.worker = MappingWorker(layouts)
        if self.worker is not None and _mapped_there(size):
            self.worker.served = True
            return ActivityStream(source, header, layouts, self.worker)
        return ActivityStream(source, header, layouts)

    def fit(self, size: int) -> bool:
        """Whether a file of `size` would be read ahead: the worker is there, fit, and would
        map it."""
        worker = self.worker
        return worker is not None and not worker.broken and _mapped_there(size)

    def stream_ahead(self, source: Source, header: FileHeader, layouts: dict):
        """A stream to read the next file while the importer writes this one: only with the
        worker already there and fit (it then maps what is read ahead), else None."""
        if not self.fit(source.size or 0):
            return None
        self.worker.served = True
        return ActivityStream(source, header, layouts, self.worker)

    def finish(self) -> None:
        """The run's last file is written: the worker may stop (see MappingWorker.finish)
        while the importer ends the run."""
        if self.worker is not None and self.worker.served:
            self.worker.finish()

    def close(self) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            # one never given a file may still be starting: not worth the wait
            worker.close(kill=worker.broken or not worker.served)


def _mapped_there(size: int) -> bool:
    """Whether a file of `size` goes to the run's worker, once it is there."""
    return size >= min(WORKER_REUSE_BYTES, PIPELINE_MIN_BYTES)


def _checkpointed_database() -> list[str]:
    """The SQLite file the import writes, for the worker to checkpoint (`activity_worker`);
    none on PostgreSQL or for a database in memory."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return []
    name = str(connection.settings_dict["NAME"])
    return [name] if os.path.isfile(name) else []


def _bytes_under(paths: list) -> int:
    """The size of the files at or under `paths` (an estimate of a run's work)."""
    total = 0
    for path in paths:
        try:
            if os.path.isdir(path):
                for folder, _dirs, names in os.walk(path):
                    total += sum(os.path.getsize(os.path.join(folder, n)) for n in names)
            else:
                total += os.path.getsize(path)
        except OSError:
            pass  # reported when the file is read
        if total >= PIPELINE_MIN_BYTES:
            break
    return total


def _forget(chunk: list) -> None:
    """Let go of the elements and XML of a chunk once mapped or sent (memory stays flat)."""
    for item in chunk:
        item.element = item.blob = None


def _widen(fd: int) -> None:
    """A larger pipe buffer (Linux): fewer waits on each side. Best effort."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
    except (ImportError, OSError):
        pass


@dataclass(slots=True)
class _Job:
    """A chunk submitted: undecided (`chunk` kept), with the worker, or mapped (`results`)."""

    context: object
    results: list | None
    version: str
    chunk: list | None
    indices: list
    local: bool  # holds activities parsed here already: mapped here
    owner: ActivityStream | None = None  # the stream that sent it to the worker


class _Stopped:
    def __init__(self, error: Exception):
        self.error = error


def _received(frame):
    if isinstance(frame, _Stopped):
        raise RuntimeError(f"the IATI mapping worker stopped: {frame.error!r}")
    return frame


@contextmanager
def rare_collections():
    """Fewer cyclic garbage collections while importing: mapping and unmarshalling make
    millions of short-lived dicts and lists (freed by reference counting, no cycles), and
    with the default thresholds the collector ran so often it cost a sixth of the time."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*activity_worker.COLLECTION_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
