"""A small, realistic set of published and unpublished records for the portal's tests.

Facts follow shared/DOMAIN.md (ISTC FY2017 voluntary contribution of 40,159千円, SATREPS,
ITER, the Japan-US agreement and its 13th joint committee in July 2012). Used by the tests'
conftest and, until the demo command lands, by scripts/screenshots.py.

Needs countries and codelists (``codelists sync``) in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kakehashi.core.models import Country, Office
from kakehashi.portal.services.search_index import rebuild_index
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Agreement,
    Budget,
    Contribution,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    KeyFigure,
    LargeProject,
    LargeProjectMember,
    Meeting,
    Organisation,
    ParticipatingOrg,
    Programme,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Transaction,
    narratives_from,
)


@dataclass
class Sample:
    mofa: Organisation
    jst: Organisation
    jica: Organisation
    istc: Organisation
    hidden_org: Organisation
    office: Office
    contribution: Contribution
    contribution_2019: Contribution
    hidden_contribution: Contribution
    satreps: Programme
    hidden_programme: Programme
    iter: LargeProject
    hidden_project: LargeProject
    agreement_us: Agreement
    agreement_eu: Agreement
    hidden_agreement: Agreement
    meeting_us: Meeting
    hidden_meeting: Meeting
    activity: Activity
    activities: list[Activity]
    hidden_activity: Activity


def key_figure(subject, sequence: int, **fields) -> KeyFigure:
    return KeyFigure.objects.create(
        content_type=ContentType.objects.get_for_model(type(subject)),
        object_id=subject.pk,
        sequence=sequence,
        **fields,
    )


def build_sample(extra_activities: int = 0) -> Sample:
    """Create the sample records; ``extra_activities`` more SATREPS activities for paging."""
    countries = {c.code: c for c in Country.objects.filter(code__in=["JP", "US", "KZ", "TH"])}
    jp, us, kz = countries["JP"], countries["US"], countries["KZ"]

    mofa = Organisation.objects.create(
        name_ja="外務省",
        name_en="Ministry of Foreign Affairs of Japan",
        abbreviation="MOFA",
        kind="government",
        country=jp,
        iati_identifier="XM-DAC-701-1",
        website="https://www.mofa.go.jp/",
        is_sample=True,
    )
    jst = Organisation.objects.create(
        name_ja="科学技術振興機構",
        name_en="Japan Science and Technology Agency",
        abbreviation="JST",
        kind="funding_agency",
        country=jp,
        is_sample=True,
    )
    jica = Organisation.objects.create(
        name_ja="国際協力機構",
        name_en="Japan International Cooperation Agency",
        abbreviation="JICA",
        kind="funding_agency",
        country=jp,
        parent=mofa,
        iati_identifier="XM-DAC-701-8",
        is_sample=True,
    )
    istc = Organisation.objects.create(
        name_ja="国際科学技術センター",
        name_en="International Science and Technology Center",
        abbreviation="ISTC",
        kind="international_organisation",
        country=kz,
        founded=date(1994, 3, 1),
        headquarters_ja="カザフスタン・アスタナ",
        headquarters_en="Astana, Kazakhstan",
        website="https://www.istc.int/",
        description_ja="旧ソ連諸国の大量破壊兵器関連の科学者・技術者を平和目的の研究に従事させる国際機関。",
        description_en=(
            "An international organisation that engages former Soviet weapons scientists "
            "in peaceful research."
        ),
        is_sample=True,
    )
    hidden_org = Organisation.objects.create(
        name_ja="非公開機関", name_en="Unpublished Body", kind="other", is_published=False
    )
    office = Office.objects.create(
        code="science-cooperation",
        name_ja="国際科学協力室",
        name_en="International Science Cooperation Division",
        organisation=mofa,
    )

    contribution = Contribution.objects.create(
        organisation=istc,
        fiscal_year=2017,
        kind="voluntary",
        budget_kind="initial",
        amount=Decimal("40159000"),
        currency="JPY",
        title_ja="国際科学技術センター（ISTC）拠出金",
        title_en="Contribution to the International Science and Technology Center (ISTC)",
        purpose_ja="旧ソ連諸国の科学者の平和目的の研究を支援し、大量破壊兵器関連技術の拡散を防ぐ。",
        purpose_en=(
            "Support peaceful research by scientists of former Soviet states and prevent "
            "the proliferation of weapons technology."
        ),
        outcome_target_ja="ISTCプロジェクトの着実な実施",
        outcome_target_en="Steady implementation of ISTC projects",
        indicator_ja="過去3年間に完了したプロジェクト数の平均",
        indicator_en="Average number of projects completed over the last three years",
        responsible_office=office,
        is_sample=True,
    )
    contribution_2019 = Contribution.objects.create(
        organisation=istc,
        fiscal_year=2019,
        kind="assessed",
        amount=Decimal("12000000"),
        responsible_office=office,
        is_sample=True,
    )
    hidden_contribution = Contribution.objects.create(
        organisation=istc,
        fiscal_year=2018,
        kind="voluntary",
        amount=Decimal("99999000"),
        is_published=False,
    )
    key_figure(
        istc,
        1,
        label_ja="支援したプロジェクト",
        label_en="projects supported",
        value=Decimal(2800),
        unit_ja="件",
        unit_en="projects",
        at_least=True,
        as_of=date(2016, 12, 31),
        period_ja="1994年の設立以来",
        period_en="since 1994",
        source="MOFA FY2017 evaluation sheet",
    )
    key_figure(
        istc,
        2,
        label_ja="日本の参加企業・機関",
        label_en="Japanese partner companies and bodies",
        value=Decimal(85),
        unit_ja="社・機関",
        unit_en="partners",
        as_of=date(2017, 6, 1),
    )

    satreps = Programme.objects.create(
        name_ja="地球規模課題対応国際科学技術協力プログラム",
        name_en="Science and Technology Research Partnership for Sustainable Development",
        abbreviation="SATREPS",
        slug="satreps",
        kind="research_partnership",
        start_year=2008,
        description_ja="JSTとJICAが連携し、開発途上国と地球規模課題の共同研究を行う。",
        description_en="JST and JICA fund joint research on global issues with partner countries.",
        is_sample=True,
    )
    satreps.organisations.add(jst, jica, hidden_org)
    key_figure(
        satreps,
        1,
        label_ja="採択課題",
        label_en="projects",
        value=Decimal(68),
        unit_ja="件",
        unit_en="projects",
        period_ja="2008〜2012年度",
        period_en="FY2008–FY2012",
    )
    hidden_programme = Programme.objects.create(
        name_ja="非公開プログラム", name_en="Hidden Programme", slug="hidden", is_published=False
    )

    iter_ = LargeProject.objects.create(
        name_ja="国際熱核融合実験炉",
        name_en="International Thermonuclear Experimental Reactor",
        abbreviation="ITER",
        slug="iter",
        field_ja="核融合エネルギー",
        field_en="fusion energy",
        start_year=2007,
        japan_role_ja="準ホスト国として主要機器の製作を担う。",
        japan_role_en="Japan builds major components as a quasi-host.",
        in_kind_contribution_ja="超伝導コイル、中性粒子入射装置",
        in_kind_contribution_en="superconducting coils, neutral beam injectors",
        japanese_participants=30,
        japanese_participants_note_ja="ITER機構の日本人職員",
        japanese_participants_note_en="Japanese staff at the ITER Organization",
        is_sample=True,
    )
    for code, name_en, name_ja in [
        ("JP", "", ""),
        ("US", "", ""),
        (None, "European Union", "欧州連合"),
        ("KZ", "", ""),
    ]:
        LargeProjectMember.objects.create(
            project=iter_,
            country=countries.get(code) if code else None,
            name_en=name_en,
            name_ja=name_ja,
            joined=2007,
        )
    LargeProjectMember.objects.create(project=iter_, organisation=hidden_org, joined=2010)
    key_figure(
        iter_,
        1,
        label_ja="参加極",
        label_en="members",
        value=Decimal(7),
        unit_ja="極",
        unit_en="members",
    )
    hidden_project = LargeProject.objects.create(
        name_en="Hidden Project", slug="hidden-project", is_published=False
    )

    agreement_us = Agreement.objects.create(
        title_ja="日米科学技術協力協定",
        title_en="Japan–US Agreement on Cooperation in Research and Development in Science and "
        "Technology",
        signed_on=date(1988, 6, 20),
        in_force_on=date(1988, 6, 20),
        is_sample=True,
    )
    agreement_us.countries.add(us)
    agreement_eu = Agreement.objects.create(
        title_ja="日・EU科学技術協力協定",
        title_en="Japan–EU Science and Technology Cooperation Agreement",
        signed_on=date(2009, 11, 30),
        in_force_on=date(2011, 3, 29),
        is_sample=True,
    )
    hidden_agreement = Agreement.objects.create(
        title_ja="非公開協定", title_en="Hidden Agreement", is_published=False
    )
    hidden_agreement.countries.add(us)
    meeting_us = Meeting.objects.create(
        agreement=agreement_us,
        number=13,
        date=date(2012, 7, 1),
        date_precision="month",
        place_ja="ワシントン",
        place_en="Washington, D.C.",
        country=us,
        level="ministerial",
        outcome_ja="科学技術協力の成果を確認し、今後の協力分野を議論した。",
        outcome_en="Reviewed cooperation and discussed future areas.",
        is_sample=True,
    )
    Meeting.objects.create(
        agreement=agreement_eu,
        number=1,
        date=date(2011, 6, 1),
        date_precision="month",
        place_ja="東京",
        place_en="Tokyo",
        country=jp,
        level="senior_official",
        is_sample=True,
    )
    Meeting.objects.create(
        kind="ministerial",
        title_ja="第19回アジア太平洋地域宇宙機関会議",
        title_en="19th Asia-Pacific Regional Space Agency Forum",
        number=19,
        date=date(2012, 12, 4),
        place_ja="クアラルンプール",
        place_en="Kuala Lumpur",
        is_sample=True,
    )
    hidden_meeting = Meeting.objects.create(
        agreement=agreement_us,
        number=99,
        date=date(2013, 1, 1),
        place_en="Secret Place",
        is_published=False,
    )

    activity = Activity.objects.create(
        iati_identifier="JP-JST-SATREPS-TH-001",
        kind="research_project",
        reporting_org=jst,
        programme=satreps,
        title=narratives_from(
            ja="タイにおける気候変動に対応した洪水管理",
            en="Flood management under climate change in Thailand",
        ),
        default_currency="JPY",
        activity_status="2",
        planned_start=date(2015, 4, 1),
        actual_start=date(2015, 6, 1),
        planned_end=date(2020, 3, 31),
        default_flow_type="10",
        last_updated_datetime=timezone.make_aware(datetime(2020, 1, 15, 9, 0)),
        is_sample=True,
    )
    ActivityDescription.objects.create(
        activity=activity,
        type="1",
        narratives=narratives_from(
            ja="チャオプラヤ川流域の洪水予測と管理手法を共同で開発する。",
            en="Joint development of flood forecasting and management for the Chao Phraya basin.",
        ),
    )
    ParticipatingOrg.objects.create(activity=activity, sequence=1, organisation=jst, role="1")
    ParticipatingOrg.objects.create(activity=activity, sequence=2, organisation=jica, role="1")
    ParticipatingOrg.objects.create(
        activity=activity,
        sequence=3,
        role="4",
        narratives=narratives_from(en="Kasetsart University"),
        type="80",
    )
    ParticipatingOrg.objects.create(
        activity=activity,
        sequence=4,
        organisation=hidden_org,
        role="4",
        ref="XX-HIDDEN",
    )
    RecipientCountry.objects.create(activity=activity, country_code="TH", percentage=100)
    ActivitySector.objects.create(activity=activity, code="41050", vocabulary="1", percentage=60)
    ActivitySector.objects.create(activity=activity, code="14015", vocabulary="1", percentage=40)
    Budget.objects.create(
        activity=activity,
        type="1",
        status="2",
        period_start=date(2015, 4, 1),
        period_end=date(2016, 3, 31),
        value=Decimal("350000000"),
    )
    Transaction.objects.create(
        activity=activity,
        type="2",
        date=date(2015, 6, 1),
        value=Decimal("350000000"),
        provider_narratives=narratives_from(ja="国際協力機構", en="JICA"),
        receiver_narratives=narratives_from(en="Kasetsart University"),
    )
    Transaction.objects.create(
        activity=activity,
        sequence=1,
        type="3",
        date=date(2016, 2, 1),
        value=Decimal("120000000"),
    )
    Transaction.objects.create(
        activity=activity,
        sequence=2,
        type="3",
        date=date(2016, 8, 1),
        value=Decimal("50000"),
        currency="USD",
    )
    result = Result.objects.create(
        activity=activity,
        type="2",
        title=narratives_from(ja="洪水予測システムの運用", en="Flood forecasting system in use"),
    )
    indicator = Indicator.objects.create(
        result=result,
        measure="1",
        title=narratives_from(
            ja="予測システムを使う自治体の数", en="Municipalities using the system"
        ),
        baselines=[{"year": "2015", "value": "0"}],
    )
    IndicatorPeriod.objects.create(
        indicator=indicator,
        period_start=date(2015, 4, 1),
        period_end=date(2018, 3, 31),
        targets=[{"value": "10"}],
        actuals=[{"value": "12"}],
    )
    DocumentLink.objects.create(
        activity=activity,
        url="https://www.jst.go.jp/global/english/kadai/h2703_thailand.html",
        format="text/html",
        title=narratives_from(ja="プロジェクト概要", en="Project summary"),
        categories=[{"code": "A02"}],
    )

    other = Activity.objects.create(
        iati_identifier="XM-DAC-701-8-KE-002",
        kind="oda_project",
        reporting_org=jica,
        programme=satreps,
        title=narratives_from(en="Rift Valley fever early warning in Kenya"),
        default_currency="USD",
        activity_status="4",
        planned_start=date(2012, 4, 1),
        is_sample=True,
    )
    RecipientCountry.objects.create(activity=other, country_code="KE", percentage=50)
    RecipientCountry.objects.create(activity=other, country_code="TH", percentage=50)
    RecipientRegion.objects.create(activity=other, code="289", vocabulary="1")
    ActivitySector.objects.create(activity=other, code="122", vocabulary="2")
    ParticipatingOrg.objects.create(activity=other, organisation=jica, role="4")
    Transaction.objects.create(activity=other, type="2", date=date(2013, 1, 10), value=1000000)
    RelatedActivity.objects.create(activity=activity, ref=other.iati_identifier, type="5")

    hidden_activity = Activity.objects.create(
        iati_identifier="JP-HIDDEN-1",
        reporting_org=jst,
        programme=satreps,
        title=narratives_from(ja="非公開の活動", en="Hidden activity"),
        is_published=False,
    )
    RecipientCountry.objects.create(activity=hidden_activity, country_code="TH")
    Transaction.objects.create(
        activity=hidden_activity, type="2", date=date(2016, 1, 1), value=Decimal("777000000")
    )
    ParticipatingOrg.objects.create(activity=hidden_activity, organisation=jica, role="4")

    activities = [activity, other]
    for number in range(extra_activities):
        extra = Activity.objects.create(
            iati_identifier=f"JP-JST-SATREPS-X-{number:03d}",
            reporting_org=jst,
            programme=satreps,
            title=narratives_from(ja=f"共同研究 {number}", en=f"Joint research {number}"),
            activity_status="2",
            is_sample=True,
        )
        RecipientCountry.objects.create(activity=extra, country_code="TH")
        ParticipatingOrg.objects.create(activity=extra, organisation=jica, role="1")
        activities.append(extra)

    # Records were created inside the test's transaction, whose commit hooks never run.
    rebuild_index()
    return Sample(
        mofa=mofa,
        jst=jst,
        jica=jica,
        istc=istc,
        hidden_org=hidden_org,
        office=office,
        contribution=contribution,
        contribution_2019=contribution_2019,
        hidden_contribution=hidden_contribution,
        satreps=satreps,
        hidden_programme=hidden_programme,
        iter=iter_,
        hidden_project=hidden_project,
        agreement_us=agreement_us,
        agreement_eu=agreement_eu,
        hidden_agreement=hidden_agreement,
        meeting_us=meeting_us,
        hidden_meeting=hidden_meeting,
        activity=activity,
        activities=activities,
        hidden_activity=hidden_activity,
    )
