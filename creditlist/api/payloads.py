"""Bodies of the list's transitions (named by dotted path in creditlist.models.flow); the staff
UI draws its forms from these too."""

import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from .. import rules
from ..choices import State
from ..models import JointMeasure

EARLIEST = dt.date(2000, 1, 1)


def past_date(attrs: dict, name: str, *, not_before: dt.date | None = None, before_label: str = "") -> dt.date:
    """Default the date `name` to today; it must have happened, and not before `not_before`."""
    value = attrs.setdefault(name, timezone.localdate())
    problem = ""
    if value > timezone.localdate():
        problem = "日期不能晚于今天。"
    elif value < EARLIEST:
        problem = f"日期不能早于{EARLIEST:%Y-%m-%d}。"
    elif not_before is not None and value < not_before:
        problem = f"日期不能早于{before_label}（{not_before:%Y-%m-%d}）。"
    if problem:
        raise serializers.ValidationError({name: [problem]})
    return value


def within_window(entry, value: dt.date, name: str) -> None:
    if entry.statement_due is not None and value > entry.statement_due:
        raise serializers.ValidationError(
            {name: [f"陈述、申辩期限已于{entry.statement_due:%Y-%m-%d}届满，逾期提出的视为放弃。"]}
        )


class EntryPayload(serializers.Serializer):
    @property
    def entry(self):
        return self.context["instance"]


class NoticePayload(EntryPayload):
    served_on = serializers.DateField(label="告知书送达日期", required=False)

    def validate(self, attrs):
        decision = self.entry.penalty_decision
        not_before = decision.decided_on if decision else None
        past_date(attrs, "served_on", not_before=not_before, before_label="处罚决定日期")
        return attrs


class WaiverPayload(EntryPayload):
    waived_on = serializers.DateField(label="当事人书面放弃日期", required=False)

    def validate(self, attrs):
        past_date(attrs, "waived_on", not_before=self.entry.notice_served_on, before_label="告知书送达日期")
        return attrs


class ObjectionPayload(EntryPayload):
    objection_text = serializers.CharField(label="陈述申辩（异议）意见", max_length=10000)
    received_on = serializers.DateField(label="收到日期", required=False)

    def validate_objection_text(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写当事人的陈述申辩意见。")
        return value.strip()

    def validate(self, attrs):
        value = past_date(attrs, "received_on", not_before=self.entry.notice_served_on, before_label="告知书送达日期")
        within_window(self.entry, value, "received_on")
        return attrs


class HearingRequestPayload(EntryPayload):
    requested_on = serializers.DateField(label="申请听证日期", required=False)

    def validate(self, attrs):
        value = past_date(attrs, "requested_on", not_before=self.entry.notice_served_on, before_label="告知书送达日期")
        within_window(self.entry, value, "requested_on")
        return attrs


class HearingPayload(EntryPayload):
    held_on = serializers.DateField(label="举行听证日期", required=False)
    hearing_record = serializers.CharField(label="听证笔录及报告", max_length=20000)

    def validate_hearing_record(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写听证笔录及听证报告。")
        return value.strip()

    def validate(self, attrs):
        past_date(attrs, "held_on", not_before=self.entry.hearing_requested_on, before_label="申请听证日期")
        return attrs


def check_opinion(entry, attrs: dict) -> None:
    """After a defence or a hearing, the decision answers it (异议审查意见)."""
    opinion = (attrs.get("objection_opinion") or "").strip()
    attrs["objection_opinion"] = opinion
    if entry.state == State.OBJECTION_REVIEW and not opinion:
        raise serializers.ValidationError(
            {"objection_opinion": ["当事人提出了陈述申辩或经过听证，请填写异议审查意见。"]}
        )


OPINION = {
    "label": "异议审查意见",
    "required": False,
    "allow_blank": True,
    "max_length": 10000,
    "help_text": "当事人提出陈述申辩或经过听证的，须写明是否采纳及理由。",
}


class ConsentRequestPayload(EntryPayload):
    objection_opinion = serializers.CharField(**OPINION)
    requested_on = serializers.DateField(label="报请日期", required=False)

    def validate(self, attrs):
        check_opinion(self.entry, attrs)
        past_date(attrs, "requested_on", not_before=self.entry.notice_served_on, before_label="告知书送达日期")
        return attrs


class ConsentPayload(EntryPayload):
    consent_authority = serializers.CharField(
        label="同意机关", max_length=100, required=False, allow_blank=True, help_text="不填时为上一级市场监管部门。"
    )
    consent_reference = serializers.CharField(label="同意文件文号或批复编号", max_length=100)
    consented_on = serializers.DateField(label="同意日期", required=False)

    def validate_consent_reference(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写上一级同意的文件文号或批复编号。")
        return value.strip()

    def validate(self, attrs):
        attrs["consent_authority"] = (attrs.get("consent_authority") or "").strip() or rules.superior_authority(
            self.entry
        )
        past_date(attrs, "consented_on", not_before=self.entry.consent_requested_on, before_label="报请日期")
        return attrs


class ListingPayload(EntryPayload):
    listed_on = serializers.DateField(label="列入日期", required=False)
    measures = serializers.SlugRelatedField(
        label="联合惩戒措施",
        many=True,
        slug_field="code",
        queryset=JointMeasure.objects.filter(active=True),
        required=False,
        help_text="不选时适用全部默认措施。",
    )
    objection_opinion = serializers.CharField(**OPINION)

    def validate(self, attrs):
        entry = self.entry
        if entry.state != State.CONSENTED:
            check_opinion(entry, attrs)
        else:
            attrs.pop("objection_opinion", None)
        decision = entry.penalty_decision
        notice = entry.notice_served_on
        not_before = max(d for d in (notice, decision.decided_on if decision else None) if d) if notice else None
        past_date(attrs, "listed_on", not_before=not_before, before_label="告知书送达或处罚决定日期")
        measures = list(dict.fromkeys(attrs.get("measures") or []))
        if not measures:
            measures = list(JointMeasure.objects.filter(active=True, applies_by_default=True))
        if not measures:
            raise serializers.ValidationError({"measures": ["请至少选择一项联合惩戒措施。"]})
        attrs["measures"] = measures
        return attrs


class RemovalApprovalPayload(EntryPayload):
    conditions_confirmed = serializers.BooleanField(
        label="已核实当事人已履行义务、已主动消除危害后果和不良影响",
        help_text="根据申请人的说明和证明材料核实后勾选。",
    )
    removed_on = serializers.DateField(label="移出日期", required=False)

    def validate_conditions_confirmed(self, value):
        if not value:
            raise serializers.ValidationError("须核实当事人已履行义务并已主动消除危害后果和不良影响。")
        return value

    def validate(self, attrs):
        past_date(attrs, "removed_on", not_before=self.entry.listed_on, before_label="列入日期")
        return attrs
