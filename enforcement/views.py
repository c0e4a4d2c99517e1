"""Staff pages of on-site inspections (现场检查), drawn for a phone on site: the raid form of a
case, a saved raid with its evidence and hashes, and the measures on items with their limits.
Every write goes through the same services as the API."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.exceptions import ValidationError

from casemgmt.org.models import Role, User
from casemgmt.parties.validation import mask_id_number
from casemgmt.web.deadline_rows import deadline_rows
from casemgmt.web.forms import flatten_errors
from casemgmt.workflow.exceptions import InvalidPayload, ObjectNotVisible, TransitionForbidden, WrongState

from .api.inspection_serializers import (
    InspectionInputSerializer,
    SeizureApprovalSerializer,
    SeizureExtensionSerializer,
    SeizureInputSerializer,
    SeizureReleaseSerializer,
)
from .models import Inspection, InspectionPerson, Seizure
from .rules import inspections as rules
from .selectors import evidence_of, inspections_of, seizures_of, visible_case
from .services import inspections as services

DEFAULT_PERSON_ROWS = 2
DEFAULT_PHOTO_DESCRIPTION = "现场照片"


class Refused(Exception):
    """A service said no; `errors` are field errors (400) and `status` says which kind."""

    def __init__(self, status: int, errors: dict):
        super().__init__(status)
        self.status = status
        self.errors = errors


def _run(func, *args, **kwargs):
    """Call a service; 403/404 become Django's responses, 400/409 a Refused with messages."""
    try:
        return func(*args, **kwargs)
    except TransitionForbidden as exc:
        raise PermissionDenied(exc.message) from None
    except ObjectNotVisible:
        raise Http404("未找到，或您无权查看。") from None
    except WrongState as exc:
        raise Refused(409, {"non_field_errors": [exc.message]}) from None
    except InvalidPayload as exc:
        raise Refused(400, exc.errors or {"non_field_errors": [exc.message]}) from None
    except ValidationError as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        raise Refused(400, detail) from None


def _case(request, pk: int):
    case = visible_case(request.user, pk)
    if case is None:
        raise Http404("未找到，或您无权查看。")
    return case


def _require_raid(case, user) -> None:
    refusal = rules.raid_refusal(case, user)
    if refusal is not None:
        if refusal[0] == 403:
            raise PermissionDenied(refusal[1])
        raise Refused(409, {"non_field_errors": [refusal[1]]})


def _inspection(case, pk: int) -> Inspection:
    inspection = inspections_of(case).filter(pk=pk).first()
    if inspection is None:
        raise Http404("未找到该现场检查记录。")
    return inspection


def _raid_url(case, inspection=None, anchor: str = "") -> str:
    if inspection is None:
        url = reverse("web:enforcement-raid", args=[case.pk])
    else:
        url = reverse("web:enforcement-raid-detail", args=[case.pk, inspection.pk])
    return f"{url}#{anchor}" if anchor else url


def _back(request, case, default: str) -> str:
    """Where a small form returns to: its page, never another site."""
    target = request.POST.get("next", "")
    prefix = reverse("web:enforcement-raid", args=[case.pk])
    return target if target.startswith(prefix) else default


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


def _page_context(request, case, **extra) -> dict:
    refusal = rules.raid_refusal(case, request.user)
    return {
        "case": case,
        "may_record": refusal is None,
        "refusal": refusal[1] if refusal else "",
        "measures": Seizure.Measure.choices,
        "preservations": [s for s in seizures_of(case) if s.is_preservation and s.in_force],
        "today": timezone.localdate(),
        **extra,
    }


# ---------- the raid form ----------


def _persons_from(post) -> list[dict]:
    names, roles = post.getlist("person_name"), post.getlist("person_role")
    ids, titles = post.getlist("person_id_number"), post.getlist("person_title")
    rows = []
    for index, name in enumerate(names):
        row = {
            "name": name.strip(),
            "role": roles[index] if index < len(roles) else "",
            "id_number": ids[index].strip() if index < len(ids) else "",
            "title": titles[index].strip() if index < len(titles) else "",
        }
        if row["name"] or row["id_number"] or row["title"]:
            rows.append(row)
    return rows


