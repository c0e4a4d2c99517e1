from django.db import IntegrityError, transaction
from rest_framework.exceptions import ValidationError

from .models import Party


def party_create(**fields) -> Party:
    """Create a party; a second party with the same code is refused (one party per code)."""
    try:
        with transaction.atomic():
            return Party.objects.create(**fields)
    except IntegrityError:
        field = "credit_code" if fields.get("credit_code") else "id_number"
        raise ValidationError({field: ["该代码的当事人已存在。"]}) from None


def party_update(party: Party, **fields) -> Party:
    for name, value in fields.items():
        setattr(party, name, value)
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError:
        field = "credit_code" if fields.get("credit_code") else "id_number"
        raise ValidationError({field: ["该代码的当事人已存在。"]}) from None
    return party


def party_get_or_create(*, kind: str, name: str, credit_code: str = "", id_number: str = "", **extra) -> Party:
    """Find the registered party by its code, or register it (used when a case names a party)."""
    lookup = {"credit_code": credit_code} if credit_code else {"id_number": id_number} if id_number else None
    if lookup:
        existing = Party.objects.filter(**lookup).first()
        if existing:
            return existing
    return party_create(kind=kind, name=name, credit_code=credit_code, id_number=id_number, **extra)
