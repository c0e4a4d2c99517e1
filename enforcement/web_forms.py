"""The bureau's create and edit screens of enforcement cases (registered with
casemgmt.web.editing in EnforcementConfig.ready): an officer registers a clue (线索登记, the penalty
procedure) and corrects a case's details while its state allows. Input goes through the API's
EnforcementCaseSerializer, writes through enforcement_case_create / enforcement_case_update."""

from casemgmt.files.models import Attachment
from casemgmt.web.editing import EditSpec, PartySlot, register_edit_spec

from .api.serializers import EnforcementCaseSerializer
from .choices import ClueSource, Kind, PartyRole, Procedure
from .models import EnforcementCase
from .services import cases as services

# A clue from the assistance centre is registered by accepting its referral, never by hand.
HAND_CLUE_SOURCES = [(value, label) for value, label in ClueSource.choices if value != ClueSource.ASSISTANCE_REFERRAL]
SLOT_ROLES = {
    "respondent": PartyRole.RESPONDENT,
    "complainant": PartyRole.COMPLAINANT,
    "right_holder": PartyRole.RIGHT_HOLDER,
}
SLOTS_OF = {Procedure.PENALTY: ("respondent", "complainant"), Procedure.ADJUDICATION: ("respondent", "right_holder")}
CLUE_FIELDS = (
    "jurisdiction_code",
    "kind",
    "clue_source",
    "clue_source_detail",
    "received_on",
    "title",
    "respondent",
    "complainant",
    "facts",
    "illegal_turnover",
    "illegal_gains",
    "unsold_goods_value",
    "violation_on",
)
EDIT_ORDER = (
    "title",
    "agency_subject",
    "clue_source_detail",
    "respondent",
    "complainant",
    "right_holder",
    "facts",
    "claims",
    "illegal_turnover",
    "illegal_gains",
    "unsold_goods_value",
    "violation_on",
    "limitation_interest",
    "limitation_exception",
)
PENALTY_ONLY = {"violation_on", "limitation_interest", "limitation_exception", "clue_source_detail"}


def _links_by_slot(case) -> dict:
    links = {}
    for link in case.party_links.select_related("party").order_by("pk"):
        slot = next((name for name, role in SLOT_ROLES.items() if role == link.role), None)
        links.setdefault(slot, []).append(link.party)
    return links


def _current_parties(case) -> dict:
    return {slot: parties[0] for slot, parties in _links_by_slot(case).items() if slot}


def _party_slots_editable(case) -> tuple:
    """The case's parties, one per role, while its state allows changing them. A case naming two
    parties in one role is edited through the API (the page has one field per role)."""
    if case.state not in EnforcementCase.PARTY_EDIT_STATES:
        return ()
    if any(len(parties) > 1 for parties in _links_by_slot(case).values()):
        return ()
    return SLOTS_OF.get(case.procedure, ())


def _editable(case) -> tuple:
    if case.state not in EnforcementCase.EDITABLE_STATES:
        return ()
    slots = _party_slots_editable(case)
    names = []
    for name in EDIT_ORDER:
        if name in SLOT_ROLES:
            if name in slots:
                names.append(name)
        elif (
            name not in services.EDITABLE_FIELDS
            and name != "claims"
            or name == "agency_subject"
            and case.kind != Kind.AGENCY_VIOLATION
            or name in PENALTY_ONLY
            and case.procedure != Procedure.PENALTY
            or name == "claims"
            and case.procedure != Procedure.ADJUDICATION
        ):
            continue
        else:
            names.append(name)
    return tuple(names)


def _parties(data: dict) -> list | None:
    """The slots' parties as the services take them (popped from `data`); None when the form had
    no party slot (the parties are then left as they are)."""
    named = [name for name in SLOT_ROLES if name in data]
    if not named:
        return None
    links = []
    for name in named:
        party = data.pop(name)
        if party is not None:
            links.append({"role": SLOT_ROLES[name], "party": party})
    return links


def _create(actor, data):
    data = dict(data)
    parties = _parties(data) or []
    return services.enforcement_case_create(actor=actor, procedure=Procedure.PENALTY, parties=parties, **data)


def _update(case, actor, reason, data):
    data = dict(data)
    parties = _parties(data)
    return services.enforcement_case_update(case, actor=actor, reason=reason, parties=parties, **data)


def _may_register(user) -> bool:
    return user.role in services.CREATORS and user.jurisdiction_id is not None


register_edit_spec(
    EditSpec(
        key="enforcement_case",
        serializer=EnforcementCaseSerializer,
        noun="执法案件",
        create_title="登记线索",
        create_fields=CLUE_FIELDS,
        editable_now=_editable,
        create=_create,
        update=_update,
        may_create=_may_register,
        may_edit=services.may_edit,
        parties=(
            PartySlot("respondent", "当事人（被调查人）"),
            PartySlot("complainant", "举报人/投诉人", required=False),
            PartySlot("right_holder", "权利人/请求人"),
        ),
        current_parties=_current_parties,
        drop_fields=("procedure", "parties"),
        choices={"clue_source": HAND_CLUE_SOURCES},
        create_attachment_kind=Attachment.Kind.EVIDENCE,
        create_help="登记后为“线索”：自收到之日起15个工作日内作出是否立案的决定（可延长15个工作日）。",
        edit_help="立案后不能更改当事人；程序、类型、线索来源和收到日期登记后不能修改。",
    )
)
