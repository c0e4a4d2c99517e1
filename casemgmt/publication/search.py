"""Publications in full-text search: only what is public now is indexed, and only its masked
text, so a search hit never shows anything the public may not read."""

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.registry import register_searchable

from .models import SEARCHED_SUMMARY_KEYS, Publication
from .selectors import publications_searchable_by


def publication_document(publication: Publication) -> SearchDocument | None:
    if not publication.is_public:
        return None
    summary = publication.summary or {}
    return SearchDocument(
        type="publication",
        id=publication.pk,
        title=publication.title,
        body="\n".join([*(str(summary.get(key) or "") for key in SEARCHED_SUMMARY_KEYS), publication.published_text]),
        state=publication.state,
        state_label=publication.state_label,
        jurisdiction=publication.jurisdiction_id,
        date=publication.source_date,
        url=publication.get_absolute_url(),
        extra={"kind": publication.kind, "number": summary.get("number", "")},
    )


register_searchable(
    key="publication",
    model=Publication,
    label="公示",
    to_document=publication_document,
    selector=publications_searchable_by,
)
