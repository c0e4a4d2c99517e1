"""Official documents of the list, numbered 文号 of the deciding bureau (e.g. 晋市监信列〔2026〕3号)."""

from casemgmt.documents.registry import register_document


def _issuer(entry) -> str:
    from enforcement.services.common import bureau_abbreviation

    return bureau_abbreviation(entry)


register_document(
    key="credit_listing_notice",
    label="列入严重违法失信名单告知书",
    template="documents/creditlist/listing_notice.html",
    version="2026.2",
    doc_type="信告",
    issuer=_issuer,
)
register_document(
    key="credit_listing_decision",
    label="列入严重违法失信名单决定书",
    template="documents/creditlist/listing_decision.html",
    version="2026.1",
    doc_type="信列",
    issuer=_issuer,
)
register_document(
    key="credit_removal_decision",
    label="提前移出严重违法失信名单决定书",
    template="documents/creditlist/removal_decision.html",
    version="2026.1",
    doc_type="信移",
    issuer=_issuer,
)
