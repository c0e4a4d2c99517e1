"""Helpers shared by the enforcement services: the bureau acting on a case, case numbers and
notifications of its staff."""

from casemgmt.errors import Invalid
from casemgmt.notifications.services import notification_create
from casemgmt.numbering.services import number_allocate
from casemgmt.org.models import Department, Role, User

from ..choices import Procedure

# 文号 type of the case number (案号) given at filing.
CASE_NUMBER_TYPES = {Procedure.PENALTY: "立", Procedure.ADJUDICATION: "裁立"}


def bureau_of(case) -> Department | None:
    """The market-supervision bureau of the case's jurisdiction, which acts in its own name."""
    return (
        Department.objects.filter(kind=Department.Kind.MARKET_SUPERVISION, jurisdiction_id=case.jurisdiction_id)
        .order_by("id")
        .first()
    )


def bureau_name(case) -> str:
    bureau = bureau_of(case)
    return bureau.name if bureau else f"{case.jurisdiction.name}市场监督管理局"


def bureau_abbreviation(case) -> str:
    """Issuer abbreviation of the bureau's 文号 (e.g. 晋市监, 泽市监)."""
    bureau = bureau_of(case)
    if bureau is None or not bureau.abbreviation.strip():
        raise Invalid(
            "本区划的市场监管部门未设置文号机关代字。",
            {"jurisdiction": ["本区划的市场监管部门未设置文号机关代字，请管理员在“部门”中填写后再办理。"]},
        )
    return bureau.abbreviation.strip()


def assign_case_number(case, *, actor) -> None:
    """案号 from the numbering kernel, in the series of the filing year."""
    issued = number_allocate(
        issuer=bureau_abbreviation(case),
        doc_type=CASE_NUMBER_TYPES[case.procedure],
        year=case.filed_on.year,
        obj=case,
        actor=actor,
    )
    case.case_number_issued = issued
    case.case_number = issued.text
    case.save(update_fields=["case_number_issued", "case_number", "updated_at"])


def clean(value) -> str:
    """Text as typed, without surrounding blanks ("" for anything that is not text)."""
    return value.strip() if isinstance(value, str) else ""


def notify_users(users, *, title: str, body: str = "", url: str = "", key: str = "") -> None:
    for user in users:
        if user is not None and user.is_active:
            notification_create(recipient=user, title=title, body=body, url=url, dedupe_key=key)


def bureau_staff(case, role: str):
    return User.objects.filter(is_active=True, role=role, jurisdiction_id=case.jurisdiction_id)


def bureau_heads(case):
    return bureau_staff(case, Role.AGENCY_HEAD)
