"""Administrators keep the working-day calendar here: each year's State Council notice on one
page (its holidays and make-up working days), and single-day corrections. Deadlines are shown
read-only because they change only through the services."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone

from .counting import FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE
from .models import (
    CalendarDay,
    Deadline,
    DeadlineExtension,
    DeadlineSuspension,
    HolidayNotice,
    NoticeHoliday,
    NoticeWorkday,
)
from .selectors import deadline_object_label
from .services import calendar_changed
from .workdays import notice_known_to_packages, statutory_holidays

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


class HolidayNoticeForm(forms.ModelForm):
    class Meta:
        model = HolidayNotice
        fields = ["year", "number", "issued_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional on the model for notices entered before the number was kept; required here.
        self.fields["number"].required = True
        self.fields["issued_on"].required = True

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_SUPPORTED_DATE.year <= year <= LAST_SUPPORTED_DATE.year:
            raise forms.ValidationError(f"年份须在 {FIRST_SUPPORTED_DATE.year} 至 {LAST_SUPPORTED_DATE.year} 之间。")
        return year

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > timezone.localdate():
            raise forms.ValidationError("发布日期不能晚于今天。")
        return issued_on


def _notice_window(year: int) -> tuple[dt.date, dt.date]:
    # A notice may move 元旦 or a make-up day into the December before its year (e.g. 2023's
    # 元旦 ran from 2022-12-31).
    return dt.date(year - 1, 12, 1), dt.date(year, 12, 31)


def _live_rows(formset):
    return [
        form for form in formset.forms if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class NoticeFormSetMixin:
    """The holiday and make-up-day formsets of one notice page check each other: the page's
    formsets share a dict (ModelAdmin.get_formset_kwargs), filled in validation order."""

    def __init__(self, *args, shared=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shared = shared if shared is not None else {}

    def notice_year(self) -> int | None:
        year = getattr(self.instance, "year", None)
        return year if isinstance(year, int) and FIRST_SUPPORTED_DATE.year < year <= LAST_SUPPORTED_DATE.year else None

    def check_window(self, form, field: str, day: dt.date) -> None:
        year = self.notice_year()
        if year is None or day is None:
            return
        first, last = _notice_window(year)
        if not first <= day <= last:
            form.add_error(field, f"日期须在 {first:%Y-%m-%d} 至 {last:%Y-%m-%d} 之间（{year}年的通知）。")


class NoticeHolidayFormSet(NoticeFormSetMixin, forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        covered: dict[dt.date, str] = {}
        for form in _live_rows(self):
            first, last = form.cleaned_data.get("first"), form.cleaned_data.get("last")
            if first is None or last is None:
                continue
            if last < first:
                form.add_error("last", "结束日不能早于起始日。")
                continue
            if (last - first).days >= MAX_RANGE_DAYS:
                form.add_error("last", f"一段假期最多 {MAX_RANGE_DAYS} 天。")
                continue
            self.check_window(form, "first", first)
            self.check_window(form, "last", last)
            day = first
            while day <= last:
                if day in covered:
                    form.add_error("first", f"与“{covered[day]}”的放假日期重叠（{day:%Y-%m-%d}）。")
                    break
                covered[day] = form.cleaned_data.get("name", "")
                day += dt.timedelta(days=1)
        self.shared["holiday_dates"] = covered
        year = self.notice_year()
        if year is None or any(form.errors for form in self.forms):
            return
        missing = [f"{day:%Y-%m-%d} {name}" for day, name in statutory_holidays(year).items() if day not in covered]
        if missing:
            raise forms.ValidationError(
                "法定节假日（《全国年节及纪念日放假办法》）必须放假，以下日期未列入放假安排：" + "、".join(missing)
            )


class NoticeWorkdayFormSet(NoticeFormSetMixin, forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        holidays_entered = self.shared.get("holiday_dates", {})
        year = self.notice_year()
        statutory = statutory_holidays(year) if year else {}
        seen = set()
        for form in _live_rows(self):
            day = form.cleaned_data.get("date")
            if day is None:
                continue
            if day in seen:
                form.add_error("date", "该日期重复登记。")
            elif day.weekday() < 5:
                form.add_error(
                    "date", f"{day:%Y-%m-%d}是星期{WEEKDAYS[day.weekday()]}，本来就是工作日；调休上班日应为周六或周日。"
                )
            elif day in statutory:
                form.add_error("date", f"{day:%Y-%m-%d}是法定节假日（{statutory[day]}），不能调休上班。")
            elif day in holidays_entered:
                form.add_error("date", f"{day:%Y-%m-%d}已列入放假安排（{holidays_entered[day]}）。")
            else:
                self.check_window(form, "date", day)
            seen.add(day)


class NoticeHolidayInline(admin.TabularInline):
    model = NoticeHoliday
    formset = NoticeHolidayFormSet
    fields = ["name", "first", "last"]
    extra = 3

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None or obj.pk is None:
            return max(self.extra, len(_prefill(request)))
        return self.extra


class NoticeWorkdayInline(admin.TabularInline):
    model = NoticeWorkday
    formset = NoticeWorkdayFormSet
    fields = ["date", "name"]
    extra = 4


def _requested_year(request) -> int | None:
    value = request.GET.get("year", "")
    if value.isdigit() and FIRST_SUPPORTED_DATE.year < int(value) <= LAST_SUPPORTED_DATE.year:
        return int(value)
    return None


def _prefill(request) -> list[dict]:
    """The statutory holidays of the requested year as starting rows (one per festival run);
    the administrator widens them to the notice's dates."""
    year = _requested_year(request)
    if year is None:
        return []
    rows: list[dict] = []
    for day, name in statutory_holidays(year).items():
        if rows and rows[-1]["name"] == name and rows[-1]["last"] + dt.timedelta(days=1) == day:
            rows[-1]["last"] = day
        else:
            rows.append({"name": name, "first": day, "last": day})
    return rows


