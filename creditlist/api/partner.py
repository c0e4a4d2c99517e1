"""The partner agencies' API (/api/partner/credit-list/): "is this party listed, since when, on
which grounds, with which measures?" by 统一社会信用代码 or exact name, and the changes of the
list since a day (JSON, or ?format=xlsx as a workbook) for their daily import.

Token authentication only (Authorization: Token …; tokens expire after PARTNER_API_TOKEN_HOURS,
see casemgmt.api.tokens): anonymous callers get 401 with a WWW-Authenticate header, callers
without the partner role 403. Every question is logged (creditlist.models.PartnerQueryLog:
caller, parameters, entries answered, client address)."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.renderers import JSONRenderer, XLSXRenderer
from casemgmt.api.tokens import TokenAuthentication

from .. import rules
from ..selectors import PARTNER_CHANGES, credit_entries_for_partner, credit_list_changes_since, entries_by_id
from ..services.common import bureau_name
from ..services.partner import partner_query_log

CREDIT_CODE_CHARS = set("0123456789ABCDEFGHJKLMNPQRTUWXY")


class IsPartner(BasePermission):
    message = "仅联合惩戒成员单位的账号可以查询严重违法失信名单。"

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and getattr(user, "is_partner", False))


class PartnerView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsPartner]
    renderer_classes = [JSONRenderer]


class LookupSerializer(serializers.Serializer):
    credit_code = serializers.CharField(label="统一社会信用代码", required=False, allow_blank=True, max_length=18)
    name = serializers.CharField(label="名称或姓名（完全一致）", required=False, allow_blank=True, max_length=200)

    def validate_credit_code(self, value):
        value = value.strip().upper()
        if value and (len(value) != 18 or not set(value) <= CREDIT_CODE_CHARS):
            raise serializers.ValidationError("统一社会信用代码应为18位数字或大写字母。")
        return value

    def validate(self, attrs):
        code, name = attrs.get("credit_code", ""), (attrs.get("name") or "").strip()
        if bool(code) == bool(name):
            raise serializers.ValidationError({"non_field_errors": ["请提供统一社会信用代码或名称（二选一）。"]})
        attrs["name"] = name
        return attrs


class ChangesQuerySerializer(serializers.Serializer):
    since = serializers.DateField(label="自该日（含）起的变动", input_formats=["%Y-%m-%d"])

    def validate_since(self, value):
        today = rules.today()
        oldest = today - dt.timedelta(days=rules.partner_changes_max_days())
        if value > today:
            raise serializers.ValidationError("日期不能晚于今天。")
        if value < oldest:
            raise serializers.ValidationError(
                f"最多可查询{rules.partner_changes_max_days()}天内的变动（{oldest:%Y-%m-%d}起）。"
            )
        return value


def _entry(entry, authorities: dict) -> dict:
    party = entry.party
    if entry.jurisdiction_id not in authorities:
        authorities[entry.jurisdiction_id] = bureau_name(entry)
    return {
        "id": entry.pk,
        "party_name": party.name,
        "party_kind": party.kind,
        "credit_code": "" if party.is_person else party.credit_code,
        "state": entry.state,
        "state_label": entry.state_label,
        "listed_since": entry.listed_on,
        "listing_until": entry.listing_until,
        "published_on": entry.published_on,
        "listing_number": entry.listing_number,
        "authority": authorities[entry.jurisdiction_id],
        "penalty_decision_number": entry.penalty_decision.number_text if entry.penalty_decision_id else "",
        "grounds": [{"code": entry.ground.code, "name": entry.ground.name, "legal_basis": entry.ground.legal_basis}],
        "measures": [
            {
                "code": m.code,
                "name": m.name,
                "legal_basis": m.legal_basis,
                "implementing_agencies": m.implementing_agencies,
            }
            for m in entry.measures.all()
        ],
    }


PARTNER_ENTRY_FIELDS = {
    "id": serializers.IntegerField(),
    "party_name": serializers.CharField(),
    "party_kind": serializers.CharField(),
    "credit_code": serializers.CharField(),
    "state": serializers.CharField(),
    "state_label": serializers.CharField(),
    "listed_since": serializers.DateField(),
    "listing_until": serializers.DateField(),
    "published_on": serializers.DateField(allow_null=True),
    "listing_number": serializers.CharField(),
    "authority": serializers.CharField(),
    "penalty_decision_number": serializers.CharField(),
    "grounds": serializers.ListField(child=serializers.DictField()),
    "measures": serializers.ListField(child=serializers.DictField()),
}


class PartnerLookupView(PartnerView):
    @extend_schema(
        operation_id="partner_credit_list_lookup",
        summary="联合惩戒查询：当事人是否在严重违法失信名单上",
        parameters=[LookupSerializer],
        responses={
            200: inline_serializer(
                "PartnerLookup",
                fields={
                    "query": serializers.DictField(),
                    "listed": serializers.BooleanField(),
                    "checked_on": serializers.DateField(),
                    "results": inline_serializer("PartnerCreditEntry", fields=PARTNER_ENTRY_FIELDS, many=True),
                },
            ),
            400: OpenApiResponse(description='{"errors": {field: [messages]}}'),
            401: OpenApiResponse(description="未提供令牌"),
            403: OpenApiResponse(description="非联合惩戒成员单位账号"),
        },
    )
    def get(self, request):
        query = LookupSerializer(data=request.query_params)
        if not query.is_valid():
            partner_query_log(request, endpoint="lookup", params=dict(request.query_params.items()), outcome="invalid")
            query.is_valid(raise_exception=True)
        params = {key: value for key, value in query.validated_data.items() if value}
        entries = list(credit_entries_for_partner(**query.validated_data))
        partner_query_log(request, endpoint="lookup", params=params, result_ids=[e.pk for e in entries])
        authorities: dict = {}
        return Response(
            {
                "query": params,
                "listed": bool(entries),
                "checked_on": rules.today(),
                "results": [_entry(entry, authorities) for entry in entries],
            }
        )


class PartnerChangesView(PartnerView):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    export_labels = {
        "at": "时间",
        "change": "变动类型代码",
        "change_label": "变动",
        "entry": "名单条目编号",
        "party_name": "当事人",
        "credit_code": "统一社会信用代码",
        "state_label": "当前状态",
        "listing_number": "列入决定书文号",
        "listed_since": "列入日期",
        "listing_until": "列入期满日",
        "ground": "列入事由",
        "measures": "联合惩戒措施",
        "reason": "说明",
    }

    @extend_schema(
        operation_id="partner_credit_list_changes",
        summary="联合惩戒：自某日起名单的变动（列入、公示、移出、撤销、措施变更）",
        parameters=[ChangesQuerySerializer],
        responses={
            200: inline_serializer(
                "PartnerChanges",
                fields={
                    "since": serializers.DateField(),
                    "count": serializers.IntegerField(),
                    "results": serializers.ListField(child=serializers.DictField()),
                },
            ),
            400: OpenApiResponse(description='{"errors": {field: [messages]}}'),
            401: OpenApiResponse(description="未提供令牌"),
            403: OpenApiResponse(description="非联合惩戒成员单位账号"),
        },
    )
    def get(self, request, *args, **kwargs):
        query = ChangesQuerySerializer(data=request.query_params)
        fmt = request.accepted_renderer.format
        if not query.is_valid():
            partner_query_log(request, endpoint="changes", params=dict(request.query_params.items()), outcome="invalid")
            query.is_valid(raise_exception=True)
        since = query.validated_data["since"]
        rows = credit_list_changes_since(since)
        entries = entries_by_id(row.object_id for row in rows)
        results = []
        for row in rows:
            entry = entries.get(row.object_id)
            if entry is None:
                continue
            party = entry.party
            results.append(
                {
                    "at": timezone.localtime(row.at).isoformat(),
                    "change": row.transition,
                    "change_label": PARTNER_CHANGES[row.transition],
                    "entry": entry.pk,
                    "party_name": party.name,
                    "credit_code": "" if party.is_person else party.credit_code,
                    "state": entry.state,
                    "state_label": entry.state_label,
                    "listing_number": entry.listing_number,
                    "listed_since": entry.listed_on,
                    "listing_until": entry.listing_until,
                    "ground": entry.ground.name,
                    "measures": [m.name for m in entry.measures.all()],
                    "reason": row.reason,
                }
            )
        partner_query_log(
            request,
            endpoint="changes",
            params={"since": since.isoformat(), "format": fmt},
            result_ids=sorted({r["entry"] for r in results}),
        )
        if fmt == "xlsx":
            return Response(results)  # one row per change (the renderer names the file)
        return Response({"since": since, "count": len(results), "results": results})
