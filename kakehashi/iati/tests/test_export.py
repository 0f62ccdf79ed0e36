"""The streamed export: chunks, the background read (PostgreSQL) and its connection."""

import gc
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.iati.services.exporter import export_activities
from kakehashi.iati.services.importer import import_paths
from kakehashi.iati.tests.conftest import activity_xml, iati_file
from kakehashi.registry.models import Activity

pytestmark = pytest.mark.django_db

GENERATED = re.compile(rb' generated-datetime="[^"]*"')


@pytest.fixture
def seven(write):
    activities = [activity_xml(f"XM-DAC-701-8-{n}", title=f"Water {n}") for n in range(7)]
    summary = import_paths([write("seven.xml", iati_file(*activities))])
    assert summary.created == 7


def exported(tmp_path, **options) -> bytes:
    path = tmp_path / "out.xml"
    export_activities(str(path), **options)
    return GENERATED.sub(b"", path.read_bytes())


def test_chunks_give_the_same_file(seven, tmp_path):
    whole = exported(tmp_path)
    assert whole.count(b"<iati-activity ") == 7
    assert exported(tmp_path, chunk=2) == whole
    assert exported(tmp_path, chunk=1) == whole
    assert gc.isenabled()
    some = Activity.objects.filter(iati_identifier__in=["XM-DAC-701-8-2", "XM-DAC-701-8-5"])
    part = exported(tmp_path, queryset=some, chunk=1)
    assert re.findall(rb"<iati-identifier>([^<]*)<", part) == [
        b"XM-DAC-701-8-2",
        b"XM-DAC-701-8-5",
    ]


def test_queries_per_chunk_not_per_activity(seven, tmp_path):
    with CaptureQueriesContext(connection) as one_chunk:
        export_activities(str(tmp_path / "a.xml"), chunk=7)
    with CaptureQueriesContext(connection) as seven_chunks:
        export_activities(str(tmp_path / "b.xml"), chunk=1)
    per_chunk = len(one_chunk) - 1  # the last query finds no more keys
    assert per_chunk <= 20
    assert len(seven_chunks) <= 7 * per_chunk + 1


def test_a_failed_export_leaves_the_connection_usable(seven, tmp_path):
    Activity.objects.filter(iati_identifier="XM-DAC-701-8-3").update(
        title=[{"lang": "en", "text": "bad \x01 title"}]
    )
    with pytest.raises(ValueError, match="XM-DAC-701-8-3: character '\\\\x01'"):
        export_activities(str(tmp_path / "out.xml"), chunk=2)
    assert not connection.allow_thread_sharing
    assert gc.isenabled()
    assert Activity.objects.count() == 7
