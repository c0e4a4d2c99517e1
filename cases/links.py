"""From a case page to the records its referrals opened (an assistance request referred to
mediation or enforcement, a mediation referred to arbitration or litigation, a referral the
bureau received to the clue it opened), and a court-entrusted mediation to its report to the
court; and each opened record back to where it came from (its field showed the source as plain
text). Without these the way on or back was only reachable from another list. Only records the
reader may see are linked (the lists' selectors)."""

from django.urls import reverse

from casemgmt.web.object_links import ObjectLink, register_object_links
from casemgmt.workflow.registry import workflow_type_for

from .models import ArbitrationReferral, AssistanceRequest, EnforcementReferral, MediationCase
from .selectors import (
    arbitration_referrals_visible_to,
    assistance_requests_visible_to,
    enforcement_referrals_visible_to,
    mediations_visible_to,
)
from .web_court import may_report


def _source(selector, pk, user, label: str) -> list[ObjectLink]:
    """Back to the record a referral came from, when there is one the reader may see."""
    source = selector(user).filter(pk=pk).first() if pk else None
    return [ObjectLink(f"{label}：{source}", source.get_absolute_url())] if source else []


def assistance_follow_ons(request: AssistanceRequest, user) -> list[ObjectLink]:
    mediations = mediations_visible_to(user).filter(assistance_request=request).order_by("pk")
    referrals = enforcement_referrals_visible_to(user).filter(assistance_request=request).order_by("pk")
    return [ObjectLink(f"转交的调解案件：{case}", case.get_absolute_url()) for case in mediations] + [
        ObjectLink(f"移送执法记录：{referral.receiving_unit}", referral.get_absolute_url()) for referral in referrals
    ]


def mediation_follow_ons(case: MediationCase, user) -> list[ObjectLink]:
    links = _source(assistance_requests_visible_to, case.assistance_request_id, user, "来源维权援助申请")
    if may_report(case, user):
        url = reverse("web:mediation-court-report", args=[case.pk])
        links.append(ObjectLink("向法院反馈调解结果", url, hint=case.court_name, primary=True))
    referrals = arbitration_referrals_visible_to(user).filter(mediation=case).order_by("pk")
    return links + [ObjectLink(str(referral), referral.get_absolute_url()) for referral in referrals]


def arbitration_source(referral: ArbitrationReferral, user) -> list[ObjectLink]:
    return _source(mediations_visible_to, referral.mediation_id, user, "来源调解案件")


def referral_clue(referral: EnforcementReferral, user) -> list[ObjectLink]:
    """The clue (or adjudication request) the bureau opened on receiving the referral: its own
    workflow's selector says whether the reader may see it."""
    links = _source(assistance_requests_visible_to, referral.assistance_request_id, user, "维权援助申请")
    if referral.clue_content_type_id is None:
        return links
    workflow = workflow_type_for(referral.clue_content_type.model_class())
    clue = workflow and workflow.selector(user).filter(pk=referral.clue_object_id).first()
    return links + ([ObjectLink(f"立案线索：{clue}", clue.get_absolute_url())] if clue else [])


register_object_links(AssistanceRequest, assistance_follow_ons)
register_object_links(MediationCase, mediation_follow_ons)
register_object_links(EnforcementReferral, referral_clue)
register_object_links(ArbitrationReferral, arbitration_source)
