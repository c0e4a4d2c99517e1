from rest_framework import serializers

from casemgmt.privacy import may_see_personal_data

from .models import Party
from .validation import clean_credit_code, clean_id_number, mask_id_number, mask_phone


class PartySerializer(serializers.ModelSerializer):
    # Whether the kind's identifier (credit code / ID number) must be given. The registry and staff
    # need it; a member of the public naming the other side often cannot know it (a code given is
    # still checked), and the registry keeps such a party by name until staff complete it.
    identifier_required = True

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Party
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "credit_code",
            "id_number",
            "address",
            "phone",
            "legal_representative",
            "is_minor",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness is enforced by the service (one clear message), not by DRF validators.
        validators = []
        extra_kwargs = {"credit_code": {"validators": []}, "id_number": {"validators": []}}

    def validate_name(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError("请填写名称或姓名。")
        return value

    def validate_credit_code(self, value):
        if not value:
            return ""
        try:
            return clean_credit_code(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate_id_number(self, value):
        if not value:
            return ""
        try:
            return clean_id_number(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        credit_code = attrs.get("credit_code", getattr(self.instance, "credit_code", ""))
        id_number = attrs.get("id_number", getattr(self.instance, "id_number", ""))
        errors = {}
        if kind in (Party.Kind.ORGANIZATION, Party.Kind.INDIVIDUAL_BUSINESS):
            if not credit_code and self.identifier_required:
                errors["credit_code"] = ["法人、其他组织和个体工商户须填写统一社会信用代码。"]
            if id_number:
                errors["id_number"] = ["只有自然人填写身份证号码。"]
        elif kind == Party.Kind.PERSON:
            if not id_number and self.identifier_required:
                errors["id_number"] = ["自然人须填写居民身份证号码。"]
            if credit_code:
                errors["credit_code"] = ["自然人不填写统一社会信用代码。"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def to_representation(self, party):
        data = super().to_representation(party)
        # The renderers redact every response as well (casemgmt.privacy); the registry's own fields
        # are masked here whole, a person's landline included, which no text scan would recognise.
        if not may_see_personal_data(getattr(self.context.get("request"), "user", None)):
            data["id_number"] = mask_id_number(party.id_number)
            if party.is_person:
                data["phone"] = mask_phone(party.phone)
        return data


class PartyInputSerializer(PartySerializer):
    """A party named inside a case: validated like the registry, matched by its code."""

    class Meta(PartySerializer.Meta):
        fields = ["kind", "name", "credit_code", "id_number", "address", "phone", "legal_representative"]

    def validate(self, attrs):
        # A party named in a PATCH replaces the old one as a whole, so kind and name are needed
        # even when the surrounding update is partial.
        missing = {name: ["该字段是必填项。"] for name in ("kind", "name") if not attrs.get(name)}
        if missing:
            raise serializers.ValidationError(missing)
        return super().validate(attrs)
