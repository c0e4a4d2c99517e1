"""List filters of the staff API, by django-filter: each workflow viewset declares which query
parameters filter which field (`filterable`), and which of them are ids (`id_filters`); a bad
value is a 400 with the parameter's field error, never a database error."""

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend

# Database ids are positive 64-bit integers; a longer number is bad input, not an overflow.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    default_error_messages = {"invalid": "须为正整数编号。"}

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)
        self.error_messages["min_value"] = self.error_messages["max_value"] = "须为正整数编号。"


class IdFilter(django_filters.Filter):
    field_class = IdField


_filtersets: dict[tuple, type] = {}


def filterset_for(model, filterable: dict[str, str], id_filters: set[str]) -> type:
    """A FilterSet of `model` with one exact filter per declared parameter."""
    key = (model, tuple(sorted(filterable.items())), frozenset(id_filters))
    if key not in _filtersets:
        declared = {
            param: (IdFilter if param in id_filters else django_filters.CharFilter)(field_name=field)
            for param, field in filterable.items()
        }
        meta = type("Meta", (), {"model": model, "fields": []})
        _filtersets[key] = type(f"{model.__name__}FilterSet", (django_filters.FilterSet,), {**declared, "Meta": meta})
    return _filtersets[key]


class DeclaredFilters(DjangoFilterBackend):
    """Builds the view's FilterSet from its `filterable` / `id_filters` declarations."""

    raise_exception = True

    def filter_queryset(self, request, queryset, view):
        # Lists (and their exports) are filtered; one object is found by its id alone.
        if getattr(view, "action", "list") != "list":
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset_class(self, view, queryset=None):
        filterable = getattr(view, "filterable", None)
        if not filterable or queryset is None:
            return None
        return filterset_for(queryset.model, filterable, set(getattr(view, "id_filters", ())))
