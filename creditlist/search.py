"""What of a list entry is indexed for staff search: the party and its code, the ground, the
rule that matched, the facts and the numbers of the decisions it rests on."""

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.registry import register_searchable

from .models import CreditEntry
from .selectors import credit_entries_visible_to, with_entry_details


def credit_entry_document(entry: CreditEntry) -> SearchDocument:
    party = entry.party
    decision = entry.penalty_decision
    return SearchDocument(
        type="credit_entry",
        id=entry.pk,
        title=str(entry),
        body="\n".join(
            part
            for part in [
                entry.listing_number,
                party.name,
                party.credit_code,
                entry.ground.name,
                entry.matched_rule,
                entry.facts,
                decision.number_text if decision else "",
                entry.objection_text,
                entry.end_reason,
            ]
            if part
        ),
        state=entry.state,
        state_label=entry.state_label,
        jurisdiction=entry.jurisdiction_id,
        date=entry.listed_on or (entry.created_at.date() if entry.created_at else None),
        url=entry.get_absolute_url(),
        extra={
            "listing_number": entry.listing_number,
            "ground": entry.ground.code,
            "decision_number": decision.number_text if decision else "",
        },
    )


register_searchable(
    key="credit_entry",
    model=CreditEntry,
    label="严重违法失信名单",
    to_document=credit_entry_document,
    selector=credit_entries_visible_to,
    index_queryset=lambda: with_entry_details(CreditEntry.objects.all()),
)
