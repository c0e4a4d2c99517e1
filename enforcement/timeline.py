"""Inspections, their evidence and the measures on items on the case timeline (办理记录), next to
the transitions: they are records of the case, not changes of its state."""

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from casemgmt.parties.validation import mask_id_number
from casemgmt.web.timeline import TimelineEntry, register_timeline_source

from .models import EnforcementCase, Inspection, Seizure
from .selectors import inspections_of, seizures_of


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "Y年n月j日 H:i") if value else ""


def _entry(*, at, actor, label: str, details: list, url: str = "", reason: str = "") -> TimelineEntry:
    return TimelineEntry(
        at=at,
        actor=actor.display_name if actor else "系统",
        label=label,
        source="",
        target="",
        target_state="",
        reason=reason,
        details=[(key, value) for key, value in details if value not in (None, "")],
        url=url,
        kind="other",
    )


def _inspection_entries(inspection: Inspection) -> list[TimelineEntry]:
    officers = "、".join(
        f"{link.officer.display_name}（执法证号 {link.certificate_number}）" for link in inspection.officer_links.all()
    )
    # The timeline is drawn for every reader of the case: ID numbers are masked here.
    persons = "、".join(
        f"{p.name}（{p.get_role_display()}{'，' + mask_id_number(p.id_number) if p.id_number else ''}）"
        for p in inspection.persons.all()
    )
    when = _moment(inspection.started_at)
    if inspection.ended_at:
        when += f" 至 {_moment(inspection.ended_at)}"
    entries = [
        _entry(
            at=inspection.started_at,
            actor=inspection.recorded_by,
            label="现场检查",
            url=inspection.get_absolute_url(),
            details=[
                ("检查时间", when),
                ("检查地点", inspection.place),
                ("执法人员", officers),
                ("出示执法证件", "是" if inspection.certificates_shown else "否"),
                ("在场人员", persons),
                ("现场检查情况", inspection.findings),
                ("签字情况", inspection.get_signature_display()),
                ("说明", inspection.signature_note),
            ],
        )
    ]
    for evidence in inspection.evidence.all():
        attachment = evidence.attachment
        replaced = evidence.replaces
        entries.append(
            _entry(
                at=attachment.uploaded_at,
                actor=attachment.uploaded_by,
                label=f"{'替换' if replaced else '上传'}证据：{attachment.original_name}",
                url=reverse("attachment-download", args=[attachment.pk]),
                reason=replaced.attachment.supersede_reason if replaced else "",
                details=[
                    ("证据类别", evidence.get_kind_display()),
                    ("证据说明", evidence.description),
                    ("拍摄/取得时间", _moment(evidence.taken_at)),
                    ("SHA-256", attachment.sha256),
                    ("大小", filesizeformat(attachment.size)),
                    ("替换了", replaced.attachment.original_name if replaced else ""),
                    ("现场检查", when),
                ],
            )
        )
    return entries


def _seizure_entries(seizure: Seizure) -> list[TimelineEntry]:
    measure = seizure.get_measure_display()
    url = seizure.get_absolute_url()
    limit = seizure.limit
    entries = [
        _entry(
            at=seizure.created_at,
            actor=seizure.recorded_by,
            label=f"{'当场' if seizure.emergency else ''}{measure}：{seizure.items}",
            url=url,
            details=[
                ("数量", seizure.quantity),
                ("存放地点", seizure.place_kept),
                ("决定/实施日期", date_format(seizure.decided_on, "Y年n月j日")),
                ("决定书文号", seizure.decision_number),
                (limit.label.split("：")[0], f"{date_format(limit.due, 'Y年n月j日')} 届满（{limit.legal_basis}）"),
            ],
        )
    ]
    if seizure.approved_at:
        entries.append(
            _entry(
                at=seizure.approved_at,
                actor=seizure.approved_by,
                label=f"负责人补办批准当场{measure}：{seizure.items}",
                url=url,
                reason=seizure.approval_note,
                details=[],
            )
        )
    if seizure.extended_at:
        entries.append(
            _entry(
                at=seizure.extended_at,
                actor=seizure.extended_by,
                label=f"延长{measure}期限：{seizure.items}",
                url=url,
                reason=seizure.extension_reason,
                details=[("延长天数", f"{seizure.extension_days}日"), ("届满日", date_format(limit.due, "Y年n月j日"))],
            )
        )
    if seizure.released_at:
        entries.append(
            _entry(
                at=seizure.released_at,
                actor=seizure.released_by,
                label=f"解除{measure}：{seizure.items}"
                if not seizure.is_preservation
                else f"先行登记保存处理决定：{seizure.items}",
                url=url,
                reason=seizure.release_reason,
                details=[("解除日期", date_format(seizure.released_on, "Y年n月j日"))],
            )
        )
    return entries


def case_raid_entries(case: EnforcementCase) -> list[TimelineEntry]:
    entries = []
    for inspection in inspections_of(case):
        entries += _inspection_entries(inspection)
    for seizure in seizures_of(case):
        entries += _seizure_entries(seizure)
    return entries


register_timeline_source(
    EnforcementCase,
    case_raid_entries,
    covers=(
        "record_inspection",
        "add_evidence",
        "supersede_evidence",
        "record_seizure",
        "approve_seizure",
        "extend_seizure",
        "release_seizure",
    ),
)
