"""Reads of publications: staff through their jurisdiction; the public only what is public now."""

from django.db.models import Q, QuerySet

from casemgmt.numbering.spelling import canonical_document_numbers
from casemgmt.org.models import Role
from casemgmt.org.scoping import scope_queryset

from . import rules
from .models import Publication, PublicationVersion, normalized

# The market-supervision staff who publish, and those overseeing them.
PUBLICATION_READERS = frozenset(
    {
        Role.OFFICER,
        Role.LEGAL_REVIEWER,
        Role.AGENCY_HEAD,
        Role.CREDIT_OFFICER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)


def publications_visible_to(user) -> QuerySet:
    if not user or not user.is_authenticated or not user.is_active or user.role not in PUBLICATION_READERS:
        return Publication.objects.none()
    return scope_queryset(Publication.objects.select_related("jurisdiction", "reviewer"), user)


def publications_public(kind: str | None = None) -> QuerySet:
    """What the public may read now: published and within its period. The date is checked here
    as well as by the expiry task, so an item leaves every public path on its last day's end
    whenever the task runs."""
    queryset = Publication.objects.filter(state=Publication.State.PUBLISHED).filter(
        Q(public_until__isnull=True) | Q(public_until__gte=rules.today())
    )
    return queryset.filter(kind=kind) if kind else queryset


def publications_searchable_by(user) -> QuerySet:
    """The search type's selector: anonymous callers get only public items."""
    if user is None or not user.is_authenticated:
        return publications_public()
    return publications_visible_to(user)


def publications_public_search(
    *, kind: str, q: str = "", summary_contains: dict | None = None, date_from=None, date_to=None
) -> QuerySet:
    """Public items of `kind` matching every word of `q` in the summary or the masked text (the
    unmasked text is never searched), optionally filtered by summary values and decision date."""
    queryset = publications_public(kind)
    # A document number typed with other brackets or none is read as the issued 〔year〕 spelling.
    for word in normalized(canonical_document_numbers(q)).split():
        queryset = queryset.filter(search_text__contains=word)
    for key, value in (summary_contains or {}).items():
        if value:
            queryset = queryset.filter(**{f"summary__{key}__icontains": value})
    if date_from:
        queryset = queryset.filter(source_date__gte=date_from)
    if date_to:
        queryset = queryset.filter(source_date__lte=date_to)
    return queryset.order_by("-source_date", "-id")


def publication_public(kind: str, pk: int) -> Publication | None:
    return publications_public(kind).filter(pk=pk).first()


def publication_withdrawn_notice(kind: str, pk: int) -> Publication | None:
    """A formerly public item that was withdrawn: the public may read that, and why, but nothing
    of the withdrawn content. Items withdrawn before they were ever published stay unknown."""
    return Publication.objects.filter(
        kind=kind, pk=pk, state=Publication.State.WITHDRAWN, published_at__isnull=False
    ).first()


def publications_of(subject) -> QuerySet:
    from django.contrib.contenttypes.models import ContentType

    return Publication.objects.filter(
        content_type=ContentType.objects.get_for_model(type(subject)), object_id=subject.pk
    ).order_by("-id")


def active_publication_of(subject) -> Publication | None:
    return publications_of(subject).filter(state__in=Publication.ACTIVE_STATES).first()


def versions_of(publication: Publication) -> QuerySet:
    return PublicationVersion.objects.filter(publication=publication).select_related("created_by").order_by("number")
