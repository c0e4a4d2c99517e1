"""Measures on items: 查封、扣押 (limit 30 days, extended once by at most 30 with the head's
approval), 先行登记保存 (a decision on the items within 7 working days), an emergency measure
taken on the spot (reported to the head within 24 hours), their release, extension and approval.

Each write goes through the case's door (casemgmt.workflow.steps.audited_write): the case is
locked, then it must be visible to the actor (NotFound → 404), the actor may do this (Forbidden →
403), the case or the measure is in a state that allows it (Conflict → 409), and the input is
acceptable (Invalid → 400). The case's history gets one row naming the actor and the reason, with
what changed old → new. On any refusal nothing is written."""

import datetime as dt

from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.services import deadline_extend, deadline_mark_met, deadline_open
from casemgmt.documents.services import document_issue
from casemgmt.errors import Conflict, Invalid, NotFound
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.steps import audited_write

from ..models import Inspection, Seizure
from ..rules import inspections as rules
from .common import bureau_heads, clean, notify_users
from .deadlines import as_payload_errors
from .decision_content import bureau_data


def _measure_label(measure: str) -> str:
    return Seizure.Measure(measure).label


def _open_limit(case, *, measure: str, items: str, decided_on: dt.date, actor):
    if measure == Seizure.Measure.PRESERVATION:
        return deadline_open(
            case,
            kind=rules.PRESERVATION_DECISION,
            label=f"先行登记保存处理决定期限：{items}"[:120],
            legal_basis=rules.PRESERVATION_BASIS,
            start=decided_on,
            rule=Rule.WORKING_DAYS,
            amount=rules.PRESERVATION_WORKING_DAYS,
            responsible=actor,
        )
    return deadline_open(
        case,
        kind=rules.SEIZURE_LIMIT,
        label=f"{_measure_label(measure)}期限：{items}"[:120],
        legal_basis=rules.SEIZURE_BASIS,
        start=decided_on,
        rule=Rule.CALENDAR_DAYS,
        amount=rules.SEIZURE_DAYS,
        responsible=actor,
    )


def _issue_decision(case, *, measure, items, quantity, place_kept, decided_on, limit, actor) -> str:
    document = document_issue(
        case,
        "seizure_decision",
        actor=actor,
        extra={
            "bureau": bureau_data(case),
            "party": case.principal_party,
            "measure_label": _measure_label(measure),
            "basis": "《中华人民共和国行政强制法》第二十二条、第二十三条及有关法律、法规的规定",
            "items": items,
            "quantity": quantity,
            "place_kept": place_kept,
            "decided_on": decided_on,
            "due": limit.due,
        },
    )
    return document.number_text


def _seizure_errors(case, *, measure, items, quantity, place_kept, decided_on, inspection, emergency, converted_from):
    errors = {}
    today = timezone.localdate()
    if measure not in Seizure.Measure.values:
        errors["measure"] = [f"可选值：{'、'.join(Seizure.Measure.values)}。"]
    if not items:
        errors["items"] = ["请填写物品名称及规格。"]
    if not quantity:
        errors["quantity"] = ["请填写数量。"]
    if not place_kept:
        errors["place_kept"] = ["请填写存放地点。"]
    if decided_on > today:
        errors["decided_on"] = ["日期不能晚于今天。"]
    elif case.filed_on is not None and decided_on < case.filed_on:
        errors["decided_on"] = [f"日期不能早于立案日期（{case.filed_on:%Y-%m-%d}）。"]
    if inspection is not None and inspection.case_id != case.pk:
        errors["inspection"] = ["该现场检查记录不属于本案。"]
    elif inspection is not None and "decided_on" not in errors:
        first = timezone.localdate(inspection.started_at)
        last = timezone.localdate(inspection.ended_at or inspection.started_at)
        if emergency and not first <= decided_on <= last:
            errors["decided_on"] = [f"当场实施的，日期应为现场检查当日（{first:%Y-%m-%d}）。"]
        elif decided_on < first:
            errors["decided_on"] = [f"日期不能早于现场检查日期（{first:%Y-%m-%d}）。"]
    if emergency and "measure" not in errors:
        if measure == Seizure.Measure.PRESERVATION:
            errors["emergency"] = ["“情况紧急当场实施”只适用于查封、扣押。"]
        elif inspection is None:
            errors["inspection"] = ["当场实施的查封、扣押须关联实施时的现场检查记录。"]
    if converted_from is not None:
        if measure == Seizure.Measure.PRESERVATION:
            errors["converted_from"] = ["先行登记保存只能转为查封或扣押。"]
        elif converted_from.case_id != case.pk or not converted_from.is_preservation:
            errors["converted_from"] = ["须是本案的先行登记保存记录。"]
        elif not converted_from.in_force:
            errors["converted_from"] = ["该先行登记保存已经解除或处理。"]
        elif "decided_on" not in errors and decided_on < converted_from.decided_on:
            errors["decided_on"] = [f"日期不能早于先行登记保存日期（{converted_from.decided_on:%Y-%m-%d}）。"]
    return errors


