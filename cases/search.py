"""What of the branch centre's cases is indexed for full-text search."""

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.registry import register_searchable

from .models import ArbitrationReferral, AssistanceRequest, EnforcementReferral, MediationCase
from .selectors import (
    arbitration_referrals_visible_to,
    assistance_requests_visible_to,
    enforcement_referrals_visible_to,
    mediations_visible_to,
)


def _parties_text(*parties) -> str:
    return " ".join(value for party in parties if party for value in (party.name, party.credit_code) if value)


def case_document(obj, key: str, parts: list, extra: dict | None = None) -> SearchDocument:
    """A workflow object as a search document: its title, state, area and date, and the non-empty
    text parts as the body."""
    return SearchDocument(
        type=key,
        id=obj.pk,
        title=str(obj),
        body="\n".join(part for part in parts if part),
        state=obj.state,
        state_label=obj.state_label,
        jurisdiction=obj.jurisdiction_id,
        date=obj.created_at.date() if obj.created_at else None,
        url=obj.get_absolute_url(),
        extra=extra or {},
    )


def assistance_request_document(request: AssistanceRequest) -> SearchDocument:
    return case_document(
        request,
        "assistance_request",
        [
            _parties_text(request.applicant, request.respondent),
            request.facts,
            request.claims,
            request.opinion,
            request.closing_report,
            request.referral_unit,
            request.referral_receipt,
        ],
        extra={"tracking_code": request.tracking_code},
    )


def enforcement_referral_document(referral: EnforcementReferral) -> SearchDocument:
    request = referral.assistance_request
    return case_document(
        referral,
        "enforcement_referral",
        [
            referral.receiving_unit,
            referral.summary,
            referral.acknowledgement,
            _parties_text(request.applicant, request.respondent),
        ],
    )


def mediation_document(case: MediationCase) -> SearchDocument:
    minutes = [s.minutes for s in case.sessions.filter(cancelled_at__isnull=True).order_by("starts_at")]
    return case_document(
        case,
        "mediation",
        [
            _parties_text(case.applicant, case.respondent),
            case.court_name,
            case.court_case_number,
            case.facts,
            case.claims,
            *minutes,
            case.agreement_text,
            case.termination_reason,
            case.confirmation_court,
            case.confirmation_case_number,
            case.confirmation_result,
            case.performance_note,
            case.court_report,
        ],
        extra={"court_case_number": case.court_case_number, "confirmation_case_number": case.confirmation_case_number},
    )


def arbitration_referral_document(referral: ArbitrationReferral) -> SearchDocument:
    return case_document(
        referral,
        "arbitration_referral",
        [
            _parties_text(referral.applicant, referral.respondent),
            referral.receiving_body,
            referral.receiving_case_number,
            referral.facts,
            referral.claims,
            referral.arbitration_agreement,
            referral.outcome_document_number,
            referral.outcome_summary,
            referral.closing_note,
        ],
        extra={"receiving_case_number": referral.receiving_case_number},
    )


register_searchable(
    key="assistance_request",
    model=AssistanceRequest,
    label="维权援助申请",
    to_document=assistance_request_document,
    with_attachment_text=True,
    selector=assistance_requests_visible_to,
    index_queryset=lambda: AssistanceRequest.objects.select_related("applicant", "respondent"),
)
register_searchable(
    key="enforcement_referral",
    model=EnforcementReferral,
    label="移送执法记录",
    to_document=enforcement_referral_document,
    selector=enforcement_referrals_visible_to,
    index_queryset=lambda: EnforcementReferral.objects.select_related(
        "assistance_request__applicant", "assistance_request__respondent"
    ),
)
register_searchable(
    key="mediation",
    model=MediationCase,
    label="调解案件",
    to_document=mediation_document,
    with_attachment_text=True,
    selector=mediations_visible_to,
    index_queryset=lambda: MediationCase.objects.select_related("applicant", "respondent"),
)
register_searchable(
    key="arbitration_referral",
    model=ArbitrationReferral,
    label="仲裁/诉讼转介",
    to_document=arbitration_referral_document,
    with_attachment_text=True,
    selector=arbitration_referrals_visible_to,
    index_queryset=lambda: ArbitrationReferral.objects.select_related("applicant", "respondent"),
)
