"""The 专利侵权纠纷行政裁决书 names both sides. It was issued with the case number, the ruling text
and its basis only: served on the parties, it never said who had asked (请求人) and who was ruled
against (被请求人)."""

import datetime as dt

import pytest

from casemgmt.documents.models import OfficialDocument
from casemgmt.workflow.services import fire_transition

from .enforcement_factories import adjudication_request, bureau
from .factories import CITY

pytestmark = pytest.mark.django_db


def test_the_ruling_names_the_requesting_right_holder_and_the_respondent():
    city = bureau(CITY)
    officer, head = city.officers[0], city.head
    case = adjudication_request(received_on=dt.date.today() - dt.timedelta(days=20))
    steps = [
        ("examine", officer, {}),
        ("accept_request", head, {"officers": [o.pk for o in city.officers]}),
        ("serve_respondent", officer, {}),
        ("record_answer", officer, {"answer_text": "被控产品系现有设计。"}),
        ("hold_oral_hearing", officer, {"record": "双方到庭陈述。"}),
        (
            "adjudicate",
            head,
            {
                "infringement_found": True,
                "order_to_stop": True,
                "ruling_basis": "《中华人民共和国专利法》第六十五条",
                "ruling_text": "被请求人立即停止销售侵犯请求人外观设计专利权的产品。",
            },
        ),
    ]
    for name, actor, payload in steps:
        case = fire_transition(case, name, actor=actor, payload=payload)

    ruling = OfficialDocument.objects.get(kind="adjudication_ruling", object_id=case.pk)
    requester, respondent = case.right_holders[0], case.respondents[0]
    assert f"请求人：{requester.name}" in ruling.html
    assert f"被请求人：{respondent.name}" in ruling.html
    assert ruling.html.index(f"请求人：{requester.name}") < ruling.html.index("被请求人立即停止")
