import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import ServiceMethod
from ..rules.money import ZERO, PaymentPosition, payment_position

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class PenaltyDecision(models.Model):
    """行政处罚决定书 of a case decided with a penalty: its 文号, what was imposed and why, the
    text as served (later published with personal data masked), service and payment."""

    case = models.OneToOneField(
        "enforcement.EnforcementCase", verbose_name="案件", on_delete=models.PROTECT, related_name="penalty_decision"
    )
    # Copied from the case so lists are scoped without a join.
    jurisdiction = models.ForeignKey("org.Jurisdiction", verbose_name="区划", on_delete=models.PROTECT)
    party = models.ForeignKey(
        "parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="penalty_decisions"
    )
    number = models.OneToOneField(
        "numbering.IssuedNumber", verbose_name="文号登记", on_delete=models.PROTECT, related_name="+"
    )
    number_text = models.CharField("文号", max_length=60, unique=True)
    document = models.OneToOneField(
        "documents.OfficialDocument", verbose_name="决定书", on_delete=models.PROTECT, related_name="+"
    )
    violation_type = models.CharField("违法行为类型", max_length=200)
    legal_basis = models.TextField("处罚依据")
    warning = models.BooleanField("警告", default=False)
    fine_amount = models.DecimalField("罚款（元）", default=ZERO, **AMOUNT)
    confiscated_gains = models.DecimalField("没收违法所得（元）", default=ZERO, **AMOUNT)
    confiscated_items = models.TextField("没收侵权商品、工具", blank=True)
    order_to_stop = models.BooleanField("责令停止违法行为", default=False)
    revoke_licence = models.BooleanField("吊销许可证件/执业许可", default=False)
    other_measures = models.TextField("其他处罚", blank=True)
    warning_only = models.BooleanField("仅给予警告", default=False)
    lawful_source = models.BooleanField("销售者证明合法来源", default=False)
    supplier = models.CharField("提供者", max_length=200, blank=True)
    must_aggravate = models.BooleanField("依法应当从重处罚", default=False)
    aggravation_confirmed = models.BooleanField("已确认从重处罚", default=False)
    prior_decisions = models.CharField("五年内同类处罚决定", max_length=500, blank=True)
    # The contents 《行政处罚法》第五十九条 requires, as recorded; decision_text is generated from
    # them (enforcement.rules.decision_content) and is what was served and is published.
    facts = models.TextField("违法事实", blank=True)
    evidence = models.TextField("证据", blank=True)
    performance = models.TextField("履行方式和期限", blank=True)
    authority = models.CharField("作出决定的行政机关", max_length=200, blank=True)
    review_body = models.CharField("行政复议机关", max_length=200, blank=True)
    court = models.CharField("行政诉讼管辖法院", max_length=200, blank=True)
    decision_text = models.TextField("决定书正文")
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT, related_name="+"
    )
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=30, choices=ServiceMethod.choices, blank=True)
    payment_due = models.DateField("缴款期限", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "行政处罚决定"
        verbose_name_plural = "行政处罚决定"
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number_text} {self.party}"

    @property
    def amount_payable(self) -> Decimal:
        return self.fine_amount + self.confiscated_gains

    @property
    def penalty_summary(self) -> str:
        """The penalties in one line, e.g. 警告；罚款人民币50,000.00元；没收侵权商品."""
        items = []
        if self.warning:
            items.append("警告")
        if self.fine_amount:
            items.append(f"罚款人民币{self.fine_amount:,.2f}元")
        if self.confiscated_gains:
            items.append(f"没收违法所得人民币{self.confiscated_gains:,.2f}元")
        if self.confiscated_items:
            items.append(f"没收{self.confiscated_items}")
        if self.revoke_licence:
            items.append("吊销许可证件")
        if self.other_measures:
            items.append(self.other_measures)
        if self.order_to_stop:
            items.append("责令停止违法行为")
        return "；".join(items)

    def payment_position(self, as_of: dt.date | None = None) -> PaymentPosition:
        """Unpaid fine, other sums and late surcharge on `as_of` (default today), under the approved
        instalment plan if any, leaving out the time of the party's review or lawsuit."""
        payments = [(p.paid_on, p.amount) for p in self.payments.all()] if self.pk else []
        return payment_position(
            fine=self.fine_amount,
            other=self.confiscated_gains,
            due=self.payment_due,
            payments=payments,
            as_of=as_of or timezone.localdate(),
            instalments=self.instalment_schedule(),
            excluded=[(r.filed_on, r.ended_on) for r in self.remedies.all()] if self.pk else [],
        )

    def in_default(self, as_of: dt.date | None = None) -> bool:
        """Some sum fell due before `as_of` (default today) and is still unpaid."""
        as_of = as_of or timezone.localdate()
        schedule = self.instalment_schedule() or ([(self.payment_due, self.amount_payable)] if self.payment_due else [])
        fallen_due = sum((amount for due, amount in schedule if due < as_of), ZERO)
        if fallen_due <= ZERO:
            return False
        paid = sum((p.amount for p in self.payments.all() if p.paid_on < as_of), ZERO) if self.pk else ZERO
        return paid < fallen_due and not self.payment_position(as_of).settled

    def instalment_schedule(self) -> list[tuple[dt.date, Decimal]]:
        """(due, amount) of the latest approved instalment plan; empty without one. A plan made before
        a change (变更) that raised the amount leaves the difference due with the last instalment."""
        if not self.pk:
            return []
        plan = self.arrangements.filter(kind="instalments").order_by("-approved_on", "-pk").first()
        if plan is None:
            return []
        schedule = [(i.deadline.due, i.amount) for i in plan.instalments.select_related("deadline")]
        missing = self.amount_payable - sum((amount for _, amount in schedule), ZERO)
        if schedule and missing > ZERO:
            last_due, last_amount = schedule[-1]
            schedule[-1] = (last_due, last_amount + missing)
        return schedule


class PenaltyPayment(models.Model):
    """A payment of a fine or confiscated sum (缴款记录), as shown on the bank's receipt."""

    decision = models.ForeignKey(
        PenaltyDecision, verbose_name="处罚决定", on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField("金额（元）", **AMOUNT)
    paid_on = models.DateField("缴款日期")
    receipt_number = models.CharField("缴款凭证号", max_length=60, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "罚没款缴纳记录"
        verbose_name_plural = "罚没款缴纳记录"
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="penalty_payment_positive")]

    def __str__(self) -> str:
        return f"{self.decision.number_text} {self.paid_on:%Y-%m-%d} {self.amount}元"
