"""Reference data of the city: its areas (GB/T 2260) and the departments that use the system."""

CITY_CODE = "140500"

# The development zone has no GB/T 2260 county code; 140571 follows the statistical
# division-code convention (71 = development zone) and can be changed by an administrator.
JURISDICTIONS = [
    ("140500", "晋城市", "city", None),
    ("140502", "城区", "county", CITY_CODE),
    ("140521", "沁水县", "county", CITY_CODE),
    ("140522", "阳城县", "county", CITY_CODE),
    ("140524", "陵川县", "county", CITY_CODE),
    ("140525", "泽州县", "county", CITY_CODE),
    ("140581", "高平市", "county", CITY_CODE),
    ("140571", "晋城经济技术开发区", "county", CITY_CODE),
]

# (name, kind, jurisdiction, issuer abbreviation for 文号)
DEPARTMENTS = [
    ("中国（山西）知识产权维权援助中心晋城分中心", "assistance_centre", "140500", "晋知援"),
    ("晋城市市场监督管理局", "market_supervision", "140500", "晋市监"),
    ("晋城市城区市场监督管理局", "market_supervision", "140502", "城区市监"),
    ("沁水县市场监督管理局", "market_supervision", "140521", "沁市监"),
    ("阳城县市场监督管理局", "market_supervision", "140522", "阳市监"),
    ("陵川县市场监督管理局", "market_supervision", "140524", "陵市监"),
    ("泽州县市场监督管理局", "market_supervision", "140525", "泽市监"),
    ("高平市市场监督管理局", "market_supervision", "140581", "高市监"),
    ("晋城经济技术开发区市场监督管理局", "market_supervision", "140571", "晋开市监"),
]


def load_reference_data(Jurisdiction, Department) -> None:
    """Idempotent: creates missing rows, leaves administrator edits alone."""
    for code, name, level, parent in JURISDICTIONS:
        Jurisdiction.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent_id": parent})
    for name, kind, jurisdiction, abbreviation in DEPARTMENTS:
        Department.objects.get_or_create(
            name=name, defaults={"kind": kind, "jurisdiction_id": jurisdiction, "abbreviation": abbreviation}
        )


# What each bureau's penalty decisions tell the party about paying and about remedies (《行政处罚法》
# 第五十九条). Review: the people's government at the bureau's level (《行政复议法》(2023) 第二十四条);
# suit: the basic court of the bureau's seat (verify centralised jurisdiction of administrative cases).
# Administrators keep these in the department records; the migration only fills blanks.
PAYMENT_METHOD = "持本决定书到指定的罚没款代收银行网点缴纳，或者通过山西省非税收入电子缴款系统缴纳"
REMEDIES = {
    "晋城市市场监督管理局": ("晋城市人民政府", "晋城市城区人民法院"),
    "晋城市城区市场监督管理局": ("晋城市城区人民政府", "晋城市城区人民法院"),
    "沁水县市场监督管理局": ("沁水县人民政府", "沁水县人民法院"),
    "阳城县市场监督管理局": ("阳城县人民政府", "阳城县人民法院"),
    "陵川县市场监督管理局": ("陵川县人民政府", "陵川县人民法院"),
    "泽州县市场监督管理局": ("泽州县人民政府", "泽州县人民法院"),
    "高平市市场监督管理局": ("高平市人民政府", "高平市人民法院"),
    "晋城经济技术开发区市场监督管理局": ("晋城市人民政府", "晋城市城区人民法院"),
}


def load_remedy_data(Department) -> None:
    """Idempotent: fills the payment and remedy fields of the bureaus where they are blank."""
    for name, (review_body, court) in REMEDIES.items():
        department = Department.objects.filter(name=name).first()
        if department is None:
            continue
        department.review_body = department.review_body or review_body
        department.court = department.court or court
        department.payment_method = department.payment_method or PAYMENT_METHOD
        department.save(update_fields=["review_body", "court", "payment_method"])
