"""Reads of the list: staff through their jurisdiction and role; the public only what is
published now; partner agencies whatever is in effect city-wide; applicants their own
application by tracking code and phone digits."""

import datetime as dt
import hmac
import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from casemgmt.org.models import Role
from casemgmt.org.scoping import scope_queryset
from casemgmt.workflow.models import TransitionLog

from . import rules
from .choices import LISTED_STATES, PUBLIC_STATES
from .models import CreditEntry, EarlyRemovalApplication, JointMeasure

# Credit officers manage the list; reviewers and heads decide; officers read it (their parties);
# auditors oversee. Partner agencies are not among them: they have the partner API.
CREDIT_READERS = frozenset(
    {
        Role.CREDIT_OFFICER,
        Role.LEGAL_REVIEWER,
        Role.AGENCY_HEAD,
        Role.OFFICER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)
_TRACKING_CODE = re.compile(r"^[A-Z0-9-]{4,20}$")


def with_entry_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "party", "ground", "jurisdiction", "jurisdiction__parent", "penalty_decision", "decided_by", "created_by"
    ).prefetch_related(Prefetch("measures", queryset=JointMeasure.objects.order_by("position", "id")))


def credit_entries_visible_to(user) -> QuerySet:
    """Entries of the user's jurisdictions (the city sees its counties; a county only itself)."""
    if not user or not user.is_authenticated or not user.is_active or user.role not in CREDIT_READERS:
        return CreditEntry.objects.none()
    return scope_queryset(with_entry_details(CreditEntry.objects.all()), user)


def normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().upper()


# --- the public -------------------------------------------------------------------------------------


def credit_entries_public() -> QuerySet:
    """What the public may read now: published (or with an early removal pending) and within its
    listing period, never a minor's. Removed, revoked, expired and unpublished entries are not
    here; the date is checked here as well as by the expiry task."""
    return (
        with_entry_details(CreditEntry.objects.all())
        .filter(state__in=PUBLIC_STATES, published_on__isnull=False, listing_until__gte=rules.today())
        .exclude(party__is_minor=True)
        .order_by("-published_on", "-id")
    )


def credit_entries_public_search(q: str = "") -> QuerySet:
    """Public entries matching the party's name, an organisation's credit code or the listing
    decision's number (a person's identifiers are never searched)."""
    queryset = credit_entries_public()
    q = (q or "").strip()
    if q:
        code = normalized(q)
        queryset = queryset.filter(
            Q(party__name__icontains=q)
            | (Q(party__credit_code=code) & ~Q(party__kind="person"))
            | Q(listing_number__icontains=q)
        )
    return queryset


def credit_entry_public(pk: int) -> CreditEntry | None:
    return credit_entries_public().filter(pk=pk).first()


# --- partner agencies -------------------------------------------------------------------------------


def credit_entries_in_effect() -> QuerySet:
    """Entries on the list now, city-wide (the joint measures apply from the listing decision)."""
    return (
        with_entry_details(CreditEntry.objects.all())
        .filter(state__in=LISTED_STATES, listing_until__gte=rules.today())
        .order_by("listed_on", "id")
    )


def credit_entries_for_partner(*, credit_code: str = "", name: str = "") -> QuerySet:
    """Is this party listed? By 统一社会信用代码 or by the exact name."""
    queryset = credit_entries_in_effect()
    if credit_code:
        return queryset.filter(party__credit_code=normalized(credit_code))
    return queryset.filter(party__name=name.strip())


# What a partner is told changed: the entry entered or left the list, or its measures changed.
PARTNER_CHANGES = {
    "list": "列入",
    "publish": "公示",
    "approve_removal": "提前移出",
    "expire": "期满移出",
    "revoke": "撤销列入",
    "edit": "惩戒措施变更",
}


def credit_list_changes_since(since: dt.date) -> list[TransitionLog]:
    """History rows since the start of `since` (Asia/Shanghai) in which an entry entered or left
    the list, was published, or had its measures changed, oldest first. A revocation counts only
    for entries that had been listed."""
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    rows = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(CreditEntry),
        transition__in=list(PARTNER_CHANGES),
        at__gte=start,
    ).order_by("at", "id")
    result = []
    for row in rows:
        if row.transition == "edit" and not any(c.get("field") == "measures" for c in row.changes):
            continue
        if row.transition == "revoke" and row.source not in LISTED_STATES:
            continue
        result.append(row)
    return result


def entries_by_id(ids) -> dict[int, CreditEntry]:
    return {entry.pk: entry for entry in with_entry_details(CreditEntry.objects.filter(pk__in=set(ids)))}


# --- applicants ---------------------------------------------------------------------------------------


def _last_four_digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())[-4:]


def application_for_applicant(tracking_code: str, phone_last4: str) -> EarlyRemovalApplication | None:
    """The application when both the code and the phone's last four digits match; a wrong code and
    wrong digits give the same None (compared in constant time)."""
    code = normalized(tracking_code)
    if not _TRACKING_CODE.match(code):
        return None
    application = (
        EarlyRemovalApplication.objects.select_related("entry", "entry__party").filter(tracking_code=code).first()
    )
    expected = _last_four_digits(application.contact_phone) if application else "----"
    matches = hmac.compare_digest(expected.encode(), (phone_last4 or "").encode())
    return application if application is not None and matches else None


def removal_applications_of(entry) -> QuerySet:
    return EarlyRemovalApplication.objects.filter(entry=entry).prefetch_related("proofs").order_by("-submitted_at")


def application_by_tracking_code(tracking_code: str) -> EarlyRemovalApplication | None:
    """The application whose code the server itself handed out (kept in the applicant's session
    right after submitting); never called with a code a visitor typed in."""
    code = normalized(tracking_code)
    if not _TRACKING_CODE.match(code):
        return None
    return EarlyRemovalApplication.objects.select_related("entry", "entry__party").filter(tracking_code=code).first()
