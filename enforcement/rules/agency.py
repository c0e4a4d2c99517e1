"""Agency violations (DOMAIN §3a): the article, fine range and authority that apply to who committed
the violation (专利代理条例 arts. 25–27; 商标法 art. 68). Pure: the case and the decision's fields in,
field errors out.

Patent-agency penalties belong to the provincial patent administration; a city or county bureau
exercises them only where the province delegated them (a setting, ENFORCEMENT_PATENT_AGENCY_
DELEGATED_LEVELS). Suspending an agency's business and revoking a licence are the national office's
(国家知识产权局): the bureau records a referral (NationalOfficeReferral), never a decision."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from casemgmt.parties.models import Party

from ..choices import AgencySubject, Kind

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AgencyRule:
    article: str
    ceiling: Decimal | None  # fixed ceiling; None: a multiple of the illegal gains
    floor: Decimal = ZERO
    warning: bool = False  # the article imposes a warning
    person: bool | None = None  # the party must be a natural person (True) or an organisation (False)
    provincial: bool = False  # a provincial power (exercised below only where delegated)
    gains_multiple: tuple[int, int] | None = None  # (lowest, highest) multiple of the illegal gains


RULES = {
    AgencySubject.PATENT_AGENCY: AgencyRule(
        "《专利代理条例》第二十五条", Decimal("100000"), warning=True, person=False, provincial=True
    ),
    AgencySubject.PATENT_AGENT: AgencyRule(
        "《专利代理条例》第二十六条", Decimal("50000"), warning=True, person=True, provincial=True
    ),
    AgencySubject.UNLICENSED: AgencyRule("《专利代理条例》第二十七条", None, provincial=True, gains_multiple=(1, 5)),
    AgencySubject.TRADEMARK_AGENCY: AgencyRule(
        "《商标法》第六十八条第一款", Decimal("100000"), floor=Decimal("10000"), warning=True, person=False
    ),
    AgencySubject.TRADEMARK_AGENCY_PERSON: AgencyRule(
        "《商标法》第六十八条第一款", Decimal("50000"), floor=Decimal("5000"), warning=True, person=True
    ),
}
NATIONAL_OFFICE = "国家知识产权局"
UNCHOSEN = "代理违法案件须先选择违法主体（专利代理机构、专利代理师、擅自开展专利代理业务、商标代理机构或其责任人员）。"


def _yuan(value) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01')):,}"


def agency_fine_range(subject: str, *, illegal_gains=None):
    """The fine range of the article that applies (a money.Ceiling with its floor)."""
    from .money import Ceiling

    rule = RULES.get(subject)
    if rule is None:
        highest = max(r.ceiling for r in RULES.values() if r.ceiling is not None)
        return Ceiling(highest.quantize(Decimal("0.01")), f"未选择代理违法主体；{UNCHOSEN}")
    if rule.gains_multiple is not None:
        gains = Decimal(illegal_gains or 0)
        low, high = rule.gains_multiple
        return Ceiling(
            (gains * high).quantize(Decimal("0.01")),
            f"{rule.article}：违法所得 {_yuan(gains)} 元的{low}倍以上{high}倍以下",
            floor=(gains * low).quantize(Decimal("0.01")),
        )
    floor = f"{_yuan(rule.floor)} 元以上" if rule.floor else ""
    return Ceiling(
        rule.ceiling.quantize(Decimal("0.01")),
        f"{rule.article}：对{AgencySubject(subject).label}处{floor}{_yuan(rule.ceiling)} 元以下罚款",
        floor=rule.floor.quantize(Decimal("0.01")),
    )


def delegated_levels() -> set[str]:
    """Jurisdiction levels (city, county) the province delegated its patent-agency powers to (verify)."""
    value = getattr(settings, "ENFORCEMENT_PATENT_AGENCY_DELEGATED_LEVELS", "city")
    return {part.strip() for part in str(value).split(",") if part.strip()}


def competence_problem(case) -> str:
    """Why the case's bureau may not punish this agency violation ("" when it may)."""
    if case.kind != Kind.AGENCY_VIOLATION:
        return ""
    rule = RULES.get(case.agency_subject)
    if rule is None or not rule.provincial:
        return ""
    level = case.jurisdiction.level
    if level in delegated_levels():
        return ""
    return (
        f"{rule.article}规定的行政处罚由省、自治区、直辖市人民政府管理专利工作的部门实施，"
        f"本省未委托{case.jurisdiction.get_level_display()}部门行使：请移送省知识产权局处理。"
    )


def agency_decision_problems(case, attrs: dict) -> dict[str, list[str]]:
    """What the penalty of an agency-violation case may not be, as field errors."""
    if case.kind != Kind.AGENCY_VIOLATION:
        return {}
    errors: dict[str, list[str]] = {}

    def refuse(field, message):
        errors.setdefault(field, []).append(message)

    rule = RULES.get(case.agency_subject)
    if rule is None:
        refuse("agency_subject", UNCHOSEN)
        return errors
    competence = competence_problem(case)
    if competence:
        refuse("non_field_errors", competence)
    party = case.principal_party
    if party is not None and rule.person is not None and (party.kind == Party.Kind.PERSON) != rule.person:
        who = "自然人" if rule.person else "单位"
        refuse("non_field_errors", f"{rule.article}处罚的是{who}，本案当事人与所选违法主体不符。")
    if attrs.get("revoke_licence"):
        refuse(
            "revoke_licence",
            f"停止承接新的代理业务、吊销执业许可证或资格证由{NATIONAL_OFFICE}决定，本机关不能作出："
            "请在案件页面登记“提请国家知识产权局处理”。",
        )
    fine = attrs.get("fine_amount") or ZERO
    fine_range = agency_fine_range(case.agency_subject, illegal_gains=case.illegal_gains)
    if fine < fine_range.floor:
        refuse("fine_amount", f"罚款不得低于 {_yuan(fine_range.floor)} 元（{fine_range.explanation}）。")
    if rule.warning and not attrs.get("warning"):
        refuse("warning", f"{rule.article}规定应当给予警告。")
    if rule.gains_multiple is not None:
        gains = case.illegal_gains
        if gains is None:
            refuse("fine_amount", f"擅自开展专利代理业务按违法所得的倍数罚款（{rule.article}）：请先认定违法所得。")
        elif (attrs.get("confiscated_gains") or ZERO) < gains:
            refuse("confiscated_gains", f"应当没收违法所得 {_yuan(gains)} 元（{rule.article}）。")
    return errors
