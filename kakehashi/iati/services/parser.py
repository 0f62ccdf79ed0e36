"""Safe, streaming reading of IATI activity files.

`read_activities(source)` yields one `iati-activity` element at a time and frees it (and its
earlier siblings) as soon as the caller has moved on, so memory stays flat whatever the size
of the file. The parser never resolves entities, never loads a DTD, never touches the network;
a document type declaration is refused outright (XXE, "billion laughs").

Encodings: UTF-8 goes straight to libxml2. Anything else that can be detected (a byte-order
mark for UTF-16/32, an encoding declaration, or bytes that are not UTF-8 at all, read as
windows-1252) is decoded by Python and re-encoded to UTF-8 on the fly. A UTF-16 file without a
byte-order mark is refused: its encoding cannot be known.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
ROOT_TAG = "iati-activities"
ACTIVITY_TAG = "iati-activity"
SNIFF_BYTES = 4096
ROOT_BLOCK = 4096  # bytes fed at a time to find the root element
CHUNK = 1 << 20
DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.S)
DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


class IatiFileError(Exception):
    """A problem that stops the reading of a whole file; `line` when the parser knows it."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Problem:
    file: str
    line: int | None
    identifier: str
    message: str
    level: str = "error"
    kind: str = "file"  # file (not XML / not IATI / version), schema, codelist, data, database

    def __str__(self) -> str:
        return f"{self.file}:{self.line or 0}: {self.identifier or '-'}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "identifier": self.identifier,
            "message": self.message,
            "level": self.level,
        }


@dataclass
class Source:
    """Something to read: a path on disk or a member of an archive (re-openable)."""

    name: str
    open: Callable[[], BinaryIO]
    path: str | None = None
    size: int | None = None
    stream: BinaryIO | None = field(default=None, repr=False)  # the raw stream being read
    # (encoding, bytes of byte-order mark, declaration after whitespace): found on the first
    # open, so that the dispatch, the header and the reading do not check the bytes again
    sniffed: tuple | None = field(default=None, repr=False, compare=False)
    root: str | None = field(default=None, repr=False, compare=False)  # see root_tag

    def reader(self) -> BinaryIO:
        self.stream = self.open()
        return self.stream

    def position(self) -> int:
        """How far into the raw bytes reading has got (for progress bars)."""
        try:
            return self.stream.tell() if self.stream is not None else 0
        except (OSError, ValueError):
            return 0


@dataclass
class FileHeader:
    version: str = ""
    attributes: dict = field(default_factory=dict)
    line: int | None = None
    encoding: str = "utf-8"


class _Transcoder(io.RawIOBase):
    """A byte stream decoded with `encoding` and handed on as UTF-8, XML declaration removed."""

    def __init__(self, raw: BinaryIO, encoding: str, skip: int):
        self.raw = raw
        raw.read(skip)
        self.charset = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self.buffer = b""
        self.offset = 0
        self.first = True
        self.done = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        chunk = self.raw.read(CHUNK)
        try:
            text = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            # error.encoding would say "charmap" for windows-1252 and its kind
            message = f"bytes that are not valid {self.charset}: {error.reason}"
            raise IatiFileError(message) from None
        if self.first:
            text = text.lstrip("\ufeff")
            text = re.sub(r"^(\s*)<\?xml[^>]*?\?>", r"\1", text, count=1, flags=re.S)
            self.first = False
        self.buffer = self.buffer[self.offset :] + text.encode("utf-8")
        self.offset = 0
        self.done = not chunk

    def readinto(self, target) -> int:
        while self.offset >= len(self.buffer) and not self.done:
            self._fill()
        size = min(len(target), len(self.buffer) - self.offset)
        target[:size] = self.buffer[self.offset : self.offset + size]
        self.offset += size
        return size

    def close(self) -> None:
        self.raw.close()
        super().close()


class ChainedStream(io.RawIOBase):
    """Bytes already read (or made up), then the rest of a stream."""

    def __init__(self, head: bytes, raw: BinaryIO):
        self.head = head
        self.raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        data = self.head or self.raw.read(len(target))
        self.head = b""
        size = min(len(target), len(data))
        target[:size] = data[:size]
        if size < len(data):
            self.head = data[size:]
        return size

    def close(self) -> None:
        self.raw.close()
        super().close()


def _strip_declaration(raw: BinaryIO, skip: int) -> ChainedStream:
    """UTF-8 bytes with the XML declaration removed (it was preceded by whitespace)."""
    head = raw.read(SNIFF_BYTES)[skip:]
    return ChainedStream(DECLARATION.sub(_keep_leading_space, head, count=1), raw)


