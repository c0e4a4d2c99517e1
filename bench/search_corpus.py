"""A synthetic corpus for the search benchmark: case documents of about 1 KB of Chinese text
each (UTF-8), in the shape of the real ones — enforcement cases, raids, assistance requests
and mediation cases of 晋城市's counties, with company and person names, products,
trademarks, 统一社会信用代码, 文号, places and dates — and the queries officers type.

Deterministic for a seed, and fast: a million documents take about a minute. Names are
built from pools, so a name recurs across a few dozen documents as real parties do, while
phrases of the case templates recur across most: the benchmark sees both rare and common
terms.
"""

import datetime
import random
import re
from collections.abc import Iterator

from casemgmt.parties.codes import make_credit_code
from casemgmt.search.backends.base import SearchDocument

TARGET_BYTES = 1024
# The city, its six counties and districts and the development zone, weighted by caseload.
JURISDICTIONS = {
    "140500": 3,
    "140502": 4,
    "140521": 1,
    "140522": 2,
    "140524": 1,
    "140525": 3,
    "140581": 2,
    "140571": 2,
}
PLACES = ["城区", "沁水县", "阳城县", "陵川县", "泽州县", "高平市", "开发区", "巴公镇", "北石店镇", "金村镇", "凤城镇"]
INDUSTRIES = ["铸造", "光电科技", "煤业", "食品", "酿造", "机械制造", "建材", "化工", "电子商务", "医药", "农业开发"]
PRODUCTS = [
    "陈醋",
    "兰花香醋",
    "手工挂面",
    "LED灯具",
    "激光测距仪",
    "铸铁管件",
    "矿用液压支架",
    "沁州黄小米",
    "阳城蚕丝被",
    "高平黄梨",
    "煤层气压缩机",
    "电动自行车",
    "保温杯",
    "运动鞋",
    "白酒",
    "空气净化器",
]
NAME_CHARS = "华丰泰盛鑫源恒昌隆德兴旺宏达金瑞祥和永安康宁嘉信诚泽润晋阳太行沁河丹凤凰龙腾飞远东方明光辉海天佳美"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文"
VIOLATIONS = ["侵犯注册商标专用权", "假冒专利", "专利侵权纠纷", "商标代理违法", "专利代理违法"]
STATES = {
    "enforcement_case": ["clue", "filed", "investigating", "review", "decided", "served", "closed"],
    "enforcement_inspection": ["investigating", "review"],
    "assistance_request": ["submitted", "accepted", "assigned", "advised", "referred", "closed"],
    "mediation": ["accepted", "in_session", "agreement", "confirmed", "closed"],
}
TYPE_WEIGHTS = {"enforcement_case": 4, "enforcement_inspection": 2, "assistance_request": 3, "mediation": 2}
# Sentences of case records with the particulars left open: shared wording, varying facts.
FILLER = [
    "执法人员{person}、{officer}出示执法证件并说明来意，{company}的{role}{person2}在场。",
    "经查，涉案{product}的包装、标识与{holder}的「{brand}」商品近似，容易导致相关公众混淆。",
    "当事人提供了{month}月的进货单据{count}份，但未能证明其合法来源。",
    "{holder}出具了鉴定意见，认定涉案{product}并非其生产。",
    "现场查获{product}{count}件，货值{amount}元，存放于{place}仓库。",
    "{person2}表示愿意配合调查，并于{month}月{day}日主动停止了销售行为。",
    "调解员{officer}向双方释明了相关法律规定和诉讼风险，双方同意继续协商。",
    "双方当事人在{place}调解室进行了第{count}次调解，就赔偿数额{amount}元达成初步意见。",
    "申请人{person2}请求对「{brand}」{product}是否侵权提供咨询意见。",
    "经初步审查，申请符合受理条件，于{month}月{day}日予以受理，指派{officer}承办。",
    "现场检查笔录共{count}页，经{role}{person2}核对无误后签字确认。",
    "依法对{product}{count}件予以先行登记保存，保存期限七日。",
    "承办人员{officer}提出罚款{amount}元的处理意见，报法制审核。",
    "责令{company}立即停止侵权行为，没收侵权{product}{count}件。",
    "当事人在{month}月{day}日前未提出陈述、申辩意见，也未要求听证。",
    "{company}为小微企业，违法经营额{amount}元，社会危害性较低。",
    "经国家知识产权局查询，专利号ZL{patent}处于有效状态。",
    "被申请人{company}辩称其使用的技术方案属于现有技术，并提交了{count}份证据。",
    "{place}市场监督管理所协助调查，调取了{company}{month}月的销售记录。",
    "权利人{holder}委托代理人{person2}到场，提交了商标注册证复印件。",
]
ROLES = ["法定代表人", "店长", "仓库管理员", "销售经理", "委托代理人"]


