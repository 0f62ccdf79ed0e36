"""The search index as the importer's batches update it: rows replaced, not duplicated; money
per type and year; cost per chunk, not per activity; index terms from any thread."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.portal.models import (
    ActivityIndex,
    IndexedCountry,
    IndexedRegion,
    IndexedSector,
    IndexedYear,
)
from kakehashi.portal.services import search_index
from kakehashi.portal.services.search_text import _sudachi_terms, index_terms
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    RecipientCountry,
    Transaction,
    narratives_from,
)

pytestmark = pytest.mark.django_db


def make_activity(sample, n: int) -> Activity:
    activity = Activity.objects.create(
        iati_identifier=f"JP-TEST-IDX-{n}",
        reporting_org=sample.jica,
        title=narratives_from(ja=f"防災協力{n}", en=f"Disaster cooperation {n}"),
        activity_status="2",
        kind="oda_project",
        default_currency="JPY",
    )
    ActivityDescription.objects.create(
        activity=activity, narratives=narratives_from(ja="米国の川と附属病院")
    )
    RecipientCountry.objects.create(activity=activity, country_code="KE", percentage=60)
    RecipientCountry.objects.create(activity=activity, country_code="TH", percentage=40)
    ActivitySector.objects.create(activity=activity, code="41050", vocabulary="1")
    for kind, day, value in (
        ("2", date(2019, 4, 1), 1000),  # commitment
        ("3", date(2019, 6, 1), 300),  # disbursements
        ("3", date(2020, 6, 1), 200),
        ("4", date(2020, 7, 1), 999),  # an expenditure: in neither figure
    ):
        Transaction.objects.create(
            activity=activity, type=kind, date=day, value_date=day, value=value, currency="JPY"
        )
    return activity


def index_rows(pk: int) -> dict:
    rows = {
        model.__name__: sorted(model.objects.filter(activity_id=pk).values_list(*fields).order_by())
        for model, fields in (
            (IndexedCountry, ("code", "share")),
            (IndexedRegion, ("code",)),
            (IndexedSector, ("code",)),
            (IndexedYear, ("year", "commitment_jpy", "disbursement_jpy")),
        )
    }
    rows["entry"] = ActivityIndex.objects.filter(pk=pk).values_list(
        "amount_jpy", "commitment_jpy", "disbursement_jpy", "start_year", "tokens"
    )[0]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tokens FROM portal_activity_fts WHERE rowid = %s", [pk])
            rows["fts"] = cursor.fetchall()
    return rows


def test_reindexing_replaces_the_rows(sample):
    activity = make_activity(sample, 1)
    search_index.reindex_activities([activity.pk])
    first = index_rows(activity.pk)
    assert first["IndexedCountry"] == [("KE", 0.6), ("TH", 0.4)]
    assert first["IndexedSector"] == [("410",)]
    assert first["IndexedYear"] == [(2019, 1000, 300), (2020, 0, 200)]
    assert first["entry"][:3] == (1000, 1000, 500)
    assert {"防災", "協力", "川", "付属", "disaster"} <= set(first["entry"][4].split())
    if connection.vendor == "sqlite":
        assert first["fts"] == [(first["entry"][4],)]

    search_index.reindex_activities([activity.pk, activity.pk])
    assert index_rows(activity.pk) == first

    Transaction.objects.filter(activity=activity, type="2").update(value=4000)
    search_index.reindex_activities([activity.pk])
    assert index_rows(activity.pk)["IndexedYear"] == [(2019, 4000, 300), (2020, 0, 200)]


def test_new_activities_delete_nothing_and_chunks_cost_the_same(sample):
    one = [make_activity(sample, 1).pk]
    many = [make_activity(sample, n).pk for n in range(2, 40)]
    with CaptureQueriesContext(connection) as new:
        search_index.reindex_activities(one)
    assert not [q for q in new.captured_queries if q["sql"].startswith("DELETE")]
    with CaptureQueriesContext(connection) as again:
        search_index.reindex_activities(one)
    assert [q for q in again.captured_queries if q["sql"].startswith("DELETE")]
    with CaptureQueriesContext(connection) as chunk:
        assert search_index.reindex_activities(many) == len(many)
    # Queries per chunk, not per activity.
    assert len(chunk.captured_queries) == len(new.captured_queries)


def test_rebuild_gives_what_reindexing_gave(sample):
    activities = [make_activity(sample, n).pk for n in range(3)]
    search_index.reindex_activities(activities)
    before = [index_rows(pk) for pk in activities]
    total = search_index.rebuild_index()
    assert total == ActivityIndex.objects.count()
    assert [index_rows(pk) for pk in activities] == before


def test_index_terms_from_several_threads():
    words = ["防災", "協力", "国際", "機構", "附属", "病院", "農業", "研究", "雑草", "技術"]
    # 1,000 different runs of Japanese text, each "…の附属病院で", so each has 付属.
    texts = ["".join(words[int(d)] for d in f"{n:03d}") + "の附属病院で" for n in range(1000)]
    expected = [index_terms(text) for text in texts]
    assert all("付属" in terms for terms in expected)
    errors, results = [], {}

    def work(n):
        try:
            results[n] = [index_terms(text) for text in texts]
        except Exception as error:  # collected for the assertion
            errors.append(error)

    _sudachi_terms.cache_clear()  # every thread tokenizes
    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(result == expected for result in results.values())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_a_stale_full_text_row_left_by_a_flush_is_replaced(sample):
    activity = make_activity(sample, 1)
    with connection.cursor() as cursor:  # as `flush` leaves it: not a model, not emptied
        cursor.execute(
            "INSERT INTO portal_activity_fts (rowid, tokens) VALUES (%s, 'stale')", [activity.pk]
        )
    search_index.reindex_activities([activity.pk])
    rows = index_rows(activity.pk)
    assert rows["fts"] == [(rows["entry"][4],)]
