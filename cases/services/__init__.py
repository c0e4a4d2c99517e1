"""Writes of the branch centre's workflows, one module per role: assistance requests, mediation
cases (their sessions and the report to the court apart), arbitration/litigation referrals and
referrals to enforcement. What follows each transition is declared in cases.effects."""
