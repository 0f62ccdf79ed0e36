from rest_framework import serializers

from kakehashi.core.models import Codelist, CodelistItem, Country, Office, Region


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "alpha_3", "numeric", "name_ja", "name_en"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name_ja", "name_en"]


class OfficeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Office
        fields = ["code", "name_ja", "name_en", "organisation"]


class CodelistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CodelistItem
        fields = ["code", "name_ja", "name_en", "description_en", "category", "withdrawn"]


class CodelistSerializer(serializers.ModelSerializer):
    class Meta:
        model = Codelist
        fields = ["name", "name_en", "description_en", "embedded", "complete", "synced"]


class CodelistDetailSerializer(CodelistSerializer):
    items = CodelistItemSerializer(many=True, read_only=True)

    class Meta(CodelistSerializer.Meta):
        fields = [*CodelistSerializer.Meta.fields, "items"]
