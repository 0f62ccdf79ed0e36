"""Reading, checking and mapping an activity file on both cores while the importer writes.

Per file the importer gets chunks of activities read (`Pending`: identifier, line, the
fingerprint of its XML), looks up which are unchanged, and `submit`s the rest to be checked
against the schema, mapped to field dicts and encoded as value rows (`encode`); it `collect`s
the results in document order and writes them.

A small file is read and mapped in-process (`LocalStream`). A large one (`WorkerStream`) is
parsed by a worker process (`pipeline_worker`): the importer pipes it the file's bytes and
the worker sends back each chunk's identifiers, lines, fingerprints and XML; for each chunk
the importer answers "map" (the worker maps the elements it still holds and sends the rows
back) or "drop". While the worker already has BUSY chunks to map, the importer maps the next
one itself from the XML instead, so both cores stay busy whichever side is slower. Writing to
the database is the importer's longest task, which is why the parsing went to the worker.

A result is an ActivityData, or ("schema", [(line, message)…]) or ("mapping", line, message);
lines are those of the file. Between the processes everything travels as length-prefixed
`marshal` frames (built-in types only: an ActivityData as a tuple, its dates as ISO text):
2–4 times cheaper to write and read than pickle.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

import kakehashi
from kakehashi.iati.services.elements import dumps
from kakehashi.iati.services.mapping import ActivityData, MappingError, map_activity
from kakehashi.iati.services.parser import (
    FileHeader,
    IatiFileError,
    Source,
    _close,
    open_activities,
    read_activities,
)
from kakehashi.iati.services.validator import activity_schema_path, schema_errors

PIPELINE_MIN_BYTES = 8 << 20  # files smaller than this are read and mapped in-process
CHUNK = 25  # activities per chunk (their stored fingerprints are looked up at once)
BUSY = 8  # chunks the worker has to map beyond which the importer maps the next one itself
AHEAD = 32  # chunks the worker reads ahead of the importer's answers
PUMP = 1 << 20  # bytes per write of the file to the worker
PIPE_SIZE = 1 << 20  # bytes of buffer asked for the pipes to and from the worker
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_datetime = datetime.fromisoformat


@dataclass(slots=True)
class Pending:
    """An activity read, on its way to the checks and the mapping."""

    identifier: str
    hash: str
    line: int | None
    element: object = None  # read in-process
    blob: bytes | None = None  # or by the worker: the XML fingerprinted
    unchanged: bool = False


def fingerprint(xml: bytes) -> str:
    return hashlib.blake2b(xml, digest_size=32).hexdigest()


def read_pending(element) -> tuple:
    """(identifier, fingerprint, line, XML) of an activity element."""
    blob = etree.tostring(element)
    identifier = (element.findtext("iati-identifier") or "").strip()
    return identifier, fingerprint(blob), element.sourceline, blob


def map_one(element, version: str, layouts: dict, line_offset: int = 0, schema=None):
    """Check `element` against the schema and map it: ActivityData (parts encoded) or a
    failure."""
    errors = schema_errors(element, schema)
    if errors:
        return ("schema", [(line + line_offset if line else None, m) for line, m in errors[:5]])
    try:
        data = map_activity(element, version)
    except MappingError as error:
        return ("mapping", error.line + line_offset if error.line else None, error.message)
    if line_offset and data.line:
        data.line += line_offset
    return encode(data, layouts)


def encode(data: ActivityData, layouts: dict) -> ActivityData:
    """Turn the parts' field dicts into value rows, in the column order of `layouts`
    (writer.layouts()) and then the sequence: JSON encoded, dates and decimals as text (what
    the drivers would send). Rows are cheaper to send than dicts and ready to insert.
    Results become [(values, [(indicator values, [period values…])…])…]."""
    fields = data.fields
    for name in DATE_FIELDS:
        if fields[name] is not None:
            fields[name] = fields[name].isoformat()
    for name in JSON_FIELDS:
        fields[name] = dumps(fields[name]) if fields[name] else "[]"
    parts = data.parts
    for name, rows in parts.items():
        if rows:
            parts[name] = _rows(rows, layouts[name])
    if data.results:
        result, indicator, period = layouts["result"], layouts["indicator"], layouts["period"]
        data.results = [
            (
                values,
                list(
                    zip(
                        _rows([ind["fields"] for ind in item["indicators"]], indicator),
                        [_rows(ind["periods"], period) for ind in item["indicators"]],
                        strict=True,
                    )
                ),
            )
            for values, item in zip(
                _rows([item["fields"] for item in data.results], result), data.results, strict=True
            )
        ]
    return data


def _rows(rows: list[dict], layout) -> list[list]:
    """Column by column: a few loops over the rows rather than a call per row."""
    names, defaults, json_columns, dates, decimals = layout
    values = [list(map(row.get, names, defaults)) for row in rows]
    for index in json_columns:
        for item in values:
            value = item[index]
            kind = value.__class__
            if kind is list:
                item[index] = dumps(value) if value else "[]"
            elif value is not None and kind is not str:  # str: encoded already
                item[index] = dumps(value)
    for index in dates:
        for item in values:
            if item[index] is not None:
                item[index] = item[index].isoformat()
    for index in decimals:
        for item in values:
            if item[index] is not None:
                item[index] = str(item[index])
    for sequence, item in enumerate(values):
        item.append(sequence)
    return values


DATE_FIELDS = (
    "planned_start", "actual_start", "planned_end", "actual_end", "last_updated_datetime",
)  # fmt: skip
JSON_FIELDS = ("title", "default_aid_types", "preserved_xml")  # lists, sent as JSON text


def as_tuple(result):
    """A result as built-in types only (for marshal)."""
    if isinstance(result, ActivityData):
        return (
            "activity", result.identifier, result.line, result.fields, result.reporting_org,
            result.parts, result.results, result.org_refs,
        )  # fmt: skip
    return result


def from_tuple(result):
    return ActivityData(*result[1:]) if result[0] == "activity" else result


def restore(results: list) -> list:
    """The last-updated-datetime back to a datetime (the importer compares it, and the
    database adapters want one); the other dates stay ISO text, as they are inserted."""
    for data in results:
        if isinstance(data, ActivityData):
            fields = data.fields
            if fields["last_updated_datetime"] is not None:
                fields["last_updated_datetime"] = _datetime(fields["last_updated_datetime"])
    return results


# -- frames ----------------------------------------------------------------------------------
def write_frame(stream, value) -> None:
    data = marshal.dumps(value)
    stream.write(len(data).to_bytes(8, "little"))
    stream.write(data)
    stream.flush()


def read_frame(stream):
    """The next frame's value; EOFError at the end of the stream."""
    size = int.from_bytes(_read_exactly(stream, 8), "little")
    return marshal.loads(_read_exactly(stream, size))


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the stream ended")
    return data


