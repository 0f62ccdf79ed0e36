"""Evidence for a criterion written as lines of text in the sheet form.

One link per line:
    https://example.org/report.pdf Annual report 2017   (a document: URL, then a title)
    contribution:12 FY2017 budget                        (a registry record: kind:id)
    activity:XM-DAC-701-2-TEST-1                          (activities by IATI identifier)
    organisation:5
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from kakehashi.evaluation.models import Evidence
from kakehashi.registry.models import Activity, Contribution, Organisation

RECORD_KINDS = {
    "contribution": (Contribution, "pk"),
    "activity": (Activity, "iati_identifier"),
    "organisation": (Organisation, "pk"),
}


def parse(text: str) -> list[dict]:
    """Lines to Evidence field values; raises ValidationError naming the bad line."""
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, _sep, title = line.partition(" ")
        title = title.strip()
        if head.startswith(("http://", "https://")):
            try:
                URLValidator()(head)
            except ValidationError:
                raise ValidationError(_("Line %(n)s: not a valid URL.") % {"n": number}) from None
            items.append({"url": head, "title": title})
            continue
        kind, _colon, key = head.partition(":")
        if kind not in RECORD_KINDS or not key:
            raise ValidationError(
                _(
                    "Line %(n)s: start with a URL or with contribution:, activity: or "
                    "organisation: and the record's id."
                )
                % {"n": number}
            )
        model, lookup = RECORD_KINDS[kind]
        try:
            record = model.objects.get(**{lookup: key})
        except (model.DoesNotExist, ValueError):
            raise ValidationError(
                _("Line %(n)s: no such record in the registry.") % {"n": number}
            ) from None
        items.append(
            {
                "content_type": ContentType.objects.get_for_model(model),
                "object_id": str(record.pk),
                "title": title or str(record),
            }
        )
    return items


def as_text(assessment) -> str:
    lines = []
    for evidence in assessment.evidence.all():
        if evidence.url:
            lines.append(f"{evidence.url} {evidence.title}".strip())
        elif evidence.content_type_id:
            model = evidence.content_type.model_class()
            kind = next((k for k, (m, _l) in RECORD_KINDS.items() if m is model), None)
            record = evidence.record
            if kind and record is not None:
                key = record.iati_identifier if kind == "activity" else record.pk
                lines.append(f"{kind}:{key} {evidence.title}".strip())
    return "\n".join(lines)


def replace(assessment, items: list[dict]) -> None:
    """Make the assessment's evidence exactly `items` (unchanged links are kept)."""
    wanted = {(i.get("url", ""), i.get("content_type"), i.get("object_id", "")): i for i in items}
    for evidence in assessment.evidence.all():
        key = (evidence.url, evidence.content_type, evidence.object_id)
        item = wanted.pop(key, None)
        if item is None:
            evidence.delete()
        elif evidence.title != item.get("title", ""):
            evidence.title = item.get("title", "")
            evidence.save()
    for item in wanted.values():
        Evidence.objects.create(assessment=assessment, **item)


def link(evidence: Evidence) -> str:
    """Where the evidence points: its URL or the record's public page."""
    if evidence.url:
        return evidence.url
    record = evidence.record
    if record is not None and hasattr(record, "get_absolute_url"):
        try:
            return record.get_absolute_url()
        except Exception:  # the portal may not route this kind of record
            return ""
    return ""
