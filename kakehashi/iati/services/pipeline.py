"""Reading, checking and mapping an activity file on both cores while the importer writes.

Per file the importer gets chunks of activities read (`Pending`: identifier, line, the
fingerprint of its XML), looks up which are unchanged, and `submit`s the rest to be checked
against the schema, mapped to field dicts and encoded as value rows (`encode`); it `collect`s
the results in document order and writes them.

A small file is read and mapped in-process (`LocalStream`). A large one (`WorkerStream`) is
parsed by a worker process (`activity_worker`), which reads the file on disk through
the importer's descriptor (or the bytes the importer pipes it, when decoded or unpacked
first), and the worker sends back each chunk's identifiers, lines, fingerprints and
XML, keeping the parsed elements. Each chunk the importer submits stays undecided until
either the worker has fewer than BUSY chunks to map (it is then asked to map the elements it
holds, and sends the rows back) or the importer would otherwise wait: for the worker's next
chunk or for the rows of the oldest one. The importer then maps the oldest undecided chunk
itself, from its XML, and tells the worker to drop it. So neither side idles while the other
has work, whichever is slower on the machine and the data. Writing to the database is the
importer's longest task, which is why the parsing is the worker's.

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
import stat
import subprocess
import sys
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass

from lxml import etree

import kakehashi
from kakehashi.iati.services import activity_worker
from kakehashi.iati.services.activity_rows import (
    PARSER,
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
    read_activities,
)
from kakehashi.iati.services.validator import activity_schema_path

PIPELINE_MIN_BYTES = 8 << 20  # files smaller than this are read and mapped in-process
CHUNK = 25  # activities per chunk (their stored fingerprints are looked up at once)
BUSY = 8  # chunks the worker has to map beyond which the importer maps the next one itself
AHEAD = 32  # chunks the worker reads ahead of the importer's answers
PUMP = 1 << 20  # bytes per write of the file to the worker
PIPE_SIZE = 1 << 20  # bytes of buffer asked for the pipes to and from the worker


class LocalStream:
    """A file read and mapped in-process.

    `chunks()` yields lists of Pending; an error in the file stops it with IatiFileError,
    the activities read before it kept in `rest`. Each chunk is then `submit`ted (with the
    indices of those to map), and `collect` gives back (context, results) in order."""

    parallel = False

    def __init__(self, source: Source, header: FileHeader, layouts: dict):
        self.source, self.header, self.layouts = source, header, layouts
        self.jobs: deque = deque()
        self.rest: list = []

    def chunks(self):
        chunk: list = []
        try:
            for element in read_activities(self.source, self.header, keep=True):
                chunk.append(Pending(*read_pending(element)[:3], element))
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
        except IatiFileError:
            self.rest = chunk
            raise
        if chunk:
            yield chunk

    def submit(self, version: str, chunk: list, indices: list, context) -> None:
        layouts = self.layouts
        self.jobs.append((context, [map_one(chunk[i].element, version, layouts) for i in indices]))
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


class WorkerStream(LocalStream):
    """A file parsed by the worker process (see the module's docstring)."""

    parallel = True

    def __init__(self, source: Source, header: FileHeader, layouts: dict):
        super().__init__(source, header, layouts)
        self.frames: queue.SimpleQueue = queue.SimpleQueue()  # chunks, then the end
        self.results: queue.SimpleQueue = queue.SimpleQueue()
        self.answered = 0  # chunks submitted (the worker numbers them in the same order)
        self.in_flight = 0  # chunks the worker maps, not collected yet
        self.undecided: deque = deque()  # chunks submitted, neither sent nor mapped yet
        self.pump_error: IatiFileError | None = None
        target = open_activities(source, header)
        # A file on disk is read by the worker itself, through the same file description
        # (so the progress bar still sees how far it has got): no copy through a pipe.
        direct = _file_descriptor(target, source)
        control, self.control_fd = os.pipe()
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
                    "-" if direct is None else str(direct),
                ],
                stdin=subprocess.PIPE if direct is None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                pass_fds=(control,) if direct is None else (control, direct),
                env=env,
            )
        except BaseException:
            os.close(self.control_fd)
            _close(target)
            raise
        finally:
            os.close(control)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                _widen(pipe.fileno())
        self.control = os.fdopen(self.control_fd, "wb")
        settings = (layouts, header.version, CHUNK, AHEAD)
        pickle.dump(settings, self.control, protocol=pickle.HIGHEST_PROTOCOL)
        self.control.flush()
        self.target = target  # closed with the stream (the worker may be reading it)
        self.threads = [threading.Thread(target=self._read, daemon=True)]
        if direct is None:
            self.threads.append(threading.Thread(target=self._pump, args=(target,), daemon=True))
        for thread in self.threads:
            thread.start()

    def _pump(self, target) -> None:
        """The file's bytes to the worker (a thread: the pipe's buffer is small)."""
        stdin = self.process.stdin
        try:
            while block := target.read(PUMP):
                stdin.write(block)
        except IatiFileError as error:  # bytes that cannot be decoded
            self.pump_error = error
        except (OSError, ValueError):
            pass  # the worker stopped: the reader reports it
        finally:
            _close(target)
            try:
                stdin.close()
            except OSError:
                pass

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

    def chunks(self):
        while True:
            while self.frames.empty() and self.undecided:
                self._take(self.undecided.popleft())  # rather than wait for the worker
            frame = _received(self.frames.get())
            kind = frame[0]
            if kind == "end":
                if self.pump_error is not None:
                    raise self.pump_error
                return
            if kind == "error":
                raise self.pump_error or IatiFileError(frame[1], frame[2])
            items = [Pending(*read, None, blob) for *read, blob in frame[1]]
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
        while self.undecided and self.in_flight - self.results.qsize() < BUSY:
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
            element = etree.fromstring(chunk[i].blob, PARSER)
            results.append(map_one(element, version, layouts, (chunk[i].line or 1) - 1))
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
        try:
            self.control.close()  # the worker stops
        except OSError:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for thread in self.threads:
            thread.join(timeout=5)
        self.process.stdout.close()
        _close(self.target)


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


def activity_stream(source: Source, header: FileHeader, layouts: dict, parallel: bool = True):
    """The stream of chunks for `source`: parsed by a worker when large enough (and allowed)."""
    if parallel and worth_a_worker(source.size):
        return WorkerStream(source, header, layouts)
    return LocalStream(source, header, layouts)


def worth_a_worker(size: int | None) -> bool:
    return bool(size and size >= PIPELINE_MIN_BYTES and (os.cpu_count() or 1) > 1)


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
