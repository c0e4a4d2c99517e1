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


def assistance_request_document(request: AssistanceRequest) -> SearchDocument:
    parties = [request.applicant.name, request.applicant.credit_code]
    if request.respondent:
        parties += [request.respondent.name, request.respondent.credit_code]
    return SearchDocument(
        type="assistance_request",
        id=request.pk,
        title=str(request),
        body="\n".join(
            part
            for part in [
                " ".join(p for p in parties if p),
                request.facts,
                request.claims,
                request.opinion,
                request.closing_report,
                request.referral_unit,
                request.referral_receipt,
            ]
            if part
        ),
        state=request.state,
        state_label=request.state_label,
        jurisdiction=request.jurisdiction_id,
        date=request.created_at.date() if request.created_at else None,
        url=request.get_absolute_url(),
        extra={"tracking_code": request.tracking_code},
    )


register_searchable(
    key="assistance_request",
    model=AssistanceRequest,
    label="维权援助申请",
    to_document=assistance_request_document,
    selector=assistance_requests_visible_to,
)


def enforcement_referral_document(referral: EnforcementReferral) -> SearchDocument:
    request = referral.assistance_request
    return SearchDocument(
        type="enforcement_referral",
        id=referral.pk,
        title=str(referral),
        body="\n".join(
            p
            for p in [
                referral.receiving_unit,
                referral.summary,
                referral.acknowledgement,
                request.applicant.name,
                request.respondent.name if request.respondent else "",
            ]
            if p
        ),
        state=referral.state,
        state_label=referral.state_label,
        jurisdiction=referral.jurisdiction_id,
        date=referral.created_at.date() if referral.created_at else None,
        url=referral.get_absolute_url(),
    )


register_searchable(
    key="enforcement_referral",
    model=EnforcementReferral,
    label="移送执法记录",
    to_document=enforcement_referral_document,
    selector=enforcement_referrals_visible_to,
)


def _parties_text(*parties) -> str:
    return " ".join(value for party in parties if party for value in (party.name, party.credit_code) if value)


def mediation_document(case: MediationCase) -> SearchDocument:
    minutes = [
        session.minutes
        for session in case.sessions.filter(cancelled_at__isnull=True).order_by("starts_at")
        if session.minutes
    ]
    return SearchDocument(
        type="mediation",
        id=case.pk,
        title=str(case),
        body="\n".join(
            part
            for part in [
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
            ]
            if part
        ),
        state=case.state,
        state_label=case.state_label,
        jurisdiction=case.jurisdiction_id,
        date=case.created_at.date() if case.created_at else None,
        url=case.get_absolute_url(),
        extra={"court_case_number": case.court_case_number, "confirmation_case_number": case.confirmation_case_number},
    )


register_searchable(
    key="mediation",
    model=MediationCase,
    label="调解案件",
    to_document=mediation_document,
    selector=mediations_visible_to,
    index_queryset=lambda: MediationCase.objects.select_related("applicant", "respondent"),
)


def arbitration_referral_document(referral: ArbitrationReferral) -> SearchDocument:
    return SearchDocument(
        type="arbitration_referral",
        id=referral.pk,
        title=str(referral),
        body="\n".join(
            part
            for part in [
                _parties_text(referral.applicant, referral.respondent),
                referral.receiving_body,
                referral.receiving_case_number,
                referral.facts,
                referral.claims,
                referral.arbitration_agreement,
                referral.outcome_document_number,
                referral.outcome_summary,
                referral.closing_note,
            ]
            if part
        ),
        state=referral.state,
        state_label=referral.state_label,
        jurisdiction=referral.jurisdiction_id,
        date=referral.created_at.date() if referral.created_at else None,
        url=referral.get_absolute_url(),
        extra={"receiving_case_number": referral.receiving_case_number},
    )


register_searchable(
    key="arbitration_referral",
    model=ArbitrationReferral,
    label="仲裁/诉讼转介",
    to_document=arbitration_referral_document,
    selector=arbitration_referrals_visible_to,
    index_queryset=lambda: ArbitrationReferral.objects.select_related("applicant", "respondent"),
)
