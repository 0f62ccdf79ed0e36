"""Base serializers: registry records with office, version and confidential fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kakehashi.core.models import Office
from kakehashi.core.services import permissions

# JSON fields that hold IATI narratives: [{"lang": "ja", "text": "…"}].
NARRATIVE_FIELDS = {
    "title",
    "narratives",
    "description",
    "name",
    "provider_narratives",
    "receiver_narratives",
}


def record_version(record) -> str:
    """An opaque version: the time of the last change, in microseconds."""
    return str(int(record.updated.timestamp() * 1_000_000)) if record.updated else "0"


def record_etag(record, user) -> str:
    """Strong ETag of a record as `user` sees it (confidential fields shown or not)."""
    shown = "c" if permissions.can_see_confidential(user, record) else "p"
    return f'"{record_version(record)}.{shown}"'


class NarrativeSerializer(serializers.Serializer):
    lang = serializers.CharField(max_length=10, allow_blank=True, required=False)
    text = serializers.CharField(max_length=20_000, allow_blank=True, trim_whitespace=False)


class CodeSerializer(serializers.Serializer):
    """A coded value with its vocabulary ({"code": "C01", "vocabulary": "1"})."""

    code = serializers.CharField(max_length=100)
    vocabulary = serializers.CharField(max_length=10, allow_blank=True, required=False)


class CodedSectorSerializer(CodeSerializer):
    vocabulary_uri = serializers.CharField(max_length=500, allow_blank=True, required=False)
    narratives = NarrativeSerializer(many=True, required=False)


JSON_FIELD_SERIALIZERS = {
    "default_aid_types": lambda: CodeSerializer(many=True, required=False),
    "aid_types": lambda: CodeSerializer(many=True, required=False),
    "sectors": lambda: CodedSectorSerializer(many=True, required=False),
    "categories": lambda: serializers.ListField(
        child=serializers.CharField(max_length=20), required=False
    ),
    "languages": lambda: serializers.ListField(
        child=serializers.CharField(max_length=10), required=False
    ),
}


class KakehashiModelSerializer(serializers.ModelSerializer):
    """JSON fields get a declared shape (narratives, codes); references to records only
    offer what the user may see."""

    def build_standard_field(self, field_name, model_field):
        if isinstance(model_field, models.JSONField):
            if field_name in NARRATIVE_FIELDS:
                return NarrativeSerializer, {"many": True, "required": False}
        return super().build_standard_field(field_name, model_field)

    def get_fields(self):
        fields = super().get_fields()
        for name, make in JSON_FIELD_SERIALIZERS.items():
            model_field = self._model_field(name)
            if name in fields and isinstance(model_field, models.JSONField):
                read_only = fields[name].read_only
                fields[name] = make()
                fields[name].read_only = read_only
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "is_published"):
                related.queryset = permissions.visible(queryset, user)
        return fields

    def _model_field(self, name):
        try:
            return self.Meta.model._meta.get_field(name)
        except Exception:
            return None


RECORD_FIELDS = ["id", "version", "responsible_office", "is_published", "is_sample"]
TIMESTAMPS = ["created", "updated"]


class RecordSerializer(KakehashiModelSerializer):
    """A registry record: owned by an office, published or not; writes follow the roles."""

    version = serializers.SerializerMethodField(
        help_text=_("Send it back (or the ETag in If-Match) to refuse stale writes.")
    )
    responsible_office = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Office.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the owning office (担当課室); defaults to yours."),
    )

    class Meta:
        read_only_fields = ["is_sample", *TIMESTAMPS]

    @extend_schema_field(OpenApiTypes.STR)
    def get_version(self, record) -> str:
        return record_version(record)

    @property
    def user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        hidden = permissions.confidential_fields(type(instance))
        if hidden and not permissions.can_see_confidential(self.user, instance):
            for name in hidden:
                data.pop(name, None)
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user, instance = self.user, self.instance
        if "responsible_office" in attrs:
            office = attrs["responsible_office"]
        elif instance is not None:
            office = instance.responsible_office
        else:
            office_id = permissions.default_office(user)
            office = Office.objects.filter(pk=office_id).first() if office_id else None
            attrs["responsible_office"] = office
            if office is None and not permissions.is_administrator(user):
                raise serializers.ValidationError(
                    {"responsible_office": _("Choose the office that owns this record.")}
                )
        office_id = office.pk if office else None
        changed_office = instance is None or office_id != instance.responsible_office_id
        if changed_office and not permissions.can_create(user, office_id):
            raise serializers.ValidationError(
                {"responsible_office": _("You may only keep records of your own office.")}
            )
        publishing = attrs.get("is_published")
        current = instance.is_published if instance is not None else None
        if not permissions.can_publish(user, office_id):
            if instance is None and publishing is None:
                attrs["is_published"] = False  # drafts until an approver publishes
            elif publishing is not None and publishing != (current or False):
                raise serializers.ValidationError(
                    {"is_published": _("Only approvers of the office publish or withdraw.")}
                )
        return attrs


class NestedPartsMixin:
    """Writable nested parts (an activity's budgets, a project's members): when a list is
    sent, the record's parts of that kind are replaced by it, in order."""

    parent_field = "activity"

    def _pop_parts(self, validated_data) -> dict:
        names = [
            name
            for name, field in self.fields.items()
            if isinstance(field, serializers.ListSerializer)
            and isinstance(field.child, serializers.ModelSerializer)
            and not field.read_only
        ]
        return {
            name: validated_data.pop(self.fields[name].source)
            for name in names
            if self.fields[name].source in validated_data
        }

    def create(self, validated_data):
        parts = self._pop_parts(validated_data)
        instance = super().create(validated_data)
        self._write_parts(instance, parts)
        return instance

    def update(self, instance, validated_data):
        parts = self._pop_parts(validated_data)
        instance = super().update(instance, validated_data)
        self._write_parts(instance, parts)
        return instance

    def _write_parts(self, instance, parts: dict) -> None:
        for name, rows in parts.items():
            field = self.fields[name]
            model = field.child.Meta.model
            getattr(instance, field.source).all().delete()
            has_sequence = any(f.name == "sequence" for f in model._meta.fields)
            for sequence, row in enumerate(rows):
                values = dict(row)
                if has_sequence:
                    values.setdefault("sequence", sequence)
                model.objects.create(**{self.parent_field: instance}, **values)
