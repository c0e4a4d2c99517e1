"""The branch centre's create and edit screens (registered with casemgmt.web.editing in
CasesConfig.ready): walk-in assistance applications, mediation cases and arbitration/litigation
referrals. Each screen reads its input through the API's serializer and writes through the same
service as the API; what a state lets be corrected is the update service's own list."""

from django.urls import reverse

from casemgmt.files.models import Attachment
from casemgmt.org.models import Role, User
from casemgmt.org.scoping import scope_queryset
from casemgmt.web.editing import EditSpec, PartySlot, register_edit_spec

from .api.arbitration import ArbitrationReferralSerializer
from .api.mediation_serializers import REGISTERABLE_SOURCES, MediationCaseSerializer
from .api.serializers import AssistanceRequestSerializer
from .models import ArbitrationReferral, AssistanceRequest, MediationCase
from .rules import arbitration as arbitration_rules
from .rules import assistance as assistance_rules
from .rules import mediation as mediation_rules
from .services import arbitration as arbitration_services
from .services import assistance as assistance_services
from .services import mediation as mediation_services


def _may_register(rule, model):
    """A role the registration rule lets register records of its own area."""

    def check(user) -> bool:
        return user.jurisdiction_id is not None and bool(rule(model(jurisdiction_id=user.jurisdiction_id), user))

    return check


def _handlers(user) -> list:
    """Handlers of the areas the user works in, named with their area (the service refuses others)."""
    handlers = User.objects.filter(is_active=True, role=Role.HANDLER).select_related("jurisdiction")
    return [
        (u.pk, f"{u.display_name}（{u.jurisdiction.name if u.jurisdiction_id else '—'}）")
        for u in scope_queryset(handlers, user).order_by("jurisdiction_id", "full_name", "username")
    ]


def _two_parties(obj) -> dict:
    return {"applicant": obj.applicant, "respondent": obj.respondent}


# --- 维权援助申请 (walk-in, by phone, referred by another unit) -------------------------------------

STAFF_CHANNELS = [
    (value, label) for value, label in AssistanceRequest.Channel.choices if value != AssistanceRequest.Channel.ONLINE
]
ASSISTANCE_ORDER = (
    "channel",
    "applicant",
    "contact_phone",
    "respondent",
    "title",
    "ip_type",
    "assistance_type",
    "facts",
    "claims",
    "handled_elsewhere",
)


def _assistance_editable(request) -> tuple:
    if request.state not in AssistanceRequest.OPEN_STATES:
        return ()
    return tuple(name for name in ASSISTANCE_ORDER if name in assistance_services.EDITABLE)


register_edit_spec(
    EditSpec(
        key="assistance_request",
        serializer=AssistanceRequestSerializer,
        noun="维权援助申请",
        create_fields=("jurisdiction_code", *ASSISTANCE_ORDER),
        editable_now=_assistance_editable,
        create=lambda actor, data: assistance_services.assistance_request_create(actor=actor, **data),
        update=lambda obj, actor, reason, data: assistance_services.assistance_request_update(
            obj, actor=actor, reason=reason, **data
        ),
        may_create=_may_register(assistance_rules.registration, AssistanceRequest),
        may_edit=assistance_rules.editors,
        parties=(
            PartySlot("applicant", "申请人"),
            PartySlot(
                "respondent",
                "对方当事人",
                required=False,
                help_text="受理须列明明确的对方当事人；申请时不明确的，可以以后在“修改”中补充。",
            ),
        ),
        current_parties=_two_parties,
        choices={"channel": STAFF_CHANNELS},
        initial={"channel": AssistanceRequest.Channel.COUNTER},
        create_attachment_kind=Attachment.Kind.APPLICATION_MATERIAL,
        create_help="窗口、电话或其他单位转来的申请在此登记；网上申请由申请人在公众门户提交。",
    )
)


# --- 调解案件 ---------------------------------------------------------------------------------------

MEDIATION_ORDER = (
    "court_name",
    "court_case_number",
    "applicant",
    "respondent",
    "contact_phone",
    "title",
    "ip_type",
    "facts",
    "claims",
)


