"""The limitation fields of a penalty case (《行政处罚法》第三十六条), taken at filing."""

import datetime as dt

from rest_framework import serializers

from ...choices import LimitationInterest
from ...rules import limitation
from .common import EARLIEST


def limitation_fields():
    """The fields of the limitation check (《行政处罚法》第三十六条), at filing and on the case."""
    return {
        "violation_on": serializers.DateField(
            label="违法行为发生日期（有连续或者继续状态的，为行为终了日期）", required=False, allow_null=True
        ),
        "limitation_interest": serializers.ChoiceField(
            label="涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）",
            choices=LimitationInterest.choices,
            required=False,
            allow_blank=True,
        ),
        "limitation_exception": serializers.CharField(
            label="法律另有规定的追责期限及其依据（无则不填）", max_length=2000, required=False, allow_blank=True
        ),
    }


def limitation_errors(case, attrs: dict, *, on: dt.date) -> dict:
    """Field errors of the limitation values in `attrs` (falling back on the case's): the date
    is required and past, the exception names a law, and the violation is not time-barred."""
    violation_on = attrs.get("violation_on", case.violation_on)
    interest = attrs.get("limitation_interest", case.limitation_interest)
    exception = attrs.get("limitation_exception", case.limitation_exception)
    if violation_on is None:
        return {"violation_on": ["请填写违法行为发生日期（有连续或者继续状态的，为行为终了日期）。"]}
    if violation_on > on:
        return {"violation_on": [f"违法行为发生日期不能晚于{on:%Y-%m-%d}。"]}
    if violation_on < EARLIEST:
        return {"violation_on": [f"日期不能早于{EARLIEST:%Y-%m-%d}。"]}
    problem = limitation.exception_problem(exception)
    if problem:
        return {"limitation_exception": [problem]}
    reason = limitation.time_barred(
        violation_on=violation_on, interest=interest, exception=exception, discovered_on=case.received_on
    )
    return {"violation_on": [reason]} if reason else {}
