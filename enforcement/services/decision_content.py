"""The contents of a penalty decision (《行政处罚法》第五十九条), generated from the case, the
decision's structured fields and the bureau's records, never typed as one text by the officer:

  (一) the party's name and address; (二) the facts and the evidence; (三) the penalty and its legal
  basis; (四) how and by when to perform it; (五) the way and time limit to seek administrative
  review (60 days) or to sue (6 months), and before which body; (六) the authority and the date,
  under its seal (the document's footer).

A decision missing any of them cannot issue: `missing_elements` names each one as a field error.
Because the remedy notice is always given, the 6-month period to sue holds (without it, 行政诉讼法
第四十六条 and its interpretation would let the party sue for up to a year)."""

from dataclasses import dataclass
from decimal import Decimal

from ..models import Inspection
from ..rules import limits
from ..selectors.inspections import evidence_queryset
from .common import bureau_name, bureau_of

REVIEW_DAYS = 60
REVIEW_BASIS = "《中华人民共和国行政复议法》第二十条"
LAWSUIT_BASIS = "《中华人民共和国行政诉讼法》第四十六条"
SURCHARGE_BASIS = "《中华人民共和国行政处罚法》第七十二条"
ZERO = Decimal("0")


@dataclass(frozen=True)
class Bureau:
    name: str
    payment_method: str
    review_body: str
    court: str


def bureau_data(case) -> Bureau:
    department = bureau_of(case)
    return Bureau(
        name=bureau_name(case),
        payment_method=(department.payment_method if department else "").strip(),
        review_body=(department.review_body if department else "").strip(),
        court=(department.court if department else "").strip(),
    )


def case_evidence(case) -> list[str]:
    """The evidence the case file holds: each inspection's record, and what was taken there."""
    lines = []
    for inspection in Inspection.objects.filter(case=case).order_by("started_at", "id"):
        lines.append(f"现场检查笔录（{inspection.started_at:%Y年%m月%d日}，{inspection.place}）")
    evidence = evidence_queryset().filter(inspection__case=case, attachment__superseded_by__isnull=True)
    lines += [f"{item.get_kind_display()}：{item.description}" for item in evidence]
    return lines


def evidence_lines(case, typed: str) -> list[str]:
    """The evidence the decision lists: the case file's, then any the officer adds (one a line)."""
    lines = case_evidence(case)
    for line in (typed or "").splitlines():
        line = line.strip().lstrip("0123456789.、）) ").strip()
        if line and line not in lines:
            lines.append(line)
    return lines


def party_line(party, title: str = "当事人") -> str:
    """(一) The party as the registry holds it: a person's ID number and address are in the decision
    as served (publication masks them). `title` names the party's standing (请求人, 被请求人 in a ruling)."""
    if party.is_person:
        identity = f"，公民身份号码：{party.id_number}" if party.id_number else ""
        return f"{title}：{party.name}{identity}，住址：{party.address}。"
    code = f"，统一社会信用代码：{party.credit_code}" if party.credit_code else ""
    representative = (
        f"，法定代表人（负责人、经营者）：{party.legal_representative}" if party.legal_representative else ""
    )
    return f"{title}：{party.name}{code}，住所（经营场所）：{party.address}{representative}。"


