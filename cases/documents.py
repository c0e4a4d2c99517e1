"""Official documents the branch centre issues, and the steps that issue them."""

from django.conf import settings

from casemgmt.documents.registry import register_document
from casemgmt.documents.services import document_issue
from casemgmt.org.models import Department


def centre() -> Department | None:
    return Department.objects.filter(kind=Department.Kind.ASSISTANCE_CENTRE).order_by("id").first()


def centre_abbreviation(obj) -> str:
    department = centre()
    return department.abbreviation if department and department.abbreviation else "晋知援"


register_document(
    key="assistance_acceptance_notice",
    label="受理通知书",
    template="documents/cases/acceptance_notice.html",
    version="2026.1",
    doc_type="受",
    issuer=centre_abbreviation,
)
register_document(
    key="assistance_rejection_notice",
    label="不予受理通知书",
    template="documents/cases/rejection_notice.html",
    version="2026.1",
    doc_type="不受",
    issuer=centre_abbreviation,
)


register_document(
    key="assistance_correction_notice",
    label="补正通知书",
    template="documents/cases/correction_notice.html",
    version="2026.1",
    doc_type="补",
    issuer=centre_abbreviation,
)
register_document(
    key="assistance_referral_letter",
    label="案件移送函",
    template="documents/cases/referral_letter.html",
    version="2026.1",
    doc_type="移",
    issuer=centre_abbreviation,
)
# The opinion a closed request gives the applicant (DOMAIN §1: advisory, "仅供参考", not appealable).
register_document(
    key="assistance_reference_opinion",
    label="参考意见书",
    template="documents/cases/reference_opinion.html",
    version="2026.1",
    doc_type="意",
    issuer=centre_abbreviation,
)
register_document(
    key="mediation_agreement",
    label="调解协议书",
    template="documents/cases/mediation_agreement.html",
    version="2026.1",
    doc_type="调",
    issuer=centre_abbreviation,
)


def _centre_context() -> dict:
    department = centre()
    return {
        "issuer_name": department.name if department else "知识产权维权援助中心",
        "completion_days": settings.ASSISTANCE_COMPLETION_WORKING_DAYS,
    }


def issue_acceptance_notice(request, log, payload):
    document_issue(request, "assistance_acceptance_notice", actor=log.actor, extra=_centre_context())


def issue_rejection_notice(request, log, payload):
    document_issue(
        request, "assistance_rejection_notice", actor=log.actor, extra={**_centre_context(), "reason": log.reason}
    )


def issue_correction_notice(request, log, payload):
    from .public.selectors import CORRECTION_INSTRUCTIONS

    document_issue(
        request,
        "assistance_correction_notice",
        actor=log.actor,
        extra={**_centre_context(), "reason": log.reason, "instructions": CORRECTION_INSTRUCTIONS},
    )


def issue_reference_opinion(request, log, payload):
    # approve_and_close needs the opinion (its condition), so there always is one to issue.
    document_issue(request, "assistance_reference_opinion", actor=log.actor, extra=_centre_context())


def issue_mediation_agreement(case, log, payload):
    document_issue(case, "mediation_agreement", actor=log.actor, extra=_centre_context())


def issue_referral_letter(request, referral, log):
    document_issue(
        request, "assistance_referral_letter", actor=log.actor, extra={**_centre_context(), "referral": referral}
    )


def _acceptance_notice_context(request) -> dict:
    return _centre_context()


def _register_batches() -> None:
    from casemgmt.documents.batch import register_batch_document

    from .rules import assistance as rules

    # A copy of the acceptance notice for accepted requests (e.g. a set to send again): numbered
    # anew, so each is recorded in the request's history like the one the acceptance issued.
    register_batch_document(
        type_key="assistance_request",
        kind="assistance_acceptance_notice",
        eligible=lambda queryset: queryset.filter(accepted_at__isnull=False),
        permission=rules.centre_head,
        context=_acceptance_notice_context,
        condition="已受理的申请",
    )


_register_batches()
