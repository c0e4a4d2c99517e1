"""The time limits of the enforcement procedures, kept by the deadline engine (never computed
here): which kinds a case carries and small helpers to find, open, stop and close them."""

import datetime as dt
from contextlib import contextmanager

from django.utils import timezone

from casemgmt.calendar.models import Deadline
from casemgmt.calendar.selectors import deadlines_for
from casemgmt.calendar.services import (
    deadline_cancel,
    deadline_extend,
    deadline_mark_met,
    deadline_open,
    deadline_recompute,
    deadline_resume,
    deadline_suspend,
)
from casemgmt.errors import Invalid

FILING = "filing_decision"
REVIEW = "legal_review"
STATEMENT = "statement_window"
DECISION = "decision"
SERVICE = "decision_service"
PAYMENT = "payment"
COURT = "court_enforcement_application"
CRIMINAL_DECISION = "criminal_transfer_decision"
CRIMINAL_TRANSFER = "criminal_transfer"
RESPONDENT_SERVICE = "respondent_service"
ANSWER = "answer_period"
LAWSUIT = "lawsuit_period"
REVIEW_PERIOD = "administrative_review_period"
PAYMENT_INSTALMENT = "payment_instalment"
# The party's own periods (to state a defence or ask for a hearing, to answer, to apply for review,
# to sue): when one runs out the party's right lapsed; it is not a limit the bureau missed.
PARTY_PERIODS = frozenset({STATEMENT, ANSWER, REVIEW_PERIOD, LAWSUIT})


@contextmanager
def as_payload_errors(**rename):
    """The kernel's deadline engine and file checks report bad input as field errors of their own
    arguments (start, end …); report them as Invalid under the caller's fields instead."""
    try:
        yield
    except Invalid as exc:
        detail = exc.field_errors()
        errors = {rename.get(key, key): [str(m) for m in messages] for key, messages in detail.items()}
        raise Invalid("输入有误。", errors) from None


def latest_deadline(case, kind: str) -> Deadline | None:
    found = [d for d in deadlines_for(case) if d.kind == kind]
    return max(found, key=lambda d: d.pk) if found else None


def active_deadline(case, kind: str) -> Deadline | None:
    deadline = latest_deadline(case, kind)
    return deadline if deadline is not None and deadline.is_active else None


def active_all(case, kind: str) -> list[Deadline]:
    return [d for d in deadlines_for(case) if d.kind == kind and d.is_active]


def meet_all(case, kind: str, *, on: dt.date) -> None:
    for deadline in active_all(case, kind):
        deadline_mark_met(deadline, on=max(on, deadline.start))


def open_limit(
    case,
    kind: str,
    *,
    label: str,
    basis: str,
    start,
    rule: str,
    amount: int,
    responsible=None,
    mirror="",
    mirror_on=None,
):
    """`start` is a date, or the moment an hour limit starts. `mirror`: the date field (of the
    case, or of `mirror_on`) the engine keeps equal to the due date."""
    return deadline_open(
        case,
        kind=kind,
        label=label,
        legal_basis=basis,
        start=start,
        rule=rule,
        amount=amount,
        responsible=responsible,
        mirror=mirror,
        mirror_on=mirror_on,
        party_period=kind in PARTY_PERIODS,
    )


def meet(case, kind: str, *, on: dt.date | dt.datetime | None = None) -> None:
    """The act the limit required was done (on `on`, never before the limit started; a moment
    for an hour limit). A party's own period is met when the party acted within it (even if that
    is recorded after it ran out) or, while it still runs, when the procedure ends it; one that ran
    out without the party acting lapses."""
    deadline = latest_deadline(case, kind)
    if deadline is None:
        return
    if deadline.party_period:
        acted_on = timezone.localdate(on) if isinstance(on, dt.datetime) else on
        within = acted_on is not None and acted_on <= deadline.due
        settled = deadline.status in (Deadline.Status.MET, Deadline.Status.CANCELLED)
        if settled or not (within or deadline.due >= timezone.localdate()):
            if deadline.status == Deadline.Status.OPEN:
                deadline_recompute(deadline)  # ran out: lapsed now rather than at the next sweep
            return
    elif not deadline.is_active:
        return
    if isinstance(on, dt.datetime):
        on = max(on, deadline.start_at) if deadline.start_at else timezone.localdate(on)
    if on is not None and not isinstance(on, dt.datetime):
        on = max(on, deadline.start)
    deadline_mark_met(deadline, on=on)


def cancel_open(case, *, reason: str, kinds=None) -> None:
    for deadline in deadlines_for(case):
        if deadline.is_active and (kinds is None or deadline.kind in kinds):
            deadline_cancel(deadline, reason=reason)


def stop_clock(case, kind: str, *, start: dt.date, reason: str, actor, field: str) -> None:
    """Stop the limit's clock from `start`. A limit that had already run out before `start`
    stays run out: there is nothing left to stop."""
    deadline = active_deadline(case, kind)
    if deadline is not None and start <= deadline.due:
        with as_payload_errors(start=field, non_field_errors=field):
            deadline_suspend(deadline, start=start, reason=reason, actor=actor)


def restart_clock(case, kind: str, *, last_stopped_day: dt.date, actor, field: str) -> None:
    deadline = active_deadline(case, kind)
    if deadline is not None and deadline.suspensions.filter(end__isnull=True).exists():
        with as_payload_errors(end=field, non_field_errors=field):
            deadline_resume(deadline, end=last_stopped_day, actor=actor)


def extend(case, kind: str, *, amount: int, rule: str, reason: str, approved_by) -> Deadline:
    deadline = active_deadline(case, kind)
    with as_payload_errors(amount="days"):
        return deadline_extend(deadline, amount=amount, rule=rule, reason=reason, approved_by=approved_by)
