"""IATI organisation files: import, export, round trip (issue #3)."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.template.loader import render_to_string
from lxml import etree

from kakehashi.iati.services.organisation_export import export_organisations
from kakehashi.iati.services.organisation_files import import_organisation_file
from kakehashi.iati.services.parser import file_source, root_tag
from kakehashi.iati.services.validator import organisation_schema
from kakehashi.iati.tests.helpers import _canonical, _preserved
from kakehashi.portal.services.organisation_budgets import organisation_budgets
from kakehashi.registry.models import (
    Organisation,
    OrganisationBudget,
    OrganisationBudgetLine,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationIati,
)

pytestmark = pytest.mark.django_db

SAMPLES = [
    "adb/asian-dev-bank-org.xml",
    "uk-dhsc/dhsc-organisation.xml",
    "caf/CAF-OrganizationFile.xml",
    "ngo/wri/wri-org.xml",
    "worldbank/world-bank-2024.xml",
]
SKIP = {"id", "organisation", "organisation_id", "budget", "budget_id"}
SKIP |= {"expenditure", "expenditure_id", "source_hash", "imported"}

ORGANISATION = """<iati-organisation last-updated-datetime="{updated}" default-currency="EUR"
  xml:lang="en">
 <organisation-identifier>{identifier}</organisation-identifier>
 <name><narrative>{name}</narrative></name>
 <reporting-org ref="{identifier}" type="10"><narrative>{name}</narrative></reporting-org>
 <total-budget status="1">
  <period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
  <value value-date="2024-01-01">{value}</value>
  <budget-line ref="a"><value value-date="2024-01-01">100</value><narrative>Line</narrative>
  </budget-line>
 </total-budget>