# -- streams of chunks -----------------------------------------------------------------------
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
        control, self.control_fd = os.pipe()
        root = os.path.dirname(os.path.dirname(os.path.abspath(kakehashi.__file__)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(control), activity_schema_path()],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                pass_fds=(control,),
                env=env,
            )
        except BaseException:
            os.close(self.control_fd)
            _close(target)
            raise
        finally:
            os.close(control)
        for pipe in (self.process.stdin, self.process.stdout):
            _widen(pipe.fileno())
        self.control = os.fdopen(self.control_fd, "wb")
        settings = (layouts, header.version, CHUNK, AHEAD)
        pickle.dump(settings, self.control, protocol=pickle.HIGHEST_PROTOCOL)
        self.control.flush()
        self.threads = [
            threading.Thread(target=self._pump, args=(target,), daemon=True),
            threading.Thread(target=self._read, daemon=True),
        ]
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
    """Fewer cyclic garbage collections while importing: mapping and unpickling make
    millions of short-lived dicts and lists (freed by reference counting, no cycles), and
    with the default thresholds the collector ran so often it cost a sixth of the time."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


# -- the worker process ----------------------------------------------------------------------
def _serve() -> None:
    """`python -m kakehashi.iati.services.pipeline CONTROL_FD SCHEMA`: the file's bytes on
    stdin, the importer's answers on CONTROL_FD, chunks and results out on stdout."""
    from kakehashi.iati.services.parser import iter_activities
    from kakehashi.iati.services.validator import activity_schema

    gc.set_threshold(50_000, 20, 100)  # see rare_collections()
    control = os.fdopen(int(sys.argv[1]), "rb")
    out = sys.stdout.buffer
    try:
        layouts, version, chunk_size, ahead = pickle.load(control)
    except EOFError:
        return
    schema = activity_schema(sys.argv[2])
    requests: queue.SimpleQueue = queue.SimpleQueue()

    def listen() -> None:
        try:
            while True:
                requests.put(read_frame(control))
        except (EOFError, OSError, ValueError):
            requests.put(None)

    threading.Thread(target=listen, daemon=True).start()
    held: dict = {}  # chunk number -> its elements, until the importer answers

    def answer(block: bool) -> None:
        """Do what the importer asked: all that is asked already, or, with `block`, wait
        until the worker is no longer `ahead` chunks ahead."""
        while held and (block or not requests.empty()):
            request = requests.get()
            if request is None:
                raise SystemExit(0)  # the importer is done (or gone)
            elements = held.pop(request[1])
            if request[0] == "map":
                results = [
                    as_tuple(map_one(elements[i], version, layouts, 0, schema)) for i in request[2]
                ]
                write_frame(out, ("results", results))
            block = len(held) >= ahead

    number = 0
    chunk: list = []
    manifest: list = []
    try:
        for element in iter_activities(sys.stdin.buffer, keep=True):
            manifest.append(read_pending(element))
            chunk.append(element)
            if len(chunk) >= chunk_size:
                write_frame(out, ("chunk", manifest))
                held[number] = chunk
                number += 1
                chunk, manifest = [], []
                answer(len(held) >= ahead)
        if chunk:
            write_frame(out, ("chunk", manifest))
            held[number] = chunk
        write_frame(out, ("end",))
    except IatiFileError as error:
        if chunk:
            write_frame(out, ("partial", manifest))
            held[number] = chunk
        write_frame(out, ("error", error.message, error.line))
    while True:
        answer(True)
        if not held:
            if requests.get() is None:
                return
            raise SystemExit("the importer answered a chunk twice")


if __name__ == "__main__":
    _serve()
