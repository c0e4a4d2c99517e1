"""Serious-dishonesty list entries built through the real services and transitions: a bureau
with its credit officer, a repeat trademark offender whose second decision proposes a candidate,
and each step of the listing workflow with a valid body."""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from casemgmt.org.models import Role
from casemgmt.workflow.services import fire_transition
from creditlist.models import CreditEntry

from .enforcement_factories import Bureau, bureau
from .factories import CITY, UserFactory, jurisdiction
from .publication_factories import Decided, decided_case, org_party_with_address


@dataclass
class CreditBureau:
    """A market-supervision bureau with its credit officer."""

    staff: Bureau
    credit: object

    @property
    def code(self) -> str:
        return self.staff.code

    @property
    def head(self):
        return self.staff.head

    @property
    def reviewer(self):
        return self.staff.reviewer

    def actor(self, who: str):
        return {"credit": self.credit, "head": self.staff.head, "reviewer": self.staff.reviewer}[who]


def credit_bureau(code: str = CITY) -> CreditBureau:
    return CreditBureau(
        staff=bureau(code), credit=UserFactory(role=Role.CREDIT_OFFICER, jurisdiction=jurisdiction(code))
    )


@dataclass
class RepeatOffence:
    first: Decided
    second: Decided
    party: dict

    @property
    def entry(self) -> CreditEntry:
        return CreditEntry.objects.get(penalty_decision=self.second.decision)


def repeat_offence(cb: CreditBureau, party: dict | None = None) -> RepeatOffence:
    """Two trademark-infringement penalties on one party: the second must be aggravated
    (《商标法》第六十条第二款) and proposes a candidate for the list."""
    party = party or org_party_with_address()
    first = decided_case(cb.staff, party=party)
    # The second infringing act is committed after the first decision (the five years run to it).
    second = decided_case(cb.staff, party=party, aggravation_confirmed=True, violation_on=timezone.localdate())
    return RepeatOffence(first, second, party)


ENTRY_ACTOR = {
    "notify": "credit",
    "record_waiver": "credit",
    "record_objection": "credit",
    "request_hearing": "credit",
    "hold_hearing": "credit",
    "submit_for_consent": "credit",
    "record_consent": "credit",
    "list": "head",
    "publish": "credit",
    "dismiss": "head",
    "approve_removal": "head",
    "refuse_removal": "reviewer",
    "revoke": "head",
}

ENTRY_BODY = {
    "record_objection": {"objection_text": "当事人称系初次销售，已停止销售并积极整改。"},
    "hold_hearing": {"hearing_record": "听证会于本局第二会议室举行，当事人陈述了申辩意见。"},
    "submit_for_consent": {"objection_opinion": "当事人五年内两次侵权，申辩理由不成立，不予采纳。"},
    "record_consent": {"consent_reference": "晋市监信函〔2026〕5号"},
    "approve_removal": {"conditions_confirmed": True},
    "refuse_removal": {"reason": "当事人未提交消除不良影响的证明。"},
    "dismiss": {"reason": "经审查不符合列入条件。"},
    "revoke": {"reason": "列入依据有误。"},
}


def step(entry: CreditEntry, cb: CreditBureau, name: str, **body) -> CreditEntry:
    payload = dict(ENTRY_BODY.get(name, {})) | body
    reason = payload.pop("reason", "")
    if name == "submit_for_consent" and entry.state != "objection_review":
        payload.pop("objection_opinion", None)
    return fire_transition(entry, name, actor=cb.actor(ENTRY_ACTOR[name]), reason=reason, payload=payload)


# The shortest path to a published entry: the party waives its rights, the level above consents.
LISTING_PATH = ["notify", "record_waiver", "submit_for_consent", "record_consent", "list", "publish"]


def advance(entry: CreditEntry, cb: CreditBureau, *names: str) -> CreditEntry:
    for name in names:
        entry = step(entry, cb, name)
    return entry


def published_entry(cb: CreditBureau, party: dict | None = None) -> tuple[RepeatOffence, CreditEntry]:
    offence = repeat_offence(cb, party)
    return offence, advance(offence.entry, cb, *LISTING_PATH)


def backdate_listing(entry: CreditEntry, *, listed_on: dt.date) -> CreditEntry:
    """Move the listing into the past (tests only: time cannot pass otherwise)."""
    until = listed_on + relativedelta(years=entry.listing_years)
    CreditEntry.objects.filter(pk=entry.pk).update(
        listed_on=listed_on, listing_until=until, published_on=max(listed_on, entry.published_on or listed_on)
    )
    return CreditEntry.objects.get(pk=entry.pk)


def years_ago(years: int = 0, *, days: int = 0) -> dt.date:
    return timezone.localdate() - relativedelta(years=years) - dt.timedelta(days=days)
