"""Pure guards of patent-infringement dispute adjudication (DOMAIN §3b)."""

from django.utils import timezone

from casemgmt.workflow.transitions import Condition

no_mediation_yet = Condition(lambda c: c.mediation_id is None, "本案已有关联的调解案件。")
not_extended = Condition(lambda c: c.adjudication_extended_on is None, "裁决期限已经延长过一次。")
lawsuit_period_over = Condition(
    lambda c: c.lawsuit_due is not None and timezone.localdate() > c.lawsuit_due,
    "当事人起诉期限（收到裁决书之日起十五日）尚未届满。",
)
