"""Factories for agency supervision (双随机、一公开): agencies, inspectors, their conflicts (回避),
inspection items and annual plans. They write through the ORM (no history rows), with valid
defaults; tests of the services' own writes call the services instead."""

import itertools
from datetime import date
from decimal import Decimal

from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from enforcement.supervision.models import (
    Agency,
    AnnualPlan,
    InspectionItem,
    Inspector,
    InspectorConflict,
    PlanClassRule,
)

from .factories import CITY, ZEZHOU, UserFactory, _rng, jurisdiction

_numbers = itertools.count(1)

DEFAULT_RATIOS = {"A": "0.05", "B": "0.10", "C": "0.20", "D": "0.50"}


def agency(
    jurisdiction_code: str = ZEZHOU,
    *,
    kind: str = Agency.Kind.PATENT_AGENCY,
    name: str | None = None,
    credit_code: str | None = None,
    status: str = Agency.Status.ACTIVE,
    risk_class: str = Agency.RiskClass.B,
    last_inspected_on: date | None = None,
    parent: Agency | None = None,
    **fields,
) -> Agency:
    """An agency (检查对象) in a county; a branch when ``parent`` is given (kind defaults to branch)."""
    n = next(_numbers)
    if parent is not None and kind == Agency.Kind.PATENT_AGENCY:
        kind = Agency.Kind.BRANCH
    defaults = {
        "licence_number": f"1405{n:04d}",
        "address": f"晋城市测试路{n}号",
        "risk_reason": "年度信用风险分类结果" if risk_class else "",
        "risk_set_on": date(2026, 1, 15),
    }
    defaults.update(fields)
    return Agency.objects.create(
        kind=kind,
        name=name or f"晋城市测试知识产权代理事务所{n}",
        credit_code=credit_code or make_credit_code(_rng),
        jurisdiction=jurisdiction(jurisdiction_code),
        status=status,
        risk_class=risk_class,
        last_inspected_on=last_inspected_on,
        parent=parent,
        **defaults,
    )


def inspector(
    user=None,
    *,
    jurisdiction_code: str | None = None,
    certificate_number: str | None = None,
    specialities: str = "专利、商标",
    active: bool = True,
    conflicts=(),
    role: str = Role.OFFICER,
) -> Inspector:
    """An inspector (检查人员). Without ``user``, a new officer of ``jurisdiction_code`` (default
    泽州县); with one, the inspector's jurisdiction defaults to the user's. ``conflicts``: agencies
    (or (agency, reason) pairs) the inspector declared 回避 with."""
    if user is None:
        user = UserFactory(role=role, jurisdiction=jurisdiction(jurisdiction_code or ZEZHOU))
    code = jurisdiction_code or user.jurisdiction_id or ZEZHOU
    number = certificate_number or user.certificate_number or f"14050{next(_numbers):06d}"
    result = Inspector.objects.create(
        user=user,
        certificate_number=number,
        jurisdiction=jurisdiction(code),
        specialities=specialities,
        active=active,
    )
    for entry in conflicts:
        target, reason = entry if isinstance(entry, tuple) else (entry, "近亲属在该机构执业")
        conflict(result, target, reason=reason)
    return result


def conflict(inspector: Inspector, agency: Agency, *, reason: str = "近亲属在该机构执业", declared_by=None):
    return InspectorConflict.objects.create(
        inspector=inspector, agency=agency, reason=reason, declared_on=date(2026, 1, 20), declared_by=declared_by
    )


def inspection_item(
    code: str | None = None,
    *,
    name: str | None = None,
    kind: str = InspectionItem.Kind.GENERAL,
    legal_basis: str = "《专利代理条例》第二十九条",
    active: bool = True,
) -> InspectionItem:
    n = next(_numbers)
    return InspectionItem.objects.create(
        code=code or f"ZL-{n:03d}",
        name=name or f"执业许可和备案情况{n}",
        kind=kind,
        legal_basis=legal_basis,
        active=active,
    )


def annual_plan(
    jurisdiction_code: str = CITY,
    ratios: dict | None = None,
    *,
    counts: dict | None = None,
    filed: bool = True,
    items=None,
    year: int = 2026,
    title: str | None = None,
    team_size: int = 2,
    exclude_same_county: bool = True,
    not_inspected_months: int | None = None,
    rounding: str = AnnualPlan.Rounding.CEIL,
    created_by=None,
) -> AnnualPlan:
    """An annual plan with one rule per risk class: ``ratios`` {class: Decimal/str} and/or ``counts``
    {class: int} (a class in neither is not drawn; with neither given, DEFAULT_RATIOS). ``filed``
    records the filing with the level above. ``items`` default to one general and one key item."""
    if ratios is None and counts is None:
        ratios = DEFAULT_RATIOS
    area = jurisdiction(jurisdiction_code)
    plan = AnnualPlan.objects.create(
        jurisdiction=area,
        year=year,
        title=title or f"{year}年度{area.name}专利商标代理机构双随机抽查工作计划",
        team_size=team_size,
        exclude_same_county=exclude_same_county,
        not_inspected_months=not_inspected_months,
        rounding=rounding,
        created_by=created_by,
        filed_with="山西省市场监督管理局（知识产权局）" if filed else "",
        filed_on=date(year, 1, 10) if filed else None,
        filing_number=f"晋市监备〔{year}〕{next(_numbers)}号" if filed else "",
    )
    for risk_class, ratio in (ratios or {}).items():
        PlanClassRule.objects.create(plan=plan, risk_class=risk_class, ratio=Decimal(str(ratio)))
    for risk_class, count in (counts or {}).items():
        PlanClassRule.objects.create(plan=plan, risk_class=risk_class, count=count)
    if items is None:
        items = [inspection_item(), inspection_item(kind=InspectionItem.Kind.KEY)]
    plan.items.set(items)
    return plan
