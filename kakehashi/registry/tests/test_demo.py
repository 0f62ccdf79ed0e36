"""`kakehashi demo`: documented facts, sample data, demo accounts; idempotent and fast."""

import datetime
import io
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from kakehashi.core.models import Office, OfficeMembership
from kakehashi.registry.models import (
    Activity,
    ActivitySector,
    Agreement,
    Budget,
    Contribution,
    Exchange,
    KeyFigure,
    LargeProject,
    LargeProjectMember,
    Meeting,
    Organisation,
    ParticipatingOrg,
    Person,
    Programme,
    RecipientCountry,
    RecipientRegion,
    Transaction,
    narratives_from,
)
from kakehashi.registry.services.demo import DEMO_PASSWORD
from kakehashi.registry.services.demo.generated import generated_activities

pytestmark = [
    pytest.mark.django_db,
    # Hashing demo passwords the production way is slow on purpose; not what is tested here.
    pytest.mark.usefixtures("fast_hasher"),
]
SAMPLES = 30


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--activities", str(SAMPLES), *args, stdout=out)
    return out.getvalue()


def figures(subject) -> dict[str, KeyFigure]:
    content_type = ContentType.objects.get_for_model(type(subject))
    found = KeyFigure.objects.filter(content_type=content_type, object_id=subject.pk)
    return {figure.label_en: figure for figure in found}


