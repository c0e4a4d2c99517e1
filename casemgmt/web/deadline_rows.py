"""Deadlines as table rows: the urgency that colours them and the object they belong to."""

import math
from dataclasses import dataclass

from django.utils import timezone

from casemgmt.calendar.models import Deadline
from casemgmt.calendar.selectors import deadline_object_label, deadline_object_url, group_by_urgency

URGENCY_LABELS = {
    "overdue": "已逾期",
    "due_soon": "即将到期",
    "later": "进行中",
    "suspended": "已中止计时",
    "met": "已完成",
    "cancelled": "已撤销",
    "lapsed": "已届满",
}
# How lists of active deadlines are ordered: the most pressing first.
URGENCY_ORDER = {"overdue": 0, "due_soon": 1, "later": 2, "suspended": 3}


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    urgency: str  # a key of URGENCY_LABELS
    object_label: str
    object_url: str | None
    days_left: int  # calendar days until due; negative when overdue
    hours_left: int | None = None  # for an hour limit: whole hours until its moment; negative when overdue

    @property
    def urgency_label(self) -> str:
        return URGENCY_LABELS[self.urgency]

    @property
    def countdown(self) -> str:
        if self.urgency in ("met", "cancelled", "suspended", "lapsed"):
            return ""
        if self.hours_left is not None:
            if self.hours_left < 0:
                return f"逾期 {-self.hours_left} 小时"
            return f"剩 {self.hours_left} 小时" if self.hours_left else "剩不足 1 小时"
        if self.days_left < 0:
            return f"逾期 {-self.days_left} 天"
        if self.days_left == 0:
            return "今日届满"
        return f"剩 {self.days_left} 天"


def _urgency_by_id(deadlines) -> dict[int, str]:
    groups = group_by_urgency(deadlines)
    urgency = {d.pk: "overdue" for d in groups.overdue}
    urgency.update({d.pk: "due_soon" for d in groups.due_soon})
    urgency.update({d.pk: "suspended" if d.is_suspended else "later" for d in groups.later})
    return urgency


def _whole_hours(delta) -> int:
    # Toward the past: 30 minutes overdue reads "逾期 1 小时", 90 minutes left "剩 1 小时".
    return math.floor(delta.total_seconds() / 3600)


def deadline_rows(deadlines, *, with_objects: bool = True) -> list[DeadlineRow]:
    deadlines = list(deadlines)
    urgency = _urgency_by_id(deadlines)
    today = timezone.localdate()
    now = timezone.now()
    rows = []
    for deadline in deadlines:
        if deadline.pk in urgency:
            level = urgency[deadline.pk]
        else:
            level = {Deadline.Status.MET: "met", Deadline.Status.CANCELLED: "cancelled"}.get(deadline.status, "lapsed")
        rows.append(
            DeadlineRow(
                deadline=deadline,
                urgency=level,
                object_label=deadline_object_label(deadline) if with_objects else "",
                object_url=deadline_object_url(deadline) if with_objects else None,
                days_left=(deadline.due - today).days,
                hours_left=_whole_hours(deadline.due_at - now) if deadline.due_at else None,
            )
        )
    return rows


def with_objects(queryset):
    """Load the objects of many deadlines in one query per type rather than one per row."""
    return queryset.prefetch_related("content_object")
