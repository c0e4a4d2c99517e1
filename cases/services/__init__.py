"""Writes of the branch centre's workflows; importing this package registers their transition hooks."""

from . import arbitration, assistance, mediation, referrals  # noqa: F401
