"""Staff pages of on-site inspections (现场检查), drawn for a phone on site: the raid form of a
case, a saved raid with its evidence and hashes, and the measures on items with their limits.
Every write goes through the same services as the API.

A refusal the page can show (bad input: 400, a state that does not allow it: 409) re-renders the
page the form was sent from with the reasons (casemgmt.web.errors.form_refusal); NotFound and
Forbidden reach the middleware, which answers with the 404 and 403 pages."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casemgmt.errors import DomainError, Invalid, NotFound
from casemgmt.org.models import Role, User
from casemgmt.parties.validation import mask_id_number
from casemgmt.web.deadline_rows import deadline_rows
from casemgmt.web.errors import form_refusal
from casemgmt.web.forms import flatten_errors
from casemgmt.web.presentation import date_text

from .api.inspection_serializers import (
    MAX_PERSONS,
    InspectionInputSerializer,
    SeizureApprovalSerializer,
    SeizureExtensionSerializer,
    SeizureInputSerializer,
    SeizureReleaseSerializer,
)
from .models import Inspection, InspectionPerson, Seizure
from .rules import inspections as rules
from .selectors import evidence_of, inspections_of, seizures_of, visible_case
from .services import evidence as evidence_services
from .services import inspections as inspection_services
from .services import seizures as seizure_services

DEFAULT_PERSON_ROWS = 2
DEFAULT_PHOTO_DESCRIPTION = "现场照片"
PERSONS_PREFIX = "persons"
# What a checkbox sends when ticked (the raid form sends "true"; a browser's default is "on").
TICKED = {"true", "on", "1"}


def _case(request, pk: int):
    case = visible_case(request.user, pk)
    if case is None:
        raise NotFound()
    return case


def _inspection(case, pk: int) -> Inspection:
    inspection = inspections_of(case).filter(pk=pk).first()
    if inspection is None:
        raise NotFound()
    return inspection


def _raid_url(case, inspection=None, anchor: str = "") -> str:
    if inspection is None:
        url = reverse("web:enforcement-raid", args=[case.pk])
    else:
        url = reverse("web:enforcement-raid-detail", args=[case.pk, inspection.pk])
    return f"{url}#{anchor}" if anchor else url


def _back(request, case, default: str) -> str:
    """Where a small form returns to: one of the case's raid pages, never another site."""
    target = request.POST.get("next", "")
    page = _page_of(case, target)
    return target if page is not None else default


def _page_of(case, url: str):
    """(view name, inspection pk or None) of the case's raid page at `url`, or None."""
    try:
        match = resolve(url.split("#")[0].split("?")[0])
    except Resolver404:
        return None
    if match.kwargs.get("pk") != case.pk:
        return None
    if match.url_name == "enforcement-raid":
        return match.url_name, None
    if match.url_name == "enforcement-raid-detail":
        return match.url_name, match.kwargs["inspection_pk"]
    return None


def _local_input(value) -> str:
    """A moment as a datetime-local input shows it."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def _bureau_officers(case):
    return User.objects.filter(role=Role.OFFICER, is_active=True, jurisdiction_id=case.jurisdiction_id).order_by(
        "full_name", "username"
    )


def _seizure_rows(case, user, seizures) -> list[dict]:
    """Each measure with its status, its limits as deadline rows and what the user may do now."""
    today = timezone.localdate()
    releaser = rules.seizure_releasers(case, user)
    approver = rules.seizure_approvers(case, user)
    rows = []
    for seizure in seizures:
        limits = [seizure.limit] + ([seizure.report_deadline] if seizure.report_deadline else [])
        rows.append(
            {
                "seizure": seizure,
                "status": rules.seizure_status(seizure, today),
                "deadlines": deadline_rows(limits, with_objects=False),
                "may_release": releaser and seizure.in_force,
                "may_extend": approver
                and seizure.in_force
                and not seizure.is_preservation
                and seizure.extended_at is None
                and seizure.limit.is_active
                and seizure.limit.due >= today,
                "may_approve": approver and seizure.awaiting_approval,
            }
        )
    return rows


def _page_context(request, case, *, page_url: str, **extra) -> dict:
    refusal = rules.raid_refusal(case, request.user)
    return {
        "case": case,
        "may_record": refusal is None,
        "refusal": refusal.message if refusal else "",
        "page_url": page_url,
        "measures": Seizure.Measure.choices,
        "preservations": [s for s in seizures_of(case) if s.is_preservation and s.in_force],
        "today": timezone.localdate(),
        **extra,
    }


# ---------- the raid form ----------


class PersonPresentForm(forms.Form):
    """One row of persons present. A row left blank (no name, ID number or title) is nobody; the
    rest is checked with the inspection (InspectionInputSerializer, then the service)."""

    name = forms.CharField(label="姓名", max_length=60, required=False)
    role = forms.ChoiceField(label="身份", choices=InspectionPerson.Role.choices, required=False)
    id_number = forms.CharField(label="身份证号码", max_length=30, required=False)
    title = forms.CharField(label="单位/职务", max_length=100, required=False)

    def person(self) -> dict | None:
        data = getattr(self, "cleaned_data", None) or {}
        person = {key: (data.get(key) or "").strip() for key in ("name", "role", "id_number", "title")}
        return person if person["name"] or person["id_number"] or person["title"] else None


PersonsFormSet = forms.formset_factory(
    PersonPresentForm, extra=DEFAULT_PERSON_ROWS, max_num=MAX_PERSONS, validate_max=True, absolute_max=MAX_PERSONS
)


def _persons_formset(post=None) -> forms.BaseFormSet:
    """The rows of persons present: blank ones for a new raid, or those posted. A post without
    the rows' management fields (a client that sends no rows) has no persons present."""
    if post is None:
        return PersonsFormSet(prefix=PERSONS_PREFIX)
    if f"{PERSONS_PREFIX}-TOTAL_FORMS" not in post:
        post = post.copy()
        post[f"{PERSONS_PREFIX}-TOTAL_FORMS"] = "0"
        post[f"{PERSONS_PREFIX}-INITIAL_FORMS"] = "0"
    return PersonsFormSet(post, prefix=PERSONS_PREFIX)


