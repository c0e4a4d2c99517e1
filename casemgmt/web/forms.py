"""HTML forms for transition payloads, generated from the transition's DRF serializer.

The serializer stays the single definition of a payload: the page is drawn from its fields and
the submitted values go back through it inside fire_transition, so the UI and the API accept
exactly the same input.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework import fields as drf
from rest_framework import relations, serializers
from rest_framework.fields import empty

# Candidate lists longer than this are offered unfiltered (each candidate costs a validator call).
ELIGIBILITY_CHECK_LIMIT = 300
# Text fields up to this length get a one-line input; longer ones a textarea.
SHORT_TEXT = 200


@dataclass
class FormField:
    name: str
    label: str
    widget: str  # text | textarea | number | checkbox | select | date | datetime | file
    required: bool
    value: object = ""
    help_text: str = ""
    choices: list = field(default_factory=list)  # [(value, label)]
    multiple: bool = False
    min_value: object = None
    max_value: object = None
    max_length: int | None = None
    errors: list[str] = field(default_factory=list)
    # Choices shown in named groups (<optgroup>): [(group label, [(value, label)])]; else flat.
    groups: list = field(default_factory=list)

    def is_selected(self, option) -> bool:
        values = self.value if isinstance(self.value, (list, tuple)) else [self.value]
        return str(option) in {str(v) for v in values}


def flatten_errors(value) -> list[str]:
    if isinstance(value, dict):
        return [msg for item in value.values() for msg in flatten_errors(item)]
    if isinstance(value, (list, tuple)):
        return [msg for item in value for msg in flatten_errors(item)]
    return [str(value)]


def _widget(f) -> tuple[str, bool]:
    if isinstance(f, relations.ManyRelatedField):
        return "select", True
    if isinstance(f, relations.RelatedField | drf.ChoiceField):
        return "select", isinstance(f, drf.MultipleChoiceField)
    if isinstance(f, drf.BooleanField):
        return "checkbox", False
    if isinstance(f, drf.IntegerField | drf.FloatField | drf.DecimalField):
        return "number", False
    if isinstance(f, drf.DateTimeField):
        return "datetime", False
    if isinstance(f, drf.DateField):
        return "date", False
    if isinstance(f, drf.FileField):
        return "file", False
    if isinstance(f, drf.CharField) and (f.max_length is None or f.max_length > SHORT_TEXT):
        return "textarea", False
    return "text", False


def form_field_of(name: str, f, *, widget: str, multiple: bool, value, errors: dict) -> FormField:
    """The form's field for the serializer field `f`: its label, limits and help as the API states them."""
    return FormField(
        name=name,
        label=str(f.label or name),
        widget=widget,
        required=bool(f.required),
        value=value,
        help_text=str(f.help_text or ""),
        multiple=multiple,
        min_value=getattr(f, "min_value", None),
        max_value=getattr(f, "max_value", None),
        max_length=getattr(f, "max_length", None),
        errors=flatten_errors(errors.get(name, [])),
    )


def _related_choices(serializer, name: str, f) -> list:
    """The field's queryset, narrowed to the candidates the serializer's own validator accepts
    (e.g. only handlers responsible for the case's jurisdiction)."""
    relation = f.child_relation if isinstance(f, relations.ManyRelatedField) else f
    queryset = relation.get_queryset()
    if _is_staff_member(queryset.model()):
        queryset = queryset.select_related("department", "jurisdiction")
    candidates = list(queryset[: ELIGIBILITY_CHECK_LIMIT + 1])
    single = not isinstance(f, relations.ManyRelatedField)
    # Validators of many-fields take the whole list; a serializer checks one member of such a
    # field with validate_<name>_member (e.g. an officer of another bureau for a case's team).
    validator = getattr(serializer, f"validate_{name}" if single else f"validate_{name}_member", None)
    if validator is not None and len(candidates) <= ELIGIBILITY_CHECK_LIMIT:
        eligible = []
        for candidate in candidates:
            try:
                validator(candidate)
            except serializers.ValidationError:
                continue
            eligible.append(candidate)
        candidates = eligible
    return [(relation.to_representation(c), _choice_label(relation, c)) for c in candidates]


def _unit_of(candidate) -> str:
    """The bureau or centre a staff member belongs to (their department, else their area)."""
    department = getattr(candidate, "department", None)
    if department is not None:
        return department.name
    jurisdiction = getattr(candidate, "jurisdiction", None)
    return jurisdiction.name if jurisdiction is not None else "未设所属单位"


def _is_staff_member(candidate) -> bool:
    return hasattr(candidate, "certificate_number") and hasattr(candidate, "department_id")


def _choice_label(relation, candidate) -> str:
    """A person is named with their unit (and 执法证 number): pickers list people of several
    counties, and two officers may share a name."""
    if not _is_staff_member(candidate):
        return relation.display_value(candidate)
    certificate = f" · 执法证 {candidate.certificate_number}" if candidate.certificate_number else ""
    return f"{candidate.display_name}（{_unit_of(candidate)}{certificate}）"


