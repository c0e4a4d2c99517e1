"""Input of the publication transitions (used by the API and the generated staff forms alike)."""

from rest_framework import serializers

from .masking import MIN_TERM_LENGTH, published_equals_source_apart_from_masks

MAX_TERMS = 50
MAX_TERM_LENGTH = 200


class TermsField(serializers.CharField):
    """Terms one per line (a form's textarea) or a JSON list of strings; stored as a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, (list, tuple)):
            if not all(isinstance(item, str) for item in data):
                raise serializers.ValidationError("每一项都必须是文字。")
            lines = list(data)
        else:
            lines = super().to_internal_value(data).splitlines()
        terms = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
        if len(terms) > MAX_TERMS:
            raise serializers.ValidationError(f"最多 {MAX_TERMS} 项。")
        short = [term for term in terms if len(term) < MIN_TERM_LENGTH]
        if short:
            raise serializers.ValidationError(f"每项至少 {MIN_TERM_LENGTH} 个字：{'、'.join(short)}。")
        long = [term for term in terms if len(term) > MAX_TERM_LENGTH]
        if long:
            raise serializers.ValidationError(f"每项不超过 {MAX_TERM_LENGTH} 个字。")
        return terms

    def to_representation(self, value):
        return "\n".join(value) if isinstance(value, (list, tuple)) else value


class MaskingPayload(serializers.Serializer):
    mask_terms = TermsField(
        label="另行屏蔽的内容（每行一项）",
        help_text="自动屏蔽未覆盖的个人信息，例如未列为当事人的自然人姓名。",
    )
    keep_terms = TermsField(
        label="不予屏蔽的内容（每行一项）",
        help_text=(
            "被误屏蔽、依法应当公开的内容，例如被误认作自然人姓名的商标或字号。"
            "身份证号码、电话号码、银行账号和自然人住址始终屏蔽，不能在此取消。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.context.get("instance")
        if instance is not None:
            # The form opens with the reviewer's current lists: submitting it replaces them.
            masking = instance.masking or {}
            self.fields["mask_terms"].initial = "\n".join(masking.get("extra_terms", []))
            self.fields["keep_terms"].initial = "\n".join(masking.get("reviewer_keep_terms", []))

    def validate(self, attrs):
        instance = self.context.get("instance")
        if instance is None:
            return attrs
        # Try the new masking on a copy: the check must hold before anything is saved.
        trial = type(instance)(masking=dict(instance.masking or {}), summary=instance.summary)
        trial.source_text = instance.source_text
        trial.apply_reviewer_terms(attrs)
        if not published_equals_source_apart_from_masks(trial.source_text, trial.published_text, trial.masked_spans):
            raise serializers.ValidationError({"non_field_errors": ["屏蔽后的公示文本与原文不一致，未保存。"]})
        return attrs


class CorrectionPayload(MaskingPayload):
    source_text = serializers.CharField(
        label="决定书原文（更正后）",
        required=False,
        max_length=100_000,
        help_text="默认为现有原文；仅在决定书依法补正后改为补正后的送达文本。决定被变更的，为变更后的决定书。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.context.get("instance")
        if instance is not None and instance.replacement_text:
            self.fields["source_text"].initial = instance.replacement_text
            self.fields[
                "source_text"
            ].help_text = "决定已被变更：公示内容将更新为变更后的决定书（如下），不能另行修改。"

    def validate(self, attrs):
        instance = self.context.get("instance")
        if instance is not None and instance.replacement_text:
            attrs = {**attrs, "source_text": instance.replacement_text}
        return super().validate(attrs)


class WithdrawalPayload(serializers.Serializer):
    public_reason = serializers.CharField(
        label="撤回理由（将向社会公开）",
        max_length=500,
        help_text="例如：该行政处罚决定已被依法撤销。",
    )
