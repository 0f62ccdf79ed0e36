"""The /data/ page: every published record as files (CSV with BOM for Excel, and JSON)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from django.db.models import F
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from kakehashi.portal.models import ActivityIndex
from kakehashi.registry.models import (
    Agreement,
    Contribution,
    LargeProject,
    Meeting,
    Organisation,
    Programme,
)


def _organisations():
    return Organisation.objects.public().values(
        "id",
        "name_ja",
        "name_en",
        "abbreviation",
        "kind",
        "iati_identifier",
        country_code=F("country_id"),
    )


def _contributions():
    return (
        Contribution.objects.public()
        .filter(organisation__is_published=True)
        .values(
            "id",
            "organisation_id",
            "fiscal_year",
            "kind",
            "budget_kind",
            "amount",
            "currency",
            "title_ja",
            "title_en",
            "purpose_ja",
            "purpose_en",
            "outcome_target_ja",
            "outcome_target_en",
            "indicator_ja",
            "indicator_en",
        )
    )


def _programmes():
    return Programme.objects.public().values(
        "id",
        "slug",
        "name_ja",
        "name_en",
        "abbreviation",
        "kind",
        "start_year",
        "end_year",
        "website",
    )


def _large_projects():
    return LargeProject.objects.public().values(
        "id",
        "slug",
        "name_ja",
        "name_en",
        "abbreviation",
        "field_ja",
        "field_en",
        "start_year",
        "japan_role_ja",
        "japan_role_en",
        "japanese_participants",
        "website",
    )


def _agreements():
    return Agreement.objects.public().values(
        "id", "title_ja", "title_en", "signed_on", "in_force_on"
    )


def _meetings():
    return (
        Meeting.objects.public()
        .exclude(agreement__is_published=False)
        .values(
            "id",
            "agreement_id",
            "kind",
            "number",
            "date",
            "title_ja",
            "title_en",
            "place_ja",
            "place_en",
            "level",
            "outcome_ja",
            "outcome_en",
            country_code=F("country_id"),
        )
    )


@dataclass
class DataFile:
    name: str
    title: str
    description: str
    rows: object  # a callable returning a values() queryset
    count: int = 0


FILES = [
    DataFile(
        "organisations",
        _("Organisations"),
        _("International organisations, ministries, agencies, universities and partners."),
        _organisations,
    ),
    DataFile(
        "contributions",
        _("Contributions to international organisations"),
        _(
            "Japan's contributions by fiscal year: kind, budget, amount, purpose, target "
            "and indicator."
        ),
        _contributions,
    ),
    DataFile(
        "programmes",
        _("Programmes"),
        _("Programmes that group activities, such as SATREPS."),
        _programmes,
    ),
    DataFile(
        "large-projects",
        _("Large international projects"),
        _("ITER, ISS, IODP and others, with Japan's role."),
        _large_projects,
    ),
    DataFile(
        "agreements",
        _("Cooperation agreements"),
        _("Bilateral science and technology cooperation agreements."),
        _agreements,
    ),
    DataFile(
        "meetings",
        _("Meetings"),
        _("Joint committees and other meetings, with date, place, level and outcome."),
        _meetings,
    ),
]
BY_NAME = {f.name: f for f in FILES}


def catalogue() -> dict:
    files = []
    for data_file in FILES:
        files.append(
            DataFile(
                data_file.name,
                data_file.title,
                data_file.description,
                data_file.rows,
                data_file.rows().count(),
            )
        )
    return {"tables": files, "activities": ActivityIndex.objects.count()}


def _plain(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value) if not isinstance(value, (int, str)) else value


def response(name: str, fmt: str):
    data_file = BY_NAME.get(name)
    if data_file is None or fmt not in ("csv", "json"):
        return None
    rows = [{k: _plain(v) for k, v in row.items()} for row in data_file.rows().order_by("id")]
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=1)
        result = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        buffer = io.StringIO()
        buffer.write("\ufeff")
        columns = list(rows[0]) if rows else list(data_file.rows().query.values_select)
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        result = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="kakehashi-{name}.{fmt}"'
    return result