def _persons_errors(persons: forms.BaseFormSet) -> list[str]:
    messages_ = list(persons.non_form_errors())
    for number, form in enumerate(persons.forms, start=1):
        messages_ += [f"第{number}行：{message}" for message in flatten_errors(dict(form.errors))]
    return messages_


def _persons_problems(errors) -> list[str]:
    """The serializer's errors of persons present (a list per row) as messages naming the row."""
    if not isinstance(errors, list) or not any(isinstance(item, dict) for item in errors):
        return flatten_errors(errors)
    problems = []
    for number, row in enumerate(errors, start=1):
        problems += [f"在场人员第{number}人：{message}" for message in flatten_errors(row)]
    return problems


def _raid_data(post, persons: list[dict]) -> dict:
    data = {
        "place": post.get("place", ""),
        "officers": post.getlist("officers"),
        "certificates_shown": post.get("certificates_shown", "") in TICKED,
        "persons_present": persons,
        "findings": post.get("findings", ""),
        "signature": post.get("signature", ""),
        "signature_note": post.get("signature_note", ""),
    }
    for name in ("started_at", "ended_at", "latitude", "longitude", "location_accuracy"):
        if post.get(name, "").strip():
            data[name] = post[name].strip()
    return data


def _taken_times(post, count: int) -> list[dt.datetime | None]:
    """When each photo was taken, as the phone reported it (raid.js reads File.lastModified)."""
    values = post.getlist("photo_taken_at")
    now = timezone.now()
    times = []
    for index in range(count):
        try:
            moment = parse_datetime(values[index]) if index < len(values) else None
        except ValueError:
            moment = None
        # The phone's clock is a hint: a time it cannot have known yet means "just now".
        usable = moment is not None and timezone.is_aware(moment) and moment <= now
        times.append(moment if usable else now)
    return times


def _checked_photos(request) -> tuple[list, list[str]]:
    uploads = request.FILES.getlist("photos")
    description = request.POST.get("photo_description", "").strip() or DEFAULT_PHOTO_DESCRIPTION
    times = _taken_times(request.POST, len(uploads))
    files, problems = [], []
    for index, upload in enumerate(uploads):
        label = f"第{index + 1}个文件" if len(uploads) > 1 else ""
        try:
            checked = evidence_services.evidence_check(upload, field="photos", label=label)
        except Invalid as exc:
            problems.extend(flatten_errors(exc.field_errors()))
            continue
        files.append(evidence_services.EvidenceFile(checked, description, times[index]))
    return files, problems


def _form_values(post) -> dict:
    """What the form shows: the submitted values, or the defaults of a new raid."""
    if post is None:
        return {"started_at": _local_input(timezone.now()), "officers": []}
    return {
        **{key: post.get(key, "") for key in ("started_at", "ended_at", "place", "latitude", "longitude")},
        **{key: post.get(key, "") for key in ("location_accuracy", "findings", "signature", "signature_note")},
        "certificates_shown": post.get("certificates_shown", "") in TICKED,
        "photo_description": post.get("photo_description", ""),
        "officers": post.getlist("officers"),
    }


