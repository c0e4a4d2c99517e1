"""The branch centre's two main paths, through the API alone, as the demo users:

1. an online application → accepted → assigned → referred to mediation → respondent consents →
   agreement → judicial confirmation recorded → performed, and the assistance request closed on
   the mediation committee's receipt;
2. a mediation that fails → terminated → referred to arbitration (only with the written
   arbitration agreement) → accepted by the commission → award → closed.

Every step's history row names its actor and reason."""

import datetime as dt
import random

import pytest
from rest_framework.test import APIClient

from casemgmt.demo.users import load_demo_users
from casemgmt.parties.codes import make_credit_code
from casemgmt.workflow.selectors import history_of
from cases.models import ArbitrationReferral, AssistanceRequest, MediationCase

rng = random.Random(3)
TODAY = dt.date.today().isoformat()


@pytest.fixture
def as_user(db):
    users = load_demo_users()
    clients = {}

    def client(username):
        if username not in clients:
            clients[username] = APIClient()
            clients[username].force_authenticate(users[username])
        return clients[username]

    client.users = users
    return client


def fire(client, resource, pk, name, reason, **payload):
    response = client.post(f"/api/{resource}/{pk}/transitions/{name}/", {"reason": reason, **payload}, format="json")
    assert response.status_code == 200, (name, response.content)
    return response.json()


def assert_history_names_actors_and_reasons(obj, expected: list[tuple[str, str]]):
    rows = [(log.transition, log.actor.username if log.actor else None, log.reason) for log in history_of(obj)]
    assert [(t, a) for t, a, _ in rows] == expected
    assert all(reason for t, _, reason in rows if t != "create")


