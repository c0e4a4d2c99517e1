"""Writes of the branch centre's workflows; importing this package registers their transition hooks."""

from . import assistance, referrals  # noqa: F401
