"""What of the branch centre's cases is indexed for full-text search."""

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.registry import register_searchable

from .models import AssistanceRequest, EnforcementReferral
from .selectors import assistance_requests_visible_to, enforcement_referrals_visible_to


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
