"""The staff pages' forms. They only read the input into Python values (types, lengths, choices);
the services check everything else (jurisdiction, uniqueness, the rules of risk classes, plans
and results) and their refusals are shown next to these fields (see common.show_refusal)."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from casemgmt.org.models import Jurisdiction, User
from casemgmt.org.scoping import assignable_jurisdictions

from ..models import Agency, AnnualPlan, InspectionItem, Inspector
from ..models.choices import AgencyKind, AgencyStatus, Finding, ItemKind, RiskClass, Rounding
from ..services.directory import STAFF

REASON_HELP = "记入办理记录。"


def reason_field(label: str = "理由", required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class JurisdictionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def county_choices(user):
    """The counties (县、市、区) the user keeps records in."""
    return assignable_jurisdictions(user).filter(level=Jurisdiction.Level.COUNTY).order_by("code")


# --- the directories ------------------------------------------------------------------------------


class AgencyForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=AgencyKind.choices)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=40)
    licence_number = forms.CharField(label="执业许可证号或备案号", max_length=60, required=False)
    jurisdiction = JurisdictionChoiceField(label="所在县（市、区）", queryset=Jurisdiction.objects.none())
    address = forms.CharField(label="住所（经营场所）", max_length=300, required=False)
    parent_code = forms.CharField(
        label="所属机构统一社会信用代码",
        max_length=40,
        required=False,
        help_text="分支机构填写其所属机构的代码（所属机构须已登记）；其他类型不填。",
    )
    status = forms.ChoiceField(label="经营状态", choices=AgencyStatus.choices, initial=AgencyStatus.ACTIVE)
    risk_class = forms.ChoiceField(label="信用风险分类", choices=RiskClass.choices, initial=RiskClass.B)
    risk_reason = forms.CharField(
        label="分类依据", max_length=300, required=False, help_text="修改信用风险分类时必填。"
    )
    risk_set_on = forms.DateField(
        label="分类日期", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="不填取当天。"
    )
    reason = reason_field("修改理由（可选）")

    def __init__(self, *args, user, instance: Agency | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "kind": instance.kind,
                "credit_code": instance.credit_code,
                "licence_number": instance.licence_number,
                "jurisdiction": instance.jurisdiction_id,
                "address": instance.address,
                "parent_code": instance.parent.credit_code if instance.parent_id else "",
                "status": instance.status,
                "risk_class": instance.risk_class,
                "risk_reason": instance.risk_reason,
                "risk_set_on": instance.risk_set_on.isoformat() if instance.risk_set_on else "",
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["jurisdiction"].queryset = county_choices(user)
        if instance is None:
            del self.fields["reason"]

    def service_values(self, parent) -> dict:
        """The values for agency_create / agency_update (a blank date leaves the recorded one)."""
        data = dict(self.cleaned_data)
        values = {name: data[name] for name in ("name", "kind", "credit_code", "licence_number", "address")}
        values.update(
            jurisdiction=data["jurisdiction"],
            parent=parent,
            status=data["status"],
            risk_class=data["risk_class"],
            risk_reason=data["risk_reason"],
        )
        if data.get("risk_set_on"):
            values["risk_set_on"] = data["risk_set_on"]
        return values


class InspectorCreateForm(forms.Form):
    user = forms.ModelChoiceField(label="执法人员", queryset=User.objects.none())
    certificate_number = forms.CharField(
        label="执法证号", max_length=30, required=False, help_text="不填取该执法人员账号登记的执法证号。"
    )
    specialities = forms.CharField(
        label="专业领域", max_length=200, required=False, help_text="以顿号或逗号分隔，如：专利、商标"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        codes = assignable_jurisdictions(user).values_list("code", flat=True)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, role__in=STAFF, jurisdiction_id__in=codes, inspector__isnull=True)
            .select_related("jurisdiction")
            .order_by("jurisdiction_id", "full_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.display_name}（{u.jurisdiction.name if u.jurisdiction_id else '—'}"
            f"{'，执法证号 ' + u.certificate_number if u.certificate_number else ''}）"
        )


class InspectorEditForm(forms.Form):
    certificate_number = forms.CharField(label="执法证号", max_length=30)
    specialities = forms.CharField(
        label="专业领域", max_length=200, required=False, help_text="以顿号或逗号分隔，如：专利、商标"
    )
    active = forms.BooleanField(label="在册可抽取", required=False, help_text="调整在册状态须填写理由。")
    reason = reason_field()

    def __init__(self, *args, instance: Inspector, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "certificate_number": instance.certificate_number,
                "specialities": instance.specialities,
                "active": instance.active,
            },
        )
        super().__init__(*args, **kwargs)


class ConflictForm(forms.Form):
    """回避: the agency from the directory the user sees, or any agency of the city by its code."""

    agency = forms.ModelChoiceField(label="检查对象", queryset=Agency.objects.none(), required=False)
    credit_code = forms.CharField(
        label="或填写检查对象的统一社会信用代码",
        max_length=40,
        required=False,
        help_text="其他县（市、区）的检查对象按统一社会信用代码登记。",
    )
    reason = forms.CharField(label="回避理由", max_length=300, help_text="如：近亲属在该机构执业、曾在该机构任职。")
    declared_on = forms.DateField(
        label="申报日期", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="不填取当天。"
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda a: f"{a.name}（{a.jurisdiction.name}）"

    def clean(self):
        data = super().clean()
        if not data.get("agency") and not (data.get("credit_code") or "").strip() and "credit_code" not in self.errors:
            self.add_error("agency", "请选择检查对象或填写其统一社会信用代码。")
        return data


class SheetImportForm(forms.Form):
    file = forms.FileField(label="名录表格（.xlsx）")
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)


# --- inspection items and annual plans --------------------------------------------------------------


class InspectionItemForm(forms.Form):
    code = forms.CharField(label="事项编号", max_length=20)
    name = forms.CharField(label="检查事项", max_length=200)
    kind = forms.ChoiceField(label="事项类别", choices=ItemKind.choices, initial=ItemKind.GENERAL)
    legal_basis = forms.CharField(label="检查依据", max_length=300)
    active = forms.BooleanField(label="使用中", required=False, help_text="停用或恢复须填写理由。")
    reason = reason_field()

    def __init__(self, *args, instance: InspectionItem | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(instance, name) for name in ("code", "name", "kind", "legal_basis", "active")},
            )
        super().__init__(*args, **kwargs)
        if instance is None:
            del self.fields["active"]
            del self.fields["reason"]


class ItemsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}（{obj.get_kind_display()}）"


class AnnualPlanForm(forms.Form):
    jurisdiction = JurisdictionChoiceField(label="制定机关所在区划", queryset=Jurisdiction.objects.none())
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=200)
    items = ItemsField(label="抽查事项", queryset=InspectionItem.objects.none())
    team_size = forms.IntegerField(label="每个对象的检查人员数", min_value=2, max_value=5, initial=2)
    exclude_same_county = forms.BooleanField(
        label="排除检查对象所在县（市、区）的检查人员",
        required=False,
        help_text="市级计划一般勾选；县级计划只从本县检查人员中抽取，不能勾选。",
    )
    not_inspected_months = forms.IntegerField(
        label="排除近若干个月内已抽查的对象（月）",
        min_value=1,
        max_value=60,
        required=False,
        help_text="不填则不排除。",
    )
    rounding = forms.ChoiceField(label="比例取整方式", choices=Rounding.choices, initial=Rounding.CEIL)
    reason = reason_field("说明（可选）")

    def __init__(self, *args, user, instance: AnnualPlan | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "jurisdiction": instance.jurisdiction_id,
                    "year": instance.year,
                    "title": instance.title,
                    "items": [item.pk for item in instance.items.all()],
                    "team_size": instance.team_size,
                    "exclude_same_county": instance.exclude_same_county,
                    "not_inspected_months": instance.not_inspected_months,
                    "rounding": instance.rounding,
                },
            )
        else:
            kwargs.setdefault(
                "initial",
                {
                    "jurisdiction": user.jurisdiction_id,
                    "year": timezone.localdate().year,
                    "exclude_same_county": user.sees_whole_city,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = assignable_jurisdictions(user).order_by("code")
        kept = [item.pk for item in instance.items.all()] if instance is not None else []
        from django.db.models import Q

        self.fields["items"].queryset = InspectionItem.objects.filter(Q(active=True) | Q(pk__in=kept)).order_by("code")


class ClassRuleForm(forms.Form):
    """One risk class of a plan: a percentage of the eligible agencies, or a fixed number."""

    risk_class = forms.ChoiceField(choices=RiskClass.choices, widget=forms.HiddenInput)
    percent = forms.DecimalField(
        label="抽查比例（%）", min_value=0, max_value=100, max_digits=6, decimal_places=2, required=False
    )
    count = forms.IntegerField(label="或抽查数量（户）", min_value=0, max_value=100000, required=False)

    def rule(self) -> dict | None:
        """{"risk_class", "ratio"} or {"risk_class", "count"}; None for a class left blank. Both
        given goes to the service as both, which refuses it with its own message."""
        data = getattr(self, "cleaned_data", None) or {}
        percent, count = data.get("percent"), data.get("count")
        if percent is None and count is None:
            return None
        rule = {"risk_class": data.get("risk_class")}
        if percent is not None:
            rule["ratio"] = (Decimal(percent) / 100).quantize(Decimal("0.0001"))
        if count is not None:
            rule["count"] = count
        return rule

    @property
    def class_label(self) -> str:
        value = self["risk_class"].value()
        return str(RiskClass(value).label) if value in RiskClass.values else str(value)


ClassRuleFormSet = forms.formset_factory(ClassRuleForm, extra=0, max_num=4, absolute_max=4, validate_max=True)


def class_rule_formset(data=None, plan: AnnualPlan | None = None):
    """One row per risk class (A–D), filled with the plan's rules."""
    rules = {rule.risk_class: rule for rule in plan.class_rules.all()} if plan is not None else {}
    initial = []
    for value in RiskClass.values:
        rule = rules.get(value)
        row = {"risk_class": value}
        if rule is not None and rule.ratio is not None:
            row["percent"] = (Decimal(rule.ratio) * 100).normalize()
        elif rule is not None:
            row["count"] = rule.count
        initial.append(row)
    return ClassRuleFormSet(data, initial=initial, prefix="rules")


