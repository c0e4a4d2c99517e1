"""Writes of inspection items and annual plans, and the conversion of a plan and the directories
into the inputs of the pure draw (draw.py).

Inspection items (抽查事项清单) are one list for the whole city, kept by the city's supervision
staff; items are deactivated, never deleted. An annual plan (年度抽查计划) belongs to a bureau:
per risk class a ratio or a count, the items to check, the rules for matching inspectors. It is
filed with the level above (备案); from then on its rules are fixed (Conflict), since draws rely
on them. Every write is audited: one history row, refused writes none."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from casemgmt.errors import Conflict, Forbidden, Invalid
from casemgmt.org.models import Jurisdiction
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.steps import audited_write

from .. import draw
from ..models import Agency, AnnualPlan, InspectionItem, Inspector, PlanClassRule
from ..models.choices import RiskClass, Rounding
from .directory import STAFF, _add, _length_errors, _not_future, _Unchanged, directory_writers

ITEM_FIELDS = ("code", "name", "kind", "legal_basis", "active")
# What a draw relies on: fixed once the plan is filed.
PLAN_RULE_FIELDS = (
    "jurisdiction",
    "year",
    "items",
    "class_rules",
    "team_size",
    "exclude_same_county",
    "not_inspected_months",
    "rounding",
)
PLAN_FIELDS = ("title", *PLAN_RULE_FIELDS)

ITEM_CREATED = "登记抽查事项"
ITEM_EDITED = "修改抽查事项"
PLAN_CREATED = "制定年度抽查计划"
PLAN_EDITED = "修改年度抽查计划"
PLAN_FILED = "年度抽查计划报上级机关备案"
PLAN_FIXED = "年度抽查计划已报上级机关备案，抽查规则不能再修改。"


def city_staff(obj, user) -> bool:
    """The item list is the city's: kept by the city bureau's supervision staff."""
    return directory_writers(obj, user) and user.sees_whole_city


# --- inspection items --------------------------------------------------------------------------


def inspection_item_errors(values: dict, instance: InspectionItem | None = None) -> dict:
    errors: dict = {}
    for name in ("code", "name", "legal_basis"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()

    def value(name):
        return values[name] if name in values else getattr(instance, name, None)

    for name, message in (
        ("code", "请填写事项编号。"),
        ("name", "请填写检查事项。"),
        ("legal_basis", "请填写检查依据。"),
    ):
        if not value(name):
            _add(errors, name, message)
    if value("kind") not in InspectionItem.Kind.values:
        _add(errors, "kind", "请选择事项类别。")
    if value("code") and "code" in values:
        other = InspectionItem.objects.filter(code=values["code"])
        if instance is not None:
            other = other.exclude(pk=instance.pk)
        if other.exists():
            _add(errors, "code", "该事项编号已存在。")
    _length_errors(InspectionItem, {k: v for k, v in values.items() if k in ITEM_FIELDS}, errors)
    return errors


def inspection_item_create(*, actor, reason: str = "", **fields) -> InspectionItem:
    """Add an item (一般 or 重点检查事项, with its legal basis) to the city's list. One history row."""
    if not city_staff(None, actor):
        raise Forbidden("抽查事项清单由市局监管人员维护。")
    values = {name: value for name, value in fields.items() if name in ITEM_FIELDS}
    values.setdefault("kind", InspectionItem.Kind.GENERAL)
    errors = inspection_item_errors(values)
    if errors:
        raise Invalid(errors=errors)
    try:
        with transaction.atomic():
            item = InspectionItem.objects.create(**values)
            record_creation(
                item, actor=actor, reason=(reason or "").strip() or ITEM_CREATED, payload={"code": item.code}
            )
    except IntegrityError:
        raise Invalid(errors={"code": ["该事项编号已存在。"]}) from None
    return item


def inspection_item_update(item: InspectionItem, *, actor, reason: str = "", **fields) -> InspectionItem:
    """Correct an item or take it out of use (active=false, with a reason). Plans keep the items
    they name. One history row with the changes; nothing changed, nothing written."""
    fields = {name: value for name, value in fields.items() if name in ITEM_FIELDS}
    try:
        with audited_write(
            item,
            "edit",
            ITEM_EDITED,
            actor=actor,
            permission=city_staff,
            reason=reason,
            forbidden="抽查事项清单由市局监管人员维护。",
        ) as write:
            errors = inspection_item_errors(fields, write.obj)
            if "active" in fields and fields["active"] != write.obj.active and not write.reason:
                _add(errors, "reason", "停用或恢复抽查事项须填写理由。")
            if errors:
                raise Invalid(errors=errors)
            if not write.edit(write.obj, **fields):
                raise _Unchanged
            item = write.obj
    except _Unchanged:
        item.refresh_from_db()
    except IntegrityError:
        raise Invalid(errors={"code": ["该事项编号已存在。"]}) from None
    return item


