"""The parties card of an object page: every party the object names, in full, masked by role.

Found from the model itself, so every workflow type gets it: foreign keys to the party registry
(申请人, 对方当事人, 被申请人…) under their own labels, and parties linked through a table with a
role (an enforcement case's 当事人/被请求人, 举报人, 权利人) under the role's label."""

from dataclasses import dataclass

from casemgmt.parties.models import Party
from casemgmt.parties.validation import mask_id_number, mask_phone
from casemgmt.privacy import may_see_personal_data, redact_text

from .presentation import EMPTY


@dataclass(frozen=True)
class PartyCard:
    role: str
    name: str
    kind: str
    rows: list  # [(label, value)]


def _card(role: str, party: Party, *, unmasked: bool) -> PartyCard:
    identifier_label = "居民身份证号码" if party.is_person else "统一社会信用代码"
    identifier = party.identifier or ""
    phone = party.phone or ""
    if not unmasked:
        identifier = mask_id_number(identifier) if party.is_person else identifier
        phone = mask_phone(phone) if phone else ""
    rows = [(identifier_label, identifier)]
    if not party.is_person:
        rows.append(("法定代表人/经营者", party.legal_representative))
    rows += [("地址", party.address), ("联系电话", phone)]
    if party.is_minor:
        rows.append(("未成年人", "是"))
    rows = [(label, (value if unmasked else redact_text(value)) or EMPTY) for label, value in rows]
    return PartyCard(role=role, name=party.name, kind=party.get_kind_display(), rows=rows)


def _named_parties(obj) -> list[tuple[str, Party]]:
    found = []
    for field in type(obj)._meta.concrete_fields:
        if getattr(field, "related_model", None) is Party:
            party = getattr(obj, field.name)
            if party is not None:
                found.append((str(field.verbose_name), party))
    for field in type(obj)._meta.many_to_many:
        if field.related_model is not Party or obj.pk is None:
            continue
        through = field.remote_field.through
        party_fk = next(f for f in through._meta.concrete_fields if getattr(f, "related_model", None) is Party)
        own_fk = next(f for f in through._meta.concrete_fields if getattr(f, "related_model", None) is type(obj))
        links = through.objects.filter(**{own_fk.name: obj}).select_related(party_fk.name)
        has_role = any(f.name == "role" for f in through._meta.concrete_fields)
        for link in links.order_by(*through._meta.ordering or ["pk"]):
            role = link.get_role_display() if has_role else str(field.verbose_name)
            found.append((str(role), getattr(link, party_fk.name)))
    return found


def party_cards(obj, user) -> list[PartyCard]:
    unmasked = may_see_personal_data(user)
    return [_card(role, party, unmasked=unmasked) for role, party in _named_parties(obj)]
