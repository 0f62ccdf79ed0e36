"""Activities cut out of the file's bytes (raw_activities), parsed by whoever maps them, are
exactly those a parse of the whole file gives: same elements, lines and errors, on real
files and on generated odd ones (an activity that does not parse on its own has the file
read again by a whole parse from there: pipeline.ActivityStream)."""

import copy
import io
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kakehashi.iati.services import pipeline
from kakehashi.iati.services.importer import import_paths
from kakehashi.iati.services.parser import (
    FileHeader,
    IatiFileError,
    Source,
    file_source,
    iter_activities,
    open_activities,
    read_header,
)
from kakehashi.iati.services.pipeline import ActivityStream
from kakehashi.iati.services.raw_activities import Cutter
from kakehashi.iati.tests.conftest import activity_xml, iati_file


def _whole(data: bytes):
    """What a parse of the whole document (read as the import reads it) gives: [(XML,
    line)], error."""
    found = []
    try:
        for element in iter_activities(_any_version(_source(data), FileHeader()), keep=True):
            line = element.sourceline
            # libxml2 counts one line too many past 65,535 (the cutter counts them itself)
            found.append((_xml(element), line - (line > 65535)))
    except IatiFileError as error:
        return found, (error.message, error.line)
    return found, None


def _xml(element) -> bytes:
    """The element's XML without the namespace declarations it does not use (a parsed
    activity mapped after the parse moved on is no longer under the root's)."""
    element = copy.deepcopy(element)
    etree.cleanup_namespaces(element)
    return etree.tostring(element, with_tail=False)


def _streamed(data: bytes):
    """The same from an ActivityStream driven as the importer drives it, each activity
    "mapped" to its XML and line; and how many of those were cut out of the bytes."""
    stream = ActivityStream(_source(data), FileHeader(), {})
    stream.map = lambda element, _version, _layouts, offset: (
        _xml(element),
        element.sourceline + offset,
    )
    found, cut = [], []
    with mock.patch.object(pipeline, "open_activities", _any_version):
        return _drive(stream, found, cut)


def _source(data: bytes) -> Source:
    return Source(name="a.xml", open=lambda: io.BytesIO(data), size=len(data))


def _any_version(source, header):  # conformance files may have none
    return open_activities(source, header, check_version=False)


def _drive(stream, found: list, cut: list):
    def submit(chunk):
        stream.submit("2.03", chunk, list(range(len(chunk))), chunk)

    def collect():
        context, results = stream.collect()
        assert len(results) == len(context)  # every activity was submitted
        found.extend(results)
        cut.extend(item.cut for item in context)

    try:
        for chunk in stream.chunks():
            if chunk:
                submit(chunk)
            while stream.full() or stream.ready():
                collect()
        while stream.jobs:
            collect()
    except IatiFileError as error:
        if stream.rest:
            submit(stream.rest)
        while stream.jobs:
            collect()
        return (found, (error.message, error.line)), sum(cut)
    finally:
        stream.close()
    return (found, None), sum(cut)


def test_every_real_file_reads_as_a_whole(iati_data):
    cut = total = 0
    for path in sorted(
        [*iati_data.glob("samples/**/*.xml"), *iati_data.glob("conformance/**/*.xml")]
    ):
        data = path.read_bytes()
        try:
            read_header(_source(data), check_version=False)
        except IatiFileError:
            continue  # not an activity file, or broken at its root: no activity read
        result, cut_here = _streamed(data)
        assert result == _whole(data), path
        cut += cut_here
        total += len(result[0])
    assert total > 7000 and cut > 0.99 * total  # nearly all cut out of the bytes


GAPS = st.sampled_from(
    [
        b"",
        b"\n",
        b"  \r\n\t",
        b"<!-- a comment -->",
        b"\n<?pi data?>\n",
        b"<!-- </iati-activity> -->",
    ]
)
ODD = st.sampled_from(
    [
        b"",  # as is
        b"<!-- </iati-activity> -->",  # the end tag in a comment
        b"<![CDATA[</iati-activity>]]>",  # ... in a CDATA section (malformed there)
        b"<iati-activity><iati-identifier>N</iati-identifier></iati-activity>",  # nested
        b"<!-- a comment -->",
        b"<broken",
        b"&amp; &#233; &#x3042;",
        b"\r",  # a lone CR: the parser does not count it as a line end
    ]
)


