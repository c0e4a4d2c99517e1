"""What of agency supervision is indexed for full-text search: the agencies of the directory (name,
codes, address, class) and the spot-check tasks (title, plan, the agencies drawn with their
results, the inspectors of the teams). Both carry their jurisdiction, so a county's staff find only
their county's; every hit is re-checked through the selectors."""

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.registry import register_searchable

from .models import Agency, SpotCheck
from .selectors import agencies_visible_to, spot_checks_visible_to, targets_with_teams


def agency_document(agency: Agency) -> SearchDocument:
    return SearchDocument(
        type="agency",
        id=agency.pk,
        title=agency.display_title,
        body="\n".join(
            part
            for part in [
                agency.name,
                agency.credit_code,
                agency.licence_number,
                agency.address,
                agency.get_kind_display(),
                agency.get_risk_class_display(),
                agency.risk_reason,
                f"所属机构 {agency.parent.name} {agency.parent.credit_code}" if agency.parent_id else "",
            ]
            if part
        ),
        state=agency.status,
        state_label=agency.get_status_display(),
        jurisdiction=agency.jurisdiction_id,
        date=agency.risk_set_on or agency.created_at,
        url=agency.get_absolute_url(),
        extra={"credit_code": agency.credit_code, "risk_class": agency.risk_class},
    )


def spot_check_document(spot_check: SpotCheck) -> SearchDocument:
    lines = []
    for target in targets_with_teams(spot_check):
        result = getattr(target, "result", None)  # none yet: the reverse one-to-one raises AttributeError
        team = " ".join(link.inspector.name for link in target.team.all())
        finding = result.get_finding_display() if result is not None else target.unstaffed_reason
        lines.append(" ".join(part for part in [target.agency.name, target.agency.credit_code, team, finding] if part))
    return SearchDocument(
        type="spot_check",
        id=spot_check.pk,
        title=spot_check.title,
        body="\n".join(
            part
            for part in [f"{spot_check.plan.year}年 {spot_check.plan.title}", spot_check.description, *lines]
            if part
        ),
        state=spot_check.state,
        state_label=spot_check.state_label,
        jurisdiction=spot_check.jurisdiction_id,
        date=spot_check.created_at,
        url=spot_check.get_absolute_url(),
        extra={"plan": spot_check.plan_id},
    )


register_searchable(
    key="agency",
    model=Agency,
    label="检查对象（代理机构）",
    to_document=agency_document,
    selector=agencies_visible_to,
    index_queryset=lambda: Agency.objects.select_related("jurisdiction", "parent"),
)
register_searchable(
    key="spot_check",
    model=SpotCheck,
    label="双随机抽查任务",
    to_document=spot_check_document,
    selector=spot_checks_visible_to,
    index_queryset=lambda: SpotCheck.objects.select_related("plan", "jurisdiction"),
)
