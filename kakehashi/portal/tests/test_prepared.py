"""Compiled querysets (services.prepared) return what the ORM returns, for any value."""

import pytest

from kakehashi.portal.services.prepared import STR_PLACEHOLDER, Prepared
from kakehashi.registry.models import Activity, ParticipatingOrg

pytestmark = pytest.mark.django_db


def test_instances_with_related_objects_as_the_orm_builds_them(sample):
    rows = Prepared(
        lambda pk: (
            ParticipatingOrg.objects.select_related("organisation")
            .filter(activity_id=pk)
            .order_by("sequence")
        )
    )
    for activity in Activity.objects.all():
        expected = list(
            ParticipatingOrg.objects.select_related("organisation")
            .filter(activity=activity)
            .order_by("sequence")
        )
        found = rows(activity.pk)
        assert [(p.pk, p.role, p.narratives) for p in found] == [
            (p.pk, p.role, p.narratives) for p in expected
        ]
        assert [p.organisation and p.organisation.name_en for p in found] == [
            p.organisation and p.organisation.name_en for p in expected
        ]


def test_text_values_and_lists_of_any_length(sample):
    by_identifier = Prepared(
        lambda identifier: Activity.objects.filter(iati_identifier=identifier), STR_PLACEHOLDER
    )
    activity = Activity.objects.order_by("pk").last()
    (found,) = by_identifier(activity.iati_identifier)
    assert (found.pk, found.title, found.planned_start) == (
        activity.pk,
        activity.title,
        activity.planned_start,
    )
    assert by_identifier("no such activity") == []

    identifiers = Prepared(
        lambda ids: (
            Activity.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "iati_identifier")
        )
    )
    every = list(Activity.objects.order_by("pk").values_list("pk", "iati_identifier"))
    for count in (1, 2, len(every)):
        assert identifiers([pk for pk, _i in every[:count]]) == every[:count]
    assert identifiers([every[1][0], every[0][0]]) == every[:2]  # the SQL orders, not the list
    assert identifiers([]) == []
