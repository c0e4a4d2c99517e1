"""Writes of the two directories of 双随机: inspection objects (agencies) and inspectors, with the
inspectors' declared conflicts (回避).

Each write goes through the kernel's audited door: a creation writes one 创建 history row, an
edit one row with every changed field old → new and the reason, a declared conflict one row on
the inspector. A refused write (bad input, no permission, another county's record) writes
nothing. Staff keep the directories of their own jurisdiction; the city's staff the whole city.

The checks are also offered without raising (`agency_errors`, `inspector_errors`) so that the
Excel import (services/imports.py) reports every bad row with the same messages."""

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from casemgmt.errors import Forbidden, Invalid
from casemgmt.org.models import Jurisdiction, Role, User
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.validation import clean_credit_code
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.permissions import Allow
from casemgmt.workflow.steps import audited_write

from ..models import Agency, Inspector, InspectorConflict

# The bureaus' supervision staff keep the directories and plans (auditors and others read only).
STAFF = (Role.OFFICER, Role.AGENCY_HEAD)
directory_writers = Allow(*STAFF)

AGENCY_FIELDS = (
    "kind",
    "name",
    "credit_code",
    "licence_number",
    "jurisdiction",
    "address",
    "parent",
    "status",
    "risk_class",
    "risk_reason",
    "risk_set_on",
)
INSPECTOR_FIELDS = ("certificate_number", "jurisdiction", "specialities", "active")

AGENCY_CREATED = "登记检查对象"
AGENCY_EDITED = "修改检查对象信息"
INSPECTOR_CREATED = "登记检查人员"
INSPECTOR_EDITED = "修改检查人员信息"
CONFLICT_DECLARED = "登记回避"

DUPLICATE_CODE = "该统一社会信用代码的检查对象已登记。"
DUPLICATE_ELSEWHERE = "该统一社会信用代码的检查对象已在其他辖区登记，请由其所在辖区或市局维护。"
NOT_AN_INSPECTOR_USER = "未找到该执法人员（须为本辖区在职的执法人员或机关负责人）。"


class _Unchanged(Exception):
    """Leaves an audited write that changed nothing: no history row for a no-op."""


def require_writer(actor, message: str) -> None:
    """The permission of a creation (there is no object yet whose jurisdiction could be checked)."""
    if not directory_writers(None, actor):
        raise Forbidden(message)


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _length_errors(model, values: dict, errors: dict) -> None:
    """Texts fit their column and hold no control characters (which no Excel sheet can hold)."""
    for name, value in values.items():
        if isinstance(value, str):
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if limit and len(value) > limit:
                _add(errors, name, f"不能超过{limit}个字。")
            if CONTROL_CHARACTERS.search(value):
                _add(errors, name, "不能包含控制字符。")


def _jurisdiction_errors(jurisdiction, actor, errors: dict, *, county_only: bool, what: str) -> None:
    if jurisdiction is None:
        _add(errors, "jurisdiction", "请选择所在县（市、区）。")
        return
    if county_only and jurisdiction.level != Jurisdiction.Level.COUNTY:
        _add(errors, "jurisdiction", "请选择检查对象所在的县（市、区），不能选择市本级。")
    elif not may_see_jurisdiction(actor, jurisdiction.code):
        _add(errors, "jurisdiction", f"只能登记本辖区的{what}。")


def _not_future(value, field: str, errors: dict, label: str) -> None:
    if value is not None and value > timezone.localdate():
        _add(errors, field, f"{label}不能晚于今天。")


# --- agencies ----------------------------------------------------------------------------------


