"""The public early removal application form: field descriptions for the portal's templates (the
same FormField/Section shapes as the online assistance application). Validation is
PublicRemovalApplicationSerializer's, shared with the API."""

from casemgmt.files.services import attachment_max_bytes, megabytes
from casemgmt.files.sniffing import DEFAULT_ALLOWED_TYPES, FILE_TYPES, allowed_labels
from cases.public.forms import FormField, Section
from cases.public.limits import request_max_bytes

from ..api.applications import MAX_PROOFS


def application_sections() -> list[Section]:
    file_types = ", ".join(
        f".{ext}" for key in FILE_TYPES if key in DEFAULT_ALLOWED_TYPES for ext in FILE_TYPES[key].extensions
    )
    return [
        Section(
            "applicant",
            "申请人",
            "由名单上的当事人（单位或个人）申请。请填写名单当事人的统一社会信用代码或身份证号码，用于核实身份，不会公开。",
            [
                FormField(
                    "party_identifier",
                    "统一社会信用代码或身份证号码",
                    required=True,
                    max_length=18,
                    autocomplete="off",
                    help="须与名单上的当事人一致。",
                ),
                FormField(
                    "applicant_name",
                    "申请人",
                    required=True,
                    max_length=200,
                    autocomplete="organization",
                    help="单位填写全称；个人填写姓名。代为办理的，写明“某某公司（经办人：某某）”。",
                ),
                FormField(
                    "contact_phone",
                    "联系电话",
                    widget="tel",
                    required=True,
                    max_length=30,
                    autocomplete="tel",
                    inputmode="tel",
                    help="手机号码或带区号的固定电话。查询审查结果时需要填写它的后四位。",
                ),
            ],
        ),
        Section(
            "statement",
            "申请理由",
            "",
            [
                FormField(
                    "statement",
                    "申请理由",
                    widget="textarea",
                    required=True,
                    max_length=10000,
                    rows=5,
                    help="简要说明申请提前移出的理由。",
                ),
                FormField(
                    "obligations_statement",
                    "履行行政处罚决定义务的情况",
                    widget="textarea",
                    max_length=10000,
                    rows=4,
                    help="如罚没款的缴纳日期和缴款凭证编号。",
                ),
                FormField(
                    "effects_statement",
                    "消除危害后果和不良影响的情况",
                    widget="textarea",
                    required=True,
                    max_length=10000,
                    rows=5,
                    help="如已停止违法行为、召回或销毁侵权商品、与权利人达成和解、完成整改等。",
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
                    "上传证明材料",
                    widget="file",
                    required=True,
                    help=(
                        f"至少 1 个、最多 {MAX_PROOFS} 个文件，每个不超过 {megabytes(attachment_max_bytes())}，"
                        f"合计不超过 {megabytes(request_max_bytes())}。"
                        f"可上传：{allowed_labels(DEFAULT_ALLOWED_TYPES)}（{file_types}）。"
                        "如罚没款缴纳凭证、整改报告、和解协议。"
                    ),
                ),
            ],
        ),
    ]


def consent_field() -> FormField:
    return FormField("privacy_consent", "我已阅读并同意上述《个人信息保护告知》", widget="checkbox", required=True)
