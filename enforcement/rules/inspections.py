"""Rules of on-site inspections, their evidence and the measures on items (DOMAIN §3a):
who may record them, in which state, which officers qualify, which files are evidence, the
statutory limits, and where a measure stands on a given day."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from casemgmt.errors import Conflict, Forbidden
from casemgmt.files import sniffing
from casemgmt.org.models import Role
from casemgmt.parties.conflicts import conflict_reasons

from ..choices import Procedure, State
from .permissions import BureauAllow, agency_head, case_officers

# 《行政处罚法》第四十二条、第五十五条: at least two officers, who show their certificates.
INSPECTION_BASIS = "《中华人民共和国行政处罚法》第四十二条、第五十五条"
MIN_OFFICERS = 2

# 《行政强制法》第二十五条: 查封、扣押 at most 30 days; once more at most 30 days with the head's approval.
SEIZURE_BASIS = "《中华人民共和国行政强制法》第二十五条"
SEIZURE_DAYS = 30
SEIZURE_EXTENSION_DAYS = 30
# 《行政强制法》第十九条: taken on the spot in an emergency → reported to the head within 24 hours.
EMERGENCY_BASIS = "《中华人民共和国行政强制法》第十九条"
EMERGENCY_REPORT_HOURS = 24  # 行政强制法 art. 19: report within 24 hours, rest days or not
# 《行政处罚法》第五十六条: items preserved are dealt with within 7 days (art. 85: working days).
PRESERVATION_BASIS = "《中华人民共和国行政处罚法》第五十六条、第八十五条"
PRESERVATION_WORKING_DAYS = 7

# Moments reported from a phone: a few minutes ahead of the server is still "now".
CLOCK_SKEW = dt.timedelta(minutes=10)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

SEIZURE_LIMIT = "seizure_limit"
PRESERVATION_DECISION = "preservation_decision"
SEIZURE_REPORT = "seizure_report"

# Photos, recordings and documents an officer brings back from a site.
EVIDENCE_TYPES = frozenset({"jpeg", "png", "gif", "webp", "pdf", "docx", "mp4", "mov"})
DEFAULT_EVIDENCE_MAX_BYTES = 50 * 1024 * 1024

# Officers go on site while the facts are being investigated; a filed case starts its
# investigation first (开始调查), a suspended one resumes first.
RAID_STATES = frozenset({State.INVESTIGATING})

# Only the officers named on the case record what they did on site.
raid_officers = BureauAllow(Role.OFFICER, assignee="officers", awaits=())
# Releasing items: the case officers, or the head who decides it.
seizure_releasers = case_officers
# Extensions and the approval of an emergency measure are the head's.
seizure_approvers = agency_head


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


def evidence_kind(mime_type: str) -> str:
    if mime_type.startswith("image/"):
        return "photo"
    if mime_type.startswith("video/"):
        return "video"
    return "document"


def evidence_type_labels() -> str:
    return sniffing.allowed_labels(EVIDENCE_TYPES)


def raid_refusal(case, user) -> Forbidden | Conflict | None:
    """Why `user` may not record inspections, evidence or measures on `case` now (None: they
    may): Forbidden when it is not theirs, Conflict when the case is in no state for it."""
    if not raid_officers(case, user):
        return Forbidden("只有本案承办的执法人员可以记录现场检查、证据和查封扣押。")
    if case.procedure != Procedure.PENALTY:
        return Conflict("行政裁决案件不进行现场检查和查封扣押。")
    if case.state not in RAID_STATES:
        hint = "请先办理“开始调查”。" if case.state == State.FILED else ""
        return Conflict(f"案件处于“{case.state_label}”状态，只有调查取证阶段可以记录现场检查。{hint}")
    return None


def require_raid(case, user) -> bool:
    """The permission of every write on site (an inspection, evidence, a measure): True, or
    raises Forbidden (403) or Conflict (409) saying why not."""
    refusal = raid_refusal(case, user)
    if refusal is not None:
        raise refusal
    return True


def _requiring(allowed, message: str):
    def require(case, user) -> bool:
        if not allowed(case, user):
            raise Forbidden(message)
        return True

    return require


# The permissions of the steps on a measure, each refusing with its own reason.
require_releaser = _requiring(seizure_releasers, "只有本案承办的执法人员或机关负责人可以登记解除。")
require_extension_approver = _requiring(seizure_approvers, "延长查封、扣押期限须经本机关负责人批准。")
require_emergency_approver = _requiring(seizure_approvers, "只有本机关负责人可以补办批准。")


def moment_error(value: dt.datetime | None, *, not_before: dt.datetime | None = None, before_label: str = ""):
    """Why a moment an officer reports (a raid's start, a photo's time) cannot be right, or None.
    Phones keep their own clocks: a moment a few minutes "in the future" is still now."""
    if value is None:
        return None
    if value > timezone.now() + CLOCK_SKEW:
        return "时间不能晚于现在。"
    if value < EARLIEST:
        return "时间不能早于2000年。"
    if not_before is not None and value < not_before:
        return f"时间不能早于{before_label}（{timezone.localtime(not_before):%Y-%m-%d %H:%M}）。"
    return None


def inspection_officer_problems(case, officers, *, recorder) -> list[str]:
    """Why these officers cannot make up the inspection team (empty: they can): at least two,
    each an officer of the case's bureau with a 执法证 number and no conflict with a party,
    the officer recording it among them."""
    problems = []
    if len(officers) < MIN_OFFICERS:
        problems.append("现场检查须有两名以上执法人员在场，请至少选择两名。")
    parties = list(case.parties.all())
    for officer in officers:
        if officer.role != Role.OFFICER or not officer.is_active:
            problems.append(f"{officer.display_name}不是在职执法人员。")
            continue
        if not officer.certificate_number.strip():
            problems.append(f"{officer.display_name}未登记执法证号，不能参加现场检查。")
        if officer.jurisdiction_id != case.jurisdiction_id:
            problems.append(f"{officer.display_name}不属于本案管辖机关，不能参加本案现场检查。")
        problems.extend(conflict_reasons(officer, parties))
    if officers and recorder not in officers:
        problems.append("记录人须是在场的执法人员之一。")
    return problems


@dataclass(frozen=True)
class MeasureStatus:
    key: str
    label: str


def seizure_status(seizure, today: dt.date) -> MeasureStatus:
    """Where a measure stands: released, in force, awaiting the head's approval, or past its limit
    (a preservation not dealt with in time lapses by law; a seizure past its limit must be
    released at once)."""
    if seizure.released_on is not None:
        if hasattr(seizure, "converted_to"):
            return MeasureStatus("converted", "已转为查封/扣押")
        return MeasureStatus("released", "已解除")
    limit = seizure.limit
    if limit.due < today:
        if seizure.is_preservation:
            return MeasureStatus("lapsed", "逾期未作处理决定（依法视为解除）")
        return MeasureStatus("overdue", "已超过期限，应当立即解除")
    if seizure.awaiting_approval:
        return MeasureStatus("awaiting_approval", "当场实施，待负责人补办批准")
    return MeasureStatus("in_force", "先行登记保存中" if seizure.is_preservation else "查封/扣押中")
