"""Referrals of agency sanctions to 国家知识产权局 (suspension of an agency's business, revocation of a
licence): the bureau records the referral and the office's answer, never a decision of its own."""

import datetime as dt

from django.utils import timezone

from casemgmt.errors import Conflict, Invalid
from casemgmt.workflow.steps import audited_write

from ..choices import Kind, NationalMeasure
from ..models import NationalOfficeReferral
from ..rules.permissions import agency_head, case_officers


def national_referral_create(
    case,
    *,
    actor,
    measure: str,
    grounds: str,
    referred_on: dt.date,
    suspension_months: int | None = None,
    letter_number: str = "",
) -> NationalOfficeReferral:
    """Record that the bureau asked 国家知识产权局 to suspend the agency's business (6–12 months) or
    revoke its licence: those are not the bureau's to decide (专利代理条例 arts. 25, 26; 商标法 art. 68).

    Raises NotFound (404), Forbidden (403), Conflict (409) or Invalid (400)."""
    with audited_write(
        case,
        "refer_to_national_office",
        "提请国家知识产权局处理",
        actor=actor,
        permission=agency_head,
        forbidden="提请国家知识产权局处理须由本机关负责人决定。",
        reason=grounds,
    ) as write:
        case = write.obj
        if case.kind != Kind.AGENCY_VIOLATION:
            raise Conflict("只有代理违法案件可以提请国家知识产权局停止承接业务或吊销执业许可。")
        if case.filed_on is None:
            raise Conflict("立案后才能提请。")
        errors: dict = {}
        if measure not in NationalMeasure.values:
            errors["measure"] = [f"可选值：{'、'.join(NationalMeasure.values)}。"]
        if measure == NationalMeasure.SUSPENSION:
            if suspension_months is None or not 6 <= suspension_months <= 12:
                errors["suspension_months"] = ["停止承接新的代理业务的期间为 6 至 12 个月。"]
        elif suspension_months is not None:
            errors["suspension_months"] = ["只有提请停止承接业务时填写月数。"]
        if not write.reason:
            errors["grounds"] = ["请写明情节严重或逾期未改正的事实。"]
        if referred_on > timezone.localdate():
            errors["referred_on"] = ["日期不能晚于今天。"]
        elif referred_on < case.filed_on:
            errors["referred_on"] = [f"日期不能早于立案日期（{case.filed_on:%Y-%m-%d}）。"]
        if errors:
            raise Invalid("输入有误。", errors)
        referral = NationalOfficeReferral.objects.create(
            case=case,
            measure=measure,
            suspension_months=suspension_months,
            grounds=write.reason,
            referred_on=referred_on,
            letter_number=letter_number.strip(),
            recorded_by=actor,
        )
        write.record(
            referral=referral.pk,
            measure=measure,
            suspension_months=suspension_months,
            referred_on=referred_on,
            letter_number=referral.letter_number,
        )
    return referral


def national_referral_answer(
    referral: NationalOfficeReferral, *, actor, answered_on: dt.date, answer: str
) -> NationalOfficeReferral:
    """Record 国家知识产权局's answer to a referral."""
    with audited_write(
        referral.case,
        "record_national_office_answer",
        "登记国家知识产权局处理结果",
        actor=actor,
        permission=case_officers,
        forbidden="只有本案办案人员或机关负责人可以登记。",
        reason=answer,
    ) as write:
        referral = NationalOfficeReferral.objects.select_for_update().get(pk=referral.pk, case=write.obj)
        if referral.answered_on is not None:
            raise Conflict("已登记处理结果。")
        errors: dict = {}
        if not write.reason:
            errors["answer"] = ["请填写处理结果。"]
        if answered_on > timezone.localdate():
            errors["answered_on"] = ["日期不能晚于今天。"]
        elif answered_on < referral.referred_on:
            errors["answered_on"] = [f"日期不能早于提请日期（{referral.referred_on:%Y-%m-%d}）。"]
        if errors:
            raise Invalid("输入有误。", errors)
        write.edit(referral, answered_on=answered_on, answer=write.reason)
    return referral
