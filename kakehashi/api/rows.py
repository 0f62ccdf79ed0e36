"""Read-only lists serialized from rows (`values()`), not model instances.

DRF's serializer machinery (fields built per request, `get_attribute` per field and row,
model instances, prefetch caches) costs ~10 ms for a page of 25 activities with their
countries and sectors: most of a list request. A `RowPlan` is compiled once per serializer
class from the serializer's own fields and gives the same JSON (each value still goes
through the field's `to_representation`), from one `values()` query for the page and one
per kind of nested part. Serializers it cannot reproduce exactly (method fields other than
`version`, dotted sources, their own `to_representation`) get no plan: their lists take
DRF's usual path. Many-to-many fields listed as primary keys (a programme's organisations,
an agreement's countries) are read with one query per field for the whole page.
kakehashi/api/tests/test_rows.py checks the output is identical for every record endpoint
and role.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import relations, serializers

from kakehashi.api.serializers import RecordSerializer, record_version
from kakehashi.core.services import permissions


class Unsupported(Exception):
    """The serializer has a field a row plan cannot reproduce exactly."""


def _plain_items(field):
    """For a list of JSON objects whose fields are all plain CharFields (narratives,
    codes): the field names and the required ones, else None."""
    child = getattr(field, "child", None)
    if (
        not isinstance(field, serializers.ListSerializer)
        or type(child).to_representation is not serializers.Serializer.to_representation
    ):
        return None
    readable = [f for f in child.fields.values() if not f.write_only]
    if not all(type(f) is serializers.CharField and f.source == f.field_name for f in readable):
        return None
    return tuple(f.field_name for f in readable), frozenset(
        f.field_name for f in readable if f.required
    )


def _json_list(field):
    """A converter for a JSON list of objects: rebuilt in field order without DRF's
    per-item machinery when every item is a dict of strings; DRF otherwise."""
    shape = _plain_items(field)
    convert = field.to_representation
    if shape is None:
        return convert
    names, required = shape

    def to_representation(value):
        if type(value) is not list:
            return convert(value)
        out = []
        for item in value:
            if type(item) is not dict or not required <= item.keys():
                return convert(value)
            row = {}
            for name in names:
                if name in item:
                    text = item[name]
                    if type(text) is not str:
                        return convert(value)
                    row[name] = text
            out.append(row)
        return out

    return to_representation


def _uses_default_representation(serializer) -> bool:
    method = type(serializer).to_representation
    return method in (serializers.Serializer.to_representation, RecordSerializer.to_representation)


class RowPlan:
    """How to turn `values()` rows of `model` into what `serializer` would give."""

    def __init__(self, serializer):
        if not isinstance(serializer, serializers.ModelSerializer):
            raise Unsupported("not a ModelSerializer")
        if not _uses_default_representation(serializer):
            raise Unsupported("own to_representation")
        self.model = serializer.Meta.model
        self.columns: dict[str, None] = {}  # ordered set of values() keys
        self.fields: list[tuple[str, str, object]] = []  # (name, column, converter or None)
        self.version = None
        self.parts: list[tuple[str, RowPlan, str]] = []  # (name, plan, parent column)
        self.related: dict[str, object] = {}  # name -> many-to-many model field (as pks)
        self.confidential = ()
        if isinstance(serializer, RecordSerializer):
            self.confidential = permissions.confidential_fields(self.model)
            if self.confidential:
                self._column("responsible_office_id")
        self._column("pk")
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            self._add(name, field, serializer)

    def _column(self, column: str) -> str:
        self.columns[column] = None
        return column

    def _model_field(self, source):
        if "." in source or source == "*":
            raise Unsupported(source)
        try:
            return self.model._meta.get_field(source)
        except FieldDoesNotExist:
            raise Unsupported(source) from None

    def _add(self, name, field, serializer) -> None:
        if isinstance(field, serializers.SerializerMethodField):
            method = getattr(type(serializer), field.method_name, None)
            if method is not RecordSerializer.get_version:
                raise Unsupported(name)
            self.version = name
            self.fields.append((name, self._column("updated"), None))
            return
        source = field.source
        if isinstance(field, serializers.ListSerializer) and isinstance(
            field.child, serializers.ModelSerializer
        ):
            relation = self._model_field(source)
            if not (relation.one_to_many and relation.related_model is field.child.Meta.model):
                raise Unsupported(name)
            plan = RowPlan(field.child)
            parent = relation.field.attname
            plan._column(parent)
            self.parts.append((name, plan, parent))
            self.fields.append((name, None, None))
            return
        if isinstance(field, relations.ManyRelatedField):
            child = field.child_relation
            model_field = self._model_field(source)
            if not (
                model_field.many_to_many
                and not model_field.auto_created  # a forward field of this model
                and type(child) is relations.PrimaryKeyRelatedField
                and child.pk_field is None
            ):
                raise Unsupported(name)
            self.related[name] = model_field
            self.fields.append((name, None, None))
            return
        model_field = self._model_field(source)
        if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
            if not model_field.many_to_one:
                raise Unsupported(name)
            self.fields.append((name, self._column(model_field.attname), None))
            return
        if isinstance(field, relations.SlugRelatedField):
            if not model_field.many_to_one or "__" in field.slug_field:
                raise Unsupported(name)
            column = self._column(f"{source}__{field.slug_field}")
            self.fields.append((name, column, None))
            return
        if isinstance(field, serializers.RelatedField) or model_field.is_relation:
            raise Unsupported(name)
        if not isinstance(model_field, models.Field):
            raise Unsupported(name)
        if isinstance(field, serializers.ListSerializer):
            convert = _json_list(field)
        else:
            convert = field.to_representation
        self.fields.append((name, self._column(source), convert))

    # --- querying and rendering -------------------------------------------------------------

    def rows(self, queryset, extra=()):
        """`queryset` as the rows this plan reads (`extra`: columns the caller needs, such
        as the ordering of a cursor)."""
        columns = dict(self.columns)
        for column in extra:
            columns[column] = None
        return queryset.select_related(None).prefetch_related(None).values(*columns)

    def render(self, rows, user=None) -> list[dict]:
        """The serializer's representation of `rows` (from `rows()`), nested parts included."""
        rows = list(rows)
        parts = {}
        for name, plan, parent in self.parts:
            by_parent = {}
            if rows:
                children = list(plan.part_rows(parent, [row["pk"] for row in rows]))
                for child, data in zip(children, plan.render(children, user), strict=True):
                    by_parent.setdefault(child[parent], []).append(data)
            parts[name] = by_parent
        for name, model_field in self.related.items():
            parts[name] = self._related_pks(model_field, [row["pk"] for row in rows])
        return self._render(rows, user, parts)

    @staticmethod
    def _related_pks(model_field, ids) -> dict:
        """{pk of a row: [pks of its related records]} in the related model's ordering, as
        `instance.<field>.all()` lists them."""
        by_parent: dict = {}
        if not ids:
            return by_parent
        back = model_field.related_query_name()
        target = model_field.related_model._default_manager.filter(**{f"{back}__in": ids})
        for parent, pk in target.values_list(back, "pk"):
            by_parent.setdefault(parent, []).append(pk)
        return by_parent

    def part_rows(self, parent: str, ids):
        ordering = [parent]
        fk_name = parent.removesuffix("_id")
        for term in self.model._meta.ordering:
            if term not in (fk_name, parent, "pk", "id"):
                ordering.append(term)
        ordering.append("pk")
        return (
            self.model._default_manager.filter(**{f"{parent}__in": ids})
            .order_by(*ordering)
            .values(*self.columns)
        )

    def _render(self, rows, user, parts) -> list[dict]:
        fields = self.fields
        version = self.version
        hidden = self.confidential
        seen: dict = {}
        out = []
        for row in rows:
            data = {}
            for name, column, convert in fields:
                if column is None:
                    data[name] = parts[name].get(row["pk"], [])
                    continue
                value = row[column]
                if name == version:
                    data[name] = record_version_of(value)
                elif value is None or convert is None:
                    data[name] = value
                else:
                    data[name] = convert(value)
            if hidden:
                office = row["responsible_office_id"]
                if office not in seen:
                    seen[office] = permissions.has_role(user, office, permissions.ALL_ROLES)
                if not seen[office]:
                    for name in hidden:
                        data.pop(name, None)
            out.append(data)
        return out


class _Updated:
    __slots__ = ("updated",)

    def __init__(self, updated):
        self.updated = updated


def record_version_of(updated) -> str:
    return record_version(_Updated(updated))


_plans: dict = {}


def plan_for(serializer_class):
    """The row plan of a serializer class, or None when it has none (compiled once)."""
    if serializer_class not in _plans:
        try:
            _plans[serializer_class] = RowPlan(serializer_class(context={}))
        except Unsupported:
            _plans[serializer_class] = None
    return _plans[serializer_class]
