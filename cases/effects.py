"""What follows each transition of the branch centre's workflows, in the order it runs
(declared with the kernel by CasesConfig.ready; see casemgmt.workflow.effects)."""

from casemgmt.workflow.effects import declare_effects

from . import documents
from .applicant_mail import applicant_mail_queue
from .models import ArbitrationReferral, AssistanceRequest, MediationCase
from .services import arbitration, assistance, mediation, referrals


def declare() -> None:
    declare_effects(
        AssistanceRequest,
        {
            # Applicants who gave an e-mail address hear of acceptance, correction requests and closing.
            "accept": [documents.issue_acceptance_notice, assistance.acceptance_decided, applicant_mail_queue],
            "reject": [documents.issue_rejection_notice, assistance.acceptance_decided, applicant_mail_queue],
            "request_correction": [documents.issue_correction_notice, applicant_mail_queue],
            "answer_correction": [assistance.correction_answered],
            "withdraw": [assistance.acceptance_decided, assistance.completed],
            "assign": [assistance.handler_assigned],
            "approve_and_close": [documents.issue_reference_opinion, assistance.completed, applicant_mail_queue],
            "record_referral_receipt": [assistance.completed, applicant_mail_queue],
            # A referral to mediation opens the mediation case; to enforcement, the referral record.
            "refer": [mediation.mediation_from_assistance_referral, referrals.create_enforcement_referral],
        },
    )
    declare_effects(
        MediationCase,
        {
            "accept": [mediation.accepted],
            "assign_mediator": [mediation.mediator_assigned],
            "reassign_mediator": [mediation.mediator_assigned],
            "extend_court_period": [mediation.court_period_extended],
            "record_agreement": [documents.issue_mediation_agreement, mediation.concluded],
            "terminate": [mediation.concluded],
            "withdraw": [mediation.concluded],
            "decline": [mediation.concluded],
            "record_refusal": [mediation.concluded],
            "request_judicial_confirmation": [mediation.confirmation_requested],
            "extend_court_review": [mediation.court_review_extended],
            "record_confirmation": [mediation.confirmation_ruled],
            "record_confirmation_rejection": [mediation.confirmation_ruled],
            "record_performance": [mediation.performed],
            "refer": [arbitration.referral_from_mediation],
        },
    )
    declare_effects(
        ArbitrationReferral,
        {
            "record_acceptance": [arbitration.receiving_body_answered],
            "decline": [arbitration.receiving_body_answered],
        },
    )