# --- annual plans ------------------------------------------------------------------------------


def _clean_rules(raw, errors: dict) -> list[dict]:
    """[{"risk_class", "ratio"} or {"risk_class", "count"}], one per class, ratio 0–1 (at most
    four decimals) XOR a whole count ≥ 0."""
    if not isinstance(raw, (list, tuple)) or not raw:
        _add(errors, "class_rules", "请至少为一个信用风险分类设置抽查比例或数量。")
        return []
    rules, seen = [], set()
    for entry in raw:
        entry = dict(entry) if isinstance(entry, dict) else {}
        risk_class = entry.get("risk_class")
        ratio, count = entry.get("ratio"), entry.get("count")
        if risk_class not in RiskClass.values:
            _add(errors, "class_rules", "信用风险分类须为 A、B、C、D 之一。")
            continue
        if risk_class in seen:
            _add(errors, "class_rules", f"{risk_class}类重复设置。")
            continue
        seen.add(risk_class)
        if (ratio is None) == (count is None):
            _add(errors, "class_rules", f"{risk_class}类须设置抽查比例或抽查数量之一。")
            continue
        if ratio is not None:
            try:
                ratio = Decimal(str(ratio))
            except InvalidOperation:
                ratio = None
            if (
                ratio is None
                or not ratio.is_finite()
                or not 0 <= ratio <= 1
                or ratio != ratio.quantize(Decimal("0.0001"))
            ):
                _add(errors, "class_rules", f"{risk_class}类的抽查比例须在0到1之间，最多四位小数。")
                continue
            rules.append({"risk_class": risk_class, "ratio": ratio.quantize(Decimal("0.0001")), "count": None})
        else:
            if isinstance(count, bool) or not isinstance(count, int) or count < 0 or count > 100000:
                _add(errors, "class_rules", f"{risk_class}类的抽查数量须为不小于0的整数。")
                continue
            rules.append({"risk_class": risk_class, "ratio": None, "count": count})
    return sorted(rules, key=lambda rule: rule["risk_class"])


def rules_text(rules) -> str:
    """How the history shows a plan's class rules: "A类 5%；C类 3户"."""
    parts = []
    for rule in rules:
        get = rule.get if isinstance(rule, dict) else lambda name, r=rule: getattr(r, name)
        ratio, count = get("ratio"), get("count")
        amount = f"{Decimal(ratio) * 100:.2f}".rstrip("0").rstrip(".") + "%" if ratio is not None else f"{count}户"
        parts.append(f"{get('risk_class')}类 {amount}")
    return "；".join(parts) or "—"


def items_text(items) -> str:
    return "、".join(item.code for item in sorted(items, key=lambda item: item.code)) or "—"


