"""Reads of inspections, evidence and measures on items: always through the case, so whoever may
not see a case sees none of them."""

from django.db.models import Prefetch
from django.db.models.query import EmptyQuerySet

from ..models import Evidence, Inspection, InspectionOfficer, InspectionPerson, Seizure
from .cases import enforcement_cases_visible_to


def visible_case(user, case_id: int):
    """The enforcement case when the user may see it, else None (absent and hidden look alike)."""
    return enforcement_cases_visible_to(user).filter(pk=case_id).first()


def evidence_queryset():
    return Evidence.objects.select_related(
        "attachment__uploaded_by", "attachment__superseded_by", "replaces__attachment", "replacement__attachment"
    ).order_by("attachment__uploaded_at", "id")


def with_inspection_details(queryset):
    return queryset.select_related("case", "recorded_by").prefetch_related(
        Prefetch("officer_links", queryset=InspectionOfficer.objects.select_related("officer")),
        Prefetch("persons", queryset=InspectionPerson.objects.all()),
        Prefetch("evidence", queryset=evidence_queryset()),
        Prefetch("seizures", queryset=seizures_queryset()),
    )


def inspections_of(case):
    """Inspections of a case the caller may see, in the order they took place."""
    return with_inspection_details(Inspection.objects.filter(case=case)).order_by("started_at", "id")


def inspections_visible_to(user):
    """Every inspection of the cases the user may see (search re-checks its hits through this).
    A role that may see no case gets `.none()`, which search recognises as "never search this type"."""
    cases = enforcement_cases_visible_to(user)
    if isinstance(cases, EmptyQuerySet):
        return Inspection.objects.none()
    return with_inspection_details(Inspection.objects.filter(case__in=cases.values("pk")))


def evidence_of(inspection):
    return evidence_queryset().filter(inspection=inspection)


def seizures_queryset():
    return Seizure.objects.select_related(
        "limit",
        "report_deadline",
        "inspection",
        "converted_to",
        "recorded_by",
        "released_by",
        "extended_by",
        "approved_by",
    ).order_by("decided_on", "id")


def seizures_of(case):
    return seizures_queryset().filter(case=case)
