"""Transitions of patent-infringement dispute adjudication (DOMAIN §3b), mixed into EnforcementCase."""

import datetime as dt

from django.utils import timezone

from casemgmt.workflow.transitions import workflow_transition

from ..choices import State
from ..rules import adjudication as rules
from ..rules import permissions as allow

PAYLOADS = "enforcement.api.payloads.adjudication"
ADJUDICATION = ("adjudication",)
# Stages in which the request is still pending before the panel.
PENDING = [State.FILED, State.SERVED_ON_RESPONDENT, State.ANSWERED, State.ORAL_HEARING, State.MEDIATING]


def adjudication_transition(**kwargs):
    return workflow_transition(variants=ADJUDICATION, **kwargs)


class AdjudicationTransitions:
    @adjudication_transition(
        source=State.REQUESTED, target=State.EXAMINED, label="审查请求", permission=allow.clue_staff
    )
    def examine(self, *, actor, payload):
        self.examined_on = timezone.localdate()

    @adjudication_transition(
        source=State.EXAMINED,
        target=State.FILED,
        label="立案受理",
        permission=allow.agency_head,
        payload=f"{PAYLOADS}.PanelPayload",
    )
    def accept_request(self, *, actor, payload):
        self.officers.set(payload["officers"])
        self.lead_officer = payload["lead_officer"]
        self.filed_on = payload["filed_on"]
        self.filing_decided_on = payload["filed_on"]

    @adjudication_transition(
        source=[State.REQUESTED, State.EXAMINED],
        target=State.REJECTED,
        label="不予受理",
        permission=allow.agency_head,
        reason_required=True,
    )
    def reject_request(self, *, actor, payload):
        self.filing_decided_on = timezone.localdate()

    @adjudication_transition(
        source=State.FILED,
        target=State.SERVED_ON_RESPONDENT,
        label="向被请求人送达请求书",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.RespondentServicePayload",
    )
    def serve_respondent(self, *, actor, payload):
        self.respondent_served_on = payload["served_on"]

    @adjudication_transition(
        source=State.SERVED_ON_RESPONDENT,
        target=State.ANSWERED,
        label="登记答辩",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.AnswerPayload",
    )
    def record_answer(self, *, actor, payload):
        self.answer_text = payload.get("answer_text", "")
        self.answered_on = payload.get("answered_on")

    @adjudication_transition(
        source=State.ANSWERED,
        target=State.ORAL_HEARING,
        label="口头审理",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.OralHearingPayload",
    )
    def hold_oral_hearing(self, *, actor, payload):
        self.oral_hearing_on = payload["held_on"]
        self.oral_hearing_record = payload["record"]

    @adjudication_transition(
        source=[State.ANSWERED, State.ORAL_HEARING],
        target=State.MEDIATING,
        label="当事人同意调解",
        permission=allow.case_officers,
        conditions=[rules.no_mediation_yet],
        payload=f"{PAYLOADS}.MediationPayload",
    )
    def start_mediation(self, *, actor, payload):
        self.mediation_scope = payload["scope"]  # the linked mediation case is opened by the hook

    @adjudication_transition(
        source=[State.ANSWERED, State.ORAL_HEARING, State.MEDIATING],
        target=State.SUSPENDED,
        label="中止审理",
        permission=allow.agency_head,
        payload=f"{PAYLOADS}.SuspensionPayload",
        reason_required=True,
    )
    def suspend_adjudication(self, *, actor, payload):
        self.suspended_from = payload["suspended_from"]
        self.suspension_ground = payload["ground"]
        self.resumed_on = None

    @adjudication_transition(
        source=State.SUSPENDED,
        target=State.ANSWERED,
        label="恢复审理",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.ResumptionPayload",
    )
    def resume_adjudication(self, *, actor, payload):
        self.resumed_on = payload["resumed_on"]

    @adjudication_transition(
        source=[State.REQUESTED, State.EXAMINED, *PENDING, State.SUSPENDED],
        target=State.WITHDRAWN,
        label="请求人撤回请求",
        permission=allow.bureau_staff,
        reason_required=True,
    )
    def withdraw_request(self, *, actor, payload):
        pass

    @adjudication_transition(
        source=[*PENDING, State.SUSPENDED],
        target=State.TERMINATED,
        label="终止审理",
        permission=allow.agency_head,
        reason_required=True,
    )
    def terminate_adjudication(self, *, actor, payload):
        pass

    @adjudication_transition(
        source=[State.ANSWERED, State.ORAL_HEARING, State.MEDIATING],
        target=State.DECIDED,
        label="作出裁决",
        permission=allow.agency_head,
        payload=f"{PAYLOADS}.RulingPayload",
    )
    def adjudicate(self, *, actor, payload):
        self.infringement_found = payload["infringement_found"]
        self.ruling_order_to_stop = payload["order_to_stop"]
        self.ruling_basis = payload["ruling_basis"]
        self.ruling_text = payload["ruling_text"]
        self.decided_on = payload["decided_on"]

    @adjudication_transition(
        source=State.DECIDED,
        target=State.SERVED,
        label="送达裁决书",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.RulingServicePayload",
    )
    def serve_ruling(self, *, actor, payload):
        self.ruling_served_on = payload["served_on"]

    @adjudication_transition(
        source=State.SERVED,
        target=State.FINAL,
        label="裁决生效",
        permission=allow.case_officers,
        conditions=[rules.lawsuit_period_over],
        payload=f"{PAYLOADS}.FinalityPayload",
    )
    def mark_final(self, *, actor, payload):
        # Unchallenged, the ruling takes effect once the period for a lawsuit has run out.
        self.final_on = self.lawsuit_due + dt.timedelta(days=1)

    @adjudication_transition(
        source=State.FINAL,
        target=State.COURT_ENFORCEMENT_APPLIED,
        label="申请人民法院强制执行",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.RulingEnforcementPayload",
    )
    def apply_ruling_enforcement(self, *, actor, payload):
        self.court_name = payload["court_name"]
        self.court_applied_on = payload["applied_on"]
        self.court_case_number = payload.get("court_case_number", "")
