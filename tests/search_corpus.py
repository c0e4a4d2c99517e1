"""A small realistic Chinese corpus for the search tests, and the brute-force oracle.

Shared by the embedded backend's tests and the parity tests that run the same queries on
every backend. Besides ordinary case texts it holds what trips up tokenisers: full-width
letters, digits and brackets, circled numbers (NFKC turns ① into 1), 文号 in every bracket
style, words split by spaces or line breaks (a query never matches across them), codes
glued to other letters, and Latin and digit runs inside Chinese text.
"""

import datetime
import decimal
import random

from casemgmt.search.backends.base import SearchDocument
from casemgmt.search.text import normalize, query_terms

CITY = "140500"
ZEZHOU = "140525"
QINSHUI = "140521"
YANGCHENG = "140522"

CREDIT_CODE = "91140500MA0K1234X5"
DOCUMENT_NUMBER = "晋市监罚〔2026〕12号"


CHENGQU = "140502"
LINGCHUAN = "140524"
GAOPING = "140581"
COURT_CASE_NUMBER = "（2026）晋05民初12号"
PATENT_NUMBER = "ZL202530123456.7"


def _doc(type_, id_, title, body, *, state="accepted", label="已受理", jurisdiction=CITY, date=None, amount=None):
    return SearchDocument(
        type=type_,
        id=id_,
        title=title,
        body=body,
        state=state,
        state_label=label,
        jurisdiction=jurisdiction,
        date=date,
        url=f"/{type_}/{id_}/",
        amount=amount,
    )


HANDWRITTEN = [
    _doc(
        "enforcement_case",
        1,
        "晋城市某光电科技有限公司涉嫌假冒专利案",
        f"晋城市某光电科技有限公司（统一社会信用代码{CREDIT_CODE}）生产的LD-300型激光测距仪涉嫌假冒专利，"
        f"已作出行政处罚决定，文号{DOCUMENT_NUMBER}。",
        state="decided",
        label="已决定",
        date=datetime.date(2026, 3, 2),
    ),
    _doc(
        "enforcement_case",
        2,
        "泽州县某铸造厂商标侵权案",
        "泽州县某铸造厂在铸件上使用与注册商标近似的标识，涉嫌商标侵权。罚没款项依据晋市监罚〔2026〕123号执行。",
        jurisdiction=ZEZHOU,
        date=datetime.date(2026, 1, 15),
    ),
    _doc(
        "mediation",
        3,
        "沁水县煤层气设备专利纠纷调解",
        "申请人与被申请人就煤层气抽采设备的实用新型专利许可费发生纠纷，双方同意调解。",
        state="mediating",
        label="调解中",
        jurisdiction=QINSHUI,
        date=datetime.date(2025, 11, 20),
    ),
    _doc(
        "assistance_request",
        4,
        "皇城相府旅游商标维权援助",
        "阳城县皇城相府景区反映多家商户擅自使用“皇城相府”商标销售旅游纪念品。",
        state="submitted",
        label="已提交",
        jurisdiction=YANGCHENG,
        date=datetime.date(2026, 2, 8),
    ),
    _doc(
        "assistance_request",
        5,
        "电科院与光电所合作协议咨询",
        "某电科院与某光电所就合作研发中的专利权属咨询维权援助中心。",
        state="submitted",
        label="已提交",
        date=datetime.date(2026, 2, 9),
    ),
    _doc(
        "enforcement_case",
        6,
        "高平市某机械公司专利侵权纠纷处理",
        "被请求人编号ABC91140500MA0K1234X5的设备铭牌与涉案专利相同；另查晋市监罚〔2025〕7号。",
        state="decided",
        label="已决定",
        jurisdiction="140581",
        date=None,
    ),
    _doc(
        "mediation",
        7,
        "兰花香醋地理标志纠纷",
        "当事人就“兰花”地理标志的使用达成调解协议，涉及LD300型号之外的其他产品。",
        state="closed",
        label="已结案",
        date=datetime.date(2024, 6, 30),
    ),
    _doc(
        "enforcement_case",
        8,
        "城区某商贸有限公司销售侵犯“兰花”注册商标专用权商品案",
        "2026年4月3日，执法人员依法对城区某商贸有限公司经营场所进行现场检查，查获标注“兰花”商标的香醋120箱。"
        "当事人统一社会信用代码91140502MA0L5678Y2。现场扣押 商标标识 3000件。\n"
        "处罚依据：①《商标法》第六十条；②《行政处罚法》第二十八条。拟处罚款\n人民币五万元。",
        state="decided",
        label="已决定",
        jurisdiction=CHENGQU,
        date=datetime.date(2026, 4, 3),
        amount=decimal.Decimal("50000.00"),
    ),
    _doc(
        "mediation",
        9,
        f"晋城市中级人民法院委托调解{COURT_CASE_NUMBER}外观设计专利侵权纠纷",
        "法院立案前委派分中心调解。双方就ＬＥＤ灯具外观设计专利的许可使用费达成一致，被申请人一次性支付８万元。",
        state="closed",
        label="已结案",
        date=datetime.date(2026, 5, 11),
    ),
    _doc(
        "assistance_request",
        10,
        "ＬＥＤ灯具外观设计专利维权援助",
        f"申请人称被申请人在展会上展出的ＬＥＤ灯具（型号ＸＬ－２０２６）与其外观设计专利{PATENT_NUMBER}近似，"
        "请求出具侵权判定咨询意见。",
        state="submitted",
        label="已提交",
        jurisdiction=GAOPING,
        date=datetime.date(2026, 5, 20),
    ),
    _doc(
        "enforcement_case",
        11,
        "陵川县某药材公司党参地理标志侵权案",
        "陵川县市场监督管理局作出陵市监罚【2025】9号行政处罚决定书：当事人在党参包装上擅自使用“潞党参”地理标志专用标志，"
        "责令改正并处罚款。另见陵市监罚[2025]10号、(2025)晋0524行初3号。",
        state="decided",
        label="已决定",
        jurisdiction=LINGCHUAN,
        date=datetime.date(2025, 9, 18),
        amount=decimal.Decimal("12000"),
    ),
    _doc(
        "enforcement_case",
        12,
        "泽州县某五金店涉嫌假冒专利标记案",
        "检查笔录：货架上的电动工具外包装标有 假冒 专利 标记 字样，专利号ZL2019-1234567无法查询。 "
        "当事人称系供货商XYZ机械厂提供。",
        state="investigating",
        label="调查中",
        jurisdiction=ZEZHOU,
        date=datetime.date(2026, 6, 1),
    ),
]

