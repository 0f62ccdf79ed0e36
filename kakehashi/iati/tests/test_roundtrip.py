"""Import -> export -> import of every schema-valid sample gives the same registry data."""

import pytest
from django.core.management import call_command

from kakehashi.iati.services.exporter import export_activities
from kakehashi.iati.services.importer import import_paths
from kakehashi.iati.services.parser import file_source, root_tag
from kakehashi.iati.services.validator import validate_source
from kakehashi.iati.tests.helpers import snapshot, wipe_activities

pytestmark = pytest.mark.django_db


def comparable(data: dict) -> dict:
    for activity in data.values():
        activity.pop("iati_version")  # the source's version: 2.02 files come back as 2.03
    return data


def schema_valid_samples(root):
    """Activity files only: organisation files have their own round trip
    (test_organisation_files.py)."""
    files = []
    for path in sorted((root / "samples").rglob("*.xml")):
        if root_tag(file_source(path)) == "iati-organisations":
            continue
        problems = list(validate_source(file_source(path), codelists=False))
        if not problems:
            files.append(path)
    return files


def test_round_trip_of_all_samples(iati_data, tmp_path):
    files = schema_valid_samples(iati_data)
    assert len(files) == 24  # 35 samples - 5 organisation files - 5 legacy 1.0x - d-portal covid
    summary = import_paths(files)
    assert summary.errors == 0, [str(p) for p in summary.problems[:5]]
    before = comparable(snapshot())
    assert len(before) > 5000
    exported = tmp_path / "export.xml"
    assert export_activities(str(exported)) == len(before)
    problems = list(validate_source(file_source(exported), codelists=False))
    assert problems == [], [str(p) for p in problems[:5]]
    wipe_activities()
    again = import_paths([exported])
    assert again.errors == 0 and again.created == len(before)
    after = comparable(snapshot())
    differences = {
        key: [name for name in before[key] if before[key][name] != after[key].get(name)]
        for key in before
        if before[key] != after.get(key)
    }
    assert differences == {}


def test_export_command_filters_by_reporting_org(write, tmp_path):
    from kakehashi.iati.tests.conftest import activity_xml, iati_file

    import_paths([write("a.xml", iati_file(activity_xml()))])
    output = tmp_path / "out.xml"
    call_command("iati", "export", "--reporting-org", "XM-DAC-701-8", "--output", str(output))
    assert "XM-DAC-701-8-1" in output.read_text(encoding="utf-8")
    call_command("iati", "export", "--reporting-org", "NOPE", "--output", str(output))
    assert "iati-activity>" not in output.read_text(encoding="utf-8")
