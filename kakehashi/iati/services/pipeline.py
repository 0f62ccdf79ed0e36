"""Reading, checking and mapping an activity file on both cores while the importer writes.

Per file the importer gets chunks of activities read (`Pending`: identifier, line, the
fingerprint of its XML), looks up which are unchanged, and `submit`s the rest to be checked
against the schema, mapped to field dicts and encoded as value rows (`encode`); it `collect`s
the results in document order and writes them.

A small file is read and mapped in-process (`LocalStream`). A larger one (`WorkerStream`) is
parsed by the run's worker process (`activity_worker`, one per import run, kept from file to
file: `WorkerSlot` says which files go to it). The worker reads the file on disk through a
duplicate of the importer's descriptor (or a pipe the importer writes the bytes to, when
decoded or unpacked first), sent over a Unix socket, and sends back each chunk's
identifiers, lines, fingerprints and XML, keeping the parsed elements. Each chunk the
importer submits stays undecided until either the worker has fewer than BUSY chunks to map
(it is then asked to map the elements it holds, and sends the rows back) or the importer
would otherwise wait: for the worker's next chunk or for the rows of the oldest one. The
importer then maps the oldest undecided chunk itself, from its XML, and tells the worker to
drop it. While the importer has read everything the worker sent, the worker is given
READING chunks to map, not BUSY: it reads on sooner (files of small activities, where
writing is light, otherwise left the importer waiting most of the time). So neither side
idles while the other has work, whichever is slower on the machine and the data. Writing
to the database is the importer's longest task, which is why the parsing is the worker's.

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
import socket
import stat
import subprocess
import sys
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass

import kakehashi
from kakehashi.iati.services import activity_worker
from kakehashi.iati.services.activity_rows import (
    Pending,
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
    open_activities,
)
from kakehashi.iati.services.raw_activities import activities_with_xml, parse_blob
from kakehashi.iati.services.validator import activity_schema_path

PIPELINE_MIN_BYTES = 2 << 20  # a file of this size starts the run's worker
WORKER_REUSE_BYTES = 128 << 10  # once started, the worker maps files of this size too
CHUNK = 25  # activities per chunk (their stored fingerprints are looked up at once)
# ...or fewer: the worker ends a chunk at this much XML, so that a file of large activities
# (hundreds of transactions each) still gives both processes work from the start, and the
# XML held ahead stays bounded.
CHUNK_BYTES = 256 << 10
BUSY = 4  # chunks the worker has to map beyond which the importer maps the next one itself
READING = 1  # ...or this many, while the importer waits for the worker to read the next chunk
AHEAD = 32  # chunks the worker reads ahead of the importer's answers
PUMP = 1 << 20  # bytes per write of the file to the worker
PIPE_SIZE = 1 << 20  # bytes of buffer asked for the pipes to and from the worker


class LocalStream:
    """A file read and mapped in-process.

    `chunks()` yields lists of Pending; an error in the file stops it with IatiFileError,
    the activities read before it kept in `rest`. Each chunk is then `submit`ted (with the
    indices of those to map), and `collect` gives back (context, results) in order."""

    def __init__(self, source: Source, header: FileHeader, layouts: dict):
        self.source, self.header, self.layouts = source, header, layouts
        self.jobs: deque = deque()
        self.rest: list = []

    def chunks(self):
        chunk: list = []
        target = None
        try:
            target = open_activities(self.source, self.header)
            for element, xml, blob, offset in activities_with_xml(target):
                identifier, hash_, line, _blob, _offset = read_pending(element, xml, blob, offset)
                chunk.append(Pending(identifier, hash_, line, element, offset=offset))
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
        except IatiFileError:
            self.rest = chunk
            raise
        finally:
            if target is not None:
                _close(target)
        if chunk:
            yield chunk

    def submit(self, version: str, chunk: list, indices: list, context) -> None:
        layouts = self.layouts
        results = [map_one(chunk[i].element, version, layouts, chunk[i].offset) for i in indices]
        self.jobs.append((context, results))
        _forget(chunk)

    def full(self) -> bool:
        return bool(self.jobs)

    def ready(self) -> bool:
        return bool(self.jobs)

    def collect(self):
        context, results = self.jobs.popleft()
        return context, restore(results)

    def close(self) -> None:
        pass


class MappingWorker:
    """The worker process of an import run, kept from one file to the next (its start costs
    about as much as mapping a megabyte). `broken` once a file was left half-read: the next
    file gets a new worker."""

    def __init__(self, layouts: dict):
        self.broken = False
        self.served = False  # given a file
        control, ours = os.pipe()
        self.files, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
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
                    str(theirs.fileno()),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                pass_fds=(control, theirs.fileno()),
                env=env,
            )
        except BaseException:
            os.close(ours)
            self.files.close()
            raise
        finally:
            os.close(control)
            theirs.close()
        _widen(self.process.stdout.fileno())
        self.control = os.fdopen(ours, "wb")
        pickle.dump(
            (layouts, CHUNK, CHUNK_BYTES, AHEAD), self.control, protocol=pickle.HIGHEST_PROTOCOL
        )
        self.control.flush()
        self.frames: queue.SimpleQueue = queue.SimpleQueue()  # chunks, then the file's end
        self.results: queue.SimpleQueue = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        stdout = self.process.stdout
        try:
            while True:
                frame = read_frame(stdout)
                if frame[0] == "results":
                    self.results.put([from_tuple(result) for result in frame[1]])
                else:
                    self.frames.put(frame)
        except Exception as error:  # EOF, a crash: whoever waits is told
            self.frames.put(_Stopped(error))
            self.results.put(_Stopped(error))

    def open(self, version: str, descriptor: int) -> None:
        """The next file: its bytes are read from `descriptor` (a duplicate is sent)."""
        socket.send_fds(self.files, [b"f"], [descriptor])
        write_frame(self.control, ("file", version))

    def close(self, kill: bool = False) -> None:
        try:
            self.control.close()  # the worker stops
        except OSError:
            pass
        if kill:
            self.process.kill()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        self.process.stdout.close()
        self.files.close()


class WorkerSlot:
    """Where an import run's files are mapped: in-process, or by the run's worker, which
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

    def stream(self, source: Source, header: FileHeader, layouts: dict):
        size = source.size or 0
        if self.worker is not None and self.worker.broken:
            self.close()
        if self.parallel and size >= PIPELINE_MIN_BYTES and self.worker is None:
            self.worker = MappingWorker(layouts)
        if self.worker is not None and size >= min(WORKER_REUSE_BYTES, PIPELINE_MIN_BYTES):
            self.worker.served = True
            return WorkerStream(source, header, layouts, self.worker)
        return LocalStream(source, header, layouts)

    def close(self) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            # one never given a file may still be starting: not worth the wait
            worker.close(kill=worker.broken or not worker.served)