def _mediation_editable(case) -> tuple:
    if case.state not in MediationCase.OPEN_STATES:
        return ()
    names = [name for name in MEDIATION_ORDER if name in mediation_services.EDITABLE]
    if case.state not in MediationCase.PARTY_EDIT_STATES:
        names = [name for name in names if name not in ("applicant", "respondent")]
    if not case.is_court_entrusted:
        names = [name for name in names if name not in ("court_name", "court_case_number")]
    return tuple(names)


def _mediation_links(case, user) -> list:
    sessions = reverse("web:mediation-session-create", args=[case.pk])
    if not mediation_rules.runs_sessions(case, user):
        return []
    if case.state in MediationCase.SESSION_STATES:
        return [("安排调解会议", sessions)]
    # The minutes of the last session are often written up after the outcome.
    if case.state in MediationCase.MINUTES_STATES and case.sessions.filter(cancelled_at__isnull=True).exists():
        return [("补记调解笔录", sessions)]
    return []


register_edit_spec(
    EditSpec(
        key="mediation",
        serializer=MediationCaseSerializer,
        noun="调解案件",
        create_fields=("jurisdiction_code", "source", *MEDIATION_ORDER),
        editable_now=_mediation_editable,
        create=lambda actor, data: mediation_services.mediation_create(actor=actor, **data),
        update=lambda obj, actor, reason, data: mediation_services.mediation_update(
            obj, actor=actor, reason=reason, **data
        ),
        may_create=_may_register(mediation_rules.registration, MediationCase),
        may_edit=mediation_rules.case_editors,
        parties=(PartySlot("applicant", "申请人"), PartySlot("respondent", "被申请人")),
        current_parties=_two_parties,
        choices={"source": REGISTERABLE_SOURCES},
        initial={"source": MediationCase.Source.DIRECT},
        create_attachment_kind=Attachment.Kind.APPLICATION_MATERIAL,
        extra_links=_mediation_links,
        create_help="法院委派或委托的案件须填写法院名称和案号；维权援助转来的案件由转交自动登记。",
        edit_help="被申请人同意调解、案件受理后，当事人不能再更改。",
    )
)


# --- 仲裁/诉讼转介 ----------------------------------------------------------------------------------

ARBITRATION_ORDER = (
    "receiving_body",
    "applicant",
    "respondent",
    "title",
    "ip_type",
    "facts",
    "claims",
    "arbitration_agreement_on",
    "arbitration_agreement",
    "handler",
)


def _arbitration_editable(referral) -> tuple:
    if referral.state != ArbitrationReferral.State.REFERRED:
        return ()
    names = [name for name in ARBITRATION_ORDER if name in arbitration_services.EDITABLE]
    if referral.kind != ArbitrationReferral.Kind.ARBITRATION:
        names = [name for name in names if not name.startswith("arbitration_agreement")]
    return tuple(names)


register_edit_spec(
    EditSpec(
        key="arbitration_referral",
        serializer=ArbitrationReferralSerializer,
        noun="仲裁/诉讼转介",
        create_fields=("jurisdiction_code", "kind", *ARBITRATION_ORDER),
        editable_now=_arbitration_editable,
        create=lambda actor, data: arbitration_services.arbitration_referral_create(actor=actor, **data),
        update=lambda obj, actor, reason, data: arbitration_services.arbitration_referral_update(
            obj, actor=actor, reason=reason, **data
        ),
        may_create=_may_register(arbitration_rules.registration, ArbitrationReferral),
        may_edit=arbitration_rules.editors,
        parties=(PartySlot("applicant", "申请人/原告"), PartySlot("respondent", "被申请人/被告")),
        current_parties=_two_parties,
        choices={"handler": _handlers},
        create_attachment_kind=Attachment.Kind.APPLICATION_MATERIAL,
        create_help="转仲裁须有书面仲裁协议（填写签订日期和协议内容）；调解不成转出的由调解案件的转出自动登记。",
        edit_help="接收机构作出答复前可以修改。",
    )
)
