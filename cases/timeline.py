"""Mediation sessions on the case timeline (scheduled, held with minutes, or called off)."""

from django.utils import timezone
from django.utils.formats import date_format

from casemgmt.web.timeline import TimelineEntry, register_timeline_source

from .models import MediationCase


def mediation_sessions(case: MediationCase) -> list[TimelineEntry]:
    entries = []
    for session in case.sessions.select_related("mediator").order_by("starts_at"):
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        status = "已取消" if session.cancelled_at else ("已记录笔录" if session.minutes else "已安排")
        details = [
            ("时间", f"{date_format(starts, 'Y年n月j日 H:i')}–{ends:%H:%M}"),
            ("地点", session.place),
            ("状态", status),
        ]
        if session.participants:
            details.append(("参加人员", session.participants))
        if session.minutes:
            details.append(("调解笔录", session.minutes))
        entries.append(
            TimelineEntry(
                at=session.starts_at,
                actor=session.mediator.display_name,
                label="调解会议",
                source="",
                target="",
                target_state="",
                reason="",
                details=details,
                kind="other",
            )
        )
    return entries


register_timeline_source(MediationCase, mediation_sessions)