def _render_raid(request, case, *, post=None, persons=None, errors=None, status=200):
    # The officer logging the raid comes first, so the record lists them first (the form posts
    # the ticked officers in page order); the others by name.
    officers = sorted(_bureau_officers(case), key=lambda officer: officer.pk != request.user.pk)
    values = _form_values(post)
    checked = set(values["officers"]) if post is not None else {str(request.user.pk)}
    context = _page_context(
        request,
        case,
        page_url=_raid_url(case),
        values=values,
        persons=persons if persons is not None else _persons_formset(),
        errors=errors or {},
        error_list=flatten_errors(errors or {}),
        officers=[{"user": o, "checked": str(o.pk) in checked} for o in officers],
        person_roles=InspectionPerson.Role.choices,
        signatures=Inspection.Signature.choices,
        inspections=list(inspections_of(case)),
        seizure_rows=_seizure_rows(case, request.user, seizures_of(case)),
        evidence_types=rules.evidence_type_labels(),
        evidence_max_mb=rules.evidence_max_bytes() // (1024 * 1024),
    )
    return render(request, "enforcement/raid.html", context, status=status)


def _inspection_errors(request, case, body, persons, photos, problems) -> dict:
    """Every problem of the raid form at once, so an officer on site corrects it in one go."""
    if body.is_valid():
        errors = inspection_services.inspection_errors(case, actor=request.user, evidence=photos, **body.validated_data)
    else:
        errors = dict(body.errors)
        if "persons_present" in errors:
            errors["persons_present"] = _persons_problems(errors["persons_present"])
    if not persons.is_valid():
        errors["persons_present"] = _persons_errors(persons) + errors.get("persons_present", [])
    if problems:
        errors["photos"] = problems
    return errors


@login_required
@require_http_methods(["GET", "POST"])
def raid(request, pk):
    """现场检查 of a case: the form (for the case's officers while it is investigated) and the
    inspections and measures recorded so far."""
    case = _case(request, pk)
    if request.method == "GET":
        return _render_raid(request, case)

    persons = _persons_formset(request.POST)
    try:
        rules.require_raid(case, request.user)
        rows = [person for form in persons.forms if (person := form.person())] if persons.is_valid() else []
        body = InspectionInputSerializer(
            data=_raid_data(request.POST, rows), context={"request": request, "case": case}
        )
        photos, problems = _checked_photos(request)
        errors = _inspection_errors(request, case, body, persons, photos, problems)
        if errors:
            raise Invalid("输入有误。", errors)
        inspection = inspection_services.inspection_create(
            case, actor=request.user, evidence=photos, **body.validated_data
        )
    except DomainError as exc:
        refusal = form_refusal(exc)
        return _render_raid(
            request, case, post=request.POST, persons=persons, errors=refusal.errors, status=refusal.status
        )
    messages.success(request, f"现场检查记录已保存，证据 {len(photos)} 份，已记录 SHA-256。")
    return redirect(_raid_url(case, inspection))


def _shown_id_number(user, value: str) -> str:
    """Like the party registry: full to the roles whose work needs it, masked to the others."""
    return value if user.may_see_id_numbers else mask_id_number(value)


def _render_detail(request, case, inspection, *, status=200):
    context = _page_context(
        request,
        case,
        page_url=_raid_url(case, inspection),
        inspection=inspection,
        evidence=list(evidence_of(inspection)),
        persons=[(p, _shown_id_number(request.user, p.id_number)) for p in inspection.persons.all()],
        seizure_rows=_seizure_rows(case, request.user, inspection.seizures.all()),
        evidence_types=rules.evidence_type_labels(),
        evidence_max_mb=rules.evidence_max_bytes() // (1024 * 1024),
        now=_local_input(timezone.now()),
    )
    return render(request, "enforcement/raid_detail.html", context, status=status)


@login_required
@require_GET
def raid_detail(request, pk, inspection_pk):
    """One saved inspection: what was recorded, its evidence with the SHA-256 of each file, and
    the measures taken there."""
    case = _case(request, pk)
    return _render_detail(request, case, _inspection(case, inspection_pk))


# ---------- small forms: evidence and measures ----------


