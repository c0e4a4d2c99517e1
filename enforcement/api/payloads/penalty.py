"""Payloads of the administrative penalty procedure (DOMAIN §3a)."""

import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.parties.models import Party

from ...choices import AgencySubject, ClockPause, HearingEnd, Kind, Outcome, ServiceMethod, State
from ...rules import limits
from ...rules import penalty as rules
from ...rules.agency import agency_decision_problems, competence_problem
from ...rules.money import ZERO, fine_ceiling, yuan
from ...selectors.decisions import prior_trademark_penalties, repeat_act_date
from ...services import decision_content
from ...services.execution import court_application_problem
from .common import (
    CasePayload,
    CourtApplicationPayload,
    ResumptionPayload,
    SuspensionPayload,
    TeamPayload,
    check_member,
    dated,
    lead_officer_field,
    officer_problems,
    officers_field,
    past_date,
)
from .limitation import limitation_errors, limitation_fields

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": ZERO}
INDIVIDUALS = (Party.Kind.PERSON, Party.Kind.INDIVIDUAL_BUSINESS)

__all__ = ["ResumptionPayload", "SuspensionPayload"]


def _field_error(name: str, exc: serializers.ValidationError) -> serializers.ValidationError:
    return serializers.ValidationError({name: exc.detail})


class FilingClockPausePayload(CasePayload):
    measure = serializers.ChoiceField(label="不计入立案期限的事项", choices=ClockPause.choices)
    paused_from = serializers.DateField(label="开始日期", required=False)

    def validate_paused_from(self, value):
        return past_date(value, not_before=self.case.received_on, before_label="线索收到日期")

    def validate(self, attrs):
        attrs.setdefault("paused_from", timezone.localdate())
        return attrs


class FilingClockResumePayload(CasePayload):
    completed_on = serializers.DateField(label="完成日期（当日不计入期限）", required=False)

    def validate(self, attrs):
        return dated(
            attrs, "completed_on", not_before=self.case.filing_clock_paused_since, before_label="暂停计算的开始日期"
        )


class FilingPayload(TeamPayload):
    officers = officers_field("办案人员（至少两名，持执法证）")
    lead_officer = lead_officer_field("主办人员")
    filed_on = serializers.DateField(label="立案日期", required=False)
    agency_subject = serializers.ChoiceField(
        label="代理违法主体（代理违法案件必填）", choices=AgencySubject.choices, required=False, allow_blank=True
    )

    def get_fields(self):
        fields = {**super().get_fields(), **limitation_fields()}
        # Required unless the clue already recorded it (the form then opens with it filled in).
        fields["violation_on"].required = self.context.get("instance") is not None and self.case.violation_on is None
        return fields

    def validate_filed_on(self, value):
        return past_date(value, not_before=self.case.received_on, before_label="线索收到日期")

    def validate(self, attrs):
        attrs = self.check_team(attrs, date_field="filed_on")
        errors = limitation_errors(self.case, attrs, on=attrs["filed_on"])
        if errors:
            raise serializers.ValidationError(errors)
        self._check_agency(attrs)
        return attrs

    def _check_agency(self, attrs):
        """Who committed an agency violation decides the article and whether this bureau may act."""
        case = self.case
        if case.kind != Kind.AGENCY_VIOLATION:
            if attrs.get("agency_subject"):
                raise serializers.ValidationError({"agency_subject": ["只有代理违法案件选择代理违法主体。"]})
            return
        subject = attrs.get("agency_subject") or case.agency_subject
        if not subject:
            raise serializers.ValidationError({"agency_subject": ["请选择代理违法主体。"]})
        previous, case.agency_subject = case.agency_subject, subject
        try:
            problem = competence_problem(case)
        finally:
            case.agency_subject = previous
        if problem:
            raise serializers.ValidationError({"agency_subject": [problem]})


