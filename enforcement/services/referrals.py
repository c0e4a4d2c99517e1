"""A referral from the rights-protection assistance centre becomes a clue (or an adjudication
request) of the bureau when the bureau acknowledges it; both records point at each other."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from casemgmt.iprights import IPType
from cases.models import EnforcementReferral

from ..choices import ClueSource, Kind, PartyRole, Procedure
from ..models import EnforcementCase
from .cases import enforcement_case_create
from .deadlines import as_payload_errors

# Patent matters referred for enforcement are counterfeiting (infringement disputes go to
# adjudication); marks, geographical indications and the rest are pursued as trademark cases.
KIND_BY_IP_TYPE = {IPType.PATENT: Kind.PATENT_COUNTERFEITING}


def referral_acknowledged(referral, log, payload):
    with as_payload_errors():
        case = _clue_from(referral, actor=log.actor)
    referral.clue_content_type = ContentType.objects.get_for_model(EnforcementCase)
    referral.clue_object_id = case.pk
    referral.save(update_fields=["clue_content_type", "clue_object_id", "updated_at"])


def _clue_from(referral, *, actor) -> EnforcementCase:
    """The clue (or adjudication request) with the request's parties and facts; it counts as
    received when the centre sent it."""
    request = referral.assistance_request
    adjudication = referral.target == EnforcementReferral.Target.ADJUDICATION
    parties = [{"role": PartyRole.RIGHT_HOLDER if adjudication else PartyRole.COMPLAINANT, "party": request.applicant}]
    if request.respondent is not None:
        parties.insert(0, {"role": PartyRole.RESPONDENT, "party": request.respondent})
    return enforcement_case_create(
        actor=actor,
        procedure=Procedure.ADJUDICATION if adjudication else Procedure.PENALTY,
        jurisdiction=referral.jurisdiction,
        title=request.title,
        facts=request.facts,
        claims=(request.claims or request.title) if adjudication else "",
        received_on=timezone.localdate(referral.created_at),
        parties=parties,
        kind="" if adjudication else KIND_BY_IP_TYPE.get(request.ip_type, Kind.TRADEMARK_INFRINGEMENT),
        clue_source=ClueSource.ASSISTANCE_REFERRAL,
        referral=referral,
        clue_source_detail=f"维权援助申请 {request.tracking_code}",
        reason=f"接收维权援助中心移送（{actor.display_name if actor else '系统'}）",
    )
