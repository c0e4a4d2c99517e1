"""What the public may read of penalty decisions: published items within their period, nothing
else; the unmasked text is never read here."""

from casemgmt.publication.models import Publication
from casemgmt.publication.selectors import (
    publication_public,
    publication_withdrawn_notice,
    publications_public_search,
)

from ..publication import KIND

# Larger ids cannot exist (64-bit keys); refusing them early keeps the database from overflowing.
MAX_ID = 2**63 - 1


def public_penalty_decisions(*, q: str = "", violation_type: str = "", date_from=None, date_to=None):
    """q matches every word in the party name, 统一社会信用代码, 文号, violation, penalty,
    authority or the masked text; violation_type narrows by the violation described."""
    return publications_public_search(
        kind=KIND,
        q=q,
        summary_contains={"violation_type": violation_type},
        date_from=date_from,
        date_to=date_to,
    )


def public_penalty_decision(pk: int) -> Publication | None:
    return publication_public(KIND, pk) if 0 < pk <= MAX_ID else None


def withdrawn_penalty_decision(pk: int) -> Publication | None:
    """A decision once published and since withdrawn: only the fact and the public reason are shown."""
    return publication_withdrawn_notice(KIND, pk) if 0 < pk <= MAX_ID else None
