"""Two offices, a user per role, and one published and one unpublished record of every
API resource, owned by office A — the world every generic test walks."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.test import APIClient

from kakehashi.accounts.services import tokens
from kakehashi.core.models import Codelist, CodelistItem, Country, Office, OfficeMembership, Region
from kakehashi.registry.models import (
    Activity,
    Agreement,
    Budget,
    Contribution,
    LargeProject,
    LargeProjectMember,
    Meeting,
    Organisation,
    Programme,
    RecipientCountry,
    narratives_from,
)

PASSWORD = "kakehashi-test-pass"
ROLES = ["anonymous", "viewer", "editor", "other_editor", "approver", "administrator"]


def make_organisation(office, published, tag):
    return Organisation.objects.create(
        name_ja=f"組織{tag}",
        name_en=f"Organisation {tag}",
        kind="ngo",
        responsible_office=office,
        is_published=published,
    )


def make_contribution(office, published, tag):
    istc = Organisation.objects.get(abbreviation="ISTC")
    return Contribution.objects.create(
        organisation=istc,
        fiscal_year=2000 + len(tag),
        kind="voluntary",
        budget_kind="initial" if published else "supplementary",
        amount=Decimal("40159000"),
        title_en=f"Contribution {tag}",
        internal_notes=f"secret {tag}",
        responsible_office=office,
        is_published=published,
    )


def make_activity(office, published, tag):
    mofa = Organisation.objects.get(abbreviation="MOFA")
    activity = Activity.objects.create(
        iati_identifier=f"XM-DAC-701-2-{tag}",
        reporting_org=mofa,
        kind="research_project",
        title=narratives_from(ja=f"活動{tag}", en=f"Activity {tag}"),
        activity_status="2",
        planned_start=datetime.date(2017, 4, 1),
        responsible_office=office,
        is_published=published,
    )
    RecipientCountry.objects.create(activity=activity, country_code="KZ", percentage=100)
    Budget.objects.create(
        activity=activity,
        period_start=datetime.date(2017, 4, 1),
        period_end=datetime.date(2018, 3, 31),
        value=Decimal("1000000"),
    )
    return activity


def make_programme(office, published, tag):
    return Programme.objects.create(
        slug=f"programme-{tag}".lower(),
        name_en=f"Programme {tag}",
        kind="grant",
        responsible_office=office,
        is_published=published,
    )


def make_large_project(office, published, tag):
    project = LargeProject.objects.create(
        slug=f"project-{tag}".lower(),
        name_en=f"Project {tag}",
        responsible_office=office,
        is_published=published,
    )
    LargeProjectMember.objects.create(project=project, country_id="JP")
    return project


def make_agreement(office, published, tag):
    agreement = Agreement.objects.create(
        title_en=f"Agreement {tag}",
        title_ja=f"協定{tag}",
        responsible_office=office,
        is_published=published,
        signed_on=datetime.date(2009, 11, 1),
    )
    agreement.countries.add("KZ")
    return agreement


def make_meeting(office, published, tag):
    return Meeting.objects.create(
        title_en=f"Meeting {tag}",
        kind="joint_committee",
        number=13,
        date=datetime.date(2012, 7, 1),
        country_id="KZ",
        responsible_office=office,
        is_published=published,
    )


# basename → factory; every registry resource of the router must be here (test_coverage).
RECORD_FACTORIES = {
    "organisation": make_organisation,
    "contribution": make_contribution,
    "activity": make_activity,
    "programme": make_programme,
    "large-project": make_large_project,
    "agreement": make_agreement,
    "meeting": make_meeting,
}

# What a new record of each resource looks like in a POST (the office is the writer's).
NEW_RECORDS = {
    "organisation": lambda w: {"name_ja": "新組織", "name_en": "New body", "kind": "company"},
    "contribution": lambda w: {
        "organisation": w.istc.pk,
        "fiscal_year": 2024,
        "kind": "assessed",
        "amount": "1000.00",
        "currency": "JPY",
    },
    "activity": lambda w: {
        "iati_identifier": "XM-DAC-701-2-NEW",
        "reporting_org": w.mofa.pk,
        "title": [{"lang": "en", "text": "New activity"}],
        "recipient_countries": [{"country_code": "KZ", "percentage": "100"}],
    },
    "programme": lambda w: {"slug": "new-programme", "name_en": "New programme"},
    "large-project": lambda w: {
        "slug": "new-project",
        "name_en": "New project",
        "members": [{"country": "JP"}],
    },
    "agreement": lambda w: {"title_en": "New agreement", "countries": ["KZ"]},
    "meeting": lambda w: {"title_en": "New meeting", "kind": "ministerial"},
}

REFERENCE_ENDPOINTS = ["country", "region", "office", "codelist"]
ADMIN_ENDPOINTS = ["audit", "security-event"]


@dataclass
class World:
    office_a: Office
    office_b: Office
    users: dict
    mofa: Organisation
    istc: Organisation
    published: dict = field(default_factory=dict)
    unpublished: dict = field(default_factory=dict)

    def client(self, role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(self.users[role])
        return client


def make_user(username, office=None, role=None, **extra):
    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    if office is not None:
        OfficeMembership.objects.create(user=user, office=office, role=role)
    return user


@pytest.fixture(autouse=True)
def _fast_and_fresh(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture
def world(db) -> World:
    # update_or_create: other test modules may have loaded the reference data already.
    Country.objects.update_or_create(
        code="JP", defaults={"alpha_3": "JPN", "name_en": "Japan", "name_ja": "日本"}
    )
    Country.objects.update_or_create(
        code="KZ", defaults={"alpha_3": "KAZ", "name_en": "Kazakhstan", "name_ja": "カザフスタン"}
    )
    Region.objects.update_or_create(
        code="619", defaults={"name_en": "Central Asia", "name_ja": "中央アジア"}
    )
    codelist, _ = Codelist.objects.get_or_create(
        name="ActivityStatus", defaults={"name_en": "Activity Status"}
    )
    CodelistItem.objects.update_or_create(
        codelist=codelist, code="2", defaults={"name_en": "Implementation"}
    )
    mofa = Organisation.objects.create(
        name_ja="外務省",
        name_en="Ministry of Foreign Affairs",
        abbreviation="MOFA",
        kind="government",
        iati_identifier="XM-DAC-701-2",
    )
    istc = Organisation.objects.create(
        name_ja="国際科学技術センター",
        name_en="International Science and Technology Center",
        abbreviation="ISTC",
        kind="international_organisation",
    )
    office_a = Office.objects.create(
        code="mofa-isc",
        name_ja="国際科学協力室",
        name_en="Science Cooperation Division",
        organisation=mofa,
    )
    office_b = Office.objects.create(
        code="mext-intl", name_ja="国際戦略室", name_en="International Strategy Office"
    )
    users = {
        "viewer": make_user("viewer-a", office_a, "viewer"),
        "editor": make_user("editor-a", office_a, "editor", is_staff=True),
        "other_editor": make_user("editor-b", office_b, "editor", is_staff=True),
        "approver": make_user("approver-a", office_a, "approver", is_staff=True),
        "administrator": make_user("admin-a", office_a, "administrator", is_staff=True),
    }
    world = World(office_a, office_b, users, mofa, istc)
    for basename, factory in RECORD_FACTORIES.items():
        world.published[basename] = factory(office_a, True, "PUB")
        world.unpublished[basename] = factory(office_a, False, "HIDDEN")
    return world


@pytest.fixture
def token_for():
    def make(user):
        return tokens.create(user, "test")[1]

    return make
