"""The workflow per role and office: who may submit, review, approve, publish, return."""

import pytest

from kakehashi.evaluation.models import Status, WorkflowAction
from kakehashi.evaluation.services import workflow
from kakehashi.evaluation.services.workflow import WorkflowError, perform

pytestmark = pytest.mark.django_db

STEPS = [
    (Status.DRAFT, WorkflowAction.SUBMIT, {"editor", "administrator"}),
    (Status.SUBMITTED, WorkflowAction.REVIEW, {"reviewer", "administrator"}),
    (Status.REVIEWED, WorkflowAction.APPROVE, {"approver", "administrator"}),
    (Status.APPROVED, WorkflowAction.PUBLISH, {"approver", "administrator"}),
]
EVERYONE = [
    "viewer",
    "editor",
    "reviewer",
    "approver",
    "administrator",
    "other-editor",
    "other-reviewer",
    "other-approver",
    "stranger",
]


@pytest.mark.parametrize(("status", "action", "allowed"), STEPS)
def test_each_step_is_allowed_by_role_and_office_only(make_sheet, users, status, action, allowed):
    sheet = make_sheet(status=status)
    for name in EVERYONE:
        assert workflow.may(users[name], sheet, action) == (name in allowed), name


def test_full_path_to_publication_records_every_step(make_sheet, users):
    sheet = make_sheet()
    perform(sheet, "submit", users["editor"], "最初の提出")
    perform(sheet, "review", users["reviewer"], "確認済み")
    perform(sheet, "approve", users["approver"])
    perform(sheet, "publish", users["approver"], "公表")
    sheet.refresh_from_db()
    assert sheet.status == Status.PUBLISHED and sheet.is_published and sheet.published_at
    actions = list(sheet.events.values_list("action", "comment"))
    assert actions == [
        ("create", ""),
        ("submit", "最初の提出"),
        ("review", "確認済み"),
        ("approve", ""),
        ("publish", "公表"),
    ]


def test_steps_cannot_be_skipped_or_done_by_other_office(make_sheet, users):
    sheet = make_sheet()
    with pytest.raises(WorkflowError):
        perform(sheet, "approve", users["approver"])  # not reviewed yet
    with pytest.raises(WorkflowError):
        perform(sheet, "submit", users["other-editor"])
    with pytest.raises(WorkflowError):
        perform(sheet, "submit", users["viewer"])
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.REVIEWED, Status.APPROVED])
@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_return_for_revision_needs_a_comment(make_sheet, users, status, role):
    sheet = make_sheet(status=status)
    with pytest.raises(WorkflowError):
        perform(sheet, "return", users[role], "  ")
    perform(sheet, "return", users[role], "根拠資料を追加すること")
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT
    assert sheet.events.last().comment == "根拠資料を追加すること"


def test_editor_cannot_return_and_published_cannot_be_returned(make_sheet, users):
    assert not workflow.may(users["editor"], make_sheet(status=Status.SUBMITTED), "return")
    published = make_sheet(year=2016, status=Status.PUBLISHED)
    assert not workflow.may(users["approver"], published, "return")


def test_submit_requires_grades_and_justification(make_sheet, users):
    sheet = make_sheet(grades=("B", "", "B", "B", "B"), overall="")
    with pytest.raises(WorkflowError) as error:
        perform(sheet, "submit", users["editor"])
    assert "grade" in str(error.value).lower() or "評価" in str(error.value)
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT
    assert len(workflow.readiness_problems(sheet)) == 2  # one criterion, the overall grade


def test_only_drafts_are_editable_by_the_owning_office(make_sheet, users):
    draft = make_sheet()
    assert workflow.can_edit(users["editor"], draft)
    assert not workflow.can_edit(users["viewer"], draft)
    assert not workflow.can_edit(users["other-editor"], draft)
    submitted = make_sheet(year=2016, status=Status.SUBMITTED)
    assert not workflow.can_edit(users["editor"], submitted)


def test_comments_by_members_only(make_sheet, users):
    sheet = make_sheet()
    workflow.add_comment(sheet, users["reviewer"], "指標の値を確認")
    assert sheet.events.filter(action="comment").count() == 1
    with pytest.raises(WorkflowError):
        workflow.add_comment(sheet, users["other-editor"], "外部から")
