"""Writes of the enforcement workflows; importing this package registers their transition hooks."""

from . import adjudication, cases, decisions, inspections, penalty, referrals  # noqa: F401