def _refused(request, case, back: str, exc: DomainError):
    """A small form's refusal: the page it was sent from again, with the reasons, answering
    400 (bad input) or 409 (not in this state)."""
    refusal = form_refusal(exc)
    for message in flatten_errors(refusal.errors):
        messages.error(request, message)
    page = _page_of(case, back)
    if page is not None and page[1] is not None:
        inspection = inspections_of(case).filter(pk=page[1]).first()
        if inspection is not None:
            return _render_detail(request, case, inspection, status=refusal.status)
    return _render_raid(request, case, status=refusal.status)


def _checked_input(serializer_class, data: dict, **context) -> dict:
    """A small form's fields, checked by the same input serializer as the API (Invalid if not)."""
    body = serializer_class(data=data, context=context)
    if not body.is_valid():
        raise Invalid("输入有误。", dict(body.errors))
    return body.validated_data


@login_required
@require_POST
def raid_evidence_add(request, pk, inspection_pk):
    case = _case(request, pk)
    inspection = _inspection(case, inspection_pk)
    back = _raid_url(case, inspection, "evidence")
    try:
        rules.require_raid(case, request.user)
        if not request.FILES.getlist("photos"):
            raise Invalid("输入有误。", {"photos": ["请选择要上传的照片、视频或文件。"]})
        files, problems = _checked_photos(request)
        if problems:
            raise Invalid("输入有误。", {"photos": problems})
        for file in files:
            evidence_services.evidence_add(
                inspection,
                actor=request.user,
                upload=file.upload,
                description=file.description,
                taken_at=file.taken_at,
            )
    except DomainError as exc:
        return _refused(request, case, back, exc)
    messages.success(request, f"已上传证据 {len(files)} 份，已记录 SHA-256。")
    return redirect(back)


@login_required
@require_POST
def raid_evidence_supersede(request, pk, inspection_pk, evidence_pk):
    case = _case(request, pk)
    inspection = _inspection(case, inspection_pk)
    evidence = evidence_of(inspection).filter(pk=evidence_pk).first()
    if evidence is None:
        raise NotFound()
    upload = request.FILES.get("file")
    try:
        rules.require_raid(case, request.user)
        if upload is None:
            raise Invalid("输入有误。", {"file": ["请选择替换文件。"]})
        evidence_services.evidence_supersede(
            evidence,
            actor=request.user,
            upload=upload,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        return _refused(request, case, _raid_url(case, inspection, f"evidence-{evidence.pk}"), exc)
    messages.success(request, "证据已替换：原文件及其 SHA-256 保留，标记为已被替换。")
    return redirect(_raid_url(case, inspection, "evidence"))


@login_required
@require_POST
def raid_seizure_add(request, pk):
    case = _case(request, pk)
    back = _back(request, case, _raid_url(case, anchor="seizures"))
    data = {key: request.POST.get(key, "") for key in ("measure", "items", "quantity", "place_kept", "decision_number")}
    for key in ("decided_on", "inspection", "converted_from"):
        if request.POST.get(key, "").strip():
            data[key] = request.POST[key].strip()
    data["emergency"] = request.POST.get("emergency", "") in TICKED
    try:
        rules.require_raid(case, request.user)
        checked = _checked_input(SeizureInputSerializer, data, request=request, case=case)
        seizure = seizure_services.seizure_create(case, actor=request.user, **checked)
    except DomainError as exc:
        return _refused(request, case, back, exc)
    messages.success(request, f"已登记{seizure.get_measure_display()}，期限届满日 {date_text(seizure.limit.due)}。")
    return redirect(back)


SEIZURE_ACTIONS = {
    "release": (SeizureReleaseSerializer, seizure_services.seizure_release, rules.require_releaser, "已登记解除。"),
    "extend": (
        SeizureExtensionSerializer,
        seizure_services.seizure_extend,
        rules.require_extension_approver,
        "已延长期限。",
    ),
    "approve": (
        SeizureApprovalSerializer,
        seizure_services.seizure_approve,
        rules.require_emergency_approver,
        "已补办批准。",
    ),
}


@login_required
@require_POST
def raid_seizure_action(request, pk, seizure_pk, action):
    case = _case(request, pk)
    seizure = seizures_of(case).filter(pk=seizure_pk).first()
    if seizure is None or action not in SEIZURE_ACTIONS:
        raise NotFound()
    serializer_class, service, permission, done = SEIZURE_ACTIONS[action]
    permission(case, request.user)  # who before what: Forbidden → the 403 page
    back = _back(request, case, _raid_url(case, anchor=f"seizure-{seizure.pk}"))
    data = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken" and value.strip()}
    try:
        service(seizure, actor=request.user, **_checked_input(serializer_class, data))
    except DomainError as exc:
        return _refused(request, case, back, exc)
    messages.success(request, done)
    return redirect(back)