def counts() -> dict[str, int]:
    models = [
        Organisation, Office, Programme, LargeProject, LargeProjectMember, Agreement, Meeting,
        Contribution, KeyFigure, Activity, ParticipatingOrg, Budget, Transaction, Person,
        Exchange, get_user_model(), Group, OfficeMembership,
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def test_first_run_loads_the_documented_facts():
    output = run_demo()
    assert "/ja/programmes/satreps/" in output

    contribution = Contribution.objects.get(organisation__abbreviation="ISTC", fiscal_year=2017)
    assert contribution.amount == Decimal("40159000")
    assert contribution.currency == "JPY"
    assert (contribution.kind, contribution.budget_kind) == ("voluntary", "initial")
    assert contribution.responsible_office.name_ja == "国際科学協力室"
    assert contribution.responsible_office.organisation.abbreviation == "MOFA"
    assert not contribution.is_sample
    assert "three years" in contribution.indicator_en and "3年間" in contribution.indicator_ja
    # Other years are invented and say so.
    others = Contribution.objects.filter(organisation=contribution.organisation).exclude(
        pk=contribution.pk
    )
    assert others.exists() and all(other.is_sample for other in others)

    istc = contribution.organisation
    assert istc.headquarters_en == "Astana, Kazakhstan"
    istc_figures = figures(istc)
    projects = istc_figures["Projects carried out"]
    assert (projects.value, projects.at_least, projects.as_of) == (
        Decimal("2800"), True, datetime.date(2016, 12, 31),
    )  # fmt: skip
    assert istc_figures["Japanese partner companies and bodies"].value == 85
    assert istc_figures["Funding decided for approved projects"].approximate

    assert Organisation.objects.get(abbreviation="JICA").iati_identifier == "XM-DAC-701-8"
    assert Organisation.objects.get(abbreviation="MOFA").iati_identifier == "XM-DAC-701-2"
    assert Office.objects.values("organisation").distinct().count() >= 2

    satreps = Programme.objects.get(slug="satreps")
    assert {f.label_en: int(f.value) for f in figures(satreps).values()} == {
        "Projects selected": 68, "Partner countries": 35, "of which in Asia": 34,
        "of which in Africa": 19,
    }  # fmt: skip
    assert set(satreps.organisations.values_list("abbreviation", flat=True)) == {
        "JST", "JICA", "MEXT", "MOFA",
    }  # fmt: skip
    assert (
        int(figures(Programme.objects.get(slug="hfsp"))["Nobel laureates among grantees"].value)
        == 18
    )

    iter_members = LargeProject.objects.get(slug="iter").members
    assert iter_members.count() == 7
    assert set(iter_members.exclude(country=None).values_list("country", flat=True)) == {
        "JP", "US", "RU", "CN", "KR", "IN",
    }  # fmt: skip
    assert iter_members.filter(organisation__abbreviation="EU").exists()
    assert LargeProject.objects.get(slug="iss").members.count() == 5
    assert LargeProject.objects.get(slug="lhc").japanese_participants == 200

    committees = Meeting.objects.filter(kind="joint_committee", date__year=2012)
    assert committees.count() == 11
    assert set(committees.values_list("date_precision", flat=True)) == {"month"}
    us = committees.get(agreement__countries="US")
    assert (us.number, us.date, us.place_en) == (13, datetime.date(2012, 7, 1), "Washington, D.C.")
    assert committees.get(agreement__countries="CN").number == 14
    bilateral = Agreement.objects.filter(countries__isnull=False)
    assert bilateral.count() == 11 and not bilateral.filter(signed_on__isnull=False).exists()
    eu = Agreement.objects.get(organisations__abbreviation="EU")
    assert (eu.signed_on, eu.in_force_on) == (
        datetime.date(2009, 11, 30),
        datetime.date(2011, 3, 29),
    )
    first = eu.meetings.get(number=1)
    assert (first.date, first.date_precision) == (datetime.date(2011, 6, 1), "month")
    aprsaf = Meeting.objects.get(number=19, kind="other")
    assert figures(aprsaf)["Participants"].value == 380


def test_first_run_generates_marked_sample_data_and_accounts():
    run_demo()

    samples = generated_activities()  # the evaluation demo adds a few activities of its own
    assert samples.count() == SAMPLES
    assert Activity.objects.filter(is_sample=False).count() == 0
    for activity in samples:
        assert activity.iati_identifier.startswith(("XM-DAC-701-8-SAMPLE-", "JP-SAMPLE-"))
        assert activity.title_text("ja").startswith("【サンプル】")
        assert activity.title_text("en").startswith("[Sample] ")
        assert activity.default_currency == "JPY"
        places = [*activity.recipient_countries.all(), *activity.recipient_regions.all()]
        assert sum(place.percentage for place in places) == 100
        assert sum(sector.percentage for sector in activity.sectors.all()) == 100
    assert samples.filter(programme__slug="satreps").count() >= 4
    assert {"2", "3"} <= set(Transaction.objects.values_list("type", flat=True))
    assert set(Budget.objects.filter(activity__in=samples).values_list("currency", flat=True)) == {
        "JPY"
    }
    assert RecipientCountry.objects.values("country_code").distinct().count() >= 10
    assert ActivitySector.objects.filter(vocabulary="1").exists()
    assert not RecipientRegion.objects.exclude(vocabulary="1").exists()
    assert Person.objects.filter(is_sample=True).exists()
    assert Exchange.objects.filter(is_sample=True).count() == Person.objects.count()

    users = get_user_model().objects.in_bulk(
        ["admin", "mofa-editor", "mext-editor", "viewer"], field_name="username"
    )
    assert len(users) == 4
    assert all(user.check_password(DEMO_PASSWORD) and user.is_staff for user in users.values())
    assert users["admin"].is_superuser
    editor = users["mofa-editor"]
    assert not editor.is_superuser
    assert editor.has_perm("registry.change_contribution")
    assert not editor.has_perm("registry.delete_contribution")
    membership = OfficeMembership.objects.get(user=editor)
    assert (membership.office.name_ja, membership.role) == ("国際科学協力室", "editor")
    assert (
        OfficeMembership.objects.get(user=users["mext-editor"]).office.organisation.abbreviation
        == "MEXT"
    )
    viewer = users["viewer"]
    assert viewer.has_perm("registry.view_activity")
    assert not viewer.has_perm("registry.change_activity")
    assert not viewer.has_perm("registry.add_activity")


def test_second_run_reuses_everything_and_reset_reloads():
    run_demo()
    before = counts()
    ordered = generated_activities().order_by("iati_identifier")
    titles = list(ordered.values_list("title", flat=True))

    started = time.perf_counter()
    output = run_demo()
    assert time.perf_counter() - started < 3
    assert counts() == before
    assert "already loaded" in output

    # A real record survives a reset, and so does the sample organisation it points to;
    # edited facts get their documented values back; demo accounts keep their password.
    pretoria = Organisation.objects.get(name_en="University of Pretoria", is_sample=True)
    Activity.objects.create(
        iati_identifier="ZA-REAL-1", reporting_org=pretoria,
        title=narratives_from(en="A real project"),
    )  # fmt: skip
    istc_2017 = Contribution.objects.filter(organisation__abbreviation="ISTC", fiscal_year=2017)
    istc_2017.update(amount=Decimal("1"))
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed")
    admin.save()

    run_demo("--reset")
    assert istc_2017.get().amount == Decimal("40159000")
    assert generated_activities().count() == SAMPLES
    assert Activity.objects.get(iati_identifier="ZA-REAL-1").reporting_org == pretoria
    assert get_user_model().objects.get(username="admin").check_password("changed")
    after = counts()
    assert after.pop("Activity") == before.pop("Activity") + 1
    assert after == before
    # The same seed gives the same sample data.
    samples = generated_activities().order_by("iati_identifier")
    assert list(samples.values_list("title", flat=True)) == titles


def test_refuses_demo_accounts_on_a_public_site():
    with override_settings(PUBLIC_HOSTING=True):
        with pytest.raises(CommandError, match="Refusing to create demo accounts"):
            run_demo()
    assert not get_user_model().objects.exists()
    assert not Contribution.objects.exists()


@override_settings(PUBLIC_HOSTING=True)
def test_public_site_may_load_the_data_without_accounts():
    output = run_demo("--no-accounts")
    assert Contribution.objects.filter(fiscal_year=2017, amount=Decimal("40159000")).exists()
    assert not get_user_model().objects.exists()
    assert DEMO_PASSWORD not in output