</iati-organisation>"""


def org_xml(identifier="XM-TEST-1", name="Test agency", updated="2024-01-01T00:00:00Z", value=1000):
    return ORGANISATION.format(identifier=identifier, name=name, updated=updated, value=value)


def org_file(*organisations, version="2.03") -> str:
    body = "\n".join(organisations)
    return f'<iati-organisations version="{version}">\n{body}\n</iati-organisations>\n'


def _rows(queryset) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in SKIP} for row in queryset.values()]


def snapshot() -> dict:
    """What the registry holds of every organisation from a file, keyed by identifier."""
    data = {}
    for record in OrganisationIati.objects.select_related("organisation"):
        organisation = record.organisation
        fields = _rows(OrganisationIati.objects.filter(pk=record.pk))[0]
        fields.pop("iati_version")  # the source's version: a 2.02 file comes back as 2.03
        fields["preserved_xml"] = _preserved(fields["preserved_xml"])
        budgets = OrganisationBudget.objects.filter(organisation=organisation)
        spent = OrganisationExpenditure.objects.filter(organisation=organisation)
        data[organisation.iati_identifier] = {
            "organisation": (organisation.name_ja, organisation.name_en, organisation.iati_type),
            "file": fields,
            "budgets": [(_rows(budgets.filter(pk=b.pk))[0], _rows(b.lines.all())) for b in budgets],
            "expenditures": [
                (_rows(spent.filter(pk=e.pk))[0], _rows(e.lines.all())) for e in spent
            ],
            "documents": _rows(OrganisationDocument.objects.filter(organisation=organisation)),
        }
    return data


def wipe() -> None:
    Organisation.objects.all().delete()


def problems_of(path, **options) -> tuple:
    found = []
    counts = import_organisation_file(path, problem=found.append, **options)
    return counts, [str(problem) for problem in found]


def assert_valid(path) -> None:
    schema = organisation_schema()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    document = etree.parse(str(path), parser)
    assert schema.validate(document), [e.message for e in list(schema.error_log)[:5]]


def round_trip(paths, tmp_path, check_version=True) -> None:
    wipe()
    for path in paths:
        counts, problems = problems_of(path, check_version=check_version)
        assert problems == [] and counts.errors == 0, problems[:5]
    before = snapshot()
    assert before
    exported = tmp_path / "organisations.xml"
    assert export_organisations(str(exported)) == len(before)
    assert_valid(exported)
    wipe()
    counts, problems = problems_of(exported)
    assert problems == [] and counts.created == len(before)
    after = snapshot()
    assert {k: [n for n in before[k] if before[k][n] != after[k][n]] for k in before} == {
        k: [] for k in before
    }
    assert after == before


# -- the real files ----------------------------------------------------------------------------
def test_every_sample_organisation_file_imports(iati_data):
    for name in SAMPLES:
        path = iati_data / "samples" / name
        assert root_tag(file_source(path)) == "iati-organisations"
        counts, problems = problems_of(path)
        assert problems == [], problems[:5]
        assert (counts.created, counts.errors, counts.rejected) == (1, 0, False), name
    assert OrganisationIati.objects.count() == len(SAMPLES)


def test_asian_development_bank_as_in_the_file(iati_data):
    import_organisation_file(iati_data / "samples" / SAMPLES[0])
    adb = Organisation.objects.get(iati_identifier="XM-DAC-46004")
    assert (adb.name_en, adb.name_ja, adb.iati_type) == ("Asian Development Bank", "", "40")
    assert adb.kind == "international_organisation"
    record = adb.iati_file
    assert (record.default_currency, record.default_lang, record.reporting_org_secondary) == (
        "USD",
        "en",
        False,
    )
    budgets = OrganisationBudget.objects.filter(organisation=adb)
    assert budgets.filter(kind="total").count() == 6
    assert budgets.filter(kind="recipient_region").count() == 6
    assert budgets.filter(kind="recipient_country").count() == 237
    assert OrganisationBudgetLine.objects.filter(budget__organisation=adb).count() == 12
    assert OrganisationDocument.objects.filter(organisation=adb).count() == 410
    first = budgets.filter(kind="total").first()
    assert (first.period_start, first.period_end) == (date(2021, 1, 1), date(2021, 12, 31))
    assert (first.value, first.currency, first.currency_is_default) == (
        Decimal("25376000000"),
        "USD",
        False,
    )
    assert first.value_date == date(2021, 12, 1)
    assert [(line.value, str(line)) for line in first.lines.all()] == [
        (Decimal("4876000000"), "Non-sovereign activities total"),
        (Decimal("20500000000"), "Sovereign activities total"),
    ]
    azerbaijan = budgets.get(kind="recipient_country", recipient_ref="AZ", period_start__year=2021)
    assert azerbaijan.value == Decimal("250000000")
    assert azerbaijan.recipient_narratives == [{"lang": "", "text": "Azerbaijan"}]
    # xsi:type on the identifier is not modelled: kept, with the prefix its value uses
    kept = [e for e in record.preserved_xml if e.get("tag") == "organisation-identifier"]
    assert len(kept) == 1 and 'xmlns:xs="http://www.w3.org/2001/XMLSchema"' in kept[0]["xml"]


def test_world_bank_as_in_the_file(iati_data):
    import_organisation_file(iati_data / "samples" / SAMPLES[4])
    ida = Organisation.objects.get(iati_identifier="44002")
    assert ida.name_en == "International Development Association"
    assert (ida.iati_file.reporting_org_ref, ida.iati_file.reporting_org_type) == ("44000", "40")
    assert ida.iati_type == ""  # reported by the World Bank (44000): its own type is not given
    budgets = OrganisationBudget.objects.filter(organisation=ida)
    assert [budgets.filter(kind=k).count() for k in ("total", "recipient_region")] == [4, 12]
    assert budgets.filter(kind="recipient_country").count() == 290
    assert OrganisationBudgetLine.objects.filter(budget__organisation=ida).count() == 306
    total = budgets.filter(kind="total").first()
    assert (total.value, total.status, total.period_start) == (
        Decimal("28548972557"),
        "1",
        date(2024, 1, 1),
    )
    region = budgets.filter(kind="recipient_region").first()
    assert (region.recipient_ref, region.value) == ("289", Decimal("184110372"))
    spent = list(OrganisationExpenditure.objects.filter(organisation=ida))
    assert [(e.period_start, e.value) for e in spent] == [
        (date(2019, 7, 1), Decimal("13321629636")),
        (date(2020, 7, 1), Decimal("22927000000")),
        (date(2020, 7, 1), Decimal("21255000000")),
        (date(2021, 7, 1), Decimal("27771000000")),
    ]
    documents = OrganisationDocument.objects.filter(organisation=ida)
    assert documents.count() == 198
    report = documents.first()
    assert report.title == [{"lang": "", "text": "The World Bank Annual Report 2024"}]
    assert (report.categories, report.recipient_countries) == (
        ["B01"],
        [{"code": "WB", "narratives": []}],
    )


def test_extension_attributes_are_kept_and_a_spanish_name_is_the_name(iati_data):
    import_organisation_file(iati_data / "samples" / SAMPLES[1])
    dhsc = Organisation.objects.get(iati_identifier="GB-GOV-10")
    budgets = OrganisationBudget.objects.filter(organisation=dhsc)
    assert budgets.count() == 10
    assert budgets.first().value == Decimal("49250000") and budgets.first().currency == "GBP"
    kept = dhsc.iati_file.preserved_xml
    namespace = "https://www.gov.uk/government/organisations/department-of-health-and-social-care"
    assert kept[0] == {"attributes": {f"{{{namespace}}}id": "GB-GOV-10"}}
    assert sum(1 for e in kept if e.get("tag") == "total-budget") == 10  # dhsc:id on each
    import_organisation_file(iati_data / "samples" / SAMPLES[2])
    caf = Organisation.objects.get(iati_identifier="XM-DAC-46008")
    assert caf.name_en == '"CAF Banco de Desarrollo de América Latina y el Caribe"'
    assert caf.iati_file.names[0]["lang"] == "es"


def test_round_trip_of_the_sample_files(iati_data, tmp_path):
    round_trip([iati_data / "samples" / name for name in SAMPLES], tmp_path)


def test_round_trip_of_the_schema_suite(iati_data, tmp_path):
    suite = iati_data / "conformance" / "iati-schemas-2.03"
    paths = sorted((suite / "organisation-tests" / "should-pass").glob("*.xml"))
    paths += sorted((suite / "should-pass" / "iati-organisations").rglob("*.xml"))
    assert len(paths) == 18
    for index, path in enumerate(paths):  # most share the identifier 12345: one at a time
        output = tmp_path / str(index)
        output.mkdir()
        round_trip([path], output, check_version=False)


# -- rules -------------------------------------------------------------------------------------
def test_reimport_is_unchanged_and_an_older_file_never_overwrites(write):
    path = write("org.xml", org_file(org_xml()))
    assert import_organisation_file(path).created == 1
    assert import_organisation_file(path).unchanged == 1
    older = write("old.xml", org_file(org_xml(updated="2023-01-01T00:00:00Z", value=5)))
    counts = import_organisation_file(older)
    assert (counts.unchanged, counts.updated) == (1, 0)
    assert OrganisationBudget.objects.get().value == Decimal("1000")
    newer = write("new.xml", org_file(org_xml(updated="2025-01-01T00:00:00Z", value=7)))
    assert import_organisation_file(newer).updated == 1
    budget = OrganisationBudget.objects.get()  # replaced, not added
    assert (budget.value, budget.currency, budget.currency_is_default) == (7, "EUR", True)
    assert OrganisationBudgetLine.objects.get().currency == "EUR"
    entries = LogEntry.objects.get_for_model(Organisation)
    assert [e.action for e in entries.order_by("pk")] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    ]
    assert entries.first().additional_data["source"] == "iati import"


def test_a_name_the_registry_has_is_never_blanked(write):
    Organisation.objects.create(iati_identifier="XM-TEST-1", name_ja="試験機関", name_en="Old")
    assert import_organisation_file(write("org.xml", org_file(org_xml()))).updated == 1
    organisation = Organisation.objects.get()
    assert (organisation.name_ja, organisation.name_en) == ("試験機関", "Test agency")
    french = org_xml(updated="2025-01-01T00:00:00Z").replace(
        "<name><narrative>", '<name><narrative xml:lang="fr">'
    )
    assert import_organisation_file(write("fr.xml", org_file(french))).updated == 1
    organisation.refresh_from_db()
    assert (organisation.name_ja, organisation.name_en) == ("試験機関", "Test agency")
    assert organisation.iati_file.names == [{"lang": "fr", "text": "Test agency"}]


def test_strict_mode_rejects_the_whole_file(write):
    bad = org_xml("XM-TEST-2").replace("<name>", "<nom/><name>")
    path = write("mixed.xml", org_file(org_xml(), bad))
    counts, problems = problems_of(path, strict=True)
    assert counts.rejected and (counts.created, counts.skipped) == (0, 2)
    assert not Organisation.objects.exists()
    assert problems[0].startswith(f"{path}:17: XM-TEST-2: Element 'nom': This element is not")
    assert problems[-1] == f"{path}:0: -: file rejected (strict mode): nothing of it written"
    counts, problems = problems_of(path)
    assert (counts.created, counts.skipped, counts.errors) == (1, 1, 1)
    assert list(Organisation.objects.values_list("iati_identifier", flat=True)) == ["XM-TEST-1"]


def test_legacy_versions_are_read_and_1x_is_refused(write):
    assert import_organisation_file(write("a.xml", org_file(org_xml(), version="2.01"))).created
    assert OrganisationIati.objects.get().iati_version == "2.01"
    counts, problems = problems_of(write("b.xml", org_file(org_xml(), version="1.03")))
    assert counts.rejected and "unsupported version 1.03" in problems[0]


def test_malformed_and_wrong_files_say_why(write):
    broken = org_file(org_xml(), org_xml("XM-TEST-2"))[:-60]
    counts, problems = problems_of(write("broken.xml", broken))
    assert counts.created == 1 and problems[0].split(": ", 2)[2].startswith("malformed XML")
    activities = write(
        "act.xml", '<iati-activities version="2.03"><iati-activity/></iati-activities>'
    )
    counts, problems = problems_of(activities)
    assert counts.rejected and "this is an IATI activity file" in problems[0]
    counts, problems = problems_of(
        write("dtd.xml", '<!DOCTYPE x [<!ENTITY a "b">]><iati-organisations version="2.03"/>')
    )
    assert counts.rejected and "DTD" in problems[0]
    empty = write("none.xml", '<iati-organisations version="2.03"/>')
    counts, problems = problems_of(empty)
    assert problems == [f"{empty}:1: -: no iati-organisation in the file"]


def test_export_is_valid_and_covers_organisations_from_activity_files(write, tmp_path):
    import_organisation_file(write("org.xml", org_file(org_xml())))
    Organisation.objects.create(
        iati_identifier="XM-DAC-701-8", name_ja="国際協力機構", name_en="JICA"
    )
    Organisation.objects.create(name_en="No identifier")
    output = tmp_path / "out.xml"
    assert export_organisations(str(output)) == 2
    assert_valid(output)
    xml = output.read_text(encoding="utf-8")
    assert '<reporting-org ref="XM-DAC-701-8" type="90">' in xml  # its own, type unknown
    assert "<value value-date" in xml  # default currency: written blank again
    assert _canonical(output.read_bytes()).count("<iati-organisation ") == 1  # one has attributes


def test_budgets_by_period_for_the_portal(iati_data):
    import_organisation_file(iati_data / "samples" / SAMPLES[4])
    ida = Organisation.objects.get(iati_identifier="44002")
    budgets = organisation_budgets(ida, "en")
    first = budgets.periods[0]
    assert (first.start, first.calendar_year) == (date(2027, 1, 1), True)
    assert [(m.amount, m.currency) for m in first.total] == [(Decimal("30329886544"), "USD")]
    assert budgets.top_countries and len(budgets.documents) == 198
    html = render_to_string("portal/_organisation_budgets.html", {"budgets": budgets})
    assert "2027" in html and "The World Bank Annual Report 2024" in html


def test_admin_shows_the_imported_data_read_only(client, iati_data):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    import_organisation_file(iati_data / "samples" / SAMPLES[4])
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-12345678")
    client.force_login(user)
    ida = Organisation.objects.get(iati_identifier="44002")
    page = client.get(reverse("admin:registry_organisation_change", args=[ida.pk]))
    assert page.status_code == 200
    assert (
        "28548972557" in page.content.decode()
        and "indicative total budget" in page.content.decode()
    )
    for model in (
        OrganisationIati,
        OrganisationBudget,
        OrganisationBudgetLine,
        OrganisationExpenditure,
        OrganisationDocument,
    ):
        name = model._meta.model_name
        assert (
            client.get(reverse(f"admin:registry_{name}_changelist"), {"q": "44002"}).status_code
            == 200
        )
        instance = model.objects.first()
        change = client.get(reverse(f"admin:registry_{name}_change", args=[instance.pk]))
        assert change.status_code == 200 and b'name="_save"' not in change.content


def test_the_import_command_takes_activity_and_organisation_files_together(
    iati_data, tmp_path, capsys
):
    from django.core.management import call_command

    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in (iati_data / "samples" / "adb").glob("*.xml"):
        (folder / path.name).write_bytes(path.read_bytes())
    call_command("iati", "import", str(folder), "--no-progress")
    first = capsys.readouterr().out
    assert "activities: 43 created" in first
    assert "organisations: 1 created, 0 updated, 0 unchanged" in first
    from kakehashi.iati.models import ImportRecord

    record = ImportRecord.objects.get()
    assert (record.organisation_files, record.organisations_created) == (1, 1)
    from django.utils import translation

    with translation.override("en"):
        assert record.summary().endswith("; organisations: 1 created, 0 updated, 0 unchanged")
    with translation.override("ja"):
        assert record.summary().endswith("；組織：作成1件、更新0件、変更なし0件")
    assert OrganisationBudget.objects.filter(organisation__iati_identifier="XM-DAC-46004").exists()
    call_command("iati", "import", str(folder), "--no-progress")
    assert "organisations: 0 created, 0 updated, 1 unchanged" in capsys.readouterr().out
    output = tmp_path / "orgs.xml"
    call_command("iati", "export", "--organisations", "--output", str(output))
    assert_valid(output)


def test_the_organisation_page_shows_its_published_budgets(iati_data, client):
    import_organisation_file(iati_data / "samples" / "adb" / "asian-dev-bank-org.xml")
    adb = Organisation.objects.get(iati_identifier="XM-DAC-46004")
    adb.is_published = True
    adb.save()
    english = client.get(f"/en/organisations/{adb.pk}/").content.decode()
    assert "Budgets published by the organisation" in english
    assert "2021" in english
    japanese = client.get(f"/ja/organisations/{adb.pk}/").content.decode()
    assert "組織が公表している予算" in japanese
    assert "Bhutan" in japanese  # the publisher's name while the registry has none
    from kakehashi.core.models import Country

    Country.objects.update_or_create(
        code="BT", defaults={"name_en": "Bhutan", "name_ja": "ブータン"}
    )
    japanese = client.get(f"/ja/organisations/{adb.pk}/").content.decode()
    assert "ブータン" in japanese and "Bhutan" not in japanese