class InvestigationReportPayload(CasePayload):
    investigation_report = serializers.CharField(label="调查终结报告", max_length=50000)
    closed_on = serializers.DateField(label="调查终结日期", required=False)
    illegal_turnover = serializers.DecimalField(label="违法经营额（元）", required=False, allow_null=True, **MONEY)
    illegal_gains = serializers.DecimalField(label="违法所得（元）", required=False, allow_null=True, **MONEY)
    unsold_goods_value = serializers.DecimalField(
        label="尚未销售的侵权商品货值（元）", required=False, allow_null=True, **MONEY
    )

    def validate_closed_on(self, value):
        return past_date(value, not_before=self.case.filed_on, before_label="立案日期")

    def validate(self, attrs):
        attrs.setdefault("closed_on", timezone.localdate())
        return attrs


class CriminalTransferProposalPayload(CasePayload):
    team = officers_field("移送专案组（至少两名本案办案人员）")
    report = serializers.CharField(label="涉嫌犯罪案件调查报告", max_length=50000)

    def validate_team_member(self, officer):
        if not self.case.officers.filter(pk=officer.pk).exists():
            raise serializers.ValidationError(f"{officer.display_name}不是本案办案人员。")
        check_member(self.case, officer)
        return officer

    def validate_team(self, team):
        team = list(dict.fromkeys(team))
        assigned = set(self.case.officers.values_list("pk", flat=True))
        problems = [f"{o.display_name}不是本案办案人员。" for o in team if o.pk not in assigned]
        problems += officer_problems(self.case, team, minimum=2, what="专案组成员")
        if problems:
            raise serializers.ValidationError(problems)
        return team


class PoliceTransferPayload(CasePayload):
    police_unit = serializers.CharField(label="接收移送的公安机关", max_length=200)
    transferred_at = serializers.DateTimeField(label="移送时间", required=False)
    receipt = serializers.CharField(label="公安机关接收回执", max_length=5000, required=False, allow_blank=True)

    def validate_transferred_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError("移送时间不能晚于现在。")
        approved = self.case.criminal_approved_at
        if approved is not None and value < approved:
            raise serializers.ValidationError(
                f"移送时间不能早于批准移送的时间（{timezone.localtime(approved):%Y-%m-%d %H:%M}）。"
            )
        return value

    def validate(self, attrs):
        attrs.setdefault("transferred_at", timezone.now())
        return attrs


class SubmissionPayload(CasePayload):
    submitted_on = serializers.DateField(label="送审日期", required=False)

    def validate(self, attrs):
        return dated(attrs, "submitted_on", not_before=self.case.investigation_closed_on, before_label="调查终结日期")


class ReviewPayload(CasePayload):
    review_opinion = serializers.CharField(label="法制审核意见", max_length=20000)
    reviewed_on = serializers.DateField(label="审核日期", required=False)

    def validate(self, attrs):
        return dated(attrs, "reviewed_on", not_before=self.case.submitted_for_review_on, before_label="送审日期")


def _ceiling_error(case, fine):
    ceiling = fine_ceiling(
        case.kind,
        illegal_turnover=case.illegal_turnover,
        illegal_gains=case.illegal_gains,
        agency_subject=case.agency_subject,
    )
    if fine is not None and fine > ceiling.amount:
        return f"罚款 {yuan(fine)} 元超过法定上限 {yuan(ceiling.amount)} 元（{ceiling.explanation}）。"
    return None


class PriorNoticePayload(CasePayload):
    proposed_penalty = serializers.CharField(label="拟作出的行政处罚（内容、事实、理由、依据）", max_length=20000)
    proposed_fine = serializers.DecimalField(label="拟罚款金额（元，无罚款填0）", **MONEY)
    other_hearing_ground = serializers.BooleanField(
        label="属于其他听证情形（没收较大数额违法所得、吊销许可证件等）", required=False, default=False
    )
    notice_served_on = serializers.DateField(label="告知书送达日期", required=False)
    service_method = serializers.ChoiceField(label="送达方式", choices=ServiceMethod.choices, required=False)

    def validate_proposed_fine(self, value):
        problem = _ceiling_error(self.case, value)
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate_notice_served_on(self, value):
        return past_date(value, not_before=self.case.reviewed_on, before_label="法制审核日期")

    def validate(self, attrs):
        attrs.setdefault("notice_served_on", timezone.localdate())
        party = self.case.principal_party
        individual = party is not None and party.kind in INDIVIDUALS
        attrs["hearing_right"] = bool(
            attrs.get("other_hearing_ground") or attrs["proposed_fine"] >= limits.hearing_threshold(individual)
        )
        return attrs


