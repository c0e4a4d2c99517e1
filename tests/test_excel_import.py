"""Importing historical assistance requests from Excel (issue 15 item 2): all rows or none, each
bad row reported by row and column; imported requests enter their state without transitions and
carry one "imported" history row naming the file's hash."""

import hashlib
import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from casemgmt.calendar.models import Deadline
from casemgmt.files.models import Attachment
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.parties.models import Party
from casemgmt.workflow.models import TransitionLog
from cases.models import AssistanceRequest
from cases.services.imports import ASSISTANCE_COLUMNS

from .factories import CITY, GAOPING, ZEZHOU, UserFactory, jurisdiction
from .identifiers import valid_id_number

pytestmark = pytest.mark.django_db

URL = "/api/assistance-requests/import/"
HEADERS = [column.header for column in ASSISTANCE_COLUMNS]


def _row(**values) -> list:
    rng = random.Random(values.pop("seed", 1))
    base = {
        "区划代码": ZEZHOU,
        "申请人类型": "法人或其他组织",
        "申请人名称": "晋城市导入测试光学有限公司",
        "申请人统一社会信用代码或身份证号": make_credit_code(rng, "140525"),
        "联系电话": "13903561234",
        "对方当事人类型": "自然人",
        "对方当事人名称": "王某",
        "对方当事人统一社会信用代码或身份证号": valid_id_number(rng),
        "事项": "测距模组外观设计专利被仿制",
        "知识产权类型": "专利",
        "援助类型": "侵权判定参考意见",
        "事实与理由": "申请人发现对方销售的测距模组外观与其专利高度近似。",
        "状态": "已办结",
        "申请日期": "2024-03-01",
        "受理日期": "2024-03-05",
        "办结日期": "2024-04-10",
        "援助意见": "构成近似，建议协商。",
    }
    base.update(values)
    return [base.get(header, "") for header in HEADERS]


def _sheet(rows: list[list], name: str = "历史援助案件.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _post(user, upload):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(URL, {"file": upload}, format="multipart")


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (AssistanceRequest, Party, TransitionLog, Deadline, Attachment)
    }


@pytest.fixture
def clerk():
    return UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))


def test_template_has_the_chinese_headers_of_the_import(clerk):
    client = APIClient()
    client.force_authenticate(clerk)
    response = client.get("/api/assistance-requests/import-template/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_a_malformed_sheet_reports_each_bad_row_and_writes_nothing(clerk):
    rows = [
        _row(seed=1),  # good: row 2
        _row(seed=2, **{"申请人统一社会信用代码或身份证号": "91140525MA0KXXXXX1"}),  # row 3: bad check digit
        _row(seed=3, 状态="已拍板"),  # row 4: no such state
        _row(seed=4, 受理日期="2024-13-40"),  # row 5: no such date
        _row(seed=5, 知识产权类型="商业秘密以外", 事项=""),  # row 6: two bad columns
        _row(seed=6, 状态="已指派", 办结日期=""),  # row 7: an assigned request needs its handler
    ]
    before = _counts()

    response = _post(clerk, _sheet(rows))

    assert response.status_code == 400, response.content.decode()
    bad = {entry["row"]: entry["errors"] for entry in response.json()["errors"]["rows"]}
    assert set(bad) == {3, 4, 5, 6, 7}
    assert "申请人统一社会信用代码或身份证号" in bad[3]
    assert list(bad[4]) == ["状态"] and "已办结" in bad[4]["状态"][0]
    assert list(bad[5]) == ["受理日期"]
    assert {"知识产权类型", "事项"} <= set(bad[6])
    assert list(bad[7]) == ["承办人账号"]
    assert _counts() == before


def test_a_good_sheet_imports_every_row_into_its_state_with_one_imported_history_row(clerk):
    handler = UserFactory(role=Role.HANDLER, jurisdiction=jurisdiction(ZEZHOU))
    rows = [
        _row(seed=11, 查询码="WQ24-HIST0001"),
        _row(seed=12, 状态="in_progress", 办结日期="", 承办人账号=handler.username),
        _row(seed=13, 状态="已提交", 受理日期="", 办结日期="", 援助意见=""),
        _row(seed=14, 状态="不予受理", 受理日期="", 办结日期="", 援助意见=""),
    ]
    upload = _sheet(rows)
    sha = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    before = _counts()

    response = _post(clerk, upload)

    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["created"] == 4 and body["sha256"] == sha
    imported = [AssistanceRequest.objects.get(pk=row["id"]) for row in body["rows"]]
    assert [r.state for r in imported] == ["closed", "in_progress", "submitted", "rejected"]
    assert imported[0].tracking_code == "WQ24-HIST0001"  # kept as given
    assert imported[0].created_at.date().isoformat() == "2024-03-01"
    assert imported[1].handler == handler
    for request in imported:
        history = list(TransitionLog.objects.filter(object_id=request.pk, content_type__model="assistancerequest"))
        assert len(history) == 1
        (row,) = history
        assert (row.transition, row.transition_label, row.actor_id) == ("imported", "导入历史案件", clerk.pk)
        assert sha in row.reason and "历史援助案件.xlsx" in row.reason
        assert row.payload["import_sha256"] == sha
        assert (row.source, row.target) == ("", request.state)
    # Time limits from the kernel only for the open ones, from the row's dates.
    deadlines = {d.object_id: d for d in Deadline.objects.filter(object_id__in=[r.pk for r in imported])}
    assert set(deadlines) == {imported[1].pk, imported[2].pk}
    assert deadlines[imported[1].pk].kind == "completion"
    assert deadlines[imported[1].pk].start.isoformat() == "2024-03-05"
    assert deadlines[imported[2].pk].kind == "acceptance_decision"
    after = _counts()
    assert after["AssistanceRequest"] == before["AssistanceRequest"] + 4
    assert after["TransitionLog"] == before["TransitionLog"] + 4


def test_a_row_in_another_countys_jurisdiction_is_refused(clerk):
    county_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(GAOPING))
    before = _counts()

    response = _post(county_clerk, _sheet([_row(seed=21, 区划代码=ZEZHOU)]))

    assert response.status_code == 400
    (bad,) = response.json()["errors"]["rows"]
    assert bad["row"] == 2 and list(bad["errors"]) == ["区划代码"]
    assert _counts() == before


