"""A small registry with one record of every kind, for model, history and admin tests."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from kakehashi.core.models import Country, Office
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Agreement,
    Budget,
    Contribution,
    DocumentLink,
    Exchange,
    Indicator,
    IndicatorPeriod,
    KeyFigure,
    LargeProject,
    LargeProjectMember,
    Location,
    Meeting,
    Organisation,
    ParticipatingOrg,
    Person,
    PlannedDisbursement,
    PolicyMarker,
    Programme,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Tag,
    Transaction,
    narratives_from,
)


@pytest.fixture
def registry(db):
    # update_or_create: other test modules may have loaded the reference data already.
    japan, _ = Country.objects.update_or_create(
        code="JP", defaults={"alpha_3": "JPN", "name_en": "Japan", "name_ja": "日本"}
    )
    kazakhstan, _ = Country.objects.update_or_create(
        code="KZ", defaults={"name_en": "Kazakhstan", "name_ja": "カザフスタン"}
    )
    mofa = Organisation.objects.create(
        name_ja="外務省",
        name_en="Ministry of Foreign Affairs",
        abbreviation="MOFA",
        kind="government",
        iati_identifier="XM-DAC-701-2",
        country=japan,
    )
    office = Office.objects.create(
        code="mofa-isc",
        name_ja="国際科学協力室",
        name_en="International Science Cooperation Division",
        organisation=mofa,
    )
    istc = Organisation.objects.create(
        name_ja="国際科学技術センター",
        name_en="International Science and Technology Center",
        abbreviation="ISTC",
        kind="international_organisation",
        country=kazakhstan,
    )
    contribution = Contribution.objects.create(
        organisation=istc,
        fiscal_year=2017,
        kind="voluntary",
        budget_kind="initial",
        amount=Decimal("40159000"),
        currency="JPY",
        responsible_office=office,
        outcome_target_ja="プロジェクト完了数",
        indicator_en="projects completed",
    )
    programme = Programme.objects.create(
        slug="satreps",
        abbreviation="SATREPS",
        name_ja="地球規模課題対応国際科学技術協力",
        name_en="Science and Technology Research Partnership for Sustainable Development",
        kind="research_partnership",
    )
    programme.organisations.add(mofa)
    activity = Activity.objects.create(
        iati_identifier="XM-DAC-701-2-TEST-1",
        reporting_org=mofa,
        programme=programme,
        kind="research_project",
        title=narratives_from(ja="防災研究", en="Disaster research"),
        default_currency="JPY",
        activity_status="2",
        planned_start=datetime.date(2017, 4, 1),
        responsible_office=office,
    )
    parts = dict(activity=activity, sequence=1)
    ActivityDescription.objects.create(**parts, type="1", narratives=narratives_from(en="About"))
    ParticipatingOrg.objects.create(**parts, organisation=mofa, role="1", ref="XM-DAC-701-2")
    RecipientCountry.objects.create(**parts, country_code="KZ", percentage=Decimal("100"))
    RecipientRegion.objects.create(**parts, code="619", vocabulary="1")
    ActivitySector.objects.create(**parts, code="74020", vocabulary="1")
    Location.objects.create(**parts, ref="L1", latitude=Decimal("51.1"), longitude=Decimal("71.4"))
    Budget.objects.create(
        **parts,
        type="1",
        status="1",
        period_start=datetime.date(2017, 4, 1),
        period_end=datetime.date(2018, 3, 31),
        value=Decimal("1000000"),
    )
    PlannedDisbursement.objects.create(
        **parts, period_start=datetime.date(2017, 4, 1), value=Decimal("500000")
    )
    Transaction.objects.create(
        **parts,
        type="3",
        date=datetime.date(2017, 6, 1),
        value=Decimal("400000"),
        currency="USD",
    )
    result = Result.objects.create(**parts, type="1", title=narratives_from(en="Output"))
    indicator = Indicator.objects.create(result=result, measure="1")
    IndicatorPeriod.objects.create(indicator=indicator, targets=[{"value": "10"}])
    DocumentLink.objects.create(
        **parts, url="https://example.org/report.pdf", format="application/pdf"
    )
    PolicyMarker.objects.create(**parts, code="7", vocabulary="1", significance="1")
    Tag.objects.create(**parts, code="SDG-9", vocabulary="3")
    RelatedActivity.objects.create(**parts, ref="XM-DAC-701-2-TEST-0", type="1")
    iter_project = LargeProject.objects.create(slug="iter", abbreviation="ITER", name_en="ITER")
    LargeProjectMember.objects.create(project=iter_project, country=japan)
    agreement = Agreement.objects.create(title_ja="日EU科学技術協力協定", title_en="Japan–EU")
    meeting = Meeting.objects.create(agreement=agreement, number=1, date=datetime.date(2011, 6, 1))
    person = Person.objects.create(
        family_name_ja="山田", given_name_ja="花子", family_name_en="Yamada", given_name_en="Hanako"
    )
    exchange = Exchange.objects.create(person=person, kind="dispatch", programme=programme)
    figure = KeyFigure.objects.create(
        content_type=ContentType.objects.get_for_model(Programme),
        object_id=programme.pk,
        label_ja="プロジェクト数",
        label_en="projects",
        value=Decimal("68"),
    )
    return {
        "japan": japan,
        "mofa": mofa,
        "office": office,
        "istc": istc,
        "contribution": contribution,
        "programme": programme,
        "activity": activity,
        "result": result,
        "indicator": indicator,
        "large_project": iter_project,
        "agreement": agreement,
        "meeting": meeting,
        "person": person,
        "exchange": exchange,
        "key_figure": figure,
    }
