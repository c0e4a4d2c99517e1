"""Choices shared by the serious-dishonesty list's models, rules and API."""

from django.db import models


class State(models.TextChoices):
    """An entry from its proposal to its removal (DOMAIN §5)."""

    CANDIDATE = "candidate", "拟列入"
    NOTIFIED = "notified", "已告知（陈述申辩期）"
    HEARING_REQUESTED = "hearing_requested", "已申请听证"
    OBJECTION_REVIEW = "objection_review", "异议审查"
    AWAITING_CONSENT = "awaiting_consent", "报上一级同意中"
    CONSENTED = "consented", "上一级已同意"
    LISTED = "listed", "已列入"
    PUBLISHED = "published", "已公示"
    REMOVAL_REQUESTED = "removal_requested", "申请提前移出"
    REMOVED = "removed", "已提前移出"
    EXPIRED = "expired", "期满移出"
    REVOKED = "revoked", "已撤销"
    DISMISSED = "dismissed", "不予列入"


# Before the listing decision: the party may still be heard, the entry may still be dropped.
PROPOSAL_STATES = (
    State.CANDIDATE,
    State.NOTIFIED,
    State.HEARING_REQUESTED,
    State.OBJECTION_REVIEW,
    State.AWAITING_CONSENT,
    State.CONSENTED,
)
# On the list: the joint measures apply (partner agencies see these).
LISTED_STATES = (State.LISTED, State.PUBLISHED, State.REMOVAL_REQUESTED)
# On the public list (while the listing period runs).
PUBLIC_STATES = (State.PUBLISHED, State.REMOVAL_REQUESTED)
OPEN_STATES = PROPOSAL_STATES + LISTED_STATES
CLOSED_STATES = (State.REMOVED, State.EXPIRED, State.REVOKED, State.DISMISSED)


class ProposalSource(models.TextChoices):
    AUTOMATIC = "automatic", "处罚决定自动识别"
    MANUAL = "manual", "信用管理人员提出"


class AutoRule(models.TextChoices):
    """Rules that read a penalty decision when it is made and propose a candidate when it meets
    a ground (creditlist.matching). Which ground each rule proposes, and whether it runs at all,
    is data of the ground catalogue."""

    TRADEMARK_REPEAT = "trademark_repeat", "五年内再次商标侵权、依法从重处罚"
    AGENCY_HEAVY_PENALTY = "agency_heavy_penalty", "专利、商标代理违法行为受到较重行政处罚"


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    COUNTER = "counter", "窗口申请"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "审查中"
    APPROVED = "approved", "准予提前移出"
    REFUSED = "refused", "不予提前移出"
    CLOSED = "closed", "已终结"


class PartnerEndpoint(models.TextChoices):
    LOOKUP = "lookup", "名单查询"
    CHANGES = "changes", "变动导出"
