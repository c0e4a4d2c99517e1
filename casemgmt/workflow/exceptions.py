class WorkflowError(Exception):
    """Base of the errors the transition service raises; the API maps each to a status."""

    status_code = 400

    def __init__(self, message: str = "", errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class UnknownTransition(WorkflowError):
    status_code = 400


class InvalidPayload(WorkflowError):
    status_code = 400


class TransitionForbidden(WorkflowError):
    status_code = 403


class ObjectNotVisible(WorkflowError):
    status_code = 404


class WrongState(WorkflowError):
    """Not allowed from the current state, a condition blocks it, or someone changed it first."""

    status_code = 409
