"""Reading the next file ahead: while the importer writes a file's last chunks, the next
file's first ones go to the worker, which would otherwise wait for them.

The one rule that keeps this safe: a chunk read ahead never counts an activity as unchanged
while the file before may still write it (`Importer._submit` excludes what that file has seen;
`Importer._read` drops the read-ahead if that file wrote something found unchanged ahead).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kakehashi.iati.services import writer
from kakehashi.iati.services.parser import ROOT_TAG, FileHeader, IatiFileError, Source, root_tag
from kakehashi.iati.services.pipeline import AHEAD, BUSY, ActivityStream


@dataclass
class Ahead:
    """The next file, read ahead while the importer writes the end of this one: its first
    chunks are with the worker by the time it is this file's turn."""

    source: Source
    header: FileHeader
    stream: ActivityStream
    chunks: Iterator
    seen: set  # as Importer._seen
    unchanged: set  # identifiers found unchanged (looked up before this file was written)
    done: bool = False  # nothing more to read ahead (the rest is read in its turn)
    read: bool = False  # some chunk read


class ReadAhead:
    """The importer's part that reads the next file ahead (a mixin of `Importer`)."""

    _ahead: Ahead | None
    _looked_ahead: Source | None
    _upcoming: Peekable | None

    def _read_ahead(self, stream) -> None:
        """While the last chunks of this file are collected and written, the next file's
        first ones are read and sent to the worker, which would otherwise wait for them
        (only with the worker, for an activity file it would map)."""
        ahead = self._ahead
        if ahead is None and not stream.undecided:
            upcoming = self._upcoming.peek() if self._upcoming is not None else None
            if not isinstance(upcoming, Source) or upcoming is self._looked_ahead:
                return
            self._looked_ahead = upcoming  # once: it may not be fit, or fail to open
            if root_tag(upcoming) != ROOT_TAG:
                return
            header = FileHeader()
            following = self.workers.stream_ahead(upcoming, header, writer.layouts())
            if following is None:
                return
            ahead = self._ahead = Ahead(
                upcoming, header, following, following.chunks(), set(), set()
            )
        if ahead is None or ahead.done or stream.undecided:
            return  # (this file's own chunks go to the worker first)
        worker = ahead.stream.worker
        while worker.owed() < BUSY and len(ahead.stream.jobs) < AHEAD:
            try:
                chunk = next(ahead.chunks)
            except StopIteration:
                ahead.done = True
                return
            except IatiFileError:  # reported in its turn, read again from the start
                self._drop_ahead()
                return
            if not chunk:  # it waits for what it sent (to read on after a doubt…)
                ahead.done = True
                return
            ahead.read = True
            self._submit(ahead.stream, ahead.header, chunk, ahead)

    def _turn(self, source: Source) -> Ahead | None:
        """The file read ahead, if it is `source` (in a run it always is: kept safe)."""
        if self._ahead is not None and self._ahead.source is not source:
            self._drop_ahead()
        ahead, self._ahead = self._ahead, None
        return ahead

    def _drop_ahead(self) -> None:
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            ahead.chunks.close()
            ahead.stream.close()


class Peekable:
    """An iterator whose next item can be looked at before its turn."""

    def __init__(self, iterable: Iterable):
        self.iterator = iter(iterable)
        self.buffer: list = []

    def __iter__(self):
        return self

    def __next__(self):
        return self.buffer.pop() if self.buffer else next(self.iterator)

    def peek(self):
        if not self.buffer:
            try:
                self.buffer.append(next(self.iterator))
            except StopIteration:
                return None
        return self.buffer[0]
