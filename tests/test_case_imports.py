"""Importing historical mediation cases, arbitration/litigation referrals and enforcement cases
from Excel (issue 15 item 2; the assistance import is tests/test_excel_import.py): a malformed
sheet reports each bad row and writes nothing, a good one imports every row in the state it
gives with one "imported" history row naming the file's hash; historical 案号/文号 are reserved
in the numbering kernel; only roles that may register the cases import, in their own area."""

import hashlib
import io
import random

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from casemgmt.calendar.models import Deadline
from casemgmt.documents.models import OfficialDocument
from casemgmt.numbering.models import IssuedNumber
from casemgmt.numbering.services import number_allocate
from casemgmt.org.models import Role
from casemgmt.parties.codes import make_credit_code
from casemgmt.workflow.models import TransitionLog
from cases.models import ArbitrationReferral, MediationCase
from cases.services.arbitration_import import ARBITRATION_COLUMNS
from cases.services.mediation_import import MEDIATION_COLUMNS
from enforcement.models import CaseParty, EnforcementCase, PenaltyDecision
from enforcement.services.case_import import ENFORCEMENT_COLUMNS

from .factories import CITY, GAOPING, ZEZHOU, UserFactory, jurisdiction
from .identifiers import valid_id_number

pytestmark = pytest.mark.django_db

# Every model an import could write, counted before and after a refused one.
WRITTEN = [
    "cases.MediationCase",
    "cases.ArbitrationReferral",
    "enforcement.EnforcementCase",
    "enforcement.CaseParty",
    "enforcement.PenaltyDecision",
    "parties.Party",
    "workflow.TransitionLog",
    "calendar.Deadline",
    "numbering.IssuedNumber",
    "numbering.DocumentSequence",
    "documents.OfficialDocument",
    "files.Attachment",
]


def _counts() -> dict:
    return {name: apps.get_model(name).objects.count() for name in WRITTEN}


def _sheet(columns, rows: list[dict], name: str = "历史案件.xlsx") -> SimpleUploadedFile:
    headers = [column.header for column in columns]
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, unknown
        workbook.active.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _sha(upload) -> str:
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    return digest


def _post(user, url, upload):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(url, {"file": upload}, format="multipart")


def _bad_rows(response) -> dict:
    assert response.status_code == 400, response.content.decode()[:800]
    return {entry["row"]: entry["errors"] for entry in response.json()["errors"]["rows"]}


def _history(obj) -> list[TransitionLog]:
    return list(TransitionLog.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name))


def _assert_imported_once(obj, sha: str, user, file_name: str = "历史案件.xlsx"):
    (row,) = _history(obj)
    assert (row.transition, row.transition_label, row.actor_id) == ("imported", "导入历史案件", user.pk)
    assert (row.source, row.target) == ("", obj.state)
    assert sha in row.reason and file_name in row.reason and row.payload["import_sha256"] == sha


def _code(seed: int, area: str = "140525") -> str:
    return make_credit_code(random.Random(seed), area)


# --- mediation ---------------------------------------------------------------------------------

MEDIATIONS = "/api/mediations/import/"


def _mediation(seed: int, **values) -> dict:
    row = {
        "区划代码": ZEZHOU,
        "申请人类型": "法人或其他组织",
        "申请人名称": f"晋城市调解导入{seed}光学有限公司",
        "申请人统一社会信用代码或身份证号": _code(seed),
        "被申请人类型": "自然人",
        "被申请人名称": "李某",
        "被申请人统一社会信用代码或身份证号": valid_id_number(random.Random(seed)),
        "纠纷事项": "外观设计专利侵权纠纷",
        "知识产权类型": "专利",
        "纠纷事实": "被申请人销售的产品与申请人外观设计专利近似。",
        "状态": "达成调解协议",
        "申请日期": "2024-03-01",
        "受理日期": "2024-03-08",
        "调解协议内容": "被申请人停止销售并赔偿二万元。",
        "调解协议生效日期": "2024-04-02",
    }
    row.update(values)
    return row