def missing_elements(case, party, values: dict, bureau: Bureau) -> dict[str, list[str]]:
    """Field errors for each required content the decision would lack (empty when complete)."""
    errors: dict[str, list[str]] = {}
    if party is None:
        errors["party"] = ["案件未列明当事人，决定书缺少当事人的姓名或者名称（《行政处罚法》第五十九条第一项）。"]
    elif not (party.address or "").strip():
        errors["party"] = [
            f"当事人“{party.name}”的地址未登记，决定书须载明当事人的地址（《行政处罚法》第五十九条第一项）："
            "请先在当事人信息中补充地址。"
        ]
    if not values.get("facts", "").strip():
        errors["facts"] = ["请填写认定的违法事实（《行政处罚法》第五十九条第二项）。"]
    if not values.get("evidence_lines"):
        errors["evidence"] = ["决定书须载明认定违法事实的证据：案卷中没有现场检查证据，请逐行列明证据。"]
    if not values.get("legal_basis", "").strip():
        errors["legal_basis"] = ["请填写处罚依据（《行政处罚法》第五十九条第三项）。"]
    needs_payment = values.get("fine_amount", ZERO) > ZERO or values.get("confiscated_gains", ZERO) > ZERO
    if needs_payment and not bureau.payment_method:
        errors["payment_method"] = [
            f"{bureau.name}未设置罚没款缴纳方式，决定书缺少履行方式（《行政处罚法》第五十九条第四项）："
            "请管理员在“部门”中填写后再作出决定。"
        ]
    for name, label in (("review_body", "行政复议机关"), ("court", "行政诉讼管辖法院")):
        if not getattr(bureau, name):
            errors[name] = [
                f"{bureau.name}未设置{label}，决定书缺少申请行政复议、提起行政诉讼的途径（《行政处罚法》第五十九条第五项），"
                "不能作出：请管理员在“部门”中填写后再作出决定。"
            ]
    return errors


def performance_text(decision, bureau: Bureau) -> str:
    """(四) How and by when each penalty is performed."""
    lines = []
    payable = decision.fine_amount + decision.confiscated_gains
    if payable > ZERO:
        lines.append(
            f"当事人应当自收到本决定书之日起{limits.PAYMENT_DAYS}日内，将罚没款共计人民币{payable:,.2f}元"
            f"{bureau.payment_method.rstrip('。')}。"
        )
        if decision.fine_amount > ZERO:
            lines.append(
                f"到期不缴纳罚款的，本局可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额（{SURCHARGE_BASIS}）。"
            )
    if decision.order_to_stop:
        lines.append("当事人应当自收到本决定书之日起立即停止违法行为。")
    if decision.confiscated_items:
        lines.append(f"没收的{decision.confiscated_items}由本局依法处理。")
    if decision.revoke_licence:
        lines.append("吊销的许可证件自本决定生效之日起失效。")
    if not lines:
        lines.append("本决定自送达之日起执行。")
    return "\n".join(lines)


def remedy_text(bureau: Bureau) -> str:
    """(五) The remedy notice, always present."""
    return (
        f"当事人如不服本行政处罚决定，可以自收到本决定书之日起{REVIEW_DAYS}日内向{bureau.review_body}申请行政复议；"
        f"也可以自收到本决定书之日起六个月内直接向{bureau.court}提起行政诉讼。"
        "申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。"
    )


def decision_text(decision, bureau: Bureau) -> str:
    """The body of the decision as served, in the order of 《行政处罚法》第五十九条."""
    evidence = [f"{n}. {line}" for n, line in enumerate(decision.evidence.splitlines(), start=1) if line.strip()]
    penalty = decision.penalty_summary
    parts = [
        party_line(decision.party),
        "",
        "一、违法事实和证据",
        f"经查：{decision.facts}",
        "以上事实有下列证据证明：",
        *evidence,
        "",
        "二、行政处罚的种类和依据",
        f"当事人的上述行为属于{decision.violation_type}。依据{decision.legal_basis}，本局决定：{penalty}。",
    ]
    if decision.must_aggravate:
        parts.append(f"当事人五年内曾因商标侵权受到行政处罚（{decision.prior_decisions}），依法从重处罚。")
    if decision.lawful_source:
        parts.append(f"当事人能证明该商品是自己合法取得并说明提供者（{decision.supplier}），依法责令停止销售。")
    parts += [
        "",
        "三、履行方式和期限",
        decision.performance,
        "",
        "四、申请行政复议或者提起行政诉讼的途径和期限",
        remedy_text(bureau),
    ]
    return "\n".join(parts)
