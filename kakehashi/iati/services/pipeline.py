"""Checking and mapping activities on the second core while the importer reads and writes.

The importer parses and fingerprints each activity and writes batches to the database;
checking each against the schema, mapping it to field dicts and encoding those as value rows
(`encode`) is handed, for a large file, to one worker process: the activity's XML (the very
bytes that were fingerprinted) goes over in chunks, the rows come back in order, with a
bounded number of chunks in flight so memory stays flat. Whenever the worker already has
IN_FLIGHT chunks to do, the importer maps the next chunk itself rather than wait, so both
cores stay busy whichever side is slower. The worker needs neither Django nor the database
(the column layouts it fills are sent to it first). Small files are handled in-process the
same way (starting a worker costs more than it saves).

A result is an ActivityData, or ("schema", [(line, message)…]) or ("mapping", line, message);
lines are those of the file.
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

from lxml import etree

import kakehashi
from kakehashi.iati.services.elements import dumps
from kakehashi.iati.services.mapping import ActivityData, MappingError, map_activity
from kakehashi.iati.services.validator import (
    activity_schema,
    activity_schema_path,
    schema_errors,
)

PIPELINE_MIN_BYTES = 8 << 20  # files smaller than this are mapped in-process
IN_FLIGHT = 8  # chunks queued for the worker beyond which the importer maps in-process
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


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
    the drivers would send). Rows are cheaper to pickle than dicts and ready to insert.
    Results become [(values, [(indicator values, [period values…])…])…]."""
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


_SCHEMA: list = []  # the worker's schema and layouts, loaded once


def map_blobs(version: str, items: list[tuple[int | None, bytes]]) -> list:
    """In the worker: parse each activity's bytes again, check, map and encode it (lines as
    in the file)."""
    schema, layouts = _SCHEMA
    results = []
    for line, blob in items:
        element = etree.fromstring(blob, PARSER)
        results.append(map_one(element, version, layouts, (line or 1) - 1, schema))
    return results


class _Worker:
    """`python -m kakehashi.iati.services.pipeline`: chunks in on stdin, results out on stdout
    (pickled). A plain subprocess, so the caller's main module is never imported again."""

    def __init__(self, schema_path: str, layouts: dict):
        root = os.path.dirname(os.path.dirname(os.path.abspath(kakehashi.__file__)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kakehashi.iati.services.pipeline", schema_path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.results: queue.SimpleQueue = queue.SimpleQueue()
        self.outgoing: queue.SimpleQueue = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        # A chunk is far larger than a pipe's buffer: a thread writes, the importer goes on.
        self.writer = threading.Thread(target=self._write, daemon=True)
        self.writer.start()
        self.outgoing.put(layouts)

    def _write(self) -> None:
        stdin = self.process.stdin
        try:
            while (chunk := self.outgoing.get()) is not None:
                pickle.dump(chunk, stdin, protocol=pickle.HIGHEST_PROTOCOL)
                stdin.flush()
        except OSError:
            pass  # the worker stopped: the reader reports it
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def _read(self) -> None:
        try:
            while True:
                self.results.put(pickle.load(self.process.stdout))
        except Exception as error:  # EOF, a crash: whoever waits is told
            self.results.put(_Stopped(error))

    def send(self, version: str, items: list) -> None:
        self.outgoing.put((version, items))

    def receive(self) -> list:
        result = self.results.get()
        if isinstance(result, _Stopped):
            raise RuntimeError(f"the IATI mapping worker stopped: {result.error!r}")
        return result

    def close(self) -> None:
        self.outgoing.put(None)
        self.writer.join(timeout=30)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        self.process.stdout.close()


class _Stopped:
    def __init__(self, error: Exception):
        self.error = error


class Mapper:
    """Map chunks of activities, results in order: in a worker process when `parallel`, and
    in-process whenever the worker already has IN_FLIGHT chunks queued (so both cores stay
    busy whichever side is slower, and the in-process share skips the second parse)."""

    def __init__(self, parallel: bool, layouts: dict, schema_path: str | None = None):
        self.worker = None
        self.layouts = layouts
        if parallel:
            try:
                self.worker = _Worker(schema_path or activity_schema_path(), layouts)
            except OSError:
                self.worker = None  # no processes here: map in-process
        self.jobs: deque = deque()
        self.in_flight = 0  # chunks given to the worker and not collected yet

    @property
    def parallel(self) -> bool:
        return self.worker is not None

    def submit(self, version: str, elements: list, blobs: list, context) -> None:
        """Queue a chunk: its elements, and the same as (line, bytes) pairs for the worker."""
        if self.worker is None or self.in_flight - self.worker.results.qsize() >= IN_FLIGHT:
            layouts = self.layouts
            self.jobs.append((context, [map_one(e, version, layouts) for e in elements]))
        else:
            self.worker.send(version, blobs)
            self.in_flight += 1
            self.jobs.append((context, None))

    def full(self) -> bool:
        """Too many chunks waiting: the oldest must be collected (waiting for it if need be)."""
        return len(self.jobs) > 2 * IN_FLIGHT

    def ready(self) -> bool:
        """Whether the oldest chunk can be collected without waiting."""
        if not self.jobs:
            return False
        return self.jobs[0][1] is not None or not self.worker.results.empty()

    def collect(self):
        """The oldest chunk: (context, results)."""
        context, results = self.jobs.popleft()
        if results is None:
            results = self.worker.receive()
            self.in_flight -= 1
        return context, results

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None


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


def _serve() -> None:
    gc.set_threshold(50_000, 20, 100)  # see rare_collections()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        layouts = pickle.load(stdin)
    except EOFError:
        return
    _SCHEMA[:] = [activity_schema(sys.argv[1]), layouts]
    while True:
        try:
            version, items = pickle.load(stdin)
        except EOFError:
            return
        pickle.dump(map_blobs(version, items), stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()


def worth_a_worker(size: int | None) -> bool:
    return bool(size and size >= PIPELINE_MIN_BYTES and (os.cpu_count() or 1) > 1)


if __name__ == "__main__":
    _serve()
