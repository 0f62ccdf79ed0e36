from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from kakehashi.registry.models import (
    Contribution,
    LargeProjectMember,
    Organisation,
    Transaction,
    narrative_text,
)


def test_bilingual_names_follow_the_language_with_fallback(registry):
    istc = registry["istc"]
    with translation.override("ja"):
        assert istc.name == "国際科学技術センター"
    with translation.override("en"):
        assert istc.name == "International Science and Technology Center"
        assert str(istc) == "International Science and Technology Center (ISTC)"
    only_japanese = Organisation.objects.create(name_ja="科学技術振興機構", kind="funding_agency")
    with translation.override("en"):
        assert only_japanese.name == "科学技術振興機構"


def test_an_organisation_needs_a_name(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind="other")


def test_contribution_fiscal_year_labels_and_money(registry):
    contribution = registry["contribution"]
    assert contribution.fiscal_year_label_ja == "平成29年度"
    assert contribution.fiscal_year_label == "FY2017"
    assert contribution.money.amount == Decimal("40159000")
    assert contribution.money.currency == "JPY"


def test_one_contribution_per_organisation_year_and_kind(registry):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(
            organisation=registry["istc"],
            fiscal_year=2017,
            kind="voluntary",
            budget_kind="initial",
            amount=Decimal(1),
        )


def test_activity_keeps_every_narrative_and_picks_the_readers_language(registry):
    activity = registry["activity"]
    assert activity.title_text("ja") == "防災研究"
    assert activity.title_text("en") == "Disaster research"
    assert activity.title_text("fr") == "Disaster research"  # falls back to English
    assert narrative_text([{"lang": "fr", "text": "Recherche"}], "ja") == "Recherche"
    assert narrative_text([], "ja") == ""


def test_transaction_currency_falls_back_to_the_activity_default(registry):
    activity = registry["activity"]
    explicit = Transaction.objects.get(activity=activity)
    assert explicit.effective_currency == "USD"
    explicit.currency = ""
    assert explicit.effective_currency == "JPY"


def test_activity_parts_are_deleted_with_the_activity(registry):
    activity = registry["activity"]
    activity.delete()
    assert not Transaction.objects.exists()


def test_large_project_member_named_by_country(registry):
    member = LargeProjectMember.objects.get()
    with translation.override("ja"):
        assert member.name == "日本"


def test_public_queryset_hides_unpublished(registry):
    istc = registry["istc"]
    istc.is_published = False
    istc.save()
    assert istc not in Organisation.objects.public()
    assert registry["mofa"] in Organisation.objects.public()


def test_key_figure_display(registry):
    figure = registry["key_figure"]
    assert figure.value_display == "68"
    figure.value = Decimal("76000")
    figure.unit_en = "scientists"
    with translation.override("en"):
        assert figure.value_display == "76,000 scientists"


@pytest.mark.django_db
def test_transaction_dates_are_not_indexed_but_activities_and_types_are():
    # Migration 0005 drops the date index by name: check it matched on this database.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "registry_transaction")
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    assert ("date",) not in indexed
    assert {("activity_id",), ("type",)} <= indexed