@pytest.fixture
def clerk():
    return UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))


def test_a_malformed_mediation_sheet_reports_each_bad_row_and_writes_nothing(clerk):
    rows = [
        _mediation(1),  # row 2: good
        _mediation(2, 调解协议生效日期=""),  # row 3: a mediation that succeeded needs its agreement's date
        _mediation(3, 状态="调解终止"),  # row 4: terminated needs its reason and end date
        _mediation(4, 案件来源="法院诉前委派"),  # row 5: court-entrusted needs the court and its number
        _mediation(5, 状态="调解中", 调解员账号="nobody"),  # row 6: no such mediator
        _mediation(6, 受理日期="2024-02-01"),  # row 7: accepted before applied
        _mediation(  # row 8: one party on both sides
            7,
            被申请人类型="法人或其他组织",
            被申请人名称="晋城市调解导入7光学有限公司",
            被申请人统一社会信用代码或身份证号=_code(7),
        ),
    ]
    before = _counts()

    bad = _bad_rows(_post(clerk, MEDIATIONS, _sheet(MEDIATION_COLUMNS, rows)))

    assert set(bad) == {3, 4, 5, 6, 7, 8}
    assert list(bad[8]) == ["被申请人名称"] and "同一当事人" in bad[8]["被申请人名称"][0]
    assert list(bad[3]) == ["调解协议生效日期"] and "达成调解协议" in bad[3]["调解协议生效日期"][0]
    assert set(bad[4]) == {"终止调解原因", "调解结束日期"}
    assert set(bad[5]) == {"委派/委托法院", "法院案号"}
    assert list(bad[6]) == ["调解员账号"]
    assert list(bad[7]) == ["受理日期"]
    assert _counts() == before


def test_a_good_mediation_sheet_imports_every_row_in_its_state_with_one_history_row(clerk):
    mediator = UserFactory(role=Role.HANDLER, jurisdiction=jurisdiction(ZEZHOU))
    rows = [
        _mediation(11),
        _mediation(12, 状态="调解中", 调解员账号=mediator.username, 调解协议内容="", 调解协议生效日期=""),
        _mediation(13, 状态="已申请", 受理日期="", 调解协议内容="", 调解协议生效日期=""),
        _mediation(
            14,
            状态="调解终止",
            调解协议内容="",
            调解协议生效日期="",
            终止调解原因="双方分歧过大",
            调解结束日期="2024-04-20",
        ),
        _mediation(
            15,
            案件来源="法院诉中委托",
            **{"委派/委托法院": "晋城市中级人民法院", "法院案号": "(2024)晋05民初12号"},
            状态="已受理",
            调解协议内容="",
            调解协议生效日期="",
        ),
    ]
    upload = _sheet(MEDIATION_COLUMNS, rows)
    sha = _sha(upload)
    before = _counts()

    response = _post(clerk, MEDIATIONS, upload)

    assert response.status_code == 201, response.content.decode()[:800]
    body = response.json()
    assert body["created"] == 5 and body["sha256"] == sha
    cases = [MediationCase.objects.get(pk=row["id"]) for row in body["rows"]]
    assert [c.state for c in cases] == ["agreement_reached", "in_mediation", "applied", "terminated", "accepted"]
    assert cases[0].agreement_effective_on.isoformat() == "2024-04-02"
    assert cases[1].mediator == mediator
    assert cases[0].created_at.date().isoformat() == "2024-03-01"
    for case in cases:
        _assert_imported_once(case, sha, clerk)
    # Limits of the open states, from the kernel: the agreement's confirmation window, the court's period.
    kinds = {(d.object_id, d.kind) for d in Deadline.objects.filter(object_id__in=[c.pk for c in cases])}
    assert (cases[0].pk, "judicial_confirmation_window") in kinds
    assert (cases[4].pk, "court_entrusted_period") in kinds
    after = _counts()
    assert after["cases.MediationCase"] == before["cases.MediationCase"] + 5
    assert after["workflow.TransitionLog"] == before["workflow.TransitionLog"] + 5


