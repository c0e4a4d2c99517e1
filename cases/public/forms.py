"""The HTML application form: field descriptions for the template, and the serializer's errors
mapped onto them. Validation itself is PublicApplicationSerializer's, shared with the API."""

from dataclasses import dataclass, field

from casemgmt.files.services import attachment_max_bytes, megabytes
from casemgmt.files.sniffing import DEFAULT_ALLOWED_TYPES, FILE_TYPES, allowed_labels
from casemgmt.iprights import IPType
from casemgmt.org.models import Jurisdiction
from casemgmt.parties.models import Party

from ..models.assistance import AssistanceType
from .limits import MAX_ATTACHMENTS, request_max_bytes

ORG_KINDS = f"{Party.Kind.ORGANIZATION} {Party.Kind.INDIVIDUAL_BUSINESS}"
PERSON_KIND = str(Party.Kind.PERSON)


@dataclass
class FormField:
    name: str  # as posted; dotted names are nested (applicant.name), as the API's multipart form
    label: str
    widget: str = "text"  # text | tel | email | textarea | select | radio | file | checkbox
    required: bool = False
    help: str = ""
    choices: list = field(default_factory=list)
    max_length: int | None = None
    autocomplete: str = ""
    inputmode: str = ""
    show_for: str = ""  # party kinds (space-separated) for which the field applies
    rows: int = 5
    value: object = ""
    errors: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def described_by(self) -> str:
        ids = []
        if self.help:
            ids.append(f"{self.id}-help")
        if self.errors:
            ids.append(f"{self.id}-error")
        return " ".join(ids)


@dataclass
class Section:
    key: str
    title: str
    intro: str
    fields: list
    optional: bool = False


def _party_fields(prefix: str, *, applicant: bool) -> list[FormField]:
    who = "申请人" if applicant else "对方"
    fields = [
        FormField(
            f"{prefix}.kind",
            f"{who}类型",
            widget="radio",
            required=applicant,
            choices=list(Party.Kind.choices),
        ),
        FormField(
            f"{prefix}.name",
            "名称或姓名",
            required=applicant,
            max_length=200,
            autocomplete="organization" if applicant else "off",
            help="单位填写营业执照上的全称；个人填写身份证上的姓名。",
        ),
        FormField(
            f"{prefix}.credit_code",
            "统一社会信用代码",
            required=applicant,
            max_length=18,
            autocomplete="off",
            show_for=ORG_KINDS,
            help="18 位，见营业执照。" + ("" if applicant else "可在国家企业信用信息公示系统查询；不清楚可不填。"),
        ),
        FormField(
            f"{prefix}.id_number",
            "居民身份证号码",
            required=applicant,
            max_length=18,
            autocomplete="off",
            show_for=PERSON_KIND,
            help="18 位，末位可为 X。" + ("" if applicant else "不清楚可不填。"),
        ),
    ]
    if applicant:
        fields.append(
            FormField(
                f"{prefix}.legal_representative",
                "法定代表人或经营者",
                max_length=60,
                autocomplete="name",
                show_for=ORG_KINDS,
            )
        )
    fields.append(
        FormField(
            f"{prefix}.address",
            "地址",
            max_length=300,
            autocomplete="street-address" if applicant else "off",
        )
    )
    return fields


def application_sections() -> list[Section]:
    counties = list(
        Jurisdiction.objects.filter(level=Jurisdiction.Level.COUNTY).order_by("code").values_list("code", "name")
    )
    file_types = ", ".join(
        f".{ext}" for key in FILE_TYPES if key in DEFAULT_ALLOWED_TYPES for ext in FILE_TYPES[key].extensions
    )
    return [
        Section(
            "applicant",
            "申请人",
            "申请人是权利人或利害关系人。单位和个体工商户填写统一社会信用代码，个人填写居民身份证号码。",
            [
                *_party_fields("applicant", applicant=True),
                FormField(
                    "contact_phone",
                    "联系电话",
                    widget="tel",
                    required=True,
                    max_length=30,
                    autocomplete="tel",
                    inputmode="tel",
                    help="手机号码或带区号的固定电话。查询进度时需要填写它的后四位。",
                ),
                FormField(
                    "contact_email",
                    "电子邮箱（可选）",
                    widget="email",
                    max_length=254,
                    autocomplete="email",
                    inputmode="email",
                    help="填写后，受理、补正通知和办结结果也会发到这个邮箱。",
                ),
            ],
        ),
        Section(
            "respondent",
            "对方当事人（被申请人）",
            "即涉嫌侵权的单位或个人。不清楚对方的统一社会信用代码或身份证号码的，可以不填本栏，"
            "在“事实与理由”中写明对方名称、地址等信息，工作人员会联系您补正。",
            _party_fields("respondent", applicant=False),
            optional=True,
        ),
        Section(
            "matter",
            "申请事项",
            "",
            [
                FormField(
                    "title",
                    "事项",
                    required=True,
                    max_length=200,
                    help="一句话概括，例如：某公司销售的产品涉嫌侵犯我方外观设计专利。",
                ),
                FormField("ip_type", "知识产权类型", widget="select", required=True, choices=list(IPType.choices)),
                FormField(
                    "assistance_type",
                    "需要的援助",
                    widget="select",
                    required=True,
                    choices=list(AssistanceType.choices),
                ),
                FormField(
                    "jurisdiction_code",
                    "事项发生地",
                    widget="select",
                    required=True,
                    choices=counties,
                    help="侵权行为发生地或对方所在地的县（市、区）。",
                ),
                FormField(
                    "facts",
                    "事实与理由",
                    widget="textarea",
                    required=True,
                    max_length=20000,
                    rows=8,
                    help="写明您的权利（如专利号、商标注册号）、发现侵权的时间和经过、对方的行为。",
                ),
                FormField(
                    "claims", "援助请求", widget="textarea", max_length=5000, rows=4, help="希望分中心提供哪些帮助。"
                ),
            ],
        ),
        Section(
            "files",
            "证明材料",
            "",
            [
                FormField(
                    "attachments",
                    "上传材料（可选）",
                    widget="file",
                    help=(
                        f"最多 {MAX_ATTACHMENTS} 个文件，每个不超过 {megabytes(attachment_max_bytes())}，"
                        f"合计不超过 {megabytes(request_max_bytes())}。"
                        f"可上传：{allowed_labels(DEFAULT_ALLOWED_TYPES)}（{file_types}）。"
                        "如权利证书、营业执照或身份证、侵权证据的照片或截图。"
                    ),
                ),
            ],
        ),
    ]