class WorkerStream(LocalStream):
    """A file parsed by the worker process (see the module's docstring)."""

    def __init__(self, source: Source, header: FileHeader, layouts: dict, worker: MappingWorker):
        super().__init__(source, header, layouts)
        self.worker = worker
        self.control = worker.control
        self.frames, self.results = worker.frames, worker.results
        self.answered = 0  # chunks submitted (the worker numbers them in the same order)
        self.received = 0  # chunks the worker sent
        self.finished = False  # the worker sent the file's end (or its error)
        self.in_flight = 0  # chunks the worker maps, not collected yet
        self.undecided: deque = deque()  # chunks submitted, neither sent nor mapped yet
        self.pump_error: IatiFileError | None = None
        self.pump: threading.Thread | None = None
        target = open_activities(source, header)
        # A file on disk is read by the worker itself, through the same file description
        # (so the progress bar still sees how far it has got): no copy through a pipe.
        direct = _file_descriptor(target, source)
        try:
            if direct is not None:
                worker.open(header.version, direct)
            else:
                read_end, write_end = os.pipe()
                _widen(write_end)
                try:
                    worker.open(header.version, read_end)
                finally:
                    os.close(read_end)
                sink = os.fdopen(write_end, "wb")
                self.pump = threading.Thread(target=self._pump, args=(target, sink), daemon=True)
                self.pump.start()
        except BaseException:
            worker.broken = True
            _close(target)
            raise
        self.target = target  # closed with the stream (the worker may be reading it)

    def _pump(self, target, sink) -> None:
        """The file's bytes to the worker (a thread: the pipe's buffer is small)."""
        try:
            while block := target.read(PUMP):
                sink.write(block)
        except IatiFileError as error:  # bytes that cannot be decoded
            self.pump_error = error
        except (OSError, ValueError):
            pass  # the worker stopped reading: it reports why
        finally:
            try:
                sink.close()
            except OSError:
                pass

    def chunks(self):
        while True:
            while self.frames.empty() and self.undecided:
                self._take(self.undecided.popleft())  # rather than wait for the worker
            frame = _received(self.frames.get())
            kind = frame[0]
            if kind in ("end", "error"):
                self.finished = True
            else:
                self.received += 1
            if kind == "end":
                if self.pump_error is not None:
                    raise self.pump_error
                return
            if kind == "error":
                raise self.pump_error or IatiFileError(frame[1], frame[2])
            items = [
                Pending(identifier, hash_, line, None, blob, offset=offset)
                for identifier, hash_, line, blob, offset in frame[1]
            ]
            if kind == "partial":  # cut short by an error in the file, which comes next
                self.rest = items
                continue
            yield items

    def submit(self, version: str, chunk: list, indices: list, context) -> None:
        """Queue the chunk, undecided: it goes to the worker as soon as the worker has fewer
        than BUSY chunks to map, unless the importer, with nothing else to do, maps it
        first."""
        job = _Job(context, None, self.answered, version, chunk, indices)
        self.answered += 1
        self.jobs.append(job)
        if indices:
            self.undecided.append(job)
            self._dispatch()
        else:
            write_frame(self.control, ("drop", job.number))
            job.results, job.chunk = [], None
            _forget(chunk)

    def _dispatch(self) -> None:
        # The worker is ahead (a chunk it read waits, or it has read the whole file): BUSY.
        busy = BUSY if self.finished or not self.frames.empty() else READING
        while self.undecided and self.in_flight - self.results.qsize() < busy:
            self._send(self.undecided.popleft())

    def _send(self, job: _Job) -> None:
        write_frame(self.control, ("map", job.number, job.indices))
        _forget(job.chunk)
        job.chunk = None
        self.in_flight += 1

    def _take(self, job: _Job) -> None:
        """Map an undecided chunk here, from its XML."""
        write_frame(self.control, ("drop", job.number))
        layouts, version, chunk = self.layouts, job.version, job.chunk
        results = []
        for i in job.indices:
            element = parse_blob(chunk[i].blob)
            results.append(map_one(element, version, layouts, chunk[i].offset))
        _forget(chunk)
        job.results, job.chunk = results, None

    def full(self) -> bool:
        """Too many chunks waiting: the oldest must be collected (waiting for it if need be)."""
        return len(self.jobs) > AHEAD

    def ready(self) -> bool:
        """Whether the oldest chunk can be collected without waiting."""
        if not self.jobs:
            return False
        head = self.jobs[0]
        if head.results is not None:
            return True
        return head.chunk is None and not self.results.empty()

    def collect(self):
        head = self.jobs[0]
        while head.results is None:
            if head.chunk is not None:  # still undecided: the worker has enough to do
                self.undecided.remove(head)
                self._take(head)
            elif self.results.empty() and self.undecided:
                self._take(self.undecided.popleft())  # rather than wait for the worker
            else:  # the worker answers in the order asked, the oldest first
                head.results = _received(self.results.get())
                self.in_flight -= 1
        self.jobs.popleft()
        self._dispatch()
        return head.context, restore(head.results)

    def close(self) -> None:
        """Leave the worker ready for the next file, or, if this one was left half-read
        (an error in the importer), have it replaced."""
        clean = self.finished
        if clean and self.pump is not None:
            self.pump.join()  # the worker has closed its end: the pump is stopping
        _close(self.target)
        if clean:
            try:
                self._settle()
            except (OSError, RuntimeError):
                clean = False
        if not clean:
            self.worker.broken = True

    def _settle(self) -> None:
        """Every chunk the worker still holds answered, every answer it owes read (a file
        rejected in strict mode is not collected to the end)."""
        for job in self.undecided:
            write_frame(self.control, ("drop", job.number))
        for number in range(self.answered, self.received):  # read, never submitted
            write_frame(self.control, ("drop", number))
        for _ in range(self.in_flight):
            _received(self.results.get())
        self.undecided.clear()
        self.jobs.clear()
        self.in_flight = 0


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


def _file_descriptor(target, source: Source) -> int | None:
    """The descriptor of `target` if it is the source's own regular file, unread so far."""
    if target is not source.stream:  # a transcoder or an archive member: piped
        return None
    try:
        fd = target.fileno()
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
        return fd if regular and target.tell() == os.lseek(fd, 0, os.SEEK_CUR) else None
    except (AttributeError, OSError, ValueError):
        return None


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
    number: int  # the worker's number for the chunk
    version: str
    chunk: list | None
    indices: list


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


# -- the worker process ----------------------------------------------------------------------