def _keep_leading_space(match: re.Match) -> bytes:
    text = match.group(0)
    return text[: len(text) - len(text.lstrip())]


def _is_utf8(source: Source, skip: int) -> bool:
    """Whether the first megabytes are UTF-8 (beyond that, libxml2 reports bad bytes itself)."""
    with source.open() as stream:
        stream.read(skip)
        chunk = stream.read(4 * CHUNK)
        final = len(chunk) < 4 * CHUNK
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:  # a slice at a time: only the slices with non-ASCII text make wide strings
        for start in range(0, len(chunk), 1 << 16):
            decoder.decode(chunk[start : start + (1 << 16)])
        decoder.decode(b"", final=final)
    except UnicodeDecodeError:
        return False
    return True


def open_for_parsing(source: Source) -> tuple[object, str]:
    """What to give lxml (a path or a stream) and the encoding it was read in."""
    if source.sniffed is None:
        source.sniffed = _sniff(source)
    encoding, skip, declaration = source.sniffed
    if encoding == "utf-8":
        if declaration:
            return _strip_declaration(source.reader(), skip), encoding
        return source.reader(), encoding
    # Several byte-order marks in a row (seen in the wild): the decoder skips the first,
    # the transcoder strips the rest.
    return _Transcoder(source.reader(), encoding, skip), encoding


def root_tag(source: Source) -> str:
    """The root element's name, read safely (to tell activity from organisation files); ""
    when the file cannot tell (its reader then reports why). Read once per source, and only
    as far as the root's start tag: a block at a time, not the parser's usual buffer (a
    file written on one line would otherwise be parsed whole to find it)."""
    if source.root is None:
        source.root = _read_root_tag(source)
    return source.root


def _read_root_tag(source: Source) -> str:
    try:
        target, _encoding = open_for_parsing(source)
    except IatiFileError:
        return ""
    try:
        element = _root_element(target)
    except (etree.XMLSyntaxError, IatiFileError):  # bytes that cannot be decoded, say
        return ""
    finally:
        _close(target)
    return element.tag if element is not None and isinstance(element.tag, str) else ""


def _root_element(target) -> etree._Element | None:
    """The root element as its start tag is read (None if the document ends without one),
    reading ROOT_BLOCK bytes at a time: iterparse would parse 32 KB, for nothing."""
    parser = etree.XMLPullParser(events=("start",), **PARSER_OPTIONS)
    while block := target.read(ROOT_BLOCK):
        try:
            parser.feed(block)
        except etree.XMLSyntaxError:
            # An error after the root's start tag (an entity a DTD declares, say) is the
            # whole parse's to report: the header needs only the root (a DTD is refused).
            for _event, element in parser.read_events():
                return element
            raise
        for _event, element in parser.read_events():
            # The events not read would hold the parser in a reference cycle: hundreds of
            # elements a file left for the cyclic collector.
            for _rest in parser.read_events():
                pass
            return element
    parser.close()
    return None


def _sniff(source: Source) -> tuple[str, int, bool]:
    """The encoding, the length of the byte-order mark, and whether whitespace comes before
    the XML declaration (which libxml2 refuses: it is removed)."""
    with source.open() as stream:
        head = stream.read(SNIFF_BYTES)
    if not head.strip():
        raise IatiFileError("the file is empty")
    encoding, skip = None, 0
    for bom, name in BOMS:
        if head.startswith(bom):
            encoding, skip = name, len(bom)
            break
    if encoding is None:
        if head[:2] in (b"<\x00", b"\x00<") or head[:4] in (b"\x00\x00\x00<", b"<\x00\x00\x00"):
            raise IatiFileError(
                "cannot tell the character encoding (UTF-16 or UTF-32 without a byte-order mark)"
            )
        if not head.lstrip(b" \t\r\n").startswith(b"<"):
            raise IatiFileError("not an XML document (it does not start with '<')", 1)
        declared = DECLARATION.match(head)
        match = DECLARED_ENCODING.search(declared.group(0)) if declared else None
        name = match.group(1).decode("ascii").lower() if match else "utf-8"
        try:
            encoding = codecs.lookup(name).name
        except LookupError:
            raise IatiFileError(f"unknown character encoding {name!r}") from None
        if encoding == "utf-8" and not _is_utf8(source, 0):
            encoding = "cp1252"  # undeclared and not UTF-8: the usual culprit, windows-1252
    if encoding == "utf-8":
        body = head[skip:]
        return encoding, skip, bool(body[:1].isspace() and body.lstrip().startswith(b"<?xml"))
    if encoding.startswith("utf-16") and skip == 0:
        encoding = "utf-16"
    return encoding, skip, False


