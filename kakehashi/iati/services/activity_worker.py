"""The import's worker process:
`python -m kakehashi.iati.services.activity_worker FD SCHEMA INPUT`.

It parses the file on descriptor INPUT (or, with "-", the bytes piped to its stdin), sends
each chunk's identifiers, lines, fingerprints and XML on stdout, keeps the elements until the
importer answers on file descriptor FD ("map" these indices: the rows go back on stdout, in
the order asked; or "drop"), and ends when FD closes. It needs neither Django nor the
database: the column layouts and the file's version come first on FD. See `pipeline` for the
importer's side."""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import queue
import sys
import threading

from kakehashi.iati.services.activity_rows import as_tuple, map_one, read_pending
from kakehashi.iati.services.parser import IatiFileError, iter_activities
from kakehashi.iati.services.validator import activity_schema

COLLECTION_THRESHOLDS = (50_000, 20, 100)  # see pipeline.rare_collections()


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


def _input():
    """The file: a descriptor passed by the importer, or the bytes it pipes to stdin."""
    if len(sys.argv) > 3 and sys.argv[3] != "-":
        return os.fdopen(int(sys.argv[3]), "rb", closefd=False)
    return sys.stdin.buffer


# -- streams of chunks -----------------------------------------------------------------------


def _serve() -> None:
    gc.set_threshold(*COLLECTION_THRESHOLDS)
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
        for element in iter_activities(_input(), keep=True):
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
