"""Pure arithmetic of penalties: the statutory fine ceiling, the late-payment surcharge and the
criminal-referral hint. Amounts are Decimal yuan; nothing here touches the database."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..choices import Kind
from . import limits

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
FLOOR_CEILING = Decimal("250000")
MULTIPLE = 5
SURCHARGE_RATE = Decimal("0.03")


def yuan(value) -> str:
    """25000.00 → "25,000.00" (for messages)."""
    return f"{Decimal(value).quantize(CENT):,}"


@dataclass(frozen=True)
class Ceiling:
    amount: Decimal
    explanation: str  # which amount it was derived from and the article, for the error message
    floor: Decimal = ZERO  # the lowest fine where the law sets one (agency violations)


def fine_ceiling(kind: str, *, illegal_turnover=None, illegal_gains=None, agency_subject: str = "") -> Ceiling:
    """The highest fine the law allows for the case.

    Trademark infringement (《商标法》第六十条第二款) and patent counterfeiting (《专利法》
    第六十八条): five times the illegal turnover / illegal gains, or 250,000 yuan when that amount is
    missing or small, i.e. max(250000, 5 × amount). Agency violations: the range of the article that
    applies to who committed it (rules.agency)."""
    if kind == Kind.AGENCY_VIOLATION:
        from .agency import agency_fine_range

        return agency_fine_range(agency_subject, illegal_gains=illegal_gains)
    if kind == Kind.TRADEMARK_INFRINGEMENT:
        base, basis, law = illegal_turnover, "违法经营额", "《商标法》第六十条第二款"
    else:
        base, basis, law = illegal_gains, "违法所得", "《专利法》第六十八条"
    base = Decimal(base or 0)
    multiple = base * MULTIPLE
    if multiple > FLOOR_CEILING:
        return Ceiling(multiple.quantize(CENT), f"{law}：{basis} {yuan(base)} 元的五倍，即 {yuan(multiple)} 元")
    return Ceiling(
        FLOOR_CEILING.quantize(CENT),
        f"{law}：{basis}{'未认定' if not base else f' {yuan(base)} 元的五倍不足二十五万元'}，上限为 250,000.00 元",
    )


@dataclass(frozen=True)
class PaymentPosition:
    """Where a fine stands on a given day."""

    fine_unpaid: Decimal  # principal of the fine still owed
    other_unpaid: Decimal  # confiscated illegal gains still owed
    surcharge: Decimal  # late surcharge accrued so far (capped)
    surcharge_paid: Decimal
    surcharge_days: int  # days on which a surcharge accrued
    overpaid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.fine_unpaid + self.other_unpaid + self.surcharge - self.surcharge_paid

    @property
    def settled(self) -> bool:
        return self.outstanding <= ZERO


def payment_position(
    *,
    fine: Decimal,
    other: Decimal = ZERO,
    due: dt.date | None,
    payments: Iterable[tuple[dt.date, Decimal]],
    as_of: dt.date,
    instalments: Sequence[tuple[dt.date, Decimal]] = (),
    excluded: Iterable[tuple[dt.date, dt.date | None]] = (),
) -> PaymentPosition:
    """The fine, the other sums payable and the late surcharge on `as_of` (《行政处罚法》第七十二条).

    From the day after a due date, each day adds 3 % of the fine principal that is overdue and still
    unpaid at the start of that day; the surcharge never exceeds the fine. Without `instalments`
    everything is due on `due`; with an approved plan (art. 66) each instalment is due on its own
    date and only the overdue part of the fine bears the surcharge. Days inside an `excluded`
    period (the party's administrative review or lawsuit, art. 73(3); an open end runs to `as_of`)
    add nothing. Payments made on a day count from the next day, so paying one day late costs one
    day. A payment goes first to the fine (which stops the surcharge growing), then to the other
    sums, then to the surcharge."""
    fine, other = Decimal(fine), Decimal(other)
    by_day: dict[dt.date, Decimal] = {}
    for paid_on, amount in payments:
        if paid_on <= as_of:
            by_day[paid_on] = by_day.get(paid_on, ZERO) + Decimal(amount)
    if instalments:
        schedule = sorted((day, Decimal(amount)) for day, amount in instalments)
    else:
        schedule = [(due, fine + other)] if due is not None else []
    periods = [(start, end or as_of) for start, end in excluded]

    fine_unpaid, other_unpaid, surcharge, surcharge_paid, overpaid = fine, other, ZERO, ZERO, ZERO
    surcharge_days = 0
    cap = fine

    def apply(amount: Decimal) -> None:
        nonlocal fine_unpaid, other_unpaid, surcharge_paid, overpaid
        for_fine = min(amount, fine_unpaid)
        fine_unpaid -= for_fine
        amount -= for_fine
        for_other = min(amount, other_unpaid)
        other_unpaid -= for_other
        amount -= for_other
        for_surcharge = min(amount, surcharge - surcharge_paid)
        surcharge_paid += for_surcharge
        overpaid += amount - for_surcharge

    def overdue_fine(day: dt.date) -> Decimal:
        # Sums fall due in order; whatever of them is still unpaid counts as fine first.
        fallen_due = sum((amount for on, amount in schedule if on < day), ZERO)
        paid = (fine - fine_unpaid) + (other - other_unpaid)
        return min(fine_unpaid, max(ZERO, fallen_due - paid))

    day_before_accrual = schedule[0][0] if schedule else as_of
    for paid_on in sorted(d for d in by_day if d <= day_before_accrual):
        apply(by_day.pop(paid_on))
    day = day_before_accrual
    while day < as_of:
        if not by_day and (fine_unpaid <= ZERO or surcharge >= cap):
            break  # nothing accrues any more and no payment is left to apply
        day += dt.timedelta(days=1)
        base = overdue_fine(day)
        excluded_day = any(start <= day <= end for start, end in periods)
        if base > ZERO and surcharge < cap and not excluded_day:
            surcharge = min(cap, surcharge + (base * SURCHARGE_RATE).quantize(CENT, ROUND_HALF_UP))
            surcharge_days += 1
        if day in by_day:
            apply(by_day.pop(day))
    return PaymentPosition(
        fine_unpaid=fine_unpaid.quantize(CENT),
        other_unpaid=other_unpaid.quantize(CENT),
        surcharge=surcharge.quantize(CENT),
        surcharge_paid=surcharge_paid.quantize(CENT),
        surcharge_days=surcharge_days,
        overpaid=overpaid.quantize(CENT),
    )


def late_surcharge(fine: Decimal, due: dt.date, as_of: dt.date, payments=()) -> Decimal:
    """The late surcharge accrued by `as_of`: 3 % a day of the unpaid fine, capped at the fine."""
    return payment_position(fine=fine, due=due, payments=payments, as_of=as_of).surcharge


def criminal_hint(kind: str, *, illegal_turnover=None, illegal_gains=None, unsold_goods_value=None) -> list[str]:
    """Which indicative criminal thresholds the recorded amounts reach (empty: none reached).
    A hint for the officers' own assessment; the system never decides on a referral."""
    if kind != Kind.TRADEMARK_INFRINGEMENT:
        return []
    thresholds = limits.criminal_hint_thresholds()
    labels = {
        "illegal_gains": "违法所得",
        "illegal_turnover": "销售金额",
        "unsold_goods_value": "尚未销售的侵权商品货值",
    }
    values = {
        "illegal_gains": illegal_gains,
        "illegal_turnover": illegal_turnover,
        "unsold_goods_value": unsold_goods_value,
    }
    reached = []
    for name, threshold in thresholds.items():
        value = values[name]
        if value is not None and Decimal(value) >= threshold:
            reached.append(
                f"{labels[name]} {yuan(value)} 元，达到涉嫌销售假冒注册商标的商品罪的指示性标准（{yuan(threshold)} 元）"
            )
    return reached
