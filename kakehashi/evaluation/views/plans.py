"""Implementation plans of the offices with their half-yearly reviews (staff pages)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kakehashi.evaluation.forms import PlanForm, PlanItemForm, PlanReviewForm
from kakehashi.evaluation.models import Half, ImplementationPlan
from kakehashi.evaluation.services import plans as service


def _plan(request, pk: int) -> ImplementationPlan:
    plan = get_object_or_404(ImplementationPlan.objects.select_related("office"), pk=pk)
    if not service.can_view_plan(request.user, plan):
        raise Http404
    return plan


@login_required
def plan_list(request):
    return render(
        request,
        "evaluation/plan_list.html",
        {
            "plans": service.visible_plans(request.user),
            "can_create": service.editable_offices(request.user).exists(),
        },
    )


@login_required
def plan_create(request):
    offices = service.editable_offices(request.user)
    if not offices.exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        return redirect("evaluation:plan", plan.pk)
    return render(request, "evaluation/plan_form.html", {"form": form})


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    return render(
        request,
        "evaluation/plan_detail.html",
        {
            "plan": plan,
            "rows": service.review_table(plan),
            "reviews": plan.reviews.select_related("reviewer"),
            "halves": Half.choices,
            "can_change": service.can_change_plan(request.user, plan),
            "can_review": service.can_review_plan(request.user, plan),
        },
    )


@login_required
def item_create(request, pk: int):
    plan = _plan(request, pk)
    if not service.can_change_plan(request.user, plan):
        raise PermissionDenied
    form = PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.plan, item.position = plan, plan.items.count() + 1
        item.save()
        return redirect("evaluation:plan", plan.pk)
    return render(request, "evaluation/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_review(request, pk: int, half: str):
    plan = _plan(request, pk)
    if half not in Half.values:
        raise Http404
    if not service.can_review_plan(request.user, plan):
        raise PermissionDenied
    existing = plan.reviews.filter(half=half).first()
    initial = {}
    if existing:
        initial = {
            "reviewed_on": existing.reviewed_on,
            "notes_ja": existing.notes_ja,
            "notes_en": existing.notes_en,
        }
        for item_review in existing.item_reviews.all():
            initial[f"status_{item_review.item_id}"] = item_review.status
            initial[f"note_{item_review.item_id}"] = item_review.note
    form = PlanReviewForm(request.POST or None, items=plan.items.all(), initial=initial)
    if request.method == "POST" and form.is_valid():
        service.record_review(plan, half, form.cleaned_data, request.user)
        messages.success(request, _("The review was saved."))
        return redirect("evaluation:plan", plan.pk)
    return render(
        request,
        "evaluation/plan_review.html",
        {
            "plan": plan,
            "form": form,
            "half": Half(half),
        },
    )
