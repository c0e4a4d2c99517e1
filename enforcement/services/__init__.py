"""Writes of the enforcement workflows. What follows each transition is declared in
enforcement.effects; every other write goes through the kernel's audited door."""

from . import adjudication, cases, decisions, evidence, inspections, penalty, referrals, seizures  # noqa: F401
