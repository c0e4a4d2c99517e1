"""N synthetic assistance requests for benchmarks: bulk-inserted, each with its creation history row."""

import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from tqdm import tqdm

from casemgmt.iprights import IPType
from casemgmt.org.reference import JURISDICTIONS
from casemgmt.parties.codes import make_credit_code
from casemgmt.parties.models import Party
from casemgmt.workflow.models import TransitionLog
from cases.models import AssistanceRequest, AssistanceType
from cases.services.assistance import new_tracking_code

PLACES = ["城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县", "开发区"]
INDUSTRIES = ["光电", "机电", "煤层气", "铸造", "文旅", "新材料", "食品", "装备制造"]
PRODUCTS = [
    "激光测距仪",
    "排采控制装置",
    "球墨铸铁管",
    "旅游纪念品",
    "数控系统",
    "核桃露",
    "光学镜片",
    "井口装置",
    "铸造涂料",
    "智能电表",
]
CONCERNS = [
    "外观设计专利被仿制",
    "注册商标被擅自使用",
    "实用新型专利纠纷",
    "假冒专利标识",
    "商业秘密被侵犯",
    "地理标志被冒用",
    "软件著作权被抄袭",
]


def synthetic_text(rng: random.Random) -> tuple[str, str]:
    place, industry, product, concern = (
        rng.choice(PLACES),
        rng.choice(INDUSTRIES),
        rng.choice(PRODUCTS),
        rng.choice(CONCERNS),
    )
    title = f"{place}{industry}企业{product}{concern}"
    sentences = [
        f"申请人系{place}一家{industry}企业，主要生产{product}。",
        f"申请人发现被申请人生产、销售的{product}涉嫌{concern}，已造成申请人经济损失。",
        f"被申请人在电商平台和{rng.choice(PLACES)}线下门店同时销售相关产品，价格明显低于市场价。",
        "申请人已通过公证购买方式固定证据，请求分中心出具参考意见并协助维权。",
    ]
    body = "".join(rng.choice(sentences) for _ in range(rng.randint(6, 9)))
    return title, body


def load_synthetic_cases(count: int, *, seed: int = 2026, batch: int = 1000) -> int:
    rng = random.Random(seed)
    codes = [code for code, *_ in JURISDICTIONS]
    content_type = ContentType.objects.get_for_model(AssistanceRequest)
    created = 0
    with tqdm(total=count, desc="synthetic cases", unit="case") as progress:
        while created < count:
            size = min(batch, count - created)
            with transaction.atomic():
                parties = Party.objects.bulk_create(
                    [
                        Party(
                            kind="organization",
                            name=f"晋城市{rng.choice(INDUSTRIES)}测试企业{created + i}有限公司",
                            credit_code=make_credit_code(rng),
                        )
                        for i in range(size)
                    ],
                    ignore_conflicts=False,
                )
                requests = []
                for party in parties:
                    title, facts = synthetic_text(rng)
                    requests.append(
                        AssistanceRequest(
                            jurisdiction_id=rng.choice(codes),
                            applicant=party,
                            contact_phone="13900000000",
                            tracking_code=new_tracking_code(),
                            title=title,
                            facts=facts,
                            ip_type=rng.choice(IPType.values),
                            assistance_type=rng.choice(AssistanceType.values),
                        )
                    )
                requests = AssistanceRequest.objects.bulk_create(requests)
                TransitionLog.objects.bulk_create(
                    [
                        TransitionLog(
                            content_type=content_type,
                            object_id=r.pk,
                            jurisdiction_id=r.jurisdiction_id,
                            transition="create",
                            transition_label="创建",
                            source="",
                            target=r.state,
                            reason="合成基准数据",
                        )
                        for r in requests
                    ]
                )
            created += size
            progress.update(size)
    return created