def _grouped(instance, relation, choices) -> list:
    """Staff choices grouped by unit, the object's own area first, then by name of the unit."""
    model = getattr(relation.get_queryset(), "model", None)
    if model is None or not choices or not _is_staff_member(model()):
        return []
    people = {
        str(relation.to_representation(c)): c
        for c in relation.get_queryset().select_related("department", "jurisdiction")
    }
    own_area = getattr(instance, "jurisdiction_id", None)
    groups: dict[tuple, list] = {}
    for value, label in choices:
        person = people.get(str(value))
        unit = _unit_of(person) if person is not None else "未设所属单位"
        area = getattr(person, "jurisdiction_id", None)
        groups.setdefault((area != own_area, unit), []).append((value, label))
    return [(unit, items) for (_, unit), items in sorted(groups.items())]


def _initial(serializer, instance, name: str, f):
    """Start from what the object already holds (e.g. the opinion when resubmitting for review),
    as the input takes it: dates in ISO (YYYY-MM-DD), moments as YYYY-MM-DDTHH:MM.

    A value the payload's own validator refuses is not offered (a same-named field of the object
    may mean something else: a case's 收到日期 is not the date a statement was received): the
    input starts empty then."""
    if f.initial not in (None, empty, ""):
        return _input_value(f.initial() if callable(f.initial) else f.initial)
    try:
        model_field = type(instance)._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.many_to_many:
        return [obj.pk for obj in getattr(instance, name).all()] if instance.pk else []
    value = getattr(instance, model_field.attname, None) if model_field is not None else None
    if isinstance(f, drf.BooleanField):
        return bool(value) if isinstance(value, bool) else False
    if isinstance(f, drf.DateField) and not isinstance(f, drf.DateTimeField):
        valid = isinstance(value, datetime.date) and _accepted(serializer, name, value)
        return value.isoformat() if valid else ""
    if value is None or (model_field is None):
        return ""
    if isinstance(model_field, models.DateTimeField):
        return date_format(timezone.localtime(value), "Y-m-d\\TH:i")
    if isinstance(model_field, models.DateField):
        return value.isoformat()
    return value


def _input_value(value):
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d\\TH:i")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _accepted(serializer, name: str, value) -> bool:
    validator = getattr(serializer, f"validate_{name}", None)
    if validator is None:
        return True
    try:
        validator(value)
    except (serializers.ValidationError, ValueError, TypeError, AttributeError):
        return False
    return True


def payload_serializer(spec, instance, user):
    if spec.payload is None:
        return None
    return spec.payload(context={"instance": instance, "actor": user})


def transition_form_fields(spec, instance, user, *, data=None, errors=None) -> list[FormField]:
    """The form of one transition: its payload fields, then the reason."""
    errors = errors or {}
    result = []
    serializer = payload_serializer(spec, instance, user)
    for name, f in serializer.fields.items() if serializer is not None else []:
        if f.read_only:
            continue
        widget, multiple = _widget(f)
        if data is None:
            value = _initial(serializer, instance, name, f)
        elif widget == "checkbox":
            value = name in data
        elif multiple:
            value = data.getlist(name)
        else:
            value = data.get(name, "")
        form_field = form_field_of(name, f, widget=widget, multiple=multiple, value=value, errors=errors)
        if widget == "select":
            if isinstance(f, drf.ChoiceField):
                form_field.choices = [(key, str(label)) for key, label in f.choices.items()]
            else:
                form_field.choices = _related_choices(serializer, name, f)
                relation = f.child_relation if isinstance(f, relations.ManyRelatedField) else f
                form_field.groups = _grouped(instance, relation, form_field.choices)
        result.append(form_field)
    result.append(
        FormField(
            name="reason",
            label="理由" if spec.reason_required else "说明（可选）",
            widget="textarea",
            required=spec.reason_required,
            value="" if data is None else data.get("reason", ""),
            help_text="记入流转记录。",
            max_length=2000,
            errors=flatten_errors(errors.get("reason", [])),
        )
    )
    return result


def other_errors(errors: dict, form_fields: list[FormField]) -> list[str]:
    """Messages not attached to a field of the form (non_field_errors, unknown keys)."""
    names = {f.name for f in form_fields}
    return [msg for key, value in (errors or {}).items() if key not in names for msg in flatten_errors(value)]


def payload_from_post(spec, data) -> dict:
    """The submitted payload as the serializer would read it from an HTML form (an unticked
    checkbox is False, an empty optional field is left out)."""
    if spec.payload is None:
        return {}
    payload = {}
    for name, f in spec.payload().fields.items():
        if f.read_only:
            continue
        value = f.get_value(data)
        if value is not empty:
            payload[name] = value
    return payload