def _pool(rng: random.Random, size: int, make) -> list[str]:
    return [make() for _ in range(size)]


class CorpusGenerator:
    """Documents 1..n with ~1 KB bodies; `pool_scale` sets how many distinct names exist."""

    def __init__(self, seed: int = 2026, pool_scale: int = 20000):
        self.rng = rng = random.Random(seed)
        self.companies = _pool(
            rng,
            pool_scale,
            lambda: f"晋城市{rng.choice(NAME_CHARS)}{rng.choice(NAME_CHARS)}{rng.choice(INDUSTRIES)}有限公司",
        )
        self.persons = _pool(
            rng, pool_scale, lambda: rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2)))
        )
        self.brands = _pool(rng, pool_scale // 10, lambda: rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS))
        self.codes = [make_credit_code(rng) for _ in range(pool_scale)]
        self.jurisdictions = list(JURISDICTIONS)
        self.jurisdiction_weights = list(JURISDICTIONS.values())
        self.types = list(TYPE_WEIGHTS)
        self.type_weights = list(TYPE_WEIGHTS.values())

    def document(self, doc_id: int) -> SearchDocument:
        rng = self.rng
        doc_type = rng.choices(self.types, self.type_weights)[0]
        i = rng.randrange(len(self.companies))
        company, code, person = self.companies[i], self.codes[i], rng.choice(self.persons)
        holder = rng.choice(self.companies)
        product, brand, place = rng.choice(PRODUCTS), rng.choice(self.brands), rng.choice(PLACES)
        violation = rng.choice(VIOLATIONS)
        date = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(2900))
        year = date.year
        number = f"晋市监罚〔{year}〕{rng.randint(1, 400)}号"
        title = {
            "enforcement_case": f"{company}涉嫌{violation}案",
            "enforcement_inspection": f"现场检查：{company}（{place}）",
            "assistance_request": f"{person}关于{brand}{product}的维权援助申请",
            "mediation": f"{holder}与{company}{violation}纠纷调解",
        }[doc_type]
        head = (
            f"当事人{company}，统一社会信用代码{code}，法定代表人{person}，住所{place}。"
            f"{date.month}月{date.day}日，执法人员在{place}检查发现，当事人销售标有「{brand}」商标的{product}，"
            f"涉嫌{violation}，权利人为{holder}。文书编号{number}。"
        )
        officer = rng.choice(self.persons)
        parts = [head]
        size = len(head.encode())
        while size < TARGET_BYTES:
            sentence = rng.choice(FILLER).format(
                person=rng.choice(self.persons),
                officer=officer,
                person2=person,
                company=company,
                holder=holder,
                product=product,
                brand=brand,
                place=place,
                role=rng.choice(ROLES),
                month=rng.randint(1, 12),
                day=rng.randint(1, 28),
                count=rng.randint(1, 300),
                amount=rng.randint(1, 500) * 100,
                patent=f"{rng.randint(2010, 2025)}{rng.randint(10000000, 99999999)}",
            )
            parts.append(sentence)
            size += len(sentence.encode())
        return SearchDocument(
            type=doc_type,
            id=doc_id,
            title=title,
            body="".join(parts),
            state=rng.choice(STATES[doc_type]),
            state_label="",
            jurisdiction=rng.choices(self.jurisdictions, self.jurisdiction_weights)[0],
            violation_type=violation if doc_type.startswith("enforcement") else "",
            date=date,
            url=f"/bench/{doc_type}/{doc_id}/",
        )

    def documents(self, n: int) -> Iterator[SearchDocument]:
        for doc_id in range(1, n + 1):
            yield self.document(doc_id)


_QUERYABLE = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")


def sample_queries(documents: list[SearchDocument], lengths: range, count: int, seed: int) -> list[tuple[str, str]]:
    """`count` (query, jurisdiction) pairs: a run of letters, digits or ideographs of a length in
    `lengths`, cut from a random document, searched within that document's jurisdiction —
    what an officer of that county would type about a case they know."""
    rng = random.Random(seed)
    queries = []
    while len(queries) < count:
        doc = rng.choice(documents)
        runs = [run for run in _QUERYABLE.findall(doc.title + "。" + doc.body) if len(run) >= lengths.start]
        if not runs:
            continue
        run = rng.choice(runs)
        length = min(rng.choice(lengths), len(run))
        start = rng.randrange(len(run) - length + 1)
        queries.append((run[start : start + length], doc.jurisdiction))
    return queries
