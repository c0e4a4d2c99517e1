"""Time limits and periods of publication, and the pure conditions of its transitions.

Figures DOMAIN §3c marks "(verify)" or leaves to the province are settings read when used (never
at import); the defaults are today's understanding of 《市场监督管理行政处罚信息公示规定》 (2021)
and 《市场监督管理信用修复管理办法》 (2021)."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from .masking import published_equals_source_apart_from_masks

PUBLICATION_BASIS = "《市场监督管理行政处罚信息公示规定》：作出行政处罚决定之日起二十个工作日内公示"
WITHDRAWAL_BASIS = (
    "《市场监督管理行政处罚信息公示规定》：行政处罚决定被依法变更、撤销、确认违法或者确认无效的，三个工作日内撤回公示"
)


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def publication_working_days() -> int:
    return _int("PUBLICATION_WORKING_DAYS", 20)


def withdrawal_working_days() -> int:
    return _int("PUBLICATION_WITHDRAWAL_WORKING_DAYS", 3)


def period_months(*, short: bool) -> int:
    """How long an item stays public: 3 months for warnings-by-notice and low fines, else 3 years."""
    if short:
        return _int("PUBLICATION_SHORT_PERIOD_MONTHS", 3)
    return _int("PUBLICATION_PERIOD_MONTHS", 36)


def repair_min_months() -> int:
    """Credit repair may end publication early once it has run this long (verify)."""
    return _int("PUBLICATION_REPAIR_MIN_MONTHS", 6)


def public_until(public_from: dt.date, months: int) -> dt.date:
    """The last day an item is shown: the day numbered like `public_from`, `months` later
    (the first day is not counted, DOMAIN §7)."""
    return public_from + relativedelta(months=months)


def today() -> dt.date:
    return timezone.localdate()


# --- conditions (pure: they read only the publication) --------------------------------------------


def masks_hold(publication) -> bool:
    return published_equals_source_apart_from_masks(
        publication.source_text, publication.published_text, publication.masked_spans
    )


def masking_outdated(publication) -> bool:
    """The public text differs from what today's masking rules make of the source."""
    return publication.mask(publication.source_text).text != publication.published_text


def no_withdrawal_required(publication) -> bool:
    return publication.withdrawal_required_on is None


def period_over(publication) -> bool:
    return publication.public_until is not None and publication.public_until < today()


def repair_period_passed(publication) -> bool:
    if publication.public_from is None:
        return False
    return publication.public_from + relativedelta(months=repair_min_months()) <= today()


def obligations_fulfilled(publication) -> bool:
    from .kinds import get_publication_kind

    kind = get_publication_kind(publication.kind)
    if kind is None or kind.obligations_fulfilled is None:
        return False
    subject = publication.subject
    return subject is not None and bool(kind.obligations_fulfilled(subject))
