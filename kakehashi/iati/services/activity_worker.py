"""The import's mapping worker process:
`python -m kakehashi.iati.services.activity_worker FD SCHEMA [DATABASE]`.

It serves one import run, whatever the file. Each request on file descriptor FD is
("map", version, [(blob, offset)…]): activities' XML to parse, check against the
schema, map and encode (`activity_rows.map_blob`); the results go back on stdout, one
frame per request, in the order asked. It ends when FD closes.
It needs neither Django nor the database: the column layouts come first on FD. See
`pipeline` for the importer's side.

With DATABASE (an SQLite file in WAL mode, which the importer writes), it also copies what
the importer committed from the write-ahead log into the database whenever it has nothing to
map (`Checkpointer`): work the importer, the busier process, would otherwise do itself (at
the latest when the run ends), done on the idle core."""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import queue
import sqlite3
import struct
import sys
import threading

from kakehashi.iati.services.activity_rows import DOUBT, as_tuple, map_blob
from kakehashi.iati.services.validator import activity_schema

COLLECTION_THRESHOLDS = (50_000, 20, 100)  # the importer's too: see pipeline.rare_collections()
CHECKPOINT_BYTES = 4 << 20  # pages in the write-ahead log not copied yet: worth a checkpoint


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


def _serve() -> None:
    gc.set_threshold(*COLLECTION_THRESHOLDS)
    control = os.fdopen(int(sys.argv[1]), "rb")
    out = sys.stdout.buffer
    try:
        (layouts,) = pickle.load(control)
    except EOFError:
        return
    schema = activity_schema(sys.argv[2])
    requests: queue.SimpleQueue = queue.SimpleQueue()

    def listen() -> None:
        """Requests read as soon as they come, so that the importer never waits on a full
        pipe to send one."""
        try:
            while True:
                requests.put(read_frame(control))
        except (EOFError, OSError, ValueError):
            requests.put(None)  # the importer is done (or gone)

    threading.Thread(target=listen, daemon=True).start()
    checkpointer = Checkpointer(sys.argv[3]) if len(sys.argv) > 3 else None
    try:
        while (request := requests.get()) is not None:
            _kind, version, items = request
            results = []
            for blob, offset in items:
                result = map_blob(blob, version, layouts, offset, schema)
                if result is DOUBT:  # the rest of the chunk is read again by the importer
                    results.append(result)
                    break
                results.append(as_tuple(result))
            write_frame(out, ("results", results))
            if checkpointer is not None and requests.empty():
                checkpointer.idle.set()
    finally:
        if checkpointer is not None:
            checkpointer.stop()


class Checkpointer:
    """Copies the committed part of an SQLite database's write-ahead log into the database
    (a PASSIVE checkpoint: it never blocks the importer's writes, nor waits for them) when
    told the worker is idle and the log holds CHECKPOINT_BYTES not copied yet. In a thread
    of its own: a request that comes meanwhile is mapped at once (SQLite works without the
    GIL)."""

    def __init__(self, database: str):
        self.database = database
        self.index = database + "-shm"
        self.idle = threading.Event()
        self.done = False
        self.checkpoints = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self.database, isolation_level=None)
        except sqlite3.Error:
            return  # the importer checkpoints as usual
        try:
            while True:
                self.idle.wait()
                self.idle.clear()
                if self.done:
                    self.checkpoint(connection, 1)  # what the importer committed last
                    return
                self.checkpoint(connection)
        finally:
            connection.close()

    def checkpoint(self, connection, least: int = CHECKPOINT_BYTES) -> None:
        uncopied = self.uncopied()
        if uncopied is not None and uncopied < least:
            return
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            return  # busy or gone: the importer's own checkpoint does it
        self.checkpoints += 1

    def uncopied(self) -> int | None:
        """The bytes of committed pages in the log not copied into the database yet, read
        off the wal-index header (https://www.sqlite.org/walformat.html: in the -shm file,
        twice, the page size and mxFrame, the frames committed; then nBackfill, those
        copied; in the machine's byte order). None if it cannot tell (no index; the two
        copies differ: read while SQLite wrote them). The log's size cannot tell: once all
        of it is copied, SQLite writes it again from the start."""
        try:
            with open(self.index, "rb", buffering=0) as index:
                head = index.read(100)
        except OSError:
            return None
        if len(head) < 100 or head[:48] != head[48:96]:
            return None
        page, frames = struct.unpack_from("=HI", head, 14)
        (copied,) = struct.unpack_from("=I", head, 96)
        return max(0, frames - copied) * (65536 if page == 1 else page)

    def stop(self) -> None:
        """Copy what the log still holds (the run's last commits: the importer told the
        worker it is done before it puts its connection back and saves the import record),
        then stop."""
        self.done = True
        self.idle.set()
        self.thread.join()


if __name__ == "__main__":
    _serve()
    # Every answer is flushed: skip the interpreter's teardown (freeing every module and
    # object takes 30 ms, which the importer waits for at the end of a run).
    os._exit(0)
