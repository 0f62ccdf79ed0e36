from auditlog.models import LogEntry
from rest_framework import serializers

from kakehashi.accounts.models import SecurityEvent
from kakehashi.accounts.services import audit


class AuditEntrySerializer(serializers.Serializer):
    """One change: who, for which office, when, through which door, before and after."""

    id = serializers.IntegerField()
    timestamp = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=["create", "update", "delete", "access"])
    model = serializers.CharField()
    object_pk = serializers.CharField()
    object_repr = serializers.CharField()
    actor = serializers.CharField(allow_blank=True)
    office = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)
    command = serializers.CharField(allow_blank=True)
    request_id = serializers.CharField(allow_blank=True)
    remote_addr = serializers.CharField(allow_blank=True)
    changes = serializers.JSONField()
    additional_data = serializers.JSONField()

    def to_representation(self, instance: LogEntry):
        return super().to_representation(audit.as_row(instance))


class SecurityEventSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = SecurityEvent
        fields = [
            "id",
            "timestamp",
            "kind",
            "user",
            "username",
            "ip",
            "request_id",
            "method",
            "path",
            "detail",
        ]
