"""How workflow objects look on a page: state badge families and generic field rows.

Everything here reads models' own metadata (verbose names, choices) so a new workflow type
gets a usable page without any template of its own.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from casemgmt.workflow.transitions import state_choices

EMPTY = "—"

# Families drive the badge colour. A model may name its own with STATE_FAMILIES = {state: family};
# otherwise the state's name decides, which fits the verbs and participles used across workflows.
FAMILIES = ("new", "attention", "active", "referred", "done", "negative", "archived")
_FAMILY_WORDS = [
    ("negative", ("reject", "declin", "withdraw", "terminat", "cancel", "revok", "refus", "dismiss", "fail")),
    ("archived", ("archiv",)),
    ("referred", ("referr", "transferr")),
    ("done", ("closed", "confirmed", "performed", "followed", "agreement", "complet", "publish", "done")),
    ("attention", ("review", "correction", "consult", "pending", "await", "approval", "suspend")),
    ("new", ("submitted", "applied", "draft", "new", "registered")),
]


def state_family(model, state: str) -> str:
    declared = getattr(model, "STATE_FAMILIES", None) or {}
    if state in declared:
        return declared[state]
    lowered = (state or "").lower()
    for family, words in _FAMILY_WORDS:
        if any(word in lowered for word in words):
            return family
    return "active"


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    value: str
    long: bool  # free text shown as a block of its own


# Never shown as a plain field: the state has its badge, the rest is bookkeeping.
_SKIPPED = {"id", "state"}


def _has_own_label(field) -> bool:
    """Fields without a written (Chinese) verbose_name are internal (keys, dedupe markers)."""
    return str(field.verbose_name) != field.name.replace("_", " ")


# Dates as people read them in text; inputs take ISO (casemgmt.web.forms).
DATE_TEXT = "Y年n月j日"
DATETIME_TEXT = "Y年n月j日 H:i"


def date_text(value) -> str:
    """2026年12月2日 (a date), 2026年12月2日 14:30 (a moment, in local time)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, DATETIME_TEXT)
    return date_format(value, DATE_TEXT)


def display_value(instance, field) -> str:
    if field.choices:
        raw = getattr(instance, field.attname)
        return str(getattr(instance, f"get_{field.name}_display")()) if raw not in (None, "") else EMPTY
    value = getattr(instance, field.name)
    if value is None or value == "":
        return EMPTY
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(field, models.DateField):  # DateTimeField included
        return date_text(value)
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1]
    return str(value)


def _shown_elsewhere(field) -> bool:
    """Parties have a card of their own (casemgmt.web.parties); an issued-number record repeats the
    number its case already shows. Structured (JSON) values are records with code keys (a pending
    summary, eligibility checks): printed as a field they read `{}` or `{'penalty': …}`; the page
    that needs one shows it in a panel of its own."""
    if isinstance(field, models.JSONField):
        return True
    related = getattr(field, "related_model", None)
    if related is None:
        return False
    return related._meta.label in ("parties.Party", "numbering.IssuedNumber")


def field_rows(instance) -> list[FieldRow]:
    """Labelled values of a workflow object's own fields, in declaration order, leaving out those
    the model names in PAGE_HIDDEN_FIELDS (a secret kept until its time, a record shown by a page
    of its own), those shown elsewhere on the page, and a second field under a label already shown."""
    hidden = set(getattr(type(instance), "PAGE_HIDDEN_FIELDS", ()))
    rows = []
    labels = set()
    for field in type(instance)._meta.concrete_fields:
        if field.name in _SKIPPED or field.name in hidden or not _has_own_label(field) or _shown_elsewhere(field):
            continue
        if str(field.verbose_name) in labels:
            continue
        labels.add(str(field.verbose_name))
        rows.append(
            FieldRow(
                name=field.name,
                label=str(field.verbose_name),
                value=display_value(instance, field),
                long=isinstance(field, models.TextField),
            )
        )
    # Short facts first in a dense grid, then the long texts one after another.
    return [row for row in rows if not row.long] + [row for row in rows if row.long]


def state_label(model, state: str) -> str:
    if not state:
        return ""
    return str(state_choices(model).get(state, state))