def public_application() -> AssistanceRequest:
    response = APIClient().post(
        "/api/public/assistance-requests/",
        {
            "applicant": {
                "kind": "organization",
                "name": "沁水蓝焰煤层气装备有限公司",
                "credit_code": make_credit_code(rng, "140521"),
            },
            "respondent": {
                "kind": "organization",
                "name": "山西某能源机械制造有限公司",
                "credit_code": make_credit_code(rng, "140521"),
            },
            "contact_phone": "13903561234",
            "title": "煤层气排采设备实用新型专利纠纷",
            "ip_type": "patent",
            "assistance_type": "mediation_referral",
            "facts": "被申请人在多个区块投标中使用与本公司专利相同的排采控制装置，希望调解解决许可费问题。",
            "jurisdiction_code": "140521",
            "privacy_consent": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return AssistanceRequest.objects.get(tracking_code=response.json()["tracking_code"])


def test_online_application_to_judicially_confirmed_mediation_and_closed_request(as_user):
    mediator = as_user.users["mediator"]
    request = public_application()
    requests = "assistance-requests"
    fire(as_user("centre_head"), requests, request.pk, "accept", "对方当事人明确，属于援助范围")
    fire(as_user("centre_head"), requests, request.pk, "assign", "指派调解员赵敏", handler=mediator.pk)
    fire(as_user("mediator"), requests, request.pk, "start", "已联系申请人")
    fire(
        as_user("mediator"),
        requests,
        request.pk,
        "refer",
        "申请人同意转交调解",
        referral_target="mediation",
        referral_unit="晋城市知识产权纠纷人民调解委员会",
        applicant_consent=True,
    )

    case = MediationCase.objects.get(assistance_request=request)
    mediations = "mediations"
    fire(as_user("clerk"), mediations, case.pk, "consult_respondent", "电话征询被申请人意见")
    fire(
        as_user("clerk"),
        mediations,
        case.pk,
        "record_consent",
        "被申请人书面同意调解",
        responded_on=TODAY,
        method="written",
        note="同意",
    )
    fire(as_user("centre_head"), mediations, case.pk, "accept", "双方同意调解")
    fire(as_user("centre_head"), mediations, case.pk, "assign_mediator", "指派调解员", mediator=mediator.pk)
    fire(as_user("mediator"), mediations, case.pk, "start_mediation", "开始调解")
    fire(
        as_user("mediator"),
        mediations,
        case.pk,
        "record_agreement",
        "双方签署调解协议",
        agreement_text="被申请人支付许可使用费八万元，双方签订普通许可合同。",
        agreement_effective_on=TODAY,
    )
    fire(
        as_user("mediator"),
        mediations,
        case.pk,
        "request_judicial_confirmation",
        "双方共同申请司法确认",
        confirmation_court="沁水县人民法院",
        confirmation_applied_on=TODAY,
    )
    fire(
        as_user("mediator"),
        mediations,
        case.pk,
        "record_confirmation",
        "法院裁定协议有效",
        confirmation_case_number="(2026)晋0521民特8号",
        confirmation_ruled_on=TODAY,
        confirmation_result="协议有效",
    )
    done = fire(
        as_user("mediator"),
        mediations,
        case.pk,
        "record_performance",
        "款项已付清",
        performed_on=TODAY,
        performance_note="已履行",
    )
    assert done["state"] == "performed"

    closed = fire(
        as_user("mediator"),
        requests,
        request.pk,
        "record_referral_receipt",
        "调解委员会回执已收到",
        referral_receipt="调解成功，协议经司法确认并已履行。",
    )
    assert closed["state"] == "closed"

    assert_history_names_actors_and_reasons(
        request,
        [
            ("create", None),
            ("accept", "centre_head"),
            ("assign", "centre_head"),
            ("start", "mediator"),
            ("refer", "mediator"),
            ("record_referral_receipt", "mediator"),
        ],
    )
    assert_history_names_actors_and_reasons(
        case,
        [
            ("create", "mediator"),
            ("consult_respondent", "clerk"),
            ("record_consent", "clerk"),
            ("accept", "centre_head"),
            ("assign_mediator", "centre_head"),
            ("start_mediation", "mediator"),
            ("record_agreement", "mediator"),
            ("request_judicial_confirmation", "mediator"),
            ("record_confirmation", "mediator"),
            ("record_performance", "mediator"),
        ],
    )


def test_failed_mediation_is_referred_to_arbitration_only_with_a_written_agreement(as_user):
    mediator = as_user.users["mediator"]
    created = as_user("clerk").post(
        "/api/mediations/",
        {
            "applicant": {
                "kind": "organization",
                "name": "泽州县巴公铸造有限公司",
                "credit_code": make_credit_code(rng, "140525"),
            },
            "respondent": {
                "kind": "organization",
                "name": "河北某铸业贸易有限公司",
                "credit_code": make_credit_code(rng, "130100"),
            },
            "title": "“巴公”商标许可费纠纷",
            "ip_type": "trademark",
            "jurisdiction_code": "140525",
            "facts": "双方曾签订商标许可合同，合同约定争议提交晋城仲裁委员会仲裁，现就许可费发生争议。",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    mediations = "mediations"
    fire(as_user("clerk"), mediations, pk, "consult_respondent", "征询被申请人意见")
    fire(
        as_user("clerk"),
        mediations,
        pk,
        "record_consent",
        "被申请人同意调解",
        responded_on=TODAY,
        method="phone",
        note="电话同意",
    )
    fire(as_user("centre_head"), mediations, pk, "accept", "受理")
    fire(as_user("centre_head"), mediations, pk, "assign_mediator", "指派", mediator=mediator.pk)
    fire(as_user("mediator"), mediations, pk, "start_mediation", "开始调解")
    fire(as_user("mediator"), mediations, pk, "terminate", "调解不成", termination_reason="对许可费数额分歧过大")

    without = as_user("mediator").post(
        f"/api/mediations/{pk}/transitions/refer/",
        {"reason": "引导仲裁", "kind": "arbitration", "receiving_body": "晋城仲裁委员会"},
        format="json",
    )
    assert without.status_code == 400 and not ArbitrationReferral.objects.exists()
    fire(
        as_user("mediator"),
        mediations,
        pk,
        "refer",
        "调解不成，依仲裁条款引导仲裁",
        kind="arbitration",
        receiving_body="晋城仲裁委员会",
        arbitration_agreement_on="2024-03-01",
        arbitration_agreement="《商标许可合同》第十二条：争议提交晋城仲裁委员会仲裁。",
    )

    referral = ArbitrationReferral.objects.get(mediation_id=pk)
    referrals = "arbitration-referrals"
    for name, reason, payload in [
        (
            "record_acceptance",
            "仲裁委员会已受理",
            {"accepted_on": TODAY, "receiving_case_number": "(2026)晋城仲字第15号"},
        ),
        (
            "record_outcome",
            "仲裁庭作出裁决",
            {
                "outcome_kind": "award",
                "outcome_document_number": "(2026)晋城仲裁字第15号",
                "outcome_on": TODAY,
                "outcome_summary": "被申请人支付许可费六万元",
            },
        ),
        ("close", "裁决已送达，结案", {"closing_note": "已告知申请人履行与执行途径"}),
    ]:
        transitions = {
            t["name"]: t for t in as_user("mediator").get(f"/api/{referrals}/{referral.pk}/transitions/").json()
        }
        assert name in transitions, transitions
        fire(as_user("mediator"), referrals, referral.pk, name, reason, **payload)
    referral.refresh_from_db()
    assert referral.state == "closed"
    assert all(log.actor and log.reason for log in history_of(referral) if log.transition != "create")


def test_refusals_county_clerk_404_mediator_403_wrong_state_409(as_user, make_user):
    from casemgmt.org.models import Role

    request = public_application()  # filed for 沁水县
    county_clerk = APIClient()
    county_clerk.force_authenticate(make_user(Role.INTAKE_CLERK, "140525"))
    assert county_clerk.get(f"/api/assistance-requests/{request.pk}/").status_code == 404
    assert (
        county_clerk.post(
            f"/api/assistance-requests/{request.pk}/transitions/request_correction/", {"reason": "补正"}, format="json"
        ).status_code
        == 404
    )
    assert (
        as_user("mediator")
        .post(f"/api/assistance-requests/{request.pk}/transitions/accept/", {"reason": "受理"}, format="json")
        .status_code
        == 403
    )
    assert (
        as_user("centre_head")
        .post(
            f"/api/assistance-requests/{request.pk}/transitions/approve_and_close/",
            {"reason": "办结", "closing_report": "x"},
            format="json",
        )
        .status_code
        == 409
    )
    request.refresh_from_db()
    assert request.state == "submitted" and history_of(request).count() == 1
