"""Hostile and broken input: one clear line naming the file, fast, nothing written."""

import os
import time
import zipfile

import pytest

from kakehashi.iati.services.archive import iter_sources
from kakehashi.iati.services.importer import import_paths
from kakehashi.iati.tests.conftest import activity_xml, iati_file
from kakehashi.registry.models import Activity

pytestmark = pytest.mark.django_db

XXE = """<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&xxe;</iati-identifier>
</iati-activity></iati-activities>"""
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ).replace("&lol0;", "&lol;")
    + ']>\n<iati-activities version="2.03"><x>&lol9;</x></iati-activities>'
)
CASES = {
    "malformed": (iati_file(activity_xml()).replace("</title>", ""), "malformed XML"),
    "wrong-root": ("<?xml version='1.0'?><parent><child/></parent>", "root element is <parent>"),
    "old-version": (iati_file(activity_xml(), version="1.03"), "unsupported version 1.03"),
    "no-version": ("<iati-activities><iati-activity/></iati-activities>", "unsupported version"),
    "xxe": (XXE, "DTD"),
    "billion-laughs": (LAUGHS, "DTD"),
    "empty": (b"", "empty"),
    "not-xml": (b"PK\x03\x04 spreadsheet", "not an XML document"),
    "utf16-no-bom": (iati_file(activity_xml()).encode("utf-16-le"), "encoding"),
}


def one_problem(summary):
    assert summary.errors >= 1
    problem = summary.problems[0]
    text = str(problem)
    assert "\n" not in text
    return problem, text


@pytest.mark.parametrize("case", CASES)
def test_bad_file(case, write):
    content, expected = CASES[case]
    path = write(f"{case}.xml", content)
    started = time.monotonic()
    summary = import_paths([path], strict=case == "malformed")
    assert time.monotonic() - started < 5
    problem, text = one_problem(summary)
    assert path in text and expected in problem.message, text
    assert not Activity.objects.exists()


def test_malformed_in_default_mode_keeps_earlier_activities(write):
    content = iati_file(activity_xml("A-1"), activity_xml("A-2")).replace(
        "</iati-activities>", "<broken"
    )
    summary = import_paths([write("m.xml", content)])
    assert summary.created == 2
    assert summary.problems[0].line


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "cp1252"])
def test_other_encodings_are_read(encoding, write):
    text = iati_file(activity_xml(title="Café Ÿ"))
    if encoding == "cp1252":
        text = text.replace("題名", "x").replace(' encoding="UTF-8"', "")
    else:
        text = text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    summary = import_paths([write("e.xml", data)])
    assert summary.created == 1, [str(p) for p in summary.problems]
    assert Activity.objects.get().title[0]["text"] == "Café Ÿ"