class StatementPayload(CasePayload):
    received_on = serializers.DateField(label="收到陈述申辩/放弃声明的日期", required=False)
    waived = serializers.BooleanField(label="当事人书面明确放弃陈述、申辩权利", required=False, default=False)
    hearing_waived = serializers.BooleanField(
        label="当事人书面明确放弃听证权利（告知书载明听证权利的）", required=False, default=False
    )
    statement_text = serializers.CharField(
        label="陈述申辩意见及复核情况", max_length=20000, required=False, allow_blank=True
    )

    def validate_received_on(self, value):
        return past_date(value, not_before=self.case.notice_served_on, before_label="告知书送达日期")

    def validate(self, attrs):
        attrs.setdefault("received_on", timezone.localdate())
        if not attrs["waived"] and not attrs.get("statement_text", "").strip():
            raise serializers.ValidationError({"statement_text": ["请填写当事人的陈述申辩意见，或勾选放弃陈述申辩。"]})
        if attrs["hearing_waived"] and not self.case.hearing_right:
            raise serializers.ValidationError(
                {"hearing_waived": ["事先告知未载明听证权利（拟作出的处罚不属于听证范围），无须登记放弃听证。"]}
            )
        return attrs


class HearingRequestPayload(CasePayload):
    requested_on = serializers.DateField(label="当事人提出听证申请的日期", required=False)

    def validate(self, attrs):
        value = attrs.setdefault("requested_on", timezone.localdate())
        case = self.case
        try:
            past_date(value, not_before=case.notice_served_on, before_label="告知书送达日期")
        except serializers.ValidationError as exc:
            raise _field_error("requested_on", exc) from None
        if case.statement_due is not None and value > case.statement_due:
            raise serializers.ValidationError(
                {
                    "requested_on": [
                        f"当事人应在告知书送达后五个工作日内（{case.statement_due:%Y-%m-%d} 前）提出听证申请，"
                        "逾期视为放弃听证权利。"
                    ]
                }
            )
        return attrs


class HearingSchedulePayload(CasePayload):
    notice_served_on = serializers.DateField(label="听证通知送达日期", required=False)
    hearing_date = serializers.DateField(label="听证日期")

    def validate_notice_served_on(self, value):
        return past_date(value, not_before=self.case.hearing_requested_on, before_label="听证申请日期")

    def validate(self, attrs):
        served = attrs.setdefault("notice_served_on", timezone.localdate())
        earliest = compute_due(served, Rule.WORKING_DAYS, limits.HEARING_NOTICE_WORKING_DAYS).due
        if attrs["hearing_date"] < earliest:
            raise serializers.ValidationError(
                {
                    "hearing_date": [
                        f"听证通知应在举行听证的七个工作日前送达（{limits.HEARING_NOTICE_BASIS}）：通知于 "
                        f"{served:%Y-%m-%d} 送达的，听证最早于 {earliest:%Y-%m-%d} 举行。"
                    ]
                }
            )
        if attrs["hearing_date"] > served + dt.timedelta(days=366):
            raise serializers.ValidationError({"hearing_date": ["听证日期不能晚于通知送达后一年。"]})
        return attrs


class HearingRecordPayload(CasePayload):
    held_on = serializers.DateField(label="举行听证日期", required=False)
    hearing_record = serializers.CharField(label="听证笔录及听证报告", max_length=50000)

    def validate(self, attrs):
        return dated(attrs, "held_on", not_before=self.case.hearing_date, before_label="通知的听证日期")


class HearingEndPayload(CasePayload):
    ground = serializers.ChoiceField(label="听证终止情形", choices=HearingEnd.choices)
    ended_on = serializers.DateField(label="听证终止日期", required=False)

    def validate(self, attrs):
        case = self.case
        if attrs["ground"] != HearingEnd.WITHDRAWN and case.hearing_date is None:
            raise serializers.ValidationError(
                {"ground": ["尚未确定听证日期并送达听证通知：当事人不出席或中途退出，须以听证已依法通知为前提。"]}
            )
        after, label = (
            (case.hearing_requested_on, "申请听证日期")
            if attrs["ground"] == HearingEnd.WITHDRAWN
            else (case.hearing_date, "通知的听证日期")
        )
        return dated(attrs, "ended_on", not_before=after, before_label=label)


