"""当事人名录: the party registry's list, create and edit pages. Validated by the API's
PartySerializer and written by party_create / party_update (one history row each); the list and
the edit page read through the registry's selector (a county sees its own parties), personal
data masked by role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from casemgmt.errors import Conflict, Invalid
from casemgmt.parties.models import Party
from casemgmt.parties.selectors import parties_visible_to, party_search
from casemgmt.parties.serializers import PartySerializer
from casemgmt.parties.services import PARTY_WRITERS, party_create, party_update
from casemgmt.parties.validation import mask_id_number, mask_phone
from casemgmt.privacy import may_see_personal_data

from ..errors import form_refusal
from ..forms import FormField, flatten_errors

PAGE_SIZE = 25
FIELDS = ("kind", "name", "credit_code", "id_number", "legal_representative", "address", "phone")
HELP = {
    "credit_code": "法人、其他组织和个体工商户填写（18位）。",
    "id_number": "自然人填写居民身份证号码。",
}


def _readable(user):
    queryset = parties_visible_to(user)
    if queryset.query.is_empty():
        raise Http404("没有这类业务。")
    return queryset


def may_write(user) -> bool:
    return user.role in PARTY_WRITERS


def _row(party: Party, user, sees: bool) -> dict:
    return {
        "party": party,
        "identifier": party.credit_code
        if not party.is_person
        else (party.id_number if sees else mask_id_number(party.id_number)),
        "phone": party.phone if sees else mask_phone(party.phone),
    }


@login_required
@require_safe
def party_list(request):
    queryset = _readable(request.user)
    q = (request.GET.get("q") or "").strip()[:60]
    if q:
        queryset = party_search(request.user, q)
    page = Paginator(queryset.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    sees = may_see_personal_data(request.user)
    return render(
        request,
        "web/party_list.html",
        {
            "q": q,
            "page": page,
            "rows": [_row(p, request.user, sees) for p in page.object_list],
            "may_write": may_write(request.user),
        },
    )


def _hidden(party, user) -> set[str]:
    """A person's ID number and phone are not shown to a role that may not see personal data;
    they stay as recorded when such a user corrects the party."""
    if party is not None and party.is_person and not may_see_personal_data(user):
        return {"id_number", "phone"}
    return set()


def _form_fields(party=None, data=None, errors=None, hidden=()) -> list[FormField]:
    errors = errors or {}
    serializer = PartySerializer()
    result = []
    for name in FIELDS:
        if name in hidden:
            continue
        f = serializer.fields[name]
        value = data.get(name, "") if data is not None else (getattr(party, name) if party is not None else "")
        field = FormField(
            name=name,
            label=str(f.label),
            widget="select" if name == "kind" else "text",
            required=name in ("kind", "name"),
            value=value,
            help_text=HELP.get(name, ""),
            max_length=getattr(f, "max_length", None),
            errors=flatten_errors(errors.get(name, [])),
        )
        if name == "kind":
            field.choices = list(Party.Kind.choices)
        result.append(field)
    if party is not None:
        result.append(
            FormField(
                name="reason",
                label="修改理由（可选）",
                widget="textarea",
                required=False,
                value=(data or {}).get("reason", ""),
                help_text="记入办理记录。",
                max_length=2000,
                errors=flatten_errors(errors.get("reason", [])),
            )
        )
    return result


def _page(request, party=None, *, data=None, errors=None, status=200):
    errors = errors or {}
    names = {*FIELDS, "reason"}
    return render(
        request,
        "web/party_form.html",
        {
            "party": party,
            "form_fields": _form_fields(party, data, errors, _hidden(party, request.user)),
            "form_errors": [m for key, value in errors.items() if key not in names for m in flatten_errors(value)],
        },
        status=status,
    )


def _submitted(post, party=None, user=None) -> dict:
    data = {name: post.get(name, "").strip() for name in FIELDS}
    for name in _hidden(party, user):
        data[name] = getattr(party, name)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def party_create_page(request):
    if not may_write(request.user):
        raise PermissionDenied("您无权登记当事人。")
    if request.method == "GET":
        return _page(request)
    data = _submitted(request.POST)
    body = PartySerializer(data=data)
    if not body.is_valid():
        return _page(request, data=request.POST, errors=body.errors, status=400)
    try:
        party = party_create(actor=request.user, **body.validated_data)
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        return _page(request, data=request.POST, errors=refusal.errors, status=refusal.status)
    messages.success(request, f"已登记当事人“{party.name}”。")
    return redirect(reverse("web:party-list") + f"?q={party.identifier or party.name}")


@login_required
@require_http_methods(["GET", "POST"])
def party_edit_page(request, pk):
    party = _readable(request.user).filter(pk=pk).first()
    if party is None:
        raise Http404("未找到，或您无权查看。")
    if not may_write(request.user):
        raise PermissionDenied("您无权修改当事人信息。")
    if request.method == "GET":
        return _page(request, party)
    data = _submitted(request.POST, party, request.user)
    body = PartySerializer(party, data=data)
    if not body.is_valid():
        return _page(request, party, data=request.POST, errors=body.errors, status=400)
    try:
        updated = party_update(party, actor=request.user, reason=request.POST.get("reason", ""), **body.validated_data)
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        return _page(request, party, data=request.POST, errors=refusal.errors, status=refusal.status)
    messages.success(request, f"已保存当事人“{updated.name}”的信息。")
    return redirect(reverse("web:party-list") + f"?q={updated.identifier or updated.name}")