def test_a_mediation_row_in_another_county_is_a_row_error_and_its_cases_stay_out_of_sight(clerk):
    county_clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(GAOPING))
    before = _counts()

    bad = _bad_rows(_post(county_clerk, MEDIATIONS, _sheet(MEDIATION_COLUMNS, [_mediation(21)])))

    assert list(bad[2]) == ["区划代码"]
    assert _counts() == before
    response = _post(clerk, MEDIATIONS, _sheet(MEDIATION_COLUMNS, [_mediation(22)]))
    imported = response.json()["rows"][0]["id"]
    other = APIClient()
    other.force_authenticate(county_clerk)
    assert other.get(f"/api/mediations/{imported}/").status_code == 404
    assert imported not in [item["id"] for item in other.get("/api/mediations/").json()["results"]]


@pytest.mark.parametrize("role", [Role.HANDLER, Role.AUDITOR, Role.OFFICER])
def test_a_role_that_may_not_register_mediations_gets_403(role):
    user = UserFactory(role=role, jurisdiction=jurisdiction(ZEZHOU))
    before = _counts()

    assert _post(user, MEDIATIONS, _sheet(MEDIATION_COLUMNS, [_mediation(31)])).status_code == 403
    assert _counts() == before


# --- arbitration/litigation referrals -----------------------------------------------------------

REFERRALS = "/api/arbitration-referrals/import/"


def _referral(seed: int, **values) -> dict:
    row = {
        "区划代码": ZEZHOU,
        "转介类型": "诉讼",
        "接收机构": "晋城市中级人民法院",
        "申请人类型": "法人或其他组织",
        "申请人名称": f"晋城市转介导入{seed}有限公司",
        "申请人统一社会信用代码或身份证号": _code(seed),
        "被申请人类型": "法人或其他组织",
        "被申请人名称": f"晋城市转介被告{seed}有限公司",
        "被申请人统一社会信用代码或身份证号": _code(seed + 500),
        "纠纷事项": "商标侵权纠纷",
        "知识产权类型": "商标",
        "纠纷事实": "被申请人在同类商品上使用近似商标。",
        "状态": "已结案",
        "转介日期": "2024-03-01",
        "受理日期": "2024-03-07",
        "结果文书": "民事调解书",
        "文书编号": "(2024)晋05民初88号",
        "文书日期": "2024-06-20",
        "结案日期": "2024-06-25",
    }
    row.update(values)
    return row


def test_a_malformed_referral_sheet_reports_each_bad_row_and_writes_nothing(clerk):
    rows = [
        _referral(41),
        _referral(42, 转介类型="仲裁", 结果文书="仲裁裁决书"),  # row 3: arbitration needs its written agreement
        _referral(43, 结案日期=""),  # row 4: closed needs its closing date
        _referral(44, 结果文书="仲裁裁决书"),  # row 5: an award does not end a lawsuit
        _referral(45, 状态="已移交"),  # row 6: no such state
    ]
    before = _counts()

    bad = _bad_rows(_post(clerk, REFERRALS, _sheet(ARBITRATION_COLUMNS, rows)))

    assert set(bad) == {3, 4, 5, 6}
    assert {"仲裁协议订立日期", "书面仲裁协议"} <= set(bad[3])
    assert list(bad[4]) == ["结案日期"]
    assert list(bad[5]) == ["结果文书"]
    assert list(bad[6]) == ["状态"]
    assert _counts() == before