class DecisionPayload(CasePayload):
    outcome = serializers.ChoiceField(label="处理结果", choices=Outcome.choices)
    decided_on = serializers.DateField(label="决定日期", required=False)
    violation_type = serializers.CharField(label="违法行为类型", max_length=200, required=False, allow_blank=True)
    legal_basis = serializers.CharField(label="处罚依据", max_length=5000, required=False, allow_blank=True)
    warning = serializers.BooleanField(label="警告", required=False, default=False)
    fine_amount = serializers.DecimalField(label="罚款（元）", required=False, default=ZERO, **MONEY)
    confiscated_gains = serializers.DecimalField(label="没收违法所得（元）", required=False, default=ZERO, **MONEY)
    confiscated_items = serializers.CharField(
        label="没收侵权商品、工具", max_length=5000, required=False, allow_blank=True
    )
    order_to_stop = serializers.BooleanField(label="责令停止违法行为", required=False, default=False)
    revoke_licence = serializers.BooleanField(label="吊销许可证件/执业许可", required=False, default=False)
    other_measures = serializers.CharField(label="其他处罚", max_length=2000, required=False, allow_blank=True)
    lawful_source = serializers.BooleanField(
        label="销售者能证明商品系合法取得并说明提供者", required=False, default=False
    )
    supplier = serializers.CharField(label="提供者名称", max_length=200, required=False, allow_blank=True)
    aggravation_confirmed = serializers.BooleanField(label="已确认从重处罚", required=False, default=False)
    facts = serializers.CharField(
        label="认定的违法事实（写入处罚决定书）", max_length=50000, required=False, allow_blank=True
    )
    evidence = serializers.CharField(
        label="证据（案卷中的现场检查笔录和证据自动列入；其他证据每行一项）",
        max_length=20000,
        required=False,
        allow_blank=True,
    )
    decision_text = serializers.CharField(
        label="不予行政处罚决定书正文（处罚决定书由系统根据以上各项生成）",
        max_length=100000,
        required=False,
        allow_blank=True,
    )
    decision_note = serializers.CharField(
        label="不予处罚或移送的理由", max_length=20000, required=False, allow_blank=True
    )
    transferred_to = serializers.CharField(label="移送机关", max_length=200, required=False, allow_blank=True)
    discussion_minutes = serializers.CharField(
        label="集体讨论记录（集体讨论决定的案件必填）", max_length=50000, required=False, allow_blank=True
    )
    discussion_on = serializers.DateField(label="集体讨论日期", required=False)

    def validate_decided_on(self, value):
        case = self.case
        earliest, label = (
            (case.notice_served_on, "告知书送达日期") if case.notice_served_on else (case.filed_on, "立案日期")
        )
        past_date(value, not_before=earliest, before_label=label)
        if (
            case.state == State.NOTIFIED
            and not rules.rights_waived(case)
            and not rules.statement_window_over(case, value)
        ):
            raise serializers.ValidationError(
                f"当事人陈述、申辩和要求听证的期限至 {case.statement_due:%Y-%m-%d} 届满，决定日期须在此之后"
                "（当事人书面放弃陈述申辩和听证权利的除外）。"
            )
        return value

    def validate(self, attrs):
        case = self.case
        attrs.setdefault("decided_on", timezone.localdate())
        errors: dict[str, list[str]] = {}

        def refuse(field, message):
            errors.setdefault(field, []).append(message)

        if case.state == State.COLLECTIVE_DISCUSSION:
            if not attrs.get("discussion_minutes", "").strip():
                refuse("discussion_minutes", "本案经集体讨论决定，请填写集体讨论记录。")
            discussed = attrs.setdefault("discussion_on", attrs["decided_on"])
            if discussed > attrs["decided_on"]:
                refuse("discussion_on", "集体讨论日期不能晚于决定日期。")
        elif attrs.get("discussion_minutes", "").strip() or "discussion_on" in attrs:
            refuse("discussion_minutes", "本案未提交集体讨论，请先“提交集体讨论”再填写讨论记录。")
        outcome = attrs["outcome"]
        if outcome == Outcome.PENALTY:
            self._check_penalty(case, attrs, refuse)
        else:
            self._check_without_penalty(attrs, refuse)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _check_without_penalty(self, attrs, refuse):
        for name in ("warning", "order_to_stop", "revoke_licence", "lawful_source", "aggravation_confirmed"):
            if attrs.get(name):
                refuse(name, "只有给予行政处罚的决定才填写处罚内容。")
        for name in ("fine_amount", "confiscated_gains"):
            if attrs.get(name):
                refuse(name, "只有给予行政处罚的决定才填写处罚内容。")
        if attrs.get("confiscated_items", "").strip() or attrs.get("other_measures", "").strip():
            refuse("other_measures", "只有给予行政处罚的决定才填写处罚内容。")
        if not attrs.get("decision_note", "").strip():
            refuse("decision_note", "请写明不予处罚或移送的理由。")
        if attrs["outcome"] == Outcome.NO_PENALTY and not attrs.get("decision_text", "").strip():
            refuse("decision_text", "请填写不予行政处罚决定书正文。")
        if attrs["outcome"] == Outcome.TRANSFERRED and not attrs.get("transferred_to", "").strip():
            refuse("transferred_to", "请填写接收移送的机关。")

    def _check_penalty(self, case, attrs, refuse):
        if case.state == State.UNDER_REVIEW:
            refuse(
                "outcome",
                "给予行政处罚前须告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、听证权利"
                "（《行政处罚法》第四十四条）：请先事先告知。",
            )
            return
        if not attrs.get("violation_type", "").strip():
            refuse("violation_type", "请填写违法行为类型。")
        if attrs.get("decision_text", "").strip():
            refuse(
                "decision_text",
                "处罚决定书正文由系统根据当事人、违法事实和证据、处罚依据和内容、履行方式和期限、救济途径生成，"
                "不能直接填写：请填写各项内容。",
            )
        party = case.principal_party
        attrs["evidence_lines"] = decision_content.evidence_lines(case, attrs.get("evidence", ""))
        for name, messages in decision_content.missing_elements(
            case, party, attrs, decision_content.bureau_data(case)
        ).items():
            for message in messages:
                refuse(name, message)
        fine, gains = attrs["fine_amount"], attrs["confiscated_gains"]
        punitive = [
            attrs["warning"],
            fine > ZERO,
            gains > ZERO,
            bool(attrs.get("confiscated_items", "").strip()),
            attrs["revoke_licence"],
            bool(attrs.get("other_measures", "").strip()),
        ]
        if attrs["lawful_source"]:
            self._check_lawful_source(case, attrs, refuse)
        elif not any(punitive):
            refuse("non_field_errors", "请至少填写一项行政处罚（警告、罚款、没收、吊销许可证件等）。")

        problem = _ceiling_error(case, fine)
        if problem:
            refuse("fine_amount", problem)
        for field, messages in agency_decision_problems(case, attrs).items():
            for message in messages:
                refuse(field, message)
        proposed = case.proposed_fine or ZERO
        if fine > proposed:
            refuse(
                "fine_amount",
                f"处罚决定不得重于事先告知的内容：告知的拟罚款金额为 {yuan(proposed)} 元。需要加重的，请重新调查并告知。",
            )
        if fine >= limits.serious_fine_threshold() and case.state != State.COLLECTIVE_DISCUSSION:
            refuse(
                "fine_amount",
                f"罚款达到 {yuan(limits.serious_fine_threshold())} 元的案件须经机关负责人集体讨论决定，请先提交集体讨论。",
            )
        if case.illegal_gains is not None and gains > case.illegal_gains:
            refuse("confiscated_gains", f"没收的违法所得不能超过认定的违法所得 {yuan(case.illegal_gains)} 元。")

        prior = []
        if case.kind == Kind.TRADEMARK_INFRINGEMENT and party is not None:
            act_on = repeat_act_date(case)
            prior = [d.number_text for d in prior_trademark_penalties(party, act_on=act_on, exclude_case_id=case.pk)]
        attrs["prior_decisions"] = prior
        if prior and not attrs["aggravation_confirmed"]:
            refuse(
                "aggravation_confirmed",
                f"当事人在本次侵权行为（{act_on:%Y-%m-%d}）前五年内曾因商标侵权受到行政处罚（{'、'.join(prior)}），"
                "再次侵权依法应当从重处罚"
                "（《商标法》第六十条第二款）：请确认已从重处罚。",
            )
        if not prior and attrs["aggravation_confirmed"]:
            attrs["aggravation_confirmed"] = False  # nothing to confirm; kept off so the record does not mislead

    def _check_lawful_source(self, case, attrs, refuse):
        """《商标法》第六十条第二款: a seller who did not know, proves lawful acquisition and names the
        supplier is only ordered to stop selling."""
        if case.kind != Kind.TRADEMARK_INFRINGEMENT:
            refuse("lawful_source", "合法来源的规定只适用于销售侵犯注册商标专用权的商品。")
            return
        if not attrs.get("supplier", "").strip():
            refuse("supplier", "销售者须说明提供者，请填写提供者名称。")
        message = "销售者能证明合法来源并说明提供者的，只责令停止销售，不得给予罚款等处罚（《商标法》第六十条第二款）。"
        if attrs["fine_amount"] > ZERO:
            refuse("fine_amount", message)
        if attrs["confiscated_gains"] > ZERO:
            refuse("confiscated_gains", message)
        for name in ("warning", "revoke_licence"):
            if attrs[name]:
                refuse(name, message)
        for name in ("confiscated_items", "other_measures"):
            if attrs.get(name, "").strip():
                refuse(name, message)
        attrs["order_to_stop"] = True


