from rest_framework import serializers

from casemgmt.org.scoping import assignable_jurisdictions


class WorkflowSerializer(serializers.ModelSerializer):
    """Common fields of every workflow object; the state is never writable here."""

    state = serializers.CharField(read_only=True)
    state_label = serializers.CharField(read_only=True)
    jurisdiction = serializers.SlugRelatedField(slug_field="code", read_only=True)
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    common_fields = ["id", "state", "state_label", "jurisdiction", "jurisdiction_name", "created_at", "updated_at"]

    def validate_jurisdiction_code(self, jurisdiction):
        """For subclasses with a writable `jurisdiction_code`: a case is registered in an area the
        user may work in, and stays in it (moving it would move it out of other users' sight)."""
        if self.instance is not None and jurisdiction.pk != self.instance.jurisdiction_id:
            raise serializers.ValidationError("登记后不能更改区划。")
        if not assignable_jurisdictions(self.context["request"].user).filter(pk=jurisdiction.pk).exists():
            raise serializers.ValidationError("不能在该区划登记案件。")
        return jurisdiction