def test_without_a_jurisdiction_column_the_uploaders_own_is_used(clerk):
    response = _post(clerk, _sheet([_row(seed=22, 区划代码="")]))

    assert response.status_code == 201, response.content.decode()
    assert AssistanceRequest.objects.get(pk=response.json()["rows"][0]["id"]).jurisdiction.code == ZEZHOU


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.OFFICER])
def test_a_role_that_may_not_register_requests_gets_403(role):
    user = UserFactory(role=role, jurisdiction=jurisdiction(CITY))
    before = _counts()

    response = _post(user, _sheet([_row(seed=31)]))

    assert response.status_code == 403
    assert _counts() == before


def _with_macros(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item.filename))
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        lambda good: SimpleUploadedFile("cases.csv", "申请人名称,事项\n甲,乙\n".encode()),
        lambda good: SimpleUploadedFile("历史.xlsx", _with_macros(good)),
        lambda good: SimpleUploadedFile("历史.xlsm", _with_macros(good)),
        lambda good: SimpleUploadedFile("历史.xlsx", b"not a workbook at all"),
    ],
    ids=["csv", "macro-xlsx", "xlsm", "garbage"],
)
def test_a_file_that_is_not_a_plain_xlsx_is_refused_with_400(clerk, make):
    good = _sheet([_row(seed=41)]).read()
    before = _counts()

    response = _post(clerk, make(good))

    assert response.status_code == 400, response.content.decode()
    assert response.json()["errors"]["file"]
    assert _counts() == before


# --- the staff page ---


def _page(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_staff_page_lists_each_bad_row_and_writes_nothing(clerk):
    before = _counts()

    response = _page(clerk).post("/assistance-import/", {"file": _sheet([_row(seed=51), _row(seed=52, 状态="已拍板")])})

    assert response.status_code == 400
    text = response.content.decode()
    assert "表格有误，未导入任何数据" in text and "第 3 行" in text and "第 2 行" not in text
    assert _counts() == before


def test_the_staff_page_imports_a_good_sheet_and_links_each_request(clerk):
    response = _page(clerk).post("/assistance-import/", {"file": _sheet([_row(seed=53, 查询码="WQ24-PAGE0001")])})

    assert response.status_code == 200, response.content.decode()[:500]
    request = AssistanceRequest.objects.get(tracking_code="WQ24-PAGE0001")
    assert request.get_absolute_url() in response.content.decode()
    assert _page(clerk).get("/assistance-import/template/").status_code == 200


def test_the_staff_page_is_refused_to_a_role_that_may_not_register():
    auditor = UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY))

    assert _page(auditor).get("/assistance-import/").status_code == 403
    assert _page(auditor).post("/assistance-import/", {"file": _sheet([_row(seed=54)])}).status_code == 403


def test_the_assistance_list_offers_the_import_only_to_those_who_may_import(clerk):
    auditor = UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY))
    url = "/w/assistance_request/"

    assert "/assistance-import/" in _page(clerk).get(url).content.decode()
    assert "/assistance-import/" not in _page(auditor).get(url).content.decode()
