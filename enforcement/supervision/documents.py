"""Official documents of agency supervision, numbered 文号 of the bureau that made the plan."""

from casemgmt.documents.registry import register_document
from casemgmt.documents.services import document_issue


def _issuer(spot_check) -> str:
    from enforcement.services.common import bureau_abbreviation

    return bureau_abbreviation(spot_check.plan)


register_document(
    key="spot_check_result_notice",
    label="双随机抽查检查结果告知书",
    template="documents/supervision/result_notice.html",
    version="2026.1",
    doc_type="抽",
    issuer=_issuer,
)


def issue_result_notice(spot_check, result, *, actor):
    from enforcement.services.common import bureau_name

    document_issue(
        spot_check,
        "spot_check_result_notice",
        actor=actor,
        extra={
            "bureau": bureau_name(spot_check.plan),
            "result": result,
            "agency": result.target.agency,
            "party": result.target.agency,
            "items": list(result.items_checked.all()),
        },
    )
