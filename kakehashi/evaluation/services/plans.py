"""Implementation plans: who sees and changes them, and recording a half-yearly review."""

from __future__ import annotations

from django.db import transaction

from kakehashi.core.models import Office, Role
from kakehashi.core.services.permissions import (
    EDITING_ROLES,
    has_role,
    is_administrator,
    office_ids,
)
from kakehashi.evaluation.models import ImplementationPlan, PlanItemReview, PlanReview


def visible_plans(user):
    queryset = ImplementationPlan.objects.select_related("office")
    if is_administrator(user):
        return queryset
    return queryset.filter(office_id__in=office_ids(user))


def editable_offices(user):
    if is_administrator(user):
        return Office.objects.all()
    return Office.objects.filter(pk__in=office_ids(user, EDITING_ROLES))


def can_view_plan(user, plan) -> bool:
    return has_role(user, plan.office_id, set(Role))


def can_change_plan(user, plan) -> bool:
    return has_role(user, plan.office_id, EDITING_ROLES)


def can_review_plan(user, plan) -> bool:
    """Half-yearly reviews are recorded by reviewers, approvers (and administrators)."""
    return has_role(user, plan.office_id, {Role.REVIEWER, Role.APPROVER})


@transaction.atomic
def record_review(plan, half: str, data: dict, user) -> PlanReview:
    """Create or replace the review of one half year; item statuses follow the review."""
    review, _ = PlanReview.objects.update_or_create(
        plan=plan,
        half=half,
        defaults={
            "reviewed_on": data["reviewed_on"],
            "notes_ja": data.get("notes_ja", ""),
            "notes_en": data.get("notes_en", ""),
            "reviewer": user if user.is_authenticated else None,
        },
    )
    for item in plan.items.all():
        status = data[f"status_{item.pk}"]
        PlanItemReview.objects.update_or_create(
            review=review,
            item=item,
            defaults={"status": status, "note": data.get(f"note_{item.pk}", "")},
        )
        if item.status != status:
            item.status = status
            item.save(update_fields=["status"])
    return review


def review_table(plan) -> list[dict]:
    """Per item: the H1 and H2 review (status and note), for the plan page."""
    reviews = {
        r.half: {ir.item_id: ir for ir in r.item_reviews.all()}
        for r in plan.reviews.prefetch_related("item_reviews")
    }
    return [
        {
            "item": item,
            "H1": reviews.get("H1", {}).get(item.pk),
            "H2": reviews.get("H2", {}).get(item.pk),
        }
        for item in plan.items.all()
    ]