def plan_errors(values: dict, *, actor, instance: AnnualPlan | None = None) -> dict:
    """What is wrong with creating a plan from `values` or changing `instance` by them. Cleans
    "class_rules" in place and fills in exclude_same_county (a county's plan cannot exclude its
    own county's inspectors: it has no others)."""
    errors: dict = {}
    if isinstance(values.get("title"), str):
        values["title"] = values["title"].strip()

    def value(name):
        if name in values:
            return values[name]
        if name == "class_rules":
            return list(instance.class_rules.all()) if instance else None
        if name == "items":
            return list(instance.items.all()) if instance else None
        return getattr(instance, name, None)

    if not value("title"):
        _add(errors, "title", "请填写计划名称。")
    year = value("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2020 <= year <= 2100:
        _add(errors, "year", "年度须在2020至2100之间。")
    jurisdiction = value("jurisdiction")
    if jurisdiction is None:
        _add(errors, "jurisdiction", "请选择制定机关所在区划。")
    elif (instance is None or "jurisdiction" in values) and not may_see_jurisdiction(actor, jurisdiction.code):
        _add(errors, "jurisdiction", "只能为本辖区制定抽查计划。")
    if "class_rules" in values or instance is None:
        values["class_rules"] = _clean_rules(values.get("class_rules"), errors)
    if "items" in values or instance is None:
        items = list(values.get("items") or [])
        if not items:
            _add(errors, "items", "请至少选择一项抽查事项。")
        kept = {item.pk for item in instance.items.all()} if instance else set()
        stopped = [item.code for item in items if not item.active and item.pk not in kept]
        if stopped:
            _add(errors, "items", f"抽查事项已停用：{'、'.join(stopped)}。")
        values["items"] = items
    team_size = value("team_size")
    if team_size is None:
        team_size = values["team_size"] = 2
    if isinstance(team_size, bool) or not isinstance(team_size, int) or not 2 <= team_size <= 5:
        _add(errors, "team_size", "每个对象的检查人员数须为2至5人。")
    months = value("not_inspected_months")
    if months is not None and (isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 60):
        _add(errors, "not_inspected_months", "须为1至60个月，或不填（不排除）。")
    if value("rounding") is None:
        values["rounding"] = Rounding.CEIL
    if value("rounding") not in Rounding.values:
        _add(errors, "rounding", "请选择比例取整方式。")
    county_plan = jurisdiction is not None and jurisdiction.level != Jurisdiction.Level.CITY
    if value("exclude_same_county") is None:
        values["exclude_same_county"] = not county_plan
    elif county_plan and value("exclude_same_county"):
        _add(errors, "exclude_same_county", "县级计划只能从本县检查人员中抽取，不能排除本县检查人员。")
    _length_errors(AnnualPlan, {k: v for k, v in values.items() if k == "title"}, errors)
    return errors


def _write_rules(plan: AnnualPlan, rules: list[dict]) -> None:
    plan.class_rules.all().delete()
    PlanClassRule.objects.bulk_create(PlanClassRule(plan=plan, **rule) for rule in rules)


def annual_plan_create(*, actor, reason: str = "", **fields) -> AnnualPlan:
    """Draw up a plan (not yet filed). One history row (创建) with its rules and items."""
    if not directory_writers(None, actor):
        raise Forbidden("您无权制定抽查计划。")
    values = {name: value for name, value in fields.items() if name in PLAN_FIELDS}
    errors = plan_errors(values, actor=actor)
    if errors:
        raise Invalid(errors=errors)
    rules, items = values.pop("class_rules"), values.pop("items")
    with transaction.atomic():
        plan = AnnualPlan.objects.create(created_by=actor, **values)
        _write_rules(plan, rules)
        plan.items.set(items)
        record_creation(
            plan,
            actor=actor,
            reason=(reason or "").strip() or PLAN_CREATED,
            payload={"class_rules": rules_text(rules), "items": items_text(items)},
        )
    return plan


def annual_plan_update(plan: AnnualPlan, *, actor, reason: str = "", **fields) -> AnnualPlan:
    """Change a plan. Once filed its rules (classes, items, matching rules, year, jurisdiction) are
    fixed: changing them is a Conflict; the title may still be corrected. One history row with the
    changes (class rules and items as text, old → new); nothing changed, nothing written."""
    fields = {name: value for name, value in fields.items() if name in PLAN_FIELDS}
    try:
        with audited_write(
            plan, "edit", PLAN_EDITED, actor=actor, permission=directory_writers, reason=reason
        ) as write:
            current = write.obj
            errors = plan_errors(fields, actor=actor, instance=current)
            if errors:
                raise Invalid(errors=errors)
            old_rules, old_items = list(current.class_rules.all()), list(current.items.all())
            rules, items = fields.pop("class_rules", None), fields.pop("items", None)
            rules_changed = rules is not None and rules_text(rules) != rules_text(old_rules)
            items_changed = items is not None and {i.pk for i in items} != {i.pk for i in old_items}
            rule_fields_changed = [
                name for name in PLAN_RULE_FIELDS if name in fields and fields[name] != getattr(current, name)
            ]
            if current.is_filed and (rules_changed or items_changed or rule_fields_changed):
                raise Conflict(PLAN_FIXED)
            changed = write.edit(current, **fields)
            if rules_changed:
                _write_rules(current, rules)
                write.change("class_rules", rules_text(old_rules), rules_text(rules), label="分类抽查比例")
            if items_changed:
                current.items.set(items)
                write.change("items", items_text(old_items), items_text(items), label="抽查事项")
            if not (changed or rules_changed or items_changed):
                raise _Unchanged
            if (rules_changed or items_changed) and not changed:
                current.save(update_fields=["updated_at"])
            plan = current
    except _Unchanged:
        plan.refresh_from_db()
    return plan


def annual_plan_file(
    plan: AnnualPlan, *, actor, filed_with: str, filing_number: str, filed_on: date | None = None, reason: str = ""
) -> AnnualPlan:
    """Record the plan's filing with the level above (备案机关, 日期, 文号). Once filed, its rules are
    fixed; filing twice is a Conflict. One history row."""
    with audited_write(plan, "file", PLAN_FILED, actor=actor, permission=directory_writers, reason=reason) as write:
        current = write.obj
        if current.is_filed:
            raise Conflict("该计划已备案。")
        values = {
            "filed_with": (filed_with or "").strip(),
            "filing_number": (filing_number or "").strip(),
            "filed_on": filed_on or timezone.localdate(),
        }
        errors: dict = {}
        if not values["filed_with"]:
            _add(errors, "filed_with", "请填写备案机关。")
        if not values["filing_number"]:
            _add(errors, "filing_number", "请填写备案文号。")
        _not_future(values["filed_on"], "filed_on", errors, "备案日期")
        _length_errors(AnnualPlan, {k: v for k, v in values.items() if k != "filed_on"}, errors)
        if not current.class_rules.exists():
            _add(errors, "class_rules", "计划尚未设置分类抽查比例。")
        if not current.items.exists():
            _add(errors, "items", "计划尚未选择抽查事项。")
        if errors:
            raise Invalid(errors=errors)
        write.edit(current, **values)
        write.record(class_rules=rules_text(current.class_rules.all()), items=items_text(current.items.all()))
    return current


# --- inputs of the draw ------------------------------------------------------------------------


def plan_rules(plan: AnnualPlan, as_of: date) -> draw.PlanRules:
    """The plan's rules as the pure draw takes them, on the day `as_of`."""
    ratios, counts = {}, {}
    for rule in plan.class_rules.all():
        if rule.ratio is not None:
            ratios[rule.risk_class] = Decimal(rule.ratio)
        elif rule.count is not None:
            counts[rule.risk_class] = int(rule.count)
    return draw.PlanRules(
        as_of=as_of,
        ratios=ratios,
        counts=counts,
        rounding=plan.rounding,
        team_size=int(plan.team_size),
        exclude_same_county=bool(plan.exclude_same_county),
        not_inspected_months=plan.not_inspected_months or None,
    )


def _in_scope(queryset, plan: AnnualPlan):
    """A city's plan covers every county (and the city's own inspectors); a county's plan its county."""
    if plan.jurisdiction.level == Jurisdiction.Level.CITY:
        return queryset
    return queryset.filter(jurisdiction_id=plan.jurisdiction_id)


def draw_inputs(plan: AnnualPlan, as_of: date) -> tuple[list[draw.Agency], list[draw.Inspector]]:
    """The directories as the pure draw takes them: the agencies in business (正常经营) in the
    plan's scope, and the inspectors on the list (active, their officer account active and still
    an officer or head) in its scope, each with the agencies of that list they declared a
    conflict with. Both sorted by id. The lists are those of now: `as_of` (the draw's day) is
    taken for symmetry with plan_rules; a declared conflict counts whenever it was declared."""
    agencies = list(
        _in_scope(Agency.objects.filter(status=Agency.Status.ACTIVE), plan)
        .order_by("pk")
        .values_list("pk", "jurisdiction_id", "risk_class", "last_inspected_on")
    )
    agency_ids = {pk for pk, *_ in agencies}
    inspectors = list(
        _in_scope(Inspector.objects.filter(active=True, user__is_active=True, user__role__in=STAFF), plan)
        .order_by("pk")
        .prefetch_related("conflicts")
    )
    return (
        [
            draw.Agency(id=pk, county=county, risk_class=risk, last_inspected_on=last)
            for pk, county, risk, last in agencies
        ],
        [
            draw.Inspector(
                id=inspector.pk,
                county=inspector.jurisdiction_id,
                conflicts=frozenset(c.agency_id for c in inspector.conflicts.all() if c.agency_id in agency_ids),
            )
            for inspector in inspectors
        ],
    )
