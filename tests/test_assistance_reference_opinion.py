"""A request closed on the head's approval gives the applicant its opinion as a numbered 参考意见书
that says it is advisory only (DOMAIN §1: "仅供参考", not appealable)."""

import pytest

from casemgmt.documents.models import OfficialDocument
from casemgmt.org.models import Role
from casemgmt.workflow.services import fire_transition

from .factories import CITY, assistance_request

pytestmark = pytest.mark.django_db

OPINION = "经比对，被控标识与申请人注册商标构成近似，建议向市场监督管理部门投诉。"


def test_approving_and_closing_issues_a_numbered_reference_opinion_saying_it_is_advisory(make_user):
    clerk, head = make_user(Role.INTAKE_CLERK, CITY), make_user(Role.CENTRE_HEAD, CITY)
    handler = make_user(Role.HANDLER, CITY)
    request = assistance_request(actor=clerk)
    request = fire_transition(request, "accept", actor=head, reason="受理")
    request = fire_transition(request, "assign", actor=head, reason="指派", payload={"handler": handler.pk})
    request = fire_transition(request, "start", actor=handler, reason="开始")
    request = fire_transition(request, "submit_for_review", actor=handler, reason="提交", payload={"opinion": OPINION})

    fire_transition(request, "approve_and_close", actor=head, reason="审核", payload={"closing_report": "已出具意见。"})

    opinion = OfficialDocument.objects.get(object_id=request.pk, kind="assistance_reference_opinion")
    assert opinion.number_text.startswith("晋知援意〔")
    assert OPINION in opinion.html and "仅供参考" in opinion.html and "不能据此申请行政复议" in opinion.html
