"""Limitation of penalties (《行政处罚法》第三十六条): no penalty for a violation not discovered
within two years of its commission or, for a continuing one, its end; five years where citizens'
life, health or financial security is involved and harm followed; unless a law provides otherwise.

A clue is the bureau's discovery of the violation, so the period runs to the day the clue was
received. Pure: reads the values given, never the database."""

import datetime as dt

from casemgmt.calendar.counting import Rule, compute_due

# Dates before this are refused as input (as every other date of a case).
EARLIEST = dt.date(2000, 1, 1)
BASIS = "《中华人民共和国行政处罚法》第三十六条"
YEARS = 2
LONGER_YEARS = 5


def years_for(interest: str) -> int:
    return LONGER_YEARS if interest else YEARS


def period_end(violation_on: dt.date, interest: str) -> dt.date:
    """The last day on which the violation may still be discovered."""
    return compute_due(violation_on, Rule.MONTHS, 12 * years_for(interest)).due


def time_barred(*, violation_on: dt.date | None, interest: str, exception: str, discovered_on: dt.date) -> str:
    """Why no penalty may be imposed any more ("" when it may): the reason names the dates."""
    if violation_on is None or exception.strip():
        return ""
    end = period_end(violation_on, interest)
    if discovered_on <= end:
        return ""
    years = "五" if interest else "二"
    return (
        f"违法行为在{years}年内未被发现的，不再给予行政处罚（{BASIS}）：违法行为发生（终了）于 "
        f"{violation_on:%Y-%m-%d}，追责期限至 {end:%Y-%m-%d} 届满，而线索于 {discovered_on:%Y-%m-%d} 才收到。"
        "应当作出不予立案决定；法律另有规定的，请填写其名称、条款和期限。"
    )


def exception_problem(exception: str) -> str:
    """A recorded exception must name the law that provides otherwise ("" when it does)."""
    text = exception.strip()
    if text and not ("《" in text and "》" in text and "第" in text):
        return "请写明另有规定的法律名称和条款，例如《中华人民共和国税收征收管理法》第八十六条（五年）。"
    return ""
