"""Time limits, periods and the pure conditions of the list's transitions (DOMAIN §5).

Figures DOMAIN §5 leaves open or marks "(verify)" are settings read when used (never at import);
the defaults are today's understanding of 《市场监督管理严重违法失信名单管理办法》 (2021) and the
CNIPA 《知识产权信用管理规定》 (2022)."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from casemgmt.org.models import Jurisdiction
from casemgmt.workflow.transitions import Condition

from .choices import State

MEASURES_BASIS = "《市场监督管理严重违法失信名单管理办法》（2021）；《知识产权信用管理规定》（2022）"
STATEMENT_BASIS = (
    "《市场监督管理严重违法失信名单管理办法》：作出列入决定前告知当事人，当事人享有陈述、申辩和要求听证的权利"
    "（期限依本地设置）"
)
PUBLICATION_BASIS = "《市场监督管理严重违法失信名单管理办法》：作出列入决定之日起二十个工作日内公示"
REVOCATION_BASIS = (
    "《市场监督管理严重违法失信名单管理办法》：列入所依据的行政处罚决定被撤销、确认违法或者无效的，"
    "撤销列入决定，三个工作日内移出名单"
)
REMOVAL_DECISION_BASIS = (
    "《市场监督管理严重违法失信名单管理办法》：收到提前移出申请后在规定期限内作出决定（期限依本地设置）"
)
EXPIRY_RULE = "列入严重违法失信名单满三年，自动移出（《市场监督管理严重违法失信名单管理办法》）"
EARLY_REMOVAL_RULE = (
    "列入满一年，已履行义务、已消除危害后果和不良影响、未再受到较重行政处罚的，可申请提前移出"
    "（《市场监督管理严重违法失信名单管理办法》）"
)
DEFAULT_SUPERIOR = "山西省市场监督管理局"


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def statement_working_days() -> int:
    return _int("CREDITLIST_STATEMENT_WORKING_DAYS", 5)


def publication_working_days() -> int:
    return _int("CREDITLIST_PUBLICATION_WORKING_DAYS", 20)


def revocation_working_days() -> int:
    return _int("CREDITLIST_REVOCATION_WORKING_DAYS", 3)


def removal_decision_working_days() -> int:
    return _int("CREDITLIST_REMOVAL_DECISION_WORKING_DAYS", 15)


def early_removal_min_months() -> int:
    return _int("CREDITLIST_EARLY_REMOVAL_MIN_MONTHS", 12)


def partner_changes_max_days() -> int:
    return _int("CREDITLIST_PARTNER_CHANGES_MAX_DAYS", 366)


def level_above_consent_on() -> bool:
    """The level above's consent to county and city listing decisions (2021 办法; a 2025 draft
    drops it): CREDITLIST_LEVEL_ABOVE_CONSENT, on unless set off."""
    return bool(getattr(settings, "CREDITLIST_LEVEL_ABOVE_CONSENT", True))


def today() -> dt.date:
    return timezone.localdate()


def listing_until(listed_on: dt.date, years: int) -> dt.date:
    """The last day on the list: the day numbered like `listed_on`, `years` later (the first day
    is not counted, DOMAIN §7). The entry leaves the list the day after."""
    return listed_on + relativedelta(years=years)


def early_removal_from(listed_on: dt.date) -> dt.date:
    """From this day the party may apply for early removal (one year on the list)."""
    return listed_on + relativedelta(months=early_removal_min_months())


def consent_required(entry) -> bool:
    """County and city bureaus' listing decisions need the level above's consent when the
    setting is on (every bureau of this system is a county or city one)."""
    if not level_above_consent_on():
        return False
    return entry.jurisdiction.level in (Jurisdiction.Level.CITY, Jurisdiction.Level.COUNTY)


def superior_authority(entry) -> str:
    """Who gives the consent: the city bureau for a county's entry, the province for the city's."""
    from casemgmt.org.models import Department

    parent = entry.jurisdiction.parent
    if parent is not None:
        bureau = Department.objects.filter(kind=Department.Kind.MARKET_SUPERVISION, jurisdiction=parent).first()
        if bureau is not None:
            return bureau.name
    return DEFAULT_SUPERIOR


# --- conditions (pure: they read the entry and its own rows) ----------------------------------------


def statement_window_over(entry) -> bool:
    return entry.statement_due is not None and today() > entry.statement_due


def party_was_heard(entry) -> bool:
    """The party's rights (办法 art. 15) are not cut off: it expressly waived both statement and
    hearing, a hearing it asked for was held, or the five working days have passed. A written
    objection alone does not close the window: the party may still ask for a hearing in it."""
    if entry.state in (State.AWAITING_CONSENT, State.CONSENTED):
        return True  # held when the level above was asked
    if entry.rights_waived_on is not None or entry.hearing_held_on is not None:
        return True
    return statement_window_over(entry)


def consent_given_if_required(entry) -> bool:
    return entry.state == State.CONSENTED or not consent_required(entry)


def has_open_application(entry) -> bool:
    from .models import EarlyRemovalApplication

    return EarlyRemovalApplication.objects.filter(entry_id=entry.pk, status="submitted").exists()


def listing_period_over(entry) -> bool:
    return entry.listing_until is not None and entry.listing_until < today()


def removal_still_eligible(entry) -> bool:
    from .eligibility import automatic_failures, removal_eligibility

    return not automatic_failures(removal_eligibility(entry))


party_heard = Condition(party_was_heard, "当事人陈述、申辩期限尚未届满，且尚未登记其陈述申辩意见、听证申请或放弃声明。")
rights_not_waived = Condition(lambda e: e.rights_waived_on is None, "已登记当事人放弃陈述、申辩和听证。")
needs_consent = Condition(consent_required, "列入决定无须报上一级同意（已关闭“上一级同意”设置）。")
consent_given = Condition(
    consent_given_if_required,
    "县级、设区的市级市场监管部门作出列入决定前须报经上一级同意：请先报上一级同意并登记其意见。",
)
open_application = Condition(has_open_application, "没有待审查的提前移出申请。")
period_over = Condition(listing_period_over, "列入期限尚未届满。")
still_eligible = Condition(
    removal_still_eligible, "当事人不再符合提前移出的条件（列入未满一年、尚未履行义务或又受到较重行政处罚）。"
)
