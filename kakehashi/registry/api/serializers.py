"""Serializers of the registry records (activities are in activities.py).

Field names are the model's everywhere: name_ja / name_en, kind, country (ISO code),
organisation (id), programme (id), responsible_office (office code), version.
"""

from django.utils.translation import gettext as _
from rest_framework import serializers

from kakehashi.api.serializers import (
    RECORD_FIELDS,
    TIMESTAMPS,
    KakehashiModelSerializer,
    NestedPartsMixin,
    RecordSerializer,
)
from kakehashi.registry.models import (
    Agreement,
    Contribution,
    LargeProject,
    LargeProjectMember,
    Meeting,
    Organisation,
    Programme,
)


class OrganisationSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Organisation
        fields = [
            *RECORD_FIELDS,
            "name_ja",
            "name_en",
            "abbreviation",
            "kind",
            "iati_identifier",
            "iati_type",
            "country",
            "parent",
            "website",
            "description_ja",
            "description_en",
            "founded",
            "headquarters_ja",
            "headquarters_en",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "name_ja": {"required": True, "allow_blank": False},
            "name_en": {"required": True, "allow_blank": False},
            "kind": {"required": True},
        }

    def validate_parent(self, parent):
        if parent is not None and self.instance is not None and parent.pk == self.instance.pk:
            raise serializers.ValidationError(_("An organisation cannot be its own parent."))
        return parent


class ContributionSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Contribution
        fields = [
            *RECORD_FIELDS,
            "organisation",
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
            "internal_notes",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "fiscal_year": {"min_value": 1868, "max_value": 2200},
            "amount": {"min_value": 0},
        }


class ProgrammeSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Programme
        fields = [
            *RECORD_FIELDS,
            "slug",
            "name_ja",
            "name_en",
            "abbreviation",
            "kind",
            "organisations",
            "description_ja",
            "description_en",
            "start_year",
            "end_year",
            "website",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "start_year": {"min_value": 1868, "max_value": 2200},
            "end_year": {"min_value": 1868, "max_value": 2200},
        }


class LargeProjectMemberSerializer(KakehashiModelSerializer):
    class Meta:
        model = LargeProjectMember
        fields = [
            "id",
            "country",
            "organisation",
            "name_ja",
            "name_en",
            "joined",
            "role_ja",
            "role_en",
        ]
        read_only_fields = ["id"]

    def validate(self, attrs):
        if not (
            attrs.get("country")
            or attrs.get("organisation")
            or attrs.get("name_en")
            or attrs.get("name_ja")
        ):
            raise serializers.ValidationError(
                {"name_en": [_("Give a country, an organisation or a name.")]}
            )
        return attrs


class LargeProjectSerializer(NestedPartsMixin, RecordSerializer):
    parent_field = "project"
    members = LargeProjectMemberSerializer(many=True, required=False)

    class Meta(RecordSerializer.Meta):
        model = LargeProject
        fields = [
            *RECORD_FIELDS,
            "slug",
            "name_ja",
            "name_en",
            "abbreviation",
            "host_organisation",
            "field_ja",
            "field_en",
            "description_ja",
            "description_en",
            "start_year",
            "japan_role_ja",
            "japan_role_en",
            "in_kind_contribution_ja",
            "in_kind_contribution_en",
            "japanese_participants",
            "japanese_participants_note_ja",
            "japanese_participants_note_en",
            "website",
            "members",
            *TIMESTAMPS,
        ]
        extra_kwargs = {"start_year": {"min_value": 1868, "max_value": 2200}}


class AgreementSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Agreement
        fields = [
            *RECORD_FIELDS,
            "title_ja",
            "title_en",
            "kind",
            "countries",
            "organisations",
            "signed_on",
            "in_force_on",
            "ended_on",
            "description_ja",
            "description_en",
            *TIMESTAMPS,
        ]


class MeetingSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Meeting
        fields = [
            *RECORD_FIELDS,
            "agreement",
            "kind",
            "title_ja",
            "title_en",
            "number",
            "date",
            "date_precision",
            "place_ja",
            "place_en",
            "country",
            "level",
            "outcome_ja",
            "outcome_en",
            *TIMESTAMPS,
        ]
