"""Writes: validation by field, optimistic concurrency, atomic bulk create, conditional GET."""

from django.urls import reverse

from kakehashi.registry.models import Activity, Organisation


def test_validation_errors_name_each_field(world):
    response = world.client("editor").post(
        reverse("api:organisation-list"), {"name_en": "", "kind": "castle"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"name_ja", "name_en", "kind"}


def test_organisation_kinds_are_the_documented_ones(world):
    for kind in [
        "international_organisation",
        "government",
        "funding_agency",
        "research_institute",
        "company",
        "ngo",
        "other",
    ]:
        response = world.client("approver").post(
            reverse("api:organisation-list"),
            {"name_ja": f"組織 {kind}", "name_en": f"Body {kind}", "kind": kind},
            format="json",
        )
        assert response.status_code == 201, response.content


def test_stale_if_match_is_refused_with_412(world):
    client = world.client("editor")
    url = reverse("api:organisation-detail", args=[world.published["organisation"].pk])
    first = client.get(url)
    etag = first["ETag"]
    assert (
        client.patch(url, {"name_en": "One"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    )
    stale = client.patch(url, {"name_en": "Two"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Organisation.objects.get(pk=world.published["organisation"].pk).name_en == "One"
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412


def test_stale_version_is_refused_with_409(world):
    client = world.client("editor")
    url = reverse("api:activity-detail", args=[world.published["activity"].pk])
    version = client.get(url).json()["version"]
    ok = client.patch(url, {"version": version, "activity_status": "3"}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["version"] != version
    stale = client.patch(url, {"version": version, "activity_status": "4"}, format="json")
    assert stale.status_code == 409
    assert Activity.objects.get(pk=world.published["activity"].pk).activity_status == "3"


def test_conditional_get(world):
    client = world.client("anonymous")
    url = reverse("api:organisation-detail", args=[world.published["organisation"].pk])
    response = client.get(url)
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    listing = client.get(reverse("api:organisation-list"))
    assert listing["ETag"]
    assert (
        client.get(reverse("api:organisation-list"), HTTP_IF_NONE_MATCH=listing["ETag"]).status_code
        == 304
    )


def test_bulk_create_is_atomic_with_errors_by_index(world):
    client = world.client("editor")
    url = reverse("api:organisation-bulk")
    before = Organisation.objects.count()
    items = [
        {"name_ja": "一", "name_en": "One", "kind": "ngo"},
        {"name_ja": "二", "name_en": "", "kind": "ngo"},
        {"name_ja": "三", "name_en": "Three", "kind": "nonsense"},
    ]
    response = client.post(url, items, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["index"] for error in errors] == [1, 2]
    assert "name_en" in errors[0]["errors"] and "kind" in errors[1]["errors"]
    assert Organisation.objects.count() == before
    # Two items clashing in the database: nothing is created either.
    clash = [
        {"name_ja": "甲", "name_en": "A", "kind": "ngo", "iati_identifier": "XX-1"},
        {"name_ja": "乙", "name_en": "B", "kind": "ngo", "iati_identifier": "XX-1"},
    ]
    response = client.post(url, clash, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["index"] == 1
    assert Organisation.objects.count() == before
    good = client.post(
        url, items[:1] * 1 + [{"name_ja": "四", "name_en": "Four", "kind": "ngo"}], format="json"
    )
    assert good.status_code == 201
    assert Organisation.objects.count() == before + 2


def test_nested_activity_parts_are_written(world):
    client = world.client("editor")
    data = {
        "iati_identifier": "XM-DAC-701-2-NESTED",
        "reporting_org": world.mofa.pk,
        "title": [{"lang": "ja", "text": "入れ子"}, {"lang": "en", "text": "Nested"}],
        "recipient_countries": [
            {"country_code": "KZ", "percentage": "60"},
            {"country_code": "JP", "percentage": "40"},
        ],
        "sectors": [{"code": "74020", "vocabulary": "1"}],
        "budgets": [{"period_start": "2017-04-01", "period_end": "2018-03-31", "value": "1000.5"}],
        "transactions": [
            {
                "type": "3",
                "date": "2017-06-01",
                "value": "400",
                "currency": "USD",
                "sectors": [{"code": "74020"}],
            }
        ],
    }
    response = client.post(reverse("api:activity-list"), data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [c["country_code"] for c in body["recipient_countries"]] == ["KZ", "JP"]
    url = reverse("api:activity-detail", args=[body["id"]])
    replaced = client.patch(url, {"recipient_countries": [{"country_code": "JP"}]}, format="json")
    assert [c["country_code"] for c in replaced.json()["recipient_countries"]] == ["JP"]
    assert len(replaced.json()["budgets"]) == 1


def test_editors_cannot_publish_or_move_records_to_other_offices(world):
    client = world.client("editor")
    hidden = world.unpublished["organisation"]
    url = reverse("api:organisation-detail", args=[hidden.pk])
    response = client.patch(url, {"is_published": True}, format="json")
    assert response.status_code == 400 and "is_published" in response.json()
    response = client.patch(url, {"responsible_office": "mext-intl"}, format="json")
    assert response.status_code == 400 and "responsible_office" in response.json()
    approver = world.client("approver")
    assert approver.patch(url, {"is_published": True}, format="json").status_code == 200


def test_cursor_pagination_and_ordering(world):
    client = world.client("administrator")
    first = client.get(reverse("api:activity-list") + "?page_size=1&ordering=-id").json()
    assert len(first["results"]) == 1 and first["next"]
    second = client.get(first["next"]).json()
    assert second["results"][0]["id"] < first["results"][0]["id"]


def test_ordering_on_empty_columns_is_not_offered(world):
    """A cursor cannot resume from an empty value: such columns are not orderable."""
    from kakehashi.registry.models import Activity

    client = world.client("administrator")
    Activity.objects.update(planned_start=None)
    url = reverse("api:activity-list") + "?page_size=1&ordering=-planned_start"
    page = client.get(url)
    while page.status_code == 200 and page.json()["next"]:
        page = client.get(page.json()["next"])
    assert page.status_code == 200
    ordered = client.get(reverse("api:activity-list") + "?ordering=-iati_identifier").json()
    identifiers = [row["iati_identifier"] for row in ordered["results"]]
    assert identifiers == sorted(identifiers, reverse=True)


def test_filters(world):
    client = world.client("anonymous")
    url = reverse("api:activity-list")
    for query, found in [
        ("country=KZ", 1),
        ("country=JP", 0),
        ("status=2", 1),
        ("kind=research_project", 1),
        ("year_from=2017&year_to=2017", 1),
        ("year_to=2000", 0),
        ("amount_min=1000000", 1),
        ("amount_max=10", 0),
        ("reporting_org=XM-DAC-701-2", 1),
        ("q=Activity", 1),
    ]:
        assert len(client.get(f"{url}?{query}").json()["results"]) == found, query


def test_rate_limit(world, settings):
    settings.KAKEHASHI_API_RATES = {"anonymous": "3/minute", "user": "3/minute"}
    client = world.client("anonymous")
    codes = [client.get(reverse("api:country-list")).status_code for _ in range(5)]
    assert codes[:3] == [200] * 3 and codes[-1] == 429
