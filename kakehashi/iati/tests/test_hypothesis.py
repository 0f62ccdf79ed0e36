"""Hypothesis-generated activities survive export -> import unchanged."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kakehashi.iati.services.exporter import export_activities
from kakehashi.iati.services.importer import import_paths
from kakehashi.iati.services.parser import file_source
from kakehashi.iati.services.validator import validate_source
from kakehashi.iati.tests.helpers import snapshot, wipe_activities
from kakehashi.registry.models import Activity, Organisation

pytestmark = pytest.mark.django_db

text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"), max_size=30
)
langs = st.sampled_from(["", "en", "ja", "fr"])
narratives = st.lists(st.fixed_dictionaries({"lang": langs, "text": text}), min_size=1, max_size=3)
money = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False)
dates = st.dates(min_value=__import__("datetime").date(1990, 1, 1))
codes = st.sampled_from(["1", "2", "3", "4", "11"])
transaction = st.fixed_dictionaries(
    {
        "type": codes,
        "date": dates,
        "value": money,
        "currency": st.sampled_from(["", "USD", "JPY"]),
        "description": st.lists(st.fixed_dictionaries({"lang": langs, "text": text}), max_size=2),
    }
)
activity = st.fixed_dictionaries(
    {
        "title": narratives,
        "default_currency": st.sampled_from(["", "EUR", "JPY"]),
        "planned_start": dates,
        "transactions": st.lists(transaction, max_size=4),
        "countries": st.lists(
            st.tuples(st.sampled_from(["VN", "JP", "KE"]), st.decimals(0, 100, places=3)),
            max_size=2,
        ),
    }
)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(items=st.lists(activity, min_size=1, max_size=3))
def test_generated_activities_round_trip(items, tmp_path_factory):
    wipe_activities()
    organisation, _ = Organisation.objects.get_or_create(
        iati_identifier="XM-DAC-701-8", defaults={"name_en": "JICA", "iati_type": "10"}
    )
    for index, item in enumerate(items):
        activity_obj = Activity.objects.create(
            iati_identifier=f"XM-DAC-701-8-H{index}",
            reporting_org=organisation,
            title=item["title"],
            default_currency=item["default_currency"],
            planned_start=item["planned_start"],
            activity_status="2",
        )
        activity_obj.descriptions.create(narratives=[{"lang": "", "text": "d"}], type="1")
        activity_obj.participants.create(role="1", ref="XM-DAC-701-8")
        for sequence, (code, pct) in enumerate(item["countries"]):
            activity_obj.recipient_countries.create(
                sequence=sequence, country_code=code, percentage=pct
            )
        for sequence, row in enumerate(item["transactions"]):
            activity_obj.transactions.create(sequence=sequence, value_date=row["date"], **row)
    before = snapshot()
    path = tmp_path_factory.mktemp("h") / "export.xml"
    export_activities(str(path))
    assert list(validate_source(file_source(path), codelists=False)) == []
    wipe_activities()
    summary = import_paths([path])
    assert summary.errors == 0, [str(p) for p in summary.problems]
    after = snapshot()
    for data in (before, after):
        for fields in data.values():
            fields.pop("iati_version")
            fields.pop("preserved")  # the import keeps the reporting-org as published
            for row in fields["transactions"]:
                row["value"] = row["value"].normalize()
    assert before == after


any_text = st.text(max_size=20)  # control characters, quotes, backslashes, any plane
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)


@given(lang=any_text, text=any_text)
def test_one_narrative_is_encoded_as_django_would(lang, text):
    """`dumps` takes a short cut for the usual single narrative: the same text as json.dumps
    (what Django's JSONField writes)."""
    import json

    from kakehashi.iati.services.elements import dumps

    for value in ([{"lang": lang, "text": text}], [{"text": text, "lang": lang}]):
        assert dumps(value) == json.dumps(value)


@given(value=json_values | st.lists(st.dictionaries(any_text, json_values, max_size=2), max_size=1))
def test_any_json_value_is_encoded_as_django_would(value):
    import json

    from kakehashi.iati.services.elements import dumps

    assert dumps(value) == json.dumps(value)
