"""Small presentation helpers shared by the staff templates."""

from django import template
from django.http import QueryDict

from ..presentation import state_family

register = template.Library()


@register.inclusion_tag("web/_state_badge.html")
def state_badge(obj):
    """The coloured state badge of a workflow object."""
    return {"family": state_family(type(obj), obj.state), "label": obj.state_label}


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (empty value removes one)."""
    query = context["request"].GET.copy() if "request" in context else QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def is_selected(form_field, option) -> bool:
    """Whether a select option is the field's current value (values compare as text)."""
    return form_field.is_selected(option)
