"""The kernel's domain errors. Services and rules raise these and nothing else to refuse a
request; the API (casemgmt.api.errors) and the HTML views (casemgmt.web.errors) each map them
to responses in one place. No HTTP status lives here."""


class DomainError(Exception):
    """A refusal with a message for people and, for bad input, errors by field."""

    default_message = ""

    def __init__(self, message: str = "", errors: dict | None = None):
        self.message = message or self.default_message
        self.errors = errors or {}
        super().__init__(self.message)

    def field_errors(self) -> dict:
        """{field: [messages]}: the field errors, or the message as a non-field error."""
        return self.errors or {"non_field_errors": [self.message]}


class Invalid(DomainError):
    """The input is not acceptable; `errors` says which field and why. Nothing was written."""

    default_message = "输入有误。"


class Forbidden(DomainError):
    """The caller may see the object but not do this to it."""

    default_message = "您无权进行此操作。"


class NotFound(DomainError):
    """The object does not exist, or the caller may not see it (never reveal which)."""

    default_message = "未找到。"


class Conflict(DomainError):
    """Not allowed in the object's current state, a condition blocks it, or someone changed
    the object first."""

    default_message = "当前状态不允许此操作，或对象已被他人修改。"