def test_zip_slip_rejected(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("ok.xml", iati_file(activity_xml()))
        out.writestr("../../outside.xml", iati_file(activity_xml("B-1")))
    summary = import_paths([archive])
    problem, text = one_problem(summary)
    assert "evil.zip" in text and "outside the archive" in problem.message
    assert not Activity.objects.exists()
    assert not (tmp_path.parent / "outside.xml").exists()


def test_zip_and_folder(tmp_path):
    archive = tmp_path / "good.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("dir/a.xml", iati_file(activity_xml("Z-1")))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "b.xml").write_text(iati_file(activity_xml("F-1")), encoding="utf-8")
    summary = import_paths([archive, folder])
    assert summary.created == 2 and summary.errors == 0


def test_huge_file_fails_fast(tmp_path):
    """A multi-GB file (sparse, so the test costs no disk) is refused in seconds."""
    path = tmp_path / "huge.xml"
    with open(path, "wb") as out:
        out.write(b'<?xml version="1.0"?>\n<iati-activities version="2.03">\n')
        out.truncate(3 * 1024**3)
    started = time.monotonic()
    summary = import_paths([path])
    assert time.monotonic() - started < 10
    problem, text = one_problem(summary)
    assert str(path) in text and problem.line
    assert os.path.getsize(path) == 3 * 1024**3


def _cp1252_with_a_byte_it_lacks() -> bytes:
    text = iati_file(activity_xml("A-1"), activity_xml("A-2", title="Caf\x81"))
    return (
        text.replace("題名", "x")
        .replace('encoding="UTF-8"', 'encoding="windows-1252"')
        .encode("latin-1")
    )


BROKEN_LATER = {
    "malformed-after-two": iati_file(activity_xml("A-1"), activity_xml("A-2")).replace(
        "</iati-activities>", "<broken"
    ),
    "malformed-in-the-third": iati_file(
        activity_xml("A-1"), activity_xml("A-2"), activity_xml("A-3").replace("</title>", "")
    ),
    "malformed-in-the-third-of-six": iati_file(  # the activities cut after it are dropped
        *[activity_xml(f"A-{i}") for i in (1, 2)],
        activity_xml("A-3").replace("</title>", ""),
        *[activity_xml(f"A-{i}") for i in (4, 5, 6)],
    ),
    "cp1252": iati_file(activity_xml("A-1", title="Café Ÿ"))
    .replace("題名", "x")
    .replace(' encoding="UTF-8"', "")
    .encode("cp1252"),
    "undecodable": _cp1252_with_a_byte_it_lacks(),
}


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("case", BROKEN_LATER)
def test_the_worker_process_reads_broken_files_as_the_importer_does(
    case, strict, write, monkeypatch
):
    from kakehashi.iati.services import pipeline
    from kakehashi.iati.tests.helpers import snapshot, wipe_activities

    path = write(f"{case}.xml", BROKEN_LATER[case])

    def run():
        summary = import_paths([path], strict=strict)
        counts = (summary.created, summary.skipped, summary.errors, summary.files_rejected)
        return counts, [str(p) for p in summary.problems], snapshot()

    in_process = run()
    wipe_activities()
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 1)
    assert run() == in_process
    assert bool(in_process[1]) is (case != "cp1252")  # the broken ones say so
    if case == "undecodable":
        assert "bytes that are not valid cp1252" in in_process[1][0]


@pytest.mark.parametrize("worker", [False, True])
def test_a_doubt_before_bytes_that_cannot_be_decoded_is_reported_first(write, monkeypatch, worker):
    """The cutter stops at bytes that cannot be decoded, an activity before them malformed:
    as in a parse of the whole file, the malformed one is the error, the one before it is
    imported."""
    from kakehashi.iati.services import parser, pipeline, raw_activities

    text = iati_file(
        activity_xml("A-1"),
        activity_xml("A-2").replace("</title>", ""),
        *[activity_xml(f"A-{n}") for n in range(3, 8)],
    )
    text = text.replace("題名", "x").replace('encoding="UTF-8"', 'encoding="windows-1252"')
    path = write("a.xml", text.encode("latin-1").replace(b"<iati-identifier>A-7", b"\x81"))
    rows = text.split("\n")
    second, third = (rows.index(f" <iati-identifier>A-{n}</iati-identifier>") for n in (2, 3))
    monkeypatch.setattr(parser, "CHUNK", 256)  # decoded a little at a time
    monkeypatch.setattr(raw_activities, "BLOCK", 200)  # ...and cut likewise
    if worker:
        monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 1)
    summary = import_paths([path])
    assert summary.created == 1
    [problem] = summary.problems
    assert "malformed XML" in problem.message and second < problem.line <= third


def test_an_archive_member_can_be_read_again_once_the_archive_is_closed(tmp_path):
    """The importer looks at the source after an archive's last member while still reading
    that member (and may have to read it again): the archive is closed by then."""
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("a.xml", iati_file(activity_xml("Z-1")))
        out.writestr("b.xml", iati_file(activity_xml("Z-2")))
    sources = list(iter_sources([archive]))  # the archive's generator has ended
    assert [source.name.rsplit("!", 1)[1] for source in sources] == ["a.xml", "b.xml"]
    with sources[1].open() as stream:
        assert b"Z-2" in stream.read()


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_the_encoding_is_told_past_a_slice_boundary(write, encoding):
    """UTF-8 is checked 64 KB at a time: a character split by the boundary is still UTF-8,
    and a windows-1252 byte past the first slice still makes the file windows-1252."""

    def file(padding: int) -> bytes:
        text = iati_file(activity_xml("A-1", title="x" * padding + "Café"))
        return text.replace("題名", "Titre").encode(encoding)

    first = file(70_000).index("é".encode(encoding))
    data = file(70_000 - (first - ((1 << 16) - 1)))
    assert data.index("é".encode(encoding)) == (1 << 16) - 1  # its first byte ends a slice
    summary = import_paths([write("a.xml", data)])
    assert (summary.created, summary.errors) == (1, 0)
    assert Activity.objects.get().title[0]["text"].endswith("Café")


