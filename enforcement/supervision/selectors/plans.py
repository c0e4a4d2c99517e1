"""Reads of inspection items (shared city-wide) and annual plans (by jurisdiction)."""

from django.db.models import QuerySet

from casemgmt.org.scoping import scope_queryset

from ..models import AnnualPlan, InspectionItem
from .directory import may_read_directories


def inspection_items_visible_to(user) -> QuerySet:
    """The item list is one for the whole city: every supervision reader sees it."""
    if not may_read_directories(user):
        return InspectionItem.objects.none()
    return InspectionItem.objects.all()


def annual_plans_visible_to(user) -> QuerySet:
    if not may_read_directories(user):
        return AnnualPlan.objects.none()
    return scope_queryset(
        AnnualPlan.objects.select_related("jurisdiction", "created_by").prefetch_related("class_rules", "items"),
        user,
    )
