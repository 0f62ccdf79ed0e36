"""The sheet workflow: draft → submitted → reviewed → approved → published.

Who may act is decided by role in the sheet's responsible office (administrators may do
everything): the editor submits, the reviewer reviews, the approver approves, the approver
or administrator publishes, and a reviewer or approver returns a sheet for revision (back to
draft) with a comment. Every step is recorded with its comment (WorkflowEvent).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import Role
from kakehashi.core.services.permissions import can_change, has_role
from kakehashi.evaluation.models import (
    EvaluationSheet,
    Status,
    WorkflowAction,
    WorkflowEvent,
)
from kakehashi.evaluation.services import grading


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    label: object
    needs_comment: bool = False


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            WorkflowAction.SUBMIT,
            (Status.DRAFT,),
            Status.SUBMITTED,
            frozenset({Role.EDITOR}),
            _("Submit for review"),
        ),
        Transition(
            WorkflowAction.REVIEW,
            (Status.SUBMITTED,),
            Status.REVIEWED,
            frozenset({Role.REVIEWER}),
            _("Mark as reviewed"),
        ),
        Transition(
            WorkflowAction.APPROVE,
            (Status.REVIEWED,),
            Status.APPROVED,
            frozenset({Role.APPROVER}),
            _("Approve"),
        ),
        Transition(
            WorkflowAction.PUBLISH,
            (Status.APPROVED,),
            Status.PUBLISHED,
            frozenset({Role.APPROVER, Role.ADMINISTRATOR}),
            _("Publish"),
        ),
        Transition(
            WorkflowAction.RETURN,
            (Status.SUBMITTED, Status.REVIEWED, Status.APPROVED),
            Status.DRAFT,
            frozenset({Role.REVIEWER, Role.APPROVER}),
            _("Return for revision"),
            needs_comment=True,
        ),
    )
}


class WorkflowError(Exception):
    """The step is not allowed or the sheet is not ready; the message is for the user."""


def may(user, sheet: EvaluationSheet, action: str) -> bool:
    transition = TRANSITIONS.get(action)
    if transition is None or sheet.status not in transition.sources:
        return False
    return has_role(user, sheet.responsible_office_id, set(transition.roles))


def allowed_transitions(user, sheet: EvaluationSheet) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if may(user, sheet, t.action)]


def can_edit(user, sheet: EvaluationSheet) -> bool:
    """Drafts are edited by the editing roles of the owning office."""
    return sheet.status == Status.DRAFT and can_change(user, sheet)


def can_comment(user, sheet: EvaluationSheet) -> bool:
    return can_change(user, sheet)


def readiness_problems(sheet: EvaluationSheet) -> list[str]:
    """What keeps a sheet from being submitted (empty list: ready)."""
    problems = []
    for assessment in sheet.assessments.select_related("criterion"):
        if assessment.criterion.mandatory and not grading.points(assessment.grade):
            problems.append(
                str(_("Criterion “%(name)s” has no grade.") % {"name": assessment.criterion.name})
            )
    if not sheet.overall_grade:
        problems.append(str(_("The overall grade is missing.")))
    elif not sheet.template.is_computed and not (
        sheet.overall_justification_ja.strip() or sheet.overall_justification_en.strip()
    ):
        problems.append(str(_("The overall grade needs a justification.")))
    return problems


@transaction.atomic
def perform(sheet: EvaluationSheet, action: str, user, comment: str = "") -> WorkflowEvent:
    """Carry out a workflow step, or raise WorkflowError saying why not."""
    sheet = EvaluationSheet.objects.select_for_update().get(pk=sheet.pk)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(_("Unknown workflow step."))
    if sheet.status not in transition.sources:
        raise WorkflowError(
            _("A sheet that is %(status)s cannot be sent this way.")
            % {"status": sheet.get_status_display()}
        )
    if not may(user, sheet, action):
        raise WorkflowError(_("Your role in the responsible office does not allow this step."))
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise WorkflowError(_("Say what to revise: a comment is required."))
    if action == WorkflowAction.SUBMIT:
        grading.refresh_overall(sheet)
        problems = readiness_problems(sheet)
        if problems:
            raise WorkflowError(" ".join(problems))
    event = WorkflowEvent.objects.create(
        sheet=sheet,
        action=action,
        from_status=sheet.status,
        to_status=transition.target,
        user=user,
        comment=comment,
    )
    sheet.status = transition.target
    fields = ["status", "updated"]
    if transition.target == Status.PUBLISHED:
        sheet.is_published, sheet.published_at = True, timezone.now()
        fields += ["is_published", "published_at"]
    sheet.save(update_fields=fields)
    return event


def add_comment(sheet: EvaluationSheet, user, comment: str) -> WorkflowEvent:
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("The comment is empty."))
    if not can_comment(user, sheet):
        raise WorkflowError(_("Only members of the responsible office may comment."))
    return WorkflowEvent.objects.create(
        sheet=sheet,
        action=WorkflowAction.COMMENT,
        from_status=sheet.status,
        to_status=sheet.status,
        user=user,
        comment=comment,
    )
