"""What of an enforcement case is indexed for full-text search: its number and title, the
parties with their codes, the facts, and the decision's number and text. Cases and their
inspections carry the case's 违法行为类型 (enforcement.choices.VIOLATION_TYPES) for the facet."""

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.registry import register_searchable

from .choices import VIOLATION_TYPES
from .models import EnforcementCase
from .selectors import enforcement_cases_visible_to
from .selectors.cases import with_case_details


def enforcement_case_document(case: EnforcementCase) -> SearchDocument:
    parties = []
    for link in case.party_links.all():
        parties += [link.party.name, link.party.credit_code]
    decision = getattr(case, "penalty_decision", None)
    return SearchDocument(
        type="enforcement_case",
        id=case.pk,
        title=str(case),
        body="\n".join(
            part
            for part in [
                case.case_number,
                " ".join(p for p in parties if p),
                case.facts,
                case.claims,
                case.investigation_report,
                decision.number_text if decision else "",
                decision.decision_text if decision else "",
                case.ruling_number,
                case.ruling_text,
            ]
            if part
        ),
        state=case.state,
        state_label=case.state_label,
        jurisdiction=case.jurisdiction_id,
        violation_type=case.violation_type,
        date=case.received_on,
        url=case.get_absolute_url(),
        extra={
            "procedure": case.procedure,
            "case_number": case.case_number,
            "decision_number": decision.number_text if decision else "",
        },
    )


register_searchable(
    key="enforcement_case",
    model=EnforcementCase,
    label="执法案件",
    to_document=enforcement_case_document,
    with_attachment_text=True,
    selector=enforcement_cases_visible_to,
    index_queryset=lambda: with_case_details(EnforcementCase.objects.all()),
    violation_types=VIOLATION_TYPES,
)


# On-site inspections: what was found, where, and who was there, so an officer finds a raid by a
# detail of the scene ("仓库", a witness's name, an item seized).
from .models import Inspection  # noqa: E402
from .selectors.inspections import inspections_visible_to, with_inspection_details  # noqa: E402


def inspection_document(inspection: Inspection) -> SearchDocument:
    case = inspection.case
    return SearchDocument(
        type="enforcement_inspection",
        id=inspection.pk,
        title=f"现场检查：{case}（{inspection.place}）",
        body="\n".join(
            part
            for part in [
                case.case_number,
                inspection.place,
                inspection.findings,
                inspection.signature_note,
                " ".join(link.officer.display_name for link in inspection.officer_links.all()),
                " ".join(person.name for person in inspection.persons.all()),
                " ".join(evidence.description for evidence in inspection.evidence.all()),
                " ".join(f"{s.get_measure_display()} {s.items} {s.place_kept}" for s in inspection.seizures.all()),
            ]
            if part
        ),
        state=case.state,
        state_label=case.state_label,
        jurisdiction=inspection.jurisdiction_id,
        violation_type=case.violation_type,
        date=inspection.started_at,
        url=inspection.get_absolute_url(),
        extra={"case": case.pk, "case_number": case.case_number},
    )


register_searchable(
    key="enforcement_inspection",
    model=Inspection,
    label="现场检查",
    to_document=inspection_document,
    with_attachment_text=True,
    selector=inspections_visible_to,
    index_queryset=lambda: with_inspection_details(Inspection.objects.all()),
    violation_types=VIOLATION_TYPES,
)