def test_a_good_referral_sheet_imports_every_row_and_opens_the_limit_of_a_waiting_one(clerk):
    rows = [
        _referral(51),
        _referral(52, 状态="已转介", 受理日期="", 结果文书="", 文书编号="", 文书日期="", 结案日期=""),
        _referral(
            53,
            转介类型="仲裁",
            接收机构="晋城仲裁委员会",
            仲裁协议订立日期="2023-01-05",
            书面仲裁协议="合同第十二条",
            状态="接收机构已受理",
            结果文书="",
            文书编号="",
            文书日期="",
            结案日期="",
        ),
    ]
    upload = _sheet(ARBITRATION_COLUMNS, rows)
    sha = _sha(upload)

    response = _post(clerk, REFERRALS, upload)

    assert response.status_code == 201, response.content.decode()[:800]
    referrals = [ArbitrationReferral.objects.get(pk=row["id"]) for row in response.json()["rows"]]
    assert [r.state for r in referrals] == ["closed", "referred", "accepted_by_commission"]
    assert referrals[0].outcome_document_number == "(2024)晋05民初88号"
    for referral in referrals:
        _assert_imported_once(referral, sha, clerk)
    deadlines = Deadline.objects.filter(object_id__in=[r.pk for r in referrals], kind="receiving_acceptance")
    assert [d.object_id for d in deadlines] == [referrals[1].pk]
    assert deadlines[0].start.isoformat() == "2024-03-01"


def test_an_auditor_may_not_import_referrals():
    auditor = UserFactory(role=Role.AUDITOR, jurisdiction=jurisdiction(CITY))
    before = _counts()

    assert _post(auditor, REFERRALS, _sheet(ARBITRATION_COLUMNS, [_referral(61)])).status_code == 403
    assert _counts() == before


# --- enforcement cases -------------------------------------------------------------------------

CASES = "/api/enforcement-cases/import/"
FINE = "罚款金额（元）"


@pytest.fixture
def officer():
    return UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(ZEZHOU))


def _penalty(seed: int, officer, **values) -> dict:
    row = {
        "程序": "行政处罚案件",
        "区划代码": ZEZHOU,
        "案号": f"泽市监立〔2024〕{seed}号",
        "案由": "销售侵犯注册商标专用权的商品",
        "案件类型": "商标侵权",
        "线索来源": "投诉举报",
        "收到日期": "2024-02-20",
        "基本案情": "当事人在其门店销售假冒注册商标的运动鞋。",
        "当事人类型": "法人或其他组织",
        "当事人名称": f"晋城市执法导入{seed}贸易有限公司",
        "当事人统一社会信用代码或身份证号": _code(seed),
        "状态": "已结案",
        "立案日期": "2024-03-01",
        "主办人员账号": officer.username,
        "处理结果": "给予行政处罚",
        "决定日期": "2024-05-10",
        "决定书文号": f"泽市监罚〔2024〕{seed}号",
        "罚款金额（元）": "30000",
        "送达日期": "2024-05-12",
        "结案日期": "2024-06-30",
    }
    row.update(values)
    return row


def _adjudication(seed: int, officer, **values) -> dict:
    row = {
        "程序": "专利侵权纠纷行政裁决",
        "区划代码": ZEZHOU,
        "案号": f"泽市监裁立〔2024〕{seed}号",
        "案由": "专利侵权纠纷",
        "收到日期": "2024-02-20",
        "基本案情": "被请求人制造销售的测距仪落入请求人发明专利保护范围。",
        "请求事项": "责令被请求人停止侵权。",
        "当事人类型": "法人或其他组织",
        "当事人名称": f"晋城市裁决被请求{seed}有限公司",
        "当事人统一社会信用代码或身份证号": _code(seed),
        "请求人类型": "法人或其他组织",
        "请求人名称": f"晋城市裁决请求{seed}光学有限公司",
        "请求人统一社会信用代码或身份证号": _code(seed + 500),
        "状态": "已作出决定",
        "立案日期": "2024-03-01",
        "主办人员账号": officer.username,
        "决定日期": "2024-06-01",
        "裁决书文号": f"泽市监裁〔2024〕{seed}号",
    }
    row.update(values)
    return row


