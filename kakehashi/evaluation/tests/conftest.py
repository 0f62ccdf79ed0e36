"""Offices, users with roles, a small registry and helpers to build sheets."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from kakehashi.core.models import Office, OfficeMembership, Role
from kakehashi.evaluation.models import EvaluationTemplate, Status
from kakehashi.evaluation.services.catalogue import IO_CONTRIBUTION
from kakehashi.evaluation.services.sheets import create_sheet
from kakehashi.registry.models import Contribution, Organisation


@pytest.fixture
def offices(db):
    return {
        "isc": Office.objects.create(
            code="isc",
            name_ja="国際科学協力室",
            name_en="International Science Cooperation Division",
        ),
        "other": Office.objects.create(code="other", name_ja="他課", name_en="Other division"),
    }


@pytest.fixture
def users(offices):
    """One user per role in the ISC office, an editor of another office, a stranger."""
    model = get_user_model()
    made = {}
    for role in Role:
        user = model.objects.create_user(f"isc-{role.value}", password="pw")
        OfficeMembership.objects.create(user=user, office=offices["isc"], role=role)
        made[role.value] = user
    for role in (Role.EDITOR, Role.REVIEWER, Role.APPROVER):
        user = model.objects.create_user(f"other-{role.value}", password="pw")
        OfficeMembership.objects.create(user=user, office=offices["other"], role=role)
        made[f"other-{role.value}"] = user
    made["stranger"] = model.objects.create_user("stranger", password="pw")
    return made


@pytest.fixture
def io_template(db):
    return EvaluationTemplate.objects.get(code=IO_CONTRIBUTION)


@pytest.fixture
def istc(offices):
    organisation = Organisation.objects.create(
        name_ja="国際科学技術センター",
        name_en="International Science and Technology Center",
        abbreviation="ISTC",
        kind="international_organisation",
    )
    return {
        year: Contribution.objects.create(
            organisation=organisation,
            fiscal_year=year,
            kind="voluntary",
            amount=Decimal(amount),
            currency="JPY",
            responsible_office=offices["isc"],
            purpose_ja="拡散防止",
            outcome_target_ja="プロジェクトの完了",
            indicator_ja="直近3年間の完了プロジェクト数の平均",
        )
        for year, amount in (
            (2015, "30000000"),
            (2016, "35000000"),
            (2017, "40159000"),
            (2018, "41000000"),
        )
    }


def fill(sheet, grades, overall=None, *, narrative=True, status=None):
    """Grade the criteria in order (and the overall grade); optionally force a status."""
    for assessment, grade in zip(sheet.assessments.all(), grades, strict=False):
        assessment.grade = grade
        if narrative:
            assessment.narrative_ja = f"{assessment.criterion.name_ja}について記述。"
        assessment.save()
    if overall is not None:
        sheet.overall_grade = overall
        sheet.overall_justification_ja = "総合的に判断した。"
    if status is not None:
        sheet.status = status
        sheet.is_published = status == Status.PUBLISHED
    sheet.save()
    return sheet


@pytest.fixture
def make_sheet(io_template, istc, offices):
    def make(
        year=2017, grades=("B",) * 5, overall="B", status=Status.DRAFT, narrative=True, **kwargs
    ):
        sheet = create_sheet(io_template, istc[year], office=offices["isc"], **kwargs)
        return fill(sheet, grades, overall, status=status, narrative=narrative)

    return make
