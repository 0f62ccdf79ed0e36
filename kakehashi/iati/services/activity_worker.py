"""The import's mapping worker process:
`python -m kakehashi.iati.services.activity_worker FD SCHEMA SOCKET`.

It serves one import run, file after file. Each file comes as a ("file", version) request on
file descriptor FD, its bytes on a descriptor received on the Unix socket SOCKET (the file
itself, or a pipe the importer writes it to). The worker parses it, sends each chunk's
identifiers, lines, fingerprints and XML (`activity_rows.read_pending`) on stdout, keeps
the elements until the importer answers on FD ("map" these indices: the rows go back on
stdout, in the order asked; or "drop"), and waits for the next file once every chunk is
answered; it ends when FD closes.
It needs neither Django nor the database: the column layouts come first on FD. See
`pipeline` for the importer's side."""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import queue
import socket
import sys
import threading

from kakehashi.iati.services.activity_rows import as_tuple, map_one, read_pending
from kakehashi.iati.services.parser import IatiFileError
from kakehashi.iati.services.raw_activities import activities_with_xml
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


# -- streams of chunks -----------------------------------------------------------------------


def _serve() -> None:
    gc.set_threshold(*COLLECTION_THRESHOLDS)
    control = os.fdopen(int(sys.argv[1]), "rb")
    files = socket.socket(fileno=int(sys.argv[3]))
    try:
        layouts, chunk_size, chunk_bytes, ahead = pickle.load(control)
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
    settings = (layouts, chunk_size, chunk_bytes, ahead, schema)
    while (request := requests.get()) is not None:
        if request[0] != "file":
            raise SystemExit(f"the importer asked {request[0]!r} between files")
        _message, descriptors, _flags, _address = socket.recv_fds(files, 1, 1)
        if len(descriptors) != 1:
            raise SystemExit("the importer sent no file")
        _serve_file(os.fdopen(descriptors[0], "rb"), request[1], settings, requests)


def _serve_file(stream, version: str, settings: tuple, requests: queue.SimpleQueue) -> None:
    """One file: its chunks sent, then mapped or dropped as the importer answers."""
    layouts, chunk_size, chunk_bytes, ahead, schema = settings
    out = sys.stdout.buffer
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
                results = []
                for i in request[2]:
                    element, offset = elements[i]
                    results.append(as_tuple(map_one(element, version, layouts, offset, schema)))
                write_frame(out, ("results", results))
            block = len(held) >= ahead

    number = 0
    chunk: list = []
    manifest: list = []
    with stream:  # closed once read: a pump writing to it stops
        try:
            size = 0
            for element, xml, blob, offset in activities_with_xml(stream):
                read = read_pending(element, xml, blob, offset)
                manifest.append(read)
                chunk.append((element, offset))
                size += len(read[3])
                if len(chunk) >= chunk_size or size >= chunk_bytes:
                    write_frame(out, ("chunk", manifest))
                    held[number] = chunk
                    number += 1
                    chunk, manifest, size = [], [], 0
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
    while held:
        answer(True)


if __name__ == "__main__":
    _serve()
