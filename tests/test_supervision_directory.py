"""Directories of 双随机 supervision (agencies, inspectors and their conflicts), inspection items and
annual plans: CRUD through the audited door (one history row per write, none when refused),
jurisdiction (a county sees only its own records: 404 otherwise, never 403), the Excel import
(a bad sheet reports each bad row and imports nothing; a good one imports every row; importing it
again changes nothing; export → import round-trips) and the draw's inputs built from a plan."""

import io
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from casemgmt.errors import Conflict
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.selectors import history_of
from enforcement.supervision import draw
from enforcement.supervision.models import Agency, AnnualPlan, InspectionItem, Inspector, InspectorConflict
from enforcement.supervision.services import imports
from enforcement.supervision.services.plans import annual_plan_update, draw_inputs, plan_rules

from . import supervision_factories as sf
from .factories import CITY, GAOPING, ZEZHOU, UserFactory, jurisdiction

pytestmark = pytest.mark.django_db

rng = random.Random(20261202)
AGENCY_HEADERS = [column.header for column in imports.AGENCY_COLUMNS]
INSPECTOR_HEADERS = [column.header for column in imports.INSPECTOR_COLUMNS]


def code(area: str = "140525") -> str:
    return make_credit_code(rng, area)


def bad_check_digit(value: str) -> str:
    last = "0" if value[-1] != "0" else "1"
    return value[:-1] + last


def user(role=Role.OFFICER, area=ZEZHOU, **fields):
    return UserFactory(role=role, jurisdiction=jurisdiction(area), **fields)


def logs(model=None):
    queryset = TransitionLog.objects.all()
    if model is not None:
        queryset = queryset.filter(content_type=ContentType.objects.get_for_model(model))
    return queryset


def sheet(headers, rows) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(headers)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "名录.xlsx"):
    return SimpleUploadedFile(name, data, content_type=imports.XLSX_MEDIA_TYPE)


def post_sheet(client, url, data: bytes, **params):
    query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    return client.post(url + query, {"file": upload(data)}, format="multipart")


def agency_row(name, credit_code, *, kind="专利代理机构", county="泽州县", status="正常经营", risk="B", parent=""):
    return [
        name,
        kind,
        credit_code,
        "14051234",
        county,
        "泽州县南村镇1号",
        status,
        risk,
        "年度分类",
        "2026-01-15",
        parent,
    ]


# --- agencies: CRUD, history, jurisdiction ------------------------------------------------------


