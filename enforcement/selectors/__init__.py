from .cases import ENFORCEMENT_READERS, enforcement_cases_visible_to
from .decisions import penalty_decisions_visible_to, prior_trademark_penalties

__all__ = [
    "ENFORCEMENT_READERS",
    "enforcement_cases_visible_to",
    "penalty_decisions_visible_to",
    "prior_trademark_penalties",
]
from .inspections import (  # noqa: E402
    evidence_of,
    inspections_of,
    inspections_visible_to,
    seizures_of,
    visible_case,
)

__all__ += ["evidence_of", "inspections_of", "inspections_visible_to", "seizures_of", "visible_case"]
