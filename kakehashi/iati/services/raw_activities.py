"""The activities of a file as the bytes they were written in, cut out without parsing.

`Cutter(stream).cut()` yields `(xml, blob, line, offset)` for each `iati-activity` of a stream
opened by `parser.open_activities` (UTF-8, no DTD):

- `xml`: the activity's own bytes in the file, from `<iati-activity` to its end tag. The
  importer fingerprints them (an unchanged activity is not even parsed) and whoever maps the
  activity parses them. Cutting them out is far cheaper than parsing the file and
  serialising each element again.
- `blob`: what parses to the activity: `xml` alone, or wrapped in the root's start tag
  when the root declares namespaces (`Cutter.namespaces`, which the fingerprint includes:
  the same bytes under other declarations are another activity), so that it is the
  element a parse of the whole file gives. The fingerprint leaves the rest of the root
  out: a new generated-datetime changes no activity.
- `line`: the line of its start tag; `offset`: what to add to a line of the parsed `blob`
  (an element's `sourceline`, a schema error's) to give the line in the file. (Exact past
  line 65,535 too, where libxml2's count of a whole file is one too many.)

The bytes are cut only where that can be made certain: between activities there may be
nothing but whitespace, comments and processing instructions (else the cutter gives up:
`rest` is then the rest of the file for `parser.iter_activities`, from the end of the last
activity cut out, with lines and error messages exactly as a parse of the whole file gives
them), and each `blob` must parse on its own. That last check is left to whoever maps the
activity (`pipeline`): a comment or CDATA section holding `</iati-activity>`, an activity
nested in another, or malformed XML all fail to parse, and the file is then read again by
`iter_activities` from that activity on. An activity whose fingerprint is stored already
needs no check: those bytes, under those declarations, parsed on their own before.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from kakehashi.iati.services.parser import PARSER_OPTIONS, ROOT_TAG, ChainedStream

BLOCK = 1 << 20  # bytes read at a time
LARGEST = 64 << 20  # an activity larger than this is left to the streaming parse
PROLOG = 4 << 20  # no root start tag in this much: left to the streaming parse
GAP = 64 << 10  # more than this between activities (comments…): idem
START = b"<iati-activity"
END = b"</iati-activity"
AFTER_NAME = frozenset(b" \t\r\n>/")  # what may follow the name in a start tag
# The root's start tag: attribute values may hold '>' (but not the quote that opened them).
ROOT = re.compile(rb"<iati-activities(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*>")
ROOT_END = re.compile(rb"</iati-activities\s*>")
PARSER = etree.XMLParser(**PARSER_OPTIONS, collect_ids=False)  # no xml:id table to build


def parse_blob(blob: bytes) -> etree._Element | None:
    """The activity a `blob` parses to, or None if it does not parse on its own (a doubt:
    see the module's docstring)."""
    try:
        element = etree.fromstring(blob, PARSER)
    except etree.XMLSyntaxError:
        return None
    return element[0] if element.tag == ROOT_TAG else element  # wrapped in the root


class Cutter:
    """See the module's docstring."""

    def __init__(self, stream):
        self.stream = stream
        self.buffer = bytearray()  # grows in place (an activity may span many blocks)
        self.eof = False
        self.rest = None  # the stream iter_activities reads, after a doubt
        self.line = 1  # the line at self.counted in the buffer
        self.counted = 0
        self.root_line = 1
        self.namespaces = b""  # the root's namespace declarations, if any (canonical)

    def _more(self) -> bool:
        if self.eof:
            return False
        block = self.stream.read(BLOCK)
        if not block:
            self.eof = True
            return False
        self.buffer += block
        return True

    def _find_end(self, begin: int) -> int:
        """The end of the activity starting at `begin` (past its end tag's '>'), reading
        on as needed; -1 at the end of the stream without one, or past LARGEST bytes."""
        searched = begin
        while True:
            close = self.buffer.find(END, max(begin, searched - len(END) - 64))
            end = _tag_end(self.buffer, close)
            if end >= 0:
                return end
            searched = len(self.buffer)
            if searched - begin > LARGEST or not self._more():
                return -1

    def _line_at(self, index: int) -> int:
        self.line += self.buffer.count(b"\n", self.counted, index)
        self.counted = index
        return self.line

    def cut(self):
        root = None
        while root is None:
            root = ROOT.search(self.buffer)
            if root is None and (not self._more() or len(self.buffer) > PROLOG):
                self._give_up(0, None)
                return
        prolog = bytes(self.buffer[: root.start()]).removeprefix(codecs.BOM_UTF8)
        if prolog.startswith(b"<?xml") and prolog[5:6].isspace():  # the declaration
            prolog = prolog[prolog.find(b"?>") + 2 :] if b"?>" in prolog else b"<"
        if not _only_markup(prolog):
            self._give_up(0, None)
            return
        start_tag = bytes(root.group(0))
        self.root_line = self._line_at(root.start())
        try:
            nsmap = etree.fromstring(start_tag + b"</iati-activities>", PARSER).nsmap
        except etree.XMLSyntaxError:
            self._give_up(0, None)
            return
        if nsmap:
            self.namespaces = repr(sorted(nsmap.items(), key=str)).encode() + b"\n"
        prefix, suffix = (start_tag, b"</iati-activities>") if nsmap else (b"", b"")
        prefix_lines = prefix.count(b"\n")
        position = root.end()
        while True:
            begin = self.buffer.find(START, position)
            while begin < 0 or begin + len(START) >= len(self.buffer):
                if begin < 0:
                    if not self.buffer[position:].strip():  # only whitespace: let it go
                        self._line_at(len(self.buffer))
                        del self.buffer[position:]
                        self.counted = position
                    elif len(self.buffer) - position > GAP:  # not just a tag cut by a block
                        self._give_up(position, start_tag)
                        return
                if not self._more():
                    self._finish(position, start_tag)
                    return
                begin = self.buffer.find(START, position)
            buffer = self.buffer
            if buffer[begin + len(START)] not in AFTER_NAME or not _only_markup(
                buffer[position:begin]
            ):
                self._give_up(position, start_tag)
                return
            end = self._find_end(begin)
            if end < 0:
                self._give_up(position, start_tag)
                return
            xml = bytes(memoryview(self.buffer)[begin:end])
            line = self._line_at(begin)
            yield xml, prefix + xml + suffix if prefix else xml, line, line - 1 - prefix_lines
            position = end
            if position > BLOCK:  # keep the buffer short
                self._line_at(position)
                del self.buffer[:position]
                self.counted = 0
                position = 0

    def _finish(self, position: int, start_tag: bytes) -> None:
        """After the last activity: the root's end tag between comments and whitespace."""
        tail = bytes(self.buffer[position:])
        end = ROOT_END.search(tail)
        closed = end is not None and _only_markup(tail[: end.start()])
        if not (closed and _only_markup(tail[end.end() :])):
            self._give_up(position, start_tag)

    def _give_up(self, position: int, start_tag: bytes | None) -> None:
        """The rest of the file for iter_activities: the root's start tag on its line (the
        parser's messages may name it), line ends up to the line at `position`, then the
        bytes from `position` on."""
        if start_tag is None:
            head = b""
        else:
            newlines = self._line_at(position) - self.root_line - start_tag.count(b"\n")
            head = b"\n" * (self.root_line - 1) + start_tag + b"\n" * max(0, newlines)
        self.rest = ChainedStream(head + bytes(self.buffer[position:]), self.stream)
        self.buffer = bytearray()


def _tag_end(buffer, close: int) -> int:
    """The index past the '>' of the end tag found at `close` (-1: not all read yet)."""
    if close < 0:
        return -1
    index = close + len(END)
    size = len(buffer)
    while index < size and buffer[index] in b" \t\r\n":
        index += 1
    if index >= size:
        return -1
    return index + 1 if buffer[index] == 0x3E else index  # not '>': the parse will fail


def _only_markup(gap: bytes) -> bool:
    """Whether `gap` holds nothing but whitespace, comments and processing instructions."""
    gap = gap.strip()
    while gap:
        if gap.startswith(b"<!--"):
            end = gap.find(b"-->", 4)
            if end < 0:
                return False
            gap = gap[end + 3 :].lstrip()
        elif gap.startswith(b"<?") and gap[2:5].lower() != b"xml":  # "xml…" is reserved
            end = gap.find(b"?>", 2)
            if end < 0:
                return False
            gap = gap[end + 2 :].lstrip()
        else:
            return False
    return True