def test_a_file_is_sniffed_once(write, monkeypatch):
    """Its encoding is told once, not on each of the opens that read it (dispatch, header,
    activities)."""
    from kakehashi.iati.services import parser

    calls = []
    check = parser._is_utf8
    monkeypatch.setattr(parser, "_is_utf8", lambda *args: calls.append(1) or check(*args))
    import_paths([write("a.xml", iati_file(activity_xml("A-1"), activity_xml("A-2")))])
    assert len(calls) == 1


def test_the_root_is_read_only_as_far_as_its_start_tag_and_once(write, monkeypatch):
    """Telling activity from organisation files reads a block, not the file, even when the
    file is one line of megabytes (libxml2's own buffer would parse all of it); a second
    look (the read-ahead, then the file's turn) does not open it again."""
    from kakehashi.iati.services import parser

    line = iati_file(*(activity_xml(f"A-{i}") for i in range(2000))).replace("\n", "")
    source = parser.file_source(write("one-line.xml", line))
    assert source.size > 1 << 20
    parser.open_for_parsing(source)[0].close()  # the encoding told (the dispatch's first look)
    reads = []  # per open: the sizes read
    open_file = source.open

    def counting_open():
        stream = open_file()
        reads.append(sizes := [])
        original = stream.read
        stream.read = lambda n=-1: sizes.append(len(data := original(n))) or data
        return stream

    monkeypatch.setattr(source, "open", counting_open)
    assert parser.root_tag(source) == "iati-activities"
    assert parser.root_tag(source) == "iati-activities"
    assert len(reads) == 1  # read once
    assert sum(reads[0]) <= parser.ROOT_BLOCK


def test_reading_the_header_leaves_no_elements_for_the_cyclic_collector(write):
    """The header (root and version) is read from the first ROOT_BLOCK bytes, not the 32 KB
    iterparse would parse; the start events read with it but not used are let go: left
    with the parser, each file's hundreds of elements waited for a cyclic collection (15 ms
    at the end of the samples' import)."""
    import gc

    from kakehashi.iati.services import parser

    text = iati_file(*(activity_xml(f"A-{i}") for i in range(100)))
    source = parser.file_source(write("a.xml", text))
    assert source.size > 8 * parser.ROOT_BLOCK
    gc.collect()
    gc.disable()
    try:
        for _ in range(10):
            assert parser.read_header(source).version == "2.03"
            assert parser.root_tag(parser.file_source(source.path)) == "iati-activities"
        garbage = gc.collect()
    finally:
        gc.enable()
    assert garbage < 10 * 2 * 20  # the parsers themselves; no element read in passing


@pytest.mark.parametrize(
    "content, root",
    [
        ("<?xml version='1.0'?>\n<!-- a comment -->\n<?pi x?>\n<iati-organisations/>", None),
        ("\ufeff<iati-activities version='2.03'/>".encode("utf-16"), "iati-activities"),
        ("<?xml version='1.0' encoding='windows-1252'?><iati-activities/>", "iati-activities"),
        ("<iati-activities", ""),  # never closed: the reader says why
        ("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>", "x"),
        ("<{urn:x}a/>", ""),
    ],
)
def test_the_root_tag_of_unusual_files(write, content, root):
    from kakehashi.iati.services import parser

    expected = "iati-organisations" if root is None else root
    assert parser.root_tag(parser.file_source(write("a.xml", content))) == expected
