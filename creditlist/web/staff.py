"""Staff pages of the list beyond the generic workflow pages: a credit officer proposes a party
(picked from a penalty decision of the bureau or from the party registry, or registered anew) on
a ground; registers an early removal application received at the counter. Every write goes
through the services the API uses (credit_entry_propose, removal_application_submit); a refusal
a form can show re-renders it (casemgmt.web.errors.form_refusal), NotFound and Forbidden reach
the middleware (404 / 403 pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework import serializers

from casemgmt.errors import Conflict, Invalid, NotFound
from casemgmt.org.models import Role
from casemgmt.parties.selectors import parties_visible_to, party_search
from casemgmt.parties.serializers import PartyInputSerializer
from casemgmt.parties.services import party_get_or_create
from casemgmt.web.errors import form_refusal
from casemgmt.web.forms import flatten_errors
from enforcement.selectors import penalty_decisions_visible_to

from .. import rules
from ..api.applications import MAX_PROOFS, RemovalApplicationSerializer
from ..choices import Channel, State
from ..eligibility import removal_eligibility
from ..models import CreditGround, JointMeasure
from ..selectors import credit_entries_visible_to, removal_applications_of
from ..services.entries import credit_entry_propose
from ..services.removal import removal_application_submit

PICKS_SHOWN = 10
PARTY_FIELDS = ("kind", "name", "credit_code", "id_number", "legal_representative", "address")
NEW_PARTY = "new"


def _may_propose(user) -> bool:
    return user.role == Role.CREDIT_OFFICER and user.jurisdiction_id is not None


def _bureau_decisions(user):
    """Penalty decisions the officer's bureau made (a listing is decided by the deciding bureau)."""
    return penalty_decisions_visible_to(user).filter(jurisdiction_id=user.jurisdiction_id)


def _decision_matches(user, q: str):
    decisions = _bureau_decisions(user).order_by("-decided_on", "-id")
    if q:
        decisions = decisions.filter(
            Q(party__name__icontains=q) | Q(party__credit_code__iexact=q) | Q(number_text__icontains=q)
        )
    return list(decisions[:PICKS_SHOWN])


def _party_matches(user, q: str):
    return list(party_search(user, q).order_by("name", "id")[:PICKS_SHOWN]) if q else []


class ProposalSerializer(serializers.Serializer):
    """The proposal form: who (`pick`: decision:<id>, party:<id> or new), the ground, the basis
    found and the facts. The service checks the rest (the ground needs a decision, the decision's
    party, the bureau, a duplicate)."""

    pick = serializers.CharField(
        label="当事人", error_messages={"blank": "请选择当事人。", "required": "请选择当事人。"}, max_length=40
    )
    ground = serializers.SlugRelatedField(
        label="列入事由",
        slug_field="code",
        queryset=CreditGround.objects.filter(active=True),
        error_messages={
            "does_not_exist": "请选择列入事由。",
            "null": "请选择列入事由。",
            "required": "请选择列入事由。",
        },
    )
    matched_rule = serializers.CharField(
        label="认定依据",
        max_length=5000,
        error_messages={"blank": "请写明认定符合列入事由的依据。", "required": "请写明认定符合列入事由的依据。"},
    )
    facts = serializers.CharField(label="违法事实摘要", max_length=20000, required=False, allow_blank=True)
    reason = serializers.CharField(label="说明", max_length=5000, required=False, allow_blank=True)

    def validate(self, attrs):
        user = self.context["user"]
        pick = attrs["pick"]
        kind, _, pk = pick.partition(":")
        attrs["penalty_decision"] = None
        attrs["party"] = None
        if kind == "decision" and pk.isdigit() and len(pk) < 19:
            decision = _bureau_decisions(user).filter(pk=int(pk)).first()
            if decision is None:
                raise serializers.ValidationError({"pick": ["未找到该处罚决定。"]})
            attrs["penalty_decision"] = decision
            attrs["party"] = decision.party
        elif kind == "party" and pk.isdigit() and len(pk) < 19:
            party = parties_visible_to(user).filter(pk=int(pk)).first()
            if party is None:
                raise serializers.ValidationError({"pick": ["未找到该当事人。"]})
            attrs["party"] = party
        elif pick == NEW_PARTY:
            body = PartyInputSerializer(data=self.context["party_data"])
            if not body.is_valid():
                raise serializers.ValidationError({f"party.{key}": value for key, value in body.errors.items()})
            attrs["new_party"] = body.validated_data
        else:
            raise serializers.ValidationError({"pick": ["请选择当事人。"]})
        return attrs


def _party_data(post) -> dict:
    return {name: post.get(f"party.{name}", "").strip() for name in PARTY_FIELDS if post.get(f"party.{name}", "")}


