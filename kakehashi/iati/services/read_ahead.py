"""Reading the next file ahead: while the importer writes a file's last chunks, the first
ones of the next file the worker maps go to it, which would otherwise wait for them. That
file may come after organisation files and small files (mapped in-process): the worker maps
it while the importer reads those.

The one rule that keeps this safe: a chunk read ahead never counts an activity as unchanged
while a file before may still write it (`Importer._submit` excludes what the file being read
has seen; `Importer._read` drops the read-ahead if a file wrote something found unchanged
ahead; organisation files write no activity).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kakehashi.iati.services import writer
from kakehashi.iati.services.parser import ROOT_TAG, FileHeader, IatiFileError, Source, root_tag
from kakehashi.iati.services.pipeline import AHEAD, BUSY, ActivityStream

LOOK_PAST = 32  # sources looked at for the next file the worker maps (past small ones)


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
    _looked_ahead: Source | None  # the last source tried
    _write_nothing: dict  # id -> upcoming source whose first chunk was an error
    _upcoming: Peekable | None

    def _read_ahead(self, stream=None) -> None:
        """While the last chunks of this file are collected and written (or an organisation
        file is imported: no `stream`), the next chunks the worker would map are read and
        sent to it, which would otherwise wait for them: the first of the next activity file
        it maps, past organisation files and small files (mapped in-process)."""
        if stream is not None and stream.undecided:
            return  # this file's own chunks go to the worker first
        while self._ahead is None or not self._ahead.done:
            ahead = self._ahead or self._look_ahead()
            if ahead is None or self._fill(ahead):
                return

    def _look_ahead(self) -> Ahead | None:
        upcoming = self._next_for_worker()
        if upcoming is None:
            return None
        header = FileHeader()
        following = self.workers.stream_ahead(upcoming, header, writer.layouts())
        if following is None:
            return None
        self._ahead = Ahead(upcoming, header, following, following.chunks(), set(), set())
        return self._ahead

    def _fill(self, ahead: Ahead) -> bool:
        """Read ahead while the worker has room; False if the file was given up (an error:
        then the next one may be read ahead)."""
        worker = ahead.stream.worker
        while worker.owed() < BUSY and len(ahead.stream.jobs) < AHEAD:
            try:
                chunk = next(ahead.chunks)
            except StopIteration:
                ahead.done = True
                return True
            except IatiFileError:  # reported in its turn, read again from the start
                if not ahead.read and not ahead.stream.rest:  # it will write nothing
                    self._write_nothing[id(ahead.source)] = ahead.source
                self._drop_ahead()
                return False
            if not chunk:  # it waits for what it sent (to read on after a doubt…)
                ahead.done = True
                return True
            ahead.read = True
            self._submit(ahead.stream, ahead.header, chunk, ahead)
        return True

    def _next_for_worker(self) -> Source | None:
        """The next source the worker would map, if within LOOK_PAST sources: past only
        those it would not (organisation files, small files, problems) and those found to
        write nothing (an unsupported version…). Each is tried once: one not fit, or whose
        reading ahead was dropped, is not tried again, nor looked past."""
        for position in range(LOOK_PAST if self._upcoming is not None else 0):
            upcoming = self._upcoming.peek(position)
            if id(upcoming) in self._write_nothing:
                continue
            if upcoming is None or upcoming is self._looked_ahead:
                return None
            if isinstance(upcoming, Source) and self.workers.fit(upcoming.size or 0):
                if root_tag(upcoming) == ROOT_TAG:
                    self._looked_ahead = upcoming
                    return upcoming
        return None

    def _turn(self, source: Source) -> Ahead | None:
        """The file read ahead, if it is `source`; one further on stays ahead (the files
        before it check it when they are written, see the module's docstring)."""
        if self._ahead is None or self._ahead.source is not source:
            return None
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
        self.buffer: deque = deque()

    def __iter__(self):
        return self

    def __next__(self):
        return self.buffer.popleft() if self.buffer else next(self.iterator)

    def peek(self, position: int = 0):
        """The item after `position` others (0: the next one); None past the end."""
        while len(self.buffer) <= position:
            try:
                self.buffer.append(next(self.iterator))
            except StopIteration:
                return None
        return self.buffer[position]