def correction_sections() -> list[Section]:
    """The online answer to a correction request (补正): which application, what was corrected, the
    respondent where the request asks for one, and the files."""
    return [
        Section(
            "lookup",
            "您的申请",
            "填写提交申请时得到的查询码，以及申请时所留联系电话的后四位。",
            [
                FormField("tracking_code", "查询码", required=True, max_length=20, autocomplete="off"),
                FormField(
                    "phone_last4",
                    "联系电话后四位",
                    required=True,
                    max_length=4,
                    autocomplete="off",
                    inputmode="numeric",
                ),
            ],
        ),
        Section(
            "answer",
            "补正内容",
            "",
            [
                FormField(
                    "statement",
                    "补正说明",
                    widget="textarea",
                    required=True,
                    max_length=5000,
                    rows=6,
                    help="按补正要求逐项说明补正的内容，例如对方的名称、地址，补充的事实和证据。",
                ),
            ],
        ),
        Section(
            "respondent",
            "对方当事人（被申请人）",
            "补正要求列明对方当事人的，请在此填写对方的名称及统一社会信用代码或身份证号码；不清楚代码的，"
            "请在补正说明中写明对方名称、地址。",
            _party_fields("respondent", applicant=False),
            optional=True,
        ),
        Section(
            "files",
            "补正材料",
            "",
            [
                FormField(
                    "attachments",
                    "上传材料（可选）",
                    widget="file",
                    help=(
                        f"最多 {MAX_ATTACHMENTS} 个文件，每个不超过 {megabytes(attachment_max_bytes())}，"
                        f"合计不超过 {megabytes(request_max_bytes())}。"
                        f"可上传：{allowed_labels(DEFAULT_ALLOWED_TYPES)}。"
                    ),
                ),
            ],
        ),
    ]


def consent_field() -> FormField:
    return FormField("privacy_consent", "我已阅读并同意上述《个人信息保护告知》", widget="checkbox", required=True)


def flatten_errors(errors) -> dict[str, list[str]]:
    """{"applicant": {"credit_code": [..]}} -> {"applicant.credit_code": [..]}. Per-item errors of a
    list field and a nested object's own errors join the field's messages."""
    flat: dict[str, list[str]] = {}

    def walk(value, name: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                nested = isinstance(key, int) or key == "non_field_errors"
                walk(item, name if nested else (f"{name}.{key}" if name else str(key)))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, name)
        else:
            flat.setdefault(name or "non_field_errors", []).append(str(value))

    walk(errors, "")
    return flat


def bind(
    sections: list[Section], consent: FormField | None, data, errors: dict[str, list[str]]
) -> list[tuple[str, str, list]]:
    """Fill values and errors in; returns the errors no field shows, as (field id, label, messages)
    for the summary at the top (every error is listed there, linked to its field)."""
    summary = []
    # Party sections share field labels, so the summary names the section too.
    labelled = [
        (f, f"{s.title}：{f.label}" if s.key in ("applicant", "respondent") else f.label)
        for s in sections
        for f in s.fields
    ]
    if consent is not None:
        labelled.append((consent, "个人信息保护告知"))
    known = set()
    for f, summary_label in labelled:
        known.add(f.name)
        if data is not None and f.widget != "file":
            f.value = data.get(f.name, "")
        f.errors = errors.get(f.name, [])
        if f.errors:
            summary.append((f.id, summary_label, f.errors))
    for name, messages in errors.items():
        if name not in known:
            summary.append(("", "", messages))
    return summary
