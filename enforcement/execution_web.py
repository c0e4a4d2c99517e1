"""The case page's execution panel (处罚决定执行): what is owed today with the late surcharge, the
payments, approved deferral or instalments, the party's review or lawsuit, a change of the decision,
and referrals of agency sanctions to 国家知识产权局 — each with its small form, shown to whoever may
use it. Every form posts to `execution_action`, which checks the input with the API's serializer and
calls the same service as the API. A refusal comes back to the case page as messages (400 / 409)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casemgmt.errors import DomainError, Invalid, NotFound
from casemgmt.web.errors import form_refusal
from casemgmt.web.forms import flatten_errors
from casemgmt.web.object_links import ObjectPanel, register_object_panel
from casemgmt.workflow.registry import get_workflow_type

from .api.execution import (
    ArrangementInputSerializer,
    NationalAnswerSerializer,
    NationalReferralInputSerializer,
    RemedyConclusionSerializer,
    RemedyInputSerializer,
)
from .api.serializers import PaymentSerializer
from .api.views import RevocationSerializer
from .choices import AgencySubject, ArrangementKind, Kind, NationalMeasure, RemedyKind, RemedyOutcome
from .models import EnforcementCase
from .publication import DecisionChange, decision_change_of, penalty_decision_revoke
from .rules.agency import RULES as AGENCY_RULES
from .rules.money import ZERO
from .rules.permissions import agency_head, case_officers
from .selectors import visible_case
from .services import agency, execution
from .services import decisions as decision_services


def _instalment_lines(text: str) -> list[dict]:
    """ "2026-08-01 10000" per line → [{"due": "2026-08-01", "amount": "10000"}]."""
    rows = []
    for line in text.splitlines():
        parts = line.replace("，", " ").replace(",", " ").split()
        if parts:
            rows.append({"due": parts[0], "amount": parts[1] if len(parts) > 1 else ""})
    return rows


def _checked(serializer_class, data) -> dict:
    body = serializer_class(data=data)
    if not body.is_valid():
        raise Invalid("输入有误。", dict(body.errors))
    return body.validated_data


def _posted(request, *names) -> dict:
    return {name: request.POST[name].strip() for name in names if request.POST.get(name, "").strip()}


def _decision(case):
    decision = getattr(case, "penalty_decision", None)
    if decision is None:
        raise NotFound()
    return decision


def _payment(request, case):
    data = _posted(request, "amount", "paid_on", "receipt_number", "note")
    decision_services.penalty_payment_record(_decision(case), actor=request.user, **_checked(PaymentSerializer, data))
    return "已登记缴款。"


def _arrangement(request, case):
    data = _posted(request, "kind", "applied_on", "approved_on", "reason", "deferred_to")
    if data.get("kind") == ArrangementKind.INSTALMENTS:
        data["instalments"] = _instalment_lines(request.POST.get("instalments", ""))
    arrangement = execution.payment_arrangement_approve(
        _decision(case), actor=request.user, **_checked(ArrangementInputSerializer, data)
    )
    return f"已登记批准{arrangement.get_kind_display()}，缴款期限随之调整。"


def _remedy(request, case):
    data = _posted(request, "kind", "filed_on", "body", "reference", "reason")
    execution.remedy_record(_decision(case), actor=request.user, **_checked(RemedyInputSerializer, data))
    return "已登记；复议、诉讼期间不计算加处罚款。"


def _remedy_conclude(request, case):
    decision = _decision(case)
    value = request.POST.get("remedy", "")
    remedy = decision.remedies.filter(pk=value).first() if value.isdigit() else None
    if remedy is None:
        raise NotFound()
    data = _posted(request, "ended_on", "outcome", "outcome_note")
    execution.remedy_conclude(decision, remedy, actor=request.user, **_checked(RemedyConclusionSerializer, data))
    return "已登记复议/诉讼结果。"


def _change(request, case):
    data = _posted(request, "ground", "reason", "on", "fine_amount", "confiscated_gains", "changed_text")
    if data.get("ground") != DecisionChange.CHANGED:
        # The form offers the decision's text to edit for a change; a revocation has no new text.
        data.pop("changed_text", None)
    penalty_decision_revoke(_decision(case), actor=request.user, **_checked(RevocationSerializer, data))
    return "已登记处罚决定被变更或撤销。"


def _referral(request, case):
    data = _posted(request, "measure", "suspension_months", "grounds", "referred_on", "letter_number")
    agency.national_referral_create(case, actor=request.user, **_checked(NationalReferralInputSerializer, data))
    return "已登记提请国家知识产权局处理。"


def _referral_answer(request, case):
    value = request.POST.get("referral", "")
    referral = case.national_referrals.filter(pk=value).first() if value.isdigit() else None
    if referral is None:
        raise NotFound()
    data = _posted(request, "answered_on", "answer")
    agency.national_referral_answer(referral, actor=request.user, **_checked(NationalAnswerSerializer, data))
    return "已登记国家知识产权局的处理结果。"


ACTIONS = {
    "payment": _payment,
    "arrangement": _arrangement,
    "remedy": _remedy,
    "remedy-conclude": _remedy_conclude,
    "change": _change,
    "referral": _referral,
    "referral-answer": _referral_answer,
}


@login_required
@require_POST
def execution_action(request, pk, action):
    case = visible_case(request.user, pk)
    if case is None or action not in ACTIONS:
        raise NotFound()
    try:
        done = ACTIONS[action](request, case)
    except DomainError as exc:
        refusal = form_refusal(exc)
        for message in flatten_errors(refusal.errors):
            messages.error(request, message)
        return _case_page(request, case, status=refusal.status)
    messages.success(request, done)
    return redirect(f"{case.get_absolute_url()}#execution")


def _case_page(request, case, *, status: int):
    """The case page again (as the generic object page shows it) with the refusal's messages."""
    wf = get_workflow_type("enforcement_case")
    case = EnforcementCase.objects.get(pk=case.pk)
    from casemgmt.web.views.objects import detail_context

    context = detail_context(request, wf, case)
    return render(request, "web/object_detail.html", context, status=status)


