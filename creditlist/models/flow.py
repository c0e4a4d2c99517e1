"""Transitions of a list entry (DOMAIN §5), mixed into CreditEntry.

candidate → notified (pre-listing notice; the party may state a defence or ask for a hearing
within the window) → objection_review / hearing_requested → [awaiting_consent → consented, when
the level above must consent] → listed (a numbered listing decision) → published →
removal_requested → removed; expired at the end of the listing period (system); revoked (the
penalty annulled, or the head); dismissed (not listed).

Each method applies what its payload says; documents, deadlines, notifications and the early
removal application are written by the hooks in creditlist.services.transitions, in the order
creditlist.effects declares."""

from casemgmt.workflow.transitions import workflow_transition

from .. import permissions as allow
from .. import rules
from ..choices import OPEN_STATES, PROPOSAL_STATES, State

PAYLOADS = "creditlist.api.payloads"


class CreditEntryTransitions:
    # --- before the listing decision ----------------------------------------------------------

    @workflow_transition(
        source=State.CANDIDATE,
        target=State.NOTIFIED,
        label="送达列入告知书",
        permission=allow.credit_officer,
        payload=f"{PAYLOADS}.NoticePayload",
    )
    def notify(self, *, actor, payload):
        self.notice_served_on = payload["served_on"]

    @workflow_transition(
        source=State.NOTIFIED,
        target=State.NOTIFIED,
        label="登记当事人放弃陈述申辩和听证",
        permission=allow.party_reply,
        conditions=[rules.rights_not_waived],
        payload=f"{PAYLOADS}.WaiverPayload",
    )
    def record_waiver(self, *, actor, payload):
        self.rights_waived_on = payload["waived_on"]

    @workflow_transition(
        source=State.NOTIFIED,
        target=State.OBJECTION_REVIEW,
        label="登记陈述申辩（异议）",
        permission=allow.party_reply,
        conditions=[rules.rights_not_waived],
        payload=f"{PAYLOADS}.ObjectionPayload",
    )
    def record_objection(self, *, actor, payload):
        self.objection_text = payload["objection_text"]
        self.objection_received_on = payload["received_on"]

    @workflow_transition(
        # Also after a written objection: the hearing may be asked for until the window closes.
        source=[State.NOTIFIED, State.OBJECTION_REVIEW],
        target=State.HEARING_REQUESTED,
        label="登记听证申请",
        permission=allow.party_reply,
        conditions=[rules.rights_not_waived],
        payload=f"{PAYLOADS}.HearingRequestPayload",
    )
    def request_hearing(self, *, actor, payload):
        self.hearing_requested_on = payload["requested_on"]

    @workflow_transition(
        source=State.HEARING_REQUESTED,
        target=State.OBJECTION_REVIEW,
        label="举行听证",
        permission=allow.credit_officer,
        payload=f"{PAYLOADS}.HearingPayload",
    )
    def hold_hearing(self, *, actor, payload):
        self.hearing_held_on = payload["held_on"]
        self.hearing_record = payload["hearing_record"]

    @workflow_transition(
        source=[State.NOTIFIED, State.OBJECTION_REVIEW],
        target=State.AWAITING_CONSENT,
        label="报请上一级同意",
        permission=allow.credit_officer,
        conditions=[rules.party_heard, rules.needs_consent],
        payload=f"{PAYLOADS}.ConsentRequestPayload",
    )
    def submit_for_consent(self, *, actor, payload):
        self.consent_requested_on = payload["requested_on"]
        if payload.get("objection_opinion"):
            self.objection_opinion = payload["objection_opinion"]

    @workflow_transition(
        source=State.AWAITING_CONSENT,
        target=State.CONSENTED,
        label="登记上一级同意",
        permission=allow.consent,
        payload=f"{PAYLOADS}.ConsentPayload",
    )
    def record_consent(self, *, actor, payload):
        self.consent_authority = payload["consent_authority"]
        self.consent_reference = payload["consent_reference"]
        self.consented_on = payload["consented_on"]

    @workflow_transition(
        source=State.AWAITING_CONSENT,
        target=State.DISMISSED,
        label="上一级不同意列入",
        permission=allow.consent,
        reason_required=True,
    )
    def record_consent_refusal(self, *, actor, payload):
        self.ended_on = rules.today()

    @workflow_transition(
        source=[State.NOTIFIED, State.OBJECTION_REVIEW, State.CONSENTED],
        target=State.LISTED,
        label="作出列入决定",
        permission=allow.agency_head,
        conditions=[rules.party_heard, rules.consent_given],
        payload=f"{PAYLOADS}.ListingPayload",
    )
    def list(self, *, actor, payload):
        self.listed_on = payload["listed_on"]
        self.listing_until = rules.listing_until(self.listed_on, self.listing_years)
        self.decided_by = actor
        if payload.get("objection_opinion"):
            self.objection_opinion = payload["objection_opinion"]
        self.measures.set(payload["measures"])

    @workflow_transition(
        source=[*PROPOSAL_STATES],
        target=State.DISMISSED,
        label="不予列入",
        permission=allow.deciders,
        reason_required=True,
    )
    def dismiss(self, *, actor, payload):
        self.ended_on = rules.today()

    # --- on the list ----------------------------------------------------------------------------

    @workflow_transition(
        source=State.LISTED,
        target=State.PUBLISHED,
        label="公示",
        permission=allow.credit_officer,
    )
    def publish(self, *, actor, payload):
        self.published_on = rules.today()

    @workflow_transition(
        source=State.PUBLISHED,
        target=State.REMOVAL_REQUESTED,
        label="受理提前移出申请",
        permission=allow.removal_request,
        conditions=[rules.open_application],
    )
    def request_removal(self, *, actor, payload):
        pass

    @workflow_transition(
        source=State.REMOVAL_REQUESTED,
        target=State.REMOVED,
        label="准予提前移出",
        permission=allow.deciders,
        conditions=[rules.still_eligible],
        payload=f"{PAYLOADS}.RemovalApprovalPayload",
    )
    def approve_removal(self, *, actor, payload):
        self.ended_on = payload["removed_on"]

    @workflow_transition(
        source=State.REMOVAL_REQUESTED,
        target=State.PUBLISHED,
        label="不予提前移出",
        permission=allow.deciders,
        reason_required=True,
    )
    def refuse_removal(self, *, actor, payload):
        pass

    @workflow_transition(
        source=[State.LISTED, State.PUBLISHED, State.REMOVAL_REQUESTED],
        target=State.EXPIRED,
        label="列入期满，自动移出",
        permission=allow.system_only,
        conditions=[rules.period_over],
    )
    def expire(self, *, actor, payload):
        self.ended_on = rules.today()

    @workflow_transition(
        source=[*OPEN_STATES],
        target=State.REVOKED,
        label="撤销列入",
        permission=allow.revokers,
        reason_required=True,
    )
    def revoke(self, *, actor, payload):
        self.ended_on = rules.today()
