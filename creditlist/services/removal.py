"""Early removal (信用修复) applications, online or at the counter.

An application is recorded whatever it says; its eligibility is checked at once. When a
criterion read from the records fails (less than a year on the list, the penalty's obligations
not fulfilled, a new heavier penalty), it is refused at once with the reason, and the entry stays
on the list. Otherwise the entry moves to `removal_requested` and a decider approves
(confirming the harm and its effects were removed) or refuses it within the time limit."""

import secrets

from django.db import transaction
from django.utils import timezone

from casemgmt.errors import Conflict, Invalid
from casemgmt.files.models import Attachment
from casemgmt.files.services import CheckedUpload, attachment_discard_stored, attachment_store
from casemgmt.workflow.actors import SystemActor
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.services import fire_transition
from casemgmt.workflow.steps import audited_write, check_access

from .. import permissions as allow
from .. import rules
from ..choices import ApplicationStatus, Channel, State
from ..eligibility import automatic_failures, refusal_text, removal_eligibility
from ..models import CreditEntry, EarlyRemovalApplication

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ONLINE_RULE = "当事人在网上提出提前移出申请，系统登记并审查条件"


def new_tracking_code() -> str:
    """Unguessable public tracking code, e.g. XY26-7KX3M9QD."""
    return f"XY{timezone.localdate():%y}-{''.join(secrets.choice(_ALPHABET) for _ in range(8))}"


def _clean(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def removal_application_submit(
    entry: CreditEntry,
    *,
    actor,
    channel: str,
    applicant_name: str,
    contact_phone: str,
    statement: str,
    effects_statement: str,
    obligations_statement: str = "",
    proofs: list[CheckedUpload] = (),
) -> EarlyRemovalApplication:
    """Record an application for early removal of `entry`: online (`actor` None: the party on
    the public portal) or at the counter (`actor` the credit officer). All or nothing: files
    already stored are removed again when it fails.

    Raises NotFound/Forbidden (the counter officer may not act on the entry), Conflict (the entry
    is not on the public list, or an application is already being examined), Invalid (bad input)."""
    errors = {}
    for name, value, label in (
        ("applicant_name", applicant_name, "申请人"),
        ("contact_phone", contact_phone, "联系电话"),
        ("statement", statement, "申请理由"),
        ("effects_statement", effects_statement, "消除危害后果和不良影响的情况"),
    ):
        if not _clean(value):
            errors[name] = [f"请填写{label}。"]
    if channel not in Channel.values:
        errors["channel"] = [f"可选值：{'、'.join(Channel.values)}。"]
    if errors:
        raise Invalid("输入有误。", errors)
    online = actor is None
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            locked = CreditEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
            if not online:
                # Visibility and permission of the counter officer, before anything is written.
                check_access(locked, actor, allow.removal_request, forbidden="只有本机关的信用管理人员可以登记申请。")
            if locked.state != State.PUBLISHED:
                if locked.state == State.REMOVAL_REQUESTED:
                    raise Conflict("该条目已有正在审查的提前移出申请。")
                raise Conflict(f"条目处于“{locked.state_label}”状态，不能申请提前移出（仅限已公示的名单条目）。")
            criteria = removal_eligibility(locked)
            application = EarlyRemovalApplication.objects.create(
                entry=locked,
                jurisdiction_id=locked.jurisdiction_id,
                tracking_code=new_tracking_code(),
                channel=channel,
                applicant_name=_clean(applicant_name),
                contact_phone=_clean(contact_phone),
                statement=_clean(statement),
                obligations_statement=_clean(obligations_statement),
                effects_statement=_clean(effects_statement),
                eligibility=[c.as_dict() for c in criteria],
                created_by=actor,
            )
            for checked in proofs:
                attachment = attachment_store(
                    checked,
                    owner=locked,
                    kind=Attachment.Kind.APPLICATION_MATERIAL,
                    actor=actor,
                    description=f"提前移出申请{application.tracking_code}证明材料",
                )
                stored.append(attachment)
            application.proofs.set(stored)
            public_name = (
                f"申请人 {application.applicant_name}（{application.get_channel_display()}）" if online else ""
            )
            record_creation(
                application,
                actor=actor,
                reason="提出提前移出严重违法失信名单申请",
                payload={"entry": locked.pk, "tracking_code": application.tracking_code},
                public_name=public_name,
            )
            who = SystemActor(ONLINE_RULE) if online else actor
            failures = automatic_failures(criteria)
            if failures:
                _refuse_at_once(locked, application, failures, actor=who)
            else:
                fire_transition(
                    locked,
                    "request_removal",
                    actor=who,
                    reason=f"{application.get_channel_display()}：{application.tracking_code}",
                )
    except BaseException:
        attachment_discard_stored(stored)
        raise
    return application


def _refuse_at_once(entry, application, failures, *, actor) -> None:
    """Criteria read from the records fail: the application is refused with the reason and the
    entry stays on the list (one history row on the entry)."""
    text = refusal_text(failures)
    permission = allow.removal_request
    with audited_write(
        entry,
        "removal_application_refused",
        "提前移出申请不符合条件",
        actor=actor,
        permission=permission,
        reason=text,
    ) as write:
        write.record(tracking_code=application.tracking_code, failed=[c.key for c in failures])
        application.status = ApplicationStatus.REFUSED
        application.decision_reason = text
        application.decided_on = rules.today()
        application.save(update_fields=["status", "decision_reason", "decided_on"])


def open_application_of(entry) -> EarlyRemovalApplication | None:
    return EarlyRemovalApplication.objects.filter(entry_id=entry.pk, status=ApplicationStatus.SUBMITTED).first()


def application_decide(entry, *, status: str, reason: str, actor) -> EarlyRemovalApplication | None:
    """Close the entry's open application with the decision (inside the deciding transition)."""
    application = open_application_of(entry)
    if application is None:
        return None
    application.status = status
    application.decision_reason = reason
    application.decided_on = rules.today()
    application.decided_by = actor if getattr(actor, "pk", None) else None
    application.save(update_fields=["status", "decision_reason", "decided_on", "decided_by"])
    return application
