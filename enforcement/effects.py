"""What follows each transition of the enforcement workflows, in the order it runs (declared
with the kernel by EnforcementConfig.ready; see casemgmt.workflow.effects)."""

from casemgmt.workflow.effects import declare_effects
from cases.models import EnforcementReferral
from creditlist import effects as credit_effects

from . import publication
from .models import EnforcementCase
from .services import adjudication, penalty, referrals


def declare() -> None:
    declare_effects(
        EnforcementCase,
        {
            # Penalty procedure
            "pause_filing_clock": [penalty.filing_clock_paused],
            "resume_filing_clock": [penalty.filing_clock_resumed],
            "extend_filing_period": [penalty.filing_period_extended],
            "file_case": [penalty.case_filed],
            "decline_filing": [penalty.filing_declined],
            "suspend_investigation": [penalty.suspended],
            "resume_investigation": [penalty.resumed],
            "terminate_investigation": [penalty.investigation_terminated],
            "submit_for_review": [penalty.submitted_for_review],
            "approve_review": [penalty.reviewed],
            "return_for_investigation": [penalty.reviewed],
            "notify": [penalty.notified],
            "record_statement": [penalty.statement_recorded],
            "request_hearing": [penalty.hearing_requested],
            "hold_hearing": [penalty.hearing_held],
            "end_hearing": [penalty.hearing_ended],
            # The decision is written first; then it enters the publication pipeline; then, if it
            # meets a ground of the serious-dishonesty list, a candidate is proposed.
            "decide": [penalty.decided, publication.decision_enters_publication, credit_effects.propose_from_decision],
            "serve": [penalty.served],
            "serve_payment_demand": [penalty.payment_demanded],
            "apply_court_enforcement": [penalty.court_applied],
            "record_court_enforcement_result": [penalty.court_concluded],
            "propose_criminal_transfer": [penalty.criminal_transfer_proposed],
            "approve_criminal_transfer": [penalty.criminal_transfer_approved],
            "reject_criminal_transfer": [penalty.criminal_transfer_rejected],
            "transfer_to_police": [penalty.transferred_to_police],
            "close": [penalty.closed],
            # Adjudication procedure
            "accept_request": [adjudication.request_accepted],
            "reject_request": [adjudication.request_rejected],
            "serve_respondent": [adjudication.respondent_served],
            "record_answer": [adjudication.answered],
            "start_mediation": [adjudication.mediation_started],
            "suspend_adjudication": [penalty.suspended],
            "resume_adjudication": [penalty.resumed],
            "withdraw_request": [adjudication.adjudication_ended],
            "terminate_adjudication": [adjudication.adjudication_ended],
            "adjudicate": [adjudication.adjudication_decided],
            "serve_ruling": [adjudication.ruling_served],
            "mark_final": [adjudication.ruling_final],
        },
    )
    declare_effects(EnforcementReferral, {"acknowledge": [referrals.referral_acknowledged]})
