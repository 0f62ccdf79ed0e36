"""The change log (django-auditlog's LogEntry) tied to who acted, for which office, and how.

Every LogEntry saved gets: actor, remote address, correlation id (= the request id, or a run
id for commands), and additional_data {"request_id", "source", "office", "command"}. Bulk
writers (imports) that bypass save() should pass `entry_fields()` to each LogEntry.
"""

import csv
import io

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_date

from kakehashi.accounts.services import context
from kakehashi.core.services import permissions


def _record_office_id(entry: LogEntry) -> int | None:
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is None or not hasattr(model, "responsible_office_id"):
        return None
    try:
        return (
            model._base_manager.filter(pk=entry.object_pk)
            .values_list("responsible_office_id", flat=True)
            .first()
        )
    except (ValueError, TypeError):
        return None


def entry_fields(extra: dict | None = None, office_id: int | None = None) -> dict:
    """Fields for a LogEntry written without save() (bulk_create): actor, cid, data."""
    acting = context.current()
    user = context.current_user()
    data = {
        "request_id": acting.request_id,
        "source": acting.source,
        "office": permissions.acting_office(user, office_id) if user else "",
    }
    if acting.command:
        data["command"] = acting.command
        data["os_user"] = context.os_user()
    data.update(acting.extra)
    data.update(extra or {})
    return {
        "actor": user,
        "actor_email": getattr(user, "email", None) or None,
        "remote_addr": context.client_ip(acting.request),
        "cid": acting.request_id,
        "additional_data": data,
    }


def fill_log_entry(sender, instance: LogEntry, **kwargs) -> None:
    """pre_save receiver: complete a LogEntry from the acting context."""
    if instance.pk:
        return
    user = context.current_user()
    office_id = _record_office_id(instance) if user is not None else None
    fields = entry_fields(office_id=office_id)
    if instance.actor_id is None and fields["actor"] is not None:
        instance.actor = fields["actor"]
        instance.actor_email = fields["actor_email"]
    if not instance.remote_addr:
        instance.remote_addr = fields["remote_addr"]
    if not instance.cid:
        instance.cid = fields["cid"]
    data = dict(fields["additional_data"])
    data.update(instance.additional_data or {})
    instance.additional_data = data


def search(params, queryset: QuerySet | None = None) -> QuerySet:
    """Filter the change log: q (object names), model, object, action, actor, office,
    request_id, date_from, date_to (YYYY-MM-DD)."""
    entries = queryset if queryset is not None else LogEntry.objects.all()
    entries = entries.select_related("actor", "content_type").order_by("-timestamp", "-id")
    q = (params.get("q") or "").strip()
    if q:
        entries = entries.filter(Q(object_repr__icontains=q) | Q(object_pk=q))
    model = (params.get("model") or "").strip().lower()
    if "." in model:
        app_label, _, name = model.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=name)
    elif model:
        entries = entries.filter(content_type__model=model)
    if params.get("object_pk"):
        entries = entries.filter(object_pk=params["object_pk"])
    action = (params.get("action") or "").strip().lower()
    actions = {name: value for value, name in ACTION_NAMES.items()}
    if action in actions:
        entries = entries.filter(action=actions[action])
    elif action.isdigit():
        entries = entries.filter(action=int(action))
    if params.get("actor"):
        entries = entries.filter(actor__username=params["actor"])
    if params.get("office"):
        entries = entries.filter(additional_data__office=params["office"])
    if params.get("request_id"):
        entries = entries.filter(cid=params["request_id"])
    start = parse_date(params.get("date_from") or "") if params.get("date_from") else None
    end = parse_date(params.get("date_to") or "") if params.get("date_to") else None
    if start:
        entries = entries.filter(timestamp__date__gte=start)
    if end:
        entries = entries.filter(timestamp__date__lte=end)
    return entries


ACTION_NAMES = {
    LogEntry.Action.CREATE: "create",
    LogEntry.Action.UPDATE: "update",
    LogEntry.Action.DELETE: "delete",
    LogEntry.Action.ACCESS: "access",
}

CSV_COLUMNS = [
    "timestamp",
    "action",
    "model",
    "object_pk",
    "object_repr",
    "actor",
    "office",
    "source",
    "request_id",
    "remote_addr",
    "changes",
]


def as_row(entry: LogEntry) -> dict:
    data = entry.additional_data or {}
    return {
        "id": entry.pk,
        "timestamp": entry.timestamp.isoformat(),
        "action": ACTION_NAMES.get(entry.action, str(entry.action)),
        "model": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "object_pk": entry.object_pk,
        "object_repr": entry.object_repr,
        "actor": entry.actor.get_username() if entry.actor_id else "",
        "office": data.get("office", ""),
        "source": data.get("source", ""),
        "command": data.get("command", ""),
        "request_id": entry.cid or data.get("request_id", ""),
        "remote_addr": entry.remote_addr or "",
        "changes": entry.changes_dict,
        "change_list": change_list(entry.changes_dict),
        "additional_data": data,
    }


def change_list(changes: dict) -> list[tuple[str, str, str]]:
    """(field, before, after) rows; templates can't iterate a dict with a key named "items"."""
    rows = []
    for field, change in changes.items():
        if isinstance(change, (list, tuple)) and len(change) == 2:
            rows.append((field, change[0], change[1]))
        elif isinstance(change, dict):  # many-to-many: {"operation", "objects", …}
            objects = ", ".join(str(o) for o in change.get("objects", []))
            rows.append((field, change.get("operation", ""), objects))
        else:
            rows.append((field, "", str(change)))
    return rows


def _csv_safe(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(entries):
    """The change log as CSV lines (streamed), with changes as JSON."""
    import json

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for entry in entries.iterator(chunk_size=1000):
        row = as_row(entry)
        row["changes"] = json.dumps(row["changes"], ensure_ascii=False)
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_safe(row[column]) for column in CSV_COLUMNS])
        yield buffer.getvalue()