def _notice_row_years(notice) -> set[int]:
    if notice is None or notice.pk is None:
        return set()
    dates = [
        *notice.holidays.values_list("first", "last"),
        *((d, d) for d in notice.workdays.values_list("date", flat=True)),
    ]
    return {notice.year} | {day.year for pair in dates for day in pair}


def _next_year_to_enter() -> int:
    year = timezone.localdate().year
    while notice_known_to_packages(year) or HolidayNotice.objects.filter(year=year).exists():
        year += 1
    return year


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(admin.ModelAdmin):
    """One page per notice: its number and date, its holidays and its make-up working days.
    Saving recomputes every deadline (and the cases' copies of due dates) the change touches."""

    form = HolidayNoticeForm
    inlines = [NoticeHolidayInline, NoticeWorkdayInline]
    list_display = [
        "year",
        "number",
        "issued_on",
        "holiday_days",
        "workday_count",
        "in_package",
        "entered_by",
        "updated_at",
    ]
    readonly_fields = ["statutory"]

    def get_fields(self, request, obj=None):
        return ["year", "number", "issued_on", "note", "statutory"]

    @admin.display(description="该年法定节假日（必须放假）")
    def statutory(self, obj) -> str:
        year = obj.year if obj and obj.year else None
        if year is None:
            return "保存后显示（新增时下方已按该年法定节假日预填）。"
        return "；".join(f"{day:%m-%d} {name}" for day, name in statutory_holidays(year).items())

    @admin.display(description="放假天数")
    def holiday_days(self, obj) -> int:
        return sum((row.last - row.first).days + 1 for row in obj.holidays.all())

    @admin.display(description="调休上班日")
    def workday_count(self, obj) -> int:
        return obj.workdays.count()

    @admin.display(description="内置数据已含该年", boolean=True)
    def in_package(self, obj) -> bool:
        return notice_known_to_packages(obj.year)

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET" and _requested_year(request) is None:
            query = request.GET.copy()
            query["year"] = str(_next_year_to_enter())
            return redirect(f"{request.path}?{query.urlencode()}")
        return super().add_view(request, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kwargs["shared"] = request.__dict__.setdefault("_holiday_notice_shared", {})
        if isinstance(inline, NoticeHolidayInline) and request.method == "GET" and obj.pk is None:
            kwargs["initial"] = _prefill(request)
        return kwargs

    def save_model(self, request, obj, form, change):
        previous = HolidayNotice.objects.filter(pk=obj.pk).first() if change else None
        request._holiday_notice_years = _notice_row_years(previous)
        if obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        notice = form.instance
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            years = getattr(request, "_holiday_notice_years", set()) | _notice_row_years(notice)
            count = calendar_changed(years, cause=f"录入{notice.year}年国务院放假安排（{notice.number}）")
        _report_recompute(request, self, years, count)

    def delete_model(self, request, obj):
        years = _notice_row_years(obj)
        with transaction.atomic():
            super().delete_model(request, obj)
            count = calendar_changed(years, cause=f"删除{obj.year}年国务院放假安排")
        _report_recompute(request, self, years, count)

    def delete_queryset(self, request, queryset):
        years = set().union(*(_notice_row_years(notice) for notice in queryset))
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            count = calendar_changed(years, cause="删除国务院放假安排")
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

    list_display = [
        "label",
        "object_label",
        "start",
        "due",
        "due_at",
        "status",
        "provisional",
        "responsible",
        "jurisdiction",
    ]
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