def _activity(number: int, odd: bytes, crlf: bool) -> bytes:
    text = activity_xml(f"XM-DAC-701-8-{number}").encode("utf-8")
    if crlf:
        text = text.replace(b"\n", b"\r\n")
    return text.replace(b"<activity-status", odd + b"<activity-status", 1)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.tuples(GAPS, ODD, st.booleans()), min_size=0, max_size=6),
    namespaces=st.booleans(),
    bom=st.booleans(),
    ending=st.sampled_from(
        [b"\n</iati-activities>\n", b"</iati-activities  >", b"", b"\n</iati-activities>x"]
    ),
)
def test_odd_documents_read_as_a_whole(parts, namespaces, bom, ending):
    root = b'<iati-activities version="2.03"'
    if namespaces:
        root += b'\n  xmlns:usg="https://explorer.usaid.gov" generated="a>b"'
    data = (b"\xef\xbb\xbf" if bom else b"") + b'<?xml version="1.0"?>\n' + root + b">"
    for number, (gap, odd, crlf) in enumerate(parts):
        data += gap + _activity(number, odd, crlf)
    data += ending
    assert _streamed(data)[0] == _whole(data)


def test_every_activity_is_cut_out_wherever_the_blocks_end(monkeypatch):
    """A block read may end anywhere, in a start tag or between activities: the activities
    are still all cut out of the bytes (not left to the slower parse)."""
    from kakehashi.iati.services import raw_activities

    data = iati_file(*[activity_xml(f"A-{i}") for i in range(12)]).encode()
    for block in range(150, 2500, 13):
        monkeypatch.setattr(raw_activities, "BLOCK", block)
        result, cut = _streamed(data)
        assert cut == 12, block
    assert result == _whole(data)


def test_a_large_gap_or_activity_is_read_as_a_stream():
    """Nothing but whitespace for megabytes, then an activity larger than LARGEST: read
    without holding more than the cutter allows."""
    from kakehashi.iati.services import raw_activities

    data = iati_file(activity_xml("A-1"), " " * (3 << 20) + activity_xml("A-2")).encode()
    assert _streamed(data)[0] == _whole(data) and _streamed(data)[1] == 2
    big = activity_xml("A-3").replace("Desc", "x" * (2 << 20))
    data = iati_file(activity_xml("A-1"), big).encode()
    original = raw_activities.LARGEST
    raw_activities.LARGEST = 1 << 20
    try:
        result, cut = _streamed(data)
    finally:
        raw_activities.LARGEST = original
    assert result == _whole(data) and cut == 1  # the large one came from the parser


@pytest.mark.django_db
def test_a_new_root_changes_no_fingerprint(write):
    """An activity's fingerprint is that of its own bytes: a file published again with a new
    generated-datetime (and namespaces declared on the root) leaves every activity
    unchanged; a changed activity is updated."""
    activities = [activity_xml(f"XM-DAC-701-8-{i}") for i in range(3)]
    root = '<iati-activities version="2.03" xmlns:usg="https://explorer.usaid.gov"'

    def published(when: str, *items) -> str:
        return iati_file(*items).replace(
            '<iati-activities version="2.03"', f'{root} generated-datetime="{when}"'
        )

    first = import_paths([write("a.xml", published("2024-01-01T00:00:00", *activities))])
    assert first.created == 3
    changed = [*activities[:2], activities[2].replace("Water", "Rain")]
    again = import_paths([write("a.xml", published("2025-01-01T00:00:00", *changed))])
    assert (again.unchanged, again.updated) == (2, 1)


@pytest.mark.django_db
def test_lines_past_65535_are_exact(write):
    """libxml2 counts one line too many past line 65,535: the activities cut out of the
    bytes give the true lines, down to that of a schema error."""
    bad = activity_xml("XM-DAC-701-8-2").replace(
        '<activity-status code="2"/>', "<activity-status/>"
    )
    text = iati_file(activity_xml("XM-DAC-701-8-1"), "\n" * 70_000 + bad)
    rows = text.split("\n")
    start = rows.index(bad.split("\n")[0], 70_000) + 1
    status = next(n for n, row in enumerate(rows, 1) if "<activity-status/>" in row)
    path = write("a.xml", text)
    with file_source(path).open() as stream:
        cut = [
            (line, etree.fromstring(blob).sourceline + offset)
            for _, blob, line, offset in Cutter(stream).cut()
        ]
    assert cut == [(3, 3), (start, start)]
    summary = import_paths([path])
    assert status in {problem.line for problem in summary.problems}