def test_a_malformed_enforcement_sheet_reports_each_bad_row_and_writes_nothing(officer):
    taken = number_allocate(issuer="泽市监", doc_type="立", year=2024)  # 泽市监立〔2024〕1号
    rows = [
        _penalty(71, officer),  # row 2: good
        _penalty(72, officer, 决定书文号="", **{FINE: ""}),  # row 3: a decided penalty case needs both
        _penalty(73, officer, 结案日期=""),  # row 4: closed needs its closing date
        _penalty(74, officer, 案号=taken.text),  # row 5: a number already issued
        _penalty(75, officer, 案号="泽市监立〔2024〕71号"),  # row 6: the same number as row 2
        _penalty(76, officer, 决定书文号="第5号"),  # row 7: no 文号 at all
        _adjudication(
            77, officer, 裁决书文号="", 请求人名称="", 请求人类型="", 请求人统一社会信用代码或身份证号=""
        ),  # row 8
        _penalty(78, officer, 状态="法制审核"),  # row 9: a state the sheet cannot carry
    ]
    before = _counts()

    bad = _bad_rows(_post(officer, CASES, _sheet(ENFORCEMENT_COLUMNS, rows)))

    assert set(bad) == {3, 4, 5, 6, 7, 8, 9}
    assert set(bad[3]) == {"决定书文号", FINE}
    assert list(bad[4]) == ["结案日期"]
    assert list(bad[5]) == ["案号"] and "已被使用" in bad[5]["案号"][0]
    assert list(bad[6]) == ["案号"] and "第2行" in bad[6]["案号"][0]
    assert list(bad[7]) == ["决定书文号"]
    assert set(bad[8]) == {"裁决书文号", "请求人名称"}
    assert list(bad[9]) == ["状态"]
    assert _counts() == before


def test_a_good_enforcement_sheet_imports_every_row_and_reserves_its_numbers(officer):
    rows = [
        _penalty(81, officer),
        _penalty(
            82,
            officer,
            状态="调查取证",
            处理结果="",
            决定日期="",
            决定书文号="",
            **{FINE: ""},
            送达日期="",
            结案日期="",
        ),
        _penalty(
            3,
            officer,
            状态="线索登记",
            案号="",
            立案日期="",
            处理结果="",
            决定日期="",
            决定书文号="",
            **{FINE: ""},
            送达日期="",
            结案日期="",
        ),
        _penalty(84, officer, 状态="执行中", 结案日期=""),
        _adjudication(85, officer),
    ]
    upload = _sheet(ENFORCEMENT_COLUMNS, rows)
    sha = _sha(upload)
    before = _counts()

    response = _post(officer, CASES, upload)

    assert response.status_code == 201, response.content.decode()[:800]
    cases = [EnforcementCase.objects.get(pk=row["id"]) for row in response.json()["rows"]]
    assert [c.state for c in cases] == ["closed", "investigating", "clue", "executing", "decided"]
    assert [c.procedure for c in cases] == ["penalty"] * 4 + ["adjudication"]
    assert cases[0].case_number == "泽市监立〔2024〕81号" and cases[0].case_number_issued.text == cases[0].case_number
    decision = PenaltyDecision.objects.get(case=cases[0])
    assert (decision.number_text, str(decision.fine_amount), decision.decided_on.isoformat()) == (
        "泽市监罚〔2024〕81号",
        "30000.00",
        "2024-05-10",
    )
    assert cases[4].ruling_number == "泽市监裁〔2024〕85号"
    assert {link.role for link in CaseParty.objects.filter(case=cases[4])} == {"respondent", "right_holder"}
    for case in cases:
        _assert_imported_once(case, sha, officer)
    # Limits of the open states, from the kernel.
    kinds = {(d.object_id, d.kind) for d in Deadline.objects.filter(object_id__in=[c.pk for c in cases])}
    assert (cases[1].pk, "decision") in kinds and (cases[2].pk, "filing_decision") in kinds
    assert (cases[3].pk, "payment") in kinds
    assert not any(object_id == cases[0].pk for object_id, _ in kinds)
    # The historical numbers are on record: the next number issued in each series comes after them.
    assert number_allocate(issuer="泽市监", doc_type="立", year=2024).text == "泽市监立〔2024〕85号"
    assert number_allocate(issuer="泽市监", doc_type="罚", year=2024).text == "泽市监罚〔2024〕85号"
    assert number_allocate(issuer="泽市监", doc_type="裁", year=2024).text == "泽市监裁〔2024〕86号"
    after = _counts()
    assert after["numbering.IssuedNumber"] == before["numbering.IssuedNumber"] + 3 + 3 + 1 + 3
    assert after["documents.OfficialDocument"] == before["documents.OfficialDocument"] + 2
    assert after["workflow.TransitionLog"] == before["workflow.TransitionLog"] + 5
    # Importing the same sheet again: every number is now taken, nothing is written.
    again = _bad_rows(_post(officer, CASES, _sheet(ENFORCEMENT_COLUMNS, rows, "再次导入.xlsx")))
    assert set(again) == {2, 3, 5, 6}
    assert OfficialDocument.objects.count() == after["documents.OfficialDocument"]


