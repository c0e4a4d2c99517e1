"""Create and edit screens of the workflow types, drawn from each type's API serializer.

An app registers an EditSpec for a workflow type (in its AppConfig.ready): which serializer
validates the input (the API's own, so the page and the API accept exactly the same), which
fields a new record has, which fields the record's current state lets be corrected (the update
service's own list), the party slots (a reusable party field: pick a registered party or fill
in a new one), and the services that write. The generic views (casemgmt.web.views.edit) do the
rest; the kernel names no app.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from rest_framework import fields as drf
from rest_framework.fields import empty

from casemgmt.org.scoping import assignable_jurisdictions

from .forms import _related_choices, _widget, form_field_of


@dataclass(frozen=True)
class PartySlot:
    """A party named by the record, e.g. the applicant (one registry party, picked or new)."""

    name: str
    label: str
    required: bool = True
    help_text: str = ""


@dataclass(frozen=True)
class EditSpec:
    key: str  # the workflow type's key
    serializer: type  # the API serializer of the type
    noun: str  # e.g. "维权援助申请" (page titles: 登记… / 修改…)
    create_fields: tuple  # plain fields and party slot names of a new record, in order
    editable_now: Callable  # (obj) -> names the object's state lets be corrected
    create: Callable  # (actor, data) -> obj; data: validated values, parties resolved
    update: Callable  # (obj, actor, reason, data) -> obj
    may_create: Callable  # (user) -> bool: a role that registers records of the type
    may_edit: Callable  # (obj, user) -> bool: the update service's permission rule
    parties: tuple = ()  # PartySlot, by the names used in the field lists
    current_parties: Callable | None = None  # (obj) -> {slot name: Party or None}
    drop_fields: tuple = ()  # serializer fields the page never shows (read from elsewhere)
    # field -> [(value, label)] offered (a subset of what the API accepts), or a callable(user) of it
    choices: dict = field(default_factory=dict)
    initial: dict = field(default_factory=dict)  # field -> value of a new record's form
    create_attachment_kind: str = ""  # files chosen on the create form are stored with this kind
    may_attach: Callable | None = None  # (obj, user) -> bool; default: may_edit
    extra_links: Callable | None = None  # (obj, user) -> [(label, url)] next to the edit button
    create_help: str = ""
    edit_help: str = ""
    create_title: str = ""  # default: 登记<noun> (e.g. 登记线索 for an enforcement case)

    @property
    def create_label(self) -> str:
        return self.create_title or f"登记{self.noun}"

    def slot(self, name: str) -> PartySlot | None:
        return next((slot for slot in self.parties if slot.name == name), None)

    def attach_allowed(self, obj, user) -> bool:
        check = self.may_attach or self.may_edit
        return bool(check(obj, user))


_specs: dict[str, EditSpec] = {}


def register_edit_spec(spec: EditSpec) -> None:
    _specs[spec.key] = spec


def edit_spec(key: str) -> EditSpec | None:
    return _specs.get(key)


# --- fields drawn from the serializer ------------------------------------------------------------


def _input_value(value):
    """A value as an HTML input takes it: dates and times in ISO form, never the page's
    localized text (a date input rejects 2026年12月2日)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "Y-m-d\\TH:i")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _current(instance, name: str, f):
    if instance is None:
        return "" if not isinstance(f, drf.BooleanField) else False
    source = f.source if f.source not in (None, "*") else name
    value = instance
    for part in source.split("."):
        value = getattr(value, part, None)
        if value is None:
            break
    if hasattr(value, "pk"):
        return value.pk
    return _input_value(value)


def jurisdiction_choices(user) -> list:
    return [(j.code, j.name) for j in assignable_jurisdictions(user)]


def form_fields(spec: EditSpec, serializer, names, *, user, instance=None, data=None, errors=None) -> list:
    """FormFields for the plain (non-party) `names` of the serializer, with the submitted or the
    current values and the errors under each."""
    errors = errors or {}
    result = []
    for name in names:
        if spec.slot(name) is not None or name not in serializer.fields:
            continue
        f = serializer.fields[name]
        widget, multiple = _widget(f)
        if data is None:
            value = spec.initial.get(name, "") if instance is None else _current(instance, name, f)
            if instance is None and name == "jurisdiction_code":
                value = user.jurisdiction_id or ""
        elif widget == "checkbox":
            value = data.get(name) in ("true", "on", "1", "True")
        elif multiple:
            value = data.getlist(name)
        else:
            value = data.get(name, "")
        form_field = form_field_of(name, f, widget=widget, multiple=multiple, value=value, errors=errors)
        offered = spec.choices.get(name)
        offered = offered(user) if callable(offered) else offered
        # A narrower offer applies to a new record, or to an edit whose current value it holds
        # (an edit must never silently change a value the API still accepts).
        if offered is not None and (
            instance is None or value in ("", None) or str(value) in {str(v) for v, _ in offered}
        ):
            form_field.widget, form_field.choices = "select", list(offered)
        elif name == "jurisdiction_code":
            choices = jurisdiction_choices(user)
            if len(choices) < 2:
                continue  # the one area the user works in (the serializer's default)
            form_field.label, form_field.widget, form_field.choices = "所属区划", "select", choices
        elif widget == "select":
            if isinstance(f, drf.ChoiceField):
                form_field.choices = [(key, str(label)) for key, label in f.choices.items() if key != ""]
            else:
                form_field.choices = _related_choices(serializer, name, f)
        result.append(form_field)
    return result


def plain_input(serializer, names, post, *, partial: bool) -> dict:
    """The submitted plain values as the serializer reads them from an HTML form. A checkbox
    shown on the page and left unticked is False, also in a partial update."""
    values = {}
    for name in names:
        f = serializer.fields.get(name)
        if f is None or f.read_only:
            continue
        if isinstance(f, drf.BooleanField):
            values[name] = post.get(name) in ("true", "on", "1", "True")
            continue
        if partial and name not in post:
            continue
        value = f.get_value(post)
        if value is not empty:
            values[name] = value
    return values
