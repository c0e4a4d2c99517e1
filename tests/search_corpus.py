"""A small realistic Chinese corpus for the search tests, and the brute-force oracle."""

import datetime
import random

from casemgmt.search.backends.base import SearchDocument

CITY = "140500"
ZEZHOU = "140525"
QINSHUI = "140521"
YANGCHENG = "140522"

CREDIT_CODE = "91140500MA0K1234X5"
DOCUMENT_NUMBER = "晋市监罚〔2026〕12号"


def _doc(type_, id_, title, body, *, state="accepted", label="已受理", jurisdiction=CITY, date=None):
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
]


def brute_force(corpus: list[SearchDocument], q: str) -> set[tuple[str, int]]:
    """What a LIKE '%term%' scan per whitespace-separated term finds (case-insensitive)."""
    terms = q.lower().split()
    return {
        (doc.type, doc.id)
        for doc in corpus
        if all(term in doc.title.lower() or term in doc.body.lower() for term in terms)
    }
