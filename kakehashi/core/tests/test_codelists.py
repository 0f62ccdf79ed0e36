from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kakehashi.core.models import Codelist, CodelistItem, Country, Region
from kakehashi.core.services.codelists import sync_codelists

pytestmark = pytest.mark.django_db


def test_shipped_codelists_load_with_japanese_names():
    summary = sync_codelists()
    assert summary.codelists == 70
    status = CodelistItem.objects.get(codelist__name="ActivityStatus", code="2")
    assert (status.name_en, status.name_ja) == ("Implementation", "実施中")
    role = CodelistItem.objects.get(codelist__name="OrganisationRole", code="4")
    assert role.name_ja == "実施機関"
    assert CodelistItem.objects.get(codelist__name="TransactionType", code="3").name_ja
    assert CodelistItem.objects.get(codelist__name="OrganisationType", code="40").name_ja
    assert CodelistItem.objects.get(codelist__name="SectorCategory", code="740").name_ja == "防災"
    assert Codelist.objects.get(name="TransactionType").embedded


def test_countries_come_with_japanese_names_and_iati_extras():
    sync_codelists()
    japan = Country.objects.get(code="JP")
    assert (japan.alpha_3, japan.name_ja) == ("JPN", "日本")
    assert Country.objects.get(code="KZ").name_ja == "カザフスタン"
    assert Country.objects.get(code="TZ").name_ja == "タンザニア"  # pycountry misspells it
    assert Country.objects.get(code="KR").name_ja == "韓国"
    assert Country.objects.filter(code="XK").exists()  # IATI's Kosovo, not in ISO 3166
    assert Region.objects.get(code="298").name_ja == "アフリカ（地域）"


def test_sync_is_idempotent_and_keeps_vanished_codes_as_withdrawn(tmp_path: Path):
    sync_codelists()
    count = CodelistItem.objects.count()
    sync_codelists()
    assert CodelistItem.objects.count() == count

    (tmp_path / "ActivityStatus.xml").write_text(
        '<codelist name="ActivityStatus" complete="1" embedded="1"><codelist-items>'
        "<codelist-item><code>1</code><name><narrative>Pipeline</narrative></name>"
        "</codelist-item></codelist-items></codelist>",
        encoding="utf-8",
    )
    sync_codelists(tmp_path)
    items = CodelistItem.objects.filter(codelist__name="ActivityStatus")
    assert items.get(code="1").name_en == "Pipeline"
    assert items.get(code="1").name_ja == "計画・準備中"
    assert items.get(code="2").withdrawn


def test_bad_codelist_file_names_file_and_line(tmp_path: Path):
    (tmp_path / "Broken.xml").write_text("<codelist name='X'>\n<oops></codelist>")
    before = Codelist.objects.count()
    with pytest.raises(CommandError, match=r"Broken.xml:2"):
        call_command("codelists", "sync", str(tmp_path))
    assert Codelist.objects.count() == before
    assert not Codelist.objects.filter(name="X").exists()


def test_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CommandError, match="no such folder"):
        call_command("codelists", "sync", str(tmp_path / "nowhere"))


def test_entities_are_never_resolved(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    (tmp_path / "Evil.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<codelist name="Evil"><codelist-items><codelist-item><code>1</code>'
        "<name><narrative>&x;</narrative></name></codelist-item></codelist-items></codelist>"
    )
    sync_codelists(tmp_path)
    assert "TOP-SECRET" not in CodelistItem.objects.get(codelist__name="Evil").name_en
