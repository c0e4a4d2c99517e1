from collections.abc import Mapping

from rest_framework import serializers

from casemgmt.errors import Invalid
from casemgmt.files.services import CheckedUpload, attachment_check
from casemgmt.iprights import IPType
from casemgmt.org.fields import JurisdictionCodeField
from casemgmt.org.models import Jurisdiction
from casemgmt.parties.models import Party
from casemgmt.parties.serializers import PartyInputSerializer

from ..models import AssistanceRequest
from ..models.assistance import AssistanceType
from .limits import MAX_ATTACHMENTS


class PublicPartySerializer(PartyInputSerializer):
    """A party as the public names it: the registry's validation (credit code / ID number check
    digits, which code each kind needs); the contact phone is asked once, for the application."""

    class Meta(PartyInputSerializer.Meta):
        fields = ["kind", "name", "credit_code", "id_number", "address", "legal_representative"]
        extra_kwargs = {
            **PartyInputSerializer.Meta.extra_kwargs,
            "kind": {"error_messages": {"invalid_choice": "请选择当事人类型。", "required": "请选择当事人类型。"}},
            "name": {"error_messages": {"blank": "请填写名称或姓名。", "required": "请填写名称或姓名。"}},
        }


class OptionalPartySerializer(PublicPartySerializer):
    """The respondent may be left out at submission; a form section left blank means "not given".
    Named, it needs a kind and a name: the applicant often does not know the other side's credit
    code or ID number, so these are checked only when given (staff complete them before acceptance
    if needed)."""

    identifier_required = False

    def get_value(self, dictionary):
        value = super().get_value(dictionary)
        if isinstance(value, Mapping):
            filled = [v for k, v in value.items() if k != "kind" and v is not None and str(v).strip()]
            if not filled:
                return None
        return value


class UploadListField(serializers.ListField):
    """A file input left empty is sent by browsers as an empty part, which Django keeps as an empty
    string: that means "no file", not a bad one."""

    def get_value(self, dictionary):
        value = super().get_value(dictionary)
        return [item for item in value if item != ""] if isinstance(value, list) else value


def normalize_phone(value: str) -> str:
    """Digits only (the lookup compares the last four); +86 / 0086 prefixes dropped."""
    compact = "".join(ch for ch in value if ch not in " -()（）")
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
    if not compact.isdigit() or not 7 <= len(compact) <= 15:
        raise serializers.ValidationError("请填写正确的手机号码，或带区号的固定电话。")
    if compact.startswith("1") and len(compact) != 11:
        raise serializers.ValidationError("手机号码应为 11 位数字。")
    return compact


class PublicApplicationSerializer(serializers.Serializer):
    """The online application: validated completely before anything is written, including every
    attachment (size, type sniffed from the content, SHA-256)."""

    applicant = PublicPartySerializer(label="申请人")
    contact_phone = serializers.CharField(
        label="联系电话", max_length=30, error_messages={"blank": "请填写联系电话。", "required": "请填写联系电话。"}
    )
    contact_email = serializers.EmailField(
        label="电子邮箱",
        max_length=254,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid": "请填写正确的电子邮箱地址，或不填。"},
    )
    respondent = OptionalPartySerializer(label="对方当事人", required=False, allow_null=True)
    title = serializers.CharField(
        label="事项",
        max_length=200,
        error_messages={"blank": "请简要填写申请事项。", "required": "请简要填写申请事项。"},
    )
    ip_type = serializers.ChoiceField(
        label="知识产权类型",
        choices=IPType.choices,
        error_messages={"required": "请选择知识产权类型。", "invalid_choice": "请选择知识产权类型。"},
    )
    assistance_type = serializers.ChoiceField(
        label="援助类型",
        choices=AssistanceType.choices,
        error_messages={"required": "请选择需要的援助类型。", "invalid_choice": "请选择需要的援助类型。"},
    )
    facts = serializers.CharField(
        label="事实与理由",
        max_length=20000,
        error_messages={"blank": "请填写事实与理由。", "required": "请填写事实与理由。"},
    )
    claims = serializers.CharField(label="援助请求", max_length=5000, required=False, allow_blank=True, default="")
    jurisdiction_code = JurisdictionCodeField(
        source="jurisdiction",
        slug_field="code",
        queryset=Jurisdiction.objects.filter(level=Jurisdiction.Level.COUNTY),
        label="事项发生地",
        error_messages={
            "required": "请选择事项发生地所在的县（市、区）。",
            "null": "请选择事项发生地所在的县（市、区）。",
            "does_not_exist": "请选择事项发生地所在的县（市、区）。",
            "invalid": "请选择事项发生地所在的县（市、区）。",
        },
    )
    privacy_consent = serializers.BooleanField(
        label="同意个人信息保护告知", error_messages={"required": "请阅读并同意《个人信息保护告知》后再提交。"}
    )
    attachments = UploadListField(
        label="证明材料",
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        default=list,
        help_text=f"最多 {MAX_ATTACHMENTS} 个文件",
    )

    def validate_contact_phone(self, value):
        return normalize_phone(value)

    def validate_privacy_consent(self, value):
        if not value:
            raise serializers.ValidationError("请阅读并同意《个人信息保护告知》后再提交。")
        return value

    def validate_attachments(self, uploads) -> list[CheckedUpload]:
        return checked_uploads(uploads)