def test_an_imported_number_is_never_issued_again(officer):
    year = timezone.localdate().year - 1  # a whole past year: the row's dates are never in the future
    number_allocate(issuer="泽市监", doc_type="立", year=year)  # 1号, issued by the system
    row = _penalty(
        5,
        officer,
        案号=f"泽市监立〔{year}〕5号",
        状态="调查取证",
        收到日期=f"{year}-01-02",
        立案日期=f"{year}-01-05",
        处理结果="",
        决定日期="",
        决定书文号="",
        送达日期="",
        结案日期="",
        **{FINE: ""},
    )
    assert _post(officer, CASES, _sheet(ENFORCEMENT_COLUMNS, [row])).status_code == 201

    issued = [number_allocate(issuer="泽市监", doc_type="立", year=year).text for _ in range(2)]

    assert issued == [f"泽市监立〔{year}〕6号", f"泽市监立〔{year}〕7号"]
    assert IssuedNumber.objects.filter(text=f"泽市监立〔{year}〕5号").count() == 1


def test_enforcement_import_is_for_officers_and_heads_of_the_rows_area(officer):
    clerk = UserFactory(role=Role.INTAKE_CLERK, jurisdiction=jurisdiction(ZEZHOU))
    county_officer = UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(GAOPING))
    before = _counts()

    assert _post(clerk, CASES, _sheet(ENFORCEMENT_COLUMNS, [_penalty(91, officer)])).status_code == 403
    bad = _bad_rows(_post(county_officer, CASES, _sheet(ENFORCEMENT_COLUMNS, [_penalty(92, officer)])))
    assert "区划代码" in bad[2]
    assert _counts() == before


# --- templates, pages and links ------------------------------------------------------------------

WORKFLOWS = [
    ("mediation", "mediations", "mediation", MEDIATION_COLUMNS, Role.INTAKE_CLERK, Role.HANDLER),
    (
        "arbitration",
        "arbitration-referrals",
        "arbitration_referral",
        ARBITRATION_COLUMNS,
        Role.INTAKE_CLERK,
        Role.AUDITOR,
    ),
    ("enforcement", "enforcement-cases", "enforcement_case", ENFORCEMENT_COLUMNS, Role.OFFICER, Role.INTAKE_CLERK),
]


@pytest.mark.parametrize("slug, api, key, columns, allowed, refused", WORKFLOWS)
def test_each_template_has_the_chinese_headers_a_sample_row_and_instructions(slug, api, key, columns, allowed, refused):
    user = UserFactory(role=allowed, jurisdiction=jurisdiction(ZEZHOU))
    client = APIClient()
    client.force_authenticate(user)

    response = client.get(f"/api/{api}/import-template/")

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [column.header for column in columns]
    assert any(cell.value for cell in sheet[2])  # the sample row
    assert workbook.worksheets[1].title == "填写说明"


