"""Helpers the list's services share: the bureau acting on an entry, its deadlines, notifications."""

import datetime as dt

from casemgmt.calendar.counting import Rule
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import deadline_cancel, deadline_mark_met, deadline_open
from casemgmt.notifications.services import notification_create
from casemgmt.org.models import User

from .. import rules

STATEMENT = "credit_statement_window"
PUBLICATION = "credit_publication"
REVOCATION = "credit_revocation"
REMOVAL_DECISION = "credit_removal_decision"


def bureau_name(entry) -> str:
    from enforcement.services.common import bureau_of

    bureau = bureau_of(entry)
    return bureau.name if bureau else f"{entry.jurisdiction.name}市场监督管理局"


def open_limit(
    entry, kind: str, *, label: str, basis: str, start: dt.date, amount: int, responsible=None, mirror: str = ""
):
    """`mirror`: a date field of the entry the deadline engine keeps equal to the due date."""
    return deadline_open(
        entry,
        kind=kind,
        label=label,
        legal_basis=basis,
        start=start,
        rule=Rule.WORKING_DAYS,
        amount=amount,
        responsible=responsible,
        mirror=mirror,
        party_period=kind == STATEMENT,  # the party's window to state a defence lapses, nobody is late
    )


def _active(entry, kinds=None):
    return [d for d in deadlines_for(entry) if d.is_active and (kinds is None or d.kind in kinds)]


def meet(entry, kind: str, *, on: dt.date | None = None) -> None:
    """The act the limit required was done (on `on`, never before the limit started nor after today)."""
    for deadline in _active(entry, [kind]):
        day = min(max(on or rules.today(), deadline.start), rules.today())
        deadline_mark_met(deadline, on=day)


def cancel_open(entry, *, reason: str, kinds=None) -> None:
    for deadline in _active(entry, kinds):
        deadline_cancel(deadline, reason=reason)


def staff_in(jurisdiction_id: str, *roles):
    return User.objects.filter(is_active=True, role__in=roles, jurisdiction_id=jurisdiction_id)


def staff_of(entry, *roles):
    return staff_in(entry.jurisdiction_id, *roles)


def notify(users, entry, *, title: str, body: str = "", key: str = "", level: str = "info") -> None:
    for user in users:
        notification_create(
            recipient=user, title=title, body=body, url=entry.get_absolute_url(), level=level, dedupe_key=key
        )
