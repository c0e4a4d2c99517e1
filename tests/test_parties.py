"""Party registry (当事人): codes validated by check digit, one party per code, ID numbers masked
for roles that do not need them, lookups by name or code."""

import random

import pytest

from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code, make_id_number
from casemgmt.parties.models import Party

from .factories import OrganizationFactory, PersonFactory

rng = random.Random(7)


@pytest.fixture
def clerk(make_user):
    return make_user(Role.INTAKE_CLERK)


@pytest.mark.django_db
def test_an_organization_with_a_valid_credit_code_is_registered(clerk, api):
    code = make_credit_code(rng)
    response = api.as_user(clerk).post(
        "/api/parties/", {"kind": "organization", "name": "晋城市测试铸造有限公司", "credit_code": code}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Party.objects.get(credit_code=code).name == "晋城市测试铸造有限公司"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "organization", "name": "某公司", "credit_code": "91140500MA0K00001X"}, "credit_code"),
        ({"kind": "organization", "name": "某公司"}, "credit_code"),
        ({"kind": "person", "name": "张三", "id_number": "140502199001011231"}, "id_number"),
        ({"kind": "person", "name": "张三"}, "id_number"),
        ({"kind": "robot", "name": "张三"}, "kind"),
        ({"kind": "organization", "name": "   ", "credit_code": make_credit_code(rng)}, "name"),
    ],
)
def test_invalid_parties_are_refused_with_field_errors_and_nothing_written(clerk, api, body, field):
    response = api.as_user(clerk).post("/api/parties/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Party.objects.count() == 0


@pytest.mark.django_db
def test_one_party_per_code(clerk, api):
    existing = OrganizationFactory()
    response = api.as_user(clerk).post(
        "/api/parties/",
        {"kind": "organization", "name": "另一个名字", "credit_code": existing.credit_code},
        format="json",
    )
    assert response.status_code == 400
    assert "credit_code" in response.json()["errors"]
    assert Party.objects.count() == 1


@pytest.mark.django_db
def test_lookup_by_name_or_code(clerk, api):
    target = OrganizationFactory(name="沁水蓝焰煤层气装备有限公司")
    OrganizationFactory(name="泽州县巴公铸造有限公司")
    client = api.as_user(clerk)
    by_name = client.get("/api/parties/", {"q": "煤层气"}).json()["results"]
    by_code = client.get("/api/parties/", {"q": target.credit_code}).json()["results"]
    assert [p["id"] for p in by_name] == [target.pk] == [p["id"] for p in by_code]


@pytest.mark.django_db
def test_id_numbers_are_masked_for_roles_that_do_not_need_them(make_user, api):
    person = PersonFactory(id_number=make_id_number(rng), phone="13803561234")
    full = api.as_user(make_user(Role.OFFICER)).get(f"/api/parties/{person.pk}/").json()
    masked = api.as_user(make_user(Role.AUDITOR)).get(f"/api/parties/{person.pk}/").json()
    assert full["id_number"] == person.id_number
    assert masked["id_number"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert masked["phone"] == "138****1234"
    export = api.as_user(make_user(Role.AUDITOR)).get("/api/parties/", {"format": "xlsx"})
    assert export.status_code == 200
    assert person.id_number.encode() not in export.content


@pytest.mark.django_db
def test_auditors_cannot_write_parties(make_user, api):
    response = api.as_user(make_user(Role.AUDITOR)).post(
        "/api/parties/", {"kind": "organization", "name": "某公司", "credit_code": make_credit_code(rng)}, format="json"
    )
    assert response.status_code == 403
    assert Party.objects.count() == 0


@pytest.mark.django_db
def test_lowercase_credit_code_is_normalised(clerk, api):
    code = make_credit_code(rng)
    response = api.as_user(clerk).post(
        "/api/parties/", {"kind": "individual_business", "name": "某个体户", "credit_code": code.lower()}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["credit_code"] == code


@pytest.mark.django_db
@pytest.mark.parametrize("area", ["140502", "140525", "140581", "140571"])
def test_generated_id_numbers_pass_the_same_validation_as_user_input(area, clerk, api):
    number = make_id_number(rng, area)
    response = api.as_user(clerk).post(
        "/api/parties/", {"kind": "person", "name": "王五", "id_number": number}, format="json"
    )
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_an_id_number_whose_area_code_never_existed_is_a_400(clerk, api):
    # 140599 was never a division code; the check digit (5) is right, so only the area code is wrong.
    response = api.as_user(clerk).post(
        "/api/parties/", {"kind": "person", "name": "王五", "id_number": "140599199605180405"}, format="json"
    )
    assert response.status_code == 400 and "前6位" in response.json()["errors"]["id_number"][0]
    assert Party.objects.count() == 0


@pytest.mark.django_db
def test_search_box_suggests_party_names_while_typing_without_id_numbers(clerk, api):
    OrganizationFactory(name="沁水蓝焰煤层气装备有限公司")
    OrganizationFactory(name="晋城市煤层气开发利用有限公司")
    person = PersonFactory(name="煤小明")
    client = api.as_user(clerk)
    body = client.get("/api/search/suggest/", {"q": "煤"}).json()
    names = [s["name"] for s in body["suggestions"]]
    assert names[0] == "煤小明" and set(names[1:]) == {"沁水蓝焰煤层气装备有限公司", "晋城市煤层气开发利用有限公司"}
    assert person.id_number not in str(body)
    assert client.get("/api/search/suggest/", {"q": ""}).status_code == 400
    api.force_authenticate(None)
    assert api.get("/api/search/suggest/", {"q": "煤"}).status_code == 401
