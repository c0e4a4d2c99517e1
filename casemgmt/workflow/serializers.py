from rest_framework import serializers


class WorkflowSerializer(serializers.ModelSerializer):
    """Common fields of every workflow object; the state is never writable here."""

    state = serializers.CharField(read_only=True)
    state_label = serializers.CharField(read_only=True)
    jurisdiction = serializers.SlugRelatedField(slug_field="code", read_only=True)
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    common_fields = ["id", "state", "state_label", "jurisdiction", "jurisdiction_name", "created_at", "updated_at"]
