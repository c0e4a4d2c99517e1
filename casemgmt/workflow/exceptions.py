"""Errors of the transition service: the kernel's domain errors, named for what a transition
can run into (see casemgmt.errors)."""

from casemgmt.errors import Conflict, DomainError, Forbidden, Invalid, NotFound

WorkflowError = DomainError


class UnknownTransition(Invalid):
    """No transition of that name applies to the object."""


__all__ = ["Conflict", "DomainError", "Forbidden", "Invalid", "NotFound", "UnknownTransition", "WorkflowError"]