def _raid_data(post) -> dict:
    data = {
        "place": post.get("place", ""),
        "officers": post.getlist("officers"),
        "certificates_shown": post.get("certificates_shown") == "true",
        "persons_present": _persons_from(post),
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
            checked = services.evidence_check(upload, field="photos", label=label)
        except ValidationError as exc:
            problems.extend(str(m) for m in exc.detail["photos"])
            continue
        files.append(services.EvidenceFile(checked, description, times[index]))
    return files, problems


def _form_values(post) -> dict:
    """What the form shows: the submitted values, or the defaults of a new raid."""
    if post is None:
        return {"started_at": _local_input(timezone.now()), "persons": [{}] * DEFAULT_PERSON_ROWS, "officers": []}
    persons = _persons_from(post) or [{}] * DEFAULT_PERSON_ROWS
    return {
        **{key: post.get(key, "") for key in ("started_at", "ended_at", "place", "latitude", "longitude")},
        **{key: post.get(key, "") for key in ("location_accuracy", "findings", "signature", "signature_note")},
        "certificates_shown": post.get("certificates_shown") == "true",
        "photo_description": post.get("photo_description", ""),
        "officers": post.getlist("officers"),
        "persons": persons,
    }


def _render_raid(request, case, *, post=None, errors=None, status=200):
    # The officer logging the raid comes first, so the record lists them first (the form posts
    # the ticked officers in page order); the others by name.
    officers = sorted(_bureau_officers(case), key=lambda officer: officer.pk != request.user.pk)
    values = _form_values(post)
    checked = set(values["officers"]) if post is not None else {str(request.user.pk)}
    context = _page_context(
        request,
        case,
        values=values,
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


@login_required
@require_http_methods(["GET", "POST"])
def raid(request, pk):
    """现场检查 of a case: the form (for the case's officers while it is investigated) and the
    inspections and measures recorded so far."""
    case = _case(request, pk)
    if request.method == "GET":
        return _render_raid(request, case)

    refusal = rules.raid_refusal(case, request.user)
    if refusal is not None and refusal[0] == 403:
        raise PermissionDenied(refusal[1])
    if refusal is not None:
        return _render_raid(request, case, post=request.POST, errors={"non_field_errors": [refusal[1]]}, status=409)

    body = InspectionInputSerializer(data=_raid_data(request.POST), context={"request": request, "case": case})
    photos, problems = _checked_photos(request)
    # Every problem at once, so an officer on site corrects the form in one go.
    if body.is_valid():
        errors = services.inspection_errors(case, actor=request.user, evidence=photos, **body.validated_data)
    else:
        errors = dict(body.errors)
    if problems:
        errors["photos"] = problems
    if errors:
        return _render_raid(request, case, post=request.POST, errors=errors, status=400)
    try:
        inspection = _run(services.inspection_create, case, actor=request.user, evidence=photos, **body.validated_data)
    except Refused as refused:
        return _render_raid(request, case, post=request.POST, errors=refused.errors, status=refused.status)
    messages.success(request, f"现场检查记录已保存，证据 {len(photos)} 份，已记录 SHA-256。")
    return redirect(_raid_url(case, inspection))


def _shown_id_number(user, value: str) -> str:
    """Like the party registry: full to the roles whose work needs it, masked to the others."""
    return value if user.may_see_id_numbers else mask_id_number(value)


@login_required
def raid_detail(request, pk, inspection_pk):
    """One saved inspection: what was recorded, its evidence with the SHA-256 of each file, and
    the measures taken there."""
    case = _case(request, pk)
    inspection = _inspection(case, inspection_pk)
    context = _page_context(
        request,
        case,
        inspection=inspection,
        evidence=list(evidence_of(inspection)),
        persons=[(p, _shown_id_number(request.user, p.id_number)) for p in inspection.persons.all()],
        seizure_rows=_seizure_rows(case, request.user, inspection.seizures.all()),
        evidence_types=rules.evidence_type_labels(),
        evidence_max_mb=rules.evidence_max_bytes() // (1024 * 1024),
        now=_local_input(timezone.now()),
    )
    return render(request, "enforcement/raid_detail.html", context)


# ---------- small forms: evidence and measures ----------


def _report(request, refused: Refused) -> None:
    for message in flatten_errors(refused.errors):
        messages.error(request, message)


@login_required
@require_POST
def raid_evidence_add(request, pk, inspection_pk):
    case = _case(request, pk)
    inspection = _inspection(case, inspection_pk)
    back = _raid_url(case, inspection, "evidence")
    try:
        _require_raid(case, request.user)
        if not request.FILES.getlist("photos"):
            raise Refused(400, {"photos": ["请选择要上传的照片、视频或文件。"]})
        files, problems = _checked_photos(request)
        if problems:
            raise Refused(400, {"photos": problems})
        for file in files:
            _run(
                services.evidence_add,
                inspection,
                actor=request.user,
                upload=file.upload,
                description=file.description,
                taken_at=file.taken_at,
            )
    except Refused as refused:
        _report(request, refused)
        return redirect(back)
    messages.success(request, f"已上传证据 {len(files)} 份，已记录 SHA-256。")
    return redirect(back)


@login_required
@require_POST
def raid_evidence_supersede(request, pk, inspection_pk, evidence_pk):
    case = _case(request, pk)
    inspection = _inspection(case, inspection_pk)
    evidence = evidence_of(inspection).filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404("未找到该证据。")
    upload = request.FILES.get("file")
    try:
        _require_raid(case, request.user)
        if upload is None:
            raise Refused(400, {"file": ["请选择替换文件。"]})
        _run(
            services.evidence_supersede,
            evidence,
            actor=request.user,
            upload=upload,
            reason=request.POST.get("reason", ""),
        )
    except Refused as refused:
        _report(request, refused)
        return redirect(_raid_url(case, inspection, f"evidence-{evidence.pk}"))
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
    data["emergency"] = request.POST.get("emergency") == "true"
    try:
        _require_raid(case, request.user)
        body = SeizureInputSerializer(data=data, context={"request": request, "case": case})
        if not body.is_valid():
            raise Refused(400, body.errors)
        seizure = _run(services.seizure_create, case, actor=request.user, **body.validated_data)
    except Refused as refused:
        _report(request, refused)
        return redirect(back)
    messages.success(request, f"已登记{seizure.get_measure_display()}，期限届满日 {seizure.limit.due:%Y-%m-%d}。")
    return redirect(back)


SEIZURE_ACTIONS = {
    "release": (SeizureReleaseSerializer, services.seizure_release, rules.seizure_releasers, "已登记解除。"),
    "extend": (SeizureExtensionSerializer, services.seizure_extend, rules.seizure_approvers, "已延长期限。"),
    "approve": (SeizureApprovalSerializer, services.seizure_approve, rules.seizure_approvers, "已补办批准。"),
}


@login_required
@require_POST
def raid_seizure_action(request, pk, seizure_pk, action):
    case = _case(request, pk)
    seizure = seizures_of(case).filter(pk=seizure_pk).first()
    if seizure is None or action not in SEIZURE_ACTIONS:
        raise Http404("未找到。")
    serializer_class, service, allowed, done = SEIZURE_ACTIONS[action]
    if not allowed(case, request.user):
        raise PermissionDenied("您无权办理此项。")
    back = _back(request, case, _raid_url(case, anchor=f"seizure-{seizure.pk}"))
    data = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken" and value.strip()}
    body = serializer_class(data=data)
    try:
        if not body.is_valid():
            raise Refused(400, body.errors)
        _run(service, seizure, actor=request.user, **body.validated_data)
    except Refused as refused:
        _report(request, refused)
        return redirect(back)
    messages.success(request, done)
    return redirect(back)
