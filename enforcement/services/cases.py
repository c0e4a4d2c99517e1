"""Registering, editing and extending enforcement cases. State changes go through
casemgmt.workflow.services.fire_transition (the effects in penalty.py / adjudication.py follow
them); the edits and the extension of the time limit through the kernel's door for other writes
(casemgmt.workflow.steps.audited_write), each with one history row."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from casemgmt.calendar.counting import Rule
from casemgmt.errors import Conflict, Forbidden, Invalid
from casemgmt.org.models import Role
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.models import Party
from casemgmt.parties.services import party_get_or_create
from casemgmt.search.indexing import index_on_commit
from casemgmt.workflow.actors import SystemActor
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.steps import audited_write

from ..choices import ClueSource, Kind, LimitationInterest, PartyRole, Procedure, State
from ..models import CaseParty, EnforcementCase
from ..rules import limitation as limitation_rules
from ..rules import limits
from ..rules.permissions import agency_head, case_officers
from . import deadlines

CREATORS = {Role.OFFICER, Role.AGENCY_HEAD}
LIMITATION_FIELDS = ("violation_on", "limitation_interest", "limitation_exception")
EDITABLE_FIELDS = {
    "title",
    "facts",
    "claims",
    "clue_source_detail",
    "illegal_turnover",
    "illegal_gains",
    "unsold_goods_value",
    *LIMITATION_FIELDS,
    "agency_subject",
}


def _party(value) -> Party:
    return value if isinstance(value, Party) else party_get_or_create(**value)


def _party_errors(procedure: str, links: list[tuple[str, Party]]) -> dict:
    errors = []
    roles = [role for role, _ in links]
    if PartyRole.RESPONDENT not in roles:
        errors.append("请列明当事人（被请求人）。" if procedure == Procedure.ADJUDICATION else "请列明当事人。")
    if procedure == Procedure.ADJUDICATION:
        if PartyRole.RIGHT_HOLDER not in roles:
            errors.append("专利侵权纠纷行政裁决须列明请求人（专利权人或利害关系人）。")
        if PartyRole.COMPLAINANT in roles:
            errors.append("行政裁决案件没有举报人/投诉人身份。")
    respondents = {party.pk for role, party in links if role == PartyRole.RESPONDENT}
    if any(party.pk in respondents for role, party in links if role != PartyRole.RESPONDENT):
        errors.append("同一当事人不能既是被调查（被请求）的一方，又是举报人或权利人。")
    return {"parties": errors} if errors else {}


def _case_errors(*, procedure, kind, clue_source, referral, claims, received_on) -> dict:
    errors = {}
    if procedure == Procedure.PENALTY:
        if kind not in Kind.values:
            errors["kind"] = ["请选择案件类型（假冒专利、商标侵权或知识产权代理违法）。"]
        if clue_source not in ClueSource.values:
            errors["clue_source"] = ["请选择线索来源。"]
        elif (clue_source == ClueSource.ASSISTANCE_REFERRAL) != (referral is not None):
            errors["clue_source"] = ["维权援助中心移送的线索由接收移送记录自动登记。"]
    elif procedure == Procedure.ADJUDICATION:
        if kind:
            errors["kind"] = ["行政裁决案件不区分处罚案件类型。"]
        if clue_source and clue_source != ClueSource.ASSISTANCE_REFERRAL:
            errors["clue_source"] = ["行政裁决依请求人的请求启动，不填写线索来源。"]
        if not (claims or "").strip():
            errors["claims"] = ["请填写请求事项。"]
    else:
        errors["procedure"] = ["请选择程序：行政处罚或行政裁决。"]
    if received_on is None or received_on > timezone.localdate():
        errors["received_on"] = ["收到日期不能晚于今天。"]
    return errors


def _limitation_errors(case, fields: dict) -> dict:
    """What is wrong with the limitation values being written (《行政处罚法》第三十六条). A clue may
    be registered whatever its date (filing refuses it); a filed case may not be edited into one
    that is time-barred."""
    given = {name: fields[name] for name in LIMITATION_FIELDS if name in fields}
    if not given:
        return {}
    if case.procedure != Procedure.PENALTY:
        return {name: ["行政裁决案件不适用行政处罚追责期限。"] for name in given}
    errors = {}
    violation_on = given.get("violation_on", case.violation_on)
    if violation_on is not None and violation_on > timezone.localdate():
        errors["violation_on"] = ["违法行为发生日期不能晚于今天。"]
    elif violation_on is not None and violation_on < limitation_rules.EARLIEST:
        errors["violation_on"] = [f"日期不能早于{limitation_rules.EARLIEST:%Y-%m-%d}。"]
    if given.get("limitation_interest", "") not in ("", *LimitationInterest.values):
        errors["limitation_interest"] = [f"可选值：{'、'.join(LimitationInterest.values)}，不涉及的留空。"]
    problem = limitation_rules.exception_problem(given.get("limitation_exception", ""))
    if problem:
        errors["limitation_exception"] = [problem]
    if errors or case.filed_on is None:
        return errors
    if violation_on is None:
        return {"violation_on": ["立案后不能清除违法行为发生日期。"]}
    reason = limitation_rules.time_barred(
        violation_on=violation_on,
        interest=given.get("limitation_interest", case.limitation_interest),
        exception=given.get("limitation_exception", case.limitation_exception),
        discovered_on=case.received_on,
    )
    return {"violation_on": [reason]} if reason else {}


def _open_filing_limit(case) -> None:
    if case.procedure == Procedure.PENALTY:
        deadlines.open_limit(
            case,
            deadlines.FILING,
            label="立案审查期限",
            basis=limits.FILING_BASIS,
            start=case.received_on,
            rule=Rule.WORKING_DAYS,
            amount=limits.FILING_WORKING_DAYS,
        )
    else:
        deadlines.open_limit(
            case,
            deadlines.FILING,
            label="受理审查期限",
            basis=limits.ADJUDICATION_BASIS,
            start=case.received_on,
            rule=Rule.WORKING_DAYS,
            amount=limits.adjudication_filing_working_days(),
        )


@transaction.atomic
def enforcement_case_create(
    *,
    actor,
    procedure: str,
    jurisdiction,
    title: str,
    facts: str,
    received_on: dt.date,
    parties: list[dict],
    kind: str = "",
    clue_source: str = "",
    referral=None,
    claims: str = "",
    reason: str = "",
    **fields,
) -> EnforcementCase:
    """Register a clue (penalty procedure) or an adjudication request. `parties` is a list of
    {"role": PartyRole, "party": Party or registry dict}. actor None: registered by the system.

    Raises Forbidden (403) or Invalid (400)."""
    if actor is not None and (actor.role not in CREATORS or not may_see_jurisdiction(actor, jurisdiction.pk)):
        raise Forbidden("只有本机关的执法人员或机关负责人可以登记执法案件。")
    errors = _case_errors(
        procedure=procedure,
        kind=kind,
        clue_source=clue_source,
        referral=referral,
        claims=claims,
        received_on=received_on,
    )
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    errors |= _limitation_errors(EnforcementCase(procedure=procedure, received_on=received_on), fields)
    if errors:
        raise Invalid("输入有误。", errors)
    links = [(link["role"], _party(link["party"])) for link in parties]
    errors = _party_errors(procedure, links)
    if errors:
        raise Invalid("输入有误。", errors)

    initial = EnforcementCase.WORKFLOW_VARIANTS[procedure][1]
    case = EnforcementCase(
        state=initial,
        procedure=procedure,
        jurisdiction=jurisdiction,
        created_by=actor,
        title=title.strip(),
        facts=facts.strip(),
        received_on=received_on,
        kind=kind,
        clue_source=clue_source,
        referral=referral,
        claims=claims,
        **fields,
    )
    case.save()
    _save_parties(case, links)
    record_creation(
        case,
        actor=actor if actor is not None else SystemActor("系统登记的执法案件"),
        reason=reason or ("登记线索" if procedure == Procedure.PENALTY else "登记行政裁决请求"),
    )
    _open_filing_limit(case)
    index_on_commit(case)
    return case


def _unique(links) -> list[tuple[str, Party]]:
    """The links in order, each (role, party) once."""
    seen, unique = set(), []
    for role, party in links:
        if (role, party.pk) not in seen:
            seen.add((role, party.pk))
            unique.append((role, party))
    return unique


def _save_parties(case, links) -> None:
    CaseParty.objects.filter(case=case).delete()
    for position, (role, party) in enumerate(_unique(links)):
        CaseParty.objects.create(case=case, party=party, role=role, position=position)


def _party_names(links) -> str:
    """The parties as the history shows them: 身份：名称, in order."""
    return "；".join(f"{PartyRole(role).label}：{party.name}" for role, party in links)


def may_edit(case, user) -> bool:
    """Heads edit any case of their bureau; officers their own cases, and any clue not yet filed."""
    if agency_head(case, user) or case_officers(case, user):
        return True
    return (
        user.role == Role.OFFICER
        and user.jurisdiction_id == case.jurisdiction_id
        and case.state in EnforcementCase.PARTY_EDIT_STATES
    )


def enforcement_case_update(
    case, *, actor, reason: str = "", parties: list[dict] | None = None, **fields
) -> EnforcementCase:
    """Edit the non-state fields of an open case (and its parties before filing). The case's
    history gets one row with `reason` (default: the step's label) and what changed, old → new:
    an amount such as the illegal turnover (which sets the fine ceiling), the parties by name.
    An edit that changes nothing is recorded without changes.

    Raises NotFound (404), Forbidden (403) or Invalid (400)."""
    with audited_write(
        case,
        "edit",
        "修改案件信息",
        actor=actor,
        permission=may_edit,
        forbidden="只有本案办案人员或机关负责人可以修改案件。",
        reason=reason,
    ) as write:
        locked = write.obj
        if locked.state not in EnforcementCase.EDITABLE_STATES:
            raise Invalid("输入有误。", {"state": [f"案件处于“{locked.state_label}”状态，不能再修改。"]})
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise Invalid("输入有误。", {name: ["该项不能修改。"] for name in sorted(unknown)})
        errors = _limitation_errors(locked, fields)
        if errors:
            raise Invalid("输入有误。", errors)
        parties_changed = False
        if parties is not None:
            if locked.state not in EnforcementCase.PARTY_EDIT_STATES:
                raise Invalid("输入有误。", {"parties": ["立案后不能更改当事人。"]})
            links = [(link["role"], _party(link["party"])) for link in parties]
            errors = _party_errors(locked.procedure, links)
            if errors:
                raise Invalid("输入有误。", errors)
            before = [(link.role, link.party) for link in locked.party_links.select_related("party")]
            after = _unique(links)
            if [(role, party.pk) for role, party in before] != [(role, party.pk) for role, party in after]:
                _save_parties(locked, after)
                write.change("parties", _party_names(before), _party_names(after), label="当事人")
                parties_changed = True
        edited = write.edit(
            locked, **{name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
        )
        if parties_changed and not edited:
            locked.save(update_fields=["updated_at"])
    return locked


# The decision limit is running (not stopped by a suspension or a hearing) in these states.
EXTENSION_STATES = {
    Procedure.PENALTY: [
        State.FILED,
        State.INVESTIGATING,
        State.INVESTIGATION_CLOSED,
        State.UNDER_REVIEW,
        State.NOTIFIED,
        State.HEARING_HELD,
        State.COLLECTIVE_DISCUSSION,
    ],
    Procedure.ADJUDICATION: [
        State.FILED,
        State.SERVED_ON_RESPONDENT,
        State.ANSWERED,
        State.ORAL_HEARING,
        State.MEDIATING,
    ],
}
MAX_FURTHER_EXTENSION_DAYS = 365


def case_time_limit_extend(
    case, *, actor, reason: str, days: int | None = None, discussion_minutes: str = ""
) -> EnforcementCase:
    """Extend the time limit for the decision (办案期限延长), approved by the bureau's head; the
    history shows the number of extensions and the due date, old → new.

    Penalty cases: 30 days once (《市场监督管理行政处罚程序规定》第六十四条); a further
    extension is decided by the heads' collective discussion, which also sets its length.
    Adjudications: once, by the 2025 办法's extension (a setting, default one month).

    Raises NotFound (404), Forbidden (403), Conflict (409) or Invalid (400)."""
    with audited_write(
        case,
        "extend_time_limit",
        "延长办案期限",
        actor=actor,
        permission=agency_head,
        forbidden="只有本机关负责人可以批准延长办案期限。",
        reason=reason,
    ) as write:
        locked = write.obj
        running = deadlines.active_deadline(locked, deadlines.DECISION)
        if locked.state not in EXTENSION_STATES[locked.procedure] or running is None:
            raise Conflict(f"案件处于“{locked.state_label}”状态，没有正在计算的办案期限可以延长。")

        errors = {}
        if not write.reason:
            errors["reason"] = ["请填写延长理由。"]
        discussion_minutes = (discussion_minutes or "").strip()
        if locked.procedure == Procedure.ADJUDICATION:
            if locked.adjudication_extended_on is not None:
                raise Conflict("裁决期限已经延长过一次，不能再延长。")
            if days is not None:
                errors["days"] = ["行政裁决期限按规定延长，不填写天数。"]
            amount, rule = limits.adjudication_extension_months(), Rule.MONTHS
        elif locked.time_limit_extensions == 0:
            if days is not None and not 1 <= days <= limits.DECISION_EXTENSION_DAYS:
                errors["days"] = [f"经机关负责人批准，可以延长不超过{limits.DECISION_EXTENSION_DAYS}日。"]
            amount, rule = days or limits.DECISION_EXTENSION_DAYS, Rule.CALENDAR_DAYS
        else:
            if not discussion_minutes:
                errors["discussion_minutes"] = [
                    "延期后仍不能作出决定的，须经机关负责人集体讨论决定是否继续延期，请填写讨论记录。"
                ]
            if days is None or not 1 <= days <= MAX_FURTHER_EXTENSION_DAYS:
                errors["days"] = [
                    f"集体讨论决定继续延期的，应同时确定延长的合理期限（1至{MAX_FURTHER_EXTENSION_DAYS}日）。"
                ]
            amount, rule = days or 0, Rule.CALENDAR_DAYS
        if errors:
            raise Invalid("输入有误。", errors)

        old_due = running.due
        deadline = deadlines.extend(
            locked, deadlines.DECISION, amount=amount, rule=rule, reason=write.reason, approved_by=actor
        )
        write.edit(
            locked,
            time_limit_extensions=locked.time_limit_extensions + 1,
            **(
                {"adjudication_extended_on": timezone.localdate()} if locked.procedure == Procedure.ADJUDICATION else {}
            ),
        )
        write.change("decision_due", old_due, deadline.due, label=f"{deadline.label}届满日")
        write.record(
            amount=amount,
            rule=rule,
            due=deadline.due,
            **({"discussion_minutes": discussion_minutes} if discussion_minutes else {}),
        )
    return locked
