"""Administrators keep the working-day calendar here (each year's State Council notice);
deadlines are shown read-only because they change only through the services."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db import transaction

from .counting import FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE
from .models import CalendarDay, CalendarYear, Deadline, DeadlineExtension, DeadlineSuspension
from .selectors import deadline_object_label
from .services import calendar_changed
from .workdays import package_knows_year

WEEKDAYS = "一二三四五六日"
# A holiday block is at most a couple of weeks; a longer range is almost surely a typo.
MAX_RANGE_DAYS = 31


def _report_recompute(request, modeladmin, years, count: int) -> None:
    listed = "、".join(str(year) for year in sorted(years))
    modeladmin.message_user(request, f"已按 {listed} 年的日历重新计算 {count} 个期限。", messages.SUCCESS)


class CalendarDayForm(forms.ModelForm):
    until = forms.DateField(
        label="至（含）",
        required=False,
        help_text="可选：填写后从“日期”到此日的每一天都按同样的设置登记，例如 10月1日至10月7日 国庆节 放假。",
    )

    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name", "note"]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not FIRST_SUPPORTED_DATE <= date <= LAST_SUPPORTED_DATE:
            raise forms.ValidationError(f"日期须在 {FIRST_SUPPORTED_DATE} 至 {LAST_SUPPORTED_DATE} 之间。")
        return date

    def clean(self):
        cleaned = super().clean()
        first, until = cleaned.get("date"), cleaned.get("until")
        if first is None or until is None:
            return cleaned
        if until < first:
            self.add_error("until", "结束日期不能早于开始日期。")
        elif (until - first).days >= MAX_RANGE_DAYS:
            self.add_error("until", f"一次最多登记 {MAX_RANGE_DAYS} 天。")
        else:
            taken = CalendarDay.objects.filter(date__gt=first, date__lte=until).values_list("date", flat=True)
            if taken:
                listed = "、".join(f"{day:%Y-%m-%d}" for day in taken)
                self.add_error("until", f"以下日期已有记录，请逐条修改：{listed}")
        return cleaned

    def extra_dates(self) -> list[dt.date]:
        first, until = self.cleaned_data.get("date"), self.cleaned_data.get("until")
        if first is None or until is None:
            return []
        return [first + dt.timedelta(days=offset) for offset in range(1, (until - first).days + 1)]


class YearFilter(admin.SimpleListFilter):
    title = "年份"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = sorted({day.year for day in CalendarDay.objects.dates("date", "year")}, reverse=True)
        return [(str(year), f"{year}年") for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "weekday", "is_workday", "name", "note", "updated_at"]
    list_filter = [YearFilter, "is_workday"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"

    @admin.display(description="星期")
    def weekday(self, obj) -> str:
        return f"星期{WEEKDAYS[obj.date.weekday()]}"

    def get_fields(self, request, obj=None):
        fields = ["date", "until", "is_workday", "name", "note"]
        return fields if obj is None else [name for name in fields if name != "until"]

    def save_model(self, request, obj, form, change):
        years = {obj.date.year}
        if change and "date" in form.changed_data and form.initial.get("date"):
            years.add(form.initial["date"].year)
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            for day in form.extra_dates():
                CalendarDay.objects.create(date=day, is_workday=obj.is_workday, name=obj.name, note=obj.note)
                years.add(day.year)
            count = calendar_changed(years)
        _report_recompute(request, self, years, count)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            count = calendar_changed({obj.date.year})
        _report_recompute(request, self, {obj.date.year}, count)

    def delete_queryset(self, request, queryset):
        years = {day.year for day in queryset.values_list("date", flat=True)}
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            count = calendar_changed(years)
        _report_recompute(request, self, years, count)


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "note"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_SUPPORTED_DATE.year <= year <= LAST_SUPPORTED_DATE.year:
            raise forms.ValidationError(f"年份须在 {FIRST_SUPPORTED_DATE.year} 至 {LAST_SUPPORTED_DATE.year} 之间。")
        return year


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ["year", "note", "entered_days", "in_package", "created_at"]

    @admin.display(description="已登记的日历日")
    def entered_days(self, obj) -> int:
        return CalendarDay.objects.filter(date__year=obj.year).count()

    @admin.display(description="内置数据已含该年", boolean=True)
    def in_package(self, obj) -> bool:
        return package_knows_year(obj.year)

    def save_model(self, request, obj, form, change):
        years = {obj.year}
        if change and "year" in form.changed_data and form.initial.get("year"):
            years.add(form.initial["year"])
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            count = calendar_changed(years)
        if not package_knows_year(obj.year) and not CalendarDay.objects.filter(date__year=obj.year).exists():
            self.message_user(
                request, f"{obj.year}年尚未登记任何节假日或调休日，期限将只按周一至周五计算。", messages.WARNING
            )
        _report_recompute(request, self, years, count)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            count = calendar_changed({obj.year})
        _report_recompute(request, self, {obj.year}, count)

    def delete_queryset(self, request, queryset):
        years = set(queryset.values_list("year", flat=True))
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            count = calendar_changed(years)
        _report_recompute(request, self, years, count)


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuspensionInline(ReadOnlyInline):
    model = DeadlineSuspension
    fields = ["start", "end", "reason", "created_by", "ended_by", "created_at"]


class ExtensionInline(ReadOnlyInline):
    model = DeadlineExtension
    fields = ["amount", "rule", "reason", "approved_by", "approved_at"]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """View only: opening, suspending, extending and closing go through the services."""

    list_display = ["label", "object_label", "start", "due", "status", "provisional", "responsible", "jurisdiction"]
    list_filter = ["status", "rule", "provisional", "jurisdiction"]
    search_fields = ["label", "kind", "legal_basis"]
    date_hierarchy = "due"
    list_select_related = ["responsible", "jurisdiction", "content_type"]
    inlines = [SuspensionInline, ExtensionInline]

    @admin.display(description="对象")
    def object_label(self, obj) -> str:
        return deadline_object_label(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