def _change_label(log) -> str:
    ground = (log.payload or {}).get("ground") if log is not None else None
    return DecisionChange(ground).label if ground in DecisionChange.values else "变更或撤销"


def execution_panel(case: EnforcementCase, user) -> list[ObjectPanel]:
    decision = getattr(case, "penalty_decision", None) if case.is_penalty else None
    agency = case.kind == Kind.AGENCY_VIOLATION
    if decision is None and not agency:
        return []
    head = bool(agency_head(case, user))
    officer = bool(case_officers(case, user))
    context = {
        "case": case,
        "decision": decision,
        "today": timezone.localdate(),
        "head": head,
        "officer": officer,
        "agency": agency,
        "agency_rule": AGENCY_RULES.get(case.agency_subject),
        "agency_subject_label": AgencySubject(case.agency_subject).label if case.agency_subject else "",
        "referrals": list(case.national_referrals.all()) if agency else [],
        "measures": NationalMeasure.choices,
        "remedy_kinds": RemedyKind.choices,
        "remedy_outcomes": RemedyOutcome.choices,
        "arrangement_kinds": ArrangementKind.choices,
        "change_grounds": DecisionChange.choices,
    }
    if decision is not None:
        position = decision.payment_position()
        context |= {
            "position": position,
            "payable": decision.amount_payable > ZERO,
            "payments": list(decision.payments.all()),
            "arrangements": list(decision.arrangements.prefetch_related("instalments__deadline")),
            "remedies": list(decision.remedies.all()),
            "pending_remedy": execution.pending_remedy(decision),
            "served": decision.served_on is not None,
            "in_default": decision.in_default(),
            "change": (change := decision_change_of(decision)),
            "change_label": _change_label(change),
        }
    return [ObjectPanel("处罚决定执行", "enforcement/_execution_panel.html", context, key="execution")]


def register() -> None:
    register_object_panel(EnforcementCase, execution_panel)
