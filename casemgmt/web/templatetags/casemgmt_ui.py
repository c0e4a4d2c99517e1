"""Small presentation helpers shared by the staff templates."""

import re

from django import template
from django.http import QueryDict
from django.utils.html import format_html

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


# Identifiers inside a Chinese explanation (JSON keys such as record_url, file paths such as
# enforcement/supervision/draw.py): marked as code, so they read as names to type, not as text.
_IDENTIFIER = re.compile(r"[A-Za-z_][\w./-]*_[\w./-]*|[\w/]+\.py")


@register.filter
def code_identifiers(text) -> str:
    """The text escaped, with each identifier in it wrapped in <code>."""
    parts, position = [], 0
    text = str(text or "")
    for match in _IDENTIFIER.finditer(text):
        parts.append(text[position : match.start()])
        parts.append(format_html("<code>{}</code>", match.group(0)))
        position = match.end()
    parts.append(text[position:])
    return format_html("{}" * len(parts), *parts)  # plain parts escaped, the <code> parts kept
