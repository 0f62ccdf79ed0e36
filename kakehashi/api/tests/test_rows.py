"""Lists served from rows (kakehashi.api.rows) are exactly what the serializers give: every
record endpoint, every role, several orderings and page sizes, and awkward JSON values."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from kakehashi.api import rows
from kakehashi.api.tests.conftest import RECORD_FACTORIES, ROLES
from kakehashi.registry.api import activities
from kakehashi.registry.models import Activity, ActivitySector, RecipientCountry


@pytest.fixture
def no_response_cache(settings):
    settings.KAKEHASHI_API_PUBLIC_CACHE_SECONDS = 0


def _walk(client, url):
    """Every page's body, following the cursor (at most 50 pages)."""
    bodies = []
    while url and len(bodies) < 50:
        response = client.get(url)
        assert response.status_code == 200, response.content
        bodies.append(response.content)
        url = response.json()["next"]
    return bodies


def _both(monkeypatch, client, url):
    from_rows = _walk(client, url)
    with monkeypatch.context() as patched:
        patched.setattr(rows, "plan_for", lambda serializer_class: None)
        from_serializers = _walk(client, url)
    if from_rows != from_serializers:  # name the first difference
        for page_rows, page_serializers in zip(from_rows, from_serializers, strict=False):
            mine, theirs = json.loads(page_rows), json.loads(page_serializers)
            for row, expected in zip(mine["results"], theirs["results"], strict=False):
                for key in expected:
                    assert row.get(key) == expected[key], (url, expected["id"], key)
                assert list(row) == list(expected), (url, expected["id"])
    return from_rows, from_serializers


def test_the_activity_list_has_a_row_plan():
    assert rows.plan_for(activities.ActivityListSerializer) is not None


@pytest.mark.parametrize("basename", RECORD_FACTORIES)
@pytest.mark.parametrize("role", ROLES)
def test_row_lists_equal_serializer_lists(world, role, basename, monkeypatch, no_response_cache):
    client = world.client(role)
    url = reverse(f"api:{basename}-list")
    for query in ["", "?page_size=1", "?ordering=-created&page_size=1", "?ordering=-id"]:
        from_rows, from_serializers = _both(monkeypatch, client, url + query)
        assert from_rows == from_serializers, (basename, role, query)


def test_awkward_activities_equal_serializer_lists(world, monkeypatch, no_response_cache):
    activity = Activity.objects.create(
        iati_identifier="XM-AWKWARD-1",
        reporting_org=world.mofa,
        # Keys out of order, an extra key, a missing language, a number for a text.
        title=[{"text": "Awkward", "lang": "en", "extra": 1}, {"text": "言語なし"}],
        default_aid_types=[{"code": "C01", "vocabulary": "1"}, {"code": 7}],
        last_updated_datetime=datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        planned_start=datetime.date(2017, 4, 1),
        humanitarian=True,
        hierarchy=2,
        responsible_office=world.office_a,
        is_published=True,
    )
    Activity.objects.create(
        iati_identifier="XM-AWKWARD-2",
        reporting_org=world.mofa,
        title=[{"lang": "en", "text": 5}],
        responsible_office=None,
        is_published=True,
    )
    # Out of insertion order. (Equal sequences: the serializers' prefetch leaves their order
    # to the database; rows break the tie by id.)
    for sequence, code in [(2, "KE"), (0, "VN"), (1, "TH")]:
        RecipientCountry.objects.create(
            activity=activity, country_code=code, sequence=sequence, percentage=Decimal("33.3")
        )
    ActivitySector.objects.create(
        activity=activity,
        code="11110",
        vocabulary="1",
        percentage=None,
        narratives=[{"lang": "ja", "text": "教育"}],
    )
    url = reverse("api:activity-list")
    for role in ["anonymous", "viewer"]:
        client = world.client(role)
        for query in ["", "?page_size=2", "?ordering=-iati_identifier&page_size=1", "?q=awkward"]:
            from_rows, from_serializers = _both(monkeypatch, client, url + query)
            assert from_rows == from_serializers, (role, query)


def test_many_to_many_lists_equal_serializer_lists(world, monkeypatch, no_response_cache):
    from kakehashi.core.models import Country
    from kakehashi.registry.api import serializers as records
    from kakehashi.registry.models import Agreement, Organisation, Programme

    for code, name in [("VN", "Viet Nam"), ("KE", "Kenya"), ("TH", "Thailand")]:
        Country.objects.update_or_create(code=code, defaults={"name_en": name})
    assert rows.plan_for(records.AgreementSerializer) is not None
    assert rows.plan_for(records.ProgrammeSerializer) is not None
    partners = [
        Organisation.objects.create(name_en=name, name_ja=name_ja)
        for name, name_ja in [("Zeta Institute", "ゼータ"), ("Alpha Agency", "アルファ")]
    ]
    for number in range(3):
        agreement = Agreement.objects.create(
            title_en=f"M2M agreement {number}", responsible_office=world.office_a, is_published=True
        )
        agreement.countries.add("VN", "KE", "TH")
        agreement.organisations.add(*partners[: number + 1])
        programme = Programme.objects.create(
            slug=f"m2m-{number}", name_en=f"M2M {number}", is_published=True
        )
        programme.organisations.add(*partners[number % 2 :])
    client = world.client("anonymous")
    for basename in ["agreement", "programme"]:
        url = reverse(f"api:{basename}-list")
        for query in ["", "?page_size=2", "?ordering=-id"]:
            from_rows, from_serializers = _both(monkeypatch, client, url + query)
            assert from_rows == from_serializers, (basename, query)
    body = client.get(reverse("api:agreement-list") + "?ordering=-id&page_size=1").json()
    newest = body["results"][0]
    assert newest["countries"] == ["KE", "TH", "VN"]
    assert newest["organisations"] == [partners[1].pk, partners[0].pk]  # by English name


def test_many_to_many_lists_read_each_field_once_per_page(
    world, django_assert_max_num_queries, no_response_cache
):
    from kakehashi.registry.models import Agreement

    for number in range(20):
        agreement = Agreement.objects.create(
            title_en=f"Many {number}", responsible_office=world.office_a, is_published=True
        )
        agreement.countries.add("KZ", "JP")
    client = world.client("anonymous")
    url = reverse("api:agreement-list") + "?page_size=20"
    client.get(url)  # warm per-process caches
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.json()["results"]) == 20