_PLACES = ["城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县"]
_PLACE_CODES = {
    "城区": "140502",
    "泽州县": ZEZHOU,
    "高平市": "140581",
    "阳城县": YANGCHENG,
    "陵川县": "140524",
    "沁水县": QINSHUI,
}
_TRADES = ["光电科技", "铸造", "煤层气设备", "陶瓷", "丝麻纺织", "农产品", "机械制造"]
_MATTERS = ["假冒专利", "商标侵权", "专利纠纷", "地理标志侵权", "商业秘密", "著作权纠纷"]
_FORMS = ["有限公司", "铸造厂", "专业合作社", "个体工商户"]
_TYPES = [
    ("enforcement_case", "decided", "已决定"),
    ("mediation", "mediating", "调解中"),
    ("assistance_request", "accepted", "已受理"),
]


def generated(count: int = 60, seed: int = 20260312) -> list[SearchDocument]:
    rng = random.Random(seed)
    documents = []
    for n in range(count):
        place, trade, matter, form = (rng.choice(options) for options in (_PLACES, _TRADES, _MATTERS, _FORMS))
        type_, state, label = rng.choice(_TYPES)
        documents.append(
            _doc(
                type_,
                100 + n,
                f"{place}某{trade}{form}{matter}案",
                f"{place}某{trade}{form}在经营中涉嫌{matter}，编号JC{rng.randint(1000, 9999)}，"
                f"当事人陈述意见后{rng.choice(['同意调解', '申请听证', '主动整改'])}。",
                state=state,
                label=label,
                jurisdiction=_PLACE_CODES[place],
                date=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 500)),
            )
        )
    return documents


CORPUS = HANDWRITTEN + generated()

QUERIES = [
    # one character
    "专",
    "商",
    "县",
    "号",
    "纷",
    "x",
    # two characters
    "专利",
    "商标",
    "调解",
    "晋城",
    "纠纷",
    "利纠",
    "光电",
    "泽州",
    # three characters
    "光电科",
    "煤层气",
    "泽州县",
    "科技有",
    "123",
    # four and more
    "光电科技",
    "激光测距仪",
    "假冒专利",
    "有限公司",
    "皇城相府",
    "专利纠纷调解",
    "光电科技有限公司生产的",
    "地理标志侵权",
    "商业秘密案",
    # Latin and digits, any case
    "LD-300",
    "ld",
    "ld300",
    "300",
    "2026",
    "jc",
    "JC1",
    # codes, whole and in part
    CREDIT_CODE,
    CREDIT_CODE.lower(),
    "MA0K",
    "1234X5",
    "91140500",
    DOCUMENT_NUMBER,
    "〔2026〕12号",
    "晋市监罚",
    "罚〔2026〕123号",
    "晋市监罚〔2025〕7号",
    # several words, all required
    "专利 泽州",
    "商标 侵权",
    "光电 假冒专利",
    "LD 专利",
    # nothing matches
    "不存在的词",
    "专利局",
    "〔2027〕",
    # full width, either side
    "ＬＥＤ",
    "led",
    "xl-2026",
    "ＸＬ－２０２６",
    "８万元",
    "8万",
    PATENT_NUMBER,
    "202530123456",
    COURT_CASE_NUMBER,
    "(2026)晋05民初",
    "晋05",
    # 文号 in other brackets
    "陵市监罚【2025】9号",
    "【2025】",
    "陵市监罚[2025]10号",
    "[2025]",
    "(2025)晋0524行初3号",
    # punctuation inside a term
    "兰花”商标",
    "“兰花”",
    "兰花商标",
    "①《商标法》",
    "《行政处罚法》第二十八条",
    # words split by spaces or line breaks do not match as one term
    "款人",
    "罚款",
    "人民币五万元",
    "扣押商标",
    "商标标识",
    "假冒专利标记",
    "假冒专利",
    "zl2019-1234567",
    "xyz",
    "ma0l5678",
    # single characters, letters and punctuation
    "①",
    "（",
    "〔",
    "【",
    "z",
    "9",
    # several words again
    "党参 地理标志",
    "ＬＥＤ 专利 调解",
    "专利 专利",
]


def brute_force(corpus: list[SearchDocument], q: str) -> set[tuple[str, int]]:
    """What a LIKE '%term%' scan per whitespace-separated term finds, on normalised text
    (NFKC, lower case: full-width and ordinary forms alike)."""
    terms = query_terms(q)
    return {
        (doc.type, doc.id)
        for doc in corpus
        if all(term in normalize(doc.title) or term in normalize(doc.body) for term in terms)
    }
