"""Time limits and money thresholds of the enforcement procedures.

Statutory figures are constants with their source. Figures DOMAIN marks "(verify)" or
"provincial setting" are read from settings when used (never at import), so a deployment can
change them without a code change; the defaults are today's understanding of the rules.
"""

from decimal import Decimal

from django.conf import settings


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _money(name: str, default: int | str) -> Decimal:
    return Decimal(str(getattr(settings, name, default)))


# 市场监督管理行政处罚程序规定 (2022)
FILING_BASIS = "《市场监督管理行政处罚程序规定》第十八条"
FILING_WORKING_DAYS = 15  # art. 18: 15 WD from finding the clue, +15 with the head's approval
FILING_EXTENSION_WORKING_DAYS = 15
REVIEW_BASIS = "《市场监督管理行政处罚程序规定》第五十一条（法制审核）"
REVIEW_WORKING_DAYS = 10
STATEMENT_BASIS = "《行政处罚法》第四十四条、第四十五条；《市场监督管理行政处罚程序规定》第五十七条"
STATEMENT_WORKING_DAYS = 5  # 5 WD to state, defend or ask for a hearing after the prior notice
HEARING_NOTICE_BASIS = "《行政处罚法》第六十四条"
HEARING_NOTICE_WORKING_DAYS = 7  # the hearing notice reaches the party at least 7 WD before the hearing
DECISION_BASIS = "《行政处罚法》第六十条；《市场监督管理行政处罚程序规定》第六十四条"
DECISION_DAYS = 90
DECISION_EXTENSION_DAYS = 30  # the first extension, approved by the head; further ones by collective discussion
SERVICE_BASIS = "《行政处罚法》第六十一条"
SERVICE_WORKING_DAYS = 7
PAYMENT_BASIS = "《行政处罚法》第六十七条"
PAYMENT_DAYS = 15
SURCHARGE_BASIS = "《行政处罚法》第七十二条"
SURCHARGE_EXCLUSION_BASIS = "《行政处罚法》第七十三条第三款"
ARRANGEMENT_BASIS = "《行政处罚法》第六十六条第二款"
REVIEW_PERIOD_BASIS = "《行政复议法》第二十条"
REVIEW_PERIOD_DAYS = 60  # the party may apply for review within 60 days of learning of the decision
LAWSUIT_PERIOD_BASIS = "《行政诉讼法》第四十六条"
LAWSUIT_AFTER_REVIEW_DAYS = 15  # 《行政诉讼法》第四十五条: 15 days after receiving the review decision
COURT_ENFORCEMENT_BASIS = "《行政强制法》第五十三条、第五十四条"
DEMAND_WAIT_WORKING_DAYS = 10  # art. 54: ten days after the demand (short limit: working days, art. 69)
LAWSUIT_MONTHS = 6  # the period for a lawsuit; art. 53 counts the three months from its end
COURT_ENFORCEMENT_MONTHS = 3
CRIMINAL_BASIS = "《行政执法机关移送涉嫌犯罪案件的规定》第五条、第八条"
# Calendar days: the 工作日 reading of 行政处罚法 art. 85 covers that law's own limits, not this regulation's.
CRIMINAL_DECISION_DAYS = 3
CRIMINAL_TRANSFER_HOURS = 24  # within 24 hours of the approval: hours, not rolled over rest days


# 专利侵权纠纷行政裁决和调解办法 (2025): the limits are marked (verify) in DOMAIN §3b.
def adjudication_filing_working_days() -> int:
    return _int("ADJUDICATION_FILING_WORKING_DAYS", 5)


def adjudication_service_working_days() -> int:
    return _int("ADJUDICATION_SERVICE_WORKING_DAYS", 5)


def adjudication_answer_days() -> int:
    return _int("ADJUDICATION_ANSWER_DAYS", 15)


def adjudication_decision_months() -> int:
    return _int("ADJUDICATION_DECISION_MONTHS", 3)


def adjudication_extension_months() -> int:
    return _int("ADJUDICATION_EXTENSION_MONTHS", 1)


def adjudication_lawsuit_days() -> int:
    # 《专利法》第六十五条: a party may sue within 15 days of receiving the ruling.
    return _int("ADJUDICATION_LAWSUIT_DAYS", 15)


ADJUDICATION_BASIS = "《专利侵权纠纷行政裁决和调解办法》（2025）"


# Provincial settings (verify)
def hearing_threshold(is_person: bool) -> Decimal:
    """Fines from this amount up give the party the right to a hearing."""
    if is_person:
        return _money("ENFORCEMENT_HEARING_THRESHOLD_PERSON", 10000)
    return _money("ENFORCEMENT_HEARING_THRESHOLD_ORGANIZATION", 100000)


def serious_fine_threshold() -> Decimal:
    """Fines from this amount up are decided by the heads' collective discussion."""
    return _money("ENFORCEMENT_COLLECTIVE_DISCUSSION_FINE", 100000)


def criminal_hint_thresholds() -> dict[str, Decimal]:
    """Indicative figures of the 2025 judicial interpretation for selling goods bearing a
    counterfeit registered mark; shown to officers as a hint, never applied automatically."""
    return {
        "illegal_gains": _money("ENFORCEMENT_CRIMINAL_HINT_GAINS", 30000),
        "illegal_turnover": _money("ENFORCEMENT_CRIMINAL_HINT_SALES", 50000),
        "unsold_goods_value": _money("ENFORCEMENT_CRIMINAL_HINT_UNSOLD", 150000),
    }