class PlanFilingForm(forms.Form):
    filed_with = forms.CharField(label="备案机关", max_length=100)
    filing_number = forms.CharField(label="备案文号", max_length=60)
    filed_on = forms.DateField(
        label="备案日期", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="不填取当天。"
    )
    reason = reason_field("说明（可选）")


# --- spot-check tasks --------------------------------------------------------------------------------


class SpotCheckCreateForm(forms.Form):
    plan = forms.ModelChoiceField(label="年度抽查计划", queryset=AnnualPlan.objects.none())
    title = forms.CharField(label="任务名称", max_length=200)
    description = forms.CharField(
        label="说明", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda p: (
            f"{p.title}（{p.jurisdiction.name}，{'已备案' if p.is_filed else '未备案'}）"
        )


class ResultForm(forms.Form):
    checked_on = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    items = forms.ModelMultipleChoiceField(
        label="本次检查的事项", queryset=InspectionItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    finding = forms.ChoiceField(label="检查结果", choices=Finding.choices)
    rectification_due = forms.DateField(
        label="整改期限", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="责令整改时必填。"
    )
    referred_to = forms.CharField(
        label="移送机关", max_length=200, required=False, help_text="移送有权机关处理时必填。"
    )
    description = forms.CharField(
        label="检查情况", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, plan: AnnualPlan, **kwargs):
        # The plan's items are usually all checked: ticked to start with, untick what was not.
        items = plan.items.order_by("code")
        kwargs.setdefault("initial", {"checked_on": timezone.localdate().isoformat(), "items": list(items)})
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "checked_on": data["checked_on"],
            "items": list(data["items"]),
            "finding": data["finding"],
            "description": data.get("description") or "",
            "rectification_due": data.get("rectification_due"),
            "referred_to": data.get("referred_to") or "",
        }


class FollowUpForm(forms.Form):
    rectified_on = forms.DateField(label="整改完成日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label="后续处置情况", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    open_case = forms.BooleanField(
        label="转为行政处罚案件（登记案件线索）",
        required=False,
        help_text="逾期未整改或无法联系的，转为行政处罚案件办理。",
    )
    reason = reason_field("说明（可选）")


class RedrawForm(forms.Form):
    inspector = forms.TypedChoiceField(label="须回避的检查人员", coerce=int)
    reason = forms.CharField(label="回避理由", max_length=300)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].choices = [(link.inspector_id, link.inspector.name) for link in team]
