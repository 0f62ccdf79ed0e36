"""Checking and mapping activities on the second core while the importer reads and writes.

The importer parses and fingerprints each activity and writes batches to the database;
checking each against the schema and mapping it to field dicts (and encoding the parts' JSON)
is handed, for a large file, to one worker process: the activity's XML (the very bytes that
were fingerprinted) goes over in chunks, the results come back in order, with a bounded number
of chunks in flight so memory stays flat. The worker needs neither Django nor the database.
Small files are handled in-process the same way (starting a worker costs more than it saves).

A result is an ActivityData, or ("schema", [(line, message)…]) or ("mapping", line, message);
lines are those of the file.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from datetime import date
from decimal import Decimal

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
IN_FLIGHT = 4  # chunks handed to the worker and not collected yet
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def map_one(element, version: str, line_offset: int = 0, schema=None):
    """Check `element` against the schema and map it: ActivityData or a failure."""
    errors = schema_errors(element, schema)
    if errors:
        return ("schema", [(line + line_offset if line else None, m) for line, m in errors[:5]])
    try:
        data = map_activity(element, version)
    except MappingError as error:
        return ("mapping", error.line + line_offset if error.line else None, error.message)
    if line_offset and data.line:
        data.line += line_offset
    return data


_SCHEMA: list = []  # the worker's schema, loaded once


def map_blobs(version: str, items: list[tuple[int | None, bytes]]) -> list:
    """In the worker: parse each activity's bytes again, check and map it (lines as in the
    file); the JSON of the parts is encoded here too, off the importer's core."""
    results = []
    for line, blob in items:
        element = etree.fromstring(blob, PARSER)
        data = map_one(element, version, (line or 1) - 1, _SCHEMA[0] if _SCHEMA else None)
        if isinstance(data, ActivityData):
            rows = [row for part in data.parts.values() for row in part]
            for result in data.results:
                rows.append(result["fields"])
                for indicator in result["indicators"]:
                    rows.append(indicator["fields"])
                    rows.extend(indicator["periods"])
            for row in rows:
                for key, value in row.items():
                    kind = value.__class__
                    if kind is list:
                        row[key] = dumps(value)  # a str in a JSON column: encoded
                    elif kind is date:
                        row[key] = value.isoformat()  # what the drivers would send
                    elif kind is Decimal:
                        row[key] = str(value)
        results.append(data)
    return results


class _Worker:
    """`python -m kakehashi.iati.services.pipeline`: chunks in on stdin, results out on stdout
    (pickled). A plain subprocess, so the caller's main module is never imported again."""

    def __init__(self, schema_path: str):
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
    """Map chunks of activities, in a worker process when `parallel`, results in order."""

    def __init__(self, parallel: bool, schema_path: str | None = None):
        self.worker = None
        if parallel:
            try:
                self.worker = _Worker(schema_path or activity_schema_path())
            except OSError:
                self.worker = None  # no processes here: map in-process
        self.jobs: deque = deque()

    @property
    def parallel(self) -> bool:
        return self.worker is not None

    def submit(self, version: str, items: list, context) -> None:
        """Queue a chunk: elements (in-process) or (line, bytes) pairs (worker)."""
        if self.worker is None:
            self.jobs.append((context, [map_one(element, version) for element in items]))
        else:
            self.worker.send(version, items)
            self.jobs.append((context, None))

    def full(self) -> bool:
        return len(self.jobs) > (IN_FLIGHT if self.worker is not None else 0)

    def collect(self):
        """The oldest chunk: (context, results)."""
        context, results = self.jobs.popleft()
        if results is None:
            results = self.worker.receive()
        return context, results

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None


def _serve() -> None:
    _SCHEMA.append(activity_schema(sys.argv[1]))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
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
