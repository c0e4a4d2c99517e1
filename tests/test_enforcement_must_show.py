"""The enforcement issue's main path in one piece, through the API: a clue → filed → a raid logged by
two officers with a hashed photo → review → prior notice → decision with 文号 → served → paid →
closed → published; the public API finds it by the party's credit code with the natural person's
ID number and phone masked; withdrawing it takes it off every public path at once."""

import datetime as dt
import hashlib
import random

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from casemgmt.parties.codes import make_credit_code, make_id_number
from enforcement.models import EnforcementCase, PenaltyDecision

from .enforcement_factories import bureau, raid_start
from .factories import CITY
from .uploads import png_bytes, upload

rng = random.Random(44)
URL = "/api/enforcement-cases/"
PUBLIC = "/api/public/penalty-decisions/"


@pytest.fixture
def city(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return bureau(CITY)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def step(user, case_id, name, body=None):
    response = client_for(user).post(f"{URL}{case_id}/transitions/{name}/", body or {}, format="json")
    assert response.status_code == 200, (name, response.content.decode())
    return response.json()


def test_clue_to_published_decision_and_withdrawal(city):
    officer, second, head, reviewer = city.officers[0], city.officers[1], city.head, city.reviewer
    credit_code = make_credit_code(rng)
    representative_id, representative_phone = make_id_number(rng), "13835612345"
    created = client_for(officer).post(
        URL,
        {
            "procedure": "penalty",
            "kind": "trademark_infringement",
            "clue_source": "complaint",
            "title": "销售假冒“丹河”注册商标的树脂镜片",
            "facts": "举报人反映当事人在眼镜市场销售假冒注册商标的树脂镜片。",
            "received_on": timezone.localdate().isoformat(),
            "illegal_turnover": "80000.00",
            "parties": [
                {
                    "role": "respondent",
                    "party": {
                        "kind": "organization",
                        "name": "晋城市明视眼镜有限公司",
                        "credit_code": credit_code,
                        "address": "晋城市城区凤台东街12号",
                    },
                }
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content.decode()
    case_id = created.json()["id"]

    step(officer, case_id, "start_verification")
    violation_on = (timezone.localdate() - dt.timedelta(days=20)).isoformat()
    step(head, case_id, "file_case", {"officers": [officer.pk, second.pk], "violation_on": violation_on})
    step(second, case_id, "start_investigation")

    raid = client_for(officer).post(
        f"{URL}{case_id}/inspections/",
        {
            "started_at": raid_start().isoformat(),
            "ended_at": timezone.now().isoformat(),
            "place": "晋城市城区凤台东街眼镜市场12号商铺及后仓",
            "officers": [officer.pk, second.pk],
            "certificates_shown": True,
            "persons_present": [{"name": "王建军", "role": "principal", "id_number": representative_id}],
            "findings": "后仓堆放标有“丹河”商标的树脂镜片约1,200副，无进货票据。",
            "signature": "signed",
        },
        format="json",
    )
    assert raid.status_code == 201, raid.content.decode()
    assert {o["id"] for o in raid.json()["officers"]} == {officer.pk, second.pk}
    photo = png_bytes()
    evidence = client_for(officer).post(
        f"{URL}{case_id}/inspections/{raid.json()['id']}/evidence/",
        {"file": upload("后仓货架.png", photo), "description": "后仓货架"},
        format="multipart",
    )
    assert evidence.status_code == 201, evidence.content.decode()
    assert hashlib.sha256(photo).hexdigest() in evidence.content.decode()

    step(officer, case_id, "close_investigation", {"investigation_report": "事实清楚，证据确凿。"})
    step(officer, case_id, "submit_for_review")
    step(reviewer, case_id, "approve_review", {"review_opinion": "事实清楚，适用依据正确，程序合法。"})
    step(officer, case_id, "notify", {"proposed_penalty": "拟罚款50,000元。", "proposed_fine": "50000.00"})
    step(officer, case_id, "record_statement", {"waived": True})
    facts = (
        f"当事人法定代表人王建军（公民身份号码：{representative_id}，联系电话：{representative_phone}）到场。\n"
        "当事人销售假冒注册商标的树脂镜片，违法经营额80,000.00元。"
    )
    decided = step(
        head,
        case_id,
        "decide",
        {
            "outcome": "penalty",
            "violation_type": "销售侵犯注册商标专用权的商品",
            "legal_basis": "《中华人民共和国商标法》第六十条第二款",
            "fine_amount": "50000.00",
            "confiscated_items": "侵权镜片1,200副",
            "order_to_stop": True,
            "facts": facts,
        },
    )
    number = decided["penalty_decision"]["number"]
    assert number == f"晋市监罚〔{timezone.localdate().year}〕1号"
    step(officer, case_id, "serve", {"service_method": "direct"})
    step(officer, case_id, "start_execution")
    decision = PenaltyDecision.objects.get(case_id=case_id)
    paid = client_for(officer).post(
        f"/api/penalty-decisions/{decision.pk}/payments/",
        {"amount": "50000.00", "paid_on": timezone.localdate().isoformat(), "receipt_number": "晋财缴2026-0101"},
        format="json",
    )
    assert paid.status_code == 201, paid.content.decode()
    assert step(head, case_id, "close", {"closing_report": "罚没款已缴清。"})["state"] == "closed"
    assert EnforcementCase.objects.get(pk=case_id).state == "closed"

    publication = client_for(reviewer).get("/api/publications/").json()["results"][0]
    assert (
        client_for(reviewer)
        .post(f"/api/publications/{publication['id']}/transitions/publish/", {"reason": "已核对"}, format="json")
        .status_code
        == 200
    )

    public = APIClient()
    found = public.get(PUBLIC, {"q": credit_code}).json()["results"]
    assert [row["number"] for row in found] == [number]
    detail = public.get(f"{PUBLIC}{found[0]['id']}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert representative_id not in body and representative_phone not in body
    assert "晋城市明视眼镜有限公司" in body

    withdrawn = client_for(reviewer).post(
        f"/api/publications/{publication['id']}/transitions/withdraw/",
        {"reason": "复议撤销", "public_reason": "该决定已被依法撤销。"},
        format="json",
    )
    assert withdrawn.status_code == 200, withdrawn.content.decode()
    assert public.get(PUBLIC, {"q": credit_code}).json()["results"] == []
    assert public.get(PUBLIC, {"q": number}).json()["results"] == []
    assert public.get(f"{PUBLIC}{found[0]['id']}/").status_code == 404
    assert public.get(f"/public/penalties/{found[0]['id']}/").status_code == 404
