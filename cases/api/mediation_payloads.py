"""Payloads of the mediation transitions that need more than a reason.

Each serializer reads the case from context["instance"] (the row locked by the transition
service, or the case a form is drawn for) and checks dates against what the case already holds.
"""

import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from casemgmt.org.models import Role, User
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.conflicts import conflict_reasons

from ..models import ArbitrationReferral, MediationCase
from ..rules.arbitration import arbitration_agreement_errors
from ..rules.mediation import clean_court_case_number
from ..services.mediation import judicial_confirmation_due

EARLIEST = dt.date(2000, 1, 1)


def checked_date(value: dt.date, *, not_before: dt.date | None = None, before_label: str = "") -> dt.date:
    """A date that has already happened: not in the future and not before `not_before`."""
    if value > timezone.localdate():
        raise serializers.ValidationError("日期不能晚于今天。")
    if value < EARLIEST:
        raise serializers.ValidationError(f"日期不能早于{EARLIEST:%Y-%m-%d}。")
    if not_before is not None and value < not_before:
        raise serializers.ValidationError(f"日期不能早于{before_label}（{not_before:%Y-%m-%d}）。")
    return value


def court_case_number(value: str) -> str:
    try:
        return clean_court_case_number(value)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from None


class _CasePayload(serializers.Serializer):
    @property
    def case(self) -> MediationCase:
        return self.context["instance"]


class RespondentResponsePayload(_CasePayload):
    responded_on = serializers.DateField(label="被申请人表示意见日期")
    method = serializers.ChoiceField(label="表示方式", choices=MediationCase.ResponseMethod.choices)
    note = serializers.CharField(label="意见记录", max_length=5000, required=False, allow_blank=True)

    def validate_responded_on(self, value):
        return checked_date(value, not_before=timezone.localdate(self.case.created_at), before_label="申请登记日")


class AssignMediatorPayload(_CasePayload):
    mediator = serializers.PrimaryKeyRelatedField(
        label="调解员", queryset=User.objects.filter(is_active=True, role=Role.HANDLER)
    )

    def validate_mediator(self, mediator):
        case = self.case
        if mediator.pk == case.mediator_id:
            raise serializers.ValidationError("该调解员已是本案调解员。")
        if not may_see_jurisdiction(mediator, case.jurisdiction_id):
            raise serializers.ValidationError("该调解员不负责本案所属区划。")
        reasons = conflict_reasons(mediator, [case.applicant, case.respondent])
        if reasons:
            raise serializers.ValidationError(reasons)
        return mediator


class CourtExtensionPayload(_CasePayload):
    applicant_consented = serializers.BooleanField(label="申请人同意延长")
    respondent_consented = serializers.BooleanField(label="被申请人同意延长")
    court_approval = serializers.CharField(label="法院批准情况（批准人、方式）", max_length=2000)
    court_approved_on = serializers.DateField(label="法院批准日期")

    def validate_applicant_consented(self, value):
        if not value:
            raise serializers.ValidationError("延长委托调解期限须经申请人同意。")
        return value

    def validate_respondent_consented(self, value):
        if not value:
            raise serializers.ValidationError("延长委托调解期限须经被申请人同意。")
        return value

    def validate_court_approved_on(self, value):
        return checked_date(value, not_before=self.case.accepted_on, before_label="受理日期")


class AgreementPayload(_CasePayload):
    agreement_text = serializers.CharField(label="调解协议内容", max_length=20000)
    agreement_effective_on = serializers.DateField(label="调解协议生效日期")

    def validate_agreement_effective_on(self, value):
        return checked_date(value, not_before=self.case.accepted_on, before_label="受理日期")


class TerminationPayload(_CasePayload):
    termination_reason = serializers.CharField(label="终止调解原因", max_length=5000)


class JudicialConfirmationRequestPayload(_CasePayload):
    confirmation_court = serializers.CharField(label="司法确认法院", max_length=100)
    confirmation_applied_on = serializers.DateField(label="申请日期")
    confirmation_case_number = serializers.CharField(
        label="法院案号（已立案时填写）", max_length=60, required=False, allow_blank=True
    )

    def validate_confirmation_applied_on(self, value):
        case = self.case
        value = checked_date(value, not_before=case.agreement_effective_on, before_label="调解协议生效日期")
        due = judicial_confirmation_due(case)
        if due is not None and value > due:
            raise serializers.ValidationError(
                f"已超过申请司法确认的期限（应于 {due:%Y-%m-%d} 前由双方共同申请，《人民调解法》第三十三条）。"
            )
        return value

    def validate_confirmation_case_number(self, value):
        return court_case_number(value) if value.strip() else ""


class ConfirmationRulingPayload(_CasePayload):
    confirmation_case_number = serializers.CharField(label="司法确认案号", max_length=60)
    confirmation_ruled_on = serializers.DateField(label="裁定日期")
    confirmation_result = serializers.CharField(label="裁定结果", max_length=5000, required=False, allow_blank=True)

    def validate_confirmation_case_number(self, value):
        return court_case_number(value)

    def validate_confirmation_ruled_on(self, value):
        return checked_date(value, not_before=self.case.confirmation_applied_on, before_label="申请司法确认日期")


class PerformancePayload(_CasePayload):
    performed_on = serializers.DateField(label="履行完毕日期")
    performance_note = serializers.CharField(label="履行情况说明", max_length=5000, required=False, allow_blank=True)

    def validate_performed_on(self, value):
        return checked_date(value, not_before=self.case.agreement_effective_on, before_label="调解协议生效日期")


class EnforcementPayload(_CasePayload):
    enforcement_court = serializers.CharField(label="申请执行法院", max_length=100)
    enforcement_applied_on = serializers.DateField(label="申请执行日期")
    partially_performed = serializers.BooleanField(label="已部分履行", required=False, default=False)
    performance_note = serializers.CharField(label="履行情况说明", max_length=5000, required=False, allow_blank=True)

    def validate_enforcement_applied_on(self, value):
        return checked_date(value, not_before=self.case.confirmation_ruled_on, before_label="司法确认裁定日期")


class MediationReferralPayload(_CasePayload):
    kind = serializers.ChoiceField(label="转介类型", choices=ArbitrationReferral.Kind.choices)
    receiving_body = serializers.CharField(label="接收机构", max_length=200)
    arbitration_agreement_on = serializers.DateField(label="仲裁协议订立日期", required=False, allow_null=True)
    arbitration_agreement = serializers.CharField(
        label="书面仲裁协议（内容或所在条款）", max_length=5000, required=False, allow_blank=True
    )

    def validate_arbitration_agreement_on(self, value):
        return checked_date(value) if value is not None else None

    def validate(self, attrs):
        errors = arbitration_agreement_errors(
            attrs["kind"], attrs.get("arbitration_agreement_on"), attrs.get("arbitration_agreement", "")
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
