"""Writes of the party registry. Registering and correcting a party are audited: one history row
each (a correction with every changed field old → new, and the reason). Parties belong to no
jurisdiction (the registry is shared city-wide), so their history rows have none."""

from django.db import IntegrityError, transaction

from casemgmt.errors import Invalid
from casemgmt.org.models import Role
from casemgmt.workflow.history import record_creation
from casemgmt.workflow.permissions import Allow
from casemgmt.workflow.steps import audited_write, check_access

from .models import Party

# The staff who register and correct parties (everyone handling cases; not auditors or readers).
PARTY_WRITERS = frozenset(
    {
        Role.INTAKE_CLERK,
        Role.HANDLER,
        Role.CENTRE_HEAD,
        Role.OFFICER,
        Role.LEGAL_REVIEWER,
        Role.AGENCY_HEAD,
        Role.CREDIT_OFFICER,
        Role.ADMINISTRATOR,
    }
)
may_write_parties = Allow(*PARTY_WRITERS)

CREATE_REASON = "登记当事人"
UPDATE_LABEL = "修改当事人信息"
DUPLICATE_CODE = "该代码的当事人已存在。"


def _duplicate(fields: dict) -> Invalid:
    field = "credit_code" if fields.get("credit_code") else "id_number"
    return Invalid(errors={field: [DUPLICATE_CODE]})


def _insert(fields: dict) -> Party:
    try:
        with transaction.atomic():
            return Party.objects.create(**fields)
    except IntegrityError:
        raise _duplicate(fields) from None


def party_create(*, actor, reason: str = "", **fields) -> Party:
    """Register a party; a second party with the same code is refused (one party per code).
    Writes one history row (the creation) naming the actor and the reason."""
    check_access(Party(), actor, may_write_parties, forbidden="您无权登记当事人。")
    with transaction.atomic():
        party = _insert(fields)
        record_creation(party, actor=actor, reason=(reason or "").strip() or CREATE_REASON)
    return party


class _Unchanged(Exception):
    """Raised to leave an audited write that changed nothing: no history row for a no-op."""


def party_update(party: Party, *, actor, reason: str = "", **fields) -> Party:
    """Correct a party's details (identity included, as validated by the caller). Writes one
    history row with each changed field old → new; an update changing nothing writes none."""
    try:
        with audited_write(
            party, "edit", UPDATE_LABEL, actor=actor, permission=may_write_parties, reason=reason
        ) as write:
            if not write.edit(write.obj, **fields):
                raise _Unchanged
            party = write.obj
    except _Unchanged:
        party.refresh_from_db()
    except IntegrityError:
        raise _duplicate(fields) from None
    return party


def party_get_or_create(*, kind: str, name: str, credit_code: str = "", id_number: str = "", **extra) -> Party:
    """Find the registered party by its code, or register it: used when a case names a party, and
    recorded by that case's own history (the case's creation or edit names the party)."""
    lookup = {"credit_code": credit_code} if credit_code else {"id_number": id_number} if id_number else None
    if lookup:
        existing = Party.objects.filter(**lookup).first()
        if existing:
            return existing
    return _insert({"kind": kind, "name": name, "credit_code": credit_code, "id_number": id_number, **extra})
