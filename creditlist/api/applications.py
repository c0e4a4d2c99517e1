"""Bodies of an early removal application (at the counter and on the public portal): everything,
every file included (size, type sniffed from the content, SHA-256), is checked before anything
is written."""

from rest_framework import serializers

from casemgmt.errors import Invalid
from casemgmt.files.services import CheckedUpload, attachment_check

MAX_PROOFS = 5


class UploadListField(serializers.ListField):
    """A file input left empty arrives as an empty part: that means "no file", not a bad one."""

    def get_value(self, dictionary):
        value = super().get_value(dictionary)
        return [item for item in value if item != ""] if isinstance(value, list) else value


def normalize_phone(value: str) -> str:
    compact = "".join(ch for ch in value if ch not in " -()（）")
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
    if not compact.isdigit() or not 7 <= len(compact) <= 15:
        raise serializers.ValidationError("请填写正确的手机号码，或带区号的固定电话。")
    if compact.startswith("1") and len(compact) != 11:
        raise serializers.ValidationError("手机号码应为 11 位数字。")
    return compact


def _text(label: str, max_length: int, *, required: bool = True) -> serializers.CharField:
    message = f"请填写{label}。"
    return serializers.CharField(
        label=label,
        max_length=max_length,
        required=required,
        allow_blank=not required,
        default="" if not required else serializers.empty,
        error_messages={"blank": message, "required": message},
    )


class RemovalApplicationSerializer(serializers.Serializer):
    applicant_name = _text("申请人", 200)
    contact_phone = _text("联系电话", 30)
    statement = _text("申请理由", 10000)
    obligations_statement = _text("履行行政处罚决定义务的情况", 10000, required=False)
    effects_statement = _text("消除危害后果和不良影响的情况", 10000)
    attachments = UploadListField(
        label="证明材料",
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        default=list,
        help_text=f"最多 {MAX_PROOFS} 个文件（缴款凭证、整改材料等）",
    )
    proofs_required = False

    def validate_contact_phone(self, value):
        return normalize_phone(value)

    def validate_attachments(self, uploads) -> list[CheckedUpload]:
        if len(uploads) > MAX_PROOFS:
            raise serializers.ValidationError(f"最多上传 {MAX_PROOFS} 个文件，您选择了 {len(uploads)} 个。")
        if self.proofs_required and not uploads:
            raise serializers.ValidationError("请上传证明材料（如罚没款缴纳凭证、消除不良影响的证明）。")
        checked, messages = [], []
        for index, upload in enumerate(uploads, start=1):
            try:
                label = f"第{index}个文件" if len(uploads) > 1 else ""
                checked.append(attachment_check(upload, field="attachments", label=label))
            except Invalid as exc:
                messages.extend(exc.errors["attachments"])
        if messages:
            raise serializers.ValidationError(messages)
        return checked

    def validate(self, attrs):
        if self.proofs_required and not attrs.get("attachments"):
            raise serializers.ValidationError(
                {"attachments": ["请上传证明材料（如罚没款缴纳凭证、消除不良影响的证明）。"]}
            )
        return attrs


class PublicRemovalApplicationSerializer(RemovalApplicationSerializer):
    """Online: the party names the entry (its number on the public list) and proves who it is
    with the identifier of the listed party; proofs are required."""

    entry = serializers.IntegerField(label="名单条目编号", min_value=1, max_value=2**63 - 1)
    party_identifier = _text("统一社会信用代码或身份证号码", 18)
    privacy_consent = serializers.BooleanField(
        label="同意个人信息保护告知", error_messages={"required": "请阅读并同意《个人信息保护告知》后再提交。"}
    )
    proofs_required = True

    def validate_party_identifier(self, value):
        return value.strip().upper()

    def validate_privacy_consent(self, value):
        if not value:
            raise serializers.ValidationError("请阅读并同意《个人信息保护告知》后再提交。")
        return value
