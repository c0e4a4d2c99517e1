"""What follows each transition of a list entry, in the order it runs (declared with the kernel
by CreditlistConfig.ready; see casemgmt.workflow.effects), and the list's effect on the
enforcement workflow's `decide` (declared in enforcement/effects.py, after its own two)."""

from casemgmt.workflow.effects import declare_effects

from .models import CreditEntry
from .services import transitions as hooks


def declare() -> None:
    declare_effects(
        CreditEntry,
        {
            "notify": [hooks.notice_served],
            "record_waiver": [hooks.party_replied],
            "record_objection": [hooks.party_replied],
            "request_hearing": [hooks.party_replied],
            "submit_for_consent": [hooks.consent_requested],
            "list": [hooks.listed],
            "publish": [hooks.published],
            "request_removal": [hooks.removal_requested],
            "approve_removal": [hooks.removal_approved],
            "refuse_removal": [hooks.removal_refused],
            "dismiss": [hooks.ended],
            "record_consent_refusal": [hooks.ended],
            "revoke": [hooks.ended],
            "expire": [hooks.ended],
        },
    )


def propose_from_decision(case, log, payload):
    """Enforcement's `decide`: a penalty decision that meets a ground of the list proposes a
    candidate (runs after the decision is written and has entered publication)."""
    from enforcement.choices import Outcome
    from enforcement.models import PenaltyDecision

    from .services.entries import credit_entries_propose_from_decision

    if case.outcome != Outcome.PENALTY:
        return
    decision = PenaltyDecision.objects.select_related("case", "party", "jurisdiction").get(case_id=case.pk)
    credit_entries_propose_from_decision(decision)