@pytest.mark.parametrize("slug, api, key, columns, allowed, refused", WORKFLOWS)
def test_each_import_page_renders_the_error_table_and_is_linked_from_the_list(
    slug, api, key, columns, allowed, refused
):
    user = UserFactory(role=allowed, jurisdiction=jurisdiction(ZEZHOU))
    other = UserFactory(role=refused, jurisdiction=jurisdiction(ZEZHOU))
    page = Client()
    page.force_login(user)
    before = _counts()

    response = page.post(f"/{slug}-import/", {"file": _sheet(columns, [{"状态": "不存在的状态"}])})

    assert response.status_code == 400
    text = response.content.decode()
    assert "表格有误，未导入任何数据" in text and "data-import-errors" in text and "第 2 行" in text
    assert _counts() == before
    assert f"/{slug}-import/" in page.get(f"/w/{key}/").content.decode()
    assert page.get(f"/{slug}-import/template/").status_code == 200
    refused_page = Client()
    refused_page.force_login(other)
    assert refused_page.get(f"/{slug}-import/").status_code == 403
    assert f"/{slug}-import/" not in refused_page.get(f"/w/{key}/").content.decode()


def test_the_import_page_links_each_imported_case(clerk):
    page = Client()
    page.force_login(clerk)

    response = page.post("/mediation-import/", {"file": _sheet(MEDIATION_COLUMNS, [_mediation(95)])})

    assert response.status_code == 200, response.content.decode()[:800]
    case = MediationCase.objects.get(applicant__credit_code=_code(95))
    assert case.get_absolute_url() in response.content.decode()
    detail = page.get(case.get_absolute_url())
    assert detail.status_code == 200 and "导入历史案件" in detail.content.decode()
    referral = _post(clerk, REFERRALS, _sheet(ARBITRATION_COLUMNS, [_referral(96)])).json()["rows"][0]["id"]
    detail = page.get(ArbitrationReferral.objects.get(pk=referral).get_absolute_url())
    assert detail.status_code == 200 and "导入历史案件" in detail.content.decode()


def test_imported_cases_show_their_import_on_the_detail_page_and_stay_out_of_another_countys_sight(officer):
    response = _post(officer, CASES, _sheet(ENFORCEMENT_COLUMNS, [_penalty(97, officer), _adjudication(98, officer)]))
    assert response.status_code == 201, response.content.decode()[:800]
    ids = [row["id"] for row in response.json()["rows"]]
    page = Client()
    page.force_login(officer)
    county = Client()
    county.force_login(UserFactory(role=Role.OFFICER, jurisdiction=jurisdiction(GAOPING)))

    for pk in ids:
        detail = page.get(f"/w/enforcement_case/{pk}/")
        assert detail.status_code == 200
        assert "导入历史案件" in detail.content.decode()
        assert county.get(f"/w/enforcement_case/{pk}/").status_code == 404
    assert "泽市监立〔2024〕97号" in page.get("/w/enforcement_case/").content.decode()
    assert "泽市监立〔2024〕97号" not in county.get("/w/enforcement_case/").content.decode()


def test_a_number_taken_between_the_check_and_the_write_rejects_the_whole_sheet(officer, monkeypatch):
    import enforcement.services.case_import as case_import

    taken = number_allocate(issuer="泽市监", doc_type="罚", year=2024)  # 泽市监罚〔2024〕1号
    # As if another user took the number after the rows were checked.
    monkeypatch.setattr(case_import, "number_taken", lambda text, doc_type: False)
    rows = [_penalty(101, officer), _penalty(102, officer, 决定书文号=taken.text)]
    before = _counts()

    bad = _bad_rows(_post(officer, CASES, _sheet(ENFORCEMENT_COLUMNS, rows)))

    assert list(bad) == [3] and "已被使用" in bad[3]["表格"][0]
    assert _counts() == before
