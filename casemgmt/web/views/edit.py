"""Create and edit screens of the workflow types (see casemgmt.web.editing), and the attachment
upload of any record's detail page.

Input is read through the type's API serializer and written by the type's services, so the page
refuses exactly what the API refuses and every write is one audited history row. A refusal is
shown next to its field (400; 409 for a state that does not allow it) and nothing is written;
another jurisdiction's record is 404 (the detail page's own selection), a role that may not 403.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casemgmt.errors import Conflict, Invalid
from casemgmt.files.attaching import attachments_add, attachments_store_all
from casemgmt.files.models import Attachment
from casemgmt.files.services import attachment_check

from .. import party_field, staged_uploads
from ..editing import EditSpec, edit_spec, form_fields, plain_input
from ..errors import form_refusal
from ..forms import flatten_errors
from .objects import readable_queryset, visible_object

FILES = "attachments"
ATTACHABLE_KINDS = [(value, label) for value, label in Attachment.Kind.choices if value != Attachment.Kind.DOCUMENT]


@dataclass
class Item:
    """One entry of the form, in order: a plain field or a party slot."""

    field: object = None
    party: object = None


def _spec_for(user, type_key) -> tuple:
    wf, _ = readable_queryset(user, type_key)
    spec = edit_spec(type_key)
    if spec is None:
        raise Http404("这类业务没有登记和修改页面。")
    return wf, spec


def _names(spec: EditSpec, obj, serializer) -> list[str]:
    if obj is None:
        return list(spec.create_fields)
    names = list(spec.editable_now(obj))
    if names and "reason" in serializer.fields:
        names.append("reason")
    return names


def _serializer(spec: EditSpec, request, obj=None, **kwargs):
    serializer = spec.serializer(obj, context={"request": request}, partial=obj is not None, **kwargs)
    for name in (*spec.drop_fields, *(slot.name for slot in spec.parties)):
        serializer.fields.pop(name, None)
    return serializer


def _current_parties(spec: EditSpec, obj) -> dict:
    if obj is None or spec.current_parties is None:
        return {}
    return spec.current_parties(obj)


def _items(spec, request, obj, names, *, post=None, errors=None) -> list[Item]:
    serializer = _serializer(spec, request, obj)
    plain = {
        f.name: f
        for f in form_fields(spec, serializer, names, user=request.user, instance=obj, data=post, errors=errors)
    }
    current = _current_parties(spec, obj)
    items = []
    for name in names:
        slot = spec.slot(name)
        if slot is not None:
            items.append(
                Item(party=party_field.widget(slot, request.user, post=post, current=current.get(name), errors=errors))
            )
        elif name in plain:
            items.append(Item(field=plain[name]))
    return items


def _other_errors(errors: dict, names, spec) -> list[str]:
    known = set(names) | {FILES}
    slots = {slot.name for slot in spec.parties}
    return [
        message
        for key, value in (errors or {}).items()
        if key not in known and key.partition(".")[0] not in slots
        for message in flatten_errors(value)
    ]


def _page(request, wf, spec, obj=None, *, post=None, errors=None, staged=(), blocked="", status=200):
    serializer = _serializer(spec, request, obj)
    names = _names(spec, obj, serializer)
    context = {
        "wf": wf,
        "spec": spec,
        "obj": obj,
        "items": _items(spec, request, obj, names, post=post, errors=errors) if not blocked else [],
        "form_errors": _other_errors(errors, names, spec),
        "blocked": blocked,
        "takes_files": obj is None and bool(spec.create_attachment_kind),
        "staged": staged,
        "file_errors": (errors or {}).get(FILES, []),
        "max_files": staged_uploads.MAX_FILES,
        "title": f"修改{spec.noun}" if obj is not None else spec.create_label,
        "help": spec.edit_help if obj is not None else spec.create_help,
        "find": party_field.FIND,
    }
    return render(request, "web/object_form.html", context, status=status)


def _read(spec, request, obj):
    """(validated data with the parties resolved, errors) of the submitted form."""
    post = request.POST
    reader = _serializer(spec, request, obj)
    names = _names(spec, obj, reader)
    plain_names = [name for name in names if spec.slot(name) is None]
    serializer = _serializer(spec, request, obj, data=plain_input(reader, plain_names, post, partial=obj is not None))
    errors = {}
    if not serializer.is_valid():
        errors.update({key: flatten_errors(value) for key, value in serializer.errors.items()})
    data = dict(serializer.validated_data) if not errors else {}
    current = _current_parties(spec, obj)
    for name in names:
        slot = spec.slot(name)
        if slot is None:
            continue
        value, slot_errors = party_field.resolve(slot, post, request.user, current=current.get(name))
        errors.update(slot_errors)
        data[name] = value
    return data, errors


def _refusal_errors(spec, exc) -> tuple[dict, int]:
    refusal = form_refusal(exc)
    aliases = spec_aliases(spec)
    return {aliases.get(key, key): value for key, value in refusal.errors.items()}, refusal.status


def spec_aliases(spec) -> dict:
    """Service error keys shown on another input (e.g. an enforcement case's `parties` on its
    当事人 slot)."""
    return {"parties": spec.parties[0].name} if spec.parties and "parties" in spec.drop_fields else {}


@login_required
@require_http_methods(["GET", "POST"])
def object_create(request, type_key):
    wf, spec = _spec_for(request.user, type_key)
    if not spec.may_create(request.user):
        raise PermissionDenied(f"您无权登记{spec.noun}。")
    if request.method == "GET":
        return _page(request, wf, spec)

    staged = staged_uploads.kept(request.user, request.POST, field=FILES) if spec.create_attachment_kind else []
    file_errors = []
    if spec.create_attachment_kind:
        room = staged_uploads.MAX_FILES - len(staged)
        new = request.FILES.getlist(FILES)
        if len(new) > room:
            file_errors.append(f"最多上传 {staged_uploads.MAX_FILES} 个文件。")
            new = new[: max(room, 0)]
        parked, refused = staged_uploads.stage(request.user, new, field=FILES)
        staged += parked
        file_errors += refused
    if party_field.FIND in request.POST:  # 查找当事人: the page comes back, nothing written
        return _page(request, wf, spec, post=request.POST, staged=staged)
    data, errors = _read(spec, request, None)
    if file_errors:
        errors[FILES] = file_errors
    if errors:
        return _page(request, wf, spec, post=request.POST, errors=errors, staged=staged, status=400)
    try:
        with transaction.atomic():
            obj = spec.create(request.user, data)
            if staged:
                checked = staged_uploads.checked_uploads(staged, field=FILES)
                attachments_store_all(obj, checked, actor=request.user, kind=spec.create_attachment_kind)
    except (Invalid, Conflict) as exc:
        errors, status = _refusal_errors(spec, exc)
        return _page(request, wf, spec, post=request.POST, errors=errors, staged=staged, status=status)
    staged_uploads.discard(staged)
    files = f"，附件 {len(staged)} 个" if staged else ""
    messages.success(request, f"已登记{spec.noun}“{obj.display_title}”{files}。")
    return redirect(obj.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def object_edit(request, type_key, pk):
    wf, obj = visible_object(request.user, type_key, pk)
    spec = edit_spec(type_key)
    if spec is None:
        raise Http404("这类业务没有修改页面。")
    if not spec.may_edit(obj, request.user):
        raise PermissionDenied(f"您无权修改该{spec.noun}。")
    if not spec.editable_now(obj):
        blocked = f"“{obj.state_label}”状态下的{spec.noun}没有可以修改的内容。"
        return _page(request, wf, spec, obj, blocked=blocked, status=409)
    if request.method == "GET":
        return _page(request, wf, spec, obj)
    if party_field.FIND in request.POST:
        return _page(request, wf, spec, obj, post=request.POST)
    data, errors = _read(spec, request, obj)
    if errors:
        return _page(request, wf, spec, obj, post=request.POST, errors=errors, status=400)
    reason = data.pop("reason", "")
    try:
        obj = spec.update(obj, request.user, reason, data)
    except (Invalid, Conflict) as exc:
        errors, status = _refusal_errors(spec, exc)
        obj.refresh_from_db()
        return _page(request, wf, spec, obj, post=request.POST, errors=errors, status=status)
    messages.success(request, f"已保存对{spec.noun}的修改。")
    return redirect(obj.get_absolute_url())


def _attachment_page(request, wf, obj, *, values=None, errors=None, status=200):
    return render(
        request,
        "web/attachment_form.html",
        {
            "wf": wf,
            "obj": obj,
            "kinds": ATTACHABLE_KINDS,
            "values": values or {},
            "errors": errors or {},
            "max_files": staged_uploads.MAX_FILES,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def object_attachments(request, type_key, pk):
    """上传附件 of a record: the detail page's upload box posts here (GET shows the same form)."""
    wf, obj = visible_object(request.user, type_key, pk)
    spec = edit_spec(type_key)
    if spec is None:
        raise Http404("这类业务不能上传附件。")
    if not spec.attach_allowed(obj, request.user):
        raise PermissionDenied("您无权为该记录上传附件。")
    if request.method == "GET":
        return _attachment_page(request, wf, obj)
    values = {key: request.POST.get(key, "") for key in ("kind", "description", "reason")}
    uploads = request.FILES.getlist("files")
    errors = {}
    if values["kind"] not in dict(ATTACHABLE_KINDS):
        errors["kind"] = ["请选择材料类别。"]
    if len(values["description"]) > 200:
        errors["description"] = ["材料说明不能超过200字。"]
    if not uploads:
        errors["files"] = ["请选择要上传的文件。"]
    elif len(uploads) > staged_uploads.MAX_FILES:
        errors["files"] = [f"一次最多上传 {staged_uploads.MAX_FILES} 个文件。"]
    checked = []
    if not errors.get("files"):
        messages_ = []
        for index, upload in enumerate(uploads, start=1):
            label = f"第{index}个文件" if len(uploads) > 1 else ""
            try:
                checked.append(attachment_check(upload, field="files", label=label))
            except Invalid as exc:
                messages_ += exc.errors.get("files", [])
        if messages_:
            errors["files"] = messages_
    if errors:
        return _attachment_page(request, wf, obj, values=values, errors=errors, status=400)
    try:
        stored = attachments_add(
            obj,
            checked,
            actor=request.user,
            kind=values["kind"],
            permission=spec.may_attach or spec.may_edit,
            description=values["description"].strip(),
            reason=values["reason"],
        )
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        return _attachment_page(request, wf, obj, values=values, errors=refusal.errors, status=refusal.status)
    messages.success(request, f"已上传附件 {len(stored)} 个：{'、'.join(a.original_name for a in stored)}。")
    return redirect(obj.get_absolute_url())