class ServicePayload(CasePayload):
    served_on = serializers.DateField(label="送达日期", required=False)
    service_method = serializers.ChoiceField(label="送达方式", choices=ServiceMethod.choices)

    def validate(self, attrs):
        return dated(attrs, "served_on", not_before=self.case.decided_on, before_label="决定日期")


class PaymentDemandPayload(CasePayload):
    served_on = serializers.DateField(label="催告书送达日期", required=False)

    def validate(self, attrs):
        value = attrs.setdefault("served_on", timezone.localdate())
        decision = getattr(self.case, "penalty_decision", None)
        due = decision.payment_due if decision is not None else None
        try:
            past_date(value)
        except serializers.ValidationError as exc:
            raise _field_error("served_on", exc) from None
        if decision is not None and due is not None and not decision.in_default(value):
            raise serializers.ValidationError({"served_on": [f"缴款期限（{due:%Y-%m-%d}）届满后才能催告。"]})
        return attrs


class CourtEnforcementPayload(CourtApplicationPayload):
    def validate(self, attrs):
        case = self.case
        value = attrs["applied_on"]
        try:
            past_date(value)
        except serializers.ValidationError as exc:
            raise _field_error("applied_on", exc) from None
        if case.payment_demand_served_on is None:
            return attrs  # the transition's own condition says a demand must come first
        waited = compute_due(case.payment_demand_served_on, Rule.WORKING_DAYS, limits.DEMAND_WAIT_WORKING_DAYS).due
        if value <= waited:
            raise serializers.ValidationError(
                {
                    "applied_on": [
                        f"催告书送达十日后当事人仍未履行的，才能申请人民法院强制执行（{limits.COURT_ENFORCEMENT_BASIS}）："
                        f"最早于 {waited:%Y-%m-%d} 之后申请。"
                    ]
                }
            )
        problem = court_application_problem(case, value)
        if problem:
            raise serializers.ValidationError({"applied_on": [problem]})
        return attrs


class CourtResultPayload(CasePayload):
    court_result = serializers.CharField(label="法院执行结果", max_length=20000)
    concluded_on = serializers.DateField(label="执行终结日期")
    court_case_number = serializers.CharField(label="法院执行案号", max_length=60, required=False, allow_blank=True)

    def validate_concluded_on(self, value):
        return past_date(value, not_before=self.case.court_applied_on, before_label="申请强制执行日期")


class ClosingPayload(CasePayload):
    closing_report = serializers.CharField(label="结案报告", max_length=20000, required=False, allow_blank=True)
