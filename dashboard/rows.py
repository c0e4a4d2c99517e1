"""The dashboard's rows: one per workflow the programme office reports on (DOMAIN §1–5), with
what "closed" and "within the legal limit" mean for it.

- `closing` are the states whose first entry ends the case (结案, 办结, a refusal, a withdrawal):
  the history row of that entry dates the closing, whatever happens afterwards.
- `ended` are the states a closed case may be in now (the closing states and those after them,
  such as 已回访 or 已归档); a case that went back to work (a mediation whose judicial confirmation
  was refused and that resumed) is not closed.
- `limits` are the kinds of the kernel's deadlines that govern the case (the time limit for the
  decision, the service's completion limit, the publication limit); a closed case was handled
  within the limit when each such deadline was met on or before its due date. A row without
  such a deadline (a referral's limit runs at the receiving body) shows no share."""

from dataclasses import dataclass, field

from django.db.models import Q

from cases.models import ArbitrationReferral, AssistanceRequest, MediationCase
from cases.services.mediation import COURT_PERIOD
from creditlist.choices import State as CreditState
from enforcement.choices import Procedure
from enforcement.choices import State as CaseState
from enforcement.services.deadlines import DECISION
from enforcement.supervision.effects import PUBLICATION as SPOT_CHECK_PUBLICATION
from enforcement.supervision.models.choices import State as SpotCheckState

ASSISTANCE_COMPLETION = "completion"


@dataclass(frozen=True)
class Row:
    key: str
    type_key: str  # the workflow type in the kernel's registry (its list is /w/<type_key>/)
    label: str
    closing: tuple[str, ...]
    ended: tuple[str, ...]
    limits: tuple[str, ...] = ()
    scope: dict = field(default_factory=dict)  # narrows a type serving several procedures

    def scoped(self, queryset):
        return queryset.filter(**self.scope) if self.scope else queryset

    @property
    def ended_q(self) -> Q:
        return Q(state__in=self.ended)


A = AssistanceRequest.State
M = MediationCase.State
R = ArbitrationReferral.State

ROWS = (
    Row(
        "assistance",
        "assistance_request",
        "维权援助申请",
        closing=(A.CLOSED, A.REJECTED, A.WITHDRAWN),
        ended=(A.CLOSED, A.FOLLOWED_UP, A.ARCHIVED, A.REJECTED, A.WITHDRAWN),
        limits=(ASSISTANCE_COMPLETION,),
    ),
    Row(
        "mediation",
        "mediation",
        "调解案件",
        closing=(M.DECLINED, M.AGREEMENT_REACHED, M.TERMINATED, M.WITHDRAWN),
        ended=(
            M.DECLINED,
            M.AGREEMENT_REACHED,
            M.TERMINATED,
            M.WITHDRAWN,
            M.JUDICIAL_CONFIRMATION_REQUESTED,
            M.CONFIRMED,
            M.CONFIRMATION_REJECTED,
            M.PERFORMED,
            M.ENFORCEMENT_APPLIED,
            M.REFERRED,
        ),
        limits=(COURT_PERIOD,),
    ),
    Row(
        "arbitration",
        "arbitration_referral",
        "仲裁/诉讼转介",
        closing=(R.CLOSED, R.DECLINED),
        ended=(R.CLOSED, R.DECLINED),
    ),
    Row(
        "penalty",
        "enforcement_case",
        "行政处罚案件",
        closing=(CaseState.CLOSED, CaseState.NOT_FILED),
        ended=(CaseState.CLOSED, CaseState.NOT_FILED, CaseState.ARCHIVED),
        limits=(DECISION,),
        scope={"procedure": Procedure.PENALTY},
    ),
    Row(
        "adjudication",
        "enforcement_case",
        "专利侵权纠纷行政裁决",
        closing=(CaseState.DECIDED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.TERMINATED),
        ended=(
            CaseState.DECIDED,
            CaseState.SERVED,
            CaseState.FINAL,
            CaseState.COURT_ENFORCEMENT_APPLIED,
            CaseState.REJECTED,
            CaseState.WITHDRAWN,
            CaseState.TERMINATED,
        ),
        limits=(DECISION,),
        scope={"procedure": Procedure.ADJUDICATION},
    ),
    Row(
        "credit",
        "credit_entry",
        "严重违法失信名单",
        closing=(CreditState.REMOVED, CreditState.EXPIRED, CreditState.REVOKED, CreditState.DISMISSED),
        ended=(CreditState.REMOVED, CreditState.EXPIRED, CreditState.REVOKED, CreditState.DISMISSED),
    ),
    Row(
        "spot_check",
        "spot_check",
        "双随机抽查任务",
        closing=(SpotCheckState.FOLLOWED_UP, SpotCheckState.CANCELLED),
        ended=(SpotCheckState.FOLLOWED_UP, SpotCheckState.CANCELLED),
        limits=(SPOT_CHECK_PUBLICATION,),
    ),
)

_BY_KEY = {row.key: row for row in ROWS}


def get_row(key: str | None) -> Row | None:
    return _BY_KEY.get(key or "")


def rows_of_type(type_key: str) -> list[Row]:
    return [row for row in ROWS if row.type_key == type_key]
