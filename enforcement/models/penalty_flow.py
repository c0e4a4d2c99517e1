"""Transitions of the administrative penalty procedure (DOMAIN §3a), mixed into EnforcementCase.

Each method applies only what its payload says; numbering, documents, deadlines and decisions
are written by the hooks in enforcement.services (inside the same transaction)."""

from django.utils import timezone

from casemgmt.workflow.transitions import workflow_transition

from ..choices import ClosingReason, Outcome, State
from ..rules import penalty as rules
from ..rules import permissions as allow

PAYLOADS = "enforcement.api.payloads.penalty"
PENALTY = ("penalty",)


def penalty_transition(**kwargs):
    return workflow_transition(variants=PENALTY, **kwargs)


class PenaltyTransitions:
    # --- clue and filing (立案) -------------------------------------------------------------

    @penalty_transition(source=State.CLUE, target=State.VERIFYING, label="开始核查", permission=allow.clue_staff)
    def start_verification(self, *, actor, payload):
        self.verification_started_on = timezone.localdate()

    @penalty_transition(
        source=State.VERIFYING,
        target=State.VERIFYING,
        label="检测鉴定等期间暂停计算立案期限",
        permission=allow.clue_staff,
        conditions=[rules.filing_clock_running],
        payload=f"{PAYLOADS}.FilingClockPausePayload",
    )
    def pause_filing_clock(self, *, actor, payload):
        self.filing_clock_paused_since = payload["paused_from"]
        self.filing_clock_pause_kind = payload["measure"]

    @penalty_transition(
        source=State.VERIFYING,
        target=State.VERIFYING,
        label="检测鉴定等完成，恢复计算立案期限",
        permission=allow.clue_staff,
        conditions=[rules.filing_clock_paused],
        payload=f"{PAYLOADS}.FilingClockResumePayload",
    )
    def resume_filing_clock(self, *, actor, payload):
        self.filing_clock_paused_since = None
        self.filing_clock_pause_kind = ""

    @penalty_transition(
        source=State.VERIFYING,
        target=State.VERIFYING,
        label="批准延长立案期限",
        permission=allow.agency_head_on_request,
        conditions=[rules.filing_not_extended],
        reason_required=True,
    )
    def extend_filing_period(self, *, actor, payload):
        self.filing_extended_on = timezone.localdate()

    @penalty_transition(
        source=State.VERIFYING,
        target=State.FILED,
        label="立案",
        permission=allow.agency_head,
        conditions=[rules.filing_clock_running],
        payload=f"{PAYLOADS}.FilingPayload",
    )
    def file_case(self, *, actor, payload):
        self.officers.set(payload["officers"])
        self.lead_officer = payload["lead_officer"]
        self.filed_on = payload["filed_on"]
        self.filing_decided_on = payload["filed_on"]
        for name in ("violation_on", "limitation_interest", "limitation_exception"):
            if name in payload:
                setattr(self, name, payload[name])
        if payload.get("agency_subject"):
            self.agency_subject = payload["agency_subject"]

    @penalty_transition(
        source=[State.CLUE, State.VERIFYING],
        target=State.NOT_FILED,
        label="不予立案",
        permission=allow.agency_head,
        reason_required=True,
    )
    def decline_filing(self, *, actor, payload):
        self.filing_decided_on = timezone.localdate()
        self.filing_clock_paused_since = None

    # --- investigation ----------------------------------------------------------------------

    @penalty_transition(
        source=State.FILED, target=State.INVESTIGATING, label="开始调查", permission=allow.case_officers
    )
    def start_investigation(self, *, actor, payload):
        pass

    @penalty_transition(
        source=State.INVESTIGATING,
        target=State.SUSPENDED,
        label="中止调查",
        permission=allow.agency_head,
        payload=f"{PAYLOADS}.SuspensionPayload",
        reason_required=True,
    )
    def suspend_investigation(self, *, actor, payload):
        self.suspended_from = payload["suspended_from"]
        self.suspension_ground = payload["ground"]
        self.resumed_on = None

    @penalty_transition(
        source=State.SUSPENDED,
        target=State.INVESTIGATING,
        label="恢复调查",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.ResumptionPayload",
    )
    def resume_investigation(self, *, actor, payload):
        self.resumed_on = payload["resumed_on"]

    @penalty_transition(
        source=[State.FILED, State.INVESTIGATING, State.SUSPENDED],
        target=State.INVESTIGATION_TERMINATED,
        label="终止调查",
        permission=allow.agency_head,
        reason_required=True,
    )
    def terminate_investigation(self, *, actor, payload):
        pass

    @penalty_transition(
        source=State.INVESTIGATING,
        target=State.INVESTIGATION_CLOSED,
        label="调查终结",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.InvestigationReportPayload",
    )
    def close_investigation(self, *, actor, payload):
        self.investigation_report = payload["investigation_report"]
        self.investigation_closed_on = payload["closed_on"]
        for name in ("illegal_turnover", "illegal_gains", "unsold_goods_value"):
            if name in payload:
                setattr(self, name, payload[name])

    # --- criminal referral (案件移送) ----------------------------------------------------------

    @penalty_transition(
        source=[State.INVESTIGATING, State.INVESTIGATION_CLOSED],
        target=State.TRANSFER_PENDING,
        label="提请移送涉嫌犯罪案件",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.CriminalTransferProposalPayload",
    )
    def propose_criminal_transfer(self, *, actor, payload):
        self.criminal_team.set(payload["team"])
        self.criminal_report = payload["report"]
        self.criminal_proposed_on = timezone.localdate()

    @penalty_transition(
        source=State.TRANSFER_PENDING,
        target=State.TRANSFER_APPROVED,
        label="批准移送",
        permission=allow.agency_head,
    )
    def approve_criminal_transfer(self, *, actor, payload):
        self.criminal_approved_at = timezone.now()

    @penalty_transition(
        source=State.TRANSFER_PENDING,
        target=State.INVESTIGATING,
        label="不批准移送，继续调查",
        permission=allow.agency_head,
        reason_required=True,
    )
    def reject_criminal_transfer(self, *, actor, payload):
        pass

    @penalty_transition(
        source=State.TRANSFER_APPROVED,
        target=State.TRANSFERRED_TO_POLICE,
        label="移送公安机关",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.PoliceTransferPayload",
    )
    def transfer_to_police(self, *, actor, payload):
        self.police_unit = payload["police_unit"]
        self.police_transferred_at = payload["transferred_at"]
        self.police_receipt = payload.get("receipt", "")

    # --- review, prior notice, statement, hearing, discussion ---------------------------------

    @penalty_transition(
        source=State.INVESTIGATION_CLOSED,
        target=State.UNDER_REVIEW,
        label="送法制审核",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.SubmissionPayload",
    )
    def submit_for_review(self, *, actor, payload):
        self.submitted_for_review_on = payload["submitted_on"]
        self.review_passed = False
        self.review_opinion = ""
        self.reviewed_on = None

    @penalty_transition(
        source=State.UNDER_REVIEW,
        target=State.UNDER_REVIEW,
        label="法制审核通过",
        permission=allow.legal_reviewer,
        conditions=[rules.review_pending],
        payload=f"{PAYLOADS}.ReviewPayload",
    )
    def approve_review(self, *, actor, payload):
        self.review_passed = True
        self.review_opinion = payload["review_opinion"]
        self.reviewed_on = payload["reviewed_on"]

    @penalty_transition(
        source=State.UNDER_REVIEW,
        target=State.INVESTIGATING,
        label="退回补充调查",
        permission=allow.legal_reviewer,
        conditions=[rules.review_pending],
        reason_required=True,
    )
    def return_for_investigation(self, *, actor, payload):
        self.reviewed_on = timezone.localdate()

    @penalty_transition(
        source=State.UNDER_REVIEW,
        target=State.NOTIFIED,
        label="事先告知",
        permission=allow.case_officers,
        conditions=[rules.review_passed],
        payload=f"{PAYLOADS}.PriorNoticePayload",
    )
    def notify(self, *, actor, payload):
        self.proposed_penalty = payload["proposed_penalty"]
        self.proposed_fine = payload.get("proposed_fine")
        self.hearing_right = payload["hearing_right"]
        self.notice_served_on = payload["notice_served_on"]
        self.statement_recorded_on = None
        self.statement_text = ""
        self.statement_waived = False
        self.hearing_waived = False

    @penalty_transition(
        source=State.NOTIFIED,
        target=State.NOTIFIED,
        label="登记陈述申辩或放弃声明",
        permission=allow.party_reply,
        conditions=[rules.statement_not_recorded],
        payload=f"{PAYLOADS}.StatementPayload",
    )
    def record_statement(self, *, actor, payload):
        self.statement_recorded_on = payload["received_on"]
        self.statement_waived = payload["waived"]
        self.hearing_waived = payload["hearing_waived"]
        self.statement_text = payload.get("statement_text", "")

    @penalty_transition(
        source=State.NOTIFIED,
        target=State.HEARING_REQUESTED,
        label="登记听证申请",
        permission=allow.party_reply,
        conditions=[rules.has_hearing_right],
        payload=f"{PAYLOADS}.HearingRequestPayload",
    )
    def request_hearing(self, *, actor, payload):
        self.hearing_requested_on = payload["requested_on"]
        self.hearing_waived = False  # asked within the window after all: the request stands

    @penalty_transition(
        source=State.HEARING_REQUESTED,
        target=State.HEARING_REQUESTED,
        label="确定听证日期并送达听证通知",
        permission=allow.case_officers,
        payload=f"{PAYLOADS}.HearingSchedulePayload",
    )
    def schedule_hearing(self, *, actor, payload):
        self.hearing_notice_served_on = payload["notice_served_on"]
        self.hearing_date = payload["hearing_date"]

    @penalty_transition(
        source=State.HEARING_REQUESTED,
        target=State.HEARING_HELD,
        label="举行听证",
        permission=allow.case_officers,
        conditions=[rules.hearing_scheduled],
        payload=f"{PAYLOADS}.HearingRecordPayload",
    )
    def hold_hearing(self, *, actor, payload):
        self.hearing_held_on = payload["held_on"]
        self.hearing_record = payload["hearing_record"]

    @penalty_transition(
        source=State.HEARING_REQUESTED,
        target=State.NOTIFIED,
        label="登记听证终止（撤回申请或拒不出席）",
        permission=allow.case_officers,
        reason_required=True,
        payload=f"{PAYLOADS}.HearingEndPayload",
    )
    def end_hearing(self, *, actor, payload):
        # The party gave up the hearing (《行政处罚法》第六十四条第八项: absent without good reason
        # or left without leave counts as a waiver); its statement rights run as before, so the
        # decision still waits for the window unless the statement was waived too.
        self.hearing_ended_on = payload["ended_on"]
        self.hearing_end_ground = payload["ground"]
        self.hearing_waived = True

    @penalty_transition(
        source=[State.NOTIFIED, State.HEARING_HELD],
        target=State.COLLECTIVE_DISCUSSION,
        label="提交集体讨论",
        permission=allow.agency_head,
        conditions=[rules.heard_before_discussion],
    )
    def refer_to_collective_discussion(self, *, actor, payload):
        pass

    # --- decision and execution ---------------------------------------------------------------

    @penalty_transition(
        source=[State.UNDER_REVIEW, State.NOTIFIED, State.HEARING_HELD, State.COLLECTIVE_DISCUSSION],
        target=State.DECIDED,
        label="作出决定",
        permission=allow.agency_head,
        conditions=[rules.review_passed_before_decision, rules.party_heard, rules.discussed_if_serious],
        payload=f"{PAYLOADS}.DecisionPayload",
    )
    def decide(self, *, actor, payload):
        # The PenaltyDecision itself is written by the services hook with the same payload.
        self.outcome = payload["outcome"]
        self.decided_on = payload["decided_on"]
        self.decision_note = payload.get("decision_note", "")
        self.transferred_to = payload.get("transferred_to", "")
        if payload.get("discussion_minutes"):
            self.discussion_minutes = payload["discussion_minutes"]
            self.discussion_on = payload["discussion_on"]

    @penalty_transition(
        source=State.DECIDED,
        target=State.SERVED,
        label="送达处罚决定书",
        permission=allow.case_officers,
        conditions=[rules.penalty_outcome],
        payload=f"{PAYLOADS}.ServicePayload",
    )
    def serve(self, *, actor, payload):
        pass  # the service date and method belong to the PenaltyDecision (services hook)

    @penalty_transition(source=State.SERVED, target=State.EXECUTING, label="进入执行", permission=allow.case_officers)
    def start_execution(self, *, actor, payload):
        pass

    @penalty_transition(
        source=State.EXECUTING,
        target=State.EXECUTING,
        label="送达催告书",
        permission=allow.case_officers,
        conditions=[rules.payment_in_default, rules.demand_not_served],
        payload=f"{PAYLOADS}.PaymentDemandPayload",
    )
    def serve_payment_demand(self, *, actor, payload):
        self.payment_demand_served_on = payload["served_on"]

    @penalty_transition(
        source=State.EXECUTING,
        target=State.EXECUTING,
        label="申请人民法院强制执行",
        permission=allow.case_officers,
        conditions=[rules.demand_served, rules.court_not_applied],
        payload=f"{PAYLOADS}.CourtEnforcementPayload",
    )
    def apply_court_enforcement(self, *, actor, payload):
        self.court_name = payload["court_name"]
        self.court_applied_on = payload["applied_on"]
        self.court_case_number = payload.get("court_case_number", "")

    @penalty_transition(
        source=State.EXECUTING,
        target=State.EXECUTING,
        label="登记法院执行结果",
        permission=allow.case_officers,
        conditions=[rules.court_applied, rules.court_not_concluded],
        payload=f"{PAYLOADS}.CourtResultPayload",
    )
    def record_court_enforcement_result(self, *, actor, payload):
        self.court_result = payload["court_result"]
        self.court_concluded_on = payload["concluded_on"]
        if payload.get("court_case_number"):
            self.court_case_number = payload["court_case_number"]

    @penalty_transition(
        source=[State.DECIDED, State.EXECUTING, State.INVESTIGATION_TERMINATED, State.TRANSFERRED_TO_POLICE],
        target=State.CLOSED,
        label="结案",
        permission=allow.agency_head,
        conditions=[rules.may_close],
        payload=f"{PAYLOADS}.ClosingPayload",
    )
    def close(self, *, actor, payload):
        self.closing_reason = self.closing_reason_now()
        self.closing_report = payload.get("closing_report", "")
        self.closed_on = timezone.localdate()

    def closing_reason_now(self) -> str:
        if self.state == State.INVESTIGATION_TERMINATED:
            return ClosingReason.TERMINATED
        if self.state == State.TRANSFERRED_TO_POLICE:
            return ClosingReason.CRIMINAL_TRANSFER
        if self.outcome == Outcome.NO_PENALTY:
            return ClosingReason.NO_PENALTY
        if self.outcome == Outcome.TRANSFERRED:
            return ClosingReason.TRANSFERRED
        decision = getattr(self, "penalty_decision", None)
        if decision is not None and decision.payment_position().settled:
            return ClosingReason.EXECUTED
        return ClosingReason.COURT_CONCLUDED

    @penalty_transition(
        source=[State.CLOSED, State.NOT_FILED], target=State.ARCHIVED, label="归档", permission=allow.bureau_staff
    )
    def archive(self, *, actor, payload):
        pass