def test_an_officer_registers_an_agency_with_one_history_row(api):
    officer = user()
    value = code()
    response = api.as_user(officer).post(
        "/api/agencies/",
        {
            "kind": "patent_agency",
            "name": "晋城市泽州专利代理事务所",
            "credit_code": value.lower(),
            "jurisdiction": ZEZHOU,
            "risk_class": "C",
            "risk_reason": "上年度抽查发现问题",
            "reason": "新设立机构",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["credit_code"] == value  # normalised
    assert (body["state"], body["jurisdiction"], body["risk_set_on"]) == (
        "active",
        ZEZHOU,
        timezone.localdate().isoformat(),
    )
    [log] = history_of(Agency.objects.get(pk=body["id"]))
    assert (log.transition, log.reason, log.actor_id, log.jurisdiction_id) == (
        "create",
        "新设立机构",
        officer.pk,
        ZEZHOU,
    )


@pytest.mark.parametrize(
    "change, field",
    [
        ({"credit_code": "91140500MA0KXXXXX1"}, "credit_code"),
        ({"credit_code": "123"}, "credit_code"),
        ({"jurisdiction": CITY}, "jurisdiction"),
        ({"jurisdiction": GAOPING}, "jurisdiction"),
        ({"name": "  "}, "name"),
        ({"kind": "branch", "parent": None, "risk_class": "E"}, "risk_class"),
    ],
)
def test_a_bad_agency_is_refused_with_nothing_written(api, change, field):
    body = {"kind": "patent_agency", "name": "某代理所", "credit_code": code(), "jurisdiction": ZEZHOU} | change
    response = api.as_user(user()).post("/api/agencies/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Agency.objects.exists() and not logs().exists()


def test_a_registered_credit_code_is_refused_even_from_another_county(api):
    existing = sf.agency(GAOPING)
    body = {"kind": "patent_agency", "name": "某代理所", "credit_code": existing.credit_code, "jurisdiction": ZEZHOU}
    response = api.as_user(user()).post("/api/agencies/", body, format="json")
    assert response.status_code == 400
    assert "其他辖区" in response.json()["errors"]["credit_code"][0]


def test_changing_the_risk_class_needs_its_reason_and_dates_it(api):
    agency = sf.agency(ZEZHOU, risk_class="B")
    client = api.as_user(user())
    url = f"/api/agencies/{agency.pk}/"
    refused = client.patch(url, {"risk_class": "D"}, format="json")
    assert refused.status_code == 400 and "risk_reason" in refused.json()["errors"]
    assert not logs(Agency).exists()

    response = client.patch(
        url, {"risk_class": "D", "risk_reason": "被列入经营异常名录", "reason": "年度复核"}, format="json"
    )
    assert response.status_code == 200, response.content
    agency.refresh_from_db()
    assert (agency.risk_class, agency.risk_set_on) == ("D", timezone.localdate())
    [log] = history_of(agency)
    assert log.reason == "年度复核"
    assert {c["field"]: (c["old"], c["new"]) for c in log.changes}["risk_class"] == ("B", "D")

    unchanged = client.patch(url, {"risk_class": "D", "reason": "再次保存"}, format="json")
    assert unchanged.status_code == 200
    assert history_of(agency).count() == 1


def test_a_county_sees_only_its_own_agencies_and_another_countys_are_404(api):
    mine, theirs = sf.agency(ZEZHOU), sf.agency(GAOPING)
    client = api.as_user(user(area=ZEZHOU))
    listed = client.get("/api/agencies/").json()["results"]
    assert [row["id"] for row in listed] == [mine.pk]
    for method, body in (("get", None), ("patch", {"name": "改名"})):
        response = getattr(client, method)(f"/api/agencies/{theirs.pk}/", body, format="json")
        assert response.status_code == 404
    assert client.get(f"/api/agencies/{theirs.pk}/history/").status_code == 404
    assert not logs().exists()
    city = api.as_user(user(area=CITY)).get("/api/agencies/").json()["results"]
    assert {row["id"] for row in city} == {mine.pk, theirs.pk}


def test_an_auditor_reads_but_may_not_write(api):
    agency = sf.agency(ZEZHOU)
    client = api.as_user(user(Role.AUDITOR, CITY))
    assert client.get(f"/api/agencies/{agency.pk}/").status_code == 200
    assert client.patch(f"/api/agencies/{agency.pk}/", {"name": "x"}, format="json").status_code == 403
    body = {"kind": "patent_agency", "name": "某代理所", "credit_code": code(), "jurisdiction": ZEZHOU}
    assert client.post("/api/agencies/", body, format="json").status_code == 403
    assert post_sheet(client, "/api/agencies/import/", sheet(AGENCY_HEADERS, [])).status_code == 403
    assert not logs().exists()


def test_people_outside_supervision_see_no_agency(api):
    agency = sf.agency(ZEZHOU)
    client = api.as_user(user(Role.INTAKE_CLERK, CITY))
    assert client.get("/api/agencies/").json()["results"] == []
    assert client.get(f"/api/agencies/{agency.pk}/").status_code == 404


def test_the_list_filters_and_refuses_bad_filter_values(api):
    a = sf.agency(ZEZHOU, name="泽州甲专利代理所", risk_class="A")
    sf.agency(ZEZHOU, kind="trademark_agency", risk_class="C")
    sf.agency(GAOPING, status="cancelled")
    client = api.as_user(user(area=CITY))

    def ids(**params):
        response = client.get("/api/agencies/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(risk_class="A") == {a.pk}
    assert ids(q="泽州甲") == {a.pk} == ids(q=a.credit_code[:10])
    assert len(ids(jurisdiction=ZEZHOU)) == 2 and len(ids(status="cancelled")) == 1
    assert len(ids(kind="trademark_agency")) == 1
    for bad in ({"risk_class": "E"}, {"kind": "x"}, {"jurisdiction": "abc"}):
        assert client.get("/api/agencies/", bad).status_code == 400


def test_a_branch_names_its_head_office(api):
    head = sf.agency(ZEZHOU)
    client = api.as_user(user())
    body = {"kind": "branch", "name": "分所", "credit_code": code(), "jurisdiction": ZEZHOU, "parent": head.pk}
    response = client.post("/api/agencies/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["parent_credit_code"] == head.credit_code
    other = sf.agency(GAOPING)
    refused = client.post("/api/agencies/", body | {"credit_code": code(), "parent": other.pk}, format="json")
    assert refused.status_code == 400 and "parent" in refused.json()["errors"]
    not_branch = client.post("/api/agencies/", body | {"kind": "patent_agency", "credit_code": code()}, format="json")
    assert not_branch.status_code == 400 and "parent" in not_branch.json()["errors"]


# --- agencies: Excel --------------------------------------------------------------------------


def good_agency_sheet():
    codes = [code(), code(), code("140581")]
    rows = [
        agency_row("晋城市甲专利代理事务所", codes[0]),
        agency_row("晋城市乙商标代理有限公司", codes[1], kind="商标代理机构", risk="C类"),
        agency_row("晋城市甲专利代理事务所高平分所", codes[2], kind="分支机构", county="140581", parent=codes[0]),
    ]
    return codes, sheet(AGENCY_HEADERS, rows)


def test_a_good_sheet_imports_every_row_and_importing_it_again_changes_nothing(api):
    client = api.as_user(user(area=CITY))
    codes, data = good_agency_sheet()
    response = post_sheet(client, "/api/agencies/import/", data)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (3, 0, 0)
    branch = Agency.objects.get(credit_code=codes[2])
    assert (branch.kind, branch.parent.credit_code, branch.jurisdiction_id) == ("branch", codes[0], GAOPING)
    assert Agency.objects.get(credit_code=codes[1]).risk_class == "C"
    sha = imports.file_sha256(data)
    assert logs(Agency).count() == 3
    for log in logs(Agency):
        assert log.transition == "create" and sha in log.reason and log.payload["import_sha256"] == sha

    again = post_sheet(client, "/api/agencies/import/", data)
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["updated"], again.json()["unchanged"]) == (0, 0, 3)
    assert logs(Agency).count() == 3


def test_a_malformed_sheet_reports_each_bad_row_and_imports_nothing(api):
    client = api.as_user(user(area=CITY))
    existing = sf.agency(ZEZHOU, risk_class="B")
    good = code()
    rows = [
        agency_row("晋城市好代理所", good),  # row 2: fine
        agency_row("坏代码代理所", bad_check_digit(code())),  # row 3
        agency_row("未知县代理所", code(), county="太原市"),  # row 4
        agency_row("坏分类代理所", code(), risk="E"),  # row 5
        agency_row("重复代理所", good),  # row 6: same code as row 2
        agency_row("", code()),  # row 7: no name
        agency_row(existing.name, existing.credit_code, risk="D"),  # row 8: class changed, reason kept … fine
        agency_row("坏日期代理所", code())[:9] + ["2026-13-45", ""],  # row 9
    ]
    rows[6][8] = ""  # row 8: a changed class without its reason
    before = Agency.objects.count()
    response = post_sheet(client, "/api/agencies/import/", sheet(AGENCY_HEADERS, rows))
    assert response.status_code == 400, response.content
    reported = {entry["row"]: entry["errors"] for entry in response.json()["errors"]["rows"]}
    assert set(reported) == {3, 4, 5, 6, 7, 8, 9}
    assert "credit_code" in reported[3]
    assert "jurisdiction" in reported[4]
    assert "risk_class" in reported[5]
    assert "第2行" in reported[6]["credit_code"][0]
    assert "name" in reported[7]
    assert "risk_reason" in reported[8]
    assert "risk_set_on" in reported[9]
    assert Agency.objects.count() == before and not logs().exists()
    existing.refresh_from_db()
    assert existing.risk_class == "B"


def test_a_file_that_is_no_directory_sheet_is_refused(api):
    client = api.as_user(user(area=CITY))
    not_xlsx = post_sheet(client, "/api/agencies/import/", b"name,code\n")
    assert not_xlsx.status_code == 400 and "file" in not_xlsx.json()["errors"]
    wrong_columns = post_sheet(client, "/api/agencies/import/", sheet(["名称", "电话"], [["某所", "123"]]))
    assert wrong_columns.status_code == 400
    assert "统一社会信用代码" in wrong_columns.json()["errors"]["file"][0]
    missing = client.post("/api/agencies/import/", {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()["errors"]
    assert not Agency.objects.exists()


def test_a_dry_run_reports_without_writing(api):
    client = api.as_user(user(area=CITY))
    _, data = good_agency_sheet()
    response = post_sheet(client, "/api/agencies/import/", data, dry_run=1)
    assert response.status_code == 200
    assert response.json()["created"] == 3 and response.json()["dry_run"] is True
    assert not Agency.objects.exists() and not logs().exists()


def test_an_import_updates_changed_rows_with_one_history_row_each(api):
    client = api.as_user(user(area=CITY))
    codes, data = good_agency_sheet()
    post_sheet(client, "/api/agencies/import/", data)
    workbook = load_workbook(io.BytesIO(client.get("/api/agencies/", {"format": "xlsx"}).content))
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    target = next(row for row in rows if row[2] == codes[1])
    target[5] = "晋城市城区新址1号"
    target[7], target[8] = "A", "连续三年未发现问题"
    changed = sheet(AGENCY_HEADERS, rows)
    response = post_sheet(client, "/api/agencies/import/", changed)
    assert response.status_code == 200, response.content
    assert (response.json()["updated"], response.json()["unchanged"]) == (1, 2)
    agency = Agency.objects.get(credit_code=codes[1])
    assert (agency.address, agency.risk_class, agency.risk_set_on) == ("晋城市城区新址1号", "A", timezone.localdate())
    log = history_of(agency).last()
    assert log.transition == "edit" and imports.file_sha256(changed) in log.reason
    assert {c["field"] for c in log.changes} >= {"address", "risk_class", "risk_reason", "risk_set_on"}
    assert logs(Agency).count() == 4


def test_export_then_import_changes_nothing(api):
    head = sf.agency(ZEZHOU, risk_class="D", risk_set_on=date(2025, 6, 30))
    sf.agency(GAOPING, parent=head, status="suspended", address="", licence_number="")
    sf.agency(ZEZHOU, kind="trademark_agency", risk_set_on=None, risk_reason="")
    client = api.as_user(user(area=CITY))
    exported = client.get("/api/agencies/", {"format": "xlsx"})
    assert exported.status_code == 200
    assert exported["Content-Type"] == imports.XLSX_MEDIA_TYPE
    workbook = load_workbook(io.BytesIO(exported.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == AGENCY_HEADERS
    response = post_sheet(client, "/api/agencies/import/", exported.content)
    assert response.status_code == 200, response.content
    assert (response.json()["created"], response.json()["updated"], response.json()["unchanged"]) == (0, 0, 3)
    assert not logs().exists()


def test_the_export_follows_the_filters_and_the_template_is_an_empty_sheet(api):
    sf.agency(ZEZHOU, risk_class="A")
    sf.agency(ZEZHOU, risk_class="C")
    client = api.as_user(user(area=CITY))
    exported = client.get("/api/agencies/", {"format": "xlsx", "risk_class": "A"})
    rows = list(load_workbook(io.BytesIO(exported.content)).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [row[7] for row in rows] == ["A"]
    template = client.get("/api/agencies/import-template/")
    assert template.status_code == 200
    sheet_rows = list(load_workbook(io.BytesIO(template.content)).worksheets[0].iter_rows(values_only=True))
    assert sheet_rows == [tuple(AGENCY_HEADERS)]


def test_a_county_cannot_import_another_countys_agencies(api):
    theirs = sf.agency(GAOPING)
    client = api.as_user(user(area=ZEZHOU))
    rows = [
        agency_row("高平某所", code("140581"), county="高平市"),
        agency_row(theirs.name, theirs.credit_code, county="泽州县"),
    ]
    response = post_sheet(client, "/api/agencies/import/", sheet(AGENCY_HEADERS, rows))
    assert response.status_code == 400
    reported = {entry["row"]: entry["errors"] for entry in response.json()["errors"]["rows"]}
    assert "jurisdiction" in reported[2] and "credit_code" in reported[3]
    assert Agency.objects.count() == 1 and not logs().exists()


# --- inspectors -------------------------------------------------------------------------------


def test_an_officer_is_put_on_the_inspector_list(api):
    officer = user(certificate_number="14050300001")
    response = api.as_user(user()).post("/api/inspectors/", {"user": officer.pk, "specialities": "专利"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["certificate_number"], body["jurisdiction"], body["active"]) == ("14050300001", ZEZHOU, True)
    assert history_of(Inspector.objects.get(pk=body["id"])).count() == 1


@pytest.mark.parametrize(
    "who",
    ["clerk", "other_county", "inactive", "twice", "no_certificate", "wrong_county"],
)
def test_an_inspector_must_be_an_active_officer_of_that_jurisdiction(api, who):
    officer = user(certificate_number="14050300002")
    body = {"user": officer.pk}
    if who == "clerk":
        body["user"] = user(Role.INTAKE_CLERK).pk
    elif who == "other_county":
        body["user"] = user(area=GAOPING).pk
    elif who == "inactive":
        body["user"] = user(is_active=False).pk
    elif who == "twice":
        sf.inspector(officer)
    elif who == "no_certificate":
        body["user"] = user(certificate_number="").pk
    elif who == "wrong_county":
        body["jurisdiction"] = CITY
    before = logs().count()
    response = api.as_user(user()).post("/api/inspectors/", body, format="json")
    assert response.status_code == 400, response.content
    assert logs().count() == before


def test_taking_an_inspector_off_the_list_needs_a_reason(api):
    inspector = sf.inspector(jurisdiction_code=ZEZHOU)
    client = api.as_user(user())
    url = f"/api/inspectors/{inspector.pk}/"
    refused = client.patch(url, {"active": False}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    response = client.patch(url, {"active": False, "reason": "调离执法岗位"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "inactive"
    [log] = history_of(inspector)
    assert log.reason == "调离执法岗位"
    other = api.as_user(user(area=GAOPING)).patch(url, {"specialities": "商标"}, format="json")
    assert other.status_code == 404


def test_conflicts_are_declared_one_history_row_each_and_never_twice(api):
    inspector = sf.inspector(jurisdiction_code=ZEZHOU)
    near, far = sf.agency(ZEZHOU), sf.agency(GAOPING)
    client = api.as_user(user())
    url = f"/api/inspectors/{inspector.pk}/conflicts/"
    response = client.post(url, {"agency": near.pk, "reason": "配偶在该机构执业"}, format="json")
    assert response.status_code == 201, response.content
    # An agency of another county is named by its code (inspectors are sent to other counties).
    assert client.post(url, {"agency": far.pk, "reason": "x"}, format="json").status_code == 400
    response = client.post(url, {"credit_code": far.credit_code, "reason": "曾在该机构任职"}, format="json")
    assert response.status_code == 201
    assert [c["agency_credit_code"] for c in response.json()["conflicts"]] == [near.credit_code, far.credit_code]
    assert client.post(url, {"agency": near.pk, "reason": "再次"}, format="json").status_code == 400
    assert client.post(url, {"agency": near.pk}, format="json").status_code == 400
    assert [log.transition for log in history_of(inspector)] == ["declare_conflict", "declare_conflict"]
    assert api.as_user(user(Role.AUDITOR, CITY)).post(url, {"agency": near.pk, "reason": "x"}).status_code == 403


def inspector_sheet_rows(officers, agencies):
    return [
        [
            officers[0].username,
            officers[0].full_name,
            "14050311111",
            "泽州县",
            "专利、商标",
            "是",
            agencies[0].credit_code,
            "近亲属在该机构执业",
        ],
        [officers[1].username, "", "14050322222", "", "商标", "否", "", ""],
    ]


def test_inspectors_import_all_or_nothing_and_round_trip(api):
    officers = [user(), user()]
    agencies = [sf.agency(GAOPING), sf.agency(ZEZHOU)]
    client = api.as_user(user(area=CITY))
    data = sheet(INSPECTOR_HEADERS, inspector_sheet_rows(officers, agencies))
    response = post_sheet(client, "/api/inspectors/import/", data)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    first = Inspector.objects.get(user=officers[0])
    assert [c.agency for c in first.conflicts.all()] == [agencies[0]]
    assert Inspector.objects.get(user=officers[1]).active is False
    assert logs(Inspector).count() == 2  # the conflict is in the creation's row
    assert post_sheet(client, "/api/inspectors/import/", data).json()["unchanged"] == 2

    exported = client.get("/api/inspectors/", {"format": "xlsx"})
    again = post_sheet(client, "/api/inspectors/import/", exported.content)
    assert again.status_code == 200 and again.json()["unchanged"] == 2
    assert logs(Inspector).count() == 2

    # A new conflict is added to the row's one edit; a conflict cannot be withdrawn by a sheet.
    rows = inspector_sheet_rows(officers, agencies)
    rows[0][6] = f"{agencies[0].credit_code}、{agencies[1].credit_code}"
    rows[0][7] = "近亲属在该机构执业；曾在该机构兼职"
    added = post_sheet(client, "/api/inspectors/import/", sheet(INSPECTOR_HEADERS, rows))
    assert added.status_code == 200 and added.json()["updated"] == 1, added.content
    assert InspectorConflict.objects.get(inspector=first, agency=agencies[1]).reason == "曾在该机构兼职"
    assert history_of(first).last().transition == "edit"
    rows[0][6], rows[0][7] = agencies[1].credit_code, ""
    withdrawn = post_sheet(client, "/api/inspectors/import/", sheet(INSPECTOR_HEADERS, rows))
    assert withdrawn.status_code == 400
    assert "撤销" in withdrawn.json()["errors"]["rows"][0]["errors"]["conflicts"][0]


def test_a_bad_inspector_sheet_reports_each_row(api):
    officer = user()
    clerk = user(Role.INTAKE_CLERK)
    client = api.as_user(user(area=ZEZHOU))
    rows = [
        [officer.username, "别人", "1", "", "", "是", "", ""],  # row 2: wrong name
        [clerk.username, "", "1", "", "", "是", "", ""],  # row 3: not an officer
        ["nobody", "", "1", "", "", "是", "", ""],  # row 4: unknown account
        [user(area=GAOPING).username, "", "1", "", "", "是", "", ""],  # row 5: another county
        [user().username, "", "1", "", "", "也许", "", ""],  # row 6: bad flag
        [user().username, "", "1", "", "", "是", code(), "x"],  # row 7: unknown agency
        [user().username, "", "1", "", "", "是", sf.agency().credit_code, ""],  # row 8: no reason
    ]
    response = post_sheet(client, "/api/inspectors/import/", sheet(INSPECTOR_HEADERS, rows))
    assert response.status_code == 400
    reported = {entry["row"]: entry["errors"] for entry in response.json()["errors"]["rows"]}
    assert reported.keys() == {2, 3, 4, 5, 6, 7, 8}
    assert "name" in reported[2] and "username" in reported[3] and "username" in reported[5]
    assert "active" in reported[6] and "conflicts" in reported[7] and "conflict_reasons" in reported[8]
    assert not Inspector.objects.exists() and not logs().exists()


# --- inspection items and annual plans ---------------------------------------------------------


def test_the_city_keeps_the_inspection_items(api):
    body = {"code": "ZL-01", "name": "执业许可情况", "kind": "key", "legal_basis": "《专利代理条例》第九条"}
    county = api.as_user(user(area=ZEZHOU)).post("/api/inspection-items/", body, format="json")
    assert county.status_code == 403
    client = api.as_user(user(Role.AGENCY_HEAD, CITY))
    response = client.post("/api/inspection-items/", body, format="json")
    assert response.status_code == 201, response.content
    item = InspectionItem.objects.get(code="ZL-01")
    assert client.post("/api/inspection-items/", body, format="json").status_code == 400
    url = f"/api/inspection-items/{item.pk}/"
    assert client.patch(url, {"active": False}, format="json").status_code == 400
    assert client.patch(url, {"active": False, "reason": "事项已取消"}, format="json").status_code == 200
    assert [log.transition for log in history_of(item)] == ["create", "edit"]
    assert api.as_user(user(area=ZEZHOU)).get(url).status_code == 200


def plan_body(items, **changes):
    return {
        "jurisdiction": CITY,
        "year": 2026,
        "title": "2026年度专利商标代理机构双随机抽查计划",
        "class_rules": [
            {"risk_class": "A", "ratio": "0.05"},
            {"risk_class": "B", "ratio": "0.1"},
            {"risk_class": "D", "count": 3},
        ],
        "items": [item.pk for item in items],
        "not_inspected_months": 12,
    } | changes


def test_a_plan_is_drawn_up_filed_and_then_fixed(api):
    items = [sf.inspection_item(), sf.inspection_item(kind="key")]
    client = api.as_user(user(Role.AGENCY_HEAD, CITY))
    response = client.post("/api/annual-plans/", plan_body(items), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["exclude_same_county"] is True and body["state"] == "draft"
    assert body["class_rules"] == [
        {"risk_class": "A", "ratio": "0.0500", "count": None},
        {"risk_class": "B", "ratio": "0.1000", "count": None},
        {"risk_class": "D", "ratio": None, "count": 3},
    ]
    plan = AnnualPlan.objects.get(pk=body["id"])
    url = f"/api/annual-plans/{plan.pk}/"

    edited = client.patch(url, {"class_rules": [{"risk_class": "C", "ratio": "0.2"}], "reason": "调整"}, format="json")
    assert edited.status_code == 200, edited.content
    change = history_of(plan).last().changes[0]
    assert (change["field"], change["new"]) == ("class_rules", "C类 20%")

    filed = client.post(
        f"{url}file/", {"filed_with": "山西省市场监督管理局", "filing_number": "晋市监备〔2026〕3号"}, format="json"
    )
    assert filed.status_code == 200, filed.content
    assert filed.json()["state"] == "filed" and filed.json()["filed_on"] == timezone.localdate().isoformat()
    rows = history_of(plan).count()

    for change in (
        {"class_rules": [{"risk_class": "C", "ratio": "0.3"}]},
        {"items": [items[0].pk]},
        {"team_size": 3},
        {"not_inspected_months": None},
    ):
        assert client.patch(url, change, format="json").status_code == 409
    assert client.post(f"{url}file/", {"filed_with": "x", "filing_number": "y"}, format="json").status_code == 409
    assert client.patch(url, {"title": "2026年度抽查计划（修订名称）"}, format="json").status_code == 200
    # The same rules sent again change nothing, which a filed plan allows.
    same = client.patch(url, {"class_rules": [{"risk_class": "C", "ratio": "0.2"}]}, format="json")
    assert same.status_code == 200
    assert history_of(plan).count() == rows + 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"class_rules": [{"risk_class": "A", "ratio": "0.1", "count": 2}]}, "class_rules"),
        ({"class_rules": [{"risk_class": "A", "ratio": "1.5"}]}, "class_rules"),
        ({"class_rules": [{"risk_class": "A", "ratio": "0.1"}, {"risk_class": "A", "count": 1}]}, "class_rules"),
        ({"class_rules": []}, "class_rules"),
        ({"items": []}, "items"),
        ({"jurisdiction": ZEZHOU, "exclude_same_county": True}, "exclude_same_county"),
        ({"jurisdiction": GAOPING}, "jurisdiction"),
        ({"team_size": 1}, "team_size"),
        ({"not_inspected_months": 0}, "not_inspected_months"),
    ],
)
def test_a_bad_plan_is_refused(api, changes, field):
    items = [sf.inspection_item()]
    client = api.as_user(user(Role.AGENCY_HEAD, ZEZHOU))
    response = client.post("/api/annual-plans/", plan_body(items, jurisdiction=ZEZHOU) | changes, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not AnnualPlan.objects.exists() and not logs().exists()


def test_a_county_plan_draws_its_own_inspectors_and_is_404_to_other_counties(api):
    items = [sf.inspection_item()]
    client = api.as_user(user(Role.OFFICER, ZEZHOU))
    response = client.post("/api/annual-plans/", plan_body(items, jurisdiction=ZEZHOU), format="json")
    assert response.status_code == 201 and response.json()["exclude_same_county"] is False
    url = f"/api/annual-plans/{response.json()['id']}/"
    other = api.as_user(user(Role.AGENCY_HEAD, GAOPING))
    assert other.get(url).status_code == 404
    assert other.post(f"{url}file/", {"filed_with": "x", "filing_number": "y"}, format="json").status_code == 404


def test_a_filed_plan_refuses_rule_changes_in_the_service_too():
    plan = sf.annual_plan(CITY, {"A": "0.1"}, filed=True)
    with pytest.raises(Conflict):
        annual_plan_update(plan, actor=user(Role.AGENCY_HEAD, CITY), rounding="floor")


def test_plan_rules_are_the_draws_rules():
    plan = sf.annual_plan(
        CITY,
        {"A": "0.05", "B": Decimal("0.1")},
        counts={"D": 4},
        team_size=3,
        not_inspected_months=6,
        rounding="half_up",
    )
    rules = plan_rules(plan, date(2026, 5, 1))
    assert rules == draw.PlanRules(
        as_of=date(2026, 5, 1),
        ratios={"A": Decimal("0.05"), "B": Decimal("0.1")},
        counts={"D": 4},
        rounding="half_up",
        team_size=3,
        exclude_same_county=True,
        not_inspected_months=6,
    )


def test_draw_inputs_hold_the_plans_scope_active_entries_and_conflicts():
    inspected = date(2026, 1, 10)
    zezhou = sf.agency(ZEZHOU, risk_class="A", last_inspected_on=inspected)
    gaoping = sf.agency(GAOPING, risk_class="C")
    sf.agency(ZEZHOU, status="cancelled")
    sf.agency(GAOPING, status="suspended")
    near = sf.inspector(jurisdiction_code=ZEZHOU, conflicts=[zezhou])
    far = sf.inspector(jurisdiction_code=GAOPING, conflicts=[gaoping])
    city = sf.inspector(jurisdiction_code=CITY)
    sf.inspector(jurisdiction_code=ZEZHOU, active=False)
    sf.inspector(user(is_active=False))
    sf.inspector(user(Role.AGENCY_HEAD, GAOPING))
    moved = sf.inspector(jurisdiction_code=ZEZHOU)
    moved.user.role = Role.LEGAL_REVIEWER
    moved.user.save()

    agencies, inspectors = draw_inputs(sf.annual_plan(CITY), date(2026, 6, 1))
    assert agencies == [
        draw.Agency(zezhou.pk, ZEZHOU, "A", inspected),
        draw.Agency(gaoping.pk, GAOPING, "C", None),
    ]
    head = Inspector.objects.get(user__role=Role.AGENCY_HEAD)
    assert inspectors == sorted(
        [
            draw.Inspector(near.pk, ZEZHOU, frozenset({zezhou.pk})),
            draw.Inspector(far.pk, GAOPING, frozenset({gaoping.pk})),
            draw.Inspector(city.pk, CITY, frozenset()),
            draw.Inspector(head.pk, GAOPING, frozenset()),
        ],
        key=lambda i: i.id,
    )

    county_agencies, county_inspectors = draw_inputs(
        sf.annual_plan(ZEZHOU, exclude_same_county=False), date(2026, 6, 1)
    )
    assert [a.id for a in county_agencies] == [zezhou.pk]
    assert [i.id for i in county_inspectors] == [near.pk]
    # The county's lists know nothing of other counties' agencies, so a conflict with one is left out.
    draw.canonical_inputs(county_agencies, county_inspectors, plan_rules(sf.annual_plan(ZEZHOU), date(2026, 6, 1)))


def test_the_factories_make_a_filed_plan_with_items():
    plan = sf.annual_plan(ZEZHOU, {"A": "0.2"}, filed=True, exclude_same_county=False)
    assert plan.is_filed and plan.items.count() == 2
    assert plan_rules(plan, timezone.localdate() - timedelta(days=1)).ratios == {"A": Decimal("0.2")}


def test_the_admin_shows_the_directories_read_only(client):
    agency = sf.agency(ZEZHOU)
    inspector = sf.inspector(conflicts=[agency])
    plan = sf.annual_plan(CITY)
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    for obj in (agency, inspector, plan, plan.items.first()):
        opts = obj._meta
        page = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert client.post(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/", {}).status_code == 403


def test_texts_that_look_like_formulas_stay_texts_and_control_characters_are_refused(api):
    sf.agency(ZEZHOU, name='=HYPERLINK("http://x")代理所', address="+1-2")
    client = api.as_user(user(area=CITY))
    exported = client.get("/api/agencies/", {"format": "xlsx"}).content
    [row] = load_workbook(io.BytesIO(exported)).worksheets[0].iter_rows(min_row=2, values_only=True)
    assert row[0] == '=HYPERLINK("http://x")代理所'
    assert post_sheet(client, "/api/agencies/import/", exported).json()["unchanged"] == 1
    body = {"kind": "patent_agency", "name": "代理\x01所", "credit_code": code(), "jurisdiction": ZEZHOU}
    response = client.post("/api/agencies/", body, format="json")
    assert response.status_code == 400 and "name" in response.json()["errors"]