def _parse_error(error: Exception) -> IatiFileError:
    message = getattr(error, "msg", None) or str(error)
    line = getattr(error, "lineno", None) or getattr(error, "position", (None,))[0]
    message = re.sub(r",? line \d+, column \d+.*$", "", message).strip()
    if "Document is empty" in message or "Start tag expected" in message:
        message = f"not an XML document ({message})"
    else:
        message = f"malformed XML: {message}"
    return IatiFileError(message, line)


PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    recover=False,
)


def _close(target) -> None:
    if hasattr(target, "close"):
        target.close()


def read_header(
    source: Source, header: FileHeader | None = None, check_version: bool = True
) -> FileHeader:
    """Check the root element (and refuse a DTD) without reading further into the file."""
    header = header if header is not None else FileHeader()
    target, header.encoding = open_for_parsing(source)
    try:
        element = _root_element(target)
        if element is None:
            raise IatiFileError("not an XML document (no root element)")
        check_root(element, header, check_version)
        return header
    except etree.XMLSyntaxError as error:
        raise _parse_error(error) from None
    finally:
        _close(target)


def read_activities(
    source: Source,
    header: FileHeader | None = None,
    check_version: bool = True,
    keep: bool = False,
) -> Iterator[etree._Element]:
    """Yield each `iati-activity` of an IATI 2.0x activity file, freeing memory as it goes.

    `header` is filled in once the root element has been read (version, attributes). Raises
    IatiFileError for anything that makes the file as a whole unreadable. With `keep`, a
    yielded element is detached from the document but not emptied: it lives on for as long
    as the caller holds it (the importer reads a chunk ahead before mapping it).
    """
    target = open_activities(source, header, check_version)
    try:
        yield from iter_activities(target, keep)
    finally:
        _close(target)


def open_activities(
    source: Source, header: FileHeader | None = None, check_version: bool = True
) -> object:
    """Check the root (filling in `header`) and open the file for `iter_activities`."""
    read_header(source, header, check_version)
    return open_for_parsing(source)[0]


def iter_activities(target, keep: bool = False) -> Iterator[etree._Element]:
    """The activities of `target` (a path or a stream opened by `open_activities`): see
    `read_activities`. Also run by the import's worker process, on the file sent to it."""
    context = etree.iterparse(target, events=("end",), tag=ACTIVITY_TAG, **PARSER_OPTIONS)
    try:
        for _event, element in context:
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # an iati-activity nested somewhere odd: the validator reports it
            yield element
            if not keep:
                element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        raise _parse_error(error) from None


ROOT_KINDS = {ROOT_TAG: "activity", "iati-organisations": "organisation"}


def check_dtd(element: etree._Element) -> None:
    docinfo = element.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url:
        raise IatiFileError(
            "a document type declaration (DTD) is not allowed in IATI files", element.sourceline
        )


def require_supported_version(version: str, line: int | None) -> None:
    if version.startswith("1."):
        raise IatiFileError(
            f"unsupported version {version}: IATI 1.0x files are not read "
            f"(supported: {', '.join(SUPPORTED_VERSIONS)})",
            line,
        )
    if version not in SUPPORTED_VERSIONS:
        raise IatiFileError(
            f"unsupported version {version or '(none given)'} "
            f"(supported: {', '.join(SUPPORTED_VERSIONS)})",
            line,
        )


def check_root(
    element: etree._Element, header: FileHeader, check_version=True, root: str = ROOT_TAG
) -> None:
    """Refuse a DTD, a root other than `root` (an activity or an organisation file) and,
    with `check_version`, an unsupported version; fill in the header."""
    check_dtd(element)
    header.line = element.sourceline
    if element.tag != root:
        expected = ROOT_KINDS[root]
        if element.tag in ROOT_KINDS:
            message = (
                f"this is an IATI {ROOT_KINDS[element.tag]} file ({element.tag}); "
                f"{expected} files are expected here"
            )
        else:
            message = (
                f"not an IATI {expected} file: the root element is <{element.tag}>, "
                f"expected <{root}>"
            )
        raise IatiFileError(message, element.sourceline)
    header.version = (element.get("version") or "").strip()
    header.attributes = dict(element.attrib)
    if check_version:
        require_supported_version(header.version, element.sourceline)


def file_source(path) -> Source:
    path = str(path)

    return Source(name=path, open=lambda: open(path, "rb"), path=path, size=os.path.getsize(path))
