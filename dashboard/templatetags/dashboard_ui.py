from django import template

from ..charts import percent as percent_text

register = template.Library()


@register.filter
def percent(value):
    """0.8333 → "83.3%"; no base → "—"."""
    return percent_text(value)


@register.filter
def days(value):
    """An average handling time in days, one decimal; none closed → "—"."""
    return "—" if value is None else f"{value:.1f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
