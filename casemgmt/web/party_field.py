"""The party field of the staff forms: the registry's search-or-create.

The user types a name or a code and presses 查找 (the page comes back with the matching parties
the user may see, nothing written), then picks one, or fills in a new party inline. Inputs of a
slot named `applicant`:

    applicant.pick   "party:<id>" (a registered party), "new" (the inline fields), "" (none)
    applicant.q      the search text
    applicant.kind, applicant.name, applicant.credit_code, applicant.id_number,
    applicant.address, applicant.phone, applicant.legal_representative   (a new party)

A picked party must be one the user may see (the registry is scoped by jurisdiction) or the one
the record already names. A new party is validated by the API's PartyInputSerializer and given to
the service as registry data, which registers it (or finds it by its code) inside the service's
own audited write, exactly as the API does.
"""

from dataclasses import dataclass, field

from casemgmt.parties.models import Party
from casemgmt.parties.selectors import parties_visible_to, party_search
from casemgmt.parties.serializers import PartyInputSerializer
from casemgmt.parties.validation import mask_id_number
from casemgmt.privacy import may_see_personal_data

from .forms import flatten_errors

NEW = "new"
NONE = ""
MATCHES_SHOWN = 10
PARTY_INPUTS = ("kind", "name", "credit_code", "id_number", "legal_representative", "address", "phone")
FIND = "_find"  # the name of the 查找 buttons; its value is the slot searched


def party_label(party: Party, user) -> str:
    """One line naming a party: a person's ID number only masked unless the role sees it."""
    if party.is_person:
        number = party.id_number if may_see_personal_data(user) else mask_id_number(party.id_number)
    else:
        number = party.credit_code
    return f"{party.name}（{party.get_kind_display()}{'，' + number if number else ''}）"


def pick_value(party: Party | None) -> str:
    return f"party:{party.pk}" if party is not None else NONE


@dataclass
class PartyWidget:
    """What the template draws for one slot."""

    name: str
    label: str
    required: bool
    help_text: str
    pick: str
    q: str
    current: tuple | None  # (value, label) of the party the record names now
    matches: list  # [(value, label)]
    searched: bool
    new_values: dict
    errors: list = field(default_factory=list)
    new_errors: dict = field(default_factory=dict)
    kinds: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.name

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or any(self.new_errors.values()))


def _new_data(post, name: str) -> dict:
    data = {}
    for key in PARTY_INPUTS:
        value = (post.get(f"{name}.{key}") or "").strip()
        if value:
            data[key] = value
    return data


def _pick(post, name: str) -> str:
    pick = (post.get(f"{name}.pick") or "").strip()
    if not pick and any(key != "kind" for key in _new_data(post, name)):
        return NEW  # typed a new party without ticking "登记新的当事人"
    return pick


def resolve(slot, post, user, *, current: Party | None = None):
    """(value, errors) of a submitted slot: a Party, a dict of a new party's data, or None;
    errors keyed "<slot>" (the choice) and "<slot>.<input>" (the new party's inputs)."""
    name = slot.name
    pick = _pick(post, name)
    if pick.startswith("party:"):
        pk = pick.partition(":")[2]
        if not (pk.isdigit() and len(pk) < 19):
            return None, {name: ["请选择当事人。"]}
        if current is not None and current.pk == int(pk):
            return current, {}
        party = parties_visible_to(user).filter(pk=int(pk)).first()
        if party is None:
            return None, {name: ["未找到该当事人，请重新查找。"]}
        return party, {}
    if pick == NEW:
        body = PartyInputSerializer(data=_new_data(post, name))
        if not body.is_valid():
            return None, {f"{name}.{key}": flatten_errors(value) for key, value in body.errors.items()}
        return dict(body.validated_data), {}
    if slot.required:
        return None, {name: [f"请选择或登记{slot.label}。"]}
    return None, {}


def widget(slot, user, *, post=None, current: Party | None = None, errors=None) -> PartyWidget:
    """The slot as drawn: the submitted choice (or the record's current party), the search
    results for the text typed, and the errors."""
    errors = errors or {}
    name = slot.name
    if post is None:
        pick, q, new_values = pick_value(current), "", {}
    else:
        pick, q, new_values = _pick(post, name), (post.get(f"{name}.q") or "").strip()[:60], _new_data(post, name)
    matches = []
    if q:
        found = party_search(user, q).order_by("name", "id")[:MATCHES_SHOWN]
        matches = [(pick_value(p), party_label(p, user)) for p in found if current is None or p.pk != current.pk]
    elif pick.startswith("party:") and (current is None or pick != pick_value(current)):
        # A party picked earlier stays on offer when the page comes back.
        pk = pick.partition(":")[2]
        if pk.isdigit() and len(pk) < 19:
            chosen = parties_visible_to(user).filter(pk=int(pk)).first()
            if chosen is not None:
                matches = [(pick_value(chosen), party_label(chosen, user))]
    return PartyWidget(
        name=name,
        label=slot.label,
        required=slot.required,
        help_text=slot.help_text,
        pick=pick,
        q=q,
        current=(pick_value(current), party_label(current, user)) if current is not None else None,
        matches=matches,
        searched=bool(q),
        new_values={key: new_values.get(key, "") for key in PARTY_INPUTS},
        errors=errors.get(name, []),
        new_errors={key: errors.get(f"{name}.{key}", []) for key in PARTY_INPUTS},
        kinds=list(Party.Kind.choices),
    )