def checked_uploads(uploads) -> list[CheckedUpload]:
    """Every file checked (count, size, type sniffed from the content) before anything is written."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise serializers.ValidationError(f"最多上传 {MAX_ATTACHMENTS} 个文件，您选择了 {len(uploads)} 个。")
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


class CorrectionAnswerSerializer(serializers.Serializer):
    """The applicant's answer to a correction request (补正) on the portal: the tracking code and the
    phone's last four digits identify the application, as for the progress lookup."""

    tracking_code = serializers.CharField(
        label="查询码", max_length=20, error_messages={"blank": "请填写查询码。", "required": "请填写查询码。"}
    )
    phone_last4 = serializers.RegexField(
        r"^\d{4}$",
        label="联系电话后四位",
        error_messages={
            "invalid": "请填写联系电话的后四位数字。",
            "required": "请填写联系电话的后四位数字。",
            "blank": "请填写联系电话的后四位数字。",
        },
    )
    statement = serializers.CharField(
        label="补正说明",
        max_length=5000,
        error_messages={"blank": "请说明补正的内容。", "required": "请说明补正的内容。"},
    )
    respondent = OptionalPartySerializer(label="对方当事人", required=False, allow_null=True)
    attachments = UploadListField(
        label="补正材料",
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        default=list,
    )

    def validate_attachments(self, uploads) -> list[CheckedUpload]:
        return checked_uploads(uploads)


class CorrectionAnswerPayload(serializers.Serializer):
    """The payload of the `answer_correction` transition, as the history keeps it (the party and the
    files are already stored by cases.public.services when it fires)."""

    statement = serializers.CharField(label="补正说明", max_length=5000)
    respondent = serializers.PrimaryKeyRelatedField(
        label="对方当事人", queryset=Party.objects.all(), required=False, allow_null=True
    )
    attachment_names = serializers.ListField(
        label="补正材料", child=serializers.CharField(max_length=255), required=False, default=list
    )


class PublicEventSerializer(serializers.Serializer):
    date = serializers.DateField()
    label = serializers.CharField()
    state_label = serializers.CharField()
    reason = serializers.CharField(help_text="仅补正要求和不予受理理由")


class ActionRequiredSerializer(serializers.Serializer):
    reason = serializers.CharField()
    instructions = serializers.CharField()


class PublicStatusSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=AssistanceRequest.State.choices)
    state_label = serializers.CharField()
    submitted_on = serializers.DateField()
    timeline = PublicEventSerializer(many=True)
    action_required = ActionRequiredSerializer(allow_null=True)
    rejection_reason = serializers.CharField(allow_null=True)


class TrackingLookupSerializer(serializers.Serializer):
    phone_last4 = serializers.RegexField(
        r"^\d{4}$",
        label="联系电话后四位",
        error_messages={"invalid": "请填写联系电话的后四位数字。", "required": "请填写联系电话的后四位数字。"},
    )