def agency_errors(values: dict, *, actor, instance: Agency | None = None) -> dict:
    """What is wrong with creating an agency from `values` (instance None) or changing `instance`
    by `values`: {field: [messages]}; empty when the write may go ahead. Normalises
    `values["credit_code"]` and strips texts in place."""
    errors: dict = {}
    for name in ("name", "licence_number", "address", "risk_reason"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()

    def value(name):
        return values[name] if name in values else getattr(instance, name, None)

    if not value("name"):
        _add(errors, "name", "请填写名称。")
    if "credit_code" in values or instance is None:
        try:
            values["credit_code"] = clean_credit_code(values.get("credit_code") or "")
        except ValueError as exc:
            _add(errors, "credit_code", str(exc))
        else:
            other = Agency.objects.filter(credit_code=values["credit_code"])
            if instance is not None:
                other = other.exclude(pk=instance.pk)
            other = other.first()
            if other is not None:
                visible = may_see_jurisdiction(actor, other.jurisdiction_id)
                _add(errors, "credit_code", DUPLICATE_CODE if visible else DUPLICATE_ELSEWHERE)
    if instance is None or "jurisdiction" in values:
        _jurisdiction_errors(value("jurisdiction"), actor, errors, county_only=True, what="检查对象")
    kind, parent = value("kind"), value("parent")
    if kind not in Agency.Kind.values:
        _add(errors, "kind", "请选择类型。")
    if parent is not None:
        if kind != Agency.Kind.BRANCH:
            _add(errors, "parent", "只有分支机构填写所属机构。")
        elif parent.kind == Agency.Kind.BRANCH:
            _add(errors, "parent", "所属机构不能是分支机构。")
        elif instance is not None and parent.pk == instance.pk:
            _add(errors, "parent", "所属机构不能是其本身。")
    becomes_branch = instance is not None and kind == Agency.Kind.BRANCH and instance.kind != Agency.Kind.BRANCH
    if becomes_branch and instance.branches.exists():
        _add(errors, "kind", "该机构有分支机构，不能改为分支机构。")
    if value("status") not in Agency.Status.values:
        _add(errors, "status", "请选择经营状态。")
    if value("risk_class") not in Agency.RiskClass.values:
        _add(errors, "risk_class", "请选择信用风险分类（A、B、C、D）。")
    elif instance is not None and value("risk_class") != instance.risk_class and not values.get("risk_reason"):
        _add(errors, "risk_reason", "修改信用风险分类须填写分类依据。")
    _not_future(values.get("risk_set_on"), "risk_set_on", errors, "分类日期")
    _length_errors(Agency, {k: v for k, v in values.items() if k in AGENCY_FIELDS}, errors)
    return errors


def agency_values(values: dict, instance: Agency | None = None) -> dict:
    """The fields to write: a risk class set now (on creation, or changed) is dated today unless
    a date is given."""
    values = {name: value for name, value in values.items() if name in AGENCY_FIELDS}
    class_set = instance is None or values.get("risk_class", instance.risk_class) != instance.risk_class
    if class_set and not values.get("risk_set_on"):
        values["risk_set_on"] = timezone.localdate()
    return values


def _duplicate() -> Invalid:
    return Invalid(errors={"credit_code": [DUPLICATE_CODE]})


def agency_create(*, actor, reason: str = "", payload: dict | None = None, **fields) -> Agency:
    """Register an agency (检查对象) in a county the actor keeps. One history row (创建)."""
    require_writer(actor, "您无权登记检查对象。")
    fields.setdefault("status", Agency.Status.ACTIVE)
    fields.setdefault("risk_class", Agency.RiskClass.B)
    errors = agency_errors(fields, actor=actor)
    if errors:
        raise Invalid(errors=errors)
    values = agency_values(fields)
    try:
        with transaction.atomic():
            agency = Agency.objects.create(**values)
            record_creation(
                agency,
                actor=actor,
                reason=(reason or "").strip() or AGENCY_CREATED,
                payload={"credit_code": agency.credit_code, "name": agency.name, **(payload or {})},
            )
            index_on_commit(agency)
    except IntegrityError:
        raise _duplicate() from None
    return agency


def agency_update(
    agency: Agency, *, actor, reason: str = "", label: str = AGENCY_EDITED, payload: dict | None = None, **fields
) -> Agency:
    """Correct an agency's details; changing its risk class needs the reason for it (risk_reason)
    and dates the class (today unless risk_set_on is given). One history row with each changed
    field old → new; an update that changes nothing writes none."""
    fields = {name: value for name, value in fields.items() if name in AGENCY_FIELDS}
    try:
        with audited_write(agency, "edit", label, actor=actor, permission=directory_writers, reason=reason) as write:
            current = write.obj
            errors = agency_errors(fields, actor=actor, instance=current)
            if errors:
                raise Invalid(errors=errors)
            if not write.edit(current, **agency_values(fields, current)):
                raise _Unchanged
            write.record(credit_code=current.credit_code, **(payload or {}))
            agency = current
    except _Unchanged:
        agency.refresh_from_db()
    except IntegrityError:
        raise _duplicate() from None
    return agency


def agency_by_credit_code(code: str) -> Agency | None:
    """Any agency of the city by its code (for declaring a conflict with an agency of another
    county, whose code the declarer knows)."""
    try:
        code = clean_credit_code(code or "")
    except ValueError:
        return None
    return Agency.objects.filter(credit_code=code).first()


# --- inspectors --------------------------------------------------------------------------------


def inspector_user_errors(user: User | None, *, actor, instance: Inspector | None = None) -> list[str]:
    """An inspector is an active officer or agency head of a jurisdiction the actor keeps, listed once."""
    if user is None or not user.is_active or user.role not in STAFF or user.jurisdiction_id is None:
        return [NOT_AN_INSPECTOR_USER]
    if not may_see_jurisdiction(actor, user.jurisdiction_id):
        return [NOT_AN_INSPECTOR_USER]
    existing = Inspector.objects.filter(user=user)
    if instance is not None:
        existing = existing.exclude(pk=instance.pk)
    if existing.exists():
        return ["该执法人员已在检查人员名录中。"]
    return []


def inspector_errors(values: dict, *, actor, instance: Inspector | None = None) -> dict:
    """What is wrong with registering an inspector from `values` (with "user") or changing
    `instance`; fills in the jurisdiction and certificate number from the user when missing."""
    errors: dict = {}
    for name in ("certificate_number", "specialities"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    user = values.get("user") if instance is None else instance.user
    if instance is None:
        messages = inspector_user_errors(user, actor=actor)
        if messages:
            errors["user"] = messages
            return errors
        values.setdefault("jurisdiction", user.jurisdiction)
        if not values.get("certificate_number"):
            values["certificate_number"] = user.certificate_number
    elif "user" in values and values["user"] != instance.user:
        _add(errors, "user", "不能更换检查人员对应的执法人员，请另行登记。")

    def value(name):
        return values[name] if name in values else getattr(instance, name, None)

    if not value("certificate_number"):
        _add(errors, "certificate_number", "请填写执法证号。")
    jurisdiction = value("jurisdiction")
    checked = instance is None or "jurisdiction" in values
    if checked and (jurisdiction is None or jurisdiction.code != user.jurisdiction_id):
        _add(errors, "jurisdiction", "检查人员的所在县（市、区）须与其所属区划一致。")
    _length_errors(Inspector, {k: v for k, v in values.items() if k in INSPECTOR_FIELDS}, errors)
    return errors


def inspector_create(*, actor, user: User, reason: str = "", payload: dict | None = None, **fields) -> Inspector:
    """Put an officer into the inspector directory. One history row (创建)."""
    require_writer(actor, "您无权登记检查人员。")
    values = {"user": user, **{k: v for k, v in fields.items() if k in INSPECTOR_FIELDS}}
    errors = inspector_errors(values, actor=actor)
    if errors:
        raise Invalid(errors=errors)
    try:
        with transaction.atomic():
            inspector = Inspector.objects.create(**values)
            record_creation(
                inspector,
                actor=actor,
                reason=(reason or "").strip() or INSPECTOR_CREATED,
                payload={"user": user.username, "certificate_number": inspector.certificate_number, **(payload or {})},
            )
    except IntegrityError:
        raise Invalid(errors={"user": ["该执法人员已在检查人员名录中。"]}) from None
    return inspector


def inspector_update(inspector: Inspector, *, actor, reason: str = "", **fields) -> Inspector:
    """Correct an inspector's details, or take them off (active=false) or back onto the list, which
    needs a reason. One history row with each change; nothing changed, nothing written."""
    fields = {name: value for name, value in fields.items() if name in (*INSPECTOR_FIELDS, "user")}
    try:
        with audited_write(
            inspector, "edit", INSPECTOR_EDITED, actor=actor, permission=directory_writers, reason=reason
        ) as write:
            current = write.obj
            errors = inspector_errors(fields, actor=actor, instance=current)
            if "active" in fields and fields["active"] != current.active and not write.reason:
                _add(errors, "reason", "调整检查人员在册状态须填写理由。")
            if errors:
                raise Invalid(errors=errors)
            fields.pop("user", None)
            if not write.edit(current, **fields):
                raise _Unchanged
            inspector = current
    except _Unchanged:
        inspector.refresh_from_db()
    return inspector


def conflict_errors(inspector: Inspector, agency: Agency | None, reason: str, declared_on) -> dict:
    errors: dict = {}
    if agency is None:
        _add(errors, "agency", "未找到该检查对象。")
    elif InspectorConflict.objects.filter(inspector=inspector, agency=agency).exists():
        _add(errors, "agency", "已登记该检查人员对此检查对象回避。")
    if not (reason or "").strip():
        _add(errors, "reason", "请填写回避理由。")
    else:
        _length_errors(InspectorConflict, {"reason": reason.strip()}, errors)
    _not_future(declared_on, "declared_on", errors, "申报日期")
    return errors


def inspector_conflict_declare(
    inspector: Inspector, *, actor, agency: Agency | None, reason: str, declared_on: date | None = None
) -> InspectorConflict:
    """Record that the inspector may not inspect the agency (回避: kinship, former employment, an
    interest). Conflicts are declared facts: they are added, never withdrawn. One history row on
    the inspector, whose reason is the conflict's reason."""
    reason = (reason or "").strip()
    with audited_write(
        inspector, "declare_conflict", CONFLICT_DECLARED, actor=actor, permission=directory_writers, reason=reason
    ) as write:
        errors = conflict_errors(write.obj, agency, reason, declared_on)
        if errors:
            raise Invalid(errors=errors)
        conflict = InspectorConflict.objects.create(
            inspector=write.obj,
            agency=agency,
            reason=reason,
            declared_on=declared_on or timezone.localdate(),
            declared_by=actor if isinstance(actor, User) else None,
        )
        write.record(agency=agency.pk, agency_name=agency.name, credit_code=agency.credit_code)
    return conflict