def _measure_of(case, seizure: Seizure) -> Seizure:
    """The measure as it is now, read after its case was locked (every change of a measure goes
    through its case's door, so the case's lock covers it)."""
    try:
        return Seizure.objects.select_related("limit", "report_deadline").get(pk=seizure.pk, case=case)
    except Seizure.DoesNotExist:
        raise NotFound() from None


def _meet(deadline, on: dt.date) -> None:
    if deadline is not None and deadline.is_active:
        with as_payload_errors():
            deadline_mark_met(deadline, on=max(on, deadline.start))


def _release(write, seizure: Seizure, *, actor, released_on: dt.date, reason: str) -> None:
    write.edit(
        seizure,
        released_on=released_on,
        released_at=timezone.now(),
        released_by=actor,
        release_reason=reason,
    )
    _meet(seizure.limit, released_on)


def _summary(seizure: Seizure) -> dict:
    """What the case's history keeps of the measure a row is about (the rest is in the record)."""
    return {"seizure": seizure.pk, "items": seizure.items}


def seizure_create(
    case,
    *,
    actor,
    measure: str,
    items: str,
    quantity: str,
    place_kept: str,
    decided_on: dt.date,
    inspection: Inspection | None = None,
    emergency: bool = False,
    decision_number: str = "",
    converted_from: Seizure | None = None,
) -> Seizure:
    """Record a 查封/扣押 (limit: 30 days) or a 先行登记保存 (a decision on the items within 7 WD).
    An emergency measure taken on the spot must also be reported to the head within 24 hours;
    the heads are notified. Converting a preservation into a seizure deals with the preservation."""
    measure_label = _measure_label(measure) if measure in Seizure.Measure.values else "查封、扣押或先行登记保存"
    label = f"登记{'当场' if emergency else ''}{measure_label}"
    with audited_write(case, "record_seizure", label, actor=actor, permission=rules.require_raid) as write:
        locked = write.obj
        if converted_from is not None:
            converted_from = Seizure.objects.select_related("limit").get(pk=converted_from.pk)
        items, quantity, place_kept = clean(items), clean(quantity), clean(place_kept)
        errors = _seizure_errors(
            locked,
            measure=measure,
            items=items,
            quantity=quantity,
            place_kept=place_kept,
            decided_on=decided_on,
            inspection=inspection,
            emergency=emergency,
            converted_from=converted_from,
        )
        if errors:
            raise Invalid("输入有误。", errors)
        with as_payload_errors(start="decided_on"):
            limit = _open_limit(locked, measure=measure, items=items, decided_on=decided_on, actor=actor)
            report = None
            if emergency:
                report = deadline_open(
                    locked,
                    kind=rules.SEIZURE_REPORT,
                    label=f"当场{_measure_label(measure)}报告负责人并补办批准期限：{items}"[:120],
                    legal_basis=rules.EMERGENCY_BASIS,
                    # Taken during the inspection at a time not recorded: the 24 hours run from the
                    # inspection's start, so the limit never ends later than the law allows.
                    start=inspection.started_at,
                    rule=Rule.HOURS,
                    amount=rules.EMERGENCY_REPORT_HOURS,
                    responsible=actor,
                )
        decision_number = clean(decision_number)
        if not decision_number and measure != Seizure.Measure.PRESERVATION:
            # 《行政强制法》第十八条: the decision is made and handed over on the spot; one already
            # made on paper keeps the number typed in, else it is issued here from the kernel.
            decision_number = _issue_decision(
                locked,
                measure=measure,
                items=items,
                quantity=quantity,
                place_kept=place_kept,
                decided_on=decided_on,
                limit=limit,
                actor=actor,
            )
        seizure = Seizure.objects.create(
            case=locked,
            jurisdiction_id=locked.jurisdiction_id,
            inspection=inspection,
            measure=measure,
            items=items,
            quantity=quantity,
            place_kept=place_kept,
            decided_on=decided_on,
            decision_number=decision_number,
            emergency=emergency,
            converted_from=converted_from,
            limit=limit,
            report_deadline=report,
            recorded_by=actor,
        )
        write.record(
            **_summary(seizure),
            limit_due=limit.due,
            **({"inspection": inspection.pk} if inspection is not None else {}),
            **({"converted_from": converted_from.pk} if converted_from is not None else {}),
        )
        if converted_from is not None:
            _release(
                write,
                converted_from,
                actor=actor,
                released_on=decided_on,
                reason=f"作出处理决定：转为{_measure_label(measure)}（{items}）",
            )
        if emergency:
            notify_users(
                bureau_heads(locked),
                title=f"当场{_measure_label(measure)}待补办批准：{locked}",
                body=f"{actor.display_name}于{decided_on:%Y-%m-%d}当场{_measure_label(measure)}“{items}”，"
                f"应当在二十四小时内报告并补办批准手续（{rules.EMERGENCY_BASIS}）。",
                url=seizure.get_absolute_url(),
                key=f"enforcement:seizure:{seizure.pk}:report",
            )
        if inspection is not None:
            index_on_commit(inspection)
    return seizure


