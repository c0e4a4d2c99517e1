"""Writes to the party registry go through the audited door: registering and correcting a party
each append exactly one history row naming the actor and the reason (a correction with each
changed field old → new); a refused write appends none. Parties have no jurisdiction, so their
rows have none either."""

import random

import pytest
from django.contrib.contenttypes.models import ContentType

from casemgmt.errors import Forbidden, Invalid
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code, make_id_number
from casemgmt.parties.models import Party
from casemgmt.parties.services import party_create, party_update
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.selectors import history_of

from .factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

rng = random.Random(11)


@pytest.fixture
def clerk(make_user):
    return make_user(Role.INTAKE_CLERK, full_name="王登记", username="wangdengji")


def party_logs():
    return TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(Party))


def test_registering_a_party_writes_one_creation_row_with_actor_and_reason(clerk, api):
    code = make_credit_code(rng)
    response = api.as_user(clerk).post(
        "/api/parties/",
        {"kind": "organization", "name": "晋城市测试铸造有限公司", "credit_code": code, "reason": "受理投诉时登记"},
        format="json",
    )
    assert response.status_code == 201, response.content
    party = Party.objects.get(credit_code=code)
    [log] = history_of(party)
    assert (log.transition, log.source, log.reason) == ("create", "", "受理投诉时登记")
    assert (log.actor, log.actor_username, log.actor_name, log.actor_role) == (
        clerk,
        "wangdengji",
        "王登记",
        Role.INTAKE_CLERK,
    )
    assert log.jurisdiction_id is None


def test_registering_without_a_reason_records_a_default_one(clerk, api):
    code = make_credit_code(rng)
    api.as_user(clerk).post(
        "/api/parties/", {"kind": "organization", "name": "某公司", "credit_code": code}, format="json"
    )
    [log] = history_of(Party.objects.get(credit_code=code))
    assert log.reason == "登记当事人"


def test_correcting_a_party_writes_one_row_with_each_change_old_to_new(clerk, api):
    party = OrganizationFactory(name="旧名称有限公司", address="旧地址")
    response = api.as_user(clerk).patch(
        f"/api/parties/{party.pk}/",
        {"name": "新名称有限公司", "address": "新地址", "reason": "工商变更登记"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "新名称有限公司"
    [log] = history_of(party)
    assert (log.transition, log.transition_label, log.reason, log.actor_name) == (
        "edit",
        "修改当事人信息",
        "工商变更登记",
        "王登记",
    )
    assert {(c["field"], c["old"], c["new"]) for c in log.changes} == {
        ("name", "旧名称有限公司", "新名称有限公司"),
        ("address", "旧地址", "新地址"),
    }
    assert log.jurisdiction_id is None
    party.refresh_from_db()
    assert (party.name, party.address) == ("新名称有限公司", "新地址")


def test_a_correction_without_a_reason_is_labelled_and_a_put_works_too(clerk, api):
    party = OrganizationFactory()
    body = {"kind": party.kind, "name": "整体更新有限公司", "credit_code": party.credit_code, "phone": "0356-1234567"}
    assert api.as_user(clerk).put(f"/api/parties/{party.pk}/", body, format="json").status_code == 200
    [log] = history_of(party)
    assert log.reason == "修改当事人信息"
    assert {c["field"] for c in log.changes} == {"name", "phone"}


def test_identity_fields_may_still_be_corrected_through_the_api_and_are_logged(make_user, api):
    officer = make_user(Role.OFFICER)
    person = PersonFactory()
    new_number = make_id_number(rng)
    response = api.as_user(officer).patch(
        f"/api/parties/{person.pk}/", {"id_number": new_number, "reason": "身份证号录入有误"}, format="json"
    )
    assert response.status_code == 200, response.content
    [log] = history_of(person)
    assert [(c["field"], c["old"], c["new"]) for c in log.changes] == [("id_number", person.id_number, new_number)]


def test_an_update_changing_nothing_writes_no_row(clerk, api):
    party = OrganizationFactory()
    response = api.as_user(clerk).patch(f"/api/parties/{party.pk}/", {"name": party.name}, format="json")
    assert response.status_code == 200
    assert not party_logs().exists()


@pytest.mark.parametrize(
    "body",
    [
        {"credit_code": "91140500MA0K00001X"},  # bad check digit
        {"name": "  "},
        {"kind": "person"},  # a person needs an ID number, not a credit code
        {"name": "合法的名字", "reason": ["不是文字"]},
    ],
)
def test_refused_corrections_write_nothing(clerk, api, body):
    party = OrganizationFactory(name="原名称有限公司")
    response = api.as_user(clerk).patch(f"/api/parties/{party.pk}/", body, format="json")
    assert response.status_code == 400
    party.refresh_from_db()
    assert party.name == "原名称有限公司" and party.kind == "organization"
    assert not party_logs().exists()


def test_taking_another_partys_code_is_refused_without_a_row(clerk, api):
    first, second = OrganizationFactory(), OrganizationFactory()
    response = api.as_user(clerk).patch(f"/api/parties/{second.pk}/", {"credit_code": first.credit_code}, format="json")
    assert response.status_code == 400
    assert "credit_code" in response.json()["errors"]
    assert not party_logs().exists()


def test_refused_registrations_write_nothing(clerk, make_user, api):
    existing = OrganizationFactory()
    duplicate = {"kind": "organization", "name": "另一个名字", "credit_code": existing.credit_code}
    assert api.as_user(clerk).post("/api/parties/", duplicate, format="json").status_code == 400
    auditor = make_user(Role.AUDITOR)
    fresh = {"kind": "organization", "name": "某公司", "credit_code": make_credit_code(rng)}
    assert api.as_user(auditor).post("/api/parties/", fresh, format="json").status_code == 403
    assert api.as_user(auditor).patch(f"/api/parties/{existing.pk}/", {"name": "改"}, format="json").status_code == 403
    assert Party.objects.count() == 1 and not party_logs().exists()


def test_the_services_check_the_writer_themselves(make_user):
    """Not only the API: a caller without a writing role is refused by the service."""
    auditor = make_user(Role.AUDITOR)
    party = OrganizationFactory()
    with pytest.raises(Forbidden):
        party_create(actor=auditor, kind="organization", name="某公司", credit_code=make_credit_code(rng))
    with pytest.raises(Forbidden):
        party_update(party, actor=auditor, name="改")
    with pytest.raises(Invalid):
        party_create(
            actor=make_user(Role.INTAKE_CLERK), kind="organization", name="重复", credit_code=party.credit_code
        )
    assert Party.objects.count() == 1 and not party_logs().exists()
