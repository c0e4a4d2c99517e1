"""What a list entry's workflow page shows besides its fields and transitions (registered with the
kernel by CreditlistConfig.ready): a panel with the ground and its legal basis, the rule that
matched, the joint measures, the listing dates and decision, and the early removal applications
with their eligibility explained; links to the counter application form and the public page."""

from django.urls import reverse

from casemgmt.org.models import Role
from casemgmt.web.object_links import ObjectLink, ObjectPanel, register_object_links, register_object_panel

from .. import rules
from ..choices import PUBLIC_STATES, State
from ..eligibility import removal_eligibility
from ..models import CreditEntry, JointMeasure
from ..selectors import removal_applications_of

CRITERION_LABELS = {True: "符合", False: "不符合", None: "待审查人员核实"}


def _criteria(rows) -> list[dict]:
    """Criteria as dicts (stored with an application, or computed now) with the verdict's label."""
    result = []
    for row in rows:
        item = row if isinstance(row, dict) else row.as_dict()
        result.append({**item, "verdict": CRITERION_LABELS.get(item.get("met"), "待审查人员核实")})
    return result


def entry_panel(entry: CreditEntry, user) -> list[ObjectPanel]:
    measures = list(entry.measures.all())
    listed = entry.listed_on is not None
    applications = [
        {"application": application, "criteria": _criteria(application.eligibility)}
        for application in removal_applications_of(entry)
    ]
    context = {
        "entry": entry,
        "ground": entry.ground,
        "decision": entry.penalty_decision,
        "measures": measures,
        "default_measures": [] if listed else list(JointMeasure.objects.filter(active=True, applies_by_default=True)),
        "consent_required": entry.consent_required,
        "early_removal_from": entry.early_removal_from,
        "eligibility_now": _criteria(removal_eligibility(entry)) if entry.state in PUBLIC_STATES else [],
        "early_removal_rule": rules.EARLY_REMOVAL_RULE,
        "applications": applications,
        "public_url": reverse("public_credit:detail", args=[entry.pk]) if entry.is_public else "",
    }
    return [ObjectPanel("列入事由、惩戒措施与提前移出", "creditlist/_entry_panel.html", context, key="credit-entry")]


def entry_links(entry: CreditEntry, user) -> list[ObjectLink]:
    links = []
    own_officer = user.role == Role.CREDIT_OFFICER and user.jurisdiction_id == entry.jurisdiction_id
    if own_officer and entry.state == State.PUBLISHED:
        links.append(
            ObjectLink(
                "窗口登记提前移出申请",
                reverse("web:credit-removal-counter", args=[entry.pk]),
                hint="当事人到窗口提交的信用修复申请",
                primary=True,
            )
        )
    if entry.is_public:
        links.append(
            ObjectLink("查看公示页面", reverse("public_credit:detail", args=[entry.pk]), hint="公众看到的内容")
        )
    return links


def register() -> None:
    register_object_panel(CreditEntry, entry_panel)
    register_object_links(CreditEntry, entry_links)