def _release_label(seizure: Seizure) -> str:
    if seizure.is_preservation:
        return "先行登记保存处理决定"
    return f"解除{seizure.get_measure_display()}"


def seizure_release(seizure: Seizure, *, actor, reason: str, released_on: dt.date | None = None) -> Seizure:
    """Release the items (解除查封、扣押 / 对先行登记保存作出解除的处理决定): the limit is met.
    Released by the head, an emergency measure also counts as reported."""
    with audited_write(
        seizure.case,
        "release_seizure",
        _release_label(seizure),
        actor=actor,
        permission=rules.require_releaser,
        reason=reason,
    ) as write:
        locked = _measure_of(write.obj, seizure)
        if not locked.in_force:
            raise Conflict(f"该措施已于 {locked.released_on:%Y-%m-%d} 解除。")
        released_on = released_on or timezone.localdate()
        errors = {}
        if released_on > timezone.localdate():
            errors["released_on"] = ["解除日期不能晚于今天。"]
        elif released_on < locked.decided_on:
            errors["released_on"] = [f"解除日期不能早于实施日期（{locked.decided_on:%Y-%m-%d}）。"]
        if not write.reason:
            errors["reason"] = ["请填写解除理由或处理决定。"]
        if errors:
            raise Invalid("输入有误。", errors)
        write.record(**_summary(locked))
        _release(write, locked, actor=actor, released_on=released_on, reason=write.reason)
        if rules.seizure_approvers(write.obj, actor):
            _meet(locked.report_deadline, released_on)
    return locked


def seizure_extend(seizure: Seizure, *, actor, reason: str, days: int | None = None) -> Seizure:
    """Extend a 查封/扣押 once, by at most 30 days, with the head's approval (《行政强制法》
    第二十五条), before its limit runs out. The history shows the days and the new due date."""
    with audited_write(
        seizure.case,
        "extend_seizure",
        f"延长{seizure.get_measure_display()}期限",
        actor=actor,
        permission=rules.require_extension_approver,
        reason=reason,
    ) as write:
        locked = _measure_of(write.obj, seizure)
        problem = None
        limit = locked.limit
        if locked.is_preservation:
            problem = "先行登记保存不能延长，应当在七个工作日内作出处理决定。"
        elif not locked.in_force:
            problem = f"该措施已于 {locked.released_on:%Y-%m-%d} 解除，不能延长。"
        elif locked.extended_at is not None:
            problem = (
                f"查封、扣押期限已于 {timezone.localtime(locked.extended_at):%Y-%m-%d} 延长过一次"
                f"（{locked.extension_days}日），依法不能再次延长。"
            )
        elif not limit.is_active or limit.due < timezone.localdate():
            problem = f"期限已于 {limit.due:%Y-%m-%d} 届满，不能再延长，应当立即解除。"
        if problem:
            raise Invalid("不能延长。", {"non_field_errors": [problem]})
        days = rules.SEIZURE_EXTENSION_DAYS if days is None else days
        errors = {}
        if not 1 <= days <= rules.SEIZURE_EXTENSION_DAYS:
            errors["days"] = [f"延长期限不得超过{rules.SEIZURE_EXTENSION_DAYS}日。"]
        if not write.reason:
            errors["reason"] = ["请填写延长理由（情况复杂的具体情形）。"]
        if errors:
            raise Invalid("输入有误。", errors)
        old_due = limit.due
        with as_payload_errors(amount="days"):
            limit = deadline_extend(limit, amount=days, rule=Rule.CALENDAR_DAYS, reason=write.reason, approved_by=actor)
        write.record(**_summary(locked))
        write.edit(
            locked,
            extended_at=timezone.now(),
            extended_by=actor,
            extension_days=days,
            extension_reason=write.reason,
        )
        write.change("limit_due", old_due, limit.due, label=f"{locked.get_measure_display()}期限届满日")
    locked.limit.refresh_from_db()
    return locked


def seizure_approve(seizure: Seizure, *, actor, note: str = "") -> Seizure:
    """The head's approval, afterwards, of a measure taken on the spot in an emergency: the
    24-hour report limit is met. (A head who disapproves releases the items instead.)"""
    with audited_write(
        seizure.case,
        "approve_seizure",
        f"负责人补办批准当场{seizure.get_measure_display()}",
        actor=actor,
        permission=rules.require_emergency_approver,
        reason=note,
    ) as write:
        locked = _measure_of(write.obj, seizure)
        problem = None
        if not locked.emergency:
            problem = "该措施不是情况紧急当场实施的，无须补办批准。"
        elif locked.approved_at is not None:
            problem = f"已于 {timezone.localtime(locked.approved_at):%Y-%m-%d %H:%M} 批准。"
        elif not locked.in_force:
            problem = f"该措施已于 {locked.released_on:%Y-%m-%d} 解除。"
        if problem:
            raise Invalid("不能批准。", {"non_field_errors": [problem]})
        write.record(**_summary(locked))
        write.edit(locked, approved_at=timezone.now(), approved_by=actor, approval_note=clean(note))
        _meet(locked.report_deadline, timezone.localdate())
    return locked
