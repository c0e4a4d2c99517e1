"""Official documents the bureaus issue in enforcement cases (numbered 文号 of the bureau)."""

from casemgmt.documents.registry import register_document

from .services.common import bureau_abbreviation


def _penalty_decision_fields(context: dict) -> dict:
    """The contents 《行政处罚法》第五十九条 requires, one placeholder each, so an office's template
    may lay them out itself ({{ facts }}, {%p for line in evidence %} …)."""
    decision = context["decision"]
    return {
        "party_name": decision.party.name,
        "facts": decision.facts,
        "evidence": [line for line in decision.evidence.splitlines() if line.strip()],
        "violation_type": decision.violation_type,
        "legal_basis": decision.legal_basis,
        "penalty": decision.penalty_summary,
        "performance": decision.performance,
        "authority": decision.authority,
        "review_body": decision.review_body,
        "court": decision.court,
        "decided_on": f"{decision.decided_on.year}年{decision.decided_on.month}月{decision.decided_on.day}日",
    }


register_document(
    key="penalty_prior_notice",
    label="行政处罚告知书",
    template="documents/enforcement/prior_notice.html",
    version="2026.2",
    doc_type="告",
    issuer=bureau_abbreviation,
)
register_document(
    key="filing_approval",
    label="立案审批表",
    template="documents/enforcement/filing_approval.html",
    version="2026.1",
    doc_type=None,  # numbered with the case's 案号, which the filing step takes from the kernel
    issuer=bureau_abbreviation,
)
register_document(
    key="inspection_record",
    label="现场笔录",
    template="documents/enforcement/inspection_record.html",
    version="2026.1",
    doc_type=None,  # a record, not a decision: no 文号
    issuer=bureau_abbreviation,
)
register_document(
    key="seizure_decision",
    label="查封（扣押）决定书",
    template="documents/enforcement/seizure_decision.html",
    version="2026.1",
    doc_type="强",
    issuer=bureau_abbreviation,
)
register_document(
    key="penalty_service_receipt",
    label="送达回证",
    template="documents/enforcement/service_receipt.html",
    version="2026.1",
    doc_type=None,  # names the 文号 of the document it proves served
    issuer=bureau_abbreviation,
)
register_document(
    key="penalty_decision",
    label="行政处罚决定书",
    template="documents/enforcement/penalty_decision.html",
    version="2026.2",
    doc_type="罚",
    issuer=bureau_abbreviation,
    fields=_penalty_decision_fields,
)
register_document(
    key="no_penalty_decision",
    label="不予行政处罚决定书",
    template="documents/enforcement/no_penalty_decision.html",
    version="2026.1",
    doc_type="不罚",
    issuer=bureau_abbreviation,
)
register_document(
    key="adjudication_ruling",
    label="专利侵权纠纷行政裁决书",
    template="documents/enforcement/adjudication_ruling.html",
    version="2026.2",
    doc_type="裁",
    issuer=bureau_abbreviation,
)


def _service_receipt_context(case) -> dict:
    from .services.common import bureau_name

    decision = case.penalty_decision
    return {"bureau": bureau_name(case), "decision": decision, "party": decision.party}


def _register_batches() -> None:
    from casemgmt.documents.batch import register_batch_document

    from .rules import permissions as allow

    # The 送达回证 of a served penalty decision (no 文号 of its own: it names the decision's).
    register_batch_document(
        type_key="enforcement_case",
        kind="penalty_service_receipt",
        eligible=lambda queryset: queryset.filter(penalty_decision__served_on__isnull=False),
        permission=allow.case_officers,
        context=_service_receipt_context,
        condition="处罚决定书已送达的案件",
    )


_register_batches()