def _propose_page(request, *, values=None, errors=None, status=200):
    user = request.user
    values = values if values is not None else {}
    q = (request.GET.get("q") or values.get("q") or "").strip()[:60]
    decisions = _decision_matches(user, q)
    parties = _party_matches(user, q)
    picked = values.get("pick", "")
    if not picked and request.GET.get("decision", "").isdigit():
        picked = f"decision:{request.GET['decision']}"
        chosen = _bureau_decisions(user).filter(pk=int(request.GET["decision"][:18])).first()
        if chosen is not None and chosen not in decisions:
            decisions.insert(0, chosen)
    errors = errors or {}
    known = {"pick", "ground", "matched_rule", "facts", "reason", *(f"party.{n}" for n in PARTY_FIELDS)}
    return render(
        request,
        "creditlist/propose.html",
        {
            "q": q,
            "decisions": [(f"decision:{d.pk}", d) for d in decisions],
            "parties": [(f"party:{p.pk}", p) for p in parties],
            "party_values": {name: values.get(f"party.{name}", "") for name in PARTY_FIELDS},
            "party_errors": {name: errors.get(f"party.{name}", []) for name in PARTY_FIELDS},
            "picked": picked,
            "grounds": CreditGround.objects.filter(active=True),
            "measures": JointMeasure.objects.filter(active=True),
            "party_kinds": PartyInputSerializer().fields["kind"].choices.items(),
            "values": values,
            "errors": errors,
            "other_errors": [m for key, msgs in errors.items() if key not in known for m in msgs],
            "consent_on": rules.level_above_consent_on(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request):
    """提出列入建议: a credit officer proposes a party for the list (creates a candidate)."""
    user = request.user
    if not _may_propose(user):
        raise PermissionDenied("只有信用管理人员可以提出列入严重违法失信名单的建议。")
    if request.method == "GET":
        return _propose_page(request)
    post = request.POST
    values = {key: post.get(key, "") for key in post if key != "csrfmiddlewaretoken"}
    body = ProposalSerializer(data=post, context={"user": user, "party_data": _party_data(post)})
    if not body.is_valid():
        errors = {key: flatten_errors(value) for key, value in body.errors.items()}
        return _propose_page(request, values=values, errors=errors, status=400)
    data = body.validated_data
    try:
        with transaction.atomic():  # a refused proposal registers no new party either
            party = data["party"] or party_get_or_create(**data["new_party"])
            entry = credit_entry_propose(
                actor=user,
                party=party,
                ground=data["ground"],
                penalty_decision=data["penalty_decision"],
                matched_rule=data["matched_rule"],
                facts=data.get("facts", ""),
                reason=data.get("reason", ""),
            )
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        errors = {("pick" if key in ("party", "penalty_decision") else key): m for key, m in refusal.errors.items()}
        return _propose_page(request, values=values, errors=errors, status=refusal.status)
    messages.success(request, f"已提出拟列入：{entry.party.name}（{entry.ground.name}）。下一步：送达列入告知书。")
    return redirect(entry.get_absolute_url())


# --- early removal at the counter ---------------------------------------------------------------------


def _visible_entry(user, pk: int):
    entry = credit_entries_visible_to(user).filter(pk=pk).first()
    if entry is None:
        raise NotFound()
    return entry


def _counter_page(request, entry, *, values=None, errors=None, status=200):
    errors = errors or {}
    known = {"applicant_name", "contact_phone", "statement", "obligations_statement", "effects_statement"}
    return render(
        request,
        "creditlist/removal_counter.html",
        {
            "entry": entry,
            "open_now": entry.state == State.PUBLISHED,
            "criteria": removal_eligibility(entry) if entry.listed_on else [],
            "conditions": rules.EARLY_REMOVAL_RULE,
            "values": values or {"applicant_name": entry.party.name},
            "errors": errors,
            "other_errors": [m for key, msgs in errors.items() if key not in known | {"attachments"} for m in msgs],
            "max_files": MAX_PROOFS,
            "applications": removal_applications_of(entry),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def removal_counter(request, pk: int):
    """窗口登记提前移出申请: the credit officer records an application brought to the counter; its
    eligibility is checked at once (refused with the reason, or the entry goes to review)."""
    entry = _visible_entry(request.user, pk)
    if not (request.user.role == Role.CREDIT_OFFICER and request.user.jurisdiction_id == entry.jurisdiction_id):
        raise PermissionDenied("只有本机关的信用管理人员可以登记提前移出申请。")
    if request.method == "GET":
        return _counter_page(request, entry)
    data = request.POST.copy()
    for key in request.FILES:
        data.setlist(key, request.FILES.getlist(key))
    values = {key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"}
    body = RemovalApplicationSerializer(data=data)
    if not body.is_valid():
        errors = {key: flatten_errors(value) for key, value in body.errors.items()}
        return _counter_page(request, entry, values=values, errors=errors, status=400)
    fields = dict(body.validated_data)
    try:
        application = removal_application_submit(
            entry, actor=request.user, channel=Channel.COUNTER, proofs=fields.pop("attachments", []), **fields
        )
    except (Invalid, Conflict) as exc:
        refusal = form_refusal(exc)
        entry.refresh_from_db()
        return _counter_page(request, entry, values=values, errors=refusal.errors, status=refusal.status)
    if application.status == application.Status.REFUSED:
        messages.warning(request, f"申请 {application.tracking_code} 已登记，因不符合条件当即不予提前移出。")
    else:
        messages.success(request, f"申请 {application.tracking_code} 已登记，条目转入提前移出审查。")
    return redirect(entry.get_absolute_url())
