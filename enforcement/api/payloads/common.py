import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from casemgmt.org.models import Role, User
from casemgmt.parties.conflicts import conflict_reasons

from ...choices import SuspensionGround

EARLIEST = dt.date(2000, 1, 1)
NUMERALS = {2: "两", 3: "三"}


def dated(attrs: dict, name: str, *, not_before=None, before_label: str = "") -> dict:
    """Default the date field `name` to today and check it with past_date, reporting under the
    field's own name."""
    value = attrs.setdefault(name, timezone.localdate())
    try:
        past_date(value, not_before=not_before, before_label=before_label)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from None
    return attrs


def past_date(value: dt.date, *, not_before: dt.date | None = None, before_label: str = "") -> dt.date:
    """A date that has already happened: not in the future and not before `not_before`."""
    if value > timezone.localdate():
        raise serializers.ValidationError("日期不能晚于今天。")
    if value < EARLIEST:
        raise serializers.ValidationError(f"日期不能早于{EARLIEST:%Y-%m-%d}。")
    if not_before is not None and value < not_before:
        raise serializers.ValidationError(f"日期不能早于{before_label}（{not_before:%Y-%m-%d}）。")
    return value


def officers_field(label: str) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        label=label, many=True, queryset=User.objects.filter(is_active=True, role=Role.OFFICER)
    )


def lead_officer_field(label: str) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        label=label,
        queryset=User.objects.filter(is_active=True, role=Role.OFFICER),
        required=False,
        allow_null=True,
        help_text="不填时为名单中的第一人。",
    )


def officer_problems(case, officers, *, minimum: int, odd: bool = False, what: str = "办案人员") -> list[str]:
    """Why this team may not handle the case: too few (or an even panel), a missing 执法证 number,
    another bureau, or a conflict of interest with a party (回避). Empty when the team is fine."""
    problems = []
    if len(officers) < minimum:
        problems.append(f"须指定至少{NUMERALS.get(minimum, minimum)}名持有执法证的{what}。")
    if odd and len(officers) % 2 == 0 and officers:
        problems.append(f"{what}应为单数。")
    parties = list(case.parties.all()) if case.pk else []
    for officer in officers:
        problems.extend(member_problems(case, officer, parties))
    return problems


def member_problems(case, officer, parties=None) -> list[str]:
    """Why this one officer may not be named for the case: no 执法证 number, another bureau (the
    bureau holding the case acts in its own name), or a conflict of interest with a party (回避)."""
    if parties is None:
        parties = list(case.parties.all()) if case.pk else []
    problems = []
    if not officer.certificate_number.strip():
        problems.append(f"{officer.display_name}未登记执法证号，不能承办案件。")
    if officer.jurisdiction_id != case.jurisdiction_id:
        problems.append(f"{officer.display_name}不属于本案管辖机关。")
    problems.extend(conflict_reasons(officer, parties))
    return problems


def check_member(case, officer) -> None:
    """A team member on their own, as a field validator. The staff form offers only the officers
    this accepts (casemgmt.web.forms: validate_<field>_member of a many-field, validate_<field> of
    a single one), so a picker never lists a name the submit is bound to refuse."""
    problems = member_problems(case, officer)
    if problems:
        raise serializers.ValidationError(problems)


class CasePayload(serializers.Serializer):
    @property
    def case(self):
        return self.context["instance"]


class TeamPayload(CasePayload):
    """Names the officers (or panel) of a case and its lead officer."""

    minimum = 2
    odd = False
    what = "办案人员"

    def validate_officers_member(self, officer):
        check_member(self.case, officer)
        return officer

    def validate_lead_officer(self, officer):
        if officer is not None:
            check_member(self.case, officer)
        return officer

    def check_team(self, attrs, *, date_field: str) -> dict:
        officers = list(dict.fromkeys(attrs["officers"]))
        errors = {}
        problems = officer_problems(self.case, officers, minimum=self.minimum, odd=self.odd, what=self.what)
        if problems:
            errors["officers"] = problems
        lead = attrs.get("lead_officer") or (officers[0] if officers else None)
        if lead is not None and lead not in officers:
            errors["lead_officer"] = ["主办人员须是所列人员之一。"]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["officers"] = officers
        attrs["lead_officer"] = lead
        attrs.setdefault(date_field, timezone.localdate())
        return attrs


class SuspensionPayload(CasePayload):
    ground = serializers.ChoiceField(label="中止事由", choices=SuspensionGround.choices)
    suspended_from = serializers.DateField(label="中止日期", required=False)

    def validate_suspended_from(self, value):
        return past_date(value, not_before=self.case.filed_on, before_label="立案日期")

    def validate(self, attrs):
        attrs.setdefault("suspended_from", timezone.localdate())
        return attrs


class ResumptionPayload(CasePayload):
    resumed_on = serializers.DateField(label="恢复日期（自该日起恢复计算期限）", required=False)

    def validate(self, attrs):
        value = attrs.setdefault("resumed_on", timezone.localdate())
        start = self.case.suspended_from
        if start is not None and value <= start:
            raise serializers.ValidationError({"resumed_on": [f"恢复日期须晚于中止日期（{start:%Y-%m-%d}）。"]})
        try:
            past_date(value)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"resumed_on": exc.detail}) from None
        return attrs


class CourtApplicationPayload(CasePayload):
    court_name = serializers.CharField(label="申请强制执行的人民法院", max_length=100)
    applied_on = serializers.DateField(label="申请日期")
    court_case_number = serializers.CharField(label="法院执行案号", max_length=60, required=False, allow_blank=True)
